"""The Registers section of ``ssrgen status``: records and rule flags per register."""

from __future__ import annotations

import datetime as dt

from ssrgen.registers.flags import register_flags
from ssrgen.status import StatusSection
from ssrgen.workspace import Workspace


def registers_status_section(workspace: Workspace, today: dt.date) -> StatusSection | None:
    """Per register: how many records, how many flagged by its rules (None: no register kept)."""
    flags = register_flags(workspace, today)
    if not any(f.records for f in flags.values()):
        return None
    width = max(len(f.title) for f in flags.values())
    lines = []
    data: dict[str, dict[str, object]] = {}
    for register, each in flags.items():
        flagged = f", {each.flagged} flagged" if each.flagged else ", none flagged" if each.records else ""
        lines.append(f"{each.title + ':':<{width + 1}} {each.records} record{'s' if each.records != 1 else ''}"
                     f"{flagged}")
        data[register] = {
            "records": each.records,
            "flagged": each.flagged,
            "flags": [{"where": p.where, "what": p.what, "severity": p.severity} for p in each.problems],
        }
    lines.append("The flags are among the warnings above; 'ssrgen due' lists the dates.")
    return StatusSection("Registers", lines=lines, data={"registers": data})
