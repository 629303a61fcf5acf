"""Write the bundled internal inspection report template, templates/inspection-report.docx
(run again after editing this file).

    python tools/make_inspection_template.py

An ordinary Word document with Jinja tags (docxtpl), filled by 'ssrgen inspection
report ID' and by 'ssrgen build' for the inspections of the reporting period.
Agencies copy it to <workspace>/templates/inspection-report.docx and edit it in Word
(the Office of Safeguards' Internal Inspection Template can take the same tags);
docs/inspections.md lists every variable. The layout follows what Pub 1075 §2.D.3
and §2.D.6 ask of the report: the scope, the facility, who inspected and how, the
results of the five areas, an assessment of the facility's security features (the
secure storage and limited access areas), the findings with their corrective
actions, the signatures, and the notice that Safeguards documents are IRS records.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from make_ssr_template import WIDE, field, para, table

OUT = Path(__file__).resolve().parent.parent / "templates" / "inspection-report.docx"

WIDE.update({"Item": 0.9, "Requirement": 3.4, "Result": 1.1, "Observation": 2.4, "Area": 1.6,
             "Finding": 1.4, "What was found": 2.6, "Corrective action": 2.6, "Planned / completed": 1.3})


def build() -> DocumentObject:
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10)
    section = doc.sections[0]

    footer = section.footer
    notice = footer.paragraphs[0]
    notice.text = "{{ notice }}"
    for run in notice.runs:
        run.font.size = Pt(7)
    pages = footer.add_paragraph("{{ agency.name }} · {{ report.title }} · Page ")
    field(pages, "PAGE", "1")
    pages.add_run(" of ")
    field(pages, "NUMPAGES", "1")
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in pages.runs:
        run.font.size = Pt(8)

    para(doc, "Internal Inspection Report", "Title")
    para(doc, "{{ facility.name }}", "Subtitle")
    para(doc, "{{ intro }}")
    info = doc.add_table(rows=0, cols=2)
    info.style = "Table Grid"
    for label, value in [
        ("Agency", "{{ agency.name }}{% if agency.code %} ({{ agency.code }}){% endif %}"),
        ("Report number", "{{ report.id }}"),
        ("Facility", "{{ facility.name }}"),
        ("Kind of facility", "{{ facility.kind }}, inspected {{ facility.cycle }}"),
        ("Systems at the facility", "{{ facility.systems }}"),
        ("Inspection date", "{{ inspection.date }}"),
        ("Method", "{{ inspection.method }}"),
        ("Inspector", "{{ inspection.inspector }}, {{ inspection.inspector_office }} "
                      "(employed by the {{ inspection.inspector_employer }})"),
        ("Function inspected", "{{ inspection.function_inspected }}"),
        ("Inspector outside the function inspected", "{{ inspection.independent }}"),
        ("SSR reporting period", "{{ report.period }}"),
        ("Next inspection due by", "{{ facility.next_due }}"),
        ("Retain this report until", "{{ report.retain_until }} (five years from the inspection, {{ report.source }})"),
    ]:
        row = info.add_row().cells
        row[0].text = label
        row[1].text = value
        row[0].paragraphs[0].runs[0].bold = True

    para(doc, "{%p if inspection.self_certified %}")
    para(doc, "Self-certification", "Heading 1")
    para(doc, "The facility self-certified this inspection ({{ report.source }}). Signed by {{ inspection.signed_by }}"
              "{% if inspection.signer_title %}, {{ inspection.signer_title }}{% endif %} (agency employee: "
              "{{ inspection.signer_is_employee }}); received by the agency on {{ inspection.received_on }}; "
              "reviewed by {{ inspection.reviewed_by }}; discussed with the person who conducted it on "
              "{{ inspection.discussed_on }}.")
    para(doc, "{%p endif %}")

    para(doc, "1 Scope", "Heading 1")
    para(doc, "The inspection reviewed {{ inspection.item_count }} requirements of IRS Publication 1075 in the five areas "
              "an internal inspection addresses: recordkeeping, secure storage, limited access, disposal and "
              "cybersecurity. Results: {{ inspection.results }}.")
    para(doc, "{%p if inspection.notes %}")
    para(doc, "{{ inspection.notes }}")
    para(doc, "{%p endif %}")

    para(doc, "2 Results by Area", "Heading 1")
    para(doc, "The secure storage and limited access areas assess the facility's security features and the physical "
              "and systemic barriers to unauthorized access (Pub 1075 §2.D.6).")
    table(doc, ["Area", "Items", "Met", "Not met", "Partially met", "Not applicable", "Not checked"],
          "{%tr for a in areas %}",
          ["{{ a.title }}", "{{ a.total }}", "{{ a.met }}", "{{ a.not_met }}", "{{ a.partially_met }}",
           "{{ a.not_applicable }}", "{{ a.not_checked }}"])

    para(doc, "3 Findings and Corrective Actions", "Heading 1")
    para(doc, "Every item not met or partially met is a finding of the agency's plan of action and milestones "
              "(POA&M, Pub 1075 §2.D.9), with its remediation plan and dates.")
    para(doc, "{%p if not findings %}")
    para(doc, "The inspection found no deficiency.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if findings %}")
    table(doc, ["Finding", "Requirement", "What was found", "Corrective action", "Planned / completed", "Status"],
          "{%tr for f in findings %}",
          ["{{ f.id }} (item {{ f.item }})", "{{ f.requirement }} ({{ f.citation }})", "{{ f.description }}",
           "{{ f.remediation_plan }}{% if f.responsible_office %} ({{ f.responsible_office }}){% endif %}",
           "{{ f.planned_date }}{% if f.completed_date %}; completed {{ f.completed_date }}{% endif %}",
           "{{ f.status }}{% if f.closure_evidence %}: {{ f.closure_evidence }}{% endif %}"])
    para(doc, "{%p endif %}")
    para(doc, "{%p if not_checked %}")
    para(doc, "Items not checked", "Heading 2")
    para(doc, "{%p for n in not_checked %}")
    para(doc, "{{ n.id }}: {{ n.requirement }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")

    para(doc, "4 Signatures", "Heading 1")
    para(doc, "Inspector: {{ inspection.inspector }}        Signature: ______________________        "
              "Date: ____________")
    para(doc, "{%p if inspection.self_certified %}")
    para(doc, "Signed for the facility by: {{ inspection.signed_by }}        Signature: ______________________        "
              "Date: ____________")
    para(doc, "Reviewed for the agency by: {{ inspection.reviewed_by }}        Signature: ______________________        "
              "Date: ____________")
    para(doc, "{%p endif %}")

    para(doc, "Appendix: Results of Every Item", "Heading 1")
    para(doc, "{%p for a in areas %}")
    para(doc, "{{ a.title }} ({{ a.source }}): {{ a.summary }}", "Heading 2")
    table(doc, ["Item", "Requirement", "Result", "Observation"], "{%tr for i in a.rows %}",
          ["{{ i.id }}", "{{ i.requirement }} ({{ i.citation }})", "{{ i.result }}",
           "{{ i.observation }}{% if i.evidence %} (evidence: {{ i.evidence }}){% endif %}"])
    para(doc, "{%p endfor %}")
    return doc


def main() -> int:
    document = build()
    core = document.core_properties
    core.title = "Internal Inspection Report"
    core.author = "ssrgen"
    core.subject = "IRS Publication 1075 §2.D.3 internal inspection report template"
    core.comments = "Fill with 'ssrgen inspection report ID'; variables are listed in docs/inspections.md."
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(OUT))
    print(f"Wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
