"""SSR and CAP due dates against every row of Pub 1075 Tables 4 and 5."""

from __future__ import annotations

import datetime as dt

import pytest

from ssrgen.deadlines import next_cap_due, ssr_schedule, ssr_schedule_for_year
from ssrgen.model.workspace import Agency

D = dt.date

# Table 4 (§2.E.4.4) and Table 5 (§2.E.5.2), as printed: codes; period start and end
# (month, day); SSR due; CAP with SSR; CAP only.
TABLE = [
    (["FEDERAL"], (1, 1), (12, 31), (1, 31), (1, 31), (7, 31)),
    (["AK", "AL", "AR", "AS", "AZ", "CA"], (2, 1), (1, 31), (2, 28), (2, 28), (8, 31)),
    (["CO", "CT", "DC", "DE", "FL", "GA", "MP"], (3, 1), (2, 28), (3, 31), (3, 31), (9, 30)),
    (["GU", "HI", "IA", "ID", "IL", "IN", "KS"], (4, 1), (3, 31), (4, 30), (4, 30), (10, 31)),
    (["KY", "LA", "MA", "MD", "ME", "MI"], (5, 1), (4, 30), (5, 31), (5, 31), (11, 30)),
    (["MN", "MO", "MS", "MT", "NE"], (6, 1), (5, 31), (6, 30), (6, 30), (12, 31)),
    (["NC", "NH", "NJ", "NM", "NV", "NY"], (7, 1), (6, 30), (7, 31), (7, 31), (1, 31)),
    (["ND", "OH", "OK", "OR"], (8, 1), (7, 31), (8, 31), (8, 31), (2, 28)),
    (["PA", "PR", "RI", "SC", "SD", "TN"], (9, 1), (8, 31), (9, 30), (9, 30), (3, 31)),
    (["TX", "UT", "VA", "VI", "VT", "WA"], (10, 1), (9, 30), (10, 31), (10, 31), (4, 30)),
    (["WI", "WV", "WY"], (11, 1), (10, 31), (11, 30), (11, 30), (5, 31)),
]
CASES = [(code, *row) for codes, *row in TABLE for code in codes]


def agency(code: str) -> Agency:
    if code == "FEDERAL":
        return Agency(name="A", type="federal")
    return Agency(name="A", type="state", state=code)


@pytest.mark.parametrize(("code", "start", "end", "due", "with_ssr", "cap_only"), CASES)
def test_ssr_due_and_period_for_every_code(code, start, end, due, with_ssr, cap_only) -> None:
    schedule = ssr_schedule_for_year(agency(code), 2027)
    assert schedule.due == D(2027, *due)
    assert (schedule.period_end.month, schedule.period_end.day) == end
    assert (schedule.period_start.month, schedule.period_start.day) == start
    # the period is one year long and ends before the due date
    assert schedule.period_end < schedule.due
    assert (schedule.period_end - schedule.period_start).days in (364, 365)
    assert schedule.extension_request_by == schedule.due - dt.timedelta(days=30)


@pytest.mark.parametrize(("code", "start", "end", "due", "with_ssr", "cap_only"), CASES)
def test_cap_dates_for_every_code(code, start, end, due, with_ssr, cap_only) -> None:
    # on the day after the CAP-with-SSR date, the next one is the CAP-only date
    day_after = D(2027, *with_ssr) + dt.timedelta(days=1)
    nxt = next_cap_due(agency(code), day_after)
    assert (nxt.due.month, nxt.due.day) == cap_only
    assert nxt.kind == "cap-only"
    on_the_day = next_cap_due(agency(code), D(2027, *with_ssr))
    assert on_the_day.due == D(2027, *with_ssr)
    assert on_the_day.kind == "with-ssr"


def test_federal_ssr_being_prepared_in_november() -> None:
    schedule = ssr_schedule(agency("FEDERAL"), D(2026, 11, 22))
    assert schedule.due == D(2027, 1, 31)
    assert (schedule.period_start, schedule.period_end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert schedule.label == "2026-01-01_2026-12-31"


def test_texas_ssr_after_its_due_date_moves_to_next_year() -> None:
    schedule = ssr_schedule(agency("TX"), D(2026, 11, 1))
    assert schedule.due == D(2027, 10, 31)
    assert (schedule.period_start, schedule.period_end) == (D(2026, 10, 1), D(2027, 9, 30))


def test_report_issued_within_60_days_moves_first_cap_to_next_date() -> None:
    # federal CAP dates: Jan 31 and Jul 31; the SRR issued June 15 is 46 days before Jul 31
    due = next_cap_due(agency("FEDERAL"), D(2026, 6, 20), report_issued=D(2026, 6, 15))
    assert due.due == D(2027, 1, 31)
    assert due.moved_by_60_day_rule


def test_report_issued_more_than_60_days_before_keeps_first_cap() -> None:
    due = next_cap_due(agency("FEDERAL"), D(2026, 5, 1), report_issued=D(2026, 5, 1))
    assert due.due == D(2026, 7, 31)
    assert not due.moved_by_60_day_rule


def test_sixty_day_rule_no_longer_matters_once_the_moved_date_passed() -> None:
    due = next_cap_due(agency("FEDERAL"), D(2027, 3, 1), report_issued=D(2026, 6, 15))
    assert due.due == D(2027, 7, 31)
    assert not due.moved_by_60_day_rule
