"""The one import pipeline every import goes through.

1. **Lock** the workspace (:func:`ssrgen.transaction.locked`) for the whole
   read-plan-write, and read it afresh once the lock is held.
2. **Read and check** the source: the import's own ``planner`` reads every cell,
   row, paragraph or JSON value, and raises
   :class:`~ssrgen.errors.ValidationFailed` listing every problem with its place.
3. **FTI**: every text read (``plan.cells``) is scanned for taxpayer
   identifiers; one found stops the import with its place, nothing written.
4. **Plan**: the planner compares the source with the workspace and fills
   ``plan.changes``, ``plan.conflicts`` (changed on both sides: the workspace's
   version stands, the conflict is reported) and ``plan.pending`` (the new
   content of each file). A row or section already imported matches what it
   made, so the same input imported twice is one change.
5. **Dry run** stops here and reports the plan.
6. **Apply**: the journal entry is added to the same change, and every file is
   written in one transaction (all or none, modes kept, recovered after a
   crash).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ssrgen.errors import Problem, ValidationFailed
from ssrgen.fti_scan import find_identifiers
from ssrgen.imports.journal import journal_entry
from ssrgen.imports.plan import ImportPlan
from ssrgen.transaction import holds_lock, locked
from ssrgen.workspace import Workspace, open_workspace

Planner = Callable[[Workspace], ImportPlan]


@dataclass
class ImportResult:
    """What an import did: its plan, and the files written (none on a dry run or no change)."""

    plan: ImportPlan
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    workspace: Workspace | None = None

    @property
    def changed(self) -> bool:
        return bool(self.written)


def fti_problems(plan: ImportPlan, allowlist: list[str]) -> list[Problem]:
    """A problem for every text read that looks like a taxpayer identifier, at its place."""
    problems = []
    for where, text in plan.cells:
        for match in find_identifiers(text, allowlist):
            problems.append(Problem(
                where, f"this looks like a taxpayer identifier: {match.describe()} (FTI is never kept in the "
                "workspace)", "Remove it from the file and import again; if it is not FTI (a phone, form or case "
                "number), add its exact text to 'fti_allowlist:' in ssrgen.yaml.",
            ))
    return problems


def run_import(workspace: Workspace, planner: Planner, *, dry_run: bool = False, by: str | None = None,
               command: str = "ssrgen import", notify: Callable[[str], None] | None = None,
               now: dt.datetime | None = None) -> ImportResult:
    """Plan an import with ``planner`` and, unless ``dry_run``, apply it (see the module's text).

    Raises :class:`ValidationFailed` with every problem of the source, nothing written.
    """
    say = notify or (lambda _: None)
    root = workspace.root
    held_before = holds_lock(root)
    guard = contextlib.nullcontext() if dry_run and not held_before else locked(root, command, say)
    with guard:
        if not held_before and not dry_run:
            workspace = open_workspace(root, workspace.catalogs)  # what it is now that it is ours
        plan = planner(workspace)
        problems = fti_problems(plan, workspace.config.fti_allowlist)
        if problems:
            raise ValidationFailed(problems, what=f"{len(problems)} text(s) in {plan.source.name} look like "
                                   "taxpayer identifiers; nothing was imported")
        if dry_run or plan.empty:
            return ImportResult(plan, [], dry_run, workspace)
        journal_entry(plan, root, by, now or dt.datetime.now())
        written = plan.pending.commit(command, say, plan.cells)
        return ImportResult(plan, written, False, workspace)
