"""The SSR context: every value a template can use, built from the workspace.

The context is a plain dict of strings, booleans, lists and dicts (no model
objects), so a template written by an agency only meets names documented in
docs/ssr-template.md. Dates are written as IRS writes them (MM/DD/YYYY).
Every text taken from the workspace is also recorded with the record and
field it came from, so the FTI scan can say where an identifier was found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ssrgen.deadlines import SsrSchedule
from ssrgen.model.records import STATUSES, UNANSWERED, Answer
from ssrgen.scope import signed_text
from ssrgen.ssr.attachments import Attachment
from ssrgen.workspace import Workspace

STATUS_LABELS = {
    "implemented": "Implemented",
    "partially-implemented": "Partially implemented",
    "planned": "Planned",
    "alternative": "Alternative implementation",
    "not-applicable": "Not applicable",
    "not-implemented": "Not implemented",
    UNANSWERED: "Not yet answered",
}
FINDING_STATUS_LABELS = {
    "open": "Open",
    "in-progress": "In progress",
    "completed-pending-irs": "Completed, pending IRS review",
    "closed": "Closed",
}
HOSTING_LABELS = {
    "on-premises": "On premises",
    "cloud": "Cloud",
    "hybrid": "Hybrid",
    "contractor": "Contractor hosted",
    "state-data-center": "State data center",
}


def us_date(day: dt.date | dt.datetime | None) -> str:
    """MM/DD/YYYY, as IRS forms write dates; empty for no date."""
    return day.strftime("%m/%d/%Y") if day else ""


def long_date(day: dt.date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def paragraphs(text: str | None) -> list[str]:
    """A text as the paragraphs a document shows: split at blank lines, each trimmed."""
    if not text:
        return []
    parts = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    return [p.strip() for p in parts if p.strip()]


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


@dataclass
class Texts:
    """Texts going into the document, each with the record and field it came from."""

    fields: list[tuple[str, str]] = field(default_factory=list)

    def take(self, where: str, text: str | None) -> str:
        value = text or ""
        if value:
            self.fields.append((where, value))
        return value


def answer_label(answer: Answer | None) -> str:
    status = answer.status if answer and answer.status else UNANSWERED
    return STATUS_LABELS[status]


def record_where(ws: Workspace, control_id: str) -> str:
    return ws.where.get(control_id, "implementation/")


def catalog_answers(ws: Workspace, texts: Texts, ids: Iterable[str]) -> list[dict[str, str]]:
    """Answers the workspace gives for catalog entries (MOU obligations, Pub 1075
    requirements), in the order given; entries without a narrative are skipped."""
    rows = []
    for entry_id in ids:
        found = ws.catalogs.find(entry_id)
        answer = ws.answer(entry_id)
        if found is None or answer is None or not answer.narrative or not ws.scope.includes(found):
            continue
        where = record_where(ws, found.id)
        rows.append({
            "id": found.id,
            "title": found.title,
            "status": answer_label(answer),
            "narrative": texts.take(f"{found.id} narrative ({where})", answer.narrative),
        })
    return rows


def report_block(ws: Workspace, schedule: SsrSchedule, today: dt.date, final: bool) -> dict[str, Any]:
    return {
        "title": f"Safeguard Security Report, {ws.name}",
        "period": f"{long_date(schedule.period_start)} to {long_date(schedule.period_end)}",
        "period_start": us_date(schedule.period_start),
        "period_end": us_date(schedule.period_end),
        "period_label": schedule.label,
        "year": str(schedule.period_end.year),
        "due": us_date(schedule.due),
        "due_source": schedule.source,
        "extension_request_by": us_date(schedule.extension_request_by),
        "prepared": us_date(today),
        "submitted": us_date(today) if final else "",
        "final": final,
    }


def agency_block(ws: Workspace, texts: Texts) -> dict[str, Any]:
    agency = ws.config.agency
    kind = "Federal agency" if agency.type == "federal" else f"State or territory agency ({agency.state})"
    return {
        "name": texts.take("agency name (ssrgen.yaml)", agency.name),
        "code": texts.take("agency code (ssrgen.yaml)", agency.code),
        "type": agency.type,
        "type_label": kind,
        "state": agency.state or "",
        "address": texts.take("agency address (ssrgen.yaml)", agency.address),
    }


def person_block(texts: Texts, label: str, person: Any) -> dict[str, str]:
    return {
        "name": texts.take(f"{label} name (ssrgen.yaml)", person.name),
        "title": texts.take(f"{label} title (ssrgen.yaml)", person.title),
        "email": texts.take(f"{label} email (ssrgen.yaml)", getattr(person, "email", None)),
        "phone": texts.take(f"{label} phone (ssrgen.yaml)", getattr(person, "phone", None)),
    }


def signer_block(ws: Workspace, texts: Texts) -> dict[str, Any]:
    signer = ws.config.certification_signer
    if signer is None:
        head = ws.config.head_of_agency
        return {"name": head.name, "title": head.title, "delegation": "", "is_designee": False}
    return {
        "name": texts.take("certification_signer name (ssrgen.yaml)", signer.name),
        "title": texts.take("certification_signer title (ssrgen.yaml)", signer.title),
        "delegation": texts.take("certification_signer delegation (ssrgen.yaml)", signer.delegation),
        "is_designee": True,
    }


def outstanding_actions(ws: Workspace, texts: Texts) -> list[dict[str, str]]:
    rows = []
    for finding in ws.findings.findings:
        if finding.status == "closed":
            continue
        where = ws.where.get(f"finding:{finding.number}", "cap/findings.yaml")
        label = f"finding {finding.number}"
        rows.append({
            "number": finding.number,
            "criticality": finding.criticality.capitalize(),
            "title": texts.take(f"{label} title ({where})", finding.title),
            "controls": ", ".join(finding.controls),
            "status": FINDING_STATUS_LABELS[finding.status],
            "corrective_action": texts.take(f"{label} corrective_action ({where})", finding.corrective_action),
            "responsible_office": texts.take(f"{label} responsible_office ({where})", finding.responsible_office),
            "planned_date": us_date(finding.planned_date),
        })
    return rows


def agreements(ws: Workspace, texts: Texts) -> list[dict[str, str]]:
    rows = []
    for index, agreement in enumerate(ws.config.agreements):
        authority = ws.catalogs.find(agreement.authority) if agreement.authority else None
        where = f"agreement '{agreement.id}' (ssrgen.yaml, agreements[{index}])"
        rows.append({
            "id": agreement.id,
            "name": texts.take(f"{where} name", agreement.name),
            "partner": texts.take(f"{where} partner", agreement.partner),
            "authority": authority.id if authority else (agreement.authority or ""),
            "authority_title": authority.title if authority else "",
            "signed": signed_text(agreement.signed),
            "description": texts.take(f"{where} description", agreement.description),
        })
    return rows


def systems(ws: Workspace, texts: Texts) -> list[dict[str, Any]]:
    rows = []
    for index, system in enumerate(ws.config.systems):
        where = f"system '{system.id}' (ssrgen.yaml, systems[{index}])"
        hosting = HOSTING_LABELS[system.hosting]
        if system.cloud_provider:
            hosting += f" ({texts.take(f'{where} cloud_provider', system.cloud_provider)})"
        if system.location:
            location = texts.take(f"{where} location", system.location)
            # "State data center, Capital City" already says how it is hosted: not said twice
            repeats = not system.cloud_provider and location.casefold().startswith(hosting.casefold())
            hosting = location if repeats else f"{hosting}, {location}"
        rows.append({
            "id": system.id,
            "name": texts.take(f"{where} name", system.name),
            "description": texts.take(f"{where} description", system.description),
            "hosting": hosting,
            "technologies": texts.take(f"{where} technologies", ", ".join(system.technologies)),
            "fti_functions": ", ".join(system.fti_functions) or "none stated",
            "fti_paper": system.fti_paper,
        })
    return rows


def families(ws: Workspace, texts: Texts) -> tuple[list[dict[str, Any]], str]:
    """Section 9: one family per Pub 1075 §4 group, each control with its answers
    and evidence titles; and a one-line count of statuses."""
    names = {s.id: s.name for s in ws.config.systems}
    counts = dict.fromkeys([*STATUSES, UNANSWERED], 0)
    result: dict[str, dict[str, Any]] = {}
    for entry in ws.in_scope():
        if entry.catalog != "pub1075":
            continue
        family = result.setdefault(entry.group, {"id": entry.group, "title": entry.group_title, "controls": []})
        record = ws.implementation.get(entry.id)
        status = record.status if record and record.status else UNANSWERED
        counts[status] += 1
        where = record_where(ws, entry.id)
        per_system = []
        if record is not None:
            for system_id, answer in record.systems.items():
                narrative = texts.take(f"{entry.id} {system_id} narrative ({where})", answer.narrative)
                per_system.append({
                    "id": system_id,
                    "name": names.get(system_id, system_id),
                    "status": answer_label(answer),
                    "narrative": narrative,
                })
        narrative = texts.take(f"{entry.id} narrative ({where})", record.narrative if record else "")
        evidence = [
            {"title": texts.take(f"evidence {e.id} title ({ws.where.get('evidence:' + e.id, 'evidence/')})", e.title),
             "effective": us_date(e.effective), "system": e.system or ""}
            for e in ws.evidence_for(entry.id)
        ]
        full = "\n".join([narrative] + [f"{s['name']}: {s['status']}. {s['narrative']}".rstrip() for s in per_system])
        family["controls"].append({
            "id": entry.id,
            "title": entry.title,
            "enhancement": entry.parent is not None,
            "status": STATUS_LABELS[status],
            "status_code": status,
            "narrative": full.strip(),
            "agency_narrative": narrative,
            "owner": record.owner or "" if record else "",
            "systems": per_system,
            "evidence": evidence,
            "evidence_text": "\n".join(
                f"{e['title']} (effective {e['effective']})" if e["effective"] else e["title"] for e in evidence
            ),
        })
    summary = ", ".join(f"{n} {STATUS_LABELS[s].lower()}" for s, n in counts.items() if n)
    return list(result.values()), summary or "no controls in scope"


def attachments_block(found: list[Attachment]) -> list[dict[str, str]]:
    return [{"name": a.name, "title": a.title, "section": a.section, "source": a.source} for a in found]
