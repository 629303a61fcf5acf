"""What was reported in each CAP submission, kept under each finding's ``history``.

Pub 1075 §2.E.5.1 asks for an updated status of every unresolved finding each
cycle; recording what was sent lets the next cycle (and IRS's questions) be
answered from the record rather than from memory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ssrgen.errors import InputError
from ssrgen.model.findings import CapCycle, FindingsFile
from ssrgen.pending import PendingWrites
from ssrgen.workspace import FINDINGS, Workspace


def record_submission(workspace: Workspace, submitted: dt.date) -> tuple[Path, list[str]]:
    """Add a CAP cycle (status, narrative, planned date) to every finding IRS has not closed.

    Returns the file and the numbers of the findings recorded; a finding that
    already has a cycle with that submission date is left as it is.
    """
    path = workspace.root / FINDINGS
    pending = PendingWrites(workspace)
    data = pending.document(path, CommentedMap) if path.exists() else None
    entries = data.get("findings") if isinstance(data, CommentedMap) else None
    if not entries:
        raise InputError("there are no findings to record", where=FINDINGS.as_posix(),
                         fix="Import IRS's CAP workbook first with 'ssrgen cap import'.")
    by_number = {str(e.get("number")): e for e in entries if isinstance(e, CommentedMap)}
    recorded = []
    for finding in workspace.findings.findings:
        if finding.status == "closed" or any(c.submitted == submitted for c in finding.history):
            continue
        cycle = CapCycle(submitted=submitted, status=finding.status, narrative=finding.corrective_action.strip(),
                         planned_date=finding.planned_date)
        entry = by_number[finding.number]
        if entry.get("history") is None:
            entry["history"] = CommentedSeq()
        item = CommentedMap()
        for name, value in cycle.model_dump(exclude_none=True).items():
            if value != "":
                item[name] = value
        entry["history"].append(item)
        recorded.append(finding.number)
    if not recorded:
        return path, []
    try:
        FindingsFile.model_validate(yaml.safe_load(pending.render()[path]))
    except ValidationError as exc:  # pragma: no cover - built from validated values
        raise InputError("recording would make cap/findings.yaml invalid", where=FINDINGS.as_posix(),
                         fix="Nothing was written; report this with --debug.") from exc
    pending.commit("ssrgen cap record")
    return path, recorded
