"""The guides shipped with ssrgen (``docs/*.md``), readable without the internet.

``ssrgen docs`` lists them and opens one; the compliance site carries them under
Help. A topic is a guide's file name without ``.md`` (``workspace``, ``cap``).
"""

from __future__ import annotations

import os
import sys
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from ssrgen.errors import InputError
from ssrgen.paths import docs_dir

# the order a newcomer reads them in; guides not named here follow by name
READING_ORDER = ("workspace", "catalogs", "evidence", "registers", "inspections", "cap", "ssr-template", "site",
                 "oscal")


@dataclass(frozen=True)
class Topic:
    """One guide: its topic name, its title (the first heading) and its file."""

    name: str
    title: str
    path: Path


def topics(folder: Path | None = None) -> list[Topic]:
    """Every guide in reading order."""
    folder = folder or docs_dir()
    if not folder.is_dir():
        raise InputError("the guides are not installed", where=str(folder),
                         fix="Reinstall ssrgen ('python -m pip install --force-reinstall ssrgen').")
    found = [Topic(p.stem, _title(p), p) for p in folder.glob("*.md") if p.is_file()]
    rank = {name: i for i, name in enumerate(READING_ORDER)}
    return sorted(found, key=lambda t: (rank.get(t.name, len(rank)), t.name))


def find_topic(name: str, folder: Path | None = None) -> Topic:
    """The guide called ``name`` (``cap``, ``CAP``, ``cap.md`` or ``docs/cap.md``), or an
    error listing every topic."""
    every = topics(folder)
    wanted = Path(name.strip()).name.lower().removesuffix(".md")
    for topic in every:
        if topic.name.lower() == wanted:
            return topic
    starting = [t for t in every if t.name.lower().startswith(wanted)] if wanted else []
    if len(starting) == 1:
        return starting[0]
    listed = ", ".join(t.name for t in every) or "none are installed"
    raise InputError(f"there is no guide called '{name}'",
                     fix=f"Use one of: {listed} (or run 'ssrgen docs' to see them with their titles).")


def _title(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# "):
                return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def open_guide(topic: Topic) -> bool:
    """Open the guide with the desktop's browser or default program; False when it could not
    be opened here (a Linux session with no display, e.g. over SSH, or no program took it)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False  # xdg-open would only print its own error
    try:
        return webbrowser.open(topic.path.as_uri())
    except webbrowser.Error:
        return False
