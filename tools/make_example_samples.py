"""Write examples/freo/samples/: files to try ssrgen's commands on.

Run from the repository root: ``python tools/make_example_samples.py``.

- ``CAP-from-IRS.xlsx``: the CAP workbook of the example's 2026 on-site review as
  IRS might send it (the real one is not public): a title block, the header row
  in row 4, IRS's columns filled from ``examples/freo/cap/findings.yaml``, the
  agency's columns empty, a status drop-down and an instructions sheet. Try
  ``ssrgen cap import`` on it (see docs/cap.md for the layouts it reads).
- ``my-ssr.docx``: a copy of the bundled SSR template (templates/ssr.docx), as an
  agency's own tagged copy; try ``ssrgen template check`` on it, or change a tag.
- ``SSR-2025-accepted.docx``: the example's SSR for 2025 in the shape of IRS's
  template, as IRS might have returned it with the acceptance letter (IRS's
  comments in the Report Information table and beside some controls, a Word
  comment of the reviewer); the real template is not public. Try ``ssrgen ssr
  import`` on it, then ``ssrgen ssr --into`` (see docs/ssr-template.md).

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


# the example's SSR for 2025: narratives of its prose sections, as the agency wrote them then
ACCEPTED_SECTIONS = {
    "5 FTI Flow and Processing": [
        "Return information arrives from IRS through the Secure Data Transfer Gateway in response to each "
        "request and is moved into the Case Tracking System, where investigators use it for the case it was "
        "requested for.",
        "Printed case reports with FTI stay in the case rooms.",
    ],
    "6 System of Records": ["The disclosure log of the Case Tracking System records every request to IRS, every "
                            "response received, and every disposal."],
    "7 Other Safeguards": ["Paper FTI is kept in locked containers in badge-controlled case rooms."],
    "8 Disposal": ["FTI is destroyed by cross-cut shredding on site; destruction is logged."],
    "10 Disclosure Awareness": ["Disclosure awareness training and a signed certification are required before "
                                "access and every year."],
}
ACCEPTED_FAMILIES = {"9.3.1 Access Control (AC)": "ac.yaml", "9.3.2 Awareness and Training (AT)": "at-au.yaml"}
IRS_REMARKS = {"AC-2": "Provide the service account inventory of the transfer gateway with the next SSR.",
               "AC-12": "Session termination is required (Pub 1075 AC-12); track it in the CAP."}
STATUS_WORDS = {"implemented": "Implemented", "partially-implemented": "Partially Implemented",
                "planned": "Planned", "not-implemented": "Not Implemented", "not-applicable": "Not Applicable"}


def write_accepted_ssr(path: Path) -> Path:
    """The example's 2025 SSR shaped like IRS's template (fictional): cover, Report Information,
    certification, sections 1 to 10, the AC and AT controls with an IRS Comments column."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Safeguard Security Report - Reporting Year 2025"
    section.footer.paragraphs[0].text = ("Federal Records Enforcement Office (fictional) - Safeguard Security Report "
                                         "- Official Use Only")
    document.add_paragraph("Safeguard Security Report", "Title")
    document.add_paragraph("Federal Records Enforcement Office (fictional)", "Subtitle")
    document.add_paragraph("Reporting Year: 2025")
    info = document.add_table(rows=0, cols=2)
    info.style = "Table Grid"
    for label, value in [("Agency Name", "Federal Records Enforcement Office (fictional)"),
                         ("Agency Number", "FREO-0001"), ("Date Submitted", "01/28/2026"),
                         ("IRS Reviewer", "A. Reviewer (fictional)"), ("IRS Reference Number", "SSR-2025-FREO"),
                         ("Date Received", "01/29/2026"),
                         ("IRS Comments", "Accepted. Address the comments on AC-2 and AC-12 in the next SSR.")]:
        cells = info.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_heading("Safeguard Security Report Certification", 1)
    document.add_paragraph("The Head of Agency certifies this report (signed copy on file).")
    for heading, body in [("1 Outstanding Actions", "No outstanding action remained from the prior review."),
                          ("2 Agency Information", "Federal Records Enforcement Office (fictional)."),
                          ("3 Current Period Safeguard Activities", "Internal inspection of headquarters."),
                          ("4 Changes to Safeguarding Procedures", "None in 2025.")]:
        document.add_heading(heading, 1)
        document.add_paragraph(body)
    for heading, paragraphs in ACCEPTED_SECTIONS.items():
        if heading.startswith("10"):
            continue
        document.add_heading(heading, 1)
        for text in paragraphs:
            document.add_paragraph(text).runs[0].font.size = Pt(10)
    document.add_heading("9 Information Security Controls", 1)
    for heading, filename in ACCEPTED_FAMILIES.items():
        document.add_heading(heading, 2)
        answers = yaml.safe_load((EXAMPLE / "implementation" / filename).read_text(encoding="utf-8"))
        family = heading.rsplit("(", 1)[1].rstrip(")")
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["Control #", "Implementation Status", "Agency Response",
                                                     "IRS Comments"], strict=True):
            cell.text = text
        for control, answer in answers.items():
            if not str(control).startswith(family + "-") or not answer.get("narrative"):
                continue
            cells = table.add_row().cells
            cells[0].text = str(control)
            cells[1].text = STATUS_WORDS.get(answer.get("status", ""), "")
            cells[2].text = " ".join(str(answer["narrative"]).split())
            cells[3].text = IRS_REMARKS.get(str(control), "")
    document.add_heading("9.4 Technology-Specific Requirements", 2)
    document.add_heading("9.4.1 Cloud Computing", 3)
    document.add_paragraph("The transfer gateway runs in a FedRAMP Moderate authorized IaaS.")
    document.add_heading("10 Disclosure Awareness", 1)
    for text in ACCEPTED_SECTIONS["10 Disclosure Awareness"]:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def copy_ssr_template(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "templates" / "ssr.docx", path)
    return path


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    print(f"Wrote {write_cap_workbook(folder / 'CAP-from-IRS.xlsx')}")
    print(f"Wrote {copy_ssr_template(folder / 'my-ssr.docx')}")
    print(f"Wrote {write_accepted_ssr(folder / 'SSR-2025-accepted.docx')}")
