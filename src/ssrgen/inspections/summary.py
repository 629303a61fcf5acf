"""Where the internal inspections and the POA&M stand: the section of ``ssrgen status``,
and what the SSR, the site, the reports and ``inspection poam`` share (the counts, the
words, the name of an inspection's report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ssrgen.model.inspections import RESULT_LABELS, Inspection
from ssrgen.model.registers import PoamFinding
from ssrgen.registers.rules import POAM_SOURCE, poam_overdue
from ssrgen.status import StatusSection
from ssrgen.workspace import Workspace

STATUS_WORDS = {"open": "open", "in-progress": "in progress", "closed": "closed"}


@dataclass
class PoamSummary:
    """The POA&M on a day: every finding, the open ones (overdue first, then by planned date)."""

    today: dt.date
    findings: list[PoamFinding]
    open: list[PoamFinding] = field(default_factory=list)
    overdue: list[PoamFinding] = field(default_factory=list)
    undated: list[PoamFinding] = field(default_factory=list)

    @property
    def closed(self) -> int:
        return len(self.findings) - len(self.open)

    def line(self) -> str:
        """``3 findings: 2 open (1 overdue, 1 without a planned date), 1 closed``."""
        if not self.findings:
            return "no findings"
        detail = [f"{len(self.overdue)} overdue"] if self.overdue else []
        if self.undated:
            detail.append(f"{len(self.undated)} without a planned date")
        shown = f" ({', '.join(detail)})" if detail else ""
        return f"{len(self.findings)} finding(s): {len(self.open)} open{shown}, {self.closed} closed"


def poam_summary(workspace: Workspace, today: dt.date) -> PoamSummary:
    findings = list(workspace.registers.poam)
    summary = PoamSummary(today, findings)
    summary.open = sorted((f for f in findings if f.status != "closed"),
                          key=lambda f: (not poam_overdue(f, today), f.planned_date or dt.date.max, f.id))
    summary.overdue = [f for f in summary.open if poam_overdue(f, today)]
    summary.undated = [f for f in summary.open if f.planned_date is None]
    return summary


def report_filename(inspection: Inspection) -> str:
    """``Inspection-report-IIR-2026-01.docx``: the report's name in out/ and in the SSR package."""
    return f"Inspection-report-{inspection.id}.docx"


def tally(inspection: Inspection) -> str:
    """``106 met, 1 not met, 1 partially met``."""
    return ", ".join(f"{n} {RESULT_LABELS[r]}" for r, n in inspection.counts().items() if n)


def finding_line(finding: PoamFinding, today: dt.date) -> str:
    """One line of the POA&M: id, facility, status, planned date, what is wrong."""
    when = f"planned {finding.planned_date.isoformat()}" if finding.planned_date else "no planned date"
    mark = "OVERDUE " if poam_overdue(finding, today) else ""
    text = " ".join(finding.description.split())
    text = text if len(text) <= 70 else text[:69].rstrip() + "…"
    where = f" {finding.facility}:" if finding.facility else ""
    return f"{mark}{finding.id} ({STATUS_WORDS[finding.status]}, {when}){where} {text}"


def inspections_status_section(workspace: Workspace, today: dt.date) -> StatusSection | None:
    """``ssrgen status``: the inspections recorded and the POA&M (None when there is neither)."""
    summary = poam_summary(workspace, today)
    if not workspace.inspections and not summary.findings:
        return None
    lines = []
    if workspace.inspections:
        latest = workspace.inspections[-1]
        lines.append(f"Inspections recorded: {len(workspace.inspections)}; latest {latest.id}, {latest.facility}, "
                     f"{latest.date.isoformat()} ({latest.method}): {tally(latest)}.")
    lines.append(f"POA&M ({POAM_SOURCE}): {summary.line()}.")
    lines += [f"  {finding_line(f, today)}" for f in summary.open]
    if summary.open:
        lines.append("'ssrgen due' lists the planned dates; 'ssrgen inspection poam' the whole plan.")
    data = {
        "inspections": [{"id": i.id, "facility": i.facility, "date": i.date.isoformat(), "method": i.method,
                         "results": {r: n for r, n in i.counts().items() if n}} for i in workspace.inspections],
        "poam": {
            "findings": len(summary.findings), "open": len(summary.open), "overdue": len(summary.overdue),
            "closed": summary.closed,
            "open_findings": [{"id": f.id, "facility": f.facility, "status": f.status,
                               "planned_date": f.planned_date.isoformat() if f.planned_date else None,
                               "overdue": poam_overdue(f, today)} for f in summary.open],
        },
    }
    return StatusSection("Internal inspections and POA&M", lines=lines, data=data)
