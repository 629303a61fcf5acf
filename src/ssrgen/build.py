"""``ssrgen build``: validate, then write every deliverable into one folder.

:func:`steps` lists every deliverable writer ``(workspace, out_dir) -> paths``
in the order they run (cheap ones first, so a failure late costs least). Each
writer scans what it writes for taxpayer identifiers before writing it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ssrgen.calendar import write_calendar
from ssrgen.cap.build_step import write_cap
from ssrgen.site import write_site
from ssrgen.ssr import write_ssr_step
from ssrgen.workbook.export import build_step as write_evidence_workbook_step
from ssrgen.workspace import Workspace
from ssrgen.yamlio import atomic_write_text

Step = Callable[[Workspace, Path], list[Path]]


@dataclass(frozen=True)
class BuildStep:
    name: str
    write: Step


def build(workspace: Workspace, out_dir: Path) -> list[tuple[str, list[Path]]]:
    """Run every step on a valid workspace; returns what each step wrote.

    ``workspace`` is one :func:`~ssrgen.workspace.open_workspace` loaded, which
    refuses a workspace with errors; it is not read a second time (on a large
    workspace that doubled the time before the first deliverable).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    return [(s.name, s.write(workspace, out_dir)) for s in steps()]


def safe_cell(value: object) -> str:
    """Text for a CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_checklist(workspace: Workspace, out_dir: Path) -> list[Path]:
    """Every catalog entry in scope with its agency-wide status and owner (CSV)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "catalog", "family", "parent", "status", "owner", "last_reviewed"])
    for entry in workspace.catalogs.entries(catalogs=workspace.config.catalogs):
        answer = workspace.answer(entry.id)
        writer.writerow([
            entry.id, entry.title, entry.catalog, entry.group, entry.parent or "",
            (answer.status if answer and answer.status else "unanswered"),
            safe_cell(answer.owner if answer else ""),
            answer.last_reviewed.isoformat() if answer and answer.last_reviewed else "",
        ])
    path = out_dir / "checklist.csv"
    atomic_write_text(path, buffer.getvalue())
    return [path]


def steps() -> list[BuildStep]:
    """Every deliverable, in the order ``build`` writes them."""
    return [
        BuildStep("checklist", write_checklist),
        BuildStep("calendar", write_calendar),
        BuildStep("evidence workbook", write_evidence_workbook_step),
        BuildStep("cap", write_cap),
        BuildStep("ssr", write_ssr_step),
        BuildStep("site", write_site),
    ]
