"""The CAP rules: each flag names the finding (file:line) and cites Pub 1075."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ssrgen.cap import cap_summary, is_overdue, open_findings
from ssrgen.cap.rules import (
    closure_evidence_rule,
    mitigation_plan_rule,
    not_applicable_rule,
    overdue_rule,
)
from ssrgen.cap.summary import summary_lines
from ssrgen.catalog import Catalogs
from ssrgen.model.findings import Finding
from ssrgen.workspace import Workspace, open_workspace

TODAY = dt.date(2026, 11, 22)


def _edit(example: Path, old: str, new: str) -> None:
    path = example / "cap" / "findings.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(example: Path, text: str) -> int:
    lines = (example / "cap" / "findings.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _load(example: Path, catalogs: Catalogs) -> Workspace:
    return open_workspace(example, catalogs)


def test_example_flags_only_the_overdue_finding(example: Path, catalogs: Catalogs) -> None:
    ws = _load(example, catalogs)
    assert closure_evidence_rule(ws) == []
    assert not_applicable_rule(ws) == []
    assert mitigation_plan_rule(ws, TODAY) == []
    [overdue] = overdue_rule(ws, TODAY)
    assert overdue.where == f"cap/findings.yaml:{_line_of(example, 'number: H.2.1')}"
    assert overdue.severity == "warning"
    assert overdue.what == "finding H.2.1 (significant) is overdue: planned for 2026-10-31, status 'in-progress'"


def test_closure_evidence_rule(example: Path, catalogs: Catalogs) -> None:
    _edit(example, "    closure_evidence: [EV-012]\n", "")
    [problem] = closure_evidence_rule(_load(example, catalogs))
    assert problem.where == f"cap/findings.yaml:{_line_of(example, 'number: H.1.1')}"
    assert problem.what == ("finding H.1.1 is critical and marked 'completed-pending-irs' without closure "
                            "evidence (Pub 1075 §2.E.5.1)")
    # a moderate finding may close without evidence
    _edit(example, "    closure_evidence: [EV-005]\n", "")
    assert [p.what.split()[1] for p in closure_evidence_rule(_load(example, catalogs))] == ["H.1.1"]


def test_not_applicable_needs_certification(example: Path, catalogs: Catalogs) -> None:
    _edit(example, "    status: in-progress\n", "    status: closed\n    no_longer_applicable: true\n")
    ws = _load(example, catalogs)
    [problem] = not_applicable_rule(ws)
    assert problem.where == f"cap/findings.yaml:{_line_of(example, 'number: H.2.1')}"
    assert "no longer applicable without a signed certification" in problem.what
    # significant and closed without evidence: also flagged until the certification is named
    assert [p.what.split()[1] for p in closure_evidence_rule(ws)] == ["H.2.1"]
    _edit(example, "    no_longer_applicable: true\n",
          "    no_longer_applicable: true\n    not_applicable_certification: CISO certification 2026-11-02\n")
    ws = _load(example, catalogs)
    assert not_applicable_rule(ws) == []
    assert closure_evidence_rule(ws) == []


def test_mitigation_plan_rule(example: Path, catalogs: Catalogs) -> None:
    _edit(example, "    status: completed-pending-irs\n    closure_evidence: [EV-012]\n",
          "    status: in-progress\n    closure_evidence: [EV-012]\n")
    text = (example / "cap" / "findings.yaml").read_text(encoding="utf-8")
    start = text.index("    mitigation_plan: >-")
    end = text.index("    corrective_action:", start)
    (example / "cap" / "findings.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    ws = _load(example, catalogs)
    # closing conference 2026-08-13: the plan is due 2026-08-20
    assert mitigation_plan_rule(ws, dt.date(2026, 8, 20)) == []
    [problem] = mitigation_plan_rule(ws, dt.date(2026, 8, 21))
    assert problem.what == ("critical finding H.1.1 has no mitigation plan; it was due 2026-08-20, 7 days "
                            "after the closing conference (Pub 1075 §1.6.3)")
    assert problem.where == f"cap/findings.yaml:{_line_of(example, 'number: H.1.1')}"


def test_is_overdue_and_open_findings(example: Path, catalogs: Catalogs) -> None:
    finding = Finding(number="H.1", criticality="limited", title="t", review="r", planned_date=dt.date(2026, 11, 21))
    assert is_overdue(finding, TODAY)
    assert not is_overdue(finding, dt.date(2026, 11, 21))  # due today is not late yet
    assert not is_overdue(finding.model_copy(update={"status": "completed-pending-irs"}), TODAY)
    assert not is_overdue(finding.model_copy(update={"planned_date": None}), TODAY)
    assert [f.number for f in open_findings(_load(example, catalogs))] == ["H.1.1", "H.2.1", "H.2.3", "H.4.2"]


def test_validate_reports_the_rules(run: Callable[..., Result], example: Path) -> None:
    _edit(example, "    closure_evidence: [EV-012]\n", "")
    result = run("validate", "-w", str(example))
    assert result.exit_code == 0
    line = _line_of(example, "number: H.1.1")
    assert (f"Warning: cap/findings.yaml:{line}: finding H.1.1 is critical and marked 'completed-pending-irs' "
            "without closure evidence (Pub 1075 §2.E.5.1). List the evidence ids") in result.output
    assert "finding H.2.1 (significant) is overdue" in result.output


def test_summary_and_status_command(run: Callable[..., Result], example: Path, catalogs: Catalogs) -> None:
    lines = summary_lines(cap_summary(_load(example, catalogs), TODAY))
    assert lines[0] == "Next CAP due: 01/31/2027 (CAP with the SSR, Pub 1075 Rev. 11-2021 §2.E.5.2 Table 5)"
    assert "Findings: 5 recorded, 4 not closed by IRS, 1 overdue" in lines
    assert "  significant  2 In Progress" in lines
    assert "  critical     1 Completed - Pending IRS Review" in lines
    result = run("cap", "status", "-w", str(example))
    assert result.exit_code == 0
    assert "overdue: H.2.1 (significant) planned 10/31/2026" in result.output
    listed = run("cap", "list", "--open", "-w", str(example))
    assert listed.output.splitlines()[1].startswith("H.2.1    significant  in-progress")
    assert listed.output.splitlines()[1].endswith("OVERDUE")


def test_record_submission(run: Callable[..., Result], example: Path, catalogs: Catalogs) -> None:
    result = run("cap", "record", "-w", str(example), "--submitted", "01/29/2027")
    assert result.exit_code == 0, result.output
    assert "CAP of 2027-01-29 recorded for 4 finding(s): H.1.1, H.2.1, H.2.3, H.4.2" in result.output
    ws = _load(example, catalogs)
    h21 = next(f for f in ws.findings.findings if f.number == "H.2.1")
    [cycle] = h21.history
    assert (cycle.submitted, cycle.status, cycle.planned_date) == (dt.date(2027, 1, 29), "in-progress",
                                                                   dt.date(2026, 10, 31))
    assert cycle.narrative.startswith("The application vendor is delivering a release")
    assert "# Significant and overdue" in (example / "cap" / "findings.yaml").read_text(encoding="utf-8")
    again = run("cap", "record", "-w", str(example), "--submitted", "2027-01-29")
    assert "Nothing to record: every open finding already has a CAP cycle dated 2027-01-29." in again.output


def test_status_shows_the_cap(run: Callable[..., Result], example: Path) -> None:
    result = run("status", "-w", str(example))
    assert result.exit_code == 0, result.output
    section = result.output.split("Corrective Action Plan:\n", 1)[1].splitlines()
    assert section[0].startswith("  Next CAP due: ")
    assert "  Findings: 5 recorded, 4 not closed by IRS, 1 overdue" in section
