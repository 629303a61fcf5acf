"""The import journal: what each workbook import changed, kept in the workspace.

``journal/imports.yaml`` is a list, one entry per import that changed
something: when, by whom (``--by``), the workbook's file name and SHA-256, the
export it came from, every change and every conflict left alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ssrgen.evidence import PendingWrites
from ssrgen.workspace import Workspace

if TYPE_CHECKING:
    from ssrgen.workbook.importer import ImportPlan

JOURNAL = Path("journal") / "imports.yaml"


def journal_entry(pending: PendingWrites, workspace: Workspace, plan: ImportPlan,
                  by: str | None, now: dt.datetime) -> None:
    """Add the entry for ``plan`` to the journal (written with the other changes)."""
    entries = pending.document(workspace.root / JOURNAL, CommentedSeq)
    entry: dict[str, Any] = {
        "when": now.replace(microsecond=0).isoformat(),
        "by": by or "(not given)",
        "source": plan.source.name,
        "sha256": plan.sha256,
        "export_id": plan.meta.export_id,
        "exported_at": plan.meta.exported_at,
        "changes": [str(c) for c in plan.changes],
    }
    if plan.conflicts:
        entry["conflicts"] = [f"{c.where}: {c.what}" for c in plan.conflicts]
    entries.append(CommentedMap(entry))


def read_journal(workspace: Workspace) -> list[dict[str, Any]]:
    """The journal's entries, oldest first (empty when there is none)."""
    import yaml

    path = workspace.root / JOURNAL
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data or [])
