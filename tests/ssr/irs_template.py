"""An SSR shaped like IRS's template, as an agency filled it in and IRS returned it (fictional).

Made with python-docx: a cover, the Report Information table (IRS's cells
filled by IRS), the certification, sections 1 to 10 with IRS's own numbering,
two control families in tables with an IRS Comments column (control ids written
the ways people write them), two technology sections under 9.4, a Word comment
by the IRS reviewer, a header and a footer.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt

AGENCY = "Example Department of Revenue (fictional)"
FOOTER = "IRS Office of Safeguards SSR template v4 - Example Department of Revenue (fictional) - Official Use Only"
HEADER = "Safeguard Security Report - Tax Year 2025"
INFO = [
    ("Agency Name", AGENCY),
    ("Agency Number", "DOR-0042"),
    ("Date Submitted", "01/15/2026"),
    ("IRS Reviewer", "R. Examiner (fictional)"),
    ("IRS Reference Number", "SSR-2025-0042"),
    ("Date Received", "01/20/2026"),
    ("IRS Comments", "Accepted. Address the comments in sections 6 and 9.3 in the next SSR."),
]
# the agency's narratives, by section, as last year's SSR gave them
SECTIONS = {
    "5 FTI Flow and Processing": [
        "FTI arrives from IRS over Secure Data Transfer each week and is loaded into the tax processing system.",
        "Analysts view FTI only in the case management screens; no FTI leaves the data center on removable media.",
    ],
    "6 System of Records": ["The disclosure log records every request, receipt and disposal of FTI."],
    "7 Other Safeguards": ["FTI on paper is kept in locked cabinets inside the badge-controlled records room."],
    "8 Disposal": ["Paper FTI is cross-cut shredded on site by a bonded vendor under agency escort."],
    "10 Disclosure Awareness": ["Every employee with FTI access completes disclosure awareness training yearly."],
}
TECHNOLOGY = {
    "9.4.1 Cloud Computing Environments": ["The agency does not use cloud computing for FTI."],
    "9.4.2 Email Communications": ["FTI is never sent by email; the email policy says so and is signed yearly."],
}
HEADERS = ["Control #", "Control Name", "Implementation Status", "Agency Response", "IRS Comments"]
# (id as written, title, status, response, IRS comment)
FAMILIES = {
    "9.3.1 Access Control (AC)": [
        ("AC-02", "Account Management", "Implemented", "Accounts are approved by the data owner and reviewed "
         "quarterly.", "Provide the quarterly review evidence."),
        ("AC-2 (3)", "Disable Accounts", "Partially Implemented", "Inactive accounts are disabled after 120 days.",
         "Pub 1075 requires 120 days; confirm the setting on the mainframe."),
        ("ac-7", "Unsuccessful Logon Attempts", "Implemented", "Three failed logons lock the account for 15 minutes.",
         ""),
        ("AC-11", "Device Lock", "Planned", "Screen lock after 15 minutes is being rolled out.", "Due by 06/30/2026."),
    ],
    "9.3.2 Awareness and Training (AT)": [
        ("AT-2", "Literacy Training and Awareness", "Implemented", "Security awareness training is annual.", ""),
        ("AT-04", "Training Records", "Implemented", "Training records are kept for five years.",
         "Records reviewed on site; no issue."),
    ],
}
REVIEWER_NOTE = "IRS: describe how the log is protected from change."


def irs_ssr(path: Path) -> Path:
    """Write the fixture to ``path``."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    document.add_paragraph("Safeguard Security Report", "Title")
    document.add_paragraph(AGENCY, "Subtitle")
    document.add_paragraph("Reporting Year: 2025")
    info = document.add_table(rows=0, cols=2)
    info.style = "Table Grid"
    for label, value in INFO:
        cells = info.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_heading("Safeguard Security Report Certification", 1)
    document.add_paragraph("I certify that this SSR accurately reflects the safeguards in place (IRS wording).")
    for heading, body in [
        ("1 Outstanding Actions", "No outstanding actions remain from the prior review."),
        ("2 Agency Information", "The agency administers state taxes."),
        ("3 Current Period Safeguard Activities", "Internal inspections of headquarters in March 2025."),
        ("4 Changes to Safeguarding Procedures", "See below."),
    ]:
        document.add_heading(heading, 1)
        document.add_paragraph(body)
    document.add_heading("4.1 Current Period Changes", 2)
    document.add_paragraph("No changes.")
    document.add_heading("4.2 Planned Changes", 2)
    document.add_paragraph("A new case system in 2026.")
    for heading, paragraphs in SECTIONS.items():
        if heading.startswith("9") or heading.startswith("10"):
            continue
        document.add_heading(heading, 1)
        for index, text in enumerate(paragraphs):
            paragraph = document.add_paragraph(text)
            paragraph.runs[0].font.size = Pt(10)
            if heading.startswith("6") and index == 0:
                document.add_comment(paragraph.runs, REVIEWER_NOTE, author="IRS Reviewer", initials="IRS")
    document.add_heading("9 Information Security Controls", 1)
    for heading, rows in FAMILIES.items():
        document.add_heading(heading, 2)
        table = document.add_table(rows=1, cols=len(HEADERS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    document.add_heading("9.4 Additional Computer Security Requirements", 2)
    for heading, paragraphs in TECHNOLOGY.items():
        document.add_heading(heading, 3)
        for text in paragraphs:
            document.add_paragraph(text)
    document.add_heading("10 Disclosure Awareness", 1)
    for text in SECTIONS["10 Disclosure Awareness"]:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
