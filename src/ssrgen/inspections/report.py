"""``ssrgen inspection report ID``: the report of an internal inspection (.docx).

Pub 1075 §2.D.3 asks agencies to submit copies of their inspection reports with
the SSR, and to keep them, "including a record of corrective actions", for five
years. The report is filled from a Word template the agency can edit (the
workspace's ``templates/inspection-report.docx``, else the bundled one written
by ``tools/make_inspection_template.py``; docs/inspections.md lists the
variables): scope, facility, inspector, method, the results by area, the
findings and their corrective actions from the POA&M, the signature block and
the notice that Safeguards documents are IRS records.

Each report goes through the output door with the kind ``inspection-report``
and the label of the SSR period its inspection falls in, so ``ssrgen package``
takes the reports of the period; ``ssrgen build`` writes those of the current
reporting period.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ssrgen.deadlines import SsrSchedule, ssr_schedule, ssr_schedule_covering
from ssrgen.docx_template import DocumentProperties, render_bytes
from ssrgen.errors import InputError
from ssrgen.freshness import add_cadence
from ssrgen.fti_scan import check_no_fti
from ssrgen.inspections.checklist import (
    ChecklistRow,
    build_checklist,
    checklist_catalog,
    control_row,
    cycle_words,
)
from ssrgen.inspections.sheets import EMPLOYER_LABELS, KIND_LABELS, METHOD_LABELS, RESULT_LABELS
from ssrgen.inspections.summary import STATUS_WORDS, report_filename, tally
from ssrgen.model.catalog import Cadence
from ssrgen.model.inspections import DEFICIENT, RESULTS, Inspection
from ssrgen.output import write_file
from ssrgen.registers.clocks import inspection_interval
from ssrgen.workspace import Workspace
from ssrgen.yamlio import display_path

TEMPLATE = "inspection-report.docx"
# "Inspection reports, including a record of corrective actions, must be retained by the agency for a
# minimum of five years from the date the inspection was completed" (§2.D.3)
RETENTION = Cadence(value=5, unit="years", basis="Pub 1075 §2.D.3")
PUB = "Pub 1075 Rev. 11-2021"


def find_inspection(workspace: Workspace, ident: str) -> Inspection:
    """The inspection recorded with the id ``ident`` (case ignored)."""
    found = next((i for i in workspace.inspections if i.id.casefold() == ident.strip().casefold()), None)
    if found is None:
        known = ", ".join(f"{i.id} ({i.facility}, {i.date.isoformat()})" for i in workspace.inspections[-8:])
        raise InputError(f"no inspection has the id '{ident}'",
                         fix=f"Use the id of an inspection in inspections/: {known}." if known else
                         "Record an inspection first: 'ssrgen inspection checklist FACILITY', fill it in, "
                         "then 'ssrgen inspection import FILE'.")
    return found


def us_date(day: dt.date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def _yes_no(value: bool | None) -> str:
    return "not recorded" if value is None else ("Yes" if value else "No")


class _Texts:
    """Every workspace text going into the report, with where it comes from (for the FTI scan)."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.fields: list[tuple[str, str]] = []

    def take(self, field: str, text: str | None) -> str:
        value = text or ""
        if value:
            self.fields.append((f"{field} ({self.where})", value))
        return value


def report_context(workspace: Workspace, inspection: Inspection, today: dt.date) -> tuple[dict[str, Any], _Texts]:
    """Every variable of the report template (docs/inspections.md), and the workspace texts in it."""
    where = display_path(workspace.inspection_files[inspection.id], workspace.root) \
        if inspection.id in workspace.inspection_files else f"inspection {inspection.id}"
    texts = _Texts(where)
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


def render_report(workspace: Workspace, inspection: Inspection, template: Path | None = None,
                  today: dt.date | None = None) -> tuple[bytes, SsrSchedule]:
    """The filled report as bytes, and the SSR period it belongs to; nothing is written."""
    today = today or dt.date.today()
    context, texts = report_context(workspace, inspection, today)
    check_no_fti(texts.fields, workspace.config.fti_allowlist)
    source = template or workspace.template(TEMPLATE)
    properties = DocumentProperties(
        title=context["report"]["title"],
        subject=f"Internal inspection of {inspection.facility} on {inspection.date.isoformat()} ({PUB} §2.D.3)",
        author=workspace.config.agency.name,
        keywords="internal inspection; IRS Publication 1075; official use only",
    )
    data = render_bytes(source, context, shown=display_path(source, workspace.root), properties=properties)
    return data, ssr_schedule_covering(workspace.config.agency, inspection.date)


def write_report(workspace: Workspace, ident: str, output: Path | None = None, template: Path | None = None,
                 today: dt.date | None = None) -> Path:
    """Write the report of inspection ``ident`` through the output door; returns its path."""
    inspection = find_inspection(workspace, ident)
    data, schedule = render_report(workspace, inspection, template, today)
    path = output or workspace.out / report_filename(inspection)
    if path.is_dir():
        path = path / report_filename(inspection)
    return write_file(workspace, path, data, kind="inspection-report", period=schedule.label,
                      inspection=inspection.id)


def in_period(workspace: Workspace, today: dt.date) -> list[Inspection]:
    """The inspections completed in the reporting period of the SSR being prepared."""
    schedule = ssr_schedule(workspace.config.agency, today)
    return [i for i in workspace.inspections if schedule.period_start <= i.date <= schedule.period_end]


def build_step(workspace: Workspace, out_dir: Path) -> list[Path]:
    """``ssrgen build``: the report of every inspection of the reporting period."""
    today = dt.date.today()
    return [write_report(workspace, i.id, out_dir / report_filename(i), today=today)
            for i in in_period(workspace, today)]
