"""Hostile or broken workbooks: a clear message each, and the workspace untouched."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from tests.workbook.helpers import header_columns, row_of, snapshot


@pytest.fixture
def exported(example: Path, run: Callable[..., Result], tmp_path: Path) -> Path:
    path = tmp_path / "wb.xlsx"
    result = run("evidence", "export", "-w", str(example), "-o", str(path), "--family", "AC")
    assert result.exit_code == 0, result.output
    return path


def refused(run: Callable[..., Result], example: Path, path: Path) -> str:
    before = snapshot(example)
    result = run("evidence", "import", str(path), "-w", str(example), "--by", "Pat")
    assert result.exit_code == 1
    assert snapshot(example) == before
    return result.output


def cells(path: Path, out: Path, sheet: str, values: dict[str, object]) -> Path:
    workbook = openpyxl.load_workbook(path)
    for coordinate, value in values.items():
        workbook[sheet][coordinate].value = value
    workbook.save(out)
    return out


def test_formula_rejected_with_its_cell(run: Callable[..., Result], example: Path, exported: Path,
                                        tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(exported)["Controls"]
    row = row_of(sheet, "AC-12")
    column = header_columns(sheet)["Implementation narrative"]
    coordinate = sheet.cell(row, column).coordinate
    bad = cells(exported, tmp_path / "bad.xlsx", "Controls", {coordinate: '=HYPERLINK("http://evil","click")'})
    output = refused(run, example, bad)
    assert (f"Error: Controls!{coordinate}: the cell holds a formula (=HYPERLINK(\"http://evil\",\"click\")); "
            "ssrgen takes values only. Type the value itself; to start a text with '=', type an apostrophe "
            "first ('=...).") in output
    assert "Error: 1 problem in the workbook; nothing was imported." in output


def test_ambiguous_date_and_bad_status_all_reported(run: Callable[..., Result], example: Path,
                                                      exported: Path, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(exported)["Controls"]
    cols = header_columns(sheet)
    row = row_of(sheet, "AC-12")
    date_cell = sheet.cell(row, cols["Last reviewed"]).coordinate
    status_cell = sheet.cell(row, cols["Status"]).coordinate
    bad = cells(exported, tmp_path / "bad.xlsx", "Controls", {date_cell: "03/04/2026", status_cell: "Done"})
    output = refused(run, example, bad)
    assert (f"Error: Controls!{date_cell}: '03/04/2026' is ambiguous: it could be month/day or day/month. "
            "Enter a date as YYYY-MM-DD (2026-03-02), 2 March 2026 or March 2, 2026, or pick it in Excel's "
            "date format.") in output
    assert (f"Error: Controls!{status_cell}: 'Done' is not allowed here. Choose one of: implemented, "
            "partially-implemented, planned, alternative, not-applicable, not-implemented.") in output
    assert "Error: 2 problems in the workbook; nothing was imported." in output


def test_not_an_xlsx(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Control,Status\nAC-2,implemented\n")
    assert (f"Error: the file is not an Excel workbook (.xlsx), in {path}. Import the .xlsx file that "
            "'ssrgen evidence export' wrote, after filling it in.") in refused(run, example, path)


def test_password_protected(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    # an encrypted workbook is an OLE compound file holding an EncryptionInfo stream
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                     + b"\0" * 512)
    assert (f"Error: the workbook is password-protected (encrypted), so ssrgen cannot read it, in {path}. "
            "Open it in Excel, remove the password") in refused(run, example, path)


def test_old_xls(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    assert "Error: the file is an old-format Excel file (.xls), not an .xlsx workbook" in refused(run, example, path)


def test_truncated(run: Callable[..., Result], example: Path, exported: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    data = exported.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert (f"Error: the workbook is damaged or incomplete (it may have been cut off while copying), in {path}. "
            "Copy or download the file again") in refused(run, example, path)


def test_xml_with_entities_is_refused(run: Callable[..., Result], example: Path, exported: Path,
                                      tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                content = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
                           b"<x>&b;</x>")
            target.writestr(item, content)
    output = refused(run, example, path)
    assert "Error: the workbook's part docProps/core.xml is not plain XML" in output


def _rewrite_sheet(exported: Path, path: Path, sheet: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook with one worksheet's XML changed (still well-formed XML)."""
    part = f"xl/worksheets/sheet{openpyxl.load_workbook(exported).sheetnames.index(sheet) + 1}.xml"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == part:
                changed = change(content)
                assert changed != content
                content = changed
            target.writestr(item, content)
    return path


def test_damaged_cell_found_while_reading_is_refused(run: Callable[..., Result], example: Path,
                                                     exported: Path, tmp_path: Path) -> None:
    # well-formed XML, but a cell points at shared text that does not exist: openpyxl fails while
    # the rows are read (read-only mode), and the analyst gets the same message as on opening
    path = _rewrite_sheet(exported, tmp_path / "damaged.xlsx", "Controls",
                          lambda xml: re.sub(rb'<c r="A2"([^>]*?) t="inlineStr"><is><t>[^<]*</t></is></c>',
                                             rb'<c r="A2"\1 t="s"><v>999999</v></c>', xml, count=1))
    assert (f"Error: the workbook cannot be read (IndexError: list index out of range), in {path}. Open it in "
            "Excel, save it again as .xlsx (Excel Workbook), and import that copy.") in refused(run, example, path)


def test_sheet_size_claimed_in_the_file_is_not_trusted(run: Callable[..., Result], example: Path,
                                                        exported: Path, tmp_path: Path) -> None:
    # a sheet whose recorded size is one cell (other tools write it wrong) is still read to its last cell
    path = _rewrite_sheet(exported, tmp_path / "small.xlsx", "Controls",
                          lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', xml))
    result = run("evidence", "import", str(path), "-w", str(example), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: 0 change(s) in 0 control(s), 0 conflict(s); nothing was written." in result.output


def test_workbook_from_elsewhere(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Controls"
    workbook.save(path)
    assert ("Error: the workbook was not written by 'ssrgen evidence export' (its Export sheet is missing)"
            in refused(run, example, path))


def test_missing_column(run: Callable[..., Result], example: Path, exported: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Controls"]
    sheet.delete_cols(header_columns(sheet)["Status"])
    workbook.save(tmp_path / "bad.xlsx")
    assert ("Error: Controls!1: the column 'Status' is missing. Restore the column with that exact header "
            "(copy it from a fresh export).") in refused(run, example, tmp_path / "bad.xlsx")


def test_new_evidence_outside_the_workspace(run: Callable[..., Result], example: Path, exported: Path,
                                            tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Evidence"]
    cols = header_columns(sheet)
    row = sheet.max_row - 5
    sheet.cell(row, cols["Control ID"]).value = "AC-2"
    sheet.cell(row, cols["Title"]).value = "Stolen"
    sheet.cell(row, cols["Location"]).value = "../../etc/passwd"
    workbook.save(tmp_path / "bad.xlsx")
    location = sheet.cell(row, cols["Location"]).coordinate
    assert (f"Error: Evidence!{location}: '../../etc/passwd' is outside the workspace. Copy the file into "
            "evidence/files/ of the workspace") in refused(run, example, tmp_path / "bad.xlsx")


def test_dry_run_writes_nothing(run: Callable[..., Result], example: Path, exported: Path,
                                tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(exported)["Controls"]
    status = sheet.cell(row_of(sheet, "AC-12"), header_columns(sheet)["Status"]).coordinate
    path = cells(exported, tmp_path / "back.xlsx", "Controls", {status: "implemented"})
    before = snapshot(example)
    result = run("evidence", "import", str(path), "-w", str(example), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "AC-12\n  changed  Status from 'not-implemented' to 'implemented' (agency-wide)\n" in result.output
    assert "Dry run: 1 change(s) in 1 control(s), 0 conflict(s); nothing was written." in result.output
    assert snapshot(example) == before
    result = run("evidence", "import", str(path), "-w", str(example), "--by", "Pat")
    assert result.exit_code == 0, result.output
    assert "Imported: 1 change(s) in 1 control(s), 0 conflict(s)." in result.output
    assert "status: implemented" in (example / "implementation" / "ac.yaml").read_text()


def test_untouched_example_round_trip_through_the_commands(run: Callable[..., Result], example: Path,
                                                            exported: Path) -> None:
    before = snapshot(example)
    result = run("evidence", "import", str(exported), "-w", str(example), "--by", "Pat")
    assert result.exit_code == 0, result.output
    assert result.output == "No change: the workspace already holds what wb.xlsx says (0 conflict(s)); nothing was written.\n"
    assert snapshot(example) == before
