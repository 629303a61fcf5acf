"""Where the bundled catalogs, templates and example workspace are.

Installed from a wheel they sit in ``ssrgen/_data/``; in a source checkout
(editable install, or tests run from the tree) they are the top-level folders.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir() -> Path:
    bundled = _PACKAGE / "_data"
    if (bundled / "controls").is_dir():
        return bundled
    return _PACKAGE.parent.parent


def controls_dir() -> Path:
    return data_dir() / "controls"


def templates_dir() -> Path:
    return data_dir() / "templates"


# the bundled example workspaces, by the name 'ssrgen init DIR --example NAME' takes
EXAMPLES = {
    "freo": "freo",    # a federal agency bound by the IRS-ICE MOU (IRC § 6103(i)(2))
    "state": "drcs",   # a state tax agency (IRC § 6103(d)) with a child support program ((l)(6))
}


def example_workspace(name: str = "freo") -> Path:
    """A bundled example workspace (the federal one unless named)."""
    return data_dir() / "examples" / EXAMPLES[name]


def docs_dir() -> Path:
    """The guides (``docs/*.md``): the workspace format, evidence, the CAP, the site, ..."""
    return data_dir() / "docs"


def file_slug(text: str, fallback: str) -> str:
    """``text`` safe as part of a file name: letters and digits, runs of anything else one ``-``
    (no folder separators, no ``..``), at most 40 characters; ``fallback`` when nothing is left."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or fallback
