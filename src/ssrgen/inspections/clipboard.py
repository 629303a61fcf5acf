"""``ssrgen inspection checklist --docx``: the same checklist, printed for a clipboard.

A Word document (landscape) with the header to fill in by hand, then one table
per area: each item's requirement and citation, what to look at, boxes to tick
for the result and room for the observation; a signature block at the end. It
is built with python-docx and returned as bytes for the output door.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from ssrgen.inspections.checklist import Checklist, cycle_words
from ssrgen.inspections.sheets import KIND_LABELS
from ssrgen.workspace import Workspace

BOX = "\u2610"
BLANK = "_" * 34
RESULT_BOXES = f"{BOX} met\n{BOX} not met\n{BOX} partially met\n{BOX} not applicable\n{BOX} not checked"
COLUMNS = (("Item", 0.75), ("Requirement", 4.3), ("Look at", 1.1), ("Result", 1.35), ("Observation and evidence", 2.5))


def clipboard_bytes(workspace: Workspace, checklist: Checklist, today: dt.date) -> bytes:
    """The printable checklist (.docx) as bytes."""
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(9)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.6))
    record = checklist.facility
    facility = f"{record.facility} ({KIND_LABELS[record.kind]})"
    header = section.header.paragraphs[0]
    header.text = f"Internal inspection checklist: {facility}"
    footer = section.footer.paragraphs[0]
    footer.text = workspace.scope.notice_short + "  Page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size = Pt(7)

    doc.add_paragraph("Internal inspection checklist", style="Title")
    doc.add_paragraph(f"{workspace.name}: the requirements of IRS Publication 1075 an internal inspection "
                      "reviews (§2.D.3: recordkeeping, secure storage, limited access, disposal and "
                      f"cybersecurity). Printed {today.isoformat()}; enter the results with 'ssrgen inspection "
                      "import' from the workbook of the same checklist.")
    info = doc.add_table(rows=0, cols=2)
    info.style = "Table Grid"
    for label, value in [
        ("Facility", facility),
        ("Inspection cycle", cycle_words(record.kind)),
        ("Systems at the facility", ", ".join(f"{s.id} ({s.name})" for s in checklist.systems) or "none"),
        ("Inspection ID (report number)", BLANK),
        ("Inspection date", BLANK),
        ("Inspector", BLANK),
        ("Inspector's office or function", BLANK),
        ("Inspector is employed by", f"{BOX} the agency    {BOX} a contractor or sub-contractor"),
        ("FTI-using function inspected", BLANK),
        ("Inspector is outside the function inspected", f"{BOX} Yes    {BOX} No"),
        ("Method", f"{BOX} on site    {BOX} self-certified (not by a contractor, a sub-contractor or an off-site "
                   "storage facility, Pub 1075 §2.D.3)"),
        ("Self-certified: signed by (an agency employee), title", BLANK),
        ("Self-certified: received on, reviewed by, discussed on", BLANK),
    ]:
        cells = info.add_row().cells
        cells[0].text = label
        cells[1].text = value
        cells[0].paragraphs[0].runs[0].bold = True
    for note in checklist.notes:
        doc.add_paragraph(note)
    for _, title, rows in checklist.areas():
        doc.add_paragraph(f"{title} ({len(rows)} items)", style="Heading 1")
        table = _table(doc)
        for row in rows:
            cells = table.add_row().cells
            cells[0].text = row.id
            cells[1].text = row.text
            cite = cells[1].add_paragraph(row.citation)
            for run in cite.runs:
                run.italic = True
                run.font.size = Pt(8)
            cells[2].text = row.look_at_text
            cells[3].text = RESULT_BOXES
            cells[4].text = ""
    doc.add_paragraph("Signatures", style="Heading 1")
    doc.add_paragraph(f"Inspector: {BLANK}    Date: {BLANK}")
    doc.add_paragraph(f"Self-certified, signed by (agency employee): {BLANK}    Date: {BLANK}")
    core = doc.core_properties
    core.title = f"Internal inspection checklist: {record.facility}"
    core.author = workspace.name
    core.subject = "IRS Publication 1075 §2.D.3 internal inspection"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _table(doc: DocumentObject) -> Table:
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for index, (label, width) in enumerate(COLUMNS):
        table.columns[index].width = Inches(width)
        cell = table.rows[0].cells[index]
        cell.width = Inches(width)
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    flag = OxmlElement("w:tblHeader")  # the header row repeats on every page
    flag.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(flag)
    return table


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word fills in when it shows the page."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text or ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
