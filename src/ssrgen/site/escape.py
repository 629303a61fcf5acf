"""Text from the workspace, made safe for the site's Markdown.

Narratives, titles, notes and names are written by people, not by ssrgen: they
must show as the words typed, never as HTML, script or Markdown markup. HTML
characters become entities (so ``<script>`` is text), Markdown punctuation is
backslash-escaped (so ``*``, ``[``, backticks and ``|`` are literal), and a line
that starts like a heading, list or quote is escaped at its start.
"""

from __future__ import annotations

import re

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# the characters Python-Markdown (with tables and attr_list) reads as inline markup;
# each is one it un-escapes after a backslash
_MARKDOWN = set("\\`*_{}[]#+!|")
_LINE_START = re.compile(r"^(\d+)([.)])(\s|$)")


# both escapes as one table, so a text is escaped in one pass in C
_ESCAPES = str.maketrans({**{c: "\\" + c for c in _MARKDOWN}, **_HTML})


def _chars(text: str) -> str:
    return text.translate(_ESCAPES)


def _line(text: str) -> str:
    text = text.strip()
    numbered = _LINE_START.match(text)
    if numbered:  # "1. foo" would start an ordered list
        return numbered.group(1) + "\\" + numbered.group(2) + _chars(text[numbered.end(2):])
    escaped = _chars(text)
    if text[:1] == "-":  # a list item or a setext underline; ids like AC-2 keep their hyphen inside
        escaped = "\\" + escaped
    elif text[:1] == "=":  # a setext underline; '=' has no backslash escape
        escaped = "&#61;" + escaped[1:]
    return escaped


def inline(value: object) -> str:
    """One line of text: a title, a name, a table cell (line breaks become spaces)."""
    if value is None:
        return ""
    return _line(" ".join(str(value).split()))


def cell(value: object) -> str:
    """Text for a Markdown table cell; an empty value shows as a dash."""
    text = inline(value)
    return text or "&ndash;"


def block(value: object) -> str:
    """Paragraphs of text (a narrative): blank lines separate paragraphs, every
    line is escaped at its start so it cannot become a heading, list or quote."""
    if value is None:
        return ""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    out = []
    for paragraph in paragraphs:
        lines = [_line(line) for line in paragraph.splitlines() if line.strip()]
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def attribute(value: object) -> str:
    """Text inside an HTML attribute or element we write ourselves."""
    text = "" if value is None else str(value)
    return "".join(_HTML.get(c, c) for c in text).replace("'", "&#39;")


def slug(value: str) -> str:
    """A file name or anchor for an id: ``AC-2(3)`` -> ``ac-2-3``, ``MOU-9.A.5`` -> ``mou-9-a-5``."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "page"


__all__ = ["attribute", "block", "cell", "inline", "slug"]
