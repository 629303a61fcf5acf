"""IRS due dates: the SSR (Pub 1075 Table 4) and the CAP (Table 5).

The tables are data in ``controls/schedules.yaml``; this module turns them into
dates for an agency (federal, or a state or territory by its code) and a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import ValidationError

from ssrgen.errors import InputError, ValidationFailed
from ssrgen.model.schedules import MonthDay, Schedules
from ssrgen.model.workspace import Agency
from ssrgen.paths import controls_dir
from ssrgen.yamlio import load_yaml, pydantic_problems

SCHEDULES_FILE = "schedules.yaml"


@cache
def load_schedules() -> Schedules:
    """The due-date tables shipped with the catalogs."""
    doc = load_yaml(controls_dir() / SCHEDULES_FILE, controls_dir().parent)
    try:
        return Schedules.model_validate(doc.data)
    except ValidationError as exc:
        raise ValidationFailed(pydantic_problems(doc, exc), what="the due-date tables are invalid") from exc


@dataclass(frozen=True)
class SsrSchedule:
    """The SSR being prepared: its reporting period, due date, and extension deadline."""

    period_start: dt.date
    period_end: dt.date
    due: dt.date
    extension_request_by: dt.date
    source: str

    @property
    def label(self) -> str:
        """``2025-11-01_2026-10-31`` style, used in file names and snapshots."""
        return f"{self.period_start.isoformat()}_{self.period_end.isoformat()}"


@dataclass(frozen=True)
class CapDue:
    due: dt.date
    kind: Literal["with-ssr", "cap-only"]
    source: str
    moved_by_60_day_rule: bool = False


def _code(agency: Agency) -> str | None:
    if agency.type == "federal":
        return None
    codes = load_schedules().jurisdictions.codes
    if agency.state not in codes:
        raise InputError(
            f"'{agency.state}' is not a state or territory code in Pub 1075 Table 4",
            where="ssrgen.yaml (agency.state)",
            fix="Use a two-letter code in capitals, e.g. TX, CA, DC, PR.",
        )
    return agency.state


def _on(year: int, md: MonthDay) -> dt.date:
    day = md.day
    while True:  # Table 4 prints 'February 28'; a 29 in a common year would clamp
        try:
            return dt.date(year, md.month, day)
        except ValueError:
            day -= 1


def ssr_schedule(agency: Agency, today: dt.date) -> SsrSchedule:
    """The SSR whose due date is the first on or after ``today``."""
    schedules = load_schedules()
    row = schedules.ssr_row_for(_code(agency))
    due = _on(today.year, row.ssr_due)
    if due < today:
        due = _on(today.year + 1, row.ssr_due)
    return _schedule_for_due(due, row.period_start, row.period_end, schedules)


def ssr_schedule_for_year(agency: Agency, due_year: int) -> SsrSchedule:
    """The SSR due in ``due_year``."""
    schedules = load_schedules()
    row = schedules.ssr_row_for(_code(agency))
    return _schedule_for_due(_on(due_year, row.ssr_due), row.period_start, row.period_end, schedules)


def _schedule_for_due(due: dt.date, start: MonthDay, end: MonthDay, schedules: Schedules) -> SsrSchedule:
    # the period ends before the due date: in the same year when its month comes earlier
    end_year = due.year if (end.month, end.day) < (due.month, due.day) else due.year - 1
    start_year = end_year if (start.month, start.day) <= (end.month, end.day) else end_year - 1
    lead = schedules.ssr_extension.request_lead_days
    return SsrSchedule(
        period_start=_on(start_year, start),
        period_end=_on(end_year, end),
        due=due,
        extension_request_by=due - dt.timedelta(days=lead),
        source=schedules.ssr_dates.source,
    )


def cap_due_dates(agency: Agency, first_year: int, last_year: int) -> list[CapDue]:
    """Every CAP due date (with the SSR, and CAP only) from ``first_year`` to ``last_year``."""
    schedules = load_schedules()
    row = schedules.cap_row_for(_code(agency))
    dates = []
    for year in range(first_year, last_year + 1):
        dates.append(CapDue(_on(year, row.cap_with_ssr), "with-ssr", schedules.cap_dates.source))
        dates.append(CapDue(_on(year, row.cap_only), "cap-only", schedules.cap_dates.source))
    return sorted(dates, key=lambda d: d.due)


def next_cap_due(agency: Agency, today: dt.date, report_issued: dt.date | None = None) -> CapDue:
    """The next CAP due date on or after ``today``.

    Pub 1075 §2.E.5.2: if the Safeguard Review Report was issued within 60 days of
    the upcoming CAP due date, the first CAP is due on the following date instead.
    """
    schedules = load_schedules()
    start = min(today, report_issued or today)
    dates = cap_due_dates(agency, start.year - 1, today.year + 2)
    earliest = today
    moved = False
    if report_issued is not None:
        first = next(d for d in dates if d.due > report_issued)
        if (first.due - report_issued).days <= schedules.first_cap_rule.days:
            later = next(d for d in dates if d.due > first.due)
            earliest = max(today, later.due)
            moved = earliest == later.due
        else:
            earliest = max(today, first.due)
    chosen = next(d for d in dates if d.due >= earliest)
    return CapDue(chosen.due, chosen.kind, chosen.source, moved_by_60_day_rule=moved)


def ssr_schedule_covering(agency: Agency, day: dt.date) -> SsrSchedule:
    """The SSR whose reporting period holds ``day`` (the report of what happened that day)."""
    for due_year in range(day.year, day.year + 3):
        schedule = ssr_schedule_for_year(agency, due_year)
        if schedule.period_start <= day <= schedule.period_end:
            return schedule
    return ssr_schedule(agency, day)  # pragma: no cover - every day falls in one period of Table 4
