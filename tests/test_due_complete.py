"""``ssrgen due`` lists every date inside the window: each occurrence of what recurs
(SSR, CAP with the SSR and CAP only, training, inspections, control reviews), each
once, in the table, the JSON and the .ics alike; the last day to ask for a CAP
extension (Pub 1075 §2.E.5.2); a critical finding's mitigation plan until it is
recorded as sent (§1.6.3); and a warning for a last review dated in the future."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from icalendar import Calendar

from ssrgen.calendar import deadlines
from tests.registers.workspaces import CONFIG, load, write_workspace

TODAY = "2026-11-22"
OPEN_FINDING = """\
reviews:
  - id: SR-2026
    type: on-site
    closing_conference: 2026-06-10
    report_issued: 2026-07-20
findings:
  - number: H.1.1
    criticality: significant
    title: Audit logs not reviewed weekly
    review: SR-2026
    planned_date: 2027-06-30
"""
CRITICAL = """\
reviews:
  - id: SR-2026
    type: on-site
    closing_conference: 2026-11-18
findings:
  - number: H.1.1
    criticality: critical
    title: FTI sent in clear text
    review: SR-2026
    mitigation_plan: FTP turned off until the gateway is replaced.
"""


def due_json(run: Callable[..., Result], workspace: Path, within: int, today: str = TODAY) -> list[dict]:
    result = run("due", "-w", str(workspace), "--today", today, "--within", str(within), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def dates(items: list[dict], title_start: str) -> list[str]:
    return [d["date"] for d in items if d["title"].startswith(title_start)]


def test_a_federal_agency_with_open_findings_sees_every_cap_date(run, tmp_path: Path) -> None:
    ws = write_workspace(tmp_path / "ws", {}, {**CONFIG, "catalogs": ["mou"]},
                         {"cap/findings.yaml": OPEN_FINDING})
    items = due_json(run, ws, 400)
    assert dates(items, "Corrective Action Plan (CAP) due (with the SSR)") == ["2027-01-31"]
    assert dates(items, "Corrective Action Plan (CAP) due (CAP only)") == ["2027-07-31"]
    # Table 4 is yearly: the SSR after next is beyond 400 days, inside 800 (up to 2029-01-30)
    assert dates(items, "Safeguard Security Report (SSR) due") == ["2027-01-31"]
    wider = due_json(run, ws, 800)
    assert dates(wider, "Safeguard Security Report (SSR) due") == ["2027-01-31", "2028-01-31"]
    assert dates(wider, "Last day to request an SSR extension") == ["2027-01-01", "2028-01-01"]
    assert dates(wider, "Corrective Action Plan (CAP) due") == ["2027-01-31", "2027-07-31", "2028-01-31",
                                                                "2028-07-31"]
    ssr_2028 = next(d for d in wider if d["title"].startswith("Safeguard") and d["date"] == "2028-01-31")
    assert ssr_2028["detail"] == "reporting period 2027-01-01 to 2027-12-31"


def test_a_state_agency_follows_its_table5_row(run, tmp_path: Path) -> None:
    texas = {**CONFIG, "agency": {"name": "Texas Agency", "type": "state", "state": "TX"}, "catalogs": ["mou"]}
    ws = write_workspace(tmp_path / "ws", {}, texas, {"cap/findings.yaml": OPEN_FINDING})
    items = due_json(run, ws, 400)
    assert dates(items, "Corrective Action Plan (CAP) due (CAP only)") == ["2027-04-30"]
    assert dates(items, "Corrective Action Plan (CAP) due (with the SSR)") == ["2027-10-31"]


def test_the_last_day_to_ask_for_a_cap_extension(run, tmp_path: Path) -> None:
    ws = write_workspace(tmp_path / "ws", {}, {**CONFIG, "catalogs": ["mou"]},
                         {"cap/findings.yaml": OPEN_FINDING})
    items = due_json(run, ws, 400)
    requests = [d for d in items if d["kind"] == "cap-extension"]
    assert [(d["date"], d["title"]) for d in requests] == [
        ("2027-01-01", "Last day to request a CAP extension"),
        ("2027-07-01", "Last day to request a CAP extension"),
    ]
    assert requests[0]["source"] == "Pub 1075 Rev. 11-2021 §2.E.5.2"
    assert requests[0]["detail"] == "30 days at most; for the CAP due 2027-01-31"
    # once the 30 days before a CAP have begun, asking is too late: that line is gone
    later = due_json(run, ws, 400, today="2027-01-10")
    assert dates(later, "Last day to request a CAP extension") == ["2027-07-01", "2028-01-01"]


def test_recurring_register_clocks_are_listed_at_each_date(tmp_path: Path) -> None:
    ws = load(write_workspace(tmp_path / "ws", {
        "training": [{"person": "Pat", "initial_training": "2026-03-01", "certification_signed": "2026-03-01"},
                     {"person": "Late", "initial_training": "2025-01-05", "certification_signed": "2025-01-05"}],
        "inspections": [{"facility": "HQ", "kind": "headquarters", "last_inspection": "2026-01-10",
                         "next_planned": "2027-06-01"}],
    }))
    items = deadlines(ws, dt.date(2026, 11, 22), within=800)
    pat = [d for d in items if d.title.endswith(": Pat")]
    assert [d.date for d in pat] == [dt.date(2027, 3, 1), dt.date(2028, 3, 1)]
    # overdue: the next cycle starts when it is done, so it is listed once
    late = [d for d in items if d.title.endswith(": Late")]
    assert [(d.date, d.overdue) for d in late] == [(dt.date(2026, 1, 5), True)]
    hq = [d for d in items if d.title == "Internal inspection: HQ"]
    assert [(d.date, d.detail) for d in hq] == [
        (dt.date(2027, 7, 10), "every 18 months; planned 2027-06-01"),
        (dt.date(2029, 1, 10), "every 18 months"),
    ]


def test_control_reviews_recur_at_their_cadence_each_once(run, tmp_path: Path) -> None:
    implementation = "AU-6:\n  status: implemented\n  last_reviewed: 2026-11-20\n" \
                     "AC-1:\n  status: implemented\n  last_reviewed: 2023-12-01\n"
    ws = write_workspace(tmp_path / "ws", {}, {**CONFIG, "catalogs": ["pub1075"]},
                         {"implementation/ac.yaml": implementation})
    items = due_json(run, ws, 30)
    au6 = dates(items, "Review AU-6:")
    assert au6 == ["2026-11-27", "2026-12-04", "2026-12-11", "2026-12-18"]  # weekly, up to 2026-12-22
    assert dates(items, "Review AC-1:") == ["2026-12-01"]  # every 3 years: the next one only
    assert all(n == 1 for n in Counter((d["date"], d["title"]) for d in items).values())


def test_the_calendar_file_holds_the_same_dates(run, tmp_path: Path) -> None:
    ws = write_workspace(tmp_path / "ws", {"training": [
        {"person": "Pat", "initial_training": "2026-03-01", "certification_signed": "2026-03-01"}]},
        {**CONFIG, "catalogs": ["mou"]}, {"cap/findings.yaml": OPEN_FINDING})
    listed = {(d["date"], d["title"]) for d in due_json(run, ws, 500)}
    target = tmp_path / "deadlines.ics"
    result = run("due", "-w", str(ws), "--today", TODAY, "--within", "500", "--ics", str(target))
    assert result.exit_code == 0, result.output
    events = [(e.decoded("DTSTART").isoformat(), str(e["SUMMARY"]).removeprefix("OVERDUE: "))
              for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert listed <= set(events)
    assert len(events) == len(set(events))  # each once
    assert ("2027-07-31", "Corrective Action Plan (CAP) due (CAP only)") in events
    assert ("2028-03-01", "Annual disclosure awareness training and certification: Pat") in events
    assert len({str(e["UID"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}) == len(events)


def test_a_critical_findings_mitigation_plan_is_due_until_recorded_as_sent(run, tmp_path: Path) -> None:
    ws = write_workspace(tmp_path / "ws", {}, {**CONFIG, "catalogs": ["mou"]}, {"cap/findings.yaml": CRITICAL})
    [plan] = [d for d in due_json(run, ws, 90) if d["kind"] == "mitigation-plan"]
    assert plan == {
        "date": "2026-11-25", "overdue": False, "kind": "mitigation-plan",
        "title": "Send the mitigation plan of critical finding H.1.1 to the Office of Safeguards",
        "source": "Pub 1075 Rev. 11-2021 §1.6.3", "where": "cap/findings.yaml:6",
        "detail": "7 days after the closing conference of 2026-11-18; record the day it is sent as "
                  "mitigation_plan_sent",
    }
    late = [d for d in due_json(run, ws, 90, today="2026-12-01") if d["kind"] == "mitigation-plan"]
    assert [(d["date"], d["overdue"]) for d in late] == [("2026-11-25", True)]
    warned = run("validate", "-w", str(ws))
    assert ("Warning: cap/findings.yaml:6: the mitigation plan of critical finding H.1.1 is not recorded "
            "as sent; it was due 2026-11-25") in warned.stderr
    findings = ws / "cap" / "findings.yaml"
    findings.write_text(findings.read_text() + "    mitigation_plan_sent: 2026-11-24\n")
    assert [d for d in due_json(run, ws, 90, today="2026-12-01") if d["kind"] == "mitigation-plan"] == []
    assert "mitigation plan" not in run("validate", "-w", str(ws)).stderr


def test_a_last_review_in_the_future_is_flagged_with_its_line(run, tmp_path: Path) -> None:
    implementation = (
        "AC-2:\n"
        "  status: implemented\n"
        "  last_reviewed: 2099-01-15\n"
        "  systems:\n"
        "    case-tracker:\n"
        "      status: implemented\n"
        "      last_reviewed: 2098-03-01\n"
        "AC-3:\n"
        "  status: implemented\n"
        "  last_reviewed: 2020-01-01\n"
    )
    config = {**CONFIG, "catalogs": ["pub1075"],
              "systems": [{"id": "case-tracker", "name": "Case Tracker", "description": "Cases",
                           "hosting": "on-premises", "fti_functions": ["store"]}]}
    ws = write_workspace(tmp_path / "ws", {}, config, {"implementation/ac.yaml": implementation})
    result = run("validate", "-w", str(ws))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "after today" in line]
    assert warnings == [
        f"Warning: implementation/ac.yaml:3: the last review of AC-2 is dated 2099-01-15, after today "
        f"({dt.date.today().isoformat()}). Write the day the review took place (YYYY-MM-DD); a planned "
        "review goes in the calendar, not in 'last_reviewed'.",
        f"Warning: implementation/ac.yaml:7: the last review of AC-2 (case-tracker) is dated 2098-03-01, "
        f"after today ({dt.date.today().isoformat()}). Write the day the review took place (YYYY-MM-DD); "
        "a planned review goes in the calendar, not in 'last_reviewed'.",
    ]


def test_the_default_calendar_holds_the_next_date_of_every_series(run, example: Path, tmp_path: Path) -> None:
    """Without --within the .ics holds the next date of each recurring series, the CAP only
    one too (July 31 for a federal agency), beside every date inside the 90 days, each once."""
    target = tmp_path / "deadlines.ics"
    result = run("due", "-w", str(example), "--today", "2026-11-30", "--ics", str(target))
    assert result.exit_code == 0, result.output
    events = [(e.decoded("DTSTART").isoformat(), str(e["SUMMARY"]).removeprefix("OVERDUE: "))
              for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert len(events) == len(set(events))  # each once
    caps = sorted(e for e in events if e[1].startswith("Corrective Action Plan")
                  or e[1] == "Last day to request a CAP extension")
    assert caps == [
        ("2027-01-01", "Last day to request a CAP extension"),
        ("2027-01-31", "Corrective Action Plan (CAP) due (with the SSR)"),
        ("2027-07-01", "Last day to request a CAP extension"),
        ("2027-07-31", "Corrective Action Plan (CAP) due (CAP only)"),
    ]
    assert ("2027-01-31", "Safeguard Security Report (SSR) due") in events
    kinds = {str(e["CATEGORIES"].cats[0]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert {"ssr", "ssr-extension", "cap", "cap-extension", "training", "inspection"} <= kinds


def test_each_cap_series_shows_its_next_date_after_the_60_day_rule(tmp_path: Path) -> None:
    # the report issued 2026-12-15 is within 60 days of 2027-01-31: the first CAP is the
    # CAP only one of 2027-07-31, and the next CAP with the SSR is 2028-01-31
    moved = OPEN_FINDING.replace("report_issued: 2026-07-20", "report_issued: 2026-12-15")
    ws = load(write_workspace(tmp_path / "ws", {}, {**CONFIG, "catalogs": ["mou"]},
                              {"cap/findings.yaml": moved}))
    caps = [(d.date.isoformat(), d.title) for d in deadlines(ws, dt.date(2026, 12, 20)) if d.kind == "cap"]
    assert caps == [
        ("2027-07-31", "Corrective Action Plan (CAP) due (CAP only)"),
        ("2028-01-31", "Corrective Action Plan (CAP) due (with the SSR)"),
    ]
