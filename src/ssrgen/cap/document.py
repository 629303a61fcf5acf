"""The CAP as a Word document, from the editable template ``templates/cap.docx``.

Findings are grouped by criticality (critical first) with the agency's narrative
and dates in MM/DD/YYYY. The variables a template can use are listed in
docs/cap.md; the workspace may override the template with its own
``templates/cap.docx``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ssrgen.cap.columns import STATUS_LABELS, format_date
from ssrgen.cap.rules import is_overdue
from ssrgen.cap.summary import CapSummary, cap_summary, sorted_findings
from ssrgen.docx_template import DocumentProperties, render_bytes
from ssrgen.fti_scan import check_no_fti
from ssrgen.model.findings import CRITICALITIES, Finding
from ssrgen.output import write_file
from ssrgen.paths import file_slug
from ssrgen.workspace import Workspace
from ssrgen.yamlio import display_path

TEMPLATE_NAME = "cap.docx"


def cap_filename(workspace: Workspace, today: dt.date, suffix: str) -> str:
    code = file_slug(workspace.config.agency.code or workspace.config.agency.state or "", "agency")
    return f"CAP-{code}-{today.isoformat()}.{suffix}"


def _finding(workspace: Workspace, finding: Finding, today: dt.date,
             titles: dict[str, str] | None = None) -> dict[str, Any]:
    if titles is None:
        titles = {e.id: e.title for e in workspace.evidence}
    return {
        "number": finding.number,
        "title": finding.title,
        "criticality": finding.criticality.capitalize(),
        "issue_codes": ", ".join(finding.issue_codes),
        "controls": ", ".join(finding.controls),
        "description": finding.description.strip(),
        "recommendation": finding.recommendation.strip(),
        "corrective_action": finding.corrective_action.strip(),
        "mitigation_plan": finding.mitigation_plan.strip(),
        "responsible_office": finding.responsible_office,
        "planned_date": format_date(finding.planned_date),
        "completed_date": format_date(finding.completed_date),
        "status": STATUS_LABELS[finding.status],
        "overdue": is_overdue(finding, today),
        "closure_evidence": "; ".join(f"{i} {titles.get(i, '')}".strip() for i in finding.closure_evidence),
        "review": finding.review,
    }


def cap_context(workspace: Workspace, today: dt.date | None = None,
                summary: CapSummary | None = None) -> dict[str, Any]:
    """Everything the CAP template can show."""
    today = today or dt.date.today()
    summary = summary or cap_summary(workspace, today)
    findings = sorted_findings(list(workspace.findings.findings))
    titles = {e.id: e.title for e in workspace.evidence}  # once, not once per finding
    groups = []
    for criticality in CRITICALITIES:
        members = [_finding(workspace, f, today, titles) for f in findings if f.criticality == criticality]
        if members:
            groups.append({"label": criticality.capitalize(), "criticality": criticality, "findings": members})
    review = summary.latest_review
    review_text = "none recorded"
    if review is not None:
        parts = [f"{review.id} ({review.type})"]
        if review.closing_conference:
            parts.append(f"closing conference {format_date(review.closing_conference)}")
        if review.report_issued:
            parts.append(f"report issued {format_date(review.report_issued)}")
        review_text = ", ".join(parts)
    agency = workspace.config.agency
    contact = workspace.config.safeguards_contact
    return {
        "agency": {"name": agency.name, "code": agency.code or "", "type": agency.type,
                   "state": agency.state or ""},
        "contact": {"name": contact.name, "title": contact.title, "email": contact.email or "",
                    "phone": contact.phone or ""},
        "prepared": format_date(today),
        "next_due": summary.due_text(),
        "review": {"text": review_text, "id": review.id if review else ""},
        "summary": [
            {"criticality": c.capitalize(), "open": summary.counts[c]["open"],
             "in_progress": summary.counts[c]["in-progress"],
             "completed": summary.counts[c]["completed-pending-irs"],
             "closed": summary.counts[c]["closed"], "total": sum(summary.counts[c].values())}
            for c in CRITICALITIES
        ],
        "overdue_count": len(summary.overdue),
        "groups": groups,
    }


def write_cap_document(workspace: Workspace, output: Path, today: dt.date | None = None) -> Path:
    """Fill the CAP Word template (the workspace's own, else the bundled one)."""
    today = today or dt.date.today()
    context = cap_context(workspace, today)
    texts = []
    for group in context["groups"]:
        for item in group["findings"]:
            where = workspace.where.get(f"finding:{item['number']}", "cap/findings.yaml")
            for name in ("title", "description", "recommendation", "corrective_action",
                         "mitigation_plan", "responsible_office"):
                texts.append((f"finding {item['number']} {name} ({where})", str(item[name])))
    check_no_fti(texts, workspace.config.fti_allowlist)
    template = workspace.template(TEMPLATE_NAME)
    properties = DocumentProperties(
        title=f"Corrective Action Plan: {workspace.name}",
        subject="IRS Publication 1075 Corrective Action Plan",
        author=workspace.config.safeguards_contact.name,
        keywords="CAP, Publication 1075",
    )
    data = render_bytes(template, context, shown=display_path(template, workspace.root), properties=properties)
    return write_file(workspace, output, data, kind="cap-document")
