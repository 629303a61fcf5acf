"""``ssrgen inspection checklist``: the workbook in the evidence workbook's conventions, and the
same checklist printed for a clipboard."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import Result

from tests.inspections.helpers import form_rows, item_rows


@pytest.fixture
def written(run: Callable[..., Result], example: Path, tmp_path: Path) -> tuple[Result, Path, Path]:
    xlsx, clipboard = tmp_path / "out" / "denver.xlsx", tmp_path / "out" / "denver.docx"
    result = run("inspection", "checklist", "Denver", "-w", str(example), "-o", str(xlsx), "--docx", str(clipboard))
    assert result.exit_code == 0, result.output
    return result, xlsx, clipboard


def test_the_command_says_what_it_wrote(written: tuple[Result, Path, Path]) -> None:
    result, xlsx, clipboard = written
    assert f"Wrote {xlsx}" in result.stdout and f"Wrote {clipboard}" in result.stdout
    assert ("Denver Field Office (field office): 108 items (recordkeeping 9, secure storage 74, limited access 11, "
            "disposal 12, cybersecurity 2).") in result.stdout
    manifest = json.loads((xlsx.parent / "ssrgen-manifest.json").read_text(encoding="utf-8"))["files"]
    assert manifest["denver.xlsx"]["kind"] == manifest["denver.docx"]["kind"] == "inspection-checklist"
    assert manifest["denver.xlsx"]["facility"] == "Denver Field Office"


def test_sheets_hidden_bookkeeping_and_the_metadata_that_ties_it(written: tuple[Result, Path, Path]) -> None:
    book = openpyxl.load_workbook(written[1])
    assert book.sheetnames == ["Instructions", "Inspection", "Checklist", "Lists", "Export"]
    assert [book[s].sheet_state for s in book.sheetnames] == ["visible", "visible", "visible", "hidden", "veryHidden"]
    export = {row[0]: row[1] for row in book["Export"].iter_rows(min_row=1, max_row=5, values_only=True)}
    assert export["kind"] == "inspection checklist"
    assert export["workspace"] == "Federal Records Enforcement Office (fictional)"
    details = {row[4]: row[5] for row in book["Export"].iter_rows(values_only=True) if len(row) > 4 and row[4]}
    assert details["facility"] == "Denver Field Office" and details["facility_kind"] == "field-office"
    keys = [row[1] for row in book["Export"].iter_rows(min_row=7, values_only=True) if row[0] == "Checklist"]
    assert len(keys) == 108 and keys[0] == "2.A.1-a"


def test_the_inspection_form_names_the_facility_and_asks_the_rest(written: tuple[Result, Path, Path]) -> None:
    sheet = openpyxl.load_workbook(written[1])["Inspection"]
    rows = form_rows(sheet)
    assert sheet.cell(rows["Facility"], 2).value == "Denver Field Office"
    assert sheet.cell(rows["Kind of facility"], 2).value == "field office"
    assert sheet.cell(rows["Inspection cycle"], 2).value == "every 3 years (Pub 1075 Rev. 11-2021 §2.D.3)"
    for label in ("Inspection date", "Inspector", "Method", "Inspector is outside the function inspected",
                  "Signed by (self-certified)"):
        cell = sheet.cell(rows[label], 2)
        assert cell.value is None and not cell.protection.locked, label
    assert sheet.cell(rows["Facility"], 2).protection.locked and sheet.protection.sheet
    assert sheet.cell(rows["Method"], 1).value == "Method *"
    choices = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert choices[f"B{rows['Method']}"].endswith("$B$2:$B$3")  # on site, self-certified
    assert choices[f"B{rows['Inspection date']}"] == "1"  # a date cell


def test_the_checklist_sheet(written: tuple[Result, Path, Path]) -> None:
    sheet = openpyxl.load_workbook(written[1])["Checklist"]
    header = [c.value for c in sheet[1]]
    assert header == ["Item", "Area", "Requirement", "Citation", "Look at", "Result", "Observation",
                      "Evidence reference"]
    rows = item_rows(sheet)
    row = rows["2.B.3.1-g"]
    values = [c.value for c in sheet[row]]
    assert values[:6] == ["2.B.3.1-g", "Secure storage", "Each restricted area access log must be closed out at the end "
                          "of each month and reviewed by management.", "Pub 1075 §2.B.3.1", "document", "not checked"]
    assert sheet.cell(row, 3).protection.locked and not sheet.cell(row, 6).protection.locked
    assert sheet.freeze_panes == "B2" and sheet.protection.sheet and sheet.auto_filter.ref
    [result] = [v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith("F")]
    assert str(result.sqref) == f"F2:F{len(rows) + 1}"
    lists = openpyxl.load_workbook(written[1])["Lists"]
    assert [c.value for c in lists["A"]][1:] == ["met", "not met", "partially met", "not applicable", "not checked"]


def test_the_clipboard_holds_the_same_checklist(written: tuple[Result, Path, Path]) -> None:
    document = docx.Document(str(written[2]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Recordkeeping (9 items)", "Secure storage (74 items)", "Limited access (11 items)",
                        "Disposal (12 items)", "Cybersecurity (2 items)", "Signatures"]
    info = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert info["Facility"] == "Denver Field Office (field office)"
    assert info["Method"].startswith("\u2610 on site    \u2610 self-certified")
    items = [row.cells[0].text for table in document.tables[1:] for row in table.rows[1:]]
    assert len(items) == 108 and items[0] == "2.A.1-a"
    row = next(r for t in document.tables[1:] for r in t.rows if r.cells[0].text == "2.B.3.1-g")
    assert row.cells[1].text.startswith("Each restricted area access log must be closed out")
    assert row.cells[1].text.endswith("Pub 1075 §2.B.3.1")
    assert "\u2610 not met" in row.cells[3].text
    assert "Internal inspection checklist: Denver Field Office" in document.sections[0].header.paragraphs[0].text
    assert "IRS official record" in document.sections[0].footer.paragraphs[0].text


def test_the_cybersecurity_area_of_headquarters(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    path = tmp_path / "out" / "hq.xlsx"
    result = run("inspection", "checklist", "headquarters", "-w", str(example), "-o", str(path))
    assert result.exit_code == 0, result.output
    assert ("Note: Pub 1075 §3.3 requirements left out: Email Communications (§3.3.2), Facsimile and Facsimile "
            "Devices (§3.3.3)") in result.stderr
    sheet = openpyxl.load_workbook(path)["Checklist"]
    row = item_rows(sheet)["AC-7"]
    values = [c.value for c in sheet[row]]
    assert values[1] == "Cybersecurity" and values[2].startswith("Unsuccessful Logon Attempts. ")
    assert values[3] == "Pub 1075 §4.1 AC-7"
    assert values[4] == "document, observation (systems: case-tracker, secure-transfer)"


def test_an_unknown_facility_is_a_usage_error_with_the_list(run: Callable[..., Result], example: Path) -> None:
    result = run("inspection", "checklist", "Tulsa", "-w", str(example))
    assert result.exit_code == 1
    assert "Error: no facility of the inspections register is named 'Tulsa'." in result.output
    assert not (example / "out").exists()
