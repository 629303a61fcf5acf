"""Write examples/freo/samples/: files to try ssrgen's commands on.

Run from the repository root: ``python tools/make_example_samples.py``.

- ``CAP-from-IRS.xlsx``: the CAP workbook of the example's 2026 on-site review as
  IRS might send it (the real one is not public): a title block, the header row
  in row 4, IRS's columns filled from ``examples/freo/cap/findings.yaml``, the
  agency's columns empty, a status drop-down and an instructions sheet. Try
  ``ssrgen cap import`` on it (see docs/cap.md for the layouts it reads).
- ``my-ssr.docx``: a copy of the bundled SSR template (templates/ssr.docx), as an
  agency's own tagged copy; try ``ssrgen template check`` on it, or change a tag.

Everything in them is fictional, like the rest of the example.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "freo"
OUT = EXAMPLE / "samples"

HEADER_ROW = 4
# (header as IRS might write it, field of cap/findings.yaml or None for the agency's columns, width)
COLUMNS: list[tuple[str, str | None, int]] = [
    ("Finding #", "number", 10),
    ("Issue Code(s)", "issue_codes", 12),
    ("Criticality", "criticality", 12),
    ("Finding", "title", 40),
    ("Condition", "description", 60),
    ("Recommendation", "recommendation", 60),
    ("Controls", "controls", 12),
    ("Agency Corrective Action", None, 60),
    ("Responsible Office", None, 24),
    ("Planned Implementation Date", None, 16),
    ("Actual Completion Date", None, 16),
    ("Status", None, 14),
]
STATUS_OPTIONS = "Open,In Progress,Completed,Closed"


def _cell_value(finding: dict[str, Any], field: str | None) -> str | None:
    if field is None:
        return None
    value = finding.get(field)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field == "criticality":
        return str(value).capitalize()
    return " ".join(str(value).split()) if value is not None else None


def write_cap_workbook(path: Path) -> Path:
    data = yaml.safe_load((EXAMPLE / "cap" / "findings.yaml").read_text(encoding="utf-8"))
    review = data["reviews"][0]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "CAP"
    sheet["A1"] = "Safeguard Review Report: Corrective Action Plan"
    sheet["A1"].font = Font(bold=True, size=16, color="1F3864")
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Agency: Federal Records Enforcement Office (fictional), FREO-0001"
    sheet["A3"] = (f"Review: {review['type']}, closing conference "
                   f"{review['closing_conference']:%m/%d/%Y}; report issued {review['report_issued']:%m/%d/%Y}")
    thin = Side(style="thin", color="808080")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for index, (label, _, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=label)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", start_color="305496", end_color="305496")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = border
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, finding in enumerate(data["findings"], 1):
        for index, (label, field, _) in enumerate(COLUMNS, 1):
            cell = sheet.cell(row=HEADER_ROW + offset, column=index, value=_cell_value(finding, field))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
            if label.endswith("Date"):
                cell.number_format = "mm/dd/yyyy"
    status = sheet.cell(row=1, column=len(COLUMNS)).column_letter
    dropdown = DataValidation(type="list", formula1=f'"{STATUS_OPTIONS}"', allow_blank=True)
    dropdown.add(f"{status}{HEADER_ROW + 1}:{status}{HEADER_ROW + 100}")
    sheet.add_data_validation(dropdown)
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    notes = book.create_sheet("Instructions")
    notes["A1"] = ("Provide a written narrative for each finding, a planned implementation date or actual "
                   "completion date in MM/DD/YYYY format, and evidence to close Critical and Significant "
                   "findings. Do not alter the format (Pub 1075 2.E.5.1).")
    notes["A1"].alignment = Alignment(wrap_text=True)
    notes.column_dimensions["A"].width = 100
    properties = book.properties
    properties.title = "Corrective Action Plan (sample)"
    properties.creator = "ssrgen example"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def copy_ssr_template(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "templates" / "ssr.docx", path)
    return path


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    print(f"Wrote {write_cap_workbook(folder / 'CAP-from-IRS.xlsx')}")
    print(f"Wrote {copy_ssr_template(folder / 'my-ssr.docx')}")
