"""Where the bundled catalogs, templates and example workspace are.

Installed from a wheel they sit in ``ssrgen/_data/``; in a source checkout
(editable install, or tests run from the tree) they are the top-level folders.
"""

from __future__ import annotations

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


def example_workspace() -> Path:
    return data_dir() / "examples" / "freo"


def docs_dir() -> Path:
    """The guides (``docs/*.md``): the workspace format, evidence, the CAP, the site, ..."""
    return data_dir() / "docs"
