"""Taking the workbook back: lossless round trip, analysts' edits, conflicts, journal."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import openpyxl
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrgen.imports.journal import read_journal
from ssrgen.pending import PendingWrites
from ssrgen.workbook.export import write_evidence_workbook
from ssrgen.workbook.importer import apply_import, import_workbook, plan_import
from tests.workbook.helpers import (
    MINI,
    TODAY,
    copy_mini,
    edit,
    header_columns,
    load,
    row_of,
    snapshot,
)

NOW = dt.datetime(2026, 11, 22, 9, 30)


def export(root: Path, target: Path) -> Path:
    return write_evidence_workbook(load(root), target, today=TODAY)


def test_untouched_workbook_changes_nothing(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    path = export(root, tmp_path / "wb.xlsx")
    before = snapshot(root)
    plan = plan_import(load(root), path, today=TODAY)
    assert plan.changes == [] and plan.conflicts == [] and plan.warnings == []
    assert apply_import(load(root), plan, "Pat", NOW) == []
    assert snapshot(root) == before


texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)
narratives = st.one_of(texts, texts.map(lambda t: "=" + t), texts.map(lambda t: f"line one\n{t}\n\nline =3"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(narrative=narratives, owner=texts, notes=narratives)
def test_round_trip_of_any_text_is_lossless(narrative: str, owner: str, notes: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        shutil.copytree(MINI, root)
        pending = PendingWrites(load(root))
        pending.set_answer("AC-7", "", {"narrative": narrative, "owner": owner or None, "notes": notes})
        pending.set_answer("AC-2", "tax-db", {"notes": narrative})
        pending.commit()
        workspace = load(root)
        assert workspace.answer("AC-7").narrative == narrative  # the YAML write is exact
        path = export(root, Path(tmp) / "wb.xlsx")
        before = snapshot(root)
        plan = plan_import(load(root), path, today=TODAY)
        assert plan.changes == []
        apply_import(load(root), plan, None, NOW)
        assert snapshot(root) == before


def test_typical_analyst_edits_import_cleanly(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    path = export(root, tmp_path / "wb.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Controls"]
    cols = header_columns(sheet)
    # fill statuses, paste a narrative with line breaks, type a date as text
    sheet.cell(row_of(sheet, "AC-7"), cols["Status"]).value = "Implemented"
    sheet.cell(row_of(sheet, "AC-7"), cols["Implementation narrative"]).value = "Lockout after 3 tries.\nUnlock: 15 min."
    sheet.cell(row_of(sheet, "AC-7"), cols["Last reviewed"]).value = "March 2, 2026"
    sheet.cell(row_of(sheet, "AC-2", "tax-db"), cols["Owner"]).value = "Database Team"
    # sort by owner (rows move), add a column of one's own, leave blank rows
    data = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    data.sort(key=lambda r: str(r[cols["Owner"] - 1] or ""))
    for index, values in enumerate(data):
        for col, value in enumerate(values, start=1):
            sheet.cell(index + 4, col).value = value
    sheet.cell(2, 1).value = sheet.cell(3, 1).value = None
    for col in range(2, sheet.max_column + 1):
        sheet.cell(2, col).value = sheet.cell(3, col).value = None
    sheet.cell(1, 13).value = "My remarks"
    sheet.cell(5, 13).value = "ask Kim"
    # a new evidence row
    evidence = workbook["Evidence"]
    ecols = header_columns(evidence)
    for header, value in {"Control ID": "AC-7", "Title": "Lockout settings", "Kind": "configuration",
                          "Location": "evidence/files/policy.txt", "Effective date": dt.datetime(2026, 10, 1),
                          "Collected by": "Pat"}.items():
        evidence.cell(10, ecols[header]).value = value
    workbook.save(tmp_path / "back.xlsx")

    plan = plan_import(load(root), tmp_path / "back.xlsx", today=TODAY)
    assert [str(w) for w in plan.warnings] == ["Controls!M1: the column 'My remarks' is not one ssrgen knows; it is ignored"]
    assert [str(c) for c in plan.changes] == [
        "AC-7 (agency-wide): added Status 'implemented'",
        "AC-7 (agency-wide): added Implementation narrative",
        "AC-7 (agency-wide): added Last reviewed '2026-03-02'",
        "AC-2 (tax-db): changed Owner from 'DBA Team' to 'Database Team'",
        "EV-003: added evidence 'Lockout settings' (evidence/files/policy.txt)",
    ]
    written = apply_import(load(root), plan, "Pat Kim", NOW)
    assert {p.relative_to(root).as_posix() for p in written} == {
        "implementation/ac.yaml", "evidence/register.yaml", "journal/imports.yaml"}
    workspace = load(root)
    assert workspace.answer("AC-7").status == "implemented"
    assert workspace.answer("AC-7").narrative == "Lockout after 3 tries.\nUnlock: 15 min."
    assert workspace.answer("AC-7").last_reviewed == dt.date(2026, 3, 2)
    assert workspace.answer("AC-2", "tax-db").owner == "Database Team"
    new = workspace.evidence[-1]
    assert (new.id, new.control, new.kind, new.effective, new.collected_on) == (
        "EV-003", "AC-7", "configuration", dt.date(2026, 10, 1), TODAY)
    assert new.sha256 == workspace.evidence[0].sha256  # same file as EV-001
    text = (root / "implementation" / "ac.yaml").read_text()
    assert text.startswith("# Hand-written comment that must survive updates.")
    assert "status: planned  # next quarter" in text
    journal = read_journal(workspace.root)
    assert journal[0]["by"] == "Pat Kim" and journal[0]["when"] == "2026-11-22T09:30:00"
    assert journal[0]["sha256"] == __import__("hashlib").sha256((tmp_path / "back.xlsx").read_bytes()).hexdigest()
    assert "AC-2 (tax-db): changed Owner from 'DBA Team' to 'Database Team'" in journal[0]["changes"]


def test_clearing_a_cell_removes_the_field_and_deleting_a_row_removes_the_item(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    path = export(root, tmp_path / "wb.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Controls"]
    sheet.cell(row_of(sheet, "AC-1"), header_columns(sheet)["Owner"]).value = None
    workbook["Evidence"].delete_rows(3)  # EV-002
    workbook.save(tmp_path / "back.xlsx")
    plan = plan_import(load(root), tmp_path / "back.xlsx", today=TODAY)
    assert [str(c) for c in plan.changes] == [
        "AC-1 (agency-wide): removed Owner",
        "EV-002: removed evidence 'Account procedure' (its file stays)",
    ]
    apply_import(load(root), plan, None, NOW)
    workspace = load(root)
    assert workspace.answer("AC-1").owner is None
    assert [e.id for e in workspace.evidence] == ["EV-001"]
    assert (root / "evidence/files/procedure.txt").exists()


def test_conflict_when_both_sides_changed_leaves_the_row(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    path = export(root, tmp_path / "wb.xlsx")
    # meanwhile, someone edits AC-1 and AC-2 in the workspace
    pending = PendingWrites(load(root))
    pending.set_answer("AC-1", "", {"owner": "Deputy CISO"})
    pending.set_answer("AC-2", "", {"notes": "workspace note"})
    pending.commit()
    sheet_rows = openpyxl.load_workbook(path)["Controls"]
    edit(path, tmp_path / "back.xlsx", "Controls", {
        (row_of(sheet_rows, "AC-1"), "Owner"): "Security Office",   # both changed: conflict
        (row_of(sheet_rows, "AC-7"), "Status"): "planned",          # only the workbook: taken
    })
    before = (root / "implementation/ac.yaml").read_text()
    plan = plan_import(load(root), tmp_path / "back.xlsx", today=TODAY)
    assert [str(c) for c in plan.changes] == ["AC-7 (agency-wide): added Status 'planned'"]
    assert [str(c) for c in plan.conflicts] == [
        f"Controls!A{row_of(sheet_rows, 'AC-1')}: AC-1 (agency-wide) changed in the workspace after the export "
        "and in the workbook; the workspace's version was kept. Compare the two, make the edit in the workspace "
        "(or export again and redo it)."]
    apply_import(load(root), plan, None, NOW)
    workspace = load(root)
    assert workspace.answer("AC-1").owner == "Deputy CISO"
    assert workspace.answer("AC-2").notes == "workspace note"  # untouched in the workbook: kept
    assert workspace.answer("AC-7").status == "planned"
    assert before != (root / "implementation/ac.yaml").read_text()
    assert read_journal(workspace.root)[0]["conflicts"][0].startswith("Controls!A2: AC-1 (agency-wide) changed")


def test_new_record_goes_to_the_family_file_or_the_catalog_file(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    (root / "implementation" / "ac.yaml").rename(root / "implementation" / "access.yaml")
    pending = PendingWrites(load(root))
    pending.set_answer("AC-7", "", {"status": "planned"})
    pending.set_answer("MOU-9.A.5", "tax-db", {"status": "implemented"})
    pending.set_answer("AC-1", "", {"notes": "kept in its own file"})
    written = sorted(p.relative_to(root).as_posix() for p in pending.commit())
    assert written == ["implementation/ac.yaml", "implementation/access.yaml", "implementation/mou.yaml"]
    assert yaml.safe_load((root / "implementation/mou.yaml").read_text()) == {
        "MOU-9.A.5": {"systems": {"tax-db": {"status": "implemented"}}}}
    assert load(root).answer("AC-1").notes == "kept in its own file"


def test_the_same_workbook_imported_twice_is_one_change(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    path = write_evidence_workbook(load(root), tmp_path / "wb.xlsx", today=TODAY)
    book = openpyxl.load_workbook(path)
    sheet = book["Evidence"]
    cols = header_columns(sheet)
    row = sheet.max_row + 1
    for name, value in {"Control ID": "AC-2", "Title": "Quarterly access review",
                        "Location": "evidence/files/policy.txt"}.items():
        sheet.cell(row, cols[name], value)
    book.save(path)

    first = import_workbook(load(root), path, by="Pat")
    assert [str(c) for c in first.plan.changes] == [
        "EV-003: added evidence 'Quarterly access review' (evidence/files/policy.txt)"]
    second = import_workbook(load(root), path, by="Pat")
    assert second.plan.changes == [] and second.written == []
    items = [e for e in load(root).evidence if e.title == "Quarterly access review"]
    assert [e.id for e in items] == ["EV-003"]
    assert len(read_journal(root)) == 1
