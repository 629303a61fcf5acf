"""The evidence workbook as a control owner opens it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ssrgen.errors import ValidationFailed
from ssrgen.pending import PendingWrites
from ssrgen.workbook.cells import EXCEL_CELL_LIMIT
from ssrgen.workbook.evidence_sheets import Scope
from ssrgen.workbook.export import write_evidence_workbook
from tests.workbook.helpers import TODAY, copy_mini, header_columns, load, row_of


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    root = copy_mini(tmp_path / "ws")
    path = write_evidence_workbook(load(root), tmp_path / "wb.xlsx", today=TODAY)
    return root, openpyxl.load_workbook(path)


def test_sheets_in_order_with_hidden_bookkeeping(exported: tuple[Path, openpyxl.Workbook]) -> None:
    _, wb = exported
    assert wb.sheetnames == ["Instructions", "Controls", "Evidence", "Lists", "Export"]
    assert [wb[s].sheet_state for s in wb.sheetnames] == ["visible", "visible", "visible", "hidden", "veryHidden"]
    text = " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    assert "Test Agency" in text and "03/04/2026 is refused" in text


def test_controls_rows_columns_and_values(exported: tuple[Path, openpyxl.Workbook]) -> None:
    _, wb = exported
    sheet = wb["Controls"]
    cols = header_columns(sheet)
    assert list(cols)[:3] == ["Control ID", "System", "Title"]
    keys = [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(2, sheet.max_row + 1)]
    # every control in scope agency-wide, plus the system answer that exists
    assert keys == [("AC-1", "agency-wide"), ("AC-2", "agency-wide"), ("AC-2", "tax-db"),
                    ("AC-2(3)", "agency-wide"), ("AC-7", "agency-wide"), ("MOU-9.A.5", "agency-wide")]
    ac1 = row_of(sheet, "AC-1")
    assert sheet.cell(ac1, cols["Status"]).value == "implemented"
    assert sheet.cell(ac1, cols["IRS parameter values"]).value == "policy review frequency: 3 years"
    reviewed = sheet.cell(ac1, cols["Last reviewed"])
    assert reviewed.is_date and reviewed.value.date().isoformat() == "2025-02-14"
    assert reviewed.number_format == "yyyy-mm-dd"
    ac2 = row_of(sheet, "AC-2")
    assert sheet.cell(ac2, cols["Evidence on file"]).value == "1 item, 1 stale\nstale: EV-002 (effective 2024-01-10)"
    assert sheet.cell(ac2, cols["Evidence on file"]).fill.fgColor.rgb == "00FFE699"
    assert sheet.cell(ac2, cols["Expected artifacts"]).value == "1. Account procedure"


def test_locked_shaded_reference_columns_and_protection(exported: tuple[Path, openpyxl.Workbook]) -> None:
    _, wb = exported
    sheet = wb["Controls"]
    cols = header_columns(sheet)
    assert sheet.protection.sheet is True and not sheet.protection.password
    assert sheet.protection.autoFilter is False  # filters stay usable
    assert sheet.cell(2, cols["Title"]).protection.locked is True
    assert sheet.cell(2, cols["Title"]).fill.fgColor.rgb == "00E7E6E6"
    for header in ("Status", "Implementation narrative", "Owner", "Last reviewed", "Notes"):
        assert sheet.cell(2, cols[header]).protection.locked is False, header
    assert sheet.cell(2, cols["Implementation narrative"]).alignment.wrap_text is True
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}"
    assert sheet.column_dimensions["I"].width == 60


def test_drop_downs(exported: tuple[Path, openpyxl.Workbook]) -> None:
    _, wb = exported
    lists = wb["Lists"]
    names = {lists.cell(1, c).value: c for c in range(1, lists.max_column + 1)}
    values = {n: [lists.cell(r, c).value for r in range(2, lists.max_row + 1) if lists.cell(r, c).value]
              for n, c in names.items()}
    assert values["statuses"][:2] == ["implemented", "partially-implemented"]
    assert values["controls"] == ["AC-1", "AC-2", "AC-2(3)", "AC-7", "MOU-9.A.5"]
    assert values["systems"] == ["agency-wide", "tax-db"]
    checks = {str(v.sqref): v for v in wb["Controls"].data_validations.dataValidation}
    assert checks["H2:H7"].type == "list" and checks["H2:H7"].formula1 == "'Lists'!$A$2:$A$7"
    assert checks["K2:K7"].type == "date"
    evidence_checks = {str(v.sqref): v for v in wb["Evidence"].data_validations.dataValidation}
    control_check = evidence_checks["B2:B203"]  # 2 items and 200 empty rows for new ones
    assert control_check.formula1 == "'Lists'!$D$2:$D$6"


def test_evidence_rows_and_room_for_new_ones(exported: tuple[Path, openpyxl.Workbook]) -> None:
    _, wb = exported
    sheet = wb["Evidence"]
    cols = header_columns(sheet)
    assert [sheet.cell(r, 1).value for r in (2, 3)] == ["EV-001", "EV-002"]
    assert sheet.cell(3, cols["Freshness"]).value == "stale since 2025-01-10"
    assert sheet.cell(2, cols["Evidence ID"]).protection.locked is True
    assert sheet.cell(10, cols["Evidence ID"]).protection.locked is False  # a blank row
    assert sheet.cell(2, cols["Effective date"]).is_date


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    workspace = load(root)
    pending = PendingWrites(workspace)
    pending.set_answer("AC-7", "", {"narrative": "=HYPERLINK(\"http://x\")", "owner": "+1 team", "notes": "@home"})
    pending.commit()
    path = write_evidence_workbook(load(root), tmp_path / "wb.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(path)["Controls"]
    cols = header_columns(sheet)
    row = row_of(sheet, "AC-7")
    cell = sheet.cell(row, cols["Implementation narrative"])
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"
    assert cell.quotePrefix
    assert sheet.cell(row, cols["Owner"]).value == "+1 team"


def test_filters(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    workspace = load(root)
    path = write_evidence_workbook(workspace, tmp_path / "a.xlsx", Scope(owner="dba"), today=TODAY)
    sheet = openpyxl.load_workbook(path)["Controls"]
    assert [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(2, sheet.max_row + 1)] == [
        ("AC-2", "tax-db")]
    path = write_evidence_workbook(workspace, tmp_path / "b.xlsx", Scope(system="tax-db"), today=TODAY)
    sheet = openpyxl.load_workbook(path)["Controls"]
    assert {sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)} == {"tax-db"}
    path = write_evidence_workbook(workspace, tmp_path / "c.xlsx", Scope(family="9"), today=TODAY)
    sheet = openpyxl.load_workbook(path)["Controls"]
    assert sheet.max_row == 2 and sheet.cell(2, 1).value == "MOU-9.A.5"


def test_text_longer_than_an_excel_cell_is_refused_before_writing(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    pending = PendingWrites(load(root))
    pending.set_answer("AC-1", "", {"narrative": "x" * (EXCEL_CELL_LIMIT + 1)})
    pending.commit()
    target = tmp_path / "wb.xlsx"
    with pytest.raises(ValidationFailed) as caught:
        write_evidence_workbook(load(root), target, today=TODAY)
    assert caught.value.what == "the workbook cannot hold some texts; nothing was written"
    assert [str(p) for p in caught.value.problems] == [
        "implementation/ac.yaml:2: the implementation narrative of AC-1 (agency-wide) has 32,768 characters; "
        "an Excel cell holds at most 32,767. Shorten it (move long material into an evidence file), then "
        "export again."]
    assert not target.exists()


def test_build_step_writes_the_workbook(tmp_path: Path) -> None:
    from ssrgen.workbook.export import build_step

    root = copy_mini(tmp_path / "ws")
    written = build_step(load(root), tmp_path / "out")
    assert written == [tmp_path / "out" / "evidence-workbook.xlsx"]
    assert openpyxl.load_workbook(written[0])["Controls"]["A2"].value == "AC-1"
