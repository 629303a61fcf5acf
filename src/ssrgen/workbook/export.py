"""``ssrgen evidence export``: the evidence workbook a control owner fills in."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ssrgen.errors import InputError, ValidationFailed
from ssrgen.output import write_file
from ssrgen.workbook import WORKBOOK_NAME
from ssrgen.workbook.evidence_sheets import (
    CONTROLS,
    EVIDENCE,
    Scope,
    choice_lists,
    control_rows,
    evidence_rows,
)
from ssrgen.workbook.meta import ExportMeta, write_meta
from ssrgen.workbook.register_export import keeps_registers, write_register_sheets
from ssrgen.workbook.sheets import Lists, fingerprint, oversized, row_key, write_sheet
from ssrgen.workspace import Workspace

INSTRUCTIONS = [
    ("Evidence workbook", "title"),
    ("{agency}: controls of IRS Publication 1075 and the agreements in scope, exported {when}.", ""),
    ("", ""),
    ("What to do", "heading"),
    ("1. On the Controls sheet, fill in the white columns for each row: Status (pick from the list), "
     "Implementation narrative, Owner, Last reviewed (a date) and Notes.", ""),
    ("2. Grey columns are reference: the control, what Publication 1075 requires, IRS's values, the "
     "artifacts IRS expects, and the evidence on file. They are locked; changes there are not taken back.", ""),
    ("3. Cells in yellow have stale evidence (older than the control's review cycle); cells in red "
     "miss an expected artifact. Collect new evidence for them.", ""),
    ("4. On the Evidence sheet, correct existing items or add new ones in the empty rows below them: "
     "pick the Control ID, give a title, the kind, and the location (the file's path in the evidence "
     "folder, e.g. evidence/files/lockout-gpo-2026.txt, or a link). Leave Evidence ID empty: ssrgen numbers "
     "new items. Deleting a row removes that item from the register (its file stays).", ""),
    ("5. Save the file as .xlsx and send it back. Keep the sheet names and the column headers.", ""),
    ("", ""),
    ("Good to know", "heading"),
    ("- You may sort, filter, move columns and add your own columns (they are ignored). To sort, unprotect "
     "the sheet first (Review > Unprotect Sheet; there is no password).", ""),
    ("- Dates: pick them in Excel, or type 2026-03-02, 2 March 2026 or March 2, 2026. A date like 03/04/2026 "
     "is refused because it could be March 4 or April 3.", ""),
    ("- Type values, not formulas: a cell starting with = is refused. To write text that starts with =, type "
     "an apostrophe first.", ""),
    ("- The register sheets (Training, Inspections, Contractors, Incidents, Notifications, AI Use) hold one "
     "row per record. Grey columns identify the record; add new records in the empty rows below. Yellow: "
     "overdue; red: never done. Deleting a row leaves the record in the register.", ""),
    ("- The POA&M sheet is the agency's plan of action and milestones for the findings of internal inspections "
     "(Pub 1075 §2.D.9): give each finding its remediation plan, responsible office and planned date, and close it "
     "(status closed, the date completed, the closure evidence) once corrected. Yellow: past its planned date; "
     "red: no planned date.", ""),
    ("- Do not write Federal Tax Information (names, SSNs, tax data) anywhere in this workbook.", ""),
    ("- If someone changes the same row in the workspace while you hold this workbook, the import reports "
     "it and keeps the workspace's version of that row; nothing is overwritten silently.", ""),
    ("", ""),
    ("Status values", "heading"),
    ("implemented: fully in place.  partially-implemented: in place in part.  planned: scheduled, not yet in "
     "place.  alternative: met by a compensating control.  not-applicable: does not apply (say why in the "
     "narrative).  not-implemented: not in place.  Blank: not answered yet.", ""),
]


def write_evidence_workbook(
    workspace: Workspace, path: Path, scope: Scope | None = None, today: dt.date | None = None
) -> Path:
    """Write the evidence workbook for the rows in ``scope``; return its path."""
    scope = scope or Scope()
    today = today or dt.date.today()
    if scope.system and scope.system not in workspace.system_ids:
        raise InputError(f"unknown system '{scope.system}'",
                         fix=f"Use a system id from ssrgen.yaml: {', '.join(workspace.system_ids) or '(none)'}.")
    controls = list(control_rows(workspace, scope, today))
    if not controls:
        raise InputError("no control matches the filters given",
                         fix=_no_rows_fix(workspace, scope))
    control_data = [row for row, _ in controls]
    evidence = list(evidence_rows(workspace, control_data, scope, today))
    evidence_data = [row for row, _ in evidence]
    problems = oversized(CONTROLS, control_data, [
        workspace.where.get(r["control"], f"{CONTROLS.name} row {n}") for n, r in enumerate(control_data, 2)])
    problems += oversized(EVIDENCE, evidence_data, [
        workspace.where.get(f"evidence:{r['id']}", f"{EVIDENCE.name} row {n}") for n, r in enumerate(evidence_data, 2)])
    if problems:
        raise ValidationFailed(problems, what="the workbook cannot hold some texts; nothing was written")

    workbook = Workbook()
    _instructions(workbook, workspace, today)
    lists = Lists(workbook)
    for name, values in choice_lists(workspace).items():
        lists.add(name, values)
    write_sheet(workbook, CONTROLS, control_data, lists, [f for _, f in controls])
    write_sheet(workbook, EVIDENCE, evidence_data, lists, [f for _, f in evidence])
    sheets = [(CONTROLS, control_data), (EVIDENCE, evidence_data)]
    if scope == Scope() and keeps_registers(workspace):  # the whole workbook holds the registers
        sheets += write_register_sheets(workbook, workspace, lists, today)
    workbook.move_sheet(Lists.NAME, offset=len(workbook.sheetnames))
    meta = ExportMeta(uuid.uuid4().hex, workspace.catalogs.version, workspace.name,
                      dt.datetime.now().replace(microsecond=0).isoformat())
    for spec, data in sheets:
        for row in data:
            meta.fingerprints[(spec.name, row_key(spec, row))] = fingerprint(spec, row)
    write_meta(workbook, meta)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_file(workspace, path, buffer.getvalue(), kind="evidence-workbook")


def _no_rows_fix(workspace: Workspace, scope: Scope) -> str:
    if scope.family:
        families = sorted({e.group for e in workspace.in_scope()}, key=str)
        return f"Use a family in scope: {', '.join(families)}."
    if scope.owner:
        return "Check the owner's name as written in the implementation records (part of it is enough)."
    return "Check the catalogs listed in ssrgen.yaml."


def _instructions(workbook: Workbook, workspace: Workspace, today: dt.date) -> None:
    sheet = workbook.active
    sheet.title = "Instructions"
    sheet.column_dimensions["A"].width = 110
    for row, (text, style) in enumerate(INSTRUCTIONS, start=1):
        cell = sheet.cell(row, 1, text.format(agency=workspace.name, when=today.isoformat()))
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if style == "title":
            cell.font = Font(bold=True, size=16)
        elif style == "heading":
            cell.font = Font(bold=True, size=12)
    sheet.protection.sheet = True


def build_step(workspace: Workspace, out_dir: Path) -> list[Path]:
    """``ssrgen build``: the evidence workbook of every control in scope."""
    return [write_evidence_workbook(workspace, out_dir / WORKBOOK_NAME)]
