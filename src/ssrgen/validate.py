"""``ssrgen validate``: catalogs and workspace checked together, every problem at once.

Input errors (wrong syntax, fields, types, ids) make validation fail. Compliance
flags (an overdue finding, stale training) are warnings: the data is valid, the
agency has work to do; :func:`rules` lists the checks that find them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ssrgen.cap.rules import cap_rules
from ssrgen.catalog import read_catalogs
from ssrgen.errors import Problem
from ssrgen.evidence import changed_evidence_warning, stale_evidence
from ssrgen.freshness import future_reviews
from ssrgen.registers import REGISTER_RULES
from ssrgen.workspace import Workspace, read_workspace

Rule = Callable[[Workspace], list[Problem]]


def rules() -> list[Rule]:
    """Every compliance rule ``validate`` and ``status`` report, each a function
    ``(workspace) -> problems`` with severity "warning"."""
    return [
        *REGISTER_RULES,
        *cap_rules(),
        stale_evidence,
        changed_evidence_warning,
        future_reviews,
    ]


def check(root: Path, bundled: bool = False, catalog_root: Path | None = None) -> tuple[Workspace | None, list[Problem]]:
    """Every problem in the catalogs and the workspace at ``root``."""
    catalogs, problems = read_catalogs(catalog_root)
    workspace, ws_problems = read_workspace(root, catalogs, bundled)
    problems.extend(ws_problems)
    if workspace is not None and not any(p.is_error for p in problems):
        for each in rules():
            problems.extend(each(workspace))
    return workspace, problems
