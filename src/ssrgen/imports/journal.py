"""The import journal: what each import changed, kept in the workspace.

``journal/imports.yaml`` is a list, one entry per import that changed
something: when, by whom (``--by``), what kind of file, its name and SHA-256,
every change and every conflict left alone, and what the import adds (the
export a workbook came from, the inspection it recorded). The entry is written
in the same transaction as the changes it lists.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

if TYPE_CHECKING:
    from ssrgen.imports.plan import ImportPlan

JOURNAL = Path("journal") / "imports.yaml"


def journal_entry(plan: ImportPlan, root: Path, by: str | None, now: dt.datetime) -> None:
    """Add the entry for ``plan`` to the journal (written with the other changes)."""
    entries = plan.pending.document(root / JOURNAL, CommentedSeq)
    entry: dict[str, Any] = {
        "when": now.replace(microsecond=0).isoformat(),
        "by": by or "(not given)",
        "kind": plan.kind,
        "source": plan.source.name,
        "sha256": plan.sha256,
        **{key: value for key, value in plan.journal.items() if value is not None},
        "changes": [str(c) for c in plan.changes],
    }
    if plan.conflicts:
        entry["conflicts"] = [f"{c.where}: {c.what}" for c in plan.conflicts]
    entries.append(CommentedMap(entry))


def read_journal(root: Path) -> list[dict[str, Any]]:
    """The journal's entries, oldest first (empty when there is none)."""
    import yaml

    path = root / JOURNAL
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data or [])
