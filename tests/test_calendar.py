"""The deadline calendar: SSR, extension and CAP dates for every row of Pub 1075
Tables 4 and 5, register clocks, control reviews, findings, and the .ics file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from icalendar import Calendar

from ssrgen.build import steps
from ssrgen.calendar import Deadline, deadlines, to_ics, write_calendar
from ssrgen.workspace import Workspace
from tests.registers.workspaces import CONFIG, load, write_workspace

TODAY = dt.date(2026, 11, 22)

# Table 4 (§2.E.4.4) SSR due and Table 5 (§2.E.5.2) CAP with SSR / CAP only, as printed;
# one code per row (the federal row has none).
ROWS = [
    (None, (1, 31), (7, 31)),
    ("AK", (2, 28), (8, 31)),
    ("CO", (3, 31), (9, 30)),
    ("GU", (4, 30), (10, 31)),
    ("KY", (5, 31), (11, 30)),
    ("MN", (6, 30), (12, 31)),
    ("NC", (7, 31), (1, 31)),
    ("ND", (8, 31), (2, 28)),
    ("PA", (9, 30), (3, 31)),
    ("TX", (10, 31), (4, 30)),
    ("WI", (11, 30), (5, 31)),
]

FINDINGS = """\
reviews:
  - id: SR-2025
    type: on-site
    report_issued: 2025-06-01
findings:
  - number: H.1.1
    criticality: significant
    title: Audit logs not reviewed weekly
    review: SR-2025
    planned_date: 2026-10-31
  - number: H.1.2
    criticality: moderate
    title: Visitor log incomplete
    review: SR-2025
    planned_date: 2027-02-15
  - number: H.1.3
    criticality: limited
    title: Closed one
    review: SR-2025
    planned_date: 2026-01-15
    status: closed
"""


@pytest.fixture
def workspace_with(tmp_path: Path) -> Callable[..., Workspace]:
    def make(**registers: object) -> Workspace:
        return load(write_workspace(tmp_path / "ws", registers))

    return make


def next_on_or_after(month: int, day: int, today: dt.date) -> dt.date:
    this_year = dt.date(today.year, month, day)
    return this_year if this_year >= today else dt.date(today.year + 1, month, day)


def config_for(code: str | None) -> dict:
    agency = {"name": "Agency", "type": "federal"} if code is None else {
        "name": "Agency", "type": "state", "state": code}
    return {**CONFIG, "agency": agency}


def by_kind(items: list[Deadline], kind: str) -> list[Deadline]:
    return [d for d in items if d.kind == kind]


@pytest.mark.parametrize(("code", "ssr_due", "cap_only"), ROWS)
def test_ssr_extension_and_cap_for_every_row(tmp_path: Path, code: str | None,
                                             ssr_due: tuple[int, int],
                                             cap_only: tuple[int, int]) -> None:
    ws = load(write_workspace(tmp_path / "ws", {}, config_for(code),
                              {"cap/findings.yaml": FINDINGS}))
    items = deadlines(ws, TODAY)
    due = next_on_or_after(*ssr_due, TODAY)
    [ssr] = by_kind(items, "ssr")
    assert ssr.date == due and ssr.title == "Safeguard Security Report (SSR) due"
    assert "Table 4" in ssr.source
    extension = by_kind(items, "ssr-extension")
    if due - dt.timedelta(days=30) >= TODAY:
        assert [e.date for e in extension] == [due - dt.timedelta(days=30)]
        assert extension[0].source.endswith("§2.E.4.4")
    else:  # too late to ask: the line is gone rather than shown overdue
        assert extension == []
    # both series of Table 5 show their next date, whatever the window
    caps = by_kind(items, "cap")
    assert sorted((c.date, c.title) for c in caps) == sorted([
        (due, "Corrective Action Plan (CAP) due (with the SSR)"),
        (next_on_or_after(*cap_only, TODAY), "Corrective Action Plan (CAP) due (CAP only)"),
    ])
    assert all("2 open finding(s)" in c.detail and "Table 5" in c.source for c in caps)


def test_no_cap_without_open_findings(workspace_with: Callable[..., Workspace]) -> None:
    assert by_kind(deadlines(workspace_with(), TODAY), "cap") == []


def test_open_findings_planned_dates(tmp_path: Path) -> None:
    ws = load(write_workspace(tmp_path / "ws", {}, None, {"cap/findings.yaml": FINDINGS}))
    found = {d.title: d for d in by_kind(deadlines(ws, TODAY), "finding")}
    assert set(found) == {"Finding H.1.1 planned completion: Audit logs not reviewed weekly",
                          "Finding H.1.2 planned completion: Visitor log incomplete"}
    late = found["Finding H.1.1 planned completion: Audit logs not reviewed weekly"]
    assert late.overdue and late.date == dt.date(2026, 10, 31)
    assert late.where == "cap/findings.yaml:6"


def test_register_clocks(workspace_with: Callable[..., Workspace]) -> None:
    ws = workspace_with(
        training=[{"person": "Pat", "initial_training": "2025-10-01",
                   "certification_signed": "2025-10-01"},
                  {"person": "No Access", "fti_access": False}],
        inspections=[{"facility": "HQ", "kind": "headquarters", "last_inspection": "2025-09-10",
                      "next_planned": "2027-01-20"},
                     {"facility": "Field", "kind": "field-office"}],
        contractors=[{"name": "Shred Co", "last_onsite_assessment": "2023-06-12"}],
        notifications=[{"kind": "tax-modeling", "subject": "Revenue model",
                        "planned_implementation": "2027-03-01"},
                       {"kind": "pre-production", "subject": "Test data", "submitted": "2024-01-01",
                        "planned_implementation": "2024-03-01", "approval_received": "2024-02-20"}],
        incidents=[{"id": "INC-9", "discovered_at": "2026-05-01T10:00:00", "adverse_action": True,
                    "reported_tigta_at": "2026-05-01T11:00:00",
                    "reported_safeguards_at": "2026-05-01T11:00:00"}],
    )
    items = {d.title: d for d in deadlines(ws, TODAY)}
    pat = items["Annual disclosure awareness training and certification: Pat"]
    assert (pat.date, pat.overdue) == (dt.date(2026, 10, 1), True)
    assert pat.where == "registers/training.yaml:1"
    assert not any("No Access" in t for t in items)
    hq = items["Internal inspection: HQ"]
    assert (hq.date, hq.overdue, hq.detail) == (dt.date(2027, 3, 10), False,
                                                 "every 18 months; planned 2027-01-20")
    field = items["Internal inspection: Field"]
    assert (field.date, field.detail) == (TODAY, "never inspected")
    shred = items["On-site assessment of contractor: Shred Co"]
    assert shred.date == dt.date(2024, 12, 12) and shred.overdue
    submit = items["Submit 45-day notification: Revenue model"]
    assert submit.date == dt.date(2027, 3, 1) - dt.timedelta(days=45)
    assert items["Approval needed before implementation: Revenue model"].date == dt.date(2027, 3, 1)
    expires = items["Approval expires: Test data"]
    assert expires.date == dt.date(2027, 2, 20) and "§2.E.6.4" in expires.source
    letters = items["Taxpayer notification letters: incident INC-9"]
    assert letters.date == TODAY and "MOU 9.A.8" in letters.source


def test_control_reviews(tmp_path: Path) -> None:
    implementation = """\
AC-1:
  status: implemented
  last_reviewed: 2024-01-10
AC-2:
  status: implemented
  last_reviewed: 2026-10-01
AC-7:
  status: implemented
  last_reviewed: 2025-12-01
"""
    ws = load(write_workspace(tmp_path / "ws", {}, None,
                              {"implementation/ac.yaml": implementation}))
    reviews = {d.title: d for d in by_kind(deadlines(ws, TODAY), "control-review")}
    # AC-1: the catalog's 3-year policy review, due 3 years after the last one
    ac1 = reviews["Review AC-1: Access Control Policy and Procedures"]
    assert ac1.date == dt.date(2027, 1, 10) and ac1.detail == "every 3 years"
    assert ac1.where == "implementation/ac.yaml:1"
    # AC-2 is annual by default and due next October: outside the 90-day window
    assert "Review AC-2: Account Management" not in reviews
    # AC-7 annual, due within the window
    assert reviews["Review AC-7: Unsuccessful Logon Attempts"].date == dt.date(2026, 12, 1)
    wider = {d.title for d in deadlines(ws, TODAY, within=365)}
    assert "Review AC-2: Account Management" in wider


def test_order_is_overdue_first_then_by_date(workspace_with: Callable[..., Workspace]) -> None:
    ws = workspace_with(inspections=[{"facility": "A", "kind": "headquarters",
                                      "last_inspection": "2026-01-01"},
                                     {"facility": "B", "kind": "headquarters",
                                      "last_inspection": "2020-01-01"}])
    items = deadlines(ws, TODAY)
    flags = [d.overdue for d in items]
    assert flags == sorted(flags, reverse=True)
    upcoming = [d.date for d in items if not d.overdue]
    assert upcoming == sorted(upcoming)
    assert items[0].title == "Internal inspection: B"


# ------------------------------------------------------------------ iCalendar

def read_ics(data: bytes) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(data)
    return [
        {"uid": str(e["UID"]), "start": e.decoded("DTSTART"), "end": e.decoded("DTEND"),
         "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"]),
         "stamp": e.decoded("DTSTAMP")}
        for e in calendar.walk("VEVENT")
    ]


def test_ics_events(workspace_with: Callable[..., Workspace]) -> None:
    ws = workspace_with(training=[{"person": "Pat", "initial_training": "2025-10-01",
                                   "certification_signed": "2025-10-01"}])
    items = deadlines(ws, TODAY)
    data = to_ics(items, ws, TODAY)
    assert data.startswith(b"BEGIN:VCALENDAR") and b"VERSION:2.0" in data
    events = read_ics(data)
    assert len(events) == len(items)
    pat = next(e for e in events if "Pat" in str(e["summary"]))
    assert pat["summary"] == ("OVERDUE: Annual disclosure awareness training and "
                              "certification: Pat")
    assert pat["start"] == dt.date(2026, 10, 1) and pat["end"] == dt.date(2026, 10, 2)
    assert "Source: MOU 9.A.5" in str(pat["description"])
    assert "Record: registers/training.yaml:1" in str(pat["description"])
    assert pat["stamp"] == dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    assert len({e["uid"] for e in events}) == len(events)


def test_ics_uids_survive_a_new_date(workspace_with: Callable[..., Workspace]) -> None:
    before = workspace_with(training=[{"person": "Pat", "initial_training": "2025-10-01",
                                       "certification_signed": "2025-10-01"}])
    after = workspace_with(training=[{"person": "Pat", "initial_training": "2025-10-01",
                                      "last_annual_training": "2026-11-20",
                                      "certification_signed": "2026-11-20"}])
    uid = {str(e["summary"]).removeprefix("OVERDUE: "): e["uid"]
           for e in read_ics(to_ics(deadlines(before, TODAY), before, TODAY))}
    again = {str(e["summary"]).removeprefix("OVERDUE: "): e["uid"]
             for e in read_ics(to_ics(deadlines(after, TODAY), after, TODAY))}
    title = "Annual disclosure awareness training and certification: Pat"
    assert uid[title] == again[title]


def test_build_step_writes_the_calendar_twice_the_same(
        workspace_with: Callable[..., Workspace], tmp_path: Path) -> None:
    assert "calendar" in [s.name for s in steps()]
    ws = workspace_with(ai_use=[{"system": "S", "purpose": "P", "uses_fti": True}])
    [first] = write_calendar(ws, tmp_path / "out")
    assert first.name == "deadlines.ics"
    text = first.read_bytes()
    [second] = write_calendar(ws, tmp_path / "out")
    assert read_ics(second.read_bytes()) == read_ics(text)


# ------------------------------------------------------------------ ssrgen due

@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    return write_workspace(
        tmp_path / "ws",
        {"training": [{"person": "Pat", "initial_training": "2025-10-01",
                       "certification_signed": "2025-10-01"}],
         "inspections": [{"facility": "HQ", "kind": "headquarters",
                          "last_inspection": "2026-01-10"}]},
        {**CONFIG, "catalogs": ["mou"]},
    )


def test_due_table(run: Callable[..., Result], workspace_dir: Path) -> None:
    result = run("due", "-w", str(workspace_dir), "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("2026-10-01  OVERDUE   Annual disclosure awareness training and "
                        "certification: Pat")
    assert "registers/training.yaml:1" in lines[1]
    assert "2027-01-01  in 40d    Last day to request an SSR extension" in lines
    assert "2027-01-31  in 70d    Safeguard Security Report (SSR) due" in lines
    # HQ is due 2027-07-10, beyond 90 days
    assert not any("Internal inspection: HQ" in line for line in lines)
    assert "3 deadline(s), 1 overdue, as of 2026-11-22." in result.stderr


def test_due_json_and_window(run: Callable[..., Result], workspace_dir: Path) -> None:
    result = run("due", "-w", str(workspace_dir), "--today", "2026-11-22", "--within", "365",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    hq = next(d for d in data if d["title"] == "Internal inspection: HQ")
    assert hq == {"date": "2027-07-10", "title": "Internal inspection: HQ", "kind": "inspection",
                  "source": "MOU 9.A.10; Pub 1075 Rev. 11-2021 §2.D.3",
                  "where": "registers/inspections.yaml:1", "overdue": False,
                  "detail": "every 18 months"}


def test_due_writes_ics(run: Callable[..., Result], workspace_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "cal" / "deadlines.ics"
    result = run("due", "-w", str(workspace_dir), "--today", "2026-11-22", "--ics", str(target))
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.stdout
    summaries = [str(e["summary"]) for e in read_ics(target.read_bytes())]
    # the file holds every deadline, whatever the window
    assert "Internal inspection: HQ" in summaries


def test_due_bad_options(run: Callable[..., Result], workspace_dir: Path) -> None:
    result = run("due", "-w", str(workspace_dir), "--within", "-3")
    assert result.exit_code == 2 and "--within" in result.stderr
    result = run("due", "-w", str(workspace_dir / "nowhere"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the folder given with -w/--workspace is not a workspace")
