"""What the SSR says about internal inspections beyond the three-year plan: Pub 1075
§2.D.3 "A summary of the agency's findings and the actions taken to correct any
deficiencies must be included with the SSR", and the inspection reports, sent
with it as attachments.

- ``inspections.rows``: the inspections completed in the reporting period;
- ``inspections.findings``: the POA&M findings (§2.D.9) the period saw: those of
  the period's inspections, those still open, and those corrected in the period;
  each with the action taken;
- ``inspections.summary``: one paragraph saying all of it in words;
- ``inspections.reports``: the reports of the period's inspections, also listed
  among the SSR's ``attachments`` under the names ``ssrgen package`` gives them.
"""

from __future__ import annotations

from typing import Any

from ssrgen.deadlines import SsrSchedule
from ssrgen.inspections.checklist import checklist_catalog
from ssrgen.inspections.summary import STATUS_WORDS, report_filename, tally
from ssrgen.model.inspections import (
    DEFICIENT,
    KIND_LABELS,
    METHOD_LABELS,
    RESULT_LABELS,
    Inspection,
)
from ssrgen.model.registers import PoamFinding
from ssrgen.ssr.context import Texts, us_date
from ssrgen.workspace import Workspace

PUB = "Pub 1075"
SECTION = "7 Other Safeguards (internal inspections, Pub 1075 §2.D.3)"


def inspections(ws: Workspace, texts: Texts, schedule: SsrSchedule) -> dict[str, Any]:
    """``inspections``: the period's inspections, the POA&M findings and actions, the reports."""
    start, end = schedule.period_start, schedule.period_end
    done = [i for i in ws.inspections if start <= i.date <= end]
    ids = {i.id for i in done}
    cites = {i.id: i.source for i in checklist_catalog().items}
    cites.update((e.id, e.entry.source) for e in ws.catalogs.by_id.values() if e.catalog == "pub1075")
    cites = {item: source.replace("Pub 1075 Rev. 11-2021", PUB) for item, source in cites.items()}
    rows = []
    for inspection in done:
        where = f"inspection {inspection.id} (inspections/{inspection.id}.yaml)"
        rows.append({
            "id": inspection.id,
            "facility": texts.take(f"{where} facility", inspection.facility),
            "kind": KIND_LABELS[inspection.kind],
            "date": us_date(inspection.date),
            "method": METHOD_LABELS[inspection.method],
            "inspector": texts.take(f"{where} inspector", inspection.inspector),
            "results": tally(inspection),
            "findings": sum(1 for r in inspection.results if r.result in DEFICIENT),
            "report": report_filename(inspection),
        })
    findings = []
    for finding in ws.registers.poam:
        corrected_in_period = finding.completed_date is not None and start <= finding.completed_date <= end
        if not (finding.inspection in ids or finding.status != "closed" or corrected_in_period):
            continue
        findings.append(_finding(finding, texts, cites))
    return {
        "rows": rows,
        "findings": findings,
        "summary": _summary(done, findings, ws, schedule),
        "reports": [{"name": report_filename(i), "title": report_title(i)} for i in done],
    }


def report_title(inspection: Inspection) -> str:
    return (f"Internal inspection report {inspection.id}: {inspection.facility} "
            f"({KIND_LABELS[inspection.kind]}), {us_date(inspection.date)}")


def report_attachments(ws: Workspace, texts: Texts, schedule: SsrSchedule) -> list[dict[str, str]]:
    """The period's inspection reports as rows of the SSR's ``attachments``."""
    return [{"name": report_filename(i), "title": texts.take(f"inspection {i.id} facility", report_title(i)),
             "section": SECTION, "source": f"written by 'ssrgen inspection report {i.id}' and 'ssrgen build'"}
            for i in ws.inspections if schedule.period_start <= i.date <= schedule.period_end]


def _finding(finding: PoamFinding, texts: Texts, cites: dict[str, str]) -> dict[str, str]:
    where = f"POA&M finding {finding.id} (registers/poam.yaml)"
    description = texts.take(f"{where} description", finding.description)
    plan = texts.take(f"{where} remediation_plan", finding.remediation_plan)
    office = texts.take(f"{where} responsible_office", finding.responsible_office)
    facility = texts.take(f"{where} facility", finding.facility)
    cite = cites.get(finding.item or "", "")
    status = STATUS_WORDS[finding.status]
    if finding.status == "closed":
        action = f"Corrected{' on ' + us_date(finding.completed_date) if finding.completed_date else ''}"
    elif finding.planned_date:
        action = f"{status.capitalize()}, planned for {us_date(finding.planned_date)}"
    else:
        action = f"{status.capitalize()}, no planned date yet"
    origin = ", ".join(x for x in (facility, f"inspection {finding.inspection}" if finding.inspection else "",
                                   f"item {finding.item}" if finding.item else "", cite) if x)
    text = f"{finding.id}{f' ({origin})' if origin else ''}: {description.rstrip('.')}." + (f" Action: {plan.rstrip('.')}" if plan else "") \
        + (f" ({office})." if office else ("." if plan else "")) + f" {action}."
    return {
        "id": finding.id, "facility": facility, "inspection": finding.inspection or "", "item": finding.item or "",
        "citation": cite, "result": RESULT_LABELS.get(finding.result or "", ""), "description": description,
        "remediation_plan": plan, "responsible_office": office, "planned_date": us_date(finding.planned_date),
        "status": status, "completed_date": us_date(finding.completed_date), "action": action,
        "text": " ".join(text.split()),
    }


def _summary(done: list[Inspection], findings: list[dict[str, str]], ws: Workspace, schedule: SsrSchedule) -> str:
    period = f"{us_date(schedule.period_start)} to {us_date(schedule.period_end)}"
    if done:
        on_site = sum(1 for i in done if i.method == "on-site")
        methods = ", ".join(x for x in (f"{on_site} on site" if on_site else "",
                                        f"{len(done) - on_site} self-certified" if len(done) > on_site else "") if x)
        found = sum(1 for i in done for r in i.results if r.result in DEFICIENT)
        listed = "; ".join(f"{i.id}, {i.facility} ({KIND_LABELS[i.kind]}), {us_date(i.date)}" for i in done)
        were = "internal inspection was" if len(done) == 1 else "internal inspections were"
        text = (f"{len(done)} {were} completed from {period} ({methods}): {listed}. "
                f"{'It' if len(done) == 1 else 'They'} found {found} "
                f"{'deficiency' if found == 1 else 'deficiencies'} (items not met or partially met).")
    else:
        text = f"No internal inspection was completed from {period} (inspections/ of the workspace)."
    if findings:
        closed = sum(1 for f in findings if f["status"] == "closed")
        open_ = len(findings) - closed
        text += (f" The agency's plan of action and milestones ({PUB} §2.D.9) tracks {len(findings)} "
                 f"{'finding' if len(findings) == 1 else 'findings'} of its internal inspections for this period: "
                 f"{closed} corrected, {open_} open; each is listed below with the action taken.")
    elif done:
        text += f" The agency's plan of action and milestones ({PUB} §2.D.9) has no open finding."
    if done:
        text += f" The inspection {'report is' if len(done) == 1 else 'reports are'} attached."
    return text
