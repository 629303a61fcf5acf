"""``ssrgen cap export``: the CAP workbook, in IRS's own format when the workspace has it.

Pub 1075 §2.E.5.1: the agency must "use the version sent by the Office of
Safeguards with the SRR and must not alter the format". With IRS's workbook as
the workspace's CAP template, only the agency's cells of known findings are
written (narrative, responsible office, dates, status); every other cell,
style, width, validation and sheet stays as IRS made it. Without a template a
default workbook with the same columns is written.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ssrgen.cap.columns import (
    LABELS,
    STATUS_LABELS,
    CellValueError,
    HeaderRow,
    find_header_row,
    format_date,
    header_aliases,
    parse_status,
    text_of,
)
from ssrgen.cap.rules import is_overdue
from ssrgen.cap.summary import cap_summary, sorted_findings
from ssrgen.cap.xlsx import open_workbook
from ssrgen.errors import DeliverableError, InputError
from ssrgen.fti_scan import check_no_fti
from ssrgen.model.findings import CRITICALITIES, FINDING_STATUSES, Finding
from ssrgen.output import write_file
from ssrgen.workspace import Workspace
from ssrgen.yamlio import display_path

TEMPLATE_NAME = "cap.xlsx"
DATE_FORMAT = "mm/dd/yyyy"
OVERDUE_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
HEADER_FILL = PatternFill("solid", start_color="1F3864", end_color="1F3864")


@dataclass
class CapExport:
    """What an export wrote, and what the analyst should know about it."""

    path: Path
    from_template: Path | None
    written: int = 0
    notes: list[str] = field(default_factory=list)


def cap_template(workspace: Workspace) -> Path | None:
    """IRS's CAP workbook in the workspace: ``cap.template`` in ssrgen.yaml, else templates/cap.xlsx."""
    named = workspace.config.cap.template
    if named:
        path = workspace.root / named
        if not path.is_file():
            raise InputError(f"the CAP template '{named}' named in ssrgen.yaml does not exist",
                             where="ssrgen.yaml (cap.template)",
                             fix="Copy IRS's CAP workbook to that path, or correct cap.template.")
        return path
    own = workspace.root / "templates" / TEMPLATE_NAME
    return own if own.is_file() else None


def write_cap_workbook(workspace: Workspace, output: Path, today: dt.date | None = None) -> CapExport:
    """Fill IRS's CAP workbook when the workspace has one, else write the default workbook."""
    template = cap_template(workspace)
    if template is not None:
        return fill_cap_template(workspace, template, output, today)
    return write_default_workbook(workspace, output, today)


def _scan(workspace: Workspace, findings: list[Finding], fields: tuple[str, ...]) -> None:
    texts = []
    for finding in findings:
        where = workspace.where.get(f"finding:{finding.number}", "cap/findings.yaml")
        for name in fields:
            value = getattr(finding, name)
            text = ", ".join(value) if isinstance(value, list) else str(value or "")
            texts.append((f"finding {finding.number} {name} ({where})", text))
    check_no_fti(texts, workspace.config.fti_allowlist)


# ------------------------------------------------------------------ IRS's workbook

AGENCY_TEXT = ("corrective_action", "responsible_office")
NEEDED_FOR_EXPORT = ("number", "corrective_action")


def template_header(workspace: Workspace, template: Path, book: Any) -> HeaderRow:
    """The header row of IRS's workbook, or an error naming the headers it lacks."""
    aliases = header_aliases(workspace.config.cap.headers)
    shown = display_path(template, workspace.root)
    header = find_header_row(book.worksheets, aliases)
    if header is None:
        # name what is missing against the first sheet's best row
        wanted = [LABELS[f] for f in (*NEEDED_FOR_EXPORT, "planned_date")]
        raise DeliverableError(
            f"the CAP template's structure changed: no header row with {', '.join(wanted)} in the "
            "first 20 rows of any sheet", where=shown,
            fix="Use the CAP workbook exactly as IRS sent it, or map renamed headers in ssrgen.yaml under "
            "cap.headers (e.g. 'corrective_action: Agency Response').",
        )
    missing = [LABELS[f] for f in NEEDED_FOR_EXPORT if f not in header.columns]
    if "planned_date" not in header.columns and "completed_date" not in header.columns:
        missing.append(f"{LABELS['planned_date']} or {LABELS['completed_date']}")
    if missing:
        raise DeliverableError(
            f"the CAP template's structure changed: no column for {', '.join(missing)} "
            f"(headers in row {header.row} of sheet '{header.title}')", where=shown,
            fix="Use the CAP workbook exactly as IRS sent it, or map renamed headers in ssrgen.yaml under "
            "cap.headers (e.g. 'corrective_action: Agency Response').",
        )
    return header


def fill_cap_template(workspace: Workspace, template: Path, output: Path,
                      today: dt.date | None = None) -> CapExport:
    """Write the agency's answers into IRS's CAP workbook; nothing else in it changes."""
    book = open_workbook(template, data_only=False, where=display_path(template, workspace.root))
    header = template_header(workspace, template, book)
    findings = {f.number: f for f in workspace.findings.findings}
    _scan(workspace, list(findings.values()), AGENCY_TEXT)
    result = CapExport(output, template)
    sheet = header.sheet
    seen: set[str] = set()
    unknown: list[str] = []
    column = header.columns["number"]
    # the rows that hold a finding number, never every row the sheet claims (one stray cell far below)
    for row in sorted(r for r, c in sheet._cells if c == column and r > header.row):
        number = text_of(sheet.cell(row=row, column=column).value)
        if not number:
            continue
        finding = findings.get(number)
        if finding is None:
            unknown.append(number)
            continue
        seen.add(number)
        _fill_row(sheet, header, row, finding)
        result.written += 1
    missing = [n for n in findings if n not in seen and findings[n].status != "closed"]
    if missing:
        result.notes.append(f"not in IRS's workbook, so not reported: finding(s) {', '.join(missing)} "
                            "(the workbook is left in IRS's format; ask the Office of Safeguards for the current CAP)")
    if unknown:
        result.notes.append(f"rows left as they were (not in cap/findings.yaml): {', '.join(unknown)} "
                            "(run 'ssrgen cap import' on IRS's workbook to add them)")
    lost = _parts_openpyxl_drops(template)
    if lost:
        result.notes.append(f"the template has {', '.join(lost)}, which this export does not carry over; "
                            "check the written workbook against IRS's before submitting it")
    buffer = io.BytesIO()
    book.save(buffer)
    write_file(workspace, output, buffer.getvalue(), kind="cap-workbook")
    return result


def _fill_row(sheet: Worksheet, header: HeaderRow, row: int, finding: Finding) -> None:
    columns = header.columns
    for name in AGENCY_TEXT:
        value = getattr(finding, name)
        if name in columns and value:
            _set_text(sheet.cell(row=row, column=columns[name]), value.strip())
    planned, completed = finding.planned_date, finding.completed_date
    if "completed_date" not in columns and completed:
        planned = completed  # one date column: IRS asks for the planned or the actual date
    for name, value in (("planned_date", planned), ("completed_date", completed)):
        if name in columns and value:
            _set_date(sheet, sheet.cell(row=row, column=columns[name]), value)
    if "status" in columns:
        cell = sheet.cell(row=row, column=columns["status"])
        _set_text(cell, _status_text(sheet, cell, finding.status))


def _set_text(cell: Cell, text: str) -> None:
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)  # a stray control character would corrupt the file
    cell.data_type = "s"  # never a formula, even when the narrative starts with '='


def _set_date(sheet: Worksheet, cell: Cell, value: dt.date) -> None:
    """A date cell shown as mm/dd/yyyy when IRS's column holds dates, else the text MM/DD/YYYY.

    Text is the default because it reads MM/DD/YYYY in every locale and keeps the
    cell's style untouched; a column that IRS formatted or validated as dates gets
    a real date so its validation still accepts it.
    """
    if is_date_format(cell.number_format) or _validation_type(sheet, cell) == "date":
        cell.value = value
        if cell.number_format.lower() != DATE_FORMAT:
            cell.number_format = DATE_FORMAT
    else:
        _set_text(cell, format_date(value))


def _validations(sheet: Worksheet, cell: Cell) -> list[DataValidation]:
    return [dv for dv in sheet.data_validations.dataValidation if cell.coordinate in dv.sqref]


def _validation_type(sheet: Worksheet, cell: Cell) -> str | None:
    found = _validations(sheet, cell)
    return found[0].type if found else None


def _status_text(sheet: Worksheet, cell: Cell, status: str) -> str:
    """The status as IRS's drop-down spells it, when the column has one."""
    for dv in _validations(sheet, cell):
        if dv.type != "list" or not dv.formula1:
            continue
        for option in _list_options(sheet, dv.formula1):
            try:
                if parse_status(option) == status:
                    return option
            except CellValueError:
                continue
    return STATUS_LABELS[status]


def _list_options(sheet: Worksheet, formula: str) -> list[str]:
    if formula.startswith('"'):
        return [o.strip() for o in formula.strip('"').split(",")]
    target, _, ref = formula.lstrip("=").rpartition("!")
    book = sheet.parent
    source = book[target.strip("'")] if target and target.strip("'") in book.sheetnames else sheet
    try:
        return [text_of(c.value) for line in source[ref.replace("$", "")] for c in line if c.value is not None]
    except (ValueError, TypeError, KeyError):
        return []


def _parts_openpyxl_drops(template: Path) -> list[str]:
    with zipfile.ZipFile(template) as archive:
        names = archive.namelist()
    lost = []
    if any(n.startswith("xl/charts/") for n in names):
        lost.append("charts")
    if any(n.startswith("xl/drawings/vmlDrawing") for n in names) and not any(
            n.startswith("xl/comments") for n in names):
        lost.append("form controls")
    if any("vbaProject" in n for n in names):
        lost.append("macros")
    return lost


# ------------------------------------------------------------------ default workbook

DEFAULT_COLUMNS: list[tuple[str, str, int]] = [
    ("number", LABELS["number"], 10), ("issue_codes", LABELS["issue_codes"], 12),
    ("criticality", LABELS["criticality"], 13), ("title", LABELS["title"], 34),
    ("description", LABELS["description"], 48), ("recommendation", LABELS["recommendation"], 48),
    ("controls", LABELS["controls"], 14), ("corrective_action", LABELS["corrective_action"], 60),
    ("responsible_office", LABELS["responsible_office"], 22), ("planned_date", LABELS["planned_date"], 16),
    ("completed_date", LABELS["completed_date"], 16), ("status", LABELS["status"], 22),
    ("closure_evidence", "Closure Evidence", 16), ("review", "Review", 14), ("overdue", "Overdue", 10),
]
HEADER_ROW = 4


def write_default_workbook(workspace: Workspace, output: Path, today: dt.date | None = None) -> CapExport:
    """A CAP workbook with IRS's usual columns, drop-downs, overdue rows in red and a summary."""
    today = today or dt.date.today()
    findings = sorted_findings(list(workspace.findings.findings))
    _scan(workspace, findings, ("title", "description", "recommendation", "corrective_action",
                                "responsible_office", "mitigation_plan"))
    summary = cap_summary(workspace, today)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "CAP"
    sheet["A1"] = f"Corrective Action Plan: {workspace.name}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"Prepared {format_date(today)}. Next CAP due: {summary.due_text()}."
    for index, (_, label, width) in enumerate(DEFAULT_COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=label)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, finding in enumerate(findings, 1):
        row = HEADER_ROW + offset
        overdue = is_overdue(finding, today)
        for index, (name, _, _) in enumerate(DEFAULT_COLUMNS, 1):
            cell = sheet.cell(row=row, column=index)
            _default_value(cell, finding, name, overdue)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if overdue:
                cell.fill = OVERDUE_FILL
    last = HEADER_ROW + max(len(findings), 1)
    _drop_down(sheet, [c.capitalize() for c in CRITICALITIES], "criticality", last + 200)
    _drop_down(sheet, list(STATUS_LABELS.values()), "status", last + 200)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(DEFAULT_COLUMNS))}{last}"
    _summary_sheet(book.create_sheet("Summary"), summary)
    buffer = io.BytesIO()
    book.save(buffer)
    write_file(workspace, output, buffer.getvalue(), kind="cap-workbook")
    return CapExport(output, None, written=len(findings))


def _default_value(cell: Cell, finding: Finding, name: str, overdue: bool) -> None:
    if name in ("planned_date", "completed_date"):
        value = getattr(finding, name)
        if value:
            cell.value = value
            cell.number_format = DATE_FORMAT
    elif name == "criticality":
        cell.value = finding.criticality.capitalize()
    elif name == "status":
        cell.value = STATUS_LABELS[finding.status]
    elif name == "overdue":
        cell.value = "Yes" if overdue else ""
    else:
        value = getattr(finding, name)
        _set_text(cell, ", ".join(value) if isinstance(value, list) else str(value or "").strip())


def _drop_down(sheet: Worksheet, options: list[str], name: str, last_row: int) -> None:
    column = get_column_letter(next(i for i, (n, _, _) in enumerate(DEFAULT_COLUMNS, 1) if n == name))
    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle=f"{LABELS[name]}",
                        error=f"Choose one of: {', '.join(options)}")
    dv.add(f"{column}{HEADER_ROW + 1}:{column}{last_row}")
    sheet.add_data_validation(dv)


def _summary_sheet(sheet: Worksheet, summary: Any) -> None:
    sheet["A1"] = "CAP summary"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"Next CAP due: {summary.due_text()}"
    headers = ["Criticality", *(STATUS_LABELS[s] for s in FINDING_STATUSES), "Total"]
    for index, label in enumerate(headers, 1):
        cell = sheet.cell(row=4, column=index, value=label)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = 18 if index > 1 else 14
    for offset, criticality in enumerate(CRITICALITIES, 1):
        counts = summary.counts[criticality]
        values = [criticality.capitalize(), *(counts[s] for s in FINDING_STATUSES), sum(counts.values())]
        for index, value in enumerate(values, 1):
            sheet.cell(row=4 + offset, column=index, value=value)
    total_row = 5 + len(CRITICALITIES)
    sheet.cell(row=total_row, column=1, value="Total").font = Font(bold=True)
    for index, status in enumerate(FINDING_STATUSES, 2):
        sheet.cell(row=total_row, column=index, value=sum(summary.counts[c][status] for c in CRITICALITIES))
    sheet.cell(row=total_row, column=len(headers), value=summary.total)
    sheet.cell(row=total_row + 2, column=1, value="Overdue")
    sheet.cell(row=total_row + 2, column=2, value=len(summary.overdue))

