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
SECTIONS = [
    "Head of Agency Certification",
    "1 Outstanding Actions",
    "2 Agency Information",
    "3 Current Period Safeguard Activities",
    "4 Changes to Safeguarding Procedures",
    "4.1 Changes in the Current Period",
    "4.2 Planned Changes",
    "5 FTI Flow and Processing",
    "6 System of Records",
    "7 Other Safeguards",
    "8 Disposal",
    "9 Information Security Controls",
    "9.1 Access Control (AC)",
    "10 Disclosure Awareness",
    "10.1 Contractors",
    "10.2 Use of FTI for Artificial Intelligence",
    "Attachments",
]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReadBack]:
    ws = open_workspace(example_workspace(), load_catalogs(), bundled=True)
    out = tmp_path_factory.mktemp("ssr") / "ssr.docx"
    write_ssr(ws, out, today=TODAY)
    return out, read_docx(out)


def test_every_section_heading_is_a_real_heading(written: tuple[Path, ReadBack]) -> None:
    headings = written[1].headings
    texts = [text for _, text in headings]
    for section in SECTIONS:
        assert section in texts
    styles = dict((text, style) for style, text in headings)
    assert styles["9 Information Security Controls"] == "Heading 1"
    assert styles["9.1 Access Control (AC)"] == "Heading 2"


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


def test_report_information_and_agreement_authority(written: tuple[Path, ReadBack]) -> None:
    info = {row[0]: row[1] for row in written[1].tables[0]}
    assert info["Agency name"] == "Federal Records Enforcement Office (fictional)"
    assert info["Agency code"] == "FREO-0001"
    assert info["Reporting period"] == "January 1, 2026 to December 31, 2026"
    assert info["SSR due date"].startswith("01/31/2027")
    assert info["Date prepared"] == "11/22/2026"
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
