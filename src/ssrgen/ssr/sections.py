"""The narrative sections of the SSR (3, 5, 6, 7, 8, 10) from answers and registers.

Each section opens with the agency's own text of it, when ``ssr/sections.yaml``
has one (``ssrgen ssr import`` reads it from an earlier SSR). Each section then draws on the agency's answers to the Pub 1075 requirements (and, for
an agency the MOU binds, the MOU obligations) it reports on, and on the registers
(training, inspections, contractors, incidents, notifications, AI use). Where the
workspace has no data the section says so plainly, naming where the data would
come from. The MOU is cited only for an agency it binds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ssrgen.deadlines import SsrSchedule
from ssrgen.ssr.context import Texts, catalog_answers, paragraphs, us_date, yes_no
from ssrgen.workspace import Workspace

# which catalog entries each section reports (MOU §9 and Pub 1075 §2)
SECTION_SOURCES: dict[str, tuple[str, ...]] = {
    "fti_flow": ("MOU-9.B", "MOU-9.C"),
    "system_of_records": ("MOU-9.A.1", "P1075-2.A", "P1075-2.A.1", "P1075-2.A.2"),
    "other_safeguards": ("MOU-9.A.2", "MOU-9.A.3", "MOU-9.A.4", "MOU-9.A.10", "P1075-2.B", "P1075-2.C",
                         # the restrictions of the agency's own authorities (only those in its scope)
                         *(f"P1075-2.C.11.{n}" for n in range(1, 9)),
                         "P1075-2.D", "P1075-2.D.3"),
    "disposal": ("MOU-9.A.9", "P1075-2.F"),
    "disclosure_awareness": ("MOU-9.A.5", "P1075-2.D.2"),
    "contractors": ("MOU-9.A.11", "P1075-1.9.4"),
    "ai_use": ("MOU-9.A.12",),
}


def _in(day: dt.date | dt.datetime | None, schedule: SsrSchedule) -> bool:
    if day is None:
        return False
    if isinstance(day, dt.datetime):
        day = day.date()
    return schedule.period_start <= day <= schedule.period_end


def _ids(ws: Workspace, key: str) -> list[str]:
    """The entries a section reports that are in the agency's scope."""
    return [i for i in SECTION_SOURCES[key] if (e := ws.catalogs.find(i)) is not None and ws.scope.includes(e)]


def _sources(ws: Workspace, key: str) -> str:
    return ", ".join(_ids(ws, key))


def _cite(ws: Workspace, mou: str, other: str) -> str:
    """The MOU's citation for an agency it binds, the other one for every other agency."""
    return mou if ws.scope.mou else other


def section_text(ws: Workspace, texts: Texts, key: str) -> dict[str, Any]:
    """``text`` and ``paragraphs``: the agency's own narrative of the section (``ssr/sections.yaml``)."""
    where = ws.where.get(f"ssr-section:{key}", "ssr/sections.yaml")
    text = texts.take(f"the text of section {key} ({where})", ws.ssr_sections.get(key))
    return {"text": text, "paragraphs": paragraphs(text)}


def _block(ws: Workspace, texts: Texts, key: str, facts: list[str]) -> dict[str, Any]:
    return {**section_text(ws, texts, key), "answers": catalog_answers(ws, texts, _ids(ws, key)), "facts": facts,
            "sources": _sources(ws, key)}


def activities(ws: Workspace, texts: Texts, schedule: SsrSchedule) -> list[str]:
    """Section 3: what happened in the reporting period, from the registers and records."""
    reg = ws.registers
    items: list[str] = []
    trained = [t for t in reg.training if _in(t.last_annual_training, schedule) or _in(t.initial_training, schedule)]
    if trained:
        items.append(f"Disclosure awareness training: {len(trained)} of {len(reg.training)} people in the "
                     f"training register were trained in the period ({_cite(ws, 'MOU §9.A.5', 'Pub 1075 §2.D.2')}).")
    for index, inspection in enumerate(reg.inspections):
        if _in(inspection.last_inspection, schedule):
            where = f"inspection of {inspection.facility} (registers/inspections.yaml, item {index + 1})"
            facility = texts.take(f"{where} facility", inspection.facility)
            items.append(f"Internal inspection of {facility} ({inspection.kind.replace('-', ' ')}) on "
                         f"{us_date(inspection.last_inspection)}, {inspection.findings_count} finding(s) "
                         f"({_cite(ws, 'MOU §9.A.10', 'Pub 1075 §2.D.3')}).")
    for index, contractor in enumerate(reg.contractors):
        if _in(contractor.last_onsite_assessment, schedule):
            name = texts.take(f"contractor {index + 1} name (registers/contractors.yaml)", contractor.name)
            items.append(f"On-site assessment of contractor {name} on "
                         f"{us_date(contractor.last_onsite_assessment)} "
                         f"({_cite(ws, 'MOU §9.A.11', 'IRC §6103(p)(9); Pub 1075 §2.D.3')}).")
    incidents = [i for i in reg.incidents if _in(i.discovered_at, schedule)]
    if incidents:
        items.append(f"{len(incidents)} data incident(s) discovered in the period were handled and reported "
                     f"({_cite(ws, 'MOU §9.A.7, §9.D', 'Pub 1075 §1.8')}).")
    for index, note in enumerate(reg.notifications):
        if _in(note.submitted, schedule):
            subject = texts.take(f"notification {index + 1} subject (registers/notifications.yaml)", note.subject)
            items.append(f"45-day notification submitted on {us_date(note.submitted)}: {subject} "
                         "(Pub 1075 §2.E.6).")
    reviewed = [cid for cid, rec in ws.implementation.items() if _in(rec.last_reviewed, schedule)]
    if reviewed:
        items.append(f"Security and privacy control review: {len(reviewed)} control(s) and requirement(s) "
                     "were reviewed in the period.")
    collected = [e for e in ws.evidence if _in(e.collected_on, schedule)]
    if collected:
        items.append(f"Evidence collection: {len(collected)} evidence item(s) were collected in the period.")
    return items


def planned_changes(ws: Workspace, texts: Texts, today: dt.date) -> list[str]:
    """Section 4.2: controls planned, and 45-day notifications not yet implemented."""
    items: list[str] = []
    for cid, record in ws.implementation.items():
        if record.status == "planned":
            where = ws.where.get(cid, "implementation/")
            narrative = texts.take(f"{cid} narrative ({where})", record.narrative)
            items.append(f"{cid}: {narrative}" if narrative else f"{cid}: implementation is planned.")
        for system_id, answer in record.systems.items():
            if answer.status == "planned":
                where = ws.where.get(cid, "implementation/")
                narrative = texts.take(f"{cid} {system_id} narrative ({where})", answer.narrative)
                items.append(f"{cid} ({system_id}): {narrative or 'implementation is planned.'}")
    for index, note in enumerate(ws.registers.notifications):
        if note.planned_implementation and note.planned_implementation >= today:
            subject = texts.take(f"notification {index + 1} subject (registers/notifications.yaml)", note.subject)
            items.append(f"{note.kind.replace('-', ' ').capitalize()}: {subject}, planned for "
                         f"{us_date(note.planned_implementation)} (45-day notification, Pub 1075 §2.E.6).")
    return items


def fti_flow(ws: Workspace, texts: Texts) -> dict[str, Any]:
    paper = [s.name for s in ws.config.systems if s.fti_paper]
    cite = " (MOU §9.C)" if ws.scope.mou else ""
    if paper:
        text = ("FTI is created or received in paper form in connection with: " + ", ".join(paper) + ". "
                f"The controls for paper FTI are reported in sections 6 to 8 and in section 9{cite}.")
    else:
        text = f"The agency does not create or receive FTI in paper form{cite}."
    return {**section_text(ws, texts, "fti_flow"), "answers": catalog_answers(ws, texts, _ids(ws, "fti_flow")),
            "paper": text, "paper_systems": paper}


def system_of_records(ws: Workspace, texts: Texts) -> dict[str, Any]:
    return _block(ws, texts, "system_of_records", [])


def other_safeguards(ws: Workspace, texts: Texts) -> dict[str, Any]:
    facts = []
    for index, inspection in enumerate(ws.registers.inspections):
        facility = texts.take(f"inspection {index + 1} facility (registers/inspections.yaml)", inspection.facility)
        last = us_date(inspection.last_inspection) or "not yet inspected"
        planned = f"; next planned {us_date(inspection.next_planned)}" if inspection.next_planned else ""
        facts.append(f"Internal inspection of {facility} ({inspection.kind.replace('-', ' ')}): last {last}{planned}.")
    return _block(ws, texts, "other_safeguards", facts)


def disposal(ws: Workspace, texts: Texts) -> dict[str, Any]:
    return _block(ws, texts, "disposal", [])


def disclosure_awareness(ws: Workspace, texts: Texts, today: dt.date) -> dict[str, Any]:
    people = [t for t in ws.registers.training if t.fti_access]
    facts = []
    if people:
        year_ago = today - dt.timedelta(days=365)
        current = [t for t in people if t.last_annual_training and t.last_annual_training > year_ago]
        certified = [t for t in people if t.certification_signed]
        facts.append(f"{len(people)} people with access to FTI are in the training register; {len(current)} "
                     "completed disclosure awareness training in the last 12 months and "
                     f"{len(certified)} signed the certification of the penalties of IRC §§7213, 7213A "
                     "and 7431.")
    else:
        facts.append("The workspace has no training register (registers/training.yaml).")
    return _block(ws, texts, "disclosure_awareness", facts)


def contractors(ws: Workspace, texts: Texts) -> dict[str, Any]:
    rows = []
    for index, contractor in enumerate(ws.registers.contractors):
        where = f"contractor {index + 1} (registers/contractors.yaml)"
        rows.append({
            "name": texts.take(f"{where} name", contractor.name),
            "services": texts.take(f"{where} services", contractor.services),
            "fti_access": yes_no(contractor.fti_access),
            "exhibit7_language": yes_no(contractor.exhibit7_language),
            "notification_date": us_date(contractor.notification_date),
            "last_onsite_assessment": us_date(contractor.last_onsite_assessment) or "none yet",
            "certified_compliant": yes_no(contractor.certified_compliant),
        })
    empty = ("The agency reports no contractor or sub-contractor with access to FTI "
             "(the contractor register, registers/contractors.yaml, is empty).")
    return {**section_text(ws, texts, "contractors"), "answers": catalog_answers(ws, texts, _ids(ws, "contractors")),
            "rows": rows, "empty": empty, "sources": _sources(ws, "contractors")}


def ai_use(ws: Workspace, texts: Texts) -> dict[str, Any]:
    facts = []
    for index, use in enumerate(ws.registers.ai_use):
        where = f"AI use {index + 1} (registers/ai-use.yaml)"
        system = texts.take(f"{where} system", use.system)
        purpose = texts.take(f"{where} purpose", use.purpose)
        if use.uses_fti:
            told = (f"disclosed to the Office of Safeguards on {us_date(use.disclosed_to_safeguards)}"
                    if use.disclosed_to_safeguards else "not yet disclosed to the Office of Safeguards")
            facts.append(f"{system}: {purpose}. Uses FTI; {told}.")
        else:
            facts.append(f"{system}: {purpose}. Does not use FTI.")
    if not facts:
        facts.append("The agency reports no use of FTI for artificial intelligence purposes "
                     "(the AI use register, registers/ai-use.yaml, is empty).")
    return _block(ws, texts, "ai_use", facts)
