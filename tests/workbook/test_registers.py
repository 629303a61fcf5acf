"""The register sheets of the evidence workbook: export, import, conflicts, cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from ssrgen.errors import ValidationFailed
from ssrgen.imports.journal import read_journal
from ssrgen.workbook.export import write_evidence_workbook
from ssrgen.workbook.importer import apply_import, plan_import
from ssrgen.workbook.register_sheets import parse_datetime
from ssrgen.workspace import Workspace, open_workspace
from tests.workbook.helpers import edit, header_columns, snapshot

TODAY = dt.date(2026, 11, 22)
DANA = "Dana Whitfield (Special Agent)"


def row_with(sheet: object, header: str, value: str) -> int:
    cols = header_columns(sheet)
    for row in range(2, sheet.max_row + 1):  # type: ignore[attr-defined]
        if sheet.cell(row, cols[header]).value == value:  # type: ignore[attr-defined]
            return row
    raise AssertionError(f"no row with {header} = {value}")


def first_blank(sheet: object, header: str) -> int:
    cols = header_columns(sheet)
    for row in range(2, sheet.max_row + 1):  # type: ignore[attr-defined]
        if sheet.cell(row, cols[header]).value is None:  # type: ignore[attr-defined]
            return row
    raise AssertionError("no blank row")


@pytest.fixture
def exported(example: Path) -> tuple[Workspace, Path]:
    workspace = open_workspace(example)
    return workspace, write_evidence_workbook(workspace, example.parent / "wb.xlsx", today=TODAY)


def test_each_register_is_a_sheet_with_its_records(exported: tuple[Workspace, Path]) -> None:
    _, path = exported
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[3:9] == ["Training", "Inspections", "Contractors", "Incidents", "Notifications", "AI Use"]
    training = book["Training"]
    cols = header_columns(training)
    dana = row_with(training, "Person", DANA)
    assert training.cell(dana, cols["Last annual training"]).value == dt.datetime(2025, 8, 14)
    assert training.cell(dana, cols["Training due by"]).value == dt.datetime(2026, 8, 14)
    assert training.cell(dana, cols["Training due by"]).fill.fgColor.rgb.endswith("FFE699")  # overdue: yellow
    assert training.cell(dana, cols["Person"]).protection.locked  # the key is grey and locked
    assert not training.cell(dana, cols["Last annual training"]).protection.locked
    incidents = book["Incidents"]
    row = row_with(incidents, "Incident ID", "INC-2026-003")
    assert incidents.cell(row, header_columns(incidents)["Discovered at"]).value == "2026-03-02 09:15"
    ai = book["AI Use"]
    assert ai.cell(row_with(ai, "System", "Document translation service"), 3).value == "No"


def test_untouched_workbook_changes_nothing(exported: tuple[Workspace, Path], example: Path) -> None:
    workspace, path = exported
    before = snapshot(example)
    plan = plan_import(workspace, path)
    assert plan.empty and not plan.conflicts and not plan.warnings
    assert apply_import(workspace, plan) == []
    assert snapshot(example) == before


def test_edited_training_date_imports_and_keeps_comments(exported: tuple[Workspace, Path], example: Path) -> None:
    workspace, path = exported
    book = openpyxl.load_workbook(path)
    row = row_with(book["Training"], "Person", DANA)
    edited = edit(path, example.parent / "edited.xlsx", "Training",
                  {(row, "Last annual training"): "2026-11-02", (row, "Certification signed"): dt.datetime(2026, 11, 2)})
    plan = plan_import(workspace, edited)
    assert [str(c) for c in plan.changes] == [
        f"{DANA}: changed Last annual training from '2025-08-14' to '2026-11-02'",
        f"{DANA}: changed Certification signed from '2025-08-14' to '2026-11-02'",
    ]
    written = apply_import(workspace, plan, by="Pat Kim")
    assert example / "registers" / "training.yaml" in written
    text = (example / "registers" / "training.yaml").read_text(encoding="utf-8")
    assert "  last_annual_training: 2026-11-02\n  certification_signed: 2026-11-02\n" in text
    assert "# lapsed: the 2026 session was missed while on detail" in text  # comments kept
    reloaded = open_workspace(example)
    dana = next(t for t in reloaded.registers.training if t.person == DANA)
    assert dana.last_annual_training == dt.date(2026, 11, 2)
    assert read_journal(reloaded.root)[-1]["changes"][0].startswith(f"{DANA}: changed Last annual training")


def test_new_incident_row_is_appended(exported: tuple[Workspace, Path], example: Path) -> None:
    workspace, path = exported
    sheet = openpyxl.load_workbook(path)["Incidents"]
    row = first_blank(sheet, "Incident ID")
    edited = edit(path, example.parent / "edited.xlsx", "Incidents", {
        (row, "Incident ID"): "INC-2026-011", (row, "Summary (no FTI)"): "Misdirected envelope, returned sealed.",
        (row, "Discovered at"): "2026-11-03 08:05", (row, "Reported to TIGTA at"): dt.datetime(2026, 11, 3, 10, 0),
        (row, "FTI involved"): "Yes"})
    plan = plan_import(workspace, edited)
    assert [str(c) for c in plan.changes] == ["INC-2026-011: added incident record"]
    apply_import(workspace, plan)
    incident = next(i for i in open_workspace(example).registers.incidents if i.id == "INC-2026-011")
    assert incident.discovered_at == dt.datetime(2026, 11, 3, 8, 5)
    assert incident.reported_tigta_at == dt.datetime(2026, 11, 3, 10, 0)
    assert incident.fti_involved


def test_conflict_keeps_the_workspace_version(exported: tuple[Workspace, Path], example: Path) -> None:
    _, path = exported
    register = example / "registers" / "training.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace(
        "  last_annual_training: 2025-08-14", "  last_annual_training: 2026-10-01"), encoding="utf-8")
    row = row_with(openpyxl.load_workbook(path)["Training"], "Person", DANA)
    edited = edit(path, example.parent / "edited.xlsx", "Training", {(row, "Last annual training"): "2026-11-02"})
    moved_on = open_workspace(example)
    plan = plan_import(moved_on, edited)
    assert plan.empty
    assert [(c.where, c.what) for c in plan.conflicts] == [
        (f"Training!A{row}", f"{DANA} changed in the workspace after the export and in the workbook; "
         "the workspace's version was kept")]


def test_bad_date_is_reported_by_cell_and_nothing_written(exported: tuple[Workspace, Path], example: Path) -> None:
    workspace, path = exported
    row = row_with(openpyxl.load_workbook(path)["Training"], "Person", DANA)
    edited = edit(path, example.parent / "edited.xlsx", "Training", {(row, "Last annual training"): "2026-02-30"})
    before = snapshot(example)
    with pytest.raises(ValidationFailed) as caught:
        plan_import(workspace, edited)
    assert [p.where for p in caught.value.problems] == [f"Training!E{row}"]
    assert snapshot(example) == before


def test_bad_time_and_duplicate_key_are_reported_by_cell(exported: tuple[Workspace, Path], example: Path) -> None:
    workspace, path = exported
    book = openpyxl.load_workbook(path)
    incident = row_with(book["Incidents"], "Incident ID", "INC-2026-007")
    step = edit(path, example.parent / "step.xlsx", "Incidents", {(incident, "Discovered at"): "yesterday 9am"})
    blank = first_blank(book["Training"], "Person")
    edited = edit(step, example.parent / "edited.xlsx", "Training", {(blank, "Person"): DANA})
    with pytest.raises(ValidationFailed) as caught:
        plan_import(workspace, edited)
    first = row_with(book["Training"], "Person", DANA)
    assert [(p.where, p.what) for p in caught.value.problems] == [
        (f"Training!A{blank}", f"{DANA} has a second row (first on row {first})"),
        (f"Incidents!C{incident}", "'yesterday 9am' is not a date and time"),
    ]


def test_new_row_missing_its_key_part_is_an_error(exported: tuple[Workspace, Path], example: Path) -> None:
    workspace, path = exported
    row = first_blank(openpyxl.load_workbook(path)["Inspections"], "Facility")
    edited = edit(path, example.parent / "edited.xlsx", "Inspections",
                  {(row, "Facility"): "Boston Field Office", (row, "Last inspection"): "2026-05-01"})
    with pytest.raises(ValidationFailed) as caught:
        plan_import(workspace, edited)
    assert [(p.where, p.what) for p in caught.value.problems] == [
        (f"Inspections!B{row}", "a new row of the Inspections sheet needs its Kind")]


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-02 09:15", dt.datetime(2026, 3, 2, 9, 15)),
    ("2026-03-02T09:15:30", dt.datetime(2026, 3, 2, 9, 15, 30)),
    ("2026-03-02", dt.datetime(2026, 3, 2)),
])
def test_parse_datetime(text: str, expected: dt.datetime) -> None:
    assert parse_datetime(text) == expected


def test_record_whose_key_ends_in_a_space_matches_its_row(example: Path) -> None:
    # a quoted YAML string keeps its trailing space; the import trims key texts, and must still
    # find the record instead of adding a copy of it
    register = example / "registers" / "notifications.yaml"
    text = register.read_text(encoding="utf-8")
    subject = "Off-site storage of closed case files at Ironvale Records Storage"
    register.write_text(text.replace(f"subject: {subject}\n", f'subject: "{subject} "\n'), encoding="utf-8")
    assert f'"{subject} "' in register.read_text(encoding="utf-8")
    workspace = open_workspace(example)
    path = write_evidence_workbook(workspace, example.parent / "wb.xlsx", today=TODAY)
    plan = plan_import(workspace, path)
    assert plan.empty and not plan.conflicts and not plan.warnings
    book = openpyxl.load_workbook(path)
    row = row_with(book["Notifications"], "Subject", f"{subject} ")
    edited = edit(path, example.parent / "edited.xlsx", "Notifications", {(row, "Approval received"): "2024-03-01"})
    plan = plan_import(workspace, edited)
    assert [str(c) for c in plan.changes] == [
        f"contractor ({subject}): added Approval received '2024-03-01'"]
    apply_import(workspace, plan)
    records = open_workspace(example).registers.notifications
    assert [(r.subject, r.approval_received) for r in records if r.subject.strip() == subject] == [
        (f"{subject} ", dt.date(2024, 3, 1))]


def _training_prompts(path: Path) -> set[str]:
    sheet = openpyxl.load_workbook(path)["Training"]
    return {v.prompt for v in sheet.data_validations.dataValidation if v.prompt}


def test_the_training_prompt_cites_pub_1075_and_the_mou_only_where_it_binds(
        exported: tuple[Workspace, Path], tmp_path: Path) -> None:
    from ssrgen.catalog import load_catalogs
    from ssrgen.new_workspace import init_workspace

    _, path = exported
    assert "Before access to FTI (MOU 9.A.5; Pub 1075 §2.D.2.1)." in _training_prompts(path)
    catalogs = load_catalogs()
    init_workspace(tmp_path / "dor", "Department of Revenue", "OH", False, ["6103(d)"], [], catalogs)
    state = write_evidence_workbook(open_workspace(tmp_path / "dor", catalogs), tmp_path / "state.xlsx", today=TODAY)
    prompts = _training_prompts(state)
    assert "Before access to FTI (Pub 1075 §2.D.2.1)." in prompts
    assert not any("MOU" in p for p in prompts)
