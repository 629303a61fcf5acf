"""Where the CAP stands: counts, overdue findings and the next due date (Table 5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ssrgen.cap.columns import STATUS_LABELS
from ssrgen.cap.rules import is_overdue, mitigation_plan_due, open_findings
from ssrgen.deadlines import CapDue, next_cap_due
from ssrgen.model.findings import CRITICALITIES, FINDING_STATUSES, Finding, Review
from ssrgen.workspace import Workspace

CRITICALITY_ORDER = {c: i for i, c in enumerate(CRITICALITIES)}


@dataclass
class CapSummary:
    """What ``cap status``, ``status`` and the CAP documents say about the findings."""

    today: dt.date
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # criticality -> status -> n
    overdue: list[Finding] = field(default_factory=list)
    open: list[Finding] = field(default_factory=list)
    due: CapDue | None = None
    latest_review: Review | None = None
    mitigation_plans_missing: list[Finding] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.counts.values())

    def due_text(self) -> str:
        """``01/31/2027 (CAP with the SSR, Pub 1075 Table 5)`` or why none is due."""
        if self.due is None:
            return "no CAP due: every finding is closed" if self.total else "no CAP due: no findings recorded"
        kind = "CAP with the SSR" if self.due.kind == "with-ssr" else "CAP only"
        moved = "; the first CAP moved to this date because the review report was issued within " \
                "60 days of the earlier one" if self.due.moved_by_60_day_rule else ""
        return f"{self.due.due.strftime('%m/%d/%Y')} ({kind}, {self.due.source}{moved})"


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Critical first, then by IRS finding number."""
    return sorted(findings, key=lambda f: (CRITICALITY_ORDER[f.criticality], _number_key(f.number)))


def _number_key(number: str) -> list[tuple[int, str]]:
    return [(int(part), "") if part.isdigit() else (1 << 30, part) for part in number.split(".")]


def latest_review(workspace: Workspace) -> Review | None:
    reviews = [r for r in workspace.findings.reviews if r.report_issued or r.closing_conference]
    if not reviews:
        return workspace.findings.reviews[-1] if workspace.findings.reviews else None
    return max(reviews, key=lambda r: r.report_issued or r.closing_conference or dt.date.min)


def cap_summary(workspace: Workspace, today: dt.date | None = None) -> CapSummary:
    """Counts by criticality and status, overdue findings, and the next CAP due date."""
    today = today or dt.date.today()
    summary = CapSummary(today=today)
    summary.counts = {c: dict.fromkeys(FINDING_STATUSES, 0) for c in CRITICALITIES}
    for finding in workspace.findings.findings:
        summary.counts[finding.criticality][finding.status] += 1
    summary.open = sorted_findings(open_findings(workspace))
    summary.overdue = sorted_findings([f for f in workspace.findings.findings if is_overdue(f, today)])
    summary.mitigation_plans_missing = [
        f for f in summary.open
        if (due := mitigation_plan_due(workspace, f)) is not None and today > due and not f.mitigation_plan.strip()
    ]
    summary.latest_review = latest_review(workspace)
    if summary.open:
        issued = summary.latest_review.report_issued if summary.latest_review else None
        summary.due = next_cap_due(workspace.config.agency, today, issued)
    return summary


def summary_lines(summary: CapSummary) -> list[str]:
    """The summary as lines of text, for ``cap status`` and ``status``."""
    lines = [f"Next CAP due: {summary.due_text()}"]
    if summary.latest_review is not None:
        review = summary.latest_review
        issued = f", report issued {review.report_issued.isoformat()}" if review.report_issued else ""
        closing = f", closing conference {review.closing_conference.isoformat()}" if review.closing_conference else ""
        lines.append(f"Latest review: {review.id} ({review.type}{closing}{issued})")
    lines.append(f"Findings: {summary.total} recorded, {len(summary.open)} not closed by IRS, "
                 f"{len(summary.overdue)} overdue")
    for criticality in CRITICALITIES:
        row = summary.counts[criticality]
        if sum(row.values()):
            parts = ", ".join(f"{n} {STATUS_LABELS[s]}" for s, n in row.items() if n)
            lines.append(f"  {criticality:<12} {parts}")
    for finding in summary.overdue:
        assert finding.planned_date is not None
        lines.append(f"  overdue: {finding.number} ({finding.criticality}) planned "
                     f"{finding.planned_date.strftime('%m/%d/%Y')}: {finding.title}")
    for finding in summary.mitigation_plans_missing:
        lines.append(f"  no mitigation plan: critical finding {finding.number} (due 7 days after the "
                     "closing conference, Pub 1075 §1.6.3)")
    return lines


def cap_status_section(workspace: Workspace, today: dt.date) -> Any:
    """The CAP part of ``ssrgen status``: next due date, counts, overdue findings."""
    from ssrgen.status import StatusSection  # status lists the sections of every module

    if not workspace.findings.findings:
        return None
    summary = cap_summary(workspace, today)
    return StatusSection(
        "Corrective Action Plan",
        lines=summary_lines(summary),
        data={
            "next_due": summary.due.due.isoformat() if summary.due else None,
            "next_due_kind": summary.due.kind if summary.due else None,
            "moved_by_60_day_rule": summary.due.moved_by_60_day_rule if summary.due else False,
            "findings": summary.total,
            "not_closed": len(summary.open),
            "overdue": [f.number for f in summary.overdue],
            "counts": summary.counts,
        },
    )
