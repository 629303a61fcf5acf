"""Every upcoming and overdue date Pub 1075 (and the MOU, for an agency it binds) set for an agency.

:func:`deadlines` gathers them from the due-date tables (SSR, CAP), the
registers (training, inspections, contractors, incidents, notifications), the
review cadences of the controls in scope and the open findings' planned dates;
:func:`write_ics` writes them as an RFC 5545 calendar Outlook and Google
Calendar import.

Which control reviews are listed: every control whose catalog cadence is not
the default annual one (the "-1" policies every three years, account reviews,
scans) always appears; controls on the default annual cadence appear only when
they have an implementation record and their review is overdue or falls inside
the window (``within`` days, 90 by default), so a few hundred annual reviews do
not bury the dates that matter. A control never reviewed is due today.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ssrgen.cap.rules import is_done
from ssrgen.deadlines import next_cap_due, ssr_schedule
from ssrgen.errors import SsrgenError
from ssrgen.freshness import add_cadence
from ssrgen.registers.clocks import (
    EXPIRING_APPROVALS,
    NOTIFICATION_SOURCE,
    PUB,
    RecordLocator,
    approval_expires,
    assessment_due,
    contractor_source,
    inspection_due,
    inspection_interval,
    inspection_source,
    letters_source,
    notification_rule,
    training_due,
    training_source,
)
from ssrgen.workspace import Workspace
from ssrgen.yamlio import atomic_write_bytes

DEFAULT_WINDOW_DAYS = 90
KINDS = (
    "ssr", "ssr-extension", "cap", "finding", "training", "inspection", "contractor",
    "notification", "incident", "control-review",
)


@dataclass(frozen=True)
class Deadline:
    """One date the agency must meet."""

    date: dt.date
    title: str
    kind: str
    source: str
    where: str = ""
    overdue: bool = False
    detail: str = ""

    @property
    def uid(self) -> str:
        """Stable across builds: the same obligation keeps its calendar event when
        its date moves (kind and title, never the date or the line)."""
        digest = hashlib.sha256(f"{self.kind}|{self.title}".encode()).hexdigest()[:24]
        return f"{digest}@ssrgen"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        return data


def deadlines(workspace: Workspace, today: dt.date, within: int | None = None) -> list[Deadline]:
    """Every deadline, overdue ones first, then by date (see the module text for
    which control reviews are listed; ``within`` is their window in days)."""
    window = today + dt.timedelta(days=DEFAULT_WINDOW_DAYS if within is None else within)
    found: list[Deadline] = []
    found += _reports(workspace, today)
    found += _findings(workspace, today)
    found += _registers(workspace, today)
    found += _control_reviews(workspace, today, window)
    return sorted(found, key=lambda d: (not d.overdue, d.date, KINDS.index(d.kind), d.title))


def _make(date: dt.date, today: dt.date, title: str, kind: str, source: str,
          where: str = "", detail: str = "") -> Deadline:
    return Deadline(date, title, kind, source, where, date < today, detail)


def _reports(workspace: Workspace, today: dt.date) -> list[Deadline]:
    agency = workspace.config.agency
    ssr = ssr_schedule(agency, today)
    period = f"reporting period {ssr.period_start} to {ssr.period_end}"
    found = [_make(ssr.due, today, "Safeguard Security Report (SSR) due", "ssr", ssr.source,
                   "ssrgen.yaml", period)]
    if ssr.extension_request_by >= today:
        found.append(_make(
            ssr.extension_request_by, today, "Last day to request an SSR extension",
            "ssr-extension", f"{PUB} §2.E.4.4",
            detail=f"30-day increments, 60 days at most; for the SSR due {ssr.due}",
        ))
    open_findings = [f for f in workspace.findings.findings if f.status != "closed"]
    if open_findings:
        issued = [r.report_issued for r in workspace.findings.reviews if r.report_issued]
        cap = next_cap_due(agency, today, max(issued) if issued else None)
        label = "with the SSR" if cap.kind == "with-ssr" else "CAP only"
        found.append(_make(
            cap.due, today, f"Corrective Action Plan (CAP) due ({label})", "cap", cap.source,
            "cap/findings.yaml", f"{len(open_findings)} open finding(s)"
            + ("; first CAP moved by the 60-day rule" if cap.moved_by_60_day_rule else ""),
        ))
    return found


def _findings(workspace: Workspace, today: dt.date) -> list[Deadline]:
    return [
        _make(f.planned_date, today, f"Finding {f.number} planned completion: {f.title}",
              "finding", f"{PUB} §2.E.5.1", workspace.where.get(f"finding:{f.number}", ""),
              f"{f.criticality}, {f.status}")
        for f in workspace.findings.findings
        if not is_done(f) and f.planned_date is not None  # a completed finding waits on IRS, not on a date
    ]


def _registers(workspace: Workspace, today: dt.date) -> list[Deadline]:
    locate = RecordLocator(workspace)
    registers = workspace.registers
    found: list[Deadline] = []
    for i, t in enumerate(registers.training):
        if t.fti_access:
            due = training_due(t) or today
            found.append(_make(due, today, f"Annual disclosure awareness training and "
                               f"certification: {t.person}", "training", training_source(workspace.scope),
                               locate.where("training", i),
                               "" if training_due(t) else "never trained or certified"))
    for i, s in enumerate(registers.inspections):
        interval = inspection_interval(s.kind)
        due = inspection_due(s) or today
        detail = f"every {_every(interval.cadence.value, interval.cadence.unit)}" + (f"; planned {s.next_planned}" if s.next_planned else "")
        found.append(_make(due, today, f"Internal inspection: {s.facility}", "inspection",
                           inspection_source(workspace.scope, interval.source), locate.where("inspections", i),
                           detail if s.last_inspection else "never inspected"))
    for i, c in enumerate(registers.contractors):
        if c.fti_access:
            due = assessment_due(c) or today
            found.append(_make(due, today, f"On-site assessment of contractor: {c.name}",
                               "contractor", contractor_source(workspace.scope), locate.where("contractors", i),
                               "" if c.last_onsite_assessment else "never assessed"))
    for i, n in enumerate(registers.notifications):
        found += _notification(n, i, today, locate)
    for i, r in enumerate(registers.incidents):
        if r.adverse_action and (r.taxpayer_letters_sent is None
                                 or r.letters_reported_to_safeguards is None):
            owed = ("Taxpayer notification letters" if r.taxpayer_letters_sent is None
                    else "Confirm taxpayer letters to the Office of Safeguards")
            # no deadline is set: owed now
            found.append(_make(today, today, f"{owed}: incident {r.id}", "incident",
                               letters_source(workspace.scope), locate.where("incidents", i), "owed now"))
    return found


def _notification(n: Any, i: int, today: dt.date, locate: RecordLocator) -> list[Deadline]:
    found: list[Deadline] = []
    where = locate.where("notifications", i)
    lead, approval = notification_rule(n.kind)
    planned = n.planned_implementation
    if n.submitted is None and planned is not None:
        found.append(_make(planned - dt.timedelta(days=lead), today,
                           f"Submit 45-day notification: {n.subject}", "notification",
                           NOTIFICATION_SOURCE, where, f"{n.kind}; implementation {planned}"))
    if approval and n.approval_received is None and planned is not None and planned >= today:
        found.append(_make(planned, today, f"Approval needed before implementation: {n.subject}",
                           "notification", NOTIFICATION_SOURCE, where, n.kind))
    expires = approval_expires(n)
    if expires is not None:
        found.append(_make(expires, today, f"Approval expires: {n.subject}", "notification",
                           f"{PUB} {EXPIRING_APPROVALS[n.kind]}", where,
                           "submit a new request to continue"))
    return found


def _control_reviews(workspace: Workspace, today: dt.date, window: dt.date) -> list[Deadline]:
    found: list[Deadline] = []
    never: list[str] = []
    for entry in workspace.in_scope():
        cadence = workspace.catalogs.cadence(entry.id)
        record = workspace.implementation.get(entry.id)
        annual = cadence.basis == "default"
        if record is None:
            # unanswered: annual ones are left to 'status'; enhancements go with their parent
            if not annual and not (entry.parent and entry.entry.review_cadence is None):
                never.append(entry.id)
            continue
        last = record.last_reviewed
        due = add_cadence(last, cadence) if last else today
        if annual and due > window:
            continue
        found.append(_make(
            due, today, f"Review {entry.id}: {entry.title}", "control-review", entry.entry.source,
            workspace.where.get(entry.id, ""),
            f"every {_every(cadence.value, cadence.unit)}" + ("" if last else "; never reviewed"),
        ))
    if never:
        shown = ", ".join(never[:15]) + (f" and {len(never) - 15} more" if len(never) > 15 else "")
        found.append(_make(
            today, today, f"Start the review cycle of {len(never)} control(s) with a set cadence",
            "control-review", f"{PUB} §4 (review frequencies of the controls)", "",
            f"not yet answered or reviewed: {shown}",
        ))
    return found


def _every(value: int, unit: str) -> str:
    return unit[:-1] if value == 1 else f"{value} {unit}"


# ------------------------------------------------------------------ iCalendar

def to_ics(items: list[Deadline], workspace: Workspace, today: dt.date) -> bytes:
    """An RFC 5545 calendar: one all-day event per deadline."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//ssrgen//IRS safeguards deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{workspace.name}: safeguards deadlines")
    # DTSTAMP from the day computed, so two builds on one day write the same file
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    seen: dict[str, int] = {}
    for item in items:
        uid = item.uid
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:
            uid = f"{seen[uid]}-{uid}"
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", ("OVERDUE: " if item.overdue else "") + item.title)
        lines = [item.detail] if item.detail else []
        lines.append(f"Source: {item.source}")
        if item.where:
            lines.append(f"Record: {item.where}")
        event.add("description", "\n".join(lines))
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def write_ics(workspace: Workspace, path: Path, today: dt.date | None = None,
              within: int | None = None) -> Path:
    """Write every deadline as an iCalendar file (atomically)."""
    today = today or dt.date.today()
    try:
        data = to_ics(deadlines(workspace, today, within), workspace, today)
    except ValueError as exc:  # pragma: no cover - icalendar rejects a value
        raise SsrgenError(f"the calendar cannot be written ({exc})", where=str(path)) from exc
    atomic_write_bytes(path, data)
    return path


def write_calendar(workspace: Workspace, out_dir: Path) -> list[Path]:
    """Build step: ``deadlines.ics`` with every deadline from today."""
    return [write_ics(workspace, out_dir / "deadlines.ics")]
