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

What recurs (the SSR and its extension request, the CAP with the SSR and CAP only
with their extension requests, training, inspections, contractor assessments,
control reviews) is listed at its next date and at every later date inside the
window, each once, as if each one is met on its day. An overdue one is listed
once: its next cycle starts when it is done.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from ssrgen.cap.rules import MITIGATION_PLAN_DAYS, is_done, mitigation_plan_owed, review_of
from ssrgen.deadlines import (
    cap_due_dates,
    load_schedules,
    next_cap_due,
    ssr_schedule,
    ssr_schedule_for_year,
)
from ssrgen.errors import SsrgenError
from ssrgen.freshness import add_cadence
from ssrgen.model.catalog import Cadence
from ssrgen.output import write_file
from ssrgen.registers.clocks import (
    ANNUAL,
    EXPIRING_APPROVALS,
    NOTIFICATION_SOURCE,
    PUB,
    RecordLocator,
    approval_expires,
    assessment_due,
    contractor_interval,
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

DEFAULT_WINDOW_DAYS = 90
KINDS = (
    "ssr", "ssr-extension", "cap", "cap-extension", "mitigation-plan", "finding", "poam", "training",
    "inspection", "contractor", "notification", "incident", "control-review",
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
    found += _reports(workspace, today, window)
    found += _findings(workspace, today)
    found += _poam(workspace, today)
    found += _registers(workspace, today, window)
    found += _control_reviews(workspace, today, window)
    return sorted(dict.fromkeys(found),  # each once
                  key=lambda d: (not d.overdue, d.date, KINDS.index(d.kind), d.title))


def _make(date: dt.date, today: dt.date, title: str, kind: str, source: str,
          where: str = "", detail: str = "") -> Deadline:
    return Deadline(date, title, kind, source, where, date < today, detail)


def _and_every(first: Deadline, cadence: Cadence, window: dt.date, today: dt.date) -> list[Deadline]:
    """``first`` and its later dates inside the window, one cadence apart (counted from
    ``first``, so month ends do not drift). An overdue one is listed alone."""
    found = [first]
    if first.overdue:
        return found
    for times in range(1, 10_000):
        day = add_cadence(first.date, cadence, times)
        if day > window or day <= found[-1].date:
            break
        found.append(replace(first, date=day, overdue=day < today))
    return found


def _reports(workspace: Workspace, today: dt.date, window: dt.date) -> list[Deadline]:
    agency = workspace.config.agency
    ssr = ssr_schedule(agency, today)
    schedules = [ssr]
    while (following := ssr_schedule_for_year(agency, schedules[-1].due.year + 1)).due <= window:
        schedules.append(following)
    found = []
    for each in schedules:
        note = workspace.scope.report_recipient_note
        found.append(_make(each.due, today, "Safeguard Security Report (SSR) due", "ssr", each.source,
                           "ssrgen.yaml", f"reporting period {each.period_start} to {each.period_end}"
                           + (f"; {note}" if note else "")))
        if each.extension_request_by >= today:  # too late to ask: the line is gone rather than overdue
            found.append(_make(
                each.extension_request_by, today, "Last day to request an SSR extension",
                "ssr-extension", f"{PUB} §2.E.4.4",
                detail=f"30-day increments, 60 days at most; for the SSR due {each.due}",
            ))
    return found + _caps(workspace, today, window)


def _caps(workspace: Workspace, today: dt.date, window: dt.date) -> list[Deadline]:
    """The CAP dates of Table 5 while findings are open: the next one (§2.E.5.2 60-day
    rule applied), the next one of the other series (with the SSR, CAP only), every
    later one inside the window, and the last day to ask for an extension of each; and
    the mitigation plans of critical findings (§1.6.3)."""
    found = _mitigation_plans(workspace, today)
    open_findings = [f for f in workspace.findings.findings if f.status != "closed"]
    if not open_findings:
        return found
    agency = workspace.config.agency
    issued = [r.report_issued for r in workspace.findings.reviews if r.report_issued]
    first = next_cap_due(agency, today, max(issued) if issued else None)
    caps = [first]
    # two series (with the SSR, CAP only): each shows its next date whatever the window
    for cap in cap_due_dates(agency, first.due.year, max(window.year, first.due.year) + 1):
        if cap.due > first.due and (cap.due <= window or all(c.kind != cap.kind for c in caps)):
            caps.append(cap)
    extension = load_schedules().cap_extension
    for cap in caps:
        label = "with the SSR" if cap.kind == "with-ssr" else "CAP only"
        found.append(_make(
            cap.due, today, f"Corrective Action Plan (CAP) due ({label})", "cap", cap.source,
            "cap/findings.yaml", f"{len(open_findings)} open finding(s)"
            + ("; first CAP moved by the 60-day rule" if cap.moved_by_60_day_rule else ""),
        ))
        request_by = cap.due - dt.timedelta(days=extension.request_lead_days)
        if request_by >= today:  # too late to ask: the line is gone rather than overdue
            found.append(_make(
                request_by, today, "Last day to request a CAP extension", "cap-extension",
                extension.source, "cap/findings.yaml",
                f"{extension.max_days} days at most; for the CAP due {cap.due}",
            ))
    return found


def _mitigation_plans(workspace: Workspace, today: dt.date) -> list[Deadline]:
    found = []
    for finding in workspace.findings.findings:
        due = mitigation_plan_owed(workspace, finding)
        if due is None:
            continue
        review = review_of(workspace, finding)
        conference = review.closing_conference if review else None
        found.append(_make(
            due, today, f"Send the mitigation plan of critical finding {finding.number} to the Office "
            "of Safeguards", "mitigation-plan", f"{PUB} §1.6.3",
            workspace.where.get(f"finding:{finding.number}", ""),
            f"{MITIGATION_PLAN_DAYS} days after the closing conference of {conference}; "
            "record the day it is sent as mitigation_plan_sent",
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


def _poam(workspace: Workspace, today: dt.date) -> list[Deadline]:
    """The planned date of each finding of the agency's POA&M not closed (Pub 1075 §2.D.9); one with
    no planned date is owed now, as §2.D.9 asks for the dates to resolve the findings."""
    locate = RecordLocator(workspace)
    found = []
    for index, finding in enumerate(workspace.registers.poam):
        if finding.status == "closed":
            continue
        text = " ".join(finding.description.split())
        text = text if len(text) <= 60 else text[:59].rstrip() + "…"
        where = f" at {finding.facility}" if finding.facility else ""
        detail = f"{finding.status}" + (f"; inspection {finding.inspection}, item {finding.item}"
                                        if finding.inspection else "")
        if finding.planned_date is None:
            found.append(_make(today, today, f"Plan the corrective action of POA&M finding {finding.id}{where}: "
                               f"{text}", "poam", f"{PUB} §2.D.9", locate.where("poam", index),
                               f"owed now: no planned date; {detail}"))
            continue
        found.append(_make(finding.planned_date, today, f"POA&M finding {finding.id} planned completion{where}: {text}",
                           "poam", f"{PUB} §2.D.9", locate.where("poam", index), detail))
    return found


def _recurring(first: Deadline, known: bool, cadence: Cadence, window: dt.date,
               today: dt.date) -> Iterable[Deadline]:
    """The deadline and its later dates when the last one is known; one never done is
    due today, and what follows is counted from the day it is done."""
    return _and_every(first, cadence, window, today) if known else [first]


def _registers(workspace: Workspace, today: dt.date, window: dt.date) -> list[Deadline]:
    locate = RecordLocator(workspace)
    registers = workspace.registers
    found: list[Deadline] = []
    for i, t in enumerate(registers.training):
        if t.fti_access:
            due = training_due(t)
            found += _recurring(_make(due or today, today, f"Annual disclosure awareness training and "
                                      f"certification: {t.person}", "training", training_source(workspace.scope),
                                      locate.where("training", i),
                                      "" if due else "never trained or certified"),
                                due is not None, ANNUAL, window, today)
    for i, s in enumerate(registers.inspections):
        interval = inspection_interval(s.kind)
        due = inspection_due(s)
        detail = f"every {_every(interval.cadence.value, interval.cadence.unit)}" + (f"; planned {s.next_planned}" if s.next_planned else "")
        first = _make(due or today, today, f"Internal inspection: {s.facility}", "inspection",
                      inspection_source(workspace.scope, interval.source), locate.where("inspections", i),
                      detail if s.last_inspection else "never inspected")
        found.append(first)
        if due is not None:  # the later ones; the planned day speaks for the next one only
            every = replace(first, detail=f"every {_every(interval.cadence.value, interval.cadence.unit)}")
            found += _and_every(every, interval.cadence, window, today)[1:]
    for i, c in enumerate(registers.contractors):
        if c.fti_access:
            due = assessment_due(c)
            found += _recurring(_make(due or today, today, f"On-site assessment of contractor: {c.name}",
                                      "contractor", contractor_source(workspace.scope), locate.where("contractors", i),
                                      "" if c.last_onsite_assessment else "never assessed"),
                                due is not None, contractor_interval().cadence, window, today)
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
        found += _recurring(_make(
            due, today, f"Review {entry.id}: {entry.title}", "control-review", entry.entry.source,
            workspace.where.get(entry.id, ""),
            f"every {_every(cadence.value, cadence.unit)}" + ("" if last else "; never reviewed"),
        ), last is not None, cadence, window, today)
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
    return write_file(workspace, path, data, kind="calendar")


def write_calendar(workspace: Workspace, out_dir: Path) -> list[Path]:
    """Build step: ``deadlines.ics`` with every deadline from today."""
    return [write_ics(workspace, out_dir / "deadlines.ics")]
