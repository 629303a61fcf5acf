"""``ssrgen inspection checklist``: the checklist workbook the inspector fills in.

It follows the evidence workbook's conventions (:mod:`ssrgen.workbook.sheets`):
Instructions, the Inspection form, the Checklist (locked grey reference
columns, drop-downs, frozen header, filters, protection without a password),
the hidden Lists, and the very hidden Export sheet that ties the workbook to
this workspace, this facility and this checklist (its export id, and each
item's fingerprint). ``--docx`` prints the same checklist for a clipboard
(:mod:`ssrgen.inspections.clipboard`); both go out through the output door as
one set.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ssrgen.errors import ValidationFailed
from ssrgen.inspections.checklist import Checklist, checklist_for, cycle_words
from ssrgen.inspections.clipboard import clipboard_bytes
from ssrgen.inspections.sheets import (
    CHECKLIST,
    FORM,
    FORM_EDITABLE,
    FORM_FIRST_ROW,
    FORM_SHEET,
    FORM_SPEC,
    KIND_LABELS,
    RESULT_LABELS,
    choice_lists,
)
from ssrgen.output import delivering
from ssrgen.paths import file_slug
from ssrgen.workbook.meta import ExportMeta, write_meta
from ssrgen.workbook.sheets import (
    READ_ONLY_FILL,
    Lists,
    Row,
    fingerprint,
    oversized,
    row_key,
    write_sheet,
    write_value,
)
from ssrgen.workspace import Workspace

KIND = "inspection checklist"
FORM_KEY = "form"

INSTRUCTIONS = [
    ("Internal inspection checklist", "title"),
    ("{facility}: the requirements of IRS Publication 1075 an internal inspection reviews (§2.D.3: "
     "recordkeeping, secure storage, limited access, disposal and cybersecurity), exported {when}.", ""),
    ("", ""),
    ("What to do", "heading"),
    ("1. On the Inspection sheet, fill in the white cells: the date, the inspector and their office, whether "
     "the inspector is outside the function inspected, and the method. A self-certified inspection also "
     "needs who signed it (an agency employee), when the agency received it, who reviewed it and when it was "
     "discussed with the person who conducted it.", ""),
    ("2. On the Checklist sheet, give each item a Result (pick from the list): met, not met, partially met, "
     "not applicable, or not checked. Write what you saw in Observation, and where the evidence is in "
     "Evidence reference (a photo, a log, a document).", ""),
    ("3. Every item not met or partially met becomes a finding of the agency's plan of action and milestones "
     "(POA&M, Pub 1075 §2.D.9): describe what is wrong in Observation.", ""),
    ("4. Save the file as .xlsx and send it back. Keep the sheet names, the labels of the Inspection sheet and "
     "the column headers.", ""),
    ("", ""),
    ("Good to know", "heading"),
    ("- Grey cells are reference (the requirement quoted from Pub 1075, its citation, what to look at). They "
     "are locked; changes there are not taken back.", ""),
    ("- Contractors and sub-contractors, an off-site storage facility among them, may not conduct "
     "self-certification internal inspections, and a self-certified inspection is signed by an agency employee (Pub 1075 §2.D.3): the import refuses "
     "anything else.", ""),
    ("- An item left 'not checked' is recorded as such and reported.", ""),
    ("- Dates: pick them in Excel, or type 2026-03-02, 2 March 2026 or March 2, 2026.", ""),
    ("- Type values, not formulas: a cell starting with = is refused.", ""),
    ("- Do not write Federal Tax Information (names of taxpayers, SSNs, tax data) anywhere in this workbook.", ""),
]


def default_name(checklist: Checklist, today: dt.date, suffix: str = "xlsx") -> str:
    slug = file_slug(checklist.facility.facility, "facility")
    return f"inspection-checklist-{slug}-{today.isoformat()}.{suffix}"


def write_checklist(workspace: Workspace, facility: str, output: Path | None = None,
                    docx: Path | None = None, today: dt.date | None = None) -> tuple[Checklist, list[Path]]:
    """Write the checklist of ``facility`` as a workbook (and, with ``docx``, printed for a
    clipboard), as one set through the output door; returns the checklist and the files."""
    today = today or dt.date.today()
    checklist = checklist_for(workspace, facility)
    path = output or workspace.out / default_name(checklist, today)
    if path.is_dir() or not path.suffix:  # a folder, there or to be made
        path = path / default_name(checklist, today)
    data = checklist_workbook(workspace, checklist, today)
    written = []
    with delivering(workspace) as delivery:
        written.append(delivery.write(path, data, kind="inspection-checklist",
                                      facility=checklist.facility.facility))
        if docx is not None:
            if docx.is_dir() or not docx.suffix:
                docx = docx / default_name(checklist, today, "docx")
            written.append(delivery.write(docx, clipboard_bytes(workspace, checklist, today),
                                          kind="inspection-checklist", facility=checklist.facility.facility))
    return checklist, written


def form_values(workspace: Workspace, checklist: Checklist) -> dict[str, object]:
    """What the export writes into the Inspection form: the facility, and blanks to fill in."""
    record = checklist.facility
    return {
        "agency": workspace.name,
        "facility": record.facility,
        "kind": KIND_LABELS[record.kind],
        "cycle": cycle_words(record.kind),
        "systems": ", ".join(f"{s.id} ({s.name})" for s in checklist.systems) or "none",
        **dict.fromkeys(FORM_EDITABLE),
    }


def checklist_rows(checklist: Checklist) -> list[Row]:
    return [{
        "item": row.id, "area": row.area_title, "requirement": row.text, "citation": row.citation,
        "look_at": row.look_at_text, "result": RESULT_LABELS["not-checked"], "observation": None, "evidence": None,
    } for row in checklist.rows]


def checklist_workbook(workspace: Workspace, checklist: Checklist, today: dt.date) -> bytes:
    """The checklist workbook's bytes (nothing is written)."""
    rows = checklist_rows(checklist)
    problems = oversized(CHECKLIST, rows, [f"{CHECKLIST.name} item {r['item']}" for r in rows])
    if problems:  # pragma: no cover - the items are catalog text, far below the limit
        raise ValidationFailed(problems, what="the checklist cannot hold some texts; nothing was written")
    workbook = Workbook()
    _instructions(workbook, checklist, today)
    lists = Lists(workbook)
    for name, options in choice_lists().items():
        lists.add(name, options)
    values = form_values(workspace, checklist)
    _form(workbook, values, lists, checklist)
    sheet = write_sheet(workbook, CHECKLIST, rows, lists)
    _print_setup(sheet, f"Internal inspection checklist: {checklist.facility.facility} "
                        f"({KIND_LABELS[checklist.facility.kind]})")
    workbook.move_sheet(Lists.NAME, offset=len(workbook.sheetnames))
    record = checklist.facility
    meta = ExportMeta(uuid.uuid4().hex, workspace.catalogs.version, workspace.name,
                      dt.datetime.now().replace(microsecond=0).isoformat(), kind=KIND,
                      details={"facility": record.facility, "facility_kind": record.kind,
                               "systems": " ".join(s.id for s in checklist.systems)})
    meta.fingerprints[(FORM_SHEET, FORM_KEY)] = form_fingerprint(values)
    for row in rows:
        meta.fingerprints[(CHECKLIST.name, row_key(CHECKLIST, row))] = fingerprint(CHECKLIST, row)
    write_meta(workbook, meta)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def form_fingerprint(values: dict[str, object]) -> str:
    """The fingerprint of what the inspector fills in on the Inspection form."""
    return fingerprint(FORM_SPEC, values)


def _instructions(workbook: Workbook, checklist: Checklist, today: dt.date) -> None:
    sheet = workbook.active
    sheet.title = "Instructions"
    sheet.column_dimensions["A"].width = 110
    facility = f"{checklist.facility.facility} ({KIND_LABELS[checklist.facility.kind]})"
    notes = [(note, "") for note in checklist.notes]
    for row, (text, style) in enumerate([*INSTRUCTIONS, *([("", ""), ("Scope", "heading")] if notes else []),
                                         *notes], start=1):
        cell = sheet.cell(row, 1, text.format(facility=facility, when=today.isoformat()))
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if style == "title":
            cell.font = Font(bold=True, size=16)
        elif style == "heading":
            cell.font = Font(bold=True, size=12)
    sheet.protection.sheet = True


LABEL_FONT = Font(bold=True)
HINT_FONT = Font(italic=True, color="595959")
TITLE_FILL = PatternFill("solid", fgColor="1F3864")


def _form(workbook: Workbook, values: dict[str, object], lists: Lists, checklist: Checklist) -> Worksheet:
    sheet = workbook.create_sheet(FORM_SHEET, 1)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 70
    title = sheet.cell(1, 1, "Internal inspection (Pub 1075 §2.D.3)")
    title.font = Font(bold=True, size=14)
    for number, field in enumerate(FORM, start=FORM_FIRST_ROW):
        label = sheet.cell(number, 1, field.label + (" *" if field.required else ""))
        label.data_type = "s"
        label.font = LABEL_FONT
        label.fill = READ_ONLY_FILL
        label.alignment = Alignment(wrap_text=True, vertical="top")
        label.protection = Protection(locked=True)
        write_value(sheet, number, 2, field.column, values.get(field.name))
        if field.column.help:
            hint = sheet.cell(number, 3, field.column.help)
            hint.data_type = "s"
            hint.font = HINT_FONT
            hint.alignment = Alignment(wrap_text=True, vertical="top")
        if field.column.choices:
            check = DataValidation(type="list", formula1=lists.ranges[field.column.choices], allow_blank=True,
                                   showErrorMessage=True, errorTitle=field.label, error="Choose a value from the list.")
        elif field.column.type == "date":
            check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                   showErrorMessage=True, errorTitle=field.label, error="Enter a date, e.g. 2026-03-02.")
        else:
            continue
        check.add(f"B{number}")
        sheet.add_data_validation(check)
    last = len(FORM) + 4
    footer = sheet.cell(last, 1, "* required. Fill in the white cells; grey cells were written by ssrgen.")
    footer.font = HINT_FONT
    sheet.freeze_panes = "A3"
    sheet.protection.sheet = True
    _print_setup(sheet, f"Internal inspection: {checklist.facility.facility}", landscape=False)
    return sheet


def _print_setup(sheet: Worksheet, header: str, landscape: bool = True) -> None:
    """Printable on a clipboard too: one page wide, the header row repeated, the facility on top."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if landscape:
        sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = header.replace("&", "&&")[:200]
    sheet.oddFooter.center.text = "Page &P of &N"
