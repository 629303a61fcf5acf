"""Write the bundled SSR template, templates/ssr.docx (run again after editing this file).

    python tools/make_ssr_template.py

The template is an ordinary Word document with Jinja tags (docxtpl): agencies
copy it to <workspace>/templates/ssr.docx and edit it in Word, or put the tags
into the SSR template IRS returned to them. docs/ssr-template.md lists every
variable. Layout follows the outline of IRS's SSR template: a cover with the
agency's name, code and reporting year, the Report Information table (IRS's
cells left blank), the certification, sections 1 to 10 with the control
families numbered 9.3.N and the technology-specific requirements of Pub 1075
§3.3 numbered 9.4.N, and the attachments. What IRS's outline has no place of
its own for goes where IRS looks for it: contractors and AI use under section 5
(the flow of FTI), the internal inspection plan under section 7. The words that depend on the
agency's agreements and authorities (the certification, the notice on every
page, each section's opening sentence) are variables: they cite the MOU only
for an agency it binds.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parent.parent / "templates" / "ssr.docx"

def field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word updates when the document opens."""
    def run_with(element: OxmlElement) -> None:
        run = paragraph.add_run()
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def repeat_header(table: Table) -> None:
    """Mark the first row as a header row Word repeats at the top of every page."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


# relative column widths: free text gets room, ids, dates and statuses little
WIDE = {"Control": 1.45, "Status": 1.5, "Criticality": 1.6, "Finding": 1.15, "Planned date": 1.35,
        "Implementation": 3.4, "Corrective action": 3.2, "Description": 3.0, "Summary": 3.0,
        "Finding and controls": 2.4, "Title": 2.0, "Services": 2.2, "What it is": 3.0,
        "Evidence": 2.2, "Hosting and location": 1.8, "Technologies": 1.8, "Agreement": 2.0,
        "Planned inspections": 2.0, "Note": 1.8, "Facility": 1.8, "Contractor": 1.6, "Section 9.4": 2.2}
PAGE_WIDTH = Inches(6.5)


def table(doc: DocumentObject, header: list[str], loop: str, cells: list[str], end: str = "{%tr endfor %}") -> Table:
    """A table: a repeating header row, then one row per item of a ``{%tr for %}`` loop,
    its columns sized by what they hold."""
    result = doc.add_table(rows=4, cols=len(header))
    result.style = "Table Grid"
    result.autofit = False
    weights = [WIDE.get(text, 1.0) for text in header]
    for index, weight in enumerate(weights):
        width = int(PAGE_WIDTH * weight / sum(weights))
        result.columns[index].width = width
        for row in result.rows:
            row.cells[index].width = width
    for index, text in enumerate(header):
        result.cell(0, index).text = text
    result.cell(1, 0).text = loop
    for index, text in enumerate(cells):
        result.cell(2, index).text = text
    result.cell(3, 0).text = end
    repeat_header(result)
    return result


def para(doc: DocumentObject, text: str, style: str | None = None) -> Paragraph:
    return doc.add_paragraph(text, style=style)


def loop(doc: DocumentObject, head: str, body: list[tuple[str, str | None]], empty: str | None = None,
         items: str = "") -> None:
    """Paragraphs repeated per item; ``empty`` is said when the list is empty."""
    if empty:
        para(doc, f"{{%p if not {items} %}}")
        para(doc, empty)
        para(doc, "{%p endif %}")
    para(doc, head)
    for text, style in body:
        para(doc, text, style)
    para(doc, "{%p endfor %}")


def text_block(doc: DocumentObject, key: str) -> None:
    """The agency's own text of a section (ssr/sections.yaml), one paragraph each."""
    loop(doc, f"{{%p for line in {key}.paragraphs %}}", [("{{ line }}", None)])


def answers(doc: DocumentObject, key: str) -> None:
    loop(doc, f"{{%p for a in {key}.answers %}}", [("{{ a.title }} ({{ a.id }}, {{ a.status }}): {{ a.narrative }}", None)])


def build() -> DocumentObject:
    doc = Document()
    styles = doc.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT

    # ---------------------------------------------------------------- footer: notice and page numbers
    footer = section.footer
    notice = footer.paragraphs[0]
    notice.text = "{{ notice }}"
    for run in notice.runs:
        run.font.size = Pt(7)
    pages = footer.add_paragraph("{{ agency.name }} · Safeguard Security Report · {{ report.period }} · Page ")
    field(pages, "PAGE", "1")
    pages.add_run(" of ")
    field(pages, "NUMPAGES", "1")
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in pages.runs:
        run.font.size = Pt(8)

    # ---------------------------------------------------------------- cover and report information
    para(doc, "Safeguard Security Report", "Title")
    para(doc, "{{ agency.name }}", "Subtitle")
    para(doc, "Agency code: {{ agency.code }}")
    para(doc, "Reporting year: {{ report.year }} (reporting period {{ report.period }})")
    caption = para(doc, "Report Information")
    caption.runs[0].bold = True
    info = doc.add_table(rows=0, cols=2)
    info.style = "Table Grid"
    for label, value in [
        ("Agency Name", "{{ agency.name }}"),
        ("Agency Number", "{{ agency.code }}"),
        ("Date Submitted", "{{ report.submitted }}"),
        ("IRS Reviewer", ""),
        ("IRS Reference Number", ""),
        ("Date Received", ""),
        ("IRS Comments", ""),
    ]:
        row = info.add_row().cells
        row[0].text = label
        row[1].text = value
        row[0].paragraphs[0].runs[0].bold = True
    para(doc, "The IRS Reviewer, IRS Reference Number, Date Received and IRS Comments are left for the "
              "Office of Safeguards.")
    para(doc, "Contents", "TOC Heading")
    field(para(doc, ""), 'TOC \\o "1-3" \\h \\z \\u',
          "Right-click here and choose Update Field to build the table of contents.")

    # ---------------------------------------------------------------- certification
    para(doc, "Safeguard Security Report Certification", "Heading 1")
    para(doc, "{{ certification.basis }}")
    loop(doc, "{%p for element in certification.elements %}", [("{{ element }}", "List Bullet")])
    para(doc, "")
    para(doc, "Signature: ________________________________        Date: ________________")
    para(doc, "Name: {{ signer.name }}")
    para(doc, "Title: {{ signer.title }}")
    para(doc, "{%p if signer.is_designee %}")
    para(doc, "Delegation of authority: {{ signer.name }} signs as the designee of the Head of Agency, "
              "{{ head_of_agency.name }}, {{ head_of_agency.title }}, under {{ signer.delegation }}. "
              "The delegation of authority signed by the Head of Agency is kept current and retained "
              "for at least three years (Pub 1075 §2.E.2).")
    para(doc, "{%p endif %}")

    # ---------------------------------------------------------------- 1 outstanding actions
    para(doc, "1 Outstanding Actions", "Heading 1")
    para(doc, "Findings of IRS safeguard reviews that are not closed, with the agency's corrective "
              "action (the Corrective Action Plan, Pub 1075 §2.E.5).")
    para(doc, "{%p if not outstanding_actions %}")
    para(doc, "There are no outstanding actions: no finding of an IRS safeguard review is open.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if outstanding_actions %}")
    table(doc, ["Finding", "Criticality", "Finding and controls", "Status", "Corrective action", "Planned date"],
          "{%tr for f in outstanding_actions %}",
          ["{{ f.number }}", "{{ f.criticality }}", "{{ f.title }} ({{ f.controls }})", "{{ f.status }}",
           "{{ f.corrective_action }}", "{{ f.planned_date }}"])
    para(doc, "{%p endif %}")

    # ---------------------------------------------------------------- 2 agency information
    para(doc, "2 Agency Information", "Heading 1")
    para(doc, "Agency: {{ agency.name }}{% if agency.code %} (agency code {{ agency.code }}){% endif %}, "
              "{{ agency.type_label }}")
    para(doc, "Address: {{ agency.address }}")
    para(doc, "Head of Agency: {{ head_of_agency.name }}, {{ head_of_agency.title }}")
    para(doc, "Safeguards point of contact: {{ safeguards_contact.name }}, {{ safeguards_contact.title }}"
              "{% if safeguards_contact.email %}, {{ safeguards_contact.email }}{% endif %}"
              "{% if safeguards_contact.phone %}, {{ safeguards_contact.phone }}{% endif %}")
    para(doc, "Reporting period: {{ report.period }}; SSR due {{ report.due }} ({{ report.due_source }}); "
              "an extension must be requested by {{ report.extension_request_by }}.")
    para(doc, "Date prepared: {{ report.prepared }}")
    para(doc, "Authority to receive FTI: {{ agency.authorities }}")
    loop(doc, "{%p for item in authority_facts %}", [("{{ item }}", "List Bullet")])
    para(doc, "2.1 Data Exchange Agreements", "Heading 2")
    para(doc, "{%p if not agreements %}")
    para(doc, "The workspace lists no data exchange agreement.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if agreements %}")
    table(doc, ["Agreement", "Partner", "Authority", "Signed", "Description"],
          "{%tr for a in agreements %}",
          ["{{ a.name }}", "{{ a.partner }}", "{{ a.authority }}: {{ a.authority_title }}", "{{ a.signed }}",
           "{{ a.description }}"])
    para(doc, "{%p endif %}")

    # ---------------------------------------------------------------- 3 current period activities
    para(doc, "3 Current Period Safeguard Activities", "Heading 1")
    para(doc, "Safeguard activities from {{ report.period }} (Pub 1075 §2.E.4.3).")
    loop(doc, "{%p for item in activities %}", [("{{ item }}", "List Bullet")],
         empty="The workspace records no safeguard activity in this reporting period.", items="activities")

    para(doc, "3.1 Data Incidents", "Heading 2")
    para(doc, "{{ intro.incidents }}")
    para(doc, "{%p if not incidents.rows %}")
    para(doc, "{{ incidents.empty }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if incidents.rows %}")
    table(doc, ["Incident", "Summary", "Discovered", "Reported to TIGTA", "Reported to Safeguards",
                "FTI involved", "Records", "Adverse action", "Letters sent"],
          "{%tr for i in incidents.rows %}",
          ["{{ i.id }}", "{{ i.summary }}", "{{ i.discovered }}", "{{ i.reported_tigta }}",
           "{{ i.reported_safeguards }}", "{{ i.fti_involved }}", "{{ i.records_affected }}",
           "{{ i.adverse_action }}", "{{ i.letters_sent }}"])
    para(doc, "{%p endif %}")

    # ---------------------------------------------------------------- 4 changes
    para(doc, "4 Changes to Safeguarding Procedures", "Heading 1")
    para(doc, "Changes to information or procedures previously reported, and planned actions affecting "
              "safeguard procedures (Pub 1075 §2.E.4.3).")
    para(doc, "4.1 Current Period Changes", "Heading 2")
    para(doc, "{{ changes.basis }}")
    loop(doc, "{%p for item in changes.current %}", [("{{ item }}", "List Bullet")])
    para(doc, "4.2 Planned Changes", "Heading 2")
    loop(doc, "{%p for item in changes.planned %}", [("{{ item }}", "List Bullet")],
         empty="No planned change is recorded in the workspace.", items="changes.planned")

    # ---------------------------------------------------------------- 5 FTI flow, contractors, AI
    para(doc, "5 FTI Flow and Processing", "Heading 1")
    para(doc, "{{ intro.fti_flow }}")
    text_block(doc, "fti_flow")
    para(doc, "5.1 Electronic FTI", "Heading 2")
    para(doc, "{%p if not systems %}")
    para(doc, "The workspace lists no system that handles FTI.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if systems %}")
    table(doc, ["System", "FTI functions", "Hosting and location", "Technologies", "Description"],
          "{%tr for s in systems %}",
          ["{{ s.name }}", "{{ s.fti_functions }}", "{{ s.hosting }}", "{{ s.technologies }}",
           "{{ s.description }}"])
    para(doc, "{%p endif %}")
    answers(doc, "fti_flow")
    para(doc, "5.2 Paper FTI", "Heading 2")
    para(doc, "{{ fti_flow.paper }}")
    para(doc, "5.3 Contractors and Sub-Contractors", "Heading 2")
    para(doc, "{{ intro.contractors }}")
    text_block(doc, "contractors")
    answers(doc, "contractors")
    para(doc, "{%p if not contractors.rows %}")
    para(doc, "{{ contractors.empty }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if contractors.rows %}")
    table(doc, ["Contractor", "Services", "FTI access", "Exhibit 7 language", "Last on-site assessment",
                "Next assessment due", "Certified compliant"],
          "{%tr for k in contractors.rows %}",
          ["{{ k.name }}", "{{ k.services }}", "{{ k.fti_access }}", "{{ k.exhibit7_language }}",
           "{{ k.last_onsite_assessment }}", "{{ k.next_assessment_due }}", "{{ k.certified_compliant }}"])
    para(doc, "{%p endif %}")
    para(doc, "5.4 Use of FTI for Artificial Intelligence", "Heading 2")
    para(doc, "{{ intro.ai_use }}")
    text_block(doc, "ai_use")
    answers(doc, "ai_use")
    loop(doc, "{%p for item in ai_use.facts %}", [("{{ item }}", "List Bullet")])

    # ---------------------------------------------------------------- 6-8 narrative sections
    for heading, key in [
        ("6 System of Records", "system_of_records"),
        ("7 Other Safeguards", "other_safeguards"),
        ("8 Disposal", "disposal"),
    ]:
        para(doc, heading, "Heading 1")
        para(doc, f"{{{{ intro.{key} }}}}")
        text_block(doc, key)
        answers(doc, key)
        loop(doc, f"{{%p for item in {key}.facts %}}", [("{{ item }}", "List Bullet")])
        para(doc, f"{{%p if not {key}.answers and not {key}.facts and not {key}.text %}}")
        para(doc, "The workspace holds no implementation narrative for this section ({{ " + key + ".sources }}).")
        para(doc, "{%p endif %}")
        if key == "other_safeguards":
            para(doc, "7.1 Internal Inspection Plan", "Heading 2")
            para(doc, "{{ intro.inspection_plan }}")
            para(doc, "{%p if not inspection_plan %}")
            para(doc, "The inspections register (registers/inspections.yaml) lists no facility.")
            para(doc, "{%p endif %}")
            para(doc, "{%p if inspection_plan %}")
            table(doc, ["Facility", "Kind", "Cycle", "Last inspection", "Planned inspections", "Note"],
                  "{%tr for p in inspection_plan %}",
                  ["{{ p.facility }}", "{{ p.kind }}", "{{ p.cycle }}", "{{ p.last }}", "{{ p.planned }}",
                   "{{ p.status }}"])
            para(doc, "{%p endif %}")
            para(doc, "7.2 Internal Inspection Findings", "Heading 2")
            para(doc, "{{ inspections.summary }}")
            loop(doc, "{%p for f in inspections.findings %}", [("{{ f.text }}", "List Bullet")])

    # ---------------------------------------------------------------- 9 security controls
    para(doc, "9 Information Security Controls", "Heading 1")
    para(doc, "9.1 General", "Heading 2")
    para(doc, "The implementation of each Pub 1075 §4 control, agency-wide and per system, with the "
              "evidence kept for it (titles and dates only; the evidence itself is attached or kept "
              "for the safeguard review), and the technology-specific requirements of Pub 1075 §3.3. "
              "Statuses: {{ controls_summary }}.")
    para(doc, "9.2 Systems and Technologies", "Heading 2")
    para(doc, "The systems that receive, process, store or transmit FTI, their technologies, and the "
              "technology-specific requirements of section 9.4 that apply to them.")
    para(doc, "{%p if not systems %}")
    para(doc, "The workspace lists no system that handles FTI.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if systems %}")
    table(doc, ["System", "Hosting and location", "Technologies", "Section 9.4"],
          "{%tr for s in systems %}",
          ["{{ s.name }}", "{{ s.hosting }}", "{{ s.technologies }}", "{{ s.topics }}"])
    para(doc, "{%p endif %}")
    para(doc, "9.3 Security and Privacy Controls", "Heading 2")
    para(doc, "The controls of Pub 1075 §4, by family.")
    para(doc, "{%p for family in families %}")
    para(doc, "9.3.{{ loop.index }} {{ family.title }} ({{ family.id }})", "Heading 3")
    table(doc, ["Control", "Title", "Status", "Implementation", "Evidence"],
          "{%tr for c in family.controls %}",
          ["{{ c.id }}", "{{ c.title }}", "{{ c.status }}", "{{ c.narrative }}", "{{ c.evidence_text }}"])
    para(doc, "{%p endfor %}")
    para(doc, "9.4 Technology-Specific Requirements", "Heading 2")
    para(doc, "The requirements of Pub 1075 §3.3 for each technology, which of the agency's systems use it "
              "(from their hosting and technologies in ssrgen.yaml), and the agency's answer.")
    para(doc, "{%p for t in technology.topics %}")
    para(doc, "9.4.{{ loop.index }} {{ t.title }}", "Heading 3")
    para(doc, "{{ t.statement }}")
    loop(doc, "{%p for line in t.paragraphs %}", [("{{ line }}", None)])
    para(doc, "{%p if t.status_line %}")
    para(doc, "{{ t.status_line }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")

    # ---------------------------------------------------------------- 10 disclosure awareness
    para(doc, "10 Disclosure Awareness", "Heading 1")
    para(doc, "{{ intro.disclosure_awareness }}")
    text_block(doc, "disclosure_awareness")
    answers(doc, "disclosure_awareness")
    loop(doc, "{%p for item in disclosure_awareness.facts %}", [("{{ item }}", "List Bullet")])
    para(doc, "{{ disclosure_awareness.completion }}")
    para(doc, "{%p if disclosure_awareness.overdue %}")
    para(doc, "People whose training, certification or access needs action:")
    para(doc, "{%p endif %}")
    loop(doc, "{%p for o in disclosure_awareness.overdue %}", [("{{ o.person }}: {{ o.reason }}.", "List Bullet")])

    # ---------------------------------------------------------------- attachments
    para(doc, "Attachments", "Heading 1")
    para(doc, "Attachments are sent as separate files, never embedded, named by a standard convention and "
              "naming the SSR section they support (Pub 1075 §2.E.2).")
    para(doc, "{%p if not attachments %}")
    para(doc, "This report has no attachments.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if attachments %}")
    table(doc, ["File name", "What it is", "SSR section"], "{%tr for t in attachments %}",
          ["{{ t.name }}", "{{ t.title }}", "{{ t.section }}"])
    para(doc, "{%p endif %}")

    return doc


def main() -> int:
    document = build()
    core = document.core_properties
    core.title = "Safeguard Security Report"
    core.author = "ssrgen"
    core.subject = "IRS Publication 1075 Safeguard Security Report template"
    core.comments = "Fill with 'ssrgen ssr'; variables are listed in docs/ssr-template.md."
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(OUT))
    print(f"Wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
