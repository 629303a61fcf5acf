"""Is evidence still current, and is every expected artifact there?

An item is **stale** when its effective date is older than the review cadence
of its control (from the catalog; annual unless the catalog says otherwise).
Controls that Pub 1075 Table 3 names expect artifacts; an artifact is present
when an evidence item of that control says it provides it (``artifact: N``).
A ``last_reviewed`` date in the future is flagged: the review clock would start
from a day that has not come.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from typing import Literal

from ssrgen import ids
from ssrgen.errors import Problem, SsrgenError
from ssrgen.model.catalog import Cadence
from ssrgen.model.records import AGENCY_WIDE, Evidence
from ssrgen.workspace import Workspace
from ssrgen.yamlio import display_path, load_yaml

Freshness = Literal["fresh", "stale", "undated"]


def add_cadence(day: dt.date, cadence: Cadence, times: int = 1) -> dt.date:
    """The date ``times`` cadences after ``day`` (month ends clamp: Jan 31 + 1 month = Feb 28)."""
    return _after(day, cadence.value * times, cadence.unit)


# tens of thousands of evidence items share a few hundred effective dates
@functools.lru_cache(maxsize=8192)
def _after(day: dt.date, n: int, unit: str) -> dt.date:
    if unit == "hours":
        return day + dt.timedelta(hours=n)
    if unit == "days":
        return day + dt.timedelta(days=n)
    if unit == "weeks":
        return day + dt.timedelta(weeks=n)
    months = n * (12 if unit == "years" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    return _clamped(day.year + year, month + 1, day.day)


def _clamped(year: int, month: int, day: int) -> dt.date:
    """The date, or the last day of its month when the month is shorter (Jan 31 + 1 month: Feb 28);
    beyond the last year a date can hold, the last day there is."""
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def stale_after(workspace: Workspace, item: Evidence) -> dt.date | None:
    """The first day the item counts as stale (None when it has no effective date)."""
    if item.effective is None:
        return None
    return add_cadence(item.effective, workspace.catalogs.cadence(item.control))


def freshness(workspace: Workspace, item: Evidence, today: dt.date | None = None) -> Freshness:
    limit = stale_after(workspace, item)
    if limit is None:
        return "undated"
    return "stale" if (today or dt.date.today()) >= limit else "fresh"


def missing_artifacts(workspace: Workspace, control_id: str) -> list[tuple[int, str]]:
    """Expected artifacts of the control (number, text) that no evidence item provides."""
    expected = workspace.catalogs.expected_artifacts(control_id)
    provided = {e.artifact for e in workspace.evidence_for(control_id)}
    return [(n, text) for n, text in enumerate(expected, 1) if n not in provided]


def future_reviews(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """A warning per answer whose ``last_reviewed`` is after today, with its file and line."""
    today = today or dt.date.today()
    problems = []
    for control, record in workspace.implementation.items():
        answers = [(AGENCY_WIDE, record), *record.systems.items()]
        for system, answer in answers:
            if answer.last_reviewed is None or answer.last_reviewed <= today:
                continue
            whose = f"{control} ({system})" if system else control
            problems.append(Problem(
                _field_line(workspace, control, system),
                f"the last review of {whose} is dated {answer.last_reviewed.isoformat()}, after today "
                f"({today.isoformat()})",
                "Write the day the review took place (YYYY-MM-DD); a planned review goes in the calendar, "
                "not in 'last_reviewed'.", "warning",
            ))
    return problems


def _field_line(workspace: Workspace, control: str, system: str) -> str:
    """``implementation/ac.yaml:12``, the line of the answer's last_reviewed (read again: rare)."""
    path = workspace.implementation_files[control]
    try:
        doc = load_yaml(path, workspace.root)
    except SsrgenError:
        return display_path(path, workspace.root)
    key = next((str(k) for k in (doc.data or {}) if ids.normalize(str(k)) == control), control)
    return doc.where([key, "systems", system, "last_reviewed"] if system else [key, "last_reviewed"])
