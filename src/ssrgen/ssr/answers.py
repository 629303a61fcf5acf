"""A control's answer as an SSR's control table shows it, and back.

The SSR writes a control's answer in two cells: the status (agency-wide) and
the implementation text, which is the agency-wide narrative followed by one
line per system answer, ``<system name>: <status>. <narrative>``
(:func:`ssrgen.ssr.context.families`). :func:`written_values` is that answer
as plain data, from the workspace; :func:`read_values` reads the two cells of
a document back into the same shape, so the two compare (and fingerprint)
alike whatever Word did to the spacing.
"""

from __future__ import annotations

import re
from typing import Any

from ssrgen.model.records import UNANSWERED
from ssrgen.ssr.context import STATUS_LABELS
from ssrgen.workspace import Workspace

_LABEL_TO_STATUS = {label: (None if code == UNANSWERED else code) for code, label in STATUS_LABELS.items()}
_LABELS = "|".join(re.escape(label) for label in sorted(_LABEL_TO_STATUS, key=len, reverse=True))


def written_values(ws: Workspace, control: str) -> dict[str, Any]:
    """The answer to ``control`` as the SSR writes it: status, narrative, and per system."""
    record = ws.implementation.get(control)
    if record is None:
        return {"status": None, "narrative": None, "systems": {}}
    return {
        "status": record.status,
        "narrative": record.narrative or None,
        "systems": {sid: {"status": a.status, "narrative": a.narrative or None} for sid, a in record.systems.items()},
    }


def read_values(ws: Workspace, response: str, status: str | None) -> dict[str, Any]:
    """The answer a control row of a document gives: ``status`` (already read from its cell)
    and the response cell split into the agency-wide narrative and the lines of known systems."""
    by_name = {" ".join(s.name.split()): s.id for s in ws.config.systems}
    line_pattern = re.compile(rf"^(?P<name>.+?): (?P<label>{_LABELS})\.(?: (?P<text>.*))?$")
    agency: list[str] = []
    systems: dict[str, dict[str, Any]] = {}
    current: list[str] | None = None
    for line in response.replace("\r\n", "\n").split("\n"):
        match = line_pattern.match(line.strip())
        system = by_name.get(" ".join(match.group("name").split())) if match else None
        if match and system and system not in systems:
            current = [match.group("text") or ""]
            systems[system] = {"status": _LABEL_TO_STATUS[match.group("label")], "lines": current}
        elif current is not None:
            current.append(line)
        else:
            agency.append(line)
    return {
        "status": status,
        "narrative": "\n".join(agency).strip() or None,
        "systems": {sid: {"status": item["status"], "narrative": "\n".join(item["lines"]).strip() or None}
                    for sid, item in systems.items()},
    }
