"""An inspection as its report and its page of the site show it: the facility, who
inspected and how, the results of each area, the findings of the POA&M and what was
not checked. :func:`inspection_context` is the context of the report template
(docs/inspections.md lists its variables); the site's inspection pages get the same.
Every workspace text in it is recorded with where it comes from, for the FTI scan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ssrgen.deadlines import ssr_schedule_covering
from ssrgen.freshness import add_cadence
from ssrgen.inspections.checklist import (
    ChecklistRow,
    build_checklist,
    checklist_catalog,
    control_row,
    cycle_words,
)
from ssrgen.inspections.summary import STATUS_WORDS, tally
from ssrgen.model.catalog import Cadence
from ssrgen.model.inspections import (
    DEFICIENT,
    EMPLOYER_LABELS,
    KIND_LABELS,
    METHOD_LABELS,
    RESULT_LABELS,
    RESULTS,
    Inspection,
)
from ssrgen.registers.clocks import inspection_interval
from ssrgen.workspace import Workspace
from ssrgen.yamlio import display_path

PUB = "Pub 1075 Rev. 11-2021"
# "Inspection reports, including a record of corrective actions, must be retained by the agency for a
# minimum of five years from the date the inspection was completed" (§2.D.3)
RETENTION = Cadence(value=5, unit="years", basis="Pub 1075 §2.D.3")


def us_date(day: dt.date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def _yes_no(value: bool | None) -> str:
    return "not recorded" if value is None else ("Yes" if value else "No")


class Texts:
    """Every workspace text going into the report, with where it comes from (for the FTI scan)."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.fields: list[tuple[str, str]] = []

    def take(self, field: str, text: str | None) -> str:
        value = text or ""
        if value:
            self.fields.append((f"{field} ({self.where})", value))
        return value


def inspection_context(workspace: Workspace, inspection: Inspection, today: dt.date) -> tuple[dict[str, Any], Texts]:
    """Every variable of the report template (docs/inspections.md), and the workspace texts in it."""
    where = display_path(workspace.inspection_files[inspection.id], workspace.root) \
        if inspection.id in workspace.inspection_files else f"inspection {inspection.id}"
    texts = Texts(where)
    rows = _rows(workspace, inspection)
    schedule = ssr_schedule_covering(workspace.config.agency, inspection.date)
    findings = [f for f in workspace.registers.poam if f.inspection == inspection.id]
    areas = []
    titles: dict[str, tuple[str, str]] = {a.id: (a.title, a.source) for a in checklist_catalog().areas}
    by_area: dict[str, list[dict[str, str]]] = {}
    for result in inspection.results:
        row = rows.get(result.item)
        area = row.area if row else "other"
        by_area.setdefault(area, []).append({
            "id": result.item,
            "requirement": row.text if row else "(no longer in the inspection checklist)",
            "citation": row.citation if row else result.item,
            "result": RESULT_LABELS[result.result],
            "result_code": result.result,
            "observation": texts.take(f"item {result.item} observation", result.observation),
            "evidence": texts.take(f"item {result.item} evidence", result.evidence),
        })
    for area, items in by_area.items():
        title, source = titles.get(area, ("Other items", ""))
        counts = {r: sum(1 for i in items if i["result_code"] == r) for r in RESULTS}
        areas.append({
            "id": area, "title": title, "source": source, "rows": items,
            "exceptions": [i for i in items if i["result_code"] in (*DEFICIENT, "not-checked")],
            "total": len(items), **{RESULT_LABELS[r].replace(" ", "_"): n for r, n in counts.items()},
            "summary": ", ".join(f"{n} {RESULT_LABELS[r]}" for r, n in counts.items() if n),
        })
    interval = inspection_interval(inspection.kind)
    next_due = add_cadence(inspection.date, interval.cadence)
    self_certified = inspection.method == "self-certified"
    context: dict[str, Any] = {
        "report": {
            "title": f"Internal inspection report {inspection.id}",
            "id": inspection.id,
            "prepared": us_date(today),
            "period": f"{us_date(schedule.period_start)} to {us_date(schedule.period_end)}",
            "period_label": schedule.label,
            "retain_until": us_date(add_cadence(inspection.date, RETENTION)),
            "source": f"{PUB} §2.D.3",
        },
        "agency": {"name": texts.take("agency name", workspace.config.agency.name),
                   "code": texts.take("agency code", workspace.config.agency.code)},
        "facility": {
            "name": texts.take("facility", inspection.facility),
            "kind": KIND_LABELS[inspection.kind],
            "cycle": cycle_words(inspection.kind),
            "next_due": us_date(next_due),
            "systems": ", ".join(inspection.systems) or "none",
        },
        "inspection": {
            "date": us_date(inspection.date),
            "method": METHOD_LABELS[inspection.method],
            "self_certified": self_certified,
            "inspector": texts.take("inspector", inspection.inspector),
            "inspector_office": texts.take("inspector_office", inspection.inspector_office),
            "inspector_employer": EMPLOYER_LABELS[inspection.inspector_employer],
            "function_inspected": texts.take("function_inspected", inspection.function_inspected),
            "independent": _yes_no(inspection.independent),
            "signed_by": texts.take("signed_by", inspection.signed_by),
            "signer_title": texts.take("signer_title", inspection.signer_title),
            "signer_is_employee": _yes_no(inspection.signer_is_employee),
            "received_on": us_date(inspection.received_on),
            "reviewed_by": texts.take("reviewed_by", inspection.reviewed_by),
            "discussed_on": us_date(inspection.discussed_on),
            "notes": texts.take("notes", inspection.notes),
            "results": tally(inspection),
            "item_count": len(inspection.results),
            "not_checked": inspection.counts()["not-checked"],
        },
        "areas": areas,
        "findings": [{
            "id": f.id,
            "item": f.item or "",
            "requirement": rows[f.item].text if f.item in rows else "",
            "citation": rows[f.item].citation if f.item in rows else "",
            "result": RESULT_LABELS.get(f.result or "", ""),
            "description": texts.take(f"POA&M {f.id} description", f.description),
            "remediation_plan": texts.take(f"POA&M {f.id} remediation_plan", f.remediation_plan),
            "responsible_office": texts.take(f"POA&M {f.id} responsible_office", f.responsible_office),
            "planned_date": us_date(f.planned_date),
            "status": STATUS_WORDS[f.status],
            "completed_date": us_date(f.completed_date),
            "closure_evidence": texts.take(f"POA&M {f.id} closure_evidence", f.closure_evidence),
        } for f in findings],
        "not_checked": [{"id": r.item, "requirement": rows[r.item].text if r.item in rows else ""}
                        for r in inspection.results if r.result == "not-checked"],
        "notice": workspace.scope.notice,
        "intro": (f"This report records the internal inspection of {inspection.facility} "
                  f"({KIND_LABELS[inspection.kind]}) on {us_date(inspection.date)}, which reviewed "
                  "recordkeeping, secure storage, limited access, disposal and cybersecurity "
                  f"({workspace.scope.cite('MOU §9.A.10', f'{PUB} §2.D.3')}). Findings and their corrective "
                  f"actions are tracked in the agency's plan of action and milestones ({PUB} §2.D.9)."),
    }
    return context, texts


def _rows(workspace: Workspace, inspection: Inspection) -> dict[str, ChecklistRow]:
    """The checklist rows of the inspection's items, as the facility's checklist words them now."""
    record = next(((i, r) for i, r in enumerate(workspace.registers.inspections)
                   if r.facility.strip() == inspection.facility.strip() and r.kind == inspection.kind), None)
    rows: dict[str, ChecklistRow] = {}
    if record is not None:
        rows = {r.id: r for r in build_checklist(workspace, *record).rows}
    missing = [r.item for r in inspection.results if r.item not in rows]
    if missing:  # items of another checklist of the facility (other systems, an older catalog)
        titles = {a.id: a.title for a in checklist_catalog().areas}
        items = {i.id: i for i in checklist_catalog().items}
        for item in missing:
            if item in items:
                found = items[item]
                rows[item] = ChecklistRow(found.id, found.area, titles[found.area], found.text, found.cite,
                                          found.source, tuple(found.look_at))
            elif item in workspace.catalogs.by_id:
                rows[item] = control_row(workspace.catalogs.by_id[item], titles["cybersecurity"], ())
    return rows
