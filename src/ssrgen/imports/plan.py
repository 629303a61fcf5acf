"""What an import would change: the plan every import builds and the pipeline applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ssrgen import ids
from ssrgen.errors import Problem
from ssrgen.pending import PendingWrites

ChangeKind = Literal["added", "changed", "removed"]


@dataclass(frozen=True)
class Change:
    """One change an import makes, as the analyst reads it."""

    control: str  # what the change is filed under: a control id, a sheet or section name
    subject: str  # "AC-2 (case-tracker)", "EV-014", "finding H.1.3"
    kind: ChangeKind
    what: str
    where: str = ""  # the cell, row or paragraph it comes from

    def __str__(self) -> str:
        return f"{self.subject}: {self.kind} {self.what}"


@dataclass
class ImportPlan:
    """What an import would change; :func:`ssrgen.imports.pipeline.run_import` applies it.

    ``cells`` are every text read from the source with the place it sits
    (``Controls!F27``, ``table 3, row 5``, ``$.system-security-plan...``): the
    pipeline scans them for taxpayer identifiers before anything else.
    ``pending`` holds the new content of every workspace file the import changes.
    ``journal`` is what the import adds to its journal entry (an export id, a sheet).
    """

    source: Path
    sha256: str
    kind: str  # "evidence workbook", "CAP workbook", "SSR", "inspection checklist", "OSCAL SSP"
    pending: PendingWrites
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    cells: list[tuple[str, str]] = field(default_factory=list)
    journal: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.changes

    def read(self, where: str, value: object) -> None:
        """Record a text read from the source (for the FTI scan)."""
        if isinstance(value, str) and value:
            self.cells.append((where, value))

    def read_all(self, values: Iterable[tuple[str, object]]) -> None:
        for where, value in values:
            self.read(where, value)

    def by_control(self) -> dict[str, list[Change]]:
        grouped: dict[str, list[Change]] = {}
        for change in sorted(self.changes, key=lambda c: ids.sort_key(c.control)):
            grouped.setdefault(change.control, []).append(change)
        return grouped

    def summary(self) -> str:
        groups = len(self.by_control())
        return (f"{len(self.changes)} change(s) in {groups} {'record' if groups == 1 else 'records'}, "
                f"{len(self.conflicts)} conflict(s)")


def conflict(where: str, subject: str, source: str = "the workbook") -> Problem:
    """Changed in the workspace since the export and in the file: the workspace's version stands."""
    return Problem(
        where, f"{subject} changed in the workspace after the export and in {source}; the "
        "workspace's version was kept", "Compare the two, make the edit in the workspace (or export again "
        "and redo it).", "warning",
    )


def canonical(value: Any) -> Any:
    """A value as fingerprints and comparisons see it (dates as text, '' as None)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and not value.strip():
        return None  # a cell of spaces reads back as empty
    return value


def diffs(new: dict[str, Any], current: dict[str, Any], names: Iterable[str]) -> list[str]:
    """The fields whose values differ once normalised."""
    return [n for n in names if canonical(new.get(n)) != canonical(current.get(n))]


def described(control: str, subject: str, label: str, old: Any, new: Any, where: str) -> Change:
    """The change of one field, with short old and new values shown."""
    old_c, new_c = canonical(old), canonical(new)
    if old_c is None:
        return Change(control, subject, "added", f"{label}" + _shown(new_c), where)
    if new_c is None:
        return Change(control, subject, "removed", label, where)
    both = _short(old_c) and _short(new_c)
    return Change(control, subject, "changed",
                  f"{label}" + (_shown(old_c, "from") + _shown(new_c, "to") if both else ""), where)


def _short(value: Any) -> bool:
    return not isinstance(value, str) or (len(value) <= 40 and "\n" not in value)


def _shown(value: Any, word: str = "") -> str:
    if not _short(value):
        return ""
    return f" {word} '{value}'" if word else f" '{value}'"
