"""The SSR written from the bundled example, read back with python-docx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ssrgen.catalog import load_catalogs
from ssrgen.paths import example_workspace
from ssrgen.ssr import write_ssr
from ssrgen.workspace import open_workspace
from tests.ssr.readback import ReadBack, read_docx

TODAY = dt.date(2026, 11, 22)
# the outline of IRS's SSR template, as the bundled template writes it for the example
OUTLINE = [
    ("Heading 1", "Safeguard Security Report Certification"),
    ("Heading 1", "1 Outstanding Actions"),
    ("Heading 1", "2 Agency Information"),
    ("Heading 2", "2.1 Data Exchange Agreements"),
    ("Heading 1", "3 Current Period Safeguard Activities"),
    ("Heading 2", "3.1 Data Incidents"),
    ("Heading 1", "4 Changes to Safeguarding Procedures"),
    ("Heading 2", "4.1 Current Period Changes"),
    ("Heading 2", "4.2 Planned Changes"),
    ("Heading 1", "5 FTI Flow and Processing"),
    ("Heading 2", "5.1 Electronic FTI"),
    ("Heading 2", "5.2 Paper FTI"),
    ("Heading 2", "5.3 Contractors and Sub-Contractors"),
    ("Heading 2", "5.4 Use of FTI for Artificial Intelligence"),
    ("Heading 1", "6 System of Records"),
    ("Heading 1", "7 Other Safeguards"),
    ("Heading 2", "7.1 Internal Inspection Plan"),
    ("Heading 2", "7.2 Internal Inspection Findings"),
    ("Heading 1", "8 Disposal"),
    ("Heading 1", "9 Information Security Controls"),
    ("Heading 2", "9.1 General"),
    ("Heading 2", "9.2 Systems and Technologies"),
    ("Heading 2", "9.3 Security and Privacy Controls"),
    *[("Heading 3", f"9.3.{n} {title}") for n, title in enumerate([
        "Access Control (AC)", "Awareness and Training (AT)", "Audit and Accountability (AU)",
        "Assessment, Authorization and Monitoring (CA)", "Configuration Management (CM)",
        "Contingency Planning (CP)", "Identification and Authentication (IA)", "Incident Response (IR)",
        "Maintenance (MA)", "Media Protection (MP)", "Physical and Environmental Protection (PE)",
        "Planning (PL)", "Program Management (PM)", "Personnel Security (PS)",
        "Personally Identifiable Information Processing and Transparency (PT)", "Risk Assessment (RA)",
        "System and Services Acquisition (SA)", "System and Communications Protection (SC)",
        "System and Information Integrity (SI)", "Supply Chain Risk Management (SR)"], 1)],
    ("Heading 2", "9.4 Technology-Specific Requirements"),
    *[("Heading 3", f"9.4.{n} {title}") for n, title in enumerate([
        "Cloud Computing", "Email Communications", "Facsimile and Facsimile Devices", "Mobile Devices",
        "Multifunction Devices (MFDs) and High-Volume Printers (HVPs)", "Network Boundary and Infrastructure",
        "Virtual Desktop Infrastructure", "Public-Facing Systems"], 1)],
    ("Heading 1", "10 Disclosure Awareness"),
    ("Heading 1", "Attachments"),
]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReadBack]:
    ws = open_workspace(example_workspace(), load_catalogs(), bundled=True)
    out = tmp_path_factory.mktemp("ssr") / "ssr.docx"
    write_ssr(ws, out, today=TODAY)
    return out, read_docx(out)


def test_the_outline_is_irs_s_in_real_heading_styles(written: tuple[Path, ReadBack]) -> None:
    assert written[1].headings == OUTLINE


def test_numbered_headings_are_in_order_and_nested_by_level(written: tuple[Path, ReadBack]) -> None:
    numbers = [text.split(" ", 1)[0] for _, text in written[1].headings if text[0].isdigit()]
    keys = [tuple(int(n) for n in number.split(".")) for number in numbers]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for style, text in written[1].headings:
        if text[0].isdigit():
            assert style == f"Heading {text.split(' ', 1)[0].count('.') + 1}", text
    # the inspection plan sits under 7 Other Safeguards, before 8 Disposal
    texts = [text for _, text in written[1].headings]
    assert texts.index("7 Other Safeguards") < texts.index("7.1 Internal Inspection Plan") < texts.index("8 Disposal")


def test_cover_and_report_information(written: tuple[Path, ReadBack]) -> None:
    back = written[1]
    assert back.paragraphs[:4] == [
        "Safeguard Security Report", "Federal Records Enforcement Office (fictional)", "Agency code: FREO-0001",
        "Reporting year: 2026 (reporting period January 1, 2026 to December 31, 2026)"]
    assert back.tables[0] == [
        ["Agency Name", "Federal Records Enforcement Office (fictional)"], ["Agency Number", "FREO-0001"],
        ["Date Submitted", ""], ["IRS Reviewer", ""], ["IRS Reference Number", ""], ["Date Received", ""],
        ["IRS Comments", ""]]
    assert ("Reporting period: January 1, 2026 to December 31, 2026; SSR due 01/31/2027 (Pub 1075 Rev. 11-2021 "
            "§2.E.4.4 Table 4); an extension must be requested by 01/01/2027.") in back.paragraphs
    assert "Date prepared: 11/22/2026" in back.paragraphs


def section(back: ReadBack, heading: str) -> list[str]:
    """The paragraphs under a heading, up to the next heading."""
    start = back.paragraphs.index(heading) + 1
    following = [p for p in back.paragraphs[start:]]
    headings = {text for _, text in back.headings}
    end = next((i for i, p in enumerate(following) if p in headings), len(following))
    return following[:end]


def test_technology_sections_say_which_system_uses_what(written: tuple[Path, ReadBack]) -> None:
    back = written[1]
    assert section(back, "9.4.1 Cloud Computing") == [
        "Used by: Secure Data Transfer Gateway (cloud hosting: FedRAMP Moderate authorized IaaS (example)).",
        "The 45-day cloud computing notification for the transfer gateway migration is being prepared.",
        "Status of P1075-3.3.1: planned."]
    assert section(back, "9.4.6 Network Boundary and Infrastructure") == [
        "Used by: Secure Data Transfer Gateway (perimeter firewall)."]
    [fax] = section(back, "9.4.3 Facsimile and Facsimile Devices")
    assert fax == ("Not used: no system in ssrgen.yaml that receives, processes, stores or transmits FTI lists "
                   "this technology (words looked for in the systems' technologies: fax, facsimile).")
    systems = next(t for t in back.tables if t[0] == ["System", "Hosting and location", "Technologies", "Section 9.4"])
    assert systems[2][3] == "Cloud Computing (9.4.1), Network Boundary and Infrastructure (9.4.6)"
    assert systems[1][3] == "none"


def test_contractors_and_ai_use_say_what_they_answer(written: tuple[Path, ReadBack]) -> None:
    back = written[1]
    assert section(back, "5.3 Contractors and Sub-Contractors")[0].endswith(
        "(MOU §9.A.11; Pub 1075 §1.9.2, §2.E.4.3; IRC §6103(p)(9)).")
    assert section(back, "5.4 Use of FTI for Artificial Intelligence")[0] == (
        "Use of FTI for artificial intelligence purposes is disclosed to the Office of Safeguards (MOU §9.A.12).")


def test_certification_elements_and_designee(written: tuple[Path, ReadBack]) -> None:
    text = written[1].text
    for element in [
        "addresses all Outstanding Actions identified by the IRS Office of Safeguards",
        "accurately and completely reflects the agency's current environment for the receipt, storage, "
        "processing, and transmission of FTI",
        "accurately reflects the security controls in place to protect the FTI in accordance with Publication 1075",
        "commitment to assist the Office of Safeguards in the joint effort of protecting the confidentiality of FTI",
        "manual and automated compliance and vulnerability assessment testing",
        "timely mitigation of identified risk to FTI in the agency's Corrective Action Plan (CAP)",
    ]:
        assert element in text
    assert "Name: Morgan Lee" in written[1].paragraphs
    assert ("Delegation of authority: Morgan Lee signs as the designee of the Head of Agency, Jordan Avery, "
            "Director, under Delegation of Authority Order FREO-2025-04.") in text


def test_agreement_authority(written: tuple[Path, ReadBack]) -> None:
    agreements = next(t for t in written[1].tables if t[0][0] == "Agreement")
    assert agreements[1][2].startswith("IRC-6103(i)(2): Disclosure of return information")


def test_control_table_has_narrative_status_and_evidence(written: tuple[Path, ReadBack]) -> None:
    ac = next(t for t in written[1].tables if t[0] == ["Control", "Title", "Status", "Implementation", "Evidence"])
    rows = {row[0]: row for row in ac[1:]}
    assert rows["AC-7"][2] == "Implemented"
    assert rows["AC-7"][3] == ("Group policy and the application lock an account after three invalid logon "
                               "attempts within 120 minutes, for 15 minutes.")
    assert rows["AC-7"][4] == "Account lockout group policy export (effective 06/30/2025)"
    # per-system answers follow the agency-wide narrative
    assert "Secure Data Transfer Gateway: Planned. Service accounts will be inventoried" in rows["AC-2"][3]
    assert rows["AC-2(1)"][2] == "Not yet answered"


def test_word_quality(written: tuple[Path, ReadBack]) -> None:
    path, back = written
    assert all(back.repeat_header[1:]), "every data table repeats its header row"
    assert back.footer[0].startswith("Safeguards documents and related communications are IRS official records")
    assert "may not be released publicly" in back.footer[0]
    assert "Page" in back.footer[1]
    assert back.title == "Safeguard Security Report, Federal Records Enforcement Office (fictional)"
    assert back.author == "Federal Records Enforcement Office (fictional)"
    import zipfile

    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    footer = zipfile.ZipFile(path).read("word/footer1.xml").decode()
    assert "TOC \\o" in xml
    assert " PAGE " in footer


def test_empty_states_are_said_plainly(written: tuple[Path, ReadBack]) -> None:
    text = written[1].text
    assert "There is no earlier snapshot of a final SSR in this workspace" in text


def test_render_twice_reads_back_the_same(written: tuple[Path, ReadBack], tmp_path: Path) -> None:
    ws = open_workspace(example_workspace(), load_catalogs(), bundled=True)
    again = tmp_path / "again.docx"
    write_ssr(ws, again, today=TODAY)
    assert read_docx(again) == written[1]


def test_cli_writes_the_ssr_for_the_example(run: Callable[..., Result]) -> None:
    result = run("ssr", "-o", "report.docx")
    assert result.exit_code == 0, result.output
    assert "Wrote report.docx" in result.output
    assert "1 Outstanding Actions" in read_docx(Path("report.docx")).paragraphs


def test_final_on_the_bundled_example_is_refused(run: Callable[..., Result]) -> None:
    result = run("ssr", "--final")
    assert result.exit_code == 1
    assert ("Error: --final records a snapshot in the workspace, and the bundled example is read-only. Run it in "
            "your own workspace (-w DIR), or copy the example with 'ssrgen init DIR --example'.") in result.output
