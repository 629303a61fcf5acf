"""The Help section of the site: every guide of ``docs/`` as a page, so the guides
are at hand offline, from the same file share as the site.

Each guide becomes ``help/<topic>.md`` as written, with its links made to fit the
site: a link to another guide stays a link (the guides sit side by side in
``help/``, as in ``docs/``); a link to anything else (a file of the source tree,
an address on the internet) becomes its words, with an internet address written
out after them, since the site links to no other host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ssrgen.docs import Topic, topics
from ssrgen.paths import docs_dir
from ssrgen.site.data import SiteData

if TYPE_CHECKING:
    from ssrgen.site.pages import Page

NAV = "Help"
FOLDER = "help"
_LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def help_path(topic: Topic) -> str:
    return f"{FOLDER}/{topic.name}.md"


def help_pages(site: SiteData, template: str) -> Iterable[Page]:
    """One page per guide, in reading order (a function for a :class:`ssrgen.site.pages.PageKind`)."""
    from ssrgen.site.pages import Page  # pages.py lists these kinds

    if not docs_dir().is_dir():
        return []
    guides = topics()
    names = {f"{t.name}.md" for t in guides}
    return [Page(help_path(t), t.title, template, (NAV, t.title),
                 {"text": site_markdown(t.path.read_text(encoding="utf-8"), names)})
            for t in guides]


def site_markdown(text: str, guides: set[str]) -> str:
    """The guide's Markdown with every link the site cannot follow made plain text.
    Code (fenced blocks and `spans`) is left exactly as written."""
    lines = []
    fenced = False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
            lines.append(line)
            continue
        lines.append(line if fenced else _outside_code(line, guides))
    return "".join(lines)


def _outside_code(line: str, guides: set[str]) -> str:
    pieces = line.split("`")
    # even pieces are outside code spans, odd ones inside
    return "`".join(_links(piece, guides) if i % 2 == 0 else piece for i, piece in enumerate(pieces))


def _links(text: str, guides: set[str]) -> str:
    def rewrite(match: re.Match[str]) -> str:
        target = match["target"]
        words = match["text"]
        if target.startswith("#") or target.split("#", 1)[0] in guides:
            return match[0]
        if _SCHEME.match(target):
            return f"{words} ({target})" if words and words != target else target
        return words

    return _LINK.sub(rewrite, text)
