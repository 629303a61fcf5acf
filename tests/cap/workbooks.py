"""CAP workbooks as IRS might send them, built in the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

# An unusual order, an extra column IRS keeps for itself, odd spacing and case.
HEADERS = [
    "Risk", "FINDING  #", "Issue Code(s)", "Finding", "IRS Internal Ref", "Condition",
    "Recommendation ", "Controls", "Agency Corrective Action", "Responsible Office",
    "Planned Implementation Date", "Actual Completion Date", "Status",
]
HEADER_ROW = 3
STATUS_OPTIONS = "Open,In Progress,Completed,Closed"

EXAMPLE_ROWS: list[dict[str, Any]] = [
    {"FINDING  #": "H.1.1", "Risk": "Critical", "Issue Code(s)": "HSC8",
     "Finding": "FTI transmitted to the transfer gateway without encryption in transit",
     "Controls": "SC-8, SC-13", "IRS Internal Ref": "R-17"},
    {"FINDING  #": "H.2.1", "Risk": "Significant", "Issue Code(s)": "HAC12",
     "Finding": "User sessions are not terminated after 30 minutes of inactivity", "Controls": "AC-12"},
    {"FINDING  #": "H.2.3", "Risk": "Significant", "Issue Code(s)": "HAU3",
     "Finding": "Audit records do not identify the user and the FTI accessed", "Controls": "AU-3"},
    {"FINDING  #": "H.4.2", "Risk": "Moderate", "Issue Code(s)": "HAT2",
     "Finding": "Annual disclosure awareness training not certified for all users", "Controls": "AT-2, AT-4"},
    {"FINDING  #": "H.5.1", "Risk": "Limited", "Issue Code(s)": "HMP6",
     "Finding": "Media sanitization records omit the sanitization method", "Controls": "MP-6"},
]


def irs_workbook(path: Path, rows: list[dict[str, Any]], headers: list[str] = HEADERS) -> Path:
    """A CAP workbook: title block, header in row 3, styles, widths, a drop-down, a second sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "CAP"
    sheet["A1"] = "Safeguard Review Report: Corrective Action Plan"
    sheet["A1"].font = Font(bold=True, size=16, color="1F3864")
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Agency: Federal Records Enforcement Office (fictional)"
    thin = Side(style="thin", color="808080")
    for index, label in enumerate(headers, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=label)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", start_color="305496", end_color="305496")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        sheet.column_dimensions[cell.column_letter].width = 12 + index
    for offset, values in enumerate(rows, 1):
        for index, label in enumerate(headers, 1):
            cell = sheet.cell(row=HEADER_ROW + offset, column=index, value=values.get(label))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if label == "Actual Completion Date":
                cell.number_format = "mm/dd/yy"
    if "Status" in headers:
        column = sheet.cell(row=1, column=headers.index("Status") + 1).column_letter
        dv = DataValidation(type="list", formula1=f'"{STATUS_OPTIONS}"', allow_blank=True)
        dv.add(f"{column}{HEADER_ROW + 1}:{column}{HEADER_ROW + 50}")
        sheet.add_data_validation(dv)
    sheet.freeze_panes = "C4"
    notes = book.create_sheet("Instructions")
    notes["A1"] = "Complete the agency columns; do not alter the format (Pub 1075 2.E.5.1)."
    notes.column_dimensions["A"].width = 90
    book.save(path)
    return path


def snapshot(path: Path) -> dict[str, Any]:
    """Everything a workbook shows, as plain data: cells with styles, widths, validations, merges."""
    book = load_workbook(path)
    data: dict[str, Any] = {"sheets": book.sheetnames}
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                cells[cell.coordinate] = (
                    cell.value, cell.number_format, repr(cell.font), repr(cell.fill),
                    repr(cell.border), repr(cell.alignment), cell.protection.locked,
                )
        data[sheet.title] = {
            "cells": cells,
            "widths": {k: v.width for k, v in sheet.column_dimensions.items()},
            "validations": sorted(
                (dv.type, dv.formula1, str(dv.sqref)) for dv in sheet.data_validations.dataValidation
            ),
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "freeze": sheet.freeze_panes,
        }
    return data
