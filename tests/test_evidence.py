"""Registering evidence files, verifying them, and the commands around them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ssrgen.errors import InputError
from ssrgen.evidence import add_evidence, verify_evidence
from tests.workbook.helpers import TODAY, copy_mini, load, snapshot


def test_add_hashes_numbers_and_appends_keeping_comments(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    (root / "evidence/files/lockout-gpo_2026.txt").write_text("lockout after 3\n")
    (root / "evidence/files/lockout-screen.png").write_bytes(b"\x89PNG fake")
    items = add_evidence(load(root), "ac-7", [root / "evidence/files/lockout-gpo_2026.txt",
                                              root / "evidence/files/lockout-screen.png"],
                         kind="configuration", effective=dt.date(2026, 10, 1), by="Ops", today=TODAY)
    assert [(i.id, i.control, i.title, i.location) for i in items] == [
        ("EV-003", "AC-7", "Lockout gpo 2026", "evidence/files/lockout-gpo_2026.txt"),
        ("EV-004", "AC-7", "Lockout screen", "evidence/files/lockout-screen.png"),
    ]
    assert items[0].sha256 == hashlib.sha256(b"lockout after 3\n").hexdigest()
    text = (root / "evidence/register.yaml").read_text()
    assert text.startswith("# Evidence register (fixture).\n- id: EV-001\n")
    assert "- id: EV-004\n  control: AC-7\n  title: Lockout screen\n  kind: configuration\n" in text
    reloaded = load(root)
    assert [e.id for e in reloaded.evidence] == ["EV-001", "EV-002", "EV-003", "EV-004"]
    assert reloaded.evidence[2].effective == dt.date(2026, 10, 1)
    assert reloaded.evidence[2].collected_on == TODAY


def test_new_items_go_to_the_file_already_holding_the_control(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    (root / "evidence/ac2.yaml").write_text(
        "# AC-2 evidence kept apart\n- id: EV-010\n  control: AC-2\n  title: Old\n  location: evidence/files/policy.txt\n")
    (root / "evidence/files/procedure-2026.txt").write_text("new version\n")
    items = add_evidence(load(root), "AC-2", [root / "evidence/files/procedure-2026.txt"], title="Procedure 2026",
                         today=TODAY)
    assert items[0].id == "EV-011"
    assert "- id: EV-011" in (root / "evidence/ac2.yaml").read_text()
    assert "EV-011" not in (root / "evidence/register.yaml").read_text()


def test_add_refuses_files_outside_the_workspace(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    outside = tmp_path / "report.pdf"
    outside.write_bytes(b"%PDF")
    before = snapshot(root)
    with pytest.raises(InputError) as caught:
        add_evidence(load(root), "AC-2", [outside], today=TODAY)
    assert caught.value.message == (
        f"the file is outside the workspace, in {outside}. Copy it into evidence/files/ of the workspace "
        f"({root.resolve() / 'evidence/files/'}) and give that path.")
    assert snapshot(root) == before


def test_add_refuses_unknown_control_system_and_duplicates(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    file = root / "evidence/files/policy.txt"
    with pytest.raises(InputError, match="no catalog entry has the id 'ZZ-1'"):
        add_evidence(load(root), "ZZ-1", [file])
    with pytest.raises(InputError, match="unknown system 'mainframe'"):
        add_evidence(load(root), "AC-1", [file], system="mainframe")
    with pytest.raises(InputError) as caught:
        add_evidence(load(root), "AC-1", [file])
    assert caught.value.what == "evidence/files/policy.txt is already registered for AC-1 as EV-001"


def test_verify_reports_missing_and_changed_files_with_their_line(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    assert verify_evidence(load(root)) == []
    (root / "evidence/files/policy.txt").write_text("edited\n")
    (root / "evidence/files/procedure.txt").unlink()
    actual = hashlib.sha256(b"edited\n").hexdigest()
    assert [str(p) for p in verify_evidence(load(root))] == [
        "evidence/register.yaml:2: the file of EV-001 (AC-1) changed since it was registered: "
        f"evidence/files/policy.txt. Restore the registered version, or if the change is intended set "
        f"'sha256: {actual}'.",
        "evidence/register.yaml:11: the file of EV-002 (AC-2) is missing: evidence/files/procedure.txt. "
        "Restore the file, or correct 'location'.",
    ]


def test_cli_add_verify_list(run: Callable[..., Result], example: Path) -> None:
    (example / "evidence/files/destruction-log-template.txt").write_text("Date | Media | Method | Witness\n")
    result = run("evidence", "add", "MP-6", str(example / "evidence/files/destruction-log-template.txt"),
                 "-w", str(example), "--kind", "procedure", "--artifact", "2", "--title", "Destruction log template",
                 "--effective", "2026-10-01", "--by", "Facilities")
    assert result.exit_code == 0, result.output
    assert result.output == ("Added EV-014 to MP-6: Destruction log template "
                             "(evidence/files/destruction-log-template.txt)\n")
    result = run("evidence", "list", "--control", "mp-6", "-w", str(example), "--format", "json")
    rows = json.loads(result.output)
    assert [(r["id"], r.get("artifact")) for r in rows] == [("EV-010", 1), ("EV-014", 2)]
    assert run("evidence", "verify", "-w", str(example)).exit_code == 0
    (example / "evidence/files/destruction-log-template.txt").write_text("changed")
    result = run("evidence", "verify", "-w", str(example))
    assert result.exit_code == 1
    assert "Error: evidence/register.yaml:" in result.output
    assert "the file of EV-014 (MP-6) changed since it was registered" in result.output
    assert "Error: 1 evidence file(s) missing or changed." in result.output


def test_cli_add_takes_the_date_as_irs_writes_it(run: Callable[..., Result], example: Path) -> None:
    # MM/DD/YYYY, as 'cap import --closing-conference' takes it: March 4
    (example / "evidence/files/note.txt").write_text("note\n")
    result = run("evidence", "add", "AC-2", str(example / "evidence/files/note.txt"), "-w", str(example),
                 "--effective", "03/04/2026")
    assert result.exit_code == 0, result.output
    rows = json.loads(run("evidence", "list", "--control", "AC-2", "-w", str(example), "--format", "json").output)
    assert [r["effective"] for r in rows if r["location"] == "evidence/files/note.txt"] == ["2026-03-04"]


def test_cli_add_bad_date_is_a_usage_error(run: Callable[..., Result], example: Path) -> None:
    result = run("evidence", "add", "AC-2", "x.txt", "-w", str(example), "--effective", "04.03.2026")
    assert result.exit_code == 2
    assert ("'04.03.2026' is not a date; write it as YYYY-MM-DD or MM/DD/YYYY, e.g. 2026-08-14 or "
            "08/14/2026") in " ".join(result.output.split())


def test_cli_add_never_uses_the_bundled_example(run: Callable[..., Result]) -> None:
    result = run("evidence", "add", "AC-2", "x.txt")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no workspace found")


def test_export_of_the_bundled_example_writes_to_out(run: Callable[..., Result]) -> None:
    result = run("evidence", "export", "--family", "IR")
    assert result.exit_code == 0, result.output
    assert "Wrote out/evidence-workbook.xlsx" in result.output
    assert Path("out/evidence-workbook.xlsx").is_file()


def test_build_warns_of_changed_evidence_files_with_the_count(
        run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    (example / "evidence/files/lockout-gpo-export.txt").write_text("edited after it was registered\n")
    result = run("build", "-w", str(example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "evidence/: 1 evidence file(s) changed since they were registered (" in result.output
    assert "'ssrgen evidence verify' lists each with its file and line." in result.output
