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

from ssrgen.errors import InputError
from ssrgen.yamlio import check_shape, load_yaml

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
    """The journal's entries, oldest first (empty when there is none).

    Read through the guarded reader of workspace files: a damaged journal is an
    :class:`~ssrgen.errors.InputError` with its place."""
    path = root / JOURNAL
    if not path.exists():
        return []
    doc = load_yaml(path, root)
    check_shape(doc, list)
    entries = list(doc.data or [])
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InputError("an entry of the import journal is not a mapping ('when: ...', 'kind: ...')",
                             where=doc.where([index]),
                             fix="Correct the entry (compare it with the others), or restore the file from a backup.")
    return entries
