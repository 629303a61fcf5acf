"""The checklist of one facility: which items of the catalog apply, and why.

- Items of ``controls/inspection-checklist.yaml`` apply by the facility's kind,
  the agency's type (federal or state) and its authorities (an item of §2.C.11.1
  only for a child support agency).
- The cybersecurity area adds, at headquarters and the computer facility
  (Pub 1075 §2.D.8) and at any facility whose register record names systems,
  every Pub 1075 §4 control in the agency's scope and the §3.3 items of the
  technologies the facility's systems use (:func:`ssrgen.technologies.uses`: its
  hosting, or a word of its technologies, as the SSR's section 9.4 reads them);
  §3.3.6 network boundary protections for every facility with systems ("Agencies
  must implement boundary protection devices throughout their system
  architecture"). The systems are those the register names for the facility; a
  headquarters or computer facility that names none covers every system of
  ``ssrgen.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from pydantic import ValidationError

from ssrgen.catalog import CatalogEntry
from ssrgen.controls_text import requirement_summary
from ssrgen.deadlines import load_schedules
from ssrgen.errors import InputError, ValidationFailed
from ssrgen.model.inspections import KIND_LABELS, ChecklistCatalog, ChecklistItem
from ssrgen.model.registers import InspectionRecord
from ssrgen.model.workspace import System
from ssrgen.paths import controls_dir
from ssrgen.technologies import TOPIC_PREFIX, uses
from ssrgen.workspace import Workspace
from ssrgen.yamlio import load_yaml, pydantic_problems

CATALOG_FILE = "inspection-checklist.yaml"
PUB = "Pub 1075 Rev. 11-2021"
CONTROL_TEXT_LIMIT = 900
LOOK_AT_WORDS = {"document": "document", "interview": "interview", "observation": "observation"}


@cache
def checklist_catalog() -> ChecklistCatalog:
    """The checklist items shipped with the catalogs (``controls/inspection-checklist.yaml``)."""
    doc = load_yaml(controls_dir() / CATALOG_FILE, controls_dir().parent)
    try:
        return ChecklistCatalog.model_validate(doc.data)
    except ValidationError as exc:
        raise ValidationFailed(pydantic_problems(doc, exc), what="the inspection checklist catalog is invalid") from exc


@dataclass(frozen=True)
class ChecklistRow:
    """One item of a facility's checklist, as the workbook, the clipboard and the report show it."""

    id: str
    area: str
    area_title: str
    text: str
    cite: str  # the catalog entry: P1075-2.B.3.1, AC-2
    source: str  # Pub 1075 Rev. 11-2021 §2.B.3.1
    look_at: tuple[str, ...]
    systems: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """``Pub 1075 §2.B.3.1`` or ``Pub 1075 §4.1 AC-2``: the source as people cite it."""
        return self.source.replace(f"{PUB} ", "Pub 1075 ")

    @property
    def look_at_text(self) -> str:
        text = ", ".join(self.look_at)
        return f"{text} (systems: {', '.join(self.systems)})" if self.systems else text


@dataclass
class Checklist:
    """The checklist of one facility of the inspections register."""

    facility: InspectionRecord
    index: int  # the record's place in registers/inspections.yaml
    systems: list[System]
    rows: list[ChecklistRow]
    notes: list[str] = field(default_factory=list)  # what was left out, and why

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.facility.kind]

    def areas(self) -> list[tuple[str, str, list[ChecklistRow]]]:
        """(area id, title, rows) in the order of §2.D.3."""
        found: dict[str, tuple[str, list[ChecklistRow]]] = {}
        for row in self.rows:
            found.setdefault(row.area, (row.area_title, []))[1].append(row)
        return [(area, title, rows) for area, (title, rows) in found.items()]

    def row(self, item: str) -> ChecklistRow | None:
        return next((r for r in self.rows if r.id == item), None)


# ------------------------------------------------------------------ the facility

def facility_kinds_word(record: InspectionRecord) -> str:
    return f"{record.facility} ({KIND_LABELS[record.kind]})"


def find_facility(workspace: Workspace, name: str) -> tuple[int, InspectionRecord]:
    """The facility of the inspections register named ``name``, or a unique part of its name."""
    records = workspace.registers.inspections
    if not records:
        raise InputError("the inspections register (registers/inspections.yaml) lists no facility",
                         fix="Add each facility that receives FTI, with its kind (see 'ssrgen docs registers').")
    wanted = " ".join(name.split()).casefold()
    exact = [(i, r) for i, r in enumerate(records) if " ".join(r.facility.split()).casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    found = exact or [(i, r) for i, r in enumerate(records) if wanted and wanted in r.facility.casefold()]
    listed = "; ".join(facility_kinds_word(r) for _, r in (found or list(enumerate(records))))
    if not found:
        raise InputError(f"no facility of the inspections register is named '{name}'",
                         fix=f"Give a facility's name, or a part of it that only one name holds: {listed}.")
    if len(found) > 1:
        raise InputError(f"'{name}' names {len(found)} facilities of the inspections register",
                         fix=f"Give more of the name, so that only one matches: {listed}.")
    return found[0]


def facility_systems(workspace: Workspace, record: InspectionRecord) -> list[System]:
    """The systems at a facility: those its register record names; at headquarters and the
    computer facility, every system when it names none."""
    if record.systems:
        by_id = {s.id: s for s in workspace.config.systems}
        return [by_id[s] for s in record.systems if s in by_id]
    if record.kind in checklist_catalog().controls.kinds:
        return list(workspace.config.systems)
    return []


# ------------------------------------------------------------------ the items

def checklist_for(workspace: Workspace, facility: str) -> Checklist:
    """The checklist of the facility named ``facility`` (see :func:`find_facility`)."""
    index, record = find_facility(workspace, facility)
    return build_checklist(workspace, index, record)


def build_checklist(workspace: Workspace, index: int, record: InspectionRecord) -> Checklist:
    catalog = checklist_catalog()
    titles = {a.id: a.title for a in catalog.areas}
    systems = facility_systems(workspace, record)
    checklist = Checklist(record, index, systems, [])
    technologies = _technologies(workspace, systems)
    cyber = bool(systems) and (record.kind in catalog.controls.kinds or bool(record.systems))
    for item in catalog.items:
        if not applies(workspace, item, record.kind):
            continue
        if item.cite.startswith("P1075-3.3"):
            section = ".".join(item.cite.split(".")[:3])
            if not cyber or section not in technologies:
                continue
            used = tuple(technologies[section])
        else:
            used = ()
        checklist.rows.append(ChecklistRow(item.id, item.area, titles[item.area], item.text, item.cite,
                                           item.source, tuple(item.look_at), used))
    if cyber:
        ids = tuple(s.id for s in systems)
        checklist.rows += [control_row(entry, titles["cybersecurity"], ids)
                           for entry in workspace.in_scope() if entry.catalog == "pub1075"]
        left = [f"{e.title} (§{e.id.removeprefix('P1075-')})" for e in _sections_of_3_3(workspace)
                if e.id not in technologies]
        if left:
            checklist.notes.append(
                f"Pub 1075 §3.3 requirements left out: {', '.join(left)}; no system at the facility uses them "
                "(add the technology to the system's 'technologies' in ssrgen.yaml to include them).")
    elif record.kind in catalog.controls.kinds:
        checklist.notes.append("The Pub 1075 §4 controls are left out: ssrgen.yaml lists no system.")
    return checklist


def applies(workspace: Workspace, item: ChecklistItem, kind: str) -> bool:
    """Whether an item applies at a facility of ``kind`` of this agency."""
    if kind not in item.kinds:
        return False
    if item.agency and item.agency != workspace.config.agency.type:
        return False
    return not item.authorities or workspace.scope.receives_under(*item.authorities)


# §3.3.6 is the agency's architecture, not one technology: it applies wherever there are systems
EVERY_SYSTEM = ("P1075-3.3.6",)


def _sections_of_3_3(workspace: Workspace) -> list[CatalogEntry]:
    return [e for e in workspace.in_scope() if e.id.startswith(TOPIC_PREFIX) and e.id.count(".") == 2]


def _technologies(workspace: Workspace, systems: list[System]) -> dict[str, list[str]]:
    """Per §3.3 section, the systems that use its technology."""
    found: dict[str, list[str]] = {}
    for entry in _sections_of_3_3(workspace):
        users = [s.id for s in systems if entry.id in EVERY_SYSTEM or uses(s, entry.id)]
        if users:
            found[entry.id] = users
    return found


def control_row(entry: CatalogEntry, area_title: str, systems: tuple[str, ...]) -> ChecklistRow:
    """A Pub 1075 §4 control as an item of the cybersecurity area: what to look at follows the
    control table's flags (physical, information technology) and the "-1" policy controls."""
    flags = entry.entry.flags
    look: list[str] = ["document"]
    if entry.id.endswith("-1") or not (flags and (flags.physical or flags.information_technology)):
        look.append("interview")
    if flags and (flags.physical or flags.information_technology):
        look.append("observation")
    text = f"{entry.title}. {requirement_summary(entry, CONTROL_TEXT_LIMIT)}"
    source = entry.entry.source if entry.entry.source.startswith(PUB) else f"{PUB} §4 {entry.id}"
    return ChecklistRow(entry.id, "cybersecurity", area_title, text, entry.id, source, tuple(look), systems)


def cycle_words(kind: str) -> str:
    """``every 18 months (Pub 1075 Rev. 11-2021 §2.D.3)``."""
    for row in load_schedules().inspections.intervals:
        if row.site == kind:
            unit = row.unit[:-1] if row.every == 1 else row.unit
            return f"every {row.every} {unit} ({row.source})"
    return ""
