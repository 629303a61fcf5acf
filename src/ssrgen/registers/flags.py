"""The rule flags of each register record, for the deliverables that show records.

The site's register pages and the status report show, next to each record, what
:data:`ssrgen.registers.REGISTER_RULES` say about it: the same rules, the same
words as ``ssrgen validate``. A problem names its record by ``file:line`` (the
record or one of its fields); it belongs to the record that starts at or before
that line.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

from ssrgen.errors import Problem
from ssrgen.model.registers import REGISTER_FILES
from ssrgen.registers.clocks import RecordLocator
from ssrgen.workspace import Workspace

REGISTER_TITLES: dict[str, str] = {
    "training": "Training",
    "inspections": "Inspections",
    "contractors": "Contractors",
    "incidents": "Incidents",
    "notifications": "Notifications",
    "ai_use": "AI use",
    "disclosures": "Disclosures",
    "poam": "POA&M",
}


@dataclass
class RegisterFlags:
    """One register's records and the rule problems of each (by record index)."""

    register: str
    records: int
    by_record: dict[int, list[Problem]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return REGISTER_TITLES[self.register]

    @property
    def problems(self) -> list[Problem]:
        return [p for index in sorted(self.by_record) for p in self.by_record[index]]

    @property
    def flagged(self) -> int:
        return len(self.by_record)

    def of(self, index: int) -> list[str]:
        """What the rules say about record ``index`` (empty: nothing to do)."""
        return [p.what for p in self.by_record.get(index, [])]


def register_flags(workspace: Workspace, today: dt.date | None = None) -> dict[str, RegisterFlags]:
    """Every register (in REGISTER_FILES order) with the rule problems of its records."""
    from ssrgen.registers import REGISTER_RULES

    today = today or dt.date.today()
    locate = RecordLocator(workspace)
    flags: dict[str, RegisterFlags] = {}
    starts: dict[str, tuple[str, list[int]]] = {}
    for register in REGISTER_FILES:
        count = len(getattr(workspace.registers, register))
        flags[register] = RegisterFlags(register, count)
        lines = [_line(locate.where(register, index)) for index in range(count)]
        starts[register] = (locate.file(register), lines)
    for rule in REGISTER_RULES:
        for problem in rule(workspace, today):
            file, _, line = problem.where.rpartition(":")
            for register, (name, lines) in starts.items():
                if name == file and lines and line.isdigit():
                    index = max(0, bisect_right(lines, int(line)) - 1)
                    flags[register].by_record.setdefault(index, []).append(problem)
                    break
    return flags


def _line(where: str) -> int:
    tail = where.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0
