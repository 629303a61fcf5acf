"""'ssrgen ssr --into ACCEPTED.docx': this year's SSR written into the SSR IRS accepted last year."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from click.testing import Result

from ssrgen.catalog import Catalogs
from ssrgen.new_workspace import init_workspace
from ssrgen.output import read_manifest
from ssrgen.ssr.outline import families_controls
from ssrgen.workspace import open_workspace
from tests.ssr.irs_template import (
    AGENCY,
    FOOTER,
    HEADER,
    INFO,
    REVIEWER_NOTE,
    SECTIONS,
    TECHNOLOGY,
    irs_ssr,
)
from tests.workbook.helpers import header_columns, row_of, snapshot

NEW_AC7 = "Three invalid logons within 120 minutes lock the account for 15 minutes (group policy)."
OLD_AC7 = "Three failed logons lock the account for 15 minutes."


@pytest.fixture
def imported(run: Callable[..., Result], tmp_path: Path, catalogs: Catalogs) -> tuple[Path, Path]:
    """A workspace that imported the accepted SSR, then changed AC-7 through the evidence workbook."""
    root = tmp_path / "dor"
    init_workspace(root, AGENCY, "TX", False, ["6103(d)"], [], catalogs)
    config = root / "ssrgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: Example Department", "  code: DOR-0042\n"
                                                                 "  name: Example Department"), encoding="utf-8")
    accepted = irs_ssr(tmp_path / "SSR-2025-accepted.docx")
    assert run("ssr", "import", str(accepted), "-w", str(root)).exit_code == 0
    workbook = tmp_path / "ac.xlsx"
    assert run("evidence", "export", "-w", str(root), "--family", "AC", "-o", str(workbook)).exit_code == 0
    book = openpyxl.load_workbook(workbook)
    sheet = book["Controls"]
    sheet.cell(row_of(sheet, "AC-7"), header_columns(sheet)["Implementation narrative"]).value = NEW_AC7
    book.save(workbook)
    result = run("evidence", "import", str(workbook), "-w", str(root), "--by", "Pat Kim")
    assert result.exit_code == 0, result.output
    return root, accepted


def read(path: Path) -> docx.document.Document:
    return docx.Document(str(path))


def rows(document: docx.document.Document) -> dict[str, list[str]]:
    """The rows of the control tables (those headed "Control #"), by their first cell."""
    return {row.cells[0].text: [c.text for c in row.cells] for table in document.tables
            if table.rows[0].cells[0].text == "Control #" for row in table.rows[1:]}


def headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_the_accepted_ssr_comes_back_with_this_years_answers(run: Callable[..., Result],
                                                              imported: tuple[Path, Path], tmp_path: Path) -> None:
    root, accepted = imported
    before = accepted.read_bytes()
    result = run("ssr", "-w", str(root), "--into", str(accepted), "-o", str(root / "out" / "SSR-2026.docx"))
    assert result.exit_code == 0, result.output
    assert accepted.read_bytes() == before  # the accepted document itself is never changed
    out = result.stdout
    assert "Filled:\n  Report Information (table 1): Agency Name, Agency Number, Date Submitted (Date Submitted " \
           "stays empty until the SSR is final: --final)\n  the cover: Reporting Year\n" in out
    assert "  6 control row(s) in 2 table(s) (2, 3); IRS's column 'IRS Comments' left as it was\n" in out
    assert ('  under "5 FTI Flow and Processing", its subsections the document has no heading for, each titled in '
            "bold, in the outline's order: 5.1 Electronic FTI; 5.2 Paper FTI; 5.3 Contractors and Sub-Contractors; 5.4 Use of FTI for "
            "Artificial Intelligence\n") in out
    assert "Left as it was:\n  IRS's cells of the Report Information table: IRS Reviewer, IRS Reference Number, " \
           "Date Received, IRS Comments\n" in out
    assert ('Not placed: 9.2 Systems and Technologies: the document has no heading for it, and ssrgen writes nothing '
            'into the body of "9 Information Security Controls"; add a heading "9.2 Systems and Technologies" under '
            '"9 Information Security Controls" to have it written there') in result.stderr
    written, original = read(root / "out" / "SSR-2026.docx"), read(accepted)
    # the new answer is there, the old one gone; IRS's comments and the rest of the rows as they were
    new_rows, old_rows = rows(written), rows(original)
    assert new_rows["ac-7"][3] == NEW_AC7
    assert OLD_AC7 not in "\n".join(p.text for p in written.paragraphs) + str(new_rows)
    for control, cells in old_rows.items():
        assert new_rows[control][0] == control  # the ids as the document wrote them
        assert new_rows[control][4] == cells[4], control  # IRS Comments
        assert new_rows[control][1] == cells[1], control  # Control Name
    assert new_rows["AC-2 (3)"][2] == "Partially implemented"
    # the Report Information: IRS's cells untouched, the agency's filled
    info = {row.cells[0].text: row.cells[1].text for row in written.tables[0].rows}
    for label, value in INFO:
        if label.startswith("IRS") or label == "Date Received":
            assert info[label] == value, label
    assert (info["Agency Name"], info["Agency Number"], info["Date Submitted"]) == (AGENCY, "DOR-0042", "")
    # header, footer, headings (same, same order), IRS's Word comment
    section, old_section = written.sections[0], original.sections[0]
    assert [p.text for p in section.footer.paragraphs] == [p.text for p in old_section.footer.paragraphs] == [FOOTER]
    assert [p.text for p in section.header.paragraphs] == [HEADER]
    assert (section.page_width, section.left_margin) == (old_section.page_width, old_section.left_margin)
    assert headings(written) == headings(original)
    assert [c.text for c in written.comments] == [REVIEWER_NOTE]
    paragraphs = [p.text for p in written.paragraphs]
    assert paragraphs[2] == "Reporting Year: 2027"  # the reporting year on the cover (TX: Oct 2026 - Sep 2027)
    # IRS's certification wording is left as it was; a replaced section carries the workspace's text
    assert paragraphs[paragraphs.index("Safeguard Security Report Certification") + 1] == (
        "I certify that this SSR accurately reflects the safeguards in place (IRS wording).")
    six = paragraphs.index("6 System of Records")
    assert paragraphs[six + 1:six + 3] == [
        "The permanent system of standardized records of requests, receipt, disclosures and disposal of FTI "
        "(Pub 1075 §2.A).", SECTIONS["6 System of Records"][0]]
    assert "No changes." not in paragraphs  # the text of last year's 4.1 is replaced
    # the package takes it: the door recorded it as the SSR of the period
    [entry] = [e for name, e in read_manifest(root / "out").items() if name == "SSR-2026.docx"]
    assert entry["kind"] == "ssr" and entry["period"] == "2026-10-01_2027-09-30"


def test_a_subsection_without_a_heading_goes_in_the_outlines_order_with_its_number(
        run: Callable[..., Result], imported: tuple[Path, Path]) -> None:
    root, accepted = imported
    result = run("ssr", "-w", str(root), "--into", str(accepted), "-o", str(root / "out" / "new.docx"))
    assert result.exit_code == 0, result.output
    paragraphs = read(root / "out" / "new.docx").paragraphs
    texts = [p.text for p in paragraphs]
    part = texts[texts.index("9.4 Additional Computer Security Requirements"):texts.index("10 Disclosure Awareness")]
    titles = [p.text for p in paragraphs if p.text in part and (p.style.name.startswith("Heading")
                                                              or all(r.bold for r in p.runs if r.text))]
    assert titles == [
        "9.4 Additional Computer Security Requirements", "9.4.1 Cloud Computing Environments",
        "9.4.2 Email Communications", "9.4.3 Facsimile and Facsimile Devices", "9.4.4 Mobile Devices",
        "9.4.5 Multifunction Devices (MFDs) and High-Volume Printers (HVPs)",
        "9.4.6 Network Boundary and Infrastructure", "9.4.7 Virtual Desktop Infrastructure",
        "9.4.8 Public-Facing Systems"]
    # last year's 9.4.2 text stays under its own heading, before the subsections written after it
    email = part.index("9.4.2 Email Communications")
    assert TECHNOLOGY["9.4.2 Email Communications"][0] in part[email:part.index("9.4.3 Facsimile and Facsimile Devices")]
    five = texts[texts.index("5 FTI Flow and Processing"):texts.index("6 System of Records")]
    assert [t for t in five if t[:2] == "5."] == ["5.1 Electronic FTI", "5.2 Paper FTI",
                                                  "5.3 Contractors and Sub-Contractors",
                                                  "5.4 Use of FTI for Artificial Intelligence"]
    assert five.index("5.1 Electronic FTI") > five.index(SECTIONS["5 FTI Flow and Processing"][1])
    # written into again, the bold titles are the subsections' headings: nothing is added twice
    again = run("ssr", "-w", str(root), "--into", str(root / "out" / "new.docx"), "-o", str(root / "out" / "2.docx"))
    assert again.exit_code == 0, again.output
    assert "titled in bold" not in again.stdout
    assert [p.text for p in read(root / "out" / "2.docx").paragraphs] == texts


def test_read_back_it_is_what_the_workspace_says(run: Callable[..., Result], imported: tuple[Path, Path]) -> None:
    root, accepted = imported
    assert run("ssr", "-w", str(root), "--into", str(accepted), "-o", str(root / "out" / "new.docx")).exit_code == 0
    back = run("ssr", "import", str(root / "out" / "new.docx"), "-w", str(root))
    assert back.exit_code == 0, back.output
    assert "No change: the workspace already holds what new.docx says (0 conflict(s))" in back.stdout
    assert "written by ssrgen on " in back.stdout


def test_a_control_without_a_row_is_added_to_its_family_table(run: Callable[..., Result],
                                                              imported: tuple[Path, Path]) -> None:
    root, accepted = imported
    ac = root / "implementation" / "ac.yaml"
    ac.write_text(ac.read_text(encoding="utf-8") + "AC-8:\n  status: implemented\n  narrative: The banner shows "
                  "the FTI warning before logon.\nCP-9:\n  status: planned\n", encoding="utf-8")
    result = run("ssr", "-w", str(root), "--into", str(accepted), "-o", str(root / "out" / "new.docx"))
    assert result.exit_code == 0, result.output
    assert "Added:\n  AC-8 added to table 2 (AC)\n" in result.stdout
    assert ("Not placed: 1 control(s) the workspace answers, with no table of their family in the document: CP-9"
            in result.stderr)
    table = next(t for t in read(root / "out" / "new.docx").tables if t.rows[0].cells[0].text == "Control #")
    assert [row.cells[0].text for row in table.rows] == ["Control #", "AC-02", "AC-2 (3)", "ac-7", "AC-8", "AC-11"]
    assert [c.text for c in table.rows[4].cells] == [
        "AC-8", "System Use Notification", "Implemented", "The banner shows the FTI warning before logon.", ""]


def test_final_records_the_snapshot_of_this_document(run: Callable[..., Result], imported: tuple[Path, Path]) -> None:
    root, accepted = imported
    result = run("ssr", "-w", str(root), "--into", str(accepted), "--final")
    assert result.exit_code == 0, result.output
    [written] = (root / "out").glob("SSR-*.docx")
    info = {row.cells[0].text: row.cells[1].text for row in read(written).tables[0].rows}
    assert info["Date Submitted"]  # today, MM/DD/YYYY
    snapshot_folder = root / "submissions" / "2026-10-01_2027-09-30"
    assert (snapshot_folder / written.name).read_bytes() == written.read_bytes()
    assert "AC-7" in (snapshot_folder / "ssr-snapshot.yaml").read_text(encoding="utf-8")


def test_what_is_not_a_usable_document_is_refused(run: Callable[..., Result], imported: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    root, _ = imported
    before = snapshot(root)
    text = tmp_path / "notes.docx"
    text.write_text("Last year's SSR, as text.", encoding="utf-8")
    locked = tmp_path / "locked.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                       + b"\0" * 512)
    plain = tmp_path / "letter.docx"
    letter = docx.Document()
    letter.add_paragraph("Dear Safeguards team, please find our SSR attached.")
    letter.save(str(plain))
    expected = {
        text: f"Error: the file is not a Word document (.docx), in {text}. Give the SSR as a Word document (.docx)",
        locked: f"Error: the document is password-protected (encrypted), so ssrgen cannot read it, in {locked}. "
                "Open it in Word, remove the password",
        plain: "Error: the document has no control table and no section heading ssrgen recognises, so there is "
               f"nothing to write this year's answers into, in {plain}.",
    }
    for path, message in expected.items():
        result = run("ssr", "-w", str(root), "--into", str(path), "-o", str(tmp_path / "out" / "x.docx"))
        assert result.exit_code == 1, result.output
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.output
        assert not (tmp_path / "out").exists()
    assert snapshot(root) == before
    both = run("ssr", "-w", str(root), "--into", str(plain), "--template", str(plain))
    assert both.exit_code == 2
    assert "--into writes into the accepted SSR and --template fills a template: give one of them." in both.output


def test_the_written_document_is_a_valid_package(run: Callable[..., Result], imported: tuple[Path, Path]) -> None:
    root, accepted = imported
    assert run("ssr", "-w", str(root), "--into", str(accepted), "-o", str(root / "out" / "new.docx")).exit_code == 0
    with zipfile.ZipFile(root / "out" / "new.docx") as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert "word/comments.xml" in names
        manifests = [n for n in names if n.startswith("customXml/item") and "Props" not in n
                     and b"urn:ssrgen:ssr-document:1" in archive.read(n)]
        assert len(manifests) == 1


def _status_dropdown(cell: object, shown: str | None) -> None:
    """Put a drop-down content control in a cell, as IRS's template does for statuses; ``None``
    leaves it showing its placeholder."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    placeholder = "<w:showingPlcHdr/>" if shown is None else ""
    xml = (f'<w:sdt {nsdecls("w")}><w:sdtPr>{placeholder}<w:dropDownList>'
           '<w:listItem w:displayText="Implemented" w:value="Implemented"/></w:dropDownList></w:sdtPr>'
           f'<w:sdtContent><w:r><w:t>{shown or "Choose an item."}</w:t></w:r></w:sdtContent></w:sdt>')
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    for run in list(paragraph._p.r_lst):
        paragraph._p.remove(run)
    paragraph._p.append(parse_xml(xml))


def test_content_controls_irs_notes_and_comments_in_cells(run: Callable[..., Result], tmp_path: Path,
                                                          catalogs: Catalogs) -> None:
    root = tmp_path / "dor"
    init_workspace(root, AGENCY, "TX", False, ["6103(d)"], [], catalogs)
    document = docx.Document()
    document.add_heading("8 Disposal", 1)
    document.add_paragraph("FTI is shredded on site.")
    document.add_paragraph("IRS Comments: describe the witness procedure.")
    document.add_heading("9 Information Security Controls", 1)
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Control", "Status", "Agency Response"], strict=True):
        cell.text = text
    table.cell(1, 0).text, table.cell(1, 2).text = "AC-2", "Accounts are reviewed."
    _status_dropdown(table.cell(1, 1), "Implemented")
    table.cell(2, 0).text, table.cell(2, 2).text = "AC-7", "Lockout after three attempts."
    _status_dropdown(table.cell(2, 1), None)  # still "Choose an item.": no status given
    document.add_comment(table.cell(1, 2).paragraphs[0].runs, "IRS: which tool?", author="IRS")
    accepted = tmp_path / "accepted.docx"
    document.save(str(accepted))
    imported = run("ssr", "import", str(accepted), "-w", str(root))
    assert imported.exit_code == 0, imported.output
    answers = yaml.safe_load((root / "implementation" / "ac.yaml").read_text(encoding="utf-8"))
    assert answers == {"AC-2": {"status": "implemented", "narrative": "Accounts are reviewed."},
                       "AC-7": {"narrative": "Lockout after three attempts."}}
    sections = yaml.safe_load((root / "ssr" / "sections.yaml").read_text(encoding="utf-8"))
    assert sections == {"disposal": "FTI is shredded on site."}  # IRS's note is not the agency's text
    comments = yaml.safe_load((root / "ssr" / "irs-comments.yaml").read_text(encoding="utf-8"))
    assert comments == {"8 Disposal": "IRS Comments: describe the witness procedure."}
    ac = root / "implementation" / "ac.yaml"
    ac.write_text("AC-2:\n  status: partially-implemented\n  narrative: Accounts are reviewed.\n"
                  "AC-7:\n  status: implemented\n  narrative: Lockout after three attempts in 120 minutes.\n",
                  encoding="utf-8")
    result = run("ssr", "-w", str(root), "--into", str(accepted), "-o", str(root / "out" / "new.docx"))
    assert result.exit_code == 0, result.output
    assert "IRS's note under \"8 Disposal\"" in result.stdout
    written = docx.Document(str(root / "out" / "new.docx"))
    paragraphs = [p.text for p in written.paragraphs]
    assert "IRS Comments: describe the witness procedure." in paragraphs
    from ssrgen.ssr.word import read_table  # python-docx does not read text inside content controls

    cells = [[c.text for c in row.cells] for row in read_table(written.tables[-1]._tbl, 1).rows]
    assert cells[1:] == [["AC-2", "Partially implemented", "Accounts are reviewed."],
                         ["AC-7", "Implemented", "Lockout after three attempts in 120 minutes."]]
    xml = zipfile.ZipFile(root / "out" / "new.docx").read("word/document.xml").decode("utf-8")
    assert xml.count("<w:dropDownList>") == 2  # the drop-downs are still there, now holding the status
    assert "showingPlcHdr" not in xml
    assert [c.text for c in written.comments] == ["IRS: which tool?"]
    assert "commentReference" in xml


def test_package_takes_the_ssr_written_into_the_accepted_one(run: Callable[..., Result],
                                                             imported: tuple[Path, Path], tmp_path: Path) -> None:
    import re

    import pyzipper

    root, accepted = imported
    assert run("ssr", "-w", str(root), "--into", str(accepted)).exit_code == 0
    [written] = (root / "out").glob("SSR-*.docx")
    result = run("package", "-w", str(root), "--out", str(tmp_path / "submission.zip"))
    assert result.exit_code == 0, result.output
    [passphrase] = re.findall(r"Passphrase \(shown once, stored nowhere\): (\S+)", result.output)
    with pyzipper.AESZipFile(tmp_path / "submission.zip") as archive:
        archive.setpassword(passphrase.encode())
        assert archive.read(written.name) == written.read_bytes()


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link"])
def test_the_accepted_ssr_is_never_written_over(run: Callable[..., Result], imported: tuple[Path, Path],
                                                tmp_path: Path, how: str) -> None:
    root, accepted = imported
    before = accepted.read_bytes()
    output = accepted
    if how == "symlink":
        output = tmp_path / "link.docx"
        output.symlink_to(accepted)
    elif how == "hard link":
        output = tmp_path / "hard.docx"
        output.hardlink_to(accepted)
    result = run("ssr", "-w", str(root), "--into", str(accepted), "-o", str(output))
    assert result.exit_code == 1, result.output
    assert (f"Error: the SSR would be written over the accepted SSR it is written into, in {output}. Give another "
            "output with -o (a file such as out/SSR-2026.docx, or a folder such as out/); the accepted SSR stays as "
            "IRS returned it.") in result.output
    assert accepted.read_bytes() == before


def test_every_control_not_placed_is_listed(run: Callable[..., Result], imported: tuple[Path, Path],
                                            catalogs: Catalogs) -> None:
    root, accepted = imported
    lacking = [c for c in families_controls(open_workspace(root, catalogs)) if c[:2] in ("CP", "IA")][:15]
    ac = root / "implementation" / "ac.yaml"
    ac.write_text(ac.read_text(encoding="utf-8") + "".join(f"{c}:\n  status: planned\n" for c in lacking),
                  encoding="utf-8")
    result = run("ssr", "-w", str(root), "--into", str(accepted), "-o", str(root / "out" / "new.docx"))
    assert result.exit_code == 0, result.output
    assert (f"Not placed: {len(lacking)} control(s) the workspace answers, with no table of their family in the "
            f"document: {', '.join(lacking)}\n") in result.stderr
