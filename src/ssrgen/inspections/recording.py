"""Writing what a checklist records: the inspection (``inspections/<id>.yaml``), the
facility's record in the register, and the POA&M's findings, as pending writes of an
import plan (:mod:`ssrgen.inspections.importer` reads and checks the workbook first).

- an inspection already recorded from the same checklist is left alone when the workbook
  says the same; updated when it says more, unless the record was edited since (a conflict);
- the register's last inspection, report and findings follow the newest inspection, and the
  planned date it stood for (any before the next inspection falls due) is cleared;
- an on-site inspection of a contractor of the contractors register (the same name) is its
  last on-site assessment there too;
- a finding of the POA&M for each item not met or partially met, numbered ``<id>-F<n>``;
  one made before keeps what staff wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ssrgen.errors import InputError, Problem
from ssrgen.freshness import add_cadence
from ssrgen.imports.plan import Change, conflict
from ssrgen.inspections.checklist import build_checklist
from ssrgen.inspections.sheets import CHECKLIST, FORM_SHEET, KIND_LABELS, RESULT_LABELS
from ssrgen.model.inspections import DEFICIENT, ChecklistSource, Inspection, ItemResult
from ssrgen.model.registers import InspectionRecord, PoamFinding
from ssrgen.pending import _yaml_value
from ssrgen.registers.clocks import inspection_interval
from ssrgen.workbook.meta import WorkbookPlan
from ssrgen.workbook.sheets import ReadRow
from ssrgen.workspace import INSPECTIONS, Workspace

COMMAND = "ssrgen inspection import"
REGISTER = Path("registers") / "inspections.yaml"
POAM = Path("registers") / "poam.yaml"
CONTRACTORS = Path("registers") / "contractors.yaml"
PREFIX = "IIR"


@dataclass
class InspectionPlan(WorkbookPlan):
    """An import plan of an inspection checklist: the inspection it records, and what follows."""

    inspection: Inspection | None = None
    created: bool = False  # a new inspection (not a copy of one imported before)
    not_checked: list[str] = field(default_factory=list)  # the Result cells left 'not checked'
    findings: list[str] = field(default_factory=list)  # POA&M findings added


def next_inspection_id(workspace: Workspace, date: dt.date) -> str:
    """``IIR-<year>-<n>``: the next number of the inspection's year, after every report number
    of that year in the workspace (inspections and the register's reports)."""
    prefix = f"{PREFIX}-{date.year}-"
    taken = [i.id for i in workspace.inspections] + [r.report or "" for r in workspace.registers.inspections]
    numbers = [int(t[len(prefix):]) for t in taken if t.startswith(prefix) and t[len(prefix):].isdigit()]
    folder = workspace.root / INSPECTIONS
    number = max(numbers, default=0) + 1
    while (folder / f"{prefix}{number:02d}.yaml").exists():
        number += 1
    return f"{prefix}{number:02d}"


def content(inspection: Inspection) -> str:
    """The fingerprint of what an inspection records (not where it was imported from)."""
    data = inspection.model_dump(mode="json", exclude={"checklist"}, exclude_none=True)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:20]


def describe(inspection: Inspection) -> str:
    """``on-site inspection of Denver Field Office on 2026-05-12: 98 met, 2 not met, ...``."""
    counts = inspection.counts()
    tally = ", ".join(f"{n} {RESULT_LABELS[r]}" for r, n in counts.items() if n)
    how = "self-certified inspection" if inspection.method == "self-certified" else "on-site inspection"
    return f"{how} of {inspection.facility} on {inspection.date.isoformat()}: {tally}"


# ------------------------------------------------------------------ writing

def stage(workspace: Workspace, plan: InspectionPlan, index: int, record: InspectionRecord,
           inspection: Inspection, rows: list[ReadRow], form_cells: Mapping[str, str] | None = None) -> None:
    """Put the inspection, the register's update and the POA&M findings on the plan's pending writes
    (``form_cells``: the cell of each field of the Inspection form)."""
    assert plan.pending is not None
    existing = next((i for i in workspace.inspections if i.id == inspection.id), None)
    subject = f"inspection {inspection.id}"
    # the inspection as a whole: the cells that say which one it is, its facility and date
    cells = form_cells or {}
    form_cell = ", ".join(cells[n] for n in ("facility", "date") if n in cells) or FORM_SHEET
    if existing is not None and content(existing) == content(inspection):
        return  # the workspace already holds what the checklist says: nothing to do
    if existing is not None and existing.checklist is not None and content(existing) != existing.checklist.recorded:
        plan.conflicts.append(conflict(form_cell, f"{subject} (inspections/{inspection.id}.yaml)",
                                       "the checklist"))
        return
    recorded = inspection.model_copy(update={"checklist": ChecklistSource(
        id=plan.meta.export_id, sha256=plan.sha256, recorded=content(inspection))})
    path = workspace.root / INSPECTIONS / f"{inspection.id}.yaml"
    document = plan.pending.document(path, CommentedMap)
    _write_inspection(document, recorded, new=existing is None)
    plan.changes.append(Change(f"{INSPECTIONS.as_posix()}/{inspection.id}.yaml", inspection.id,
                               "added" if existing is None else "changed", describe(inspection), form_cell))
    _register(workspace, plan, index, record, inspection, existing)
    _contractor(workspace, plan, inspection)
    _poam(workspace, plan, inspection, existing, {r.values["item"]: r for r in rows})


def _write_inspection(document: CommentedMap, inspection: Inspection, new: bool) -> None:
    data = inspection.model_dump(exclude_none=True)
    if new:
        document.yaml_set_start_comment(
            f"Internal inspection {inspection.id} (Pub 1075 §2.D.3), recorded by '{COMMAND}'.\n"
            "Findings (items not met or partially met) are in the POA&M, registers/poam.yaml.")
    for name in list(document):
        if name not in data:
            del document[name]
    for name, value in data.items():
        if name == "results":
            document[name] = _results(document.get(name), inspection.results)
        elif name == "systems" and value:
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            document[name] = seq
        elif name == "checklist":
            document[name] = CommentedMap(value)
        elif value != [] and document.get(name) != value:
            document[name] = _yaml_value(value)


def _results(current: Any, results: list[ItemResult]) -> CommentedSeq:
    """The results list, edited in place where its items are the same (comments kept)."""
    same = isinstance(current, list) and [str(e.get("item")) for e in current if isinstance(e, Mapping)] \
        == [r.item for r in results]
    seq = current if same else CommentedSeq()
    for index, result in enumerate(results):
        values = {k: _yaml_value(v) for k, v in result.model_dump(exclude_none=True).items()}
        if same:
            entry = seq[index]
            for name in [n for n in entry if n not in values]:
                del entry[name]
            for name, value in values.items():
                if entry.get(name) != value:
                    entry[name] = value
        else:
            seq.append(CommentedMap(values))
    return seq


def _register(workspace: Workspace, plan: InspectionPlan, index: int, record: InspectionRecord,
              inspection: Inspection, existing: Inspection | None) -> None:
    """The facility's last inspection, report and findings; the planned date the inspection stood for
    (any before the next inspection falls due) is cleared."""
    assert plan.pending is not None
    label = f"{record.facility} ({KIND_LABELS[record.kind]})"
    last = record.last_inspection
    if last is not None and last > inspection.date and (existing is None or record.report != inspection.id):
        plan.warnings.append(Problem(str(REGISTER), f"the register records a later inspection of {label} "
                                     f"({last.isoformat()}); its last inspection is left as is", severity="warning"))
        return
    findings = sum(1 for r in inspection.results if r.result in DEFICIENT)
    updates: dict[str, Any] = {}
    if last != inspection.date:
        updates["last_inspection"] = inspection.date
    if record.report != inspection.id:
        updates["report"] = inspection.id
    if record.findings_count != findings:
        updates["findings_count"] = findings
    # the planned date this inspection stood for: any before the next one falls due
    next_due = add_cadence(inspection.date, inspection_interval(record.kind).cadence)
    if record.next_planned is not None and record.next_planned < next_due:
        updates["next_planned"] = None
    if not updates:
        return
    entries = plan.pending.document(workspace.root / REGISTER, CommentedSeq)
    entry = entries[index] if index < len(entries) else None
    if not isinstance(entry, CommentedMap) or str(entry.get("facility", "")).strip() != record.facility.strip():
        raise InputError(f"{REGISTER.as_posix()} changed while the import ran", where=REGISTER.as_posix(),
                         fix="Run the command again.")
    words = {"last_inspection": "last inspection", "report": "report", "findings_count": "findings"}
    for name, value in updates.items():
        before = getattr(record, name)
        if value is None:
            entry.pop(name, None)
            plan.changes.append(Change(REGISTER.as_posix(), label, "removed", f"planned date {before}: the inspection "
                                       f"of {inspection.date.isoformat()} took its place; plan the next one by "
                                       f"{next_due.isoformat()}", str(REGISTER)))
        else:
            entry[name] = _yaml_value(value)
            shown = f"from '{before}' to '{value}'" if before not in (None, "") else f"'{value}'"
            plan.changes.append(Change(REGISTER.as_posix(), label, "changed" if before not in (None, "") else "added",
                                       f"{words[name]} {shown}", str(REGISTER)))


def _contractor(workspace: Workspace, plan: InspectionPlan, inspection: Inspection) -> None:
    """An on-site inspection of a contractor of the register (the same name) is its on-site assessment
    too (Pub 1075 §2.D.3 sets both clocks, every 18 months): one date for both."""
    assert plan.pending is not None
    if inspection.method != "on-site":
        return
    name = " ".join(inspection.facility.split()).casefold()
    for index, contractor in enumerate(workspace.registers.contractors):
        if " ".join(contractor.name.split()).casefold() != name:
            continue
        before = contractor.last_onsite_assessment
        if before is not None and before >= inspection.date:
            return
        entries = plan.pending.document(workspace.root / CONTRACTORS, CommentedSeq)
        entry = entries[index] if index < len(entries) else None
        if not isinstance(entry, CommentedMap) or str(entry.get("name", "")).strip() != contractor.name.strip():
            raise InputError(f"{CONTRACTORS.as_posix()} changed while the import ran", where=CONTRACTORS.as_posix(),
                             fix="Run the command again.")
        entry["last_onsite_assessment"] = _yaml_value(inspection.date)
        shown = f"from '{before}' to '{inspection.date}'" if before else f"'{inspection.date}'"
        plan.changes.append(Change(CONTRACTORS.as_posix(), contractor.name, "changed" if before else "added",
                                   f"last on-site assessment {shown} (inspection {inspection.id})",
                                   str(CONTRACTORS)))
        return


def finding_description(inspection: Inspection, result: ItemResult, requirement: str) -> str:
    """What a POA&M finding says: the inspector's observation, or the requirement found not met."""
    if result.observation:
        return result.observation
    how = "Not met" if result.result == "not-met" else "Partially met"
    return f"{how}: {requirement}"


def _poam(workspace: Workspace, plan: InspectionPlan, inspection: Inspection, existing: Inspection | None,
          rows: Mapping[str, ReadRow]) -> None:
    """A POA&M finding for each item not met or partially met (Pub 1075 §2.D.9)."""
    assert plan.pending is not None
    index, record = next(((i, r) for i, r in enumerate(workspace.registers.inspections)
                          if r.facility.strip() == inspection.facility.strip() and r.kind == inspection.kind))
    checklist = build_checklist(workspace, index, record)
    texts = {r.id: r.text for r in checklist.rows}
    mine = {f.item: (n, f) for n, f in enumerate(workspace.registers.poam) if f.inspection == inspection.id}
    entries: CommentedSeq
    numbers = [int(m.group(1)) for f in workspace.registers.poam
               if (m := re.fullmatch(rf"{re.escape(inspection.id)}-F(\d+)", f.id))]
    next_number = max(numbers, default=0) + 1
    for result in inspection.results:
        row = rows.get(result.item)
        cell = row.cells["result"] if row else CHECKLIST.name
        # the description is the observation, else the requirement the Result found wanting
        text_cell = row.cells.get("observation", cell) if row and result.observation else cell
        requirement = texts.get(result.item, result.item)
        description = finding_description(inspection, result, requirement)
        found = mine.get(result.item)
        if result.result not in DEFICIENT:
            if found is not None and found[1].status != "closed":
                plan.warnings.append(Problem(cell, f"item {result.item} is now {RESULT_LABELS[result.result]}; POA&M "
                                             f"finding {found[1].id} stays open in {POAM.as_posix()}",
                                             "Close the finding there if the item is corrected.", "warning"))
            continue
        if found is None:
            entries = plan.pending.document(workspace.root / POAM, CommentedSeq)
            ident = f"{inspection.id}-F{next_number}"
            next_number += 1
            finding = PoamFinding(id=ident, inspection=inspection.id, item=result.item, facility=inspection.facility,
                                  result=result.result, description=description)
            entries.append(CommentedMap({k: _yaml_value(v) for k, v in finding.model_dump(exclude_none=True).items()}))
            plan.findings.append(ident)
            plan.changes.append(Change(POAM.as_posix(), ident, "added", f"finding: item {result.item} "
                                       f"{RESULT_LABELS[result.result]} at {inspection.facility}", cell))
            continue
        position, finding = found
        before = existing.result_of(result.item) if existing else None
        updates: dict[str, Any] = {}
        if finding.result != result.result:
            updates["result"] = result.result
        if finding.description != description:
            was = finding_description(existing, before, requirement) if existing and before else None
            if finding.description == was:
                updates["description"] = description
            else:
                plan.conflicts.append(conflict(text_cell, f"POA&M finding {finding.id} (its description)",
                                               "the checklist"))
        if not updates:
            continue
        entries = plan.pending.document(workspace.root / POAM, CommentedSeq)
        entry = entries[position] if position < len(entries) else None
        if not isinstance(entry, CommentedMap) or str(entry.get("id")) != finding.id:
            raise InputError(f"{POAM.as_posix()} changed while the import ran", where=POAM.as_posix(),
                             fix="Run the command again.")
        for name, value in updates.items():
            entry[name] = _yaml_value(value)
            plan.changes.append(Change(POAM.as_posix(), finding.id, "changed", name.replace("_", " "),
                                       text_cell if name == "description" else cell))
