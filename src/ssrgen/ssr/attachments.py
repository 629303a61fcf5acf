"""What goes with the SSR as attachments, and the names they carry (Pub 1075 §2.E.2).

Attachments are never embedded in the report; each is a separate file named by
a standard convention that also says which SSR section it supports:

* every file in the workspace's ``attachments/`` folder (a delegation of
  authority, the three-year internal inspection plan, a contractor's
  assessment); a file in a sub-folder names that section
  (``attachments/10/...`` supports section 10);
* every evidence file that provides an expected artifact of Pub 1075 Table 3
  (an evidence item with ``artifact: N`` and a file inside the workspace),
  supporting section 9 for its control.

Each is named ``SSRATT<n>_<section or control>_<original name>``, numbered in
that order, so the list in the report and the files in the package agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ssrgen.workspace import Workspace

FOLDER = "attachments"


@dataclass(frozen=True)
class Attachment:
    name: str  # the file name in the submission package
    title: str  # what it is, as listed in the report
    section: str  # the SSR section it supports
    source: str  # where it is in the workspace
    path: Path


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "file"


def ssr_attachments(ws: Workspace) -> list[Attachment]:
    """Every attachment of the SSR, numbered, in a stable order."""
    found: list[tuple[str, str, str, Path]] = []  # tag, title, section, path
    folder = ws.root / FOLDER
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))):
            relative = path.relative_to(folder)
            section = relative.parts[0] if len(relative.parts) > 1 else ""
            title = path.stem.replace("-", " ").replace("_", " ")
            label = f"Section {section}" if section else "Report"
            found.append((f"Sec{section}" if section else "", title, label, path))
    for item in ws.evidence:
        if item.artifact is None or item.is_url:
            continue
        path = ws.root / item.location
        if not path.is_file() or not path.resolve().is_relative_to(ws.root.resolve()):
            continue
        family = ws.catalogs.find(item.control)
        where = f"9 Information Security Controls, {item.control}"
        if family is not None and family.catalog != "pub1075":
            where = f"{item.control}"
        found.append((item.control, f"{item.title} (Pub 1075 Table 3 artifact {item.artifact} of {item.control})",
                      where, path))
    result = []
    for number, (tag, title, section, path) in enumerate(found, 1):
        parts = [f"SSRATT{number}", _safe(tag)] if tag else [f"SSRATT{number}"]
        name = "_".join([*parts, _safe(path.name)])
        result.append(Attachment(name, title, section, path.relative_to(ws.root).as_posix(), path))
    return result
