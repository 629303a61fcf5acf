"""Write templates/cap.docx: the editable Word template of the CAP document.

Run from the repository root: ``python tools/make_cap_template.py``. The result
is an ordinary .docx with docxtpl tags; an agency may copy it to its workspace
(templates/cap.docx) and change wording, fonts and layout in Word. The
variables are listed in docs/cap.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "templates" / "cap.docx"


def _labelled(doc: Document, label: str, value: str) -> None:
    para = doc.add_paragraph()
    para.add_run(label).bold = True
    para.add_run(value)


def build(path: Path) -> Path:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)

    title = doc.add_heading("Corrective Action Plan", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{{ agency.name }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    _labelled(doc, "Prepared: ", "{{ prepared }}")
    _labelled(doc, "Safeguard review: ", "{{ review.text }}")
    _labelled(doc, "Next CAP due: ", "{{ next_due }}")
    _labelled(doc, "Safeguards point of contact: ", "{{ contact.name }}, {{ contact.title }}")
    doc.add_paragraph(
        "This plan reports the corrective actions taken or planned for each finding of the "
        "Safeguard Review Report, with a planned implementation date or actual completion date "
        "for each (IRS Publication 1075, Section 2.E.5.1)."
    )

    doc.add_heading("Summary", level=1)
    table = doc.add_table(rows=3, cols=6)
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, ["Criticality", "Open", "In progress",
                                                "Completed, pending IRS", "Closed", "Total"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for row in summary %}"
    cells = table.rows[2].cells
    for cell, text in zip(cells, ["{{ row.criticality }}", "{{ row.open }}", "{{ row.in_progress }}",
                                  "{{ row.completed }}", "{{ row.closed }}", "{{ row.total }}"], strict=True):
        cell.text = text
    end = table.add_row()
    end.cells[0].text = "{%tr endfor %}"
    _labelled(doc, "Overdue findings: ", "{{ overdue_count }}")

    doc.add_paragraph("{%p for group in groups %}")
    doc.add_heading("{{ group.label }} findings", level=1)
    doc.add_paragraph("{%p for f in group.findings %}")
    doc.add_heading("{{ f.number }}: {{ f.title }}", level=2)
    details = doc.add_table(rows=7, cols=2)
    details.style = "Table Grid"
    for row, (label, value) in zip(details.rows, [
        ("Issue code", "{{ f.issue_codes }}"),
        ("Controls", "{{ f.controls }}"),
        ("Status", "{{ f.status }}{% if f.overdue %} (overdue){% endif %}"),
        ("Responsible office", "{{ f.responsible_office }}"),
        ("Planned implementation date", "{{ f.planned_date }}"),
        ("Actual completion date", "{{ f.completed_date }}"),
        ("Closure evidence", "{{ f.closure_evidence }}"),
    ], strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
    _labelled(doc, "Finding: ", "{{ f.description }}")
    _labelled(doc, "IRS recommendation: ", "{{ f.recommendation }}")
    _labelled(doc, "Agency corrective action: ", "{{ f.corrective_action }}")
    doc.add_paragraph("{%p if f.mitigation_plan %}")
    _labelled(doc, "Mitigation plan: ", "{{ f.mitigation_plan }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not groups %}")
    doc.add_paragraph("No findings are recorded.")
    doc.add_paragraph("{%p endif %}")

    core = doc.core_properties
    core.title = "Corrective Action Plan (template)"
    core.author = "ssrgen"
    core.comments = ""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    print(f"Wrote {build(target)}")
