"""The register rules: each flag names the record (file:line), cites its source,
and stays quiet when the record is in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from ssrgen.catalog import load_catalogs
from ssrgen.errors import Problem
from ssrgen.registers import (
    REGISTER_RULES,
    check_ai_use,
    check_contractors,
    check_incidents,
    check_inspections,
    check_notifications,
    check_training,
)
from ssrgen.validate import rules
from ssrgen.workspace import Workspace, read_workspace
from tests.registers.workspaces import write_workspace

TODAY = dt.date(2026, 11, 22)
Make = Callable[..., Workspace]


def texts(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


# ------------------------------------------------------------------ training

TRAINED = {"person": "Pat Lee", "initial_training": "2026-01-05",
           "certification_signed": "2026-01-05", "access_granted": "2026-01-06"}


@pytest.mark.parametrize(("record", "expected"), [
    (TRAINED, None),
    ({**TRAINED, "fti_access": False, "initial_training": None}, None),
    ({"person": "Pat Lee"}, "no disclosure awareness training and signed confidentiality "
                            "certification on record"),
    ({**TRAINED, "certification_signed": None}, "no signed confidentiality certification"),
    ({**TRAINED, "access_granted": "2026-01-02"},
     "was given FTI access on 2026-01-02 before the initial disclosure awareness training"),
    ({**TRAINED, "initial_training": "2025-11-01", "certification_signed": "2025-11-01",
      "access_granted": None}, "lapsed on 2026-11-01"),
    # annual training renewed but the certification was not re-signed
    ({**TRAINED, "initial_training": "2024-03-01", "last_annual_training": "2026-03-01",
      "certification_signed": "2025-03-01", "access_granted": None}, "lapsed on 2026-03-01"),
])
def test_training(workspace_with: Make, record: dict, expected: str | None) -> None:
    ws = workspace_with(training=[{"person": "First Person", "initial_training": "2026-06-01",
                                   "certification_signed": "2026-06-01"}, record])
    problems = check_training(ws, TODAY)
    if expected is None:
        assert problems == []
        return
    assert len(problems) == 1
    assert problems[0].severity == "warning"
    assert expected in problems[0].what
    assert "'Pat Lee'" in problems[0].what
    assert "MOU 9.A.5" in problems[0].what and "§2.D.2.1" in problems[0].what
    assert problems[0].where.startswith("registers/training.yaml:")
    assert int(problems[0].where.split(":")[1]) >= 4  # the second record, not the first


def test_training_not_lapsed_on_its_anniversary(workspace_with: Make) -> None:
    ws = workspace_with(training=[{**TRAINED, "initial_training": "2025-11-22",
                                   "certification_signed": "2025-11-22", "access_granted": None}])
    assert check_training(ws, TODAY) == []
    assert len(check_training(ws, TODAY + dt.timedelta(days=1))) == 1


# ------------------------------------------------------------------ inspections

@pytest.mark.parametrize(("kind", "last", "flagged", "every"), [
    ("headquarters", "2025-05-22", False, "18 months"),
    ("headquarters", "2025-05-21", True, "18 months"),
    ("computer-facility", "2025-05-21", True, "18 months"),
    ("contractor", "2025-05-21", True, "18 months"),
    ("off-site-storage", "2025-05-21", True, "18 months"),
    ("field-office", "2023-11-22", False, "3 years"),
    ("field-office", "2023-11-21", True, "3 years"),
])
def test_inspection_intervals(workspace_with: Make, kind: str, last: str, flagged: bool,
                              every: str) -> None:
    ws = workspace_with(inspections=[{"facility": "Site A", "kind": kind, "last_inspection": last}])
    problems = check_inspections(ws, TODAY)
    assert bool(problems) is flagged
    if flagged:
        assert f"at least every {every}" in problems[0].what
        assert "§2.D.3" in problems[0].what and "'Site A'" in problems[0].what
        assert problems[0].where == "registers/inspections.yaml:3"


def test_an_inspection_planned_after_it_falls_due(workspace_with: Make) -> None:
    ws = workspace_with(inspections=[
        {"facility": "Site A", "kind": "headquarters", "last_inspection": "2026-01-10", "next_planned": "2027-07-11"},
        {"facility": "Site B", "kind": "headquarters", "last_inspection": "2026-01-10", "next_planned": "2027-07-10"},
    ])
    [problem] = check_inspections(ws, TODAY)
    assert problem.what == ("the inspection of headquarters 'Site A' is planned for 2027-07-11, after it falls due "
                            "on 2027-07-10 (last 2026-01-10; MOU 9.A.10; Pub 1075 Rev. 11-2021 §2.D.3: at least every 18 months)")
    assert problem.fix == "Plan the inspection on or before 2027-07-10 ('next_planned')."
    assert problem.where == "registers/inspections.yaml:4"


def test_inspection_never_held(workspace_with: Make) -> None:
    ws = workspace_with(inspections=[{"facility": "Site B", "kind": "field-office"}])
    [problem] = check_inspections(ws, TODAY)
    assert "has never had an internal inspection" in problem.what
    assert problem.where == "registers/inspections.yaml:1"


# ------------------------------------------------------------------ contractors

GOOD_CONTRACTOR = {"name": "Acme Shred", "exhibit7_language": True,
                   "notification_date": "2024-01-02", "last_onsite_assessment": "2026-01-10",
                   "certified_compliant": True}


@pytest.mark.parametrize(("change", "expected"), [
    ({}, None),
    ({"fti_access": False, "exhibit7_language": False}, None),
    ({"exhibit7_language": False}, "lacks the Exhibit 7 safeguarding language"),
    ({"notification_date": None}, "no 45-day notification is recorded"),
    ({"last_onsite_assessment": None}, "has never been assessed on site"),
    ({"last_onsite_assessment": "2025-05-21"}, "is overdue since 2026-11-21"),
    ({"certified_compliant": False}, "is not certified compliant"),
])
def test_contractors(workspace_with: Make, change: dict, expected: str | None) -> None:
    ws = workspace_with(contractors=[{**GOOD_CONTRACTOR, **change}])
    problems = check_contractors(ws, TODAY)
    if expected is None:
        assert problems == []
        return
    [problem] = problems
    assert expected in problem.what and "'Acme Shred'" in problem.what
    assert "MOU 9.A.11" in problem.what or "§1.9.4" in problem.what
    assert problem.where.startswith("registers/contractors.yaml:")


def test_contractor_assessment_interval_is_18_months(workspace_with: Make) -> None:
    ws = workspace_with(contractors=[{**GOOD_CONTRACTOR, "last_onsite_assessment": "2025-05-21"}])
    [problem] = check_contractors(ws, TODAY)
    assert "IRC §6103(p)(9)" in problem.what and "at least every 18 months" in problem.what
    assert problem.where == "registers/contractors.yaml:4"


# ------------------------------------------------------------------ incidents

INCIDENT = {"id": "INC-1", "summary": "Misdirected letter", "discovered_at": "2026-03-02T09:00:00",
            "reported_tigta_at": "2026-03-03T09:00:00",
            "reported_safeguards_at": "2026-03-02T10:00:00"}


def test_incident_reported_on_time_is_quiet(workspace_with: Make) -> None:
    ws = workspace_with(incidents=[INCIDENT])
    assert check_incidents(ws, TODAY) == []


def test_incident_reported_late(workspace_with: Make) -> None:
    ws = workspace_with(incidents=[{**INCIDENT, "reported_tigta_at": "2026-03-03T15:00:00"}])
    [problem] = check_incidents(ws, TODAY)
    assert problem.what.startswith("incident INC-1 was reported to TIGTA 30 hours after discovery")
    assert "MOU 9.D" in problem.what and "§1.8" in problem.what
    assert problem.where == "registers/incidents.yaml:4"


def test_incident_not_reported(workspace_with: Make) -> None:
    record = {**INCIDENT, "reported_safeguards_at": None, "discovered_at": "2026-11-20T08:00:00"}
    ws = workspace_with(incidents=[record])
    [problem] = check_incidents(ws, TODAY)
    assert "has not been reported to the Office of Safeguards" in problem.what
    # within its first 24 hours an unreported incident is not yet late
    fresh = {**record, "discovered_at": "2026-11-22T08:00:00", "reported_tigta_at": None}
    ws = workspace_with(incidents=[fresh])
    assert check_incidents(ws, dt.date(2026, 11, 22)) == []


def test_incident_without_fti_has_no_clock(workspace_with: Make) -> None:
    ws = workspace_with(incidents=[{"id": "INC-2", "discovered_at": "2026-01-01T08:00:00",
                                    "fti_involved": False}])
    assert check_incidents(ws, TODAY) == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"adverse_action": True}, "led to adverse action but no taxpayer notification letters"),
    ({"adverse_action": True, "taxpayer_letters_sent": "2026-05-01"},
     "the Office of Safeguards was not told"),
    ({"adverse_action": True, "taxpayer_letters_sent": "2026-05-01",
      "letters_reported_to_safeguards": "2026-05-02"}, None),
])
def test_taxpayer_letters(workspace_with: Make, change: dict, expected: str | None) -> None:
    ws = workspace_with(incidents=[{**INCIDENT, **change}])
    problems = check_incidents(ws, TODAY)
    if expected is None:
        assert problems == []
        return
    [problem] = problems
    assert expected in problem.what and "MOU 9.A.8" in problem.what


def test_fti_in_incident_summary_is_an_error(tmp_path: Path) -> None:
    # every workspace file is scanned as it is read (Pub 1075 §1.8.3: no FTI in the data incident report)
    root = write_workspace(tmp_path / "ws", {"incidents": [INCIDENT, {**INCIDENT, "id": "INC-2",
                                                                      "summary": "Letter for SSN 123-45-6789 misdirected"}]})
    _, problems = read_workspace(root, load_catalogs())
    [problem] = [p for p in problems if "taxpayer identifier" in p.what]
    assert problem.severity == "error"
    assert problem.where == "registers/incidents.yaml:7"
    assert "***-**-6789" in problem.what and "123-45" not in str(problem)


def test_fti_allowlist_clears_a_number(tmp_path: Path) -> None:
    config = {"agency": {"name": "T", "type": "federal"},
              "head_of_agency": {"name": "A", "title": "B"},
              "safeguards_contact": {"name": "C", "title": "D"},
              "catalogs": ["pub1075"], "fti_allowlist": ["case 12-3456789"]}
    root = write_workspace(tmp_path / "ws", {"incidents": [{**INCIDENT, "summary": "see case 12-3456789"}]}, config)
    _, problems = read_workspace(root, load_catalogs())
    assert [p for p in problems if "taxpayer identifier" in p.what] == []


# ------------------------------------------------------------------ notifications

@pytest.mark.parametrize(("record", "expected"), [
    ({"kind": "cloud", "subject": "S", "submitted": "2026-01-01",
      "planned_implementation": "2026-02-15"}, None),
    ({"kind": "cloud", "subject": "S", "submitted": "2026-01-01",
      "planned_implementation": "2026-02-14"}, "was submitted 44 days before"),
    ({"kind": "contractor", "subject": "S", "planned_implementation": "2026-12-31"},
     "has not been submitted"),
    ({"kind": "contractor", "subject": "S", "planned_implementation": "2027-03-01"}, None),
    ({"kind": "tax-modeling", "subject": "S", "submitted": "2026-01-01",
      "planned_implementation": "2026-06-01"}, "needs the approval"),
    ({"kind": "pre-production", "subject": "S", "submitted": "2026-10-01",
      "planned_implementation": "2027-01-15"}, None),  # approval may still come
    ({"kind": "subcontractor-redisclosure", "subject": "S", "submitted": "2026-01-01",
      "planned_implementation": "2026-06-01", "approval_received": "2026-05-01"}, None),
    ({"kind": "cloud", "subject": "S", "submitted": "2026-01-01",
      "planned_implementation": "2026-06-01"}, None),  # Table 6: cloud needs no approval
])
def test_notifications(workspace_with: Make, record: dict, expected: str | None) -> None:
    ws = workspace_with(notifications=[record])
    problems = check_notifications(ws, TODAY)
    if expected is None:
        assert problems == []
        return
    [problem] = problems
    assert expected in problem.what and "§2.E.6" in problem.what


# ------------------------------------------------------------------ AI use

def test_ai_use(workspace_with: Make) -> None:
    ws = workspace_with(ai_use=[
        {"system": "Summarizer", "purpose": "drafting", "uses_fti": True},
        {"system": "Translator", "purpose": "public records", "uses_fti": False},
        {"system": "Classifier", "purpose": "triage", "uses_fti": True,
         "disclosed_to_safeguards": "2026-02-01"},
    ])
    [problem] = check_ai_use(ws, TODAY)
    assert "'Summarizer'" in problem.what and "MOU 9.A.12" in problem.what
    assert problem.where == "registers/ai-use.yaml:1"


def test_every_register_rule_is_a_validate_rule() -> None:
    assert all(rule in rules() for rule in REGISTER_RULES)


def test_empty_registers_raise_nothing(workspace_with: Make) -> None:
    ws = workspace_with()
    assert [p for rule in REGISTER_RULES for p in rule(ws, TODAY)] == []
