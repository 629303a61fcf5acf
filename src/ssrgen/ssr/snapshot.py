"""What was reported: snapshots of final SSRs, and section 4's changes since the last one.

``ssrgen ssr --final`` records ``submissions/<period>/ssr-snapshot.yaml``: the
status of every answered control (agency-wide and per system), the systems,
agreements and contractors as reported. The next SSR compares the workspace
with the latest snapshot of an earlier period.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ssrgen.errors import InputError
from ssrgen.ssr.context import STATUS_LABELS, long_date
from ssrgen.transaction import Change, locked
from ssrgen.workspace import Workspace
from ssrgen.yamlio import dump_plain, load_yaml

SUBMISSIONS = "submissions"
SNAPSHOT = "ssr-snapshot.yaml"


@dataclass(frozen=True)
class Snapshot:
    period: str
    data: dict[str, Any]
    where: str

    @property
    def final_date(self) -> str:
        return str(self.data.get("final_date", ""))


def snapshot_data(ws: Workspace, period: str, today: dt.date) -> dict[str, Any]:
    """What the SSR of ``period`` reports, as plain data."""
    controls: dict[str, Any] = {}
    for control_id, record in sorted(ws.implementation.items()):
        item: dict[str, Any] = {"status": record.status or "unanswered"}
        systems = {sid: answer.status or "unanswered" for sid, answer in sorted(record.systems.items())}
        if systems:
            item["systems"] = systems
        controls[control_id] = item
    return {
        "period": period,
        "final_date": today.isoformat(),
        "agency": ws.config.agency.name,
        "systems": {s.id: s.name for s in ws.config.systems},
        "agreements": {a.id: a.name for a in ws.config.agreements},
        "contractors": sorted(c.name for c in ws.registers.contractors),
        "controls": controls,
    }


def write_snapshot(ws: Workspace, period: str, today: dt.date, report: Path) -> list[Path]:
    """Record the final SSR: the snapshot, and a copy of the document beside it."""
    folder = ws.root / SUBMISSIONS / period
    header = (f"# What the SSR for {period} reported, recorded by 'ssrgen ssr --final' on {today.isoformat()}.\n"
              "# The next SSR computes its section 4 changes from this file; do not edit it.\n")
    snapshot = folder / SNAPSHOT
    copy = folder / report.name
    with locked(ws.root, "ssrgen ssr --final"):
        change = Change(ws.root, "ssrgen ssr --final")
        change.write(snapshot, header + dump_plain(snapshot_data(ws, period, today)))
        change.write(copy, report.read_bytes())
        change.commit()
    return [snapshot, copy]


def latest_snapshot(ws: Workspace, before: str) -> Snapshot | None:
    """The snapshot of the latest period earlier than ``before`` (a period label)."""
    root = ws.root / SUBMISSIONS
    if not root.is_dir():
        return None
    periods = sorted(p.name for p in root.iterdir() if (p / SNAPSHOT).is_file() and p.name < before)
    if not periods:
        return None
    path = root / periods[-1] / SNAPSHOT
    doc = load_yaml(path, ws.root)
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("controls"), dict):
        raise InputError("the snapshot of an earlier SSR is damaged (it has no 'controls' mapping)",
                         where=doc.name, fix="Restore it from a backup, or delete its folder to report "
                         "without changes since that SSR.")
    return Snapshot(periods[-1], doc.data, doc.name)


def _label(status: str) -> str:
    return STATUS_LABELS.get(status, status).lower()


def _added_removed(kind: str, before: dict[str, str], now: dict[str, str]) -> list[str]:
    items = [f"New {kind}: {now[key]}." for key in now if key not in before]
    items += [f"{kind.capitalize()} no longer reported: {before[key]}." for key in before if key not in now]
    return items


def changes_since(ws: Workspace, previous: Snapshot) -> list[str]:
    """Section 4.1: differences between the workspace and what was last reported."""
    now = snapshot_data(ws, previous.period, dt.date.today())
    items: list[str] = []
    items += _added_removed("system", dict(previous.data.get("systems") or {}), now["systems"])
    items += _added_removed("data exchange agreement", dict(previous.data.get("agreements") or {}),
                            now["agreements"])
    before_contractors = {str(c): str(c) for c in previous.data.get("contractors") or []}
    items += _added_removed("contractor", before_contractors, {c: c for c in now["contractors"]})
    old_controls: dict[str, Any] = previous.data.get("controls") or {}
    for control_id, item in now["controls"].items():
        old = old_controls.get(control_id) or {}
        old_status = str(old.get("status", "unanswered"))
        if old_status != item["status"]:
            items.append(f"{control_id}: status changed from {_label(old_status)} to {_label(item['status'])}.")
        old_systems = old.get("systems") or {}
        for system_id, status in (item.get("systems") or {}).items():
            before = str(old_systems.get(system_id, "unanswered"))
            if before != status:
                items.append(f"{control_id} ({system_id}): status changed from {_label(before)} to {_label(status)}.")
    return items


def changes_block(ws: Workspace, period: str) -> tuple[str, list[str]]:
    """Section 4.1: the basis sentence and the list of changes."""
    previous = latest_snapshot(ws, period)
    if previous is None:
        return ("There is no earlier snapshot of a final SSR in this workspace (submissions/), so changes "
                "since the last SSR cannot be computed; this report describes the environment as it is.", [])
    items = changes_since(ws, previous)
    when = previous.final_date
    with contextlib.suppress(ValueError):
        when = long_date(dt.date.fromisoformat(when))
    basis = f"Changes since the SSR for the period {previous.period.replace('_', ' to ')}, finalized on {when}."
    if not items:
        return basis + " Nothing reported then has changed.", []
    return basis, items
