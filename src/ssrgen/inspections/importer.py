"""``ssrgen inspection import``: record an inspection from its filled-in checklist.

Through the import pipeline (:mod:`ssrgen.imports.pipeline`): every cell read
and checked first (``Sheet!Cell`` for each problem, the FTI scan of every text),
then in one transaction:

- the inspection, ``inspections/<id>.yaml``: facility, date, inspector, method
  (on site or self-certified, and who signed), each item's result and
  observation; a new one is numbered ``IIR-<year>-<n>`` unless the form gives
  the agency's own report number;
- the facility's record in ``registers/inspections.yaml``: last inspection,
  report, findings; the planned date the inspection stood for (any before
  the next one falls due) is cleared, so the 18-month and 3-year cycles and
  the three-year plan move on;
- a finding of the POA&M (``registers/poam.yaml``, Pub 1075 §2.D.9) for every
  item not met or partially met.

The rules of §2.D.3 are checked with their cell: contractors and
sub-contractors may not self-certify; a self-certified inspection is signed by
an agency employee. That the inspector is outside the function inspected is
recorded (a warning when not), and items left "not checked" are reported.

A checklist is tied to its inspection by the export id hidden in it: the same
workbook imported again changes nothing; a corrected copy updates the record,
unless the record was edited in the workspace since (a conflict, left as is).
Another checklist of an inspection already recorded (the same facility and
date) is refused: it would record the inspection twice.
A POA&M finding already made is never overwritten where staff changed it.

This module reads and checks the workbook; :mod:`ssrgen.inspections.recording`
puts what it records on the plan's pending writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl.cell.read_only import EMPTY_CELL
from pydantic import ValidationError

from ssrgen.errors import InputError, Problem, ValidationFailed
from ssrgen.imports.pipeline import ImportResult, run_import
from ssrgen.inspections.recording import COMMAND, InspectionPlan, next_inspection_id, stage
from ssrgen.inspections.sheets import (
    CHECKLIST,
    EMPLOYERS_BY_LABEL,
    FORM,
    FORM_FIRST_ROW,
    FORM_SHEET,
    KIND_LABELS,
    METHODS_BY_LABEL,
    RESULT_LABELS,
    RESULTS_BY_LABEL,
    YES,
    FormField,
    choice_lists,
)
from ssrgen.inspections.workbook import KIND
from ssrgen.model.inspections import (
    INSPECTION_ID,
    NO_SELF_CERTIFICATION,
    Inspection,
    ItemResult,
)
from ssrgen.model.registers import InspectionRecord
from ssrgen.pending import PendingWrites
from ssrgen.workbook.cells import formula_text, is_formula
from ssrgen.workbook.meta import read_meta
from ssrgen.workbook.opening import OpenedWorkbook, open_workbook
from ssrgen.workbook.sheets import ReadRow, read_sheet, read_value, value_fix
from ssrgen.workspace import INSPECTIONS, Workspace

CHECKLIST_FIX = "Import the .xlsx file that 'ssrgen inspection checklist' wrote, after filling it in."


def import_inspection(workspace: Workspace, path: Path, *, dry_run: bool = False, by: str | None = None,
                      notify: Callable[[str], None] | None = None, today: dt.date | None = None,
                      now: dt.datetime | None = None) -> ImportResult:
    """Plan the import of a filled-in checklist and, unless ``dry_run``, apply it through the
    import pipeline (lock, FTI scan, journal, one transaction)."""
    return run_import(workspace, lambda ws: plan_inspection_import(ws, path, today), dry_run=dry_run, by=by,
                      command=COMMAND, notify=notify, now=now)


def plan_inspection_import(workspace: Workspace, path: Path, today: dt.date | None = None) -> InspectionPlan:
    """Read and check the checklist at ``path``; what importing it would change (nothing is written).

    Raises :class:`ValidationFailed` with every problem, each at its cell.
    """
    today = today or dt.date.today()
    workbook, data = open_workbook(path, kind="an inspection checklist", fix=CHECKLIST_FIX, large_fix=CHECKLIST_FIX)
    with workbook:
        return _plan(workspace, path, workbook, data, today)


# ------------------------------------------------------------------ reading

def _plan(workspace: Workspace, path: Path, workbook: OpenedWorkbook, data: bytes, today: dt.date) -> InspectionPlan:
    meta = read_meta(workbook, str(path), expected=KIND)
    plan = InspectionPlan(path, hashlib.sha256(data).hexdigest(), KIND, PendingWrites(workspace), meta=meta)
    if not meta.workspace:  # cleared: the other-workspace check below would have nothing to compare
        raise InputError("this workbook's hidden export data is missing the workspace it was exported from, so "
                         "ssrgen cannot tell that the checklist belongs to this workspace", where=str(path),
                         fix="Export a new checklist ('ssrgen inspection checklist') and copy the results into it.")
    if meta.workspace != workspace.name:
        raise InputError(
            f"the checklist was exported from '{meta.workspace}', not from this workspace ('{workspace.name}')",
            where=str(path), fix="Import it into the workspace it was exported from (-w DIR).")
    if meta.catalog_version != workspace.catalogs.version:
        plan.warnings.append(Problem(
            str(path), "the checklist was exported with another version of the catalogs; its items are recorded "
            "as the workbook has them", "Export a fresh checklist for the next inspection.", "warning"))
    index, record = _facility(workspace, meta.details, str(path))
    problems: list[Problem] = []
    allowed = choice_lists()
    form, cells = _read_form(workbook, allowed, plan, problems)
    rows = _read_checklist(workbook, plan, allowed, problems)
    for row in rows:
        plan.read_all((row.cells.get(name, ""), value) for name, value in row.values.items())
    plan.warnings += [p for p in problems if not p.is_error] + workbook.warnings
    errors = [p for p in problems if p.is_error]
    if not errors:
        _check_form(workspace, record, form, cells, today, plan, errors)
    inspection = None
    if not errors:
        inspection = _inspection(workspace, plan, record, form, cells, rows, errors)
    if errors or inspection is None:
        raise ValidationFailed(errors, what=f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in "
                               f"{path.name}; nothing was imported")
    plan.inspection = inspection
    plan.journal = {"inspection": inspection.id, "facility": record.facility, "checklist": meta.export_id,
                    "exported_at": meta.exported_at}
    stage(workspace, plan, index, record, inspection, rows, cells)
    return plan


def _facility(workspace: Workspace, details: Mapping[str, str], where: str) -> tuple[int, InspectionRecord]:
    name, kind = details.get("facility", ""), details.get("facility_kind", "")
    for index, record in enumerate(workspace.registers.inspections):
        if record.facility.strip() == name.strip() and record.kind == kind:
            return index, record
    shown = f"'{name}' ({KIND_LABELS.get(kind, kind)})"
    raise InputError(f"the checklist is for {shown}, which is not in the inspections register "
                     "(registers/inspections.yaml)", where=where,
                     fix="Put the facility back in the register (same name and kind), or export a checklist for "
                     "the facility as the register names it now.")


def _read_form(workbook: OpenedWorkbook, allowed: Mapping[str, Sequence[str]], plan: InspectionPlan,
               problems: list[Problem]) -> tuple[dict[str, Any], dict[str, str]]:
    """The values of the Inspection form by field, and the cell of each."""
    if FORM_SHEET not in workbook.sheetnames:
        problems.append(Problem(str(plan.source), f"the sheet '{FORM_SHEET}' is missing",
                                "Keep the sheet names of the exported checklist (rename it back)."))
        return {}, {}
    by_label = {_label(f.label): f for f in FORM}
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for number, line in enumerate(workbook.rows(FORM_SHEET), start=1):
        label = line[0].value if line else None
        form_field = by_label.get(_label(str(label))) if isinstance(label, str) else None
        if form_field is None:
            continue
        where = f"{FORM_SHEET}!B{number}"
        if form_field.name in cells:
            problems.append(Problem(f"{FORM_SHEET}!A{number}", f"the row '{form_field.label}' appears twice",
                                    "Delete one of them."))
            continue
        cells[form_field.name] = where
        cell = line[1] if len(line) > 1 else EMPTY_CELL
        if is_formula(cell):
            problems.append(Problem(where, f"the cell holds a formula ({formula_text(cell)[:60]}); ssrgen takes "
                                    "values only", "Type the value itself; to start a text with '=', type an "
                                    "apostrophe first ('=...)."))
            continue
        if cell.data_type == "e":
            problems.append(Problem(where, f"the cell shows an error ({cell.value})", "Type the value itself."))
            continue
        if not form_field.column.editable:
            continue
        try:
            value = read_value(form_field.column, cell.value, allowed)
        except ValueError as exc:
            problems.append(Problem(where, str(exc), value_fix(form_field.column, allowed)))
            continue
        values[form_field.name] = value.strip() if isinstance(value, str) and form_field.column.type != "longtext" \
            else value
        plan.read(where, value)
    for number, form_field in enumerate(FORM, start=FORM_FIRST_ROW):
        if form_field.column.editable and form_field.name not in cells:
            problems.append(Problem(f"{FORM_SHEET}!A{number}", f"the row '{form_field.label}' is missing (the export "
                                    f"wrote it as row {number})", "Restore it with that exact label in column A "
                                    "(copy it from a fresh export)."))
    return values, cells


def _label(text: str) -> str:
    return " ".join(text.strip().removesuffix("*").split()).casefold()


def _read_checklist(workbook: OpenedWorkbook, plan: InspectionPlan, allowed: Mapping[str, Sequence[str]],
                    problems: list[Problem]) -> list[ReadRow]:
    """The Checklist rows of the items exported, each once."""
    name = CHECKLIST.name
    if name not in workbook.sheetnames:
        problems.append(Problem(str(plan.source), f"the sheet '{name}' is missing",
                                "Keep the sheet names of the exported checklist (rename it back)."))
        return []
    rows, found = read_sheet(name, workbook.rows(name), CHECKLIST, allowed)
    problems.extend(found)
    exported = plan.meta.keys(name)
    known = set(exported)
    seen: dict[str, int] = {}
    kept = []
    for row in rows:
        item = str(row.values.get("item") or "").strip()
        where = row.cells["item"]
        if not item:
            problems.append(Problem(where, "the Item is empty", "Restore the item id of this row (copy it from a "
                                    "fresh export), or clear the whole row."))
            continue
        if item not in known:
            problems.append(Problem(where, f"'{item}' is not an item of this checklist",
                                    "Keep the rows the export wrote; a checklist takes no new items."))
            continue
        if item in seen:
            problems.append(Problem(where, f"item {item} has a second row (first on row {seen[item]})",
                                    "Keep one row per item; delete the copy."))
            continue
        seen[item] = row.number
        row.values["item"] = item
        kept.append(row)
    gone = [item for item in exported if item not in seen]
    if gone:
        shown = ", ".join(gone[:8]) + (", ..." if len(gone) > 8 else "")
        problems.append(Problem(name, f"{len(gone)} item(s) of the checklist are no longer in the workbook ({shown}); "
                                "they are recorded as not checked", "Restore the rows from a fresh export to record "
                                "their results.", "warning"))
    order = {item: n for n, item in enumerate(exported)}
    return sorted(kept, key=lambda r: order[r.values["item"]])


# ------------------------------------------------------------------ the rules of §2.D.3

def _check_form(workspace: Workspace, record: InspectionRecord, form: dict[str, Any], cells: dict[str, str],
                today: dt.date, plan: InspectionPlan, errors: list[Problem]) -> None:
    for form_field in FORM:
        if form_field.required and form.get(form_field.name) in (None, ""):
            errors.append(Problem(cells.get(form_field.name, FORM_SHEET), f"the {form_field.label} is required",
                                  _fill_fix(form_field)))
    date = form.get("date")
    if isinstance(date, dt.date) and date > today:
        errors.append(Problem(cells["date"], f"the inspection date {date.isoformat()} is after today",
                              "Give the day the inspection was completed."))
    method = METHODS_BY_LABEL.get(str(form.get("method")))
    employer = EMPLOYERS_BY_LABEL.get(str(form.get("inspector_employer")))
    if method == "self-certified":
        if record.kind in NO_SELF_CERTIFICATION or employer == "contractor":
            who = NO_SELF_CERTIFICATION.get(record.kind, "the inspector is employed by a contractor or sub-contractor")
            facility = "off-site storage facility" if record.kind == "off-site-storage" else "contractor"
            errors.append(Problem(cells["method"], f"the inspection is marked self-certified, but {who}: "
                                  "contractors and sub-contractors may not conduct self-certification internal "
                                  "inspections (Pub 1075 §2.D.3)",
                                  f"The agency inspects the {facility} on site: set the Method to 'on site' and give "
                                  "the agency's inspector."))
        if not form.get("signed_by"):
            errors.append(Problem(cells["signed_by"], "a self-certified inspection must be signed by an agency "
                                  "employee, and no one is named as having signed it (Pub 1075 §2.D.3)",
                                  "Give the name of the agency employee who signed it."))
        elif form.get("signer_is_employee") != YES:
            errors.append(Problem(cells["signer_is_employee"], f"a self-certified inspection must be signed by an "
                                  f"agency employee; '{form['signed_by']}' is not recorded as one (Pub 1075 §2.D.3)",
                                  "Choose Yes if the signer is an agency employee; otherwise have an agency employee "
                                  "sign it."))
        missing = [FORM_FIELDS_BY_NAME[n].label for n in ("received_on", "reviewed_by", "discussed_on")
                   if not form.get(n)]
        if missing:
            where = ", ".join(cells.get(n, FORM_SHEET) for n in ("received_on", "reviewed_by", "discussed_on")
                              if not form.get(n))
            plan.warnings.append(Problem(where, "the self-certified inspection does not "
                                         f"say {', '.join(missing)} (Pub 1075 §2.D.3: the agency must ensure it is "
                                         "received timely, reviewed thoroughly, with in-depth discussions with the "
                                         "person who conducted it)", "Fill them in once done; the inspection is "
                                         "recorded meanwhile.", "warning"))
    if form.get("independent") == "No":
        plan.warnings.append(Problem(cells["independent"], "the inspector is not outside the function inspected "
                                     "(recorded; Pub 1075 §2.D.3: to provide an objective assessment, the inspection "
                                     "should be conducted by agency personnel outside the FTI-using function "
                                     "inspected)", "Say in the notes why, and plan the next inspection with an "
                                     "inspector from outside the function.", "warning"))
    given = form.get("id")
    if given and not re.fullmatch(INSPECTION_ID, str(given)):
        errors.append(Problem(cells["id"], f"'{given}' cannot be an inspection id",
                              "Use letters, digits, '.', '_' or '-', e.g. IIR-2026-01; or leave it empty."))


FORM_FIELDS_BY_NAME = {f.name: f for f in FORM}


def _fill_fix(form_field: FormField) -> str:
    if form_field.column.choices:
        return f"Pick a value from the list in the {form_field.label} cell."
    if form_field.column.type == "date":
        return "Enter the date, e.g. 2026-03-02."
    return "Fill it in."


# ------------------------------------------------------------------ the inspection

def _same_inspection(workspace: Workspace, record: InspectionRecord, date: dt.date) -> Inspection | None:
    """An inspection of the facility on that day already recorded (from another checklist, or by hand)."""
    return next((i for i in workspace.inspections if i.facility.strip() == record.facility.strip()
                 and i.kind == record.kind and i.date == date), None)


def _inspection(workspace: Workspace, plan: InspectionPlan, record: InspectionRecord, form: dict[str, Any],
                cells: dict[str, str], rows: list[ReadRow], errors: list[Problem]) -> Inspection | None:
    results = []
    exported = plan.meta.keys(CHECKLIST.name)
    by_item = {r.values["item"]: r for r in rows}
    for item in exported:
        row = by_item.get(item)
        label = str(row.values.get("result") or RESULT_LABELS["not-checked"]) if row else RESULT_LABELS["not-checked"]
        result = RESULTS_BY_LABEL[label]
        if row is not None and result == "not-checked":
            plan.not_checked.append(row.cells["result"])
        results.append(ItemResult(item=item, result=result,
                                  observation=row.values.get("observation") if row else None,
                                  evidence=row.values.get("evidence") if row else None))
    if plan.not_checked:
        shown = ", ".join(plan.not_checked[:10]) + (", ..." if len(plan.not_checked) > 10 else "")
        plan.warnings.append(Problem(CHECKLIST.name, f"{len(plan.not_checked)} of {len(results)} item(s) were left "
                                     f"'not checked' ({shown}); they are recorded as not checked",
                                     "Check them at the next inspection, or give them a result and import again.",
                                     "warning"))
    existing = next((i for i in workspace.inspections if i.checklist and i.checklist.id == plan.meta.export_id), None)
    given = form.get("id")
    if existing is not None:
        if given and given != existing.id:
            errors.append(Problem(cells["id"], f"this checklist was recorded as inspection {existing.id}; the "
                                  f"Inspection ID now says '{given}'", f"Restore {existing.id} (or clear the cell); to "
                                  "rename an inspection, rename its file in inspections/ and its id."))
            return None
        ident = existing.id
    elif (same := _same_inspection(workspace, record, form["date"])) is not None:
        source = (f"from another checklist (export {same.checklist.id})" if same.checklist
                  else f"in inspections/{same.id}.yaml")
        fix = (f"Enter the corrections in the checklist that recorded it (export {same.checklist.id}) and import that "
               "one again, or edit " if same.checklist else "Edit ") + f"inspections/{same.id}.yaml."
        errors.append(Problem(cells["date"], f"the inspection of {record.facility} on {same.date.isoformat()} is "
                              f"already recorded as {same.id}, {source}; this checklist would record it a second "
                              "time", fix))
        return None
    elif given:
        taken = next((i for i in workspace.inspections if i.id == given), None)
        if taken is not None or (workspace.root / INSPECTIONS / f"{given}.yaml").exists():
            what = (f"the inspection of {taken.facility} on {taken.date.isoformat()}" if taken else "another inspection")
            errors.append(Problem(cells["id"], f"{given} is already {what}",
                                  "Leave the Inspection ID empty (ssrgen numbers it), or give another report number."))
            return None
        ident = str(given)
    else:
        ident = next_inspection_id(workspace, form["date"])
    systems = plan.meta.details.get("systems", "").split()
    data = {
        "id": ident, "facility": record.facility, "kind": record.kind, "date": form["date"],
        "inspector": form["inspector"], "inspector_office": form["inspector_office"],
        "inspector_employer": EMPLOYERS_BY_LABEL[form["inspector_employer"]],
        "function_inspected": form.get("function_inspected"),
        "independent": form["independent"] == YES,
        "method": METHODS_BY_LABEL[form["method"]],
        "signed_by": form.get("signed_by"), "signer_title": form.get("signer_title"),
        "signer_is_employee": None if form.get("signer_is_employee") is None else form["signer_is_employee"] == YES,
        "received_on": form.get("received_on"), "reviewed_by": form.get("reviewed_by"),
        "discussed_on": form.get("discussed_on"), "systems": systems, "notes": form.get("notes"),
        "results": results,
    }
    try:
        inspection = Inspection.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "id"
            errors.append(Problem(cells.get(name, FORM_SHEET), error["msg"].rstrip(".").lower(), "Correct the value."))
        return None
    plan.created = existing is None
    return inspection

