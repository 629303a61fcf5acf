"""``ssrgen inspection import``: what a filled checklist records, the rules of §2.D.3 with their
cells, and the promises every import keeps (dry run, journal, idempotence, conflicts)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from ssrgen.paths import example_workspace
from tests.inspections.helpers import (
    ON_SITE,
    SELF_CERTIFIED,
    cell_of,
    export,
    fill,
    form_cell,
    load,
)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".ssrgen" not in p.parts}


def register(root: Path, facility: str) -> dict:
    records = yaml.safe_load((root / "registers" / "inspections.yaml").read_text(encoding="utf-8"))
    return next(r for r in records if r["facility"] == facility)


def poam(root: Path) -> list[dict]:
    return yaml.safe_load((root / "registers" / "poam.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def miami(example: Path, tmp_path: Path) -> Path:
    return export(example, "Miami", tmp_path / "miami.xlsx")


def test_an_untouched_checklist_records_every_item_not_checked(run: Callable[..., Result], example: Path,
                                                               miami: Path, tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "header-only.xlsx", ON_SITE)
    findings_before = poam(example)
    result = run("inspection", "import", str(filled), "-w", str(example), "--by", "Pat Kim")
    assert result.exit_code == 0, result.output
    assert ("Inspection IIR-2026-02: on-site inspection of Miami Field Office on 2026-05-12: 108 not checked."
            in result.stdout)
    assert ("Warning: Checklist: 108 of 108 item(s) were left 'not checked' (Checklist!F2, Checklist!F3,"
            in result.stderr)
    record = yaml.safe_load((example / "inspections" / "IIR-2026-02.yaml").read_text(encoding="utf-8"))
    assert record["facility"] == "Miami Field Office" and record["method"] == "on-site"
    assert record["date"] == dt.date(2026, 5, 12) and record["inspector"] == "Pat Kim"
    assert len(record["results"]) == 108 and {r["result"] for r in record["results"]} == {"not-checked"}
    assert register(example, "Miami Field Office") | {} == {
        "facility": "Miami Field Office", "kind": "field-office", "last_inspection": dt.date(2026, 5, 12),
        "report": "IIR-2026-02", "findings_count": 0}
    assert poam(example) == findings_before
    assert "not checked" in run("validate", "-w", str(example)).stderr


def test_two_items_not_met_make_two_poam_findings_and_move_the_cycle(run: Callable[..., Result], example: Path,
                                                                     miami: Path, tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "filled.xlsx", ON_SITE, every="met", results={
        "2.B.3.1-g": ("not met", "September's visitor log was not closed out."),
        "2.F.3-c": ("partially met", "One shredder cuts strips, not cross-cut particles."),
    })
    result = run("inspection", "import", str(filled), "-w", str(example), "--by", "Pat Kim")
    assert result.exit_code == 0, result.output
    assert "Inspection IIR-2026-02: on-site inspection of Miami Field Office on 2026-05-12: 106 met, 1 not met, " \
           "1 partially met." in result.stdout
    assert "added    finding: item 2.B.3.1-g not met at Miami Field Office [IIR-2026-02-F1]" in result.stdout
    assert "changed  last inspection from '2024-05-20' to '2026-05-12' [Miami Field Office (field office)]" \
        in result.stdout
    findings = {f["id"]: f for f in poam(example)}
    assert findings["IIR-2026-02-F1"] == {
        "id": "IIR-2026-02-F1", "inspection": "IIR-2026-02", "item": "2.B.3.1-g", "facility": "Miami Field Office",
        "result": "not-met", "description": "September's visitor log was not closed out.", "status": "open"}
    assert findings["IIR-2026-02-F2"]["result"] == "partially-met"
    miami_record = register(example, "Miami Field Office")
    assert (miami_record["last_inspection"], miami_record["report"], miami_record["findings_count"]) == \
        (dt.date(2026, 5, 12), "IIR-2026-02", 2)
    journal = yaml.safe_load((example / "journal" / "imports.yaml").read_text(encoding="utf-8"))[-1]
    assert journal["kind"] == "inspection checklist" and journal["by"] == "Pat Kim"
    assert journal["inspection"] == "IIR-2026-02" and journal["facility"] == "Miami Field Office"
    assert "IIR-2026-02-F1: added finding: item 2.B.3.1-g not met at Miami Field Office" in journal["changes"]
    # the same file again changes nothing, not even the journal
    before = snapshot(example)
    again = run("inspection", "import", str(filled), "-w", str(example))
    assert again.exit_code == 0, again.output
    assert "No change: the workspace already holds what filled.xlsx says" in again.stdout
    assert snapshot(example) == before


def test_the_planned_date_the_inspection_stood_for_is_cleared(run: Callable[..., Result], example: Path,
                                                              tmp_path: Path) -> None:
    # the data center was planned for 2026-12-08 and inspected earlier: the plan is done, the cycle moves on
    center = export(example, "data center", tmp_path / "center.xlsx")
    filled = fill(center, tmp_path / "center-early.xlsx", {**ON_SITE, "Inspection date": dt.date(2026, 11, 25)},
                  every="met")
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 0, result.output
    assert ("removed  planned date 2026-12-08: the inspection of 2026-11-25 took its place; plan the next one by "
            "2028-05-25 [FREO data center, Washington, DC (computer facility)]") in result.stdout
    record = register(example, "FREO data center, Washington, DC")
    assert "next_planned" not in record and record["last_inspection"] == dt.date(2026, 11, 25)
    due = run("due", "-w", str(example), "--format", "json", "--within", "1000")
    assert due.exit_code == 0, due.output
    center_dates = [(d["date"], d["detail"]) for d in json.loads(due.stdout)
                    if d["title"] == "Internal inspection: FREO data center, Washington, DC"]
    assert center_dates[0] == ("2028-05-25", "every 18 months")
    # a planned date past the next cycle is a plan of its own: it stays
    text = (example / "registers" / "inspections.yaml").read_text(encoding="utf-8")
    (example / "registers" / "inspections.yaml").write_text(text.replace("next_planned: 2027-03-15",
                                                                         "next_planned: 2029-11-01"), encoding="utf-8")
    miami = export(example, "Miami", tmp_path / "miami.xlsx")
    result = run("inspection", "import", str(fill(miami, tmp_path / "miami-late.xlsx",
                                                  {**ON_SITE, "Inspection date": dt.date(2026, 11, 1)}, every="met")),
                 "-w", str(example))
    assert result.exit_code == 0, result.output
    assert "planned date" not in result.stdout
    assert register(example, "Miami Field Office")["next_planned"] == dt.date(2029, 11, 1)


def test_a_planned_date_the_inspection_reached_is_cleared(run: Callable[..., Result], example: Path,
                                                          miami: Path, tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "late.xlsx", {**ON_SITE, "Inspection date": dt.date(2026, 11, 1)}, every="met")
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 0, result.output
    assert ("removed  planned date 2027-03-15: the inspection of 2026-11-01 took its place; plan the next one by "
            "2029-11-01 [Miami Field Office (field office)]") in result.stdout
    assert "next_planned" not in register(example, "Miami Field Office")
    denver = export(example, "Denver", tmp_path / "denver.xlsx")
    after_plan = fill(denver, tmp_path / "denver-late.xlsx", ON_SITE, every="met")
    text = (example / "registers" / "inspections.yaml").read_text(encoding="utf-8")
    (example / "registers" / "inspections.yaml").write_text(text.replace("next_planned: 2028-02-01",
                                                                         "next_planned: 2026-05-01"), encoding="utf-8")
    result = run("inspection", "import", str(after_plan), "-w", str(example))
    assert result.exit_code == 0, result.output
    assert ("removed  planned date 2026-05-01: the inspection of 2026-05-12 took its place; plan the next one by "
            "2029-05-12 [Denver Field Office (field office)]") in result.stdout
    assert "next_planned" not in register(example, "Denver Field Office")


def test_dry_run_writes_nothing(run: Callable[..., Result], example: Path, miami: Path, tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "filled.xlsx", ON_SITE, every="met", results={"2.B.3.1-g": "not met"})
    before = snapshot(example)
    result = run("inspection", "import", str(filled), "-w", str(example), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: 6 change(s) in 3 record(s), 0 conflict(s); nothing was written." in result.stdout
    assert snapshot(example) == before


def test_a_contractor_may_not_self_certify(run: Callable[..., Result], tmp_path: Path) -> None:
    state = tmp_path / "state"
    shutil.copytree(example_workspace("state"), state)
    checklist = export(state, "Lakeview", tmp_path / "lakeview.xlsx")
    filled = fill(checklist, tmp_path / "self.xlsx", SELF_CERTIFIED, every="met")
    before = snapshot(state)
    result = run("inspection", "import", str(filled), "-w", str(state))
    assert result.exit_code == 1
    method = form_cell(filled, "Method")
    assert (f"Error: {method}: the inspection is marked self-certified, but this is a contractor's facility: "
            "contractors and sub-contractors may not conduct self-certification internal inspections (Pub 1075 "
            "§2.D.3). The agency inspects the contractor on site: set the Method to 'on site' and give the agency's "
            "inspector.") in result.output
    assert "Error: 1 problem in self.xlsx; nothing was imported." in result.output
    assert snapshot(state) == before


def test_an_off_site_storage_facility_may_not_self_certify(run: Callable[..., Result], example: Path,
                                                           tmp_path: Path) -> None:
    checklist = export(example, "Ironvale", tmp_path / "ironvale.xlsx")
    filled = fill(checklist, tmp_path / "self.xlsx", SELF_CERTIFIED, every="met")
    before = snapshot(example)
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: {form_cell(filled, 'Method')}: the inspection is marked self-certified, but this is an off-site "
            "storage facility, which Pub 1075 §2.D.3 counts among \"all contractors and sub-contractors with access "
            "to FTI, including a consolidated data center or off-site storage facility\": contractors and "
            "sub-contractors may not conduct self-certification internal inspections (Pub 1075 §2.D.3). The agency "
            "inspects the off-site storage facility on site: set the Method to 'on site' and give the agency's "
            "inspector.") in result.output
    assert snapshot(example) == before
    # a self-certified record of one written by hand is refused when the workspace loads
    record = example / "inspections" / "IIR-2026-01.yaml"
    text = record.read_text(encoding="utf-8")
    assert "kind: field-office" in text
    record.write_text(text.replace("facility: Denver Field Office", "facility: Ironvale Records Storage (off-site "
                                   "paper storage)").replace("kind: field-office", "kind: off-site-storage"),
                      encoding="utf-8")
    result = run("validate", "-w", str(example))
    assert result.exit_code == 1
    assert ("inspection 'IIR-2026-01' is self-certified by an off-site storage facility, which Pub 1075 §2.D.3 "
            "counts among \"all contractors and sub-contractors with access to FTI\"; contractors and "
            "sub-contractors may not conduct self-certification internal inspections (Pub 1075 §2.D.3). Record an on-site inspection by the agency ('method: on-site') "
            "instead.") in result.output


def test_the_inspection_of_a_contractor_is_its_on_site_assessment(run: Callable[..., Result], example: Path,
                                                                  tmp_path: Path) -> None:
    path = example / "registers" / "inspections.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Ironvale Records Storage (off-site paper storage)",
                                                             "Ironvale Records Storage LLC"), encoding="utf-8")
    checklist = export(example, "Ironvale", tmp_path / "ironvale.xlsx")
    filled = fill(checklist, tmp_path / "on-site.xlsx", {**ON_SITE, "Inspection date": dt.date(2026, 11, 2)},
                  every="met")
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 0, result.output
    assert ("changed  last on-site assessment from '2025-10-01' to '2026-11-02' (inspection IIR-2026-02) "
            "[Ironvale Records Storage LLC]") in result.stdout
    contractors = yaml.safe_load((example / "registers" / "contractors.yaml").read_text(encoding="utf-8"))
    ironvale = next(c for c in contractors if c["name"] == "Ironvale Records Storage LLC")
    assert ironvale["last_onsite_assessment"] == dt.date(2026, 11, 2)
    assert register(example, "Ironvale Records Storage LLC")["last_inspection"] == dt.date(2026, 11, 2)
    journal = yaml.safe_load((example / "journal" / "imports.yaml").read_text(encoding="utf-8"))[-1]
    assert any("last on-site assessment" in c for c in journal["changes"])
    before = snapshot(example)
    assert "No change" in run("inspection", "import", str(filled), "-w", str(example)).stdout
    assert snapshot(example) == before


def test_an_inspector_employed_by_a_contractor_may_not_self_certify(run: Callable[..., Result], example: Path,
                                                                    miami: Path, tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "self.xlsx", {**SELF_CERTIFIED,
                                                  "Inspector is employed by": "contractor or sub-contractor"})
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 1
    assert (f"{form_cell(filled, 'Method')}: the inspection is marked self-certified, but the inspector is employed "
            "by a contractor or sub-contractor") in result.output


def test_a_self_certified_inspection_is_signed_by_an_agency_employee(run: Callable[..., Result], example: Path,
                                                                     miami: Path, tmp_path: Path) -> None:
    unsigned = fill(miami, tmp_path / "unsigned.xlsx", {**SELF_CERTIFIED, "Signed by (self-certified)": None})
    result = run("inspection", "import", str(unsigned), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: {form_cell(unsigned, 'Signed by (self-certified)')}: a self-certified inspection must be signed "
            "by an agency employee, and no one is named as having signed it (Pub 1075 §2.D.3)") in result.output
    outsider = fill(miami, tmp_path / "outsider.xlsx",
                    {**SELF_CERTIFIED, "Signer is an agency employee (self-certified)": "No"})
    result = run("inspection", "import", str(outsider), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: {form_cell(outsider, 'Signer is an agency employee (self-certified)')}: a self-certified "
            "inspection must be signed by an agency employee; 'Alex Romero' is not recorded as one") in result.output


def test_a_self_certification_is_recorded_with_its_signer(run: Callable[..., Result], example: Path, miami: Path,
                                                          tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "self.xlsx", {**SELF_CERTIFIED, "Reviewed by (self-certified)": None},
                  every="met")
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 0, result.output
    assert "the self-certified inspection does not say Reviewed by (self-certified)" in result.stderr
    record = yaml.safe_load((example / "inspections" / "IIR-2026-02.yaml").read_text(encoding="utf-8"))
    assert (record["method"], record["signed_by"], record["signer_is_employee"]) == \
        ("self-certified", "Alex Romero", True)
    assert "self-certified inspection IIR-2026-02 of Miami Field Office does not say who reviewed it" \
        in run("validate", "-w", str(example)).stderr


def test_a_self_certification_not_yet_reviewed_names_each_empty_cell(run: Callable[..., Result], example: Path,
                                                                     miami: Path, tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "self.xlsx", {
        **SELF_CERTIFIED, "Received by the agency on (self-certified)": None, "Reviewed by (self-certified)": None,
        "Discussed with the person who conducted it on (self-certified)": None}, every="met")
    result = run("inspection", "import", str(filled), "-w", str(example), "--dry-run")
    assert result.exit_code == 0, result.output
    cells = ", ".join(form_cell(filled, label) for label in (
        "Received by the agency on (self-certified)", "Reviewed by (self-certified)",
        "Discussed with the person who conducted it on (self-certified)"))
    assert cells == "Inspection!B19, Inspection!B20, Inspection!B21"
    assert f"Warning: {cells}: the self-certified inspection does not say Received by the agency on" in result.stderr


def test_a_deleted_form_row_is_named_with_the_row_the_export_wrote(run: Callable[..., Result], example: Path,
                                                                   miami: Path, tmp_path: Path) -> None:
    import openpyxl

    filled = fill(miami, tmp_path / "filled.xlsx", ON_SITE, every="met")
    book = openpyxl.load_workbook(filled)
    sheet = book["Inspection"]
    assert sheet["A10"].value == "Inspector *"
    sheet.delete_rows(10)
    book.save(filled)
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 1
    assert ("Error: Inspection!A10: the row 'Inspector' is missing (the export wrote it as row 10). Restore it with "
            "that exact label in column A (copy it from a fresh export).") in result.output


def test_an_inspector_inside_the_function_is_recorded_and_reported(run: Callable[..., Result], example: Path,
                                                                   miami: Path, tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "inside.xlsx",
                  {**ON_SITE, "Inspector is outside the function inspected": "No"}, every="met")
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 0, result.output
    cell = form_cell(filled, "Inspector is outside the function inspected")
    assert f"Warning: {cell}: the inspector is not outside the function inspected (recorded;" in result.stderr
    record = yaml.safe_load((example / "inspections" / "IIR-2026-02.yaml").read_text(encoding="utf-8"))
    assert record["independent"] is False


def test_every_bad_cell_is_reported_at_once(run: Callable[..., Result], example: Path, miami: Path,
                                            tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "bad.xlsx", {**ON_SITE, "Inspector": None, "Method": "by phone",
                                                  "Inspection date": "03/04/2026"},
                  results={"2.B.3.1-g": "done"})
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 1
    out = result.output
    assert f"Error: {form_cell(filled, 'Method')}: 'by phone' is not allowed here. Choose one of: on site, " \
           "self-certified." in out
    assert f"Error: {form_cell(filled, 'Inspection date')}: '03/04/2026' is ambiguous" in out
    assert f"Error: {cell_of(filled, '2.B.3.1-g')}: 'done' is not allowed here. Choose one of: met, not met, " \
           "partially met, not applicable, not checked." in out
    assert "Error: 3 problems in bad.xlsx; nothing was imported." in out
    fixed = fill(miami, tmp_path / "no-inspector.xlsx", {**ON_SITE, "Inspector": None})
    result = run("inspection", "import", str(fixed), "-w", str(example))
    assert f"Error: {form_cell(fixed, 'Inspector')}: the Inspector is required. Fill it in." in result.output


def test_a_date_after_today_is_refused(run: Callable[..., Result], example: Path, miami: Path, tmp_path: Path) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    filled = fill(miami, tmp_path / "future.xlsx", {**ON_SITE, "Inspection date": tomorrow})
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: {form_cell(filled, 'Inspection date')}: the inspection date {tomorrow.isoformat()} is after "
            "today. Give the day the inspection was completed.") in result.output


def test_the_agencys_own_report_number(run: Callable[..., Result], example: Path, miami: Path, tmp_path: Path) -> None:
    taken = fill(miami, tmp_path / "taken.xlsx", {**ON_SITE, "Inspection ID (report number)": "IIR-2026-01"})
    result = run("inspection", "import", str(taken), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: {form_cell(taken, 'Inspection ID (report number)')}: IIR-2026-01 is already the inspection of "
            "Denver Field Office on 2026-04-14. Leave the Inspection ID empty") in result.output
    own = fill(miami, tmp_path / "own.xlsx", {**ON_SITE, "Inspection ID (report number)": "MIA-26/1"})
    result = run("inspection", "import", str(own), "-w", str(example))
    assert "'MIA-26/1' cannot be an inspection id" in result.output
    good = fill(miami, tmp_path / "good.xlsx", {**ON_SITE, "Inspection ID (report number)": "MIA-2026-1"}, every="met")
    assert run("inspection", "import", str(good), "-w", str(example)).exit_code == 0
    assert (example / "inspections" / "MIA-2026-1.yaml").is_file()
    renamed = fill(good, tmp_path / "renamed.xlsx", {"Inspection ID (report number)": "MIA-2026-9"})
    result = run("inspection", "import", str(renamed), "-w", str(example))
    assert result.exit_code == 1
    assert "this checklist was recorded as inspection MIA-2026-1; the Inspection ID now says 'MIA-2026-9'" \
        in result.output


def test_rows_of_the_checklist_are_its_items_once(run: Callable[..., Result], example: Path, miami: Path,
                                                  tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(miami)
    sheet = book["Checklist"]
    sheet.cell(3, 1).value = "9.Z.9-z"  # an item of no checklist
    sheet.cell(4, 1).value = sheet.cell(5, 1).value  # an item twice
    sheet.cell(5, 6).value = "=1+1"  # a formula
    book.save(tmp_path / "rows.xlsx")
    filled = fill(tmp_path / "rows.xlsx", tmp_path / "rows-filled.xlsx", ON_SITE)
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 1
    assert "Error: Checklist!A3: '9.Z.9-z' is not an item of this checklist." in result.output
    assert "Error: Checklist!F5: the cell holds a formula (=1+1); ssrgen takes values only." in result.output
    assert "has a second row (first on row 4)" in result.output


def test_a_corrected_copy_updates_the_record_and_a_poam_edit_is_kept(run: Callable[..., Result], example: Path,
                                                                    miami: Path, tmp_path: Path) -> None:
    first = fill(miami, tmp_path / "first.xlsx", ON_SITE, every="met",
                 results={"2.B.3.1-g": ("not met", "Log not closed out.")})
    assert run("inspection", "import", str(first), "-w", str(example)).exit_code == 0
    corrected = fill(first, tmp_path / "corrected.xlsx",
                     results={"2.B.3.1-g": ("not met", "Logs of September and October not closed out."),
                              "2.A.1-a": "not applicable"})
    result = run("inspection", "import", str(corrected), "-w", str(example))
    assert result.exit_code == 0, result.output
    assert "changed  description [IIR-2026-02-F1]" in result.stdout
    assert {f["id"]: f for f in poam(example)}["IIR-2026-02-F1"]["description"] == \
        "Logs of September and October not closed out."
    # staff rewrite the finding; a later copy of the checklist does not overwrite it
    path = example / "registers" / "poam.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Logs of September and October not closed out.",
                                                             "Visitor logs, monthly close-out missed."), encoding="utf-8")
    third = fill(corrected, tmp_path / "third.xlsx", results={"2.B.3.1-g": ("not met", "Third wording.")})
    result = run("inspection", "import", str(third), "-w", str(example))
    assert result.exit_code == 0, result.output
    # the description comes from the Observation: the conflict points at it, not at the Result
    assert (f"Conflict: {cell_of(third, '2.B.3.1-g', 7)}: POA&M finding IIR-2026-02-F1 (its description) changed in "
            "the workspace after the export and in the checklist; the workspace's version was kept") in result.stderr
    assert "Visitor logs, monthly close-out missed." in path.read_text(encoding="utf-8")


def test_a_second_checklist_of_the_same_inspection_is_refused(run: Callable[..., Result], example: Path, miami: Path,
                                                              tmp_path: Path) -> None:
    first = fill(miami, tmp_path / "first.xlsx", ON_SITE, every="met")
    assert run("inspection", "import", str(first), "-w", str(example)).exit_code == 0
    export_id = load(example).inspections[-1].checklist.id  # type: ignore[union-attr]
    again = fill(export(example, "Miami", tmp_path / "miami-again.xlsx"), tmp_path / "second.xlsx", ON_SITE,
                 every="met", results={"2.B.3.1-g": "not met"})
    before = snapshot(example)
    result = run("inspection", "import", str(again), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: {form_cell(again, 'Inspection date')}: the inspection of Miami Field Office on 2026-05-12 is "
            f"already recorded as IIR-2026-02, from another checklist (export {export_id}); this checklist would record "
            f"it a second time. Enter the corrections in the checklist that recorded it (export {export_id}) and "
            "import that one again, or edit inspections/IIR-2026-02.yaml.") in result.output
    assert snapshot(example) == before
    # another day is another inspection
    later = fill(again, tmp_path / "later.xlsx", {"Inspection date": dt.date(2026, 6, 1)})
    result = run("inspection", "import", str(later), "-w", str(example))
    assert result.exit_code == 0, result.output
    assert "Inspection IIR-2026-03:" in result.stdout


def test_a_record_edited_since_its_import_is_a_conflict(run: Callable[..., Result], example: Path, miami: Path,
                                                        tmp_path: Path) -> None:
    first = fill(miami, tmp_path / "first.xlsx", ON_SITE, every="met")
    assert run("inspection", "import", str(first), "-w", str(example)).exit_code == 0
    record = example / "inspections" / "IIR-2026-02.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("inspector: Pat Kim", "inspector: Pat M. Kim"),
                      encoding="utf-8")
    second = fill(first, tmp_path / "second.xlsx", results={"2.A.1-a": "not applicable"})
    before = record.read_bytes()
    result = run("inspection", "import", str(second), "-w", str(example))
    assert result.exit_code == 0, result.output
    # the inspection as a whole: the cells of its facility and date, not the form's title
    assert (f"Conflict: {form_cell(second, 'Facility')}, {form_cell(second, 'Inspection date')}: inspection "
            "IIR-2026-02 (inspections/IIR-2026-02.yaml) changed in the workspace after the export and in "
            "the checklist; the workspace's version was kept") in result.stderr
    assert record.read_bytes() == before


def test_fti_in_an_observation_is_refused_with_its_cell(run: Callable[..., Result], example: Path, miami: Path,
                                                        tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "fti.xlsx", ON_SITE, results={"2.A.2-a": ("not met", "Log shows SSN 123-45-6789")})
    before = snapshot(example)
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: {cell_of(filled, '2.A.2-a', 7)}: this looks like a taxpayer identifier: an SSN-shaped number "
            "(***-**-6789)") in result.output
    assert "123-45-6789" not in result.output
    assert snapshot(example) == before


def test_the_wrong_kind_of_workbook_is_named(run: Callable[..., Result], example: Path, miami: Path,
                                             tmp_path: Path) -> None:
    evidence = tmp_path / "evidence.xlsx"
    assert run("evidence", "export", "-w", str(example), "-o", str(evidence)).exit_code == 0
    result = run("inspection", "import", str(evidence), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: this is an evidence workbook, not an inspection checklist, in {evidence}. Import it with "
            "'ssrgen evidence import'.") in result.output
    result = run("evidence", "import", str(miami), "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: this is an inspection checklist, not an evidence workbook, in {miami}. Import it with "
            "'ssrgen inspection import'.") in result.output


def test_a_facility_gone_from_the_register(run: Callable[..., Result], example: Path, miami: Path,
                                           tmp_path: Path) -> None:
    filled = fill(miami, tmp_path / "filled.xlsx", ON_SITE)
    path = example / "registers" / "inspections.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Miami Field Office", "Miami Beach Field Office"),
                    encoding="utf-8")
    result = run("inspection", "import", str(filled), "-w", str(example))
    assert result.exit_code == 1
    assert ("Error: the checklist is for 'Miami Field Office' (field office), which is not in the inspections "
            "register (registers/inspections.yaml)") in result.output


def test_the_workbook_of_another_workspace(run: Callable[..., Result], example: Path, miami: Path,
                                           tmp_path: Path) -> None:
    config = example / "ssrgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "name: Federal Records Enforcement Office (fictional)", "name: Another Office"), encoding="utf-8")
    result = run("inspection", "import", str(fill(miami, tmp_path / "f.xlsx", ON_SITE)), "-w", str(example))
    assert result.exit_code == 1
    assert ("the checklist was exported from 'Federal Records Enforcement Office (fictional)', not from this "
            "workspace ('Another Office')") in result.output


def test_the_inspection_is_loaded_like_every_record() -> None:
    workspace = load(example_workspace())
    assert [i.id for i in workspace.inspections] == ["IIR-2025-01", "IIR-2026-01"]
    denver = workspace.inspections[-1]
    assert denver.method == "self-certified" and denver.signer_is_employee is True
    assert denver.counts()["not-checked"] == 1
    assert workspace.where["inspection:IIR-2026-01"] == "inspections/IIR-2026-01.yaml:3"
