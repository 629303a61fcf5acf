"""The compliance rules on findings, and the questions other deliverables ask.

Each rule is a function ``(workspace) -> problems`` with severity "warning": the
findings are valid data, the agency has work to do. ``validate`` and ``status``
run them through :func:`ssrgen.validate.rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ssrgen.errors import Problem
from ssrgen.model.findings import Finding, Review
from ssrgen.workspace import FINDINGS, Workspace

DONE = frozenset({"completed-pending-irs", "closed"})
# Pub 1075 §2.E.5.1: "Provide evidentiary documentation to validate the closure of
# any findings identified as Critical or Significant".
NEEDS_CLOSURE_EVIDENCE = frozenset({"critical", "significant"})
# Pub 1075 §1.6.3: "the agency must submit a mitigation plan to Safeguards within 7
# days from the closing conference date".
MITIGATION_PLAN_DAYS = 7


def _where(workspace: Workspace, finding: Finding) -> str:
    return workspace.where.get(f"finding:{finding.number}", FINDINGS.as_posix())


def is_done(finding: Finding) -> bool:
    """Completed (pending IRS's acceptance) or closed."""
    return finding.status in DONE


def is_overdue(finding: Finding, today: dt.date | None = None) -> bool:
    """The planned implementation date has passed and the finding is not done."""
    today = today or dt.date.today()
    return finding.planned_date is not None and finding.planned_date < today and not is_done(finding)


def open_findings(workspace: Workspace) -> list[Finding]:
    """Findings IRS has not closed (open, in progress, or completed pending IRS)."""
    return [f for f in workspace.findings.findings if f.status != "closed"]


def review_of(workspace: Workspace, finding: Finding) -> Review | None:
    return next((r for r in workspace.findings.reviews if r.id == finding.review), None)


def mitigation_plan_due(workspace: Workspace, finding: Finding) -> dt.date | None:
    """When the mitigation plan of a critical finding is due (closing conference + 7 days)."""
    review = review_of(workspace, finding)
    if finding.criticality != "critical" or review is None or review.closing_conference is None:
        return None
    return review.closing_conference + dt.timedelta(days=MITIGATION_PLAN_DAYS)


def mitigation_plan_owed(workspace: Workspace, finding: Finding) -> dt.date | None:
    """The due date of a critical finding's mitigation plan while it is not recorded as sent
    (``mitigation_plan_sent``) and the finding is not done; otherwise None."""
    if finding.mitigation_plan_sent is not None or is_done(finding):
        return None
    return mitigation_plan_due(workspace, finding)


# ------------------------------------------------------------------ rules

def closure_evidence_rule(workspace: Workspace) -> list[Problem]:
    """Critical and significant findings are closed only with evidence (§2.E.5.1)."""
    problems = []
    for finding in workspace.findings.findings:
        certified = finding.no_longer_applicable and bool(finding.not_applicable_certification)
        if (finding.criticality in NEEDS_CLOSURE_EVIDENCE and is_done(finding)
                and not finding.closure_evidence and not certified):
            problems.append(Problem(
                _where(workspace, finding),
                f"finding {finding.number} is {finding.criticality} and marked '{finding.status}' "
                "without closure evidence (Pub 1075 §2.E.5.1)",
                "List the evidence ids that show the fix under 'closure_evidence', or set the status "
                "back to 'in-progress'.",
                "warning",
            ))
    return problems


def not_applicable_rule(workspace: Workspace) -> list[Problem]:
    """A finding closed as no longer applicable needs the CISO or head-of-agency certification."""
    problems = []
    for finding in workspace.findings.findings:
        if finding.no_longer_applicable and not (finding.not_applicable_certification or "").strip():
            problems.append(Problem(
                _where(workspace, finding),
                f"finding {finding.number} is marked no longer applicable without a signed "
                "certification in 'not_applicable_certification' (Pub 1075 §2.E.5.1)",
                "Name the signed certification of the CISO or head of agency, e.g. "
                "'CISO certification 2026-07-14, evidence EV-014'.",
                "warning",
            ))
    return problems


def overdue_rule(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Findings whose planned implementation date has passed and that are not done."""
    problems = []
    for finding in workspace.findings.findings:
        if is_overdue(finding, today):
            assert finding.planned_date is not None
            problems.append(Problem(
                _where(workspace, finding),
                f"finding {finding.number} ({finding.criticality}) is overdue: planned for "
                f"{finding.planned_date.isoformat()}, status '{finding.status}'",
                "Complete the corrective action, or set a new 'planned_date' and explain the delay "
                "in 'corrective_action' for the next CAP.",
                "warning",
            ))
    return problems


def mitigation_plan_rule(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Critical findings need a mitigation plan sent within 7 days of the closing conference (§1.6.3)."""
    today = today or dt.date.today()
    problems = []
    for finding in workspace.findings.findings:
        due = mitigation_plan_owed(workspace, finding)
        if due is None or today <= due:
            continue
        when = f"it was due {due.isoformat()}, 7 days after the closing conference (Pub 1075 §1.6.3)"
        if not finding.mitigation_plan.strip():
            what = f"critical finding {finding.number} has no mitigation plan; {when}"
            fix = ("Write the plan sent to the Office of Safeguards under 'mitigation_plan' and the day "
                   "it was sent under 'mitigation_plan_sent'.")
        else:
            what = f"the mitigation plan of critical finding {finding.number} is not recorded as sent; {when}"
            fix = "Write the day it went to the Office of Safeguards under 'mitigation_plan_sent' (YYYY-MM-DD)."
        problems.append(Problem(_where(workspace, finding), what, fix, "warning"))
    return problems


def cap_rules() -> list[Callable[[Workspace], list[Problem]]]:
    """The CAP rules in the order ``validate`` reports them."""
    return [closure_evidence_rule, not_applicable_rule, overdue_rule, mitigation_plan_rule]
