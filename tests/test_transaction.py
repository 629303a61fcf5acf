"""Nothing lost: one writer at a time, a change all or nothing (after a kill -9 at any
write, or a full disk), modes kept, leftovers cleaned, the reader told what happened."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ssrgen.catalog import load_catalogs
from ssrgen.errors import WorkspaceError
from ssrgen.imports.journal import read_journal
from ssrgen.transaction import STATE, Change, generation, locked
from ssrgen.workbook.export import write_evidence_workbook
from ssrgen.workspace import open_workspace

LOCK_FILES = {".ssrgen/lock", ".ssrgen/.gitignore", ".ssrgen/generation"}


def files(root: Path) -> dict[str, bytes]:
    """The workspace's records (not its lock and bookkeeping)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(STATE)}


def exported(example: Path, target: Path, *, narrative: str | None = None, training: str | None = None,
             new_evidence: tuple[str, str] | None = None) -> Path:
    """The example's evidence workbook with changes typed in, as a control owner sends it back."""
    path = write_evidence_workbook(open_workspace(example, load_catalogs()), target)
    book = openpyxl.load_workbook(path)

    def column(sheet: str, header: str) -> int:
        return next(c.column for c in book[sheet][1] if c.value == header)

    if narrative is not None:
        controls = book["Controls"]
        row = next(r for r in range(2, controls.max_row + 1) if controls.cell(r, 1).value == "AC-7")
        controls.cell(row, column("Controls", "Implementation narrative"), narrative)
    if training is not None:
        book["Training"].cell(2, column("Training", "Last annual training"), training)
    if new_evidence is not None:
        sheet = book["Evidence"]
        row = next(r for r in range(2, sheet.max_row + 2) if not sheet.cell(r, column("Evidence", "Control ID")).value)
        sheet.cell(row, column("Evidence", "Control ID"), "AC-7")
        sheet.cell(row, column("Evidence", "Title"), new_evidence[0])
        sheet.cell(row, column("Evidence", "Location"), new_evidence[1])
    book.save(path)
    return path


CHILD = textwrap.dedent("""
    import os, signal, sys, time
    # what the test asks of this run: kill -9 at the n-th call of a function, or wait in the plan
    kill_at, name, pause = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    calls = [0]
    target = {"replace": os, "fsync": os}[name] if name in ("replace", "fsync") else None
    if target is not None:
        real = getattr(target, name)
        def counted(*args, **kwargs):
            calls[0] += 1
            if calls[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        setattr(target, name, counted)
    if pause:
        import ssrgen.workbook.importer as importer
        plan = importer.plan_import
        def slow(*args, **kwargs):
            time.sleep(pause)
            return plan(*args, **kwargs)
        importer.plan_import = slow
    from ssrgen.cli import main
    sys.argv = ["ssrgen", *sys.argv[4:]]
    main()
""")


def child(tmp_path: Path, *args: str, kill_at: int = 0, name: str = "", pause: float = 0.0,
          wait: str = "10") -> subprocess.Popen[str]:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "SSRGEN_LOCK_WAIT": wait, "SSRGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SSRGEN_WORKSPACE", None)
    return subprocess.Popen([sys.executable, str(script), str(kill_at), name or "-", str(pause), *args],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


# ------------------------------------------------------------------ one writer at a time

def test_two_imports_at_once_both_land_each_with_its_journal_entry(example: Path, tmp_path: Path) -> None:
    first = exported(example, tmp_path / "a.xlsx", new_evidence=("Lockout export", "evidence/files/lockout-GPO-export-2026-11.txt"))
    second = exported(example, tmp_path / "b.xlsx", narrative="Three attempts in 120 minutes lock the account.")
    slow = child(tmp_path, "evidence", "import", str(first), "-w", str(example), "--by", "A", pause=2.0)
    time.sleep(1.0)  # the first holds the lock and is planning
    fast = child(tmp_path, "evidence", "import", str(second), "-w", str(example), "--by", "B")
    out_fast, _ = fast.communicate(timeout=60)
    out_slow, _ = slow.communicate(timeout=60)
    assert slow.returncode == 0, out_slow
    assert fast.returncode == 0, out_fast
    assert "Note: Another ssrgen command is changing this workspace (pid " in out_fast
    assert "'ssrgen evidence import', since " in out_fast and "waiting up to 10 s for it" in out_fast
    workspace = open_workspace(example, load_catalogs())
    assert workspace.answer("AC-7") is not None
    assert workspace.answer("AC-7").narrative == "Three attempts in 120 minutes lock the account."
    assert [e.title for e in workspace.evidence].count("Lockout export") == 1
    assert sorted(entry["by"] for entry in read_journal(example)) == ["A", "B"]


def test_a_second_writer_that_waits_too_long_stops_with_nothing_done(example: Path, tmp_path: Path) -> None:
    first = exported(example, tmp_path / "a.xlsx", narrative="Three attempts in 120 minutes lock the account.")
    slow = child(tmp_path, "evidence", "import", str(first), "-w", str(example), pause=4.0)
    time.sleep(1.0)
    before = files(example)
    late = child(tmp_path, "evidence", "add", "AC-7", str(example / "evidence/files/lockout-GPO-export-2026-11.txt"),
                 "-w", str(example), wait="0.5")
    out_late, _ = late.communicate(timeout=60)
    assert late.returncode == 1
    assert "Error: another ssrgen command is still changing this workspace (pid " in out_late
    assert "Nothing was done. Run the command again when it has finished." in out_late
    assert files(example) == before  # the add did nothing while the import ran
    assert slow.communicate(timeout=60)[0] and slow.returncode == 0


def test_a_lock_left_by_a_dead_process_is_taken_over_and_said_so(
        run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    state = example / STATE
    state.mkdir()
    (state / "holder.json").write_text(json.dumps({"pid": dead.pid, "host": os.uname().nodename,
                                                   "command": "ssrgen evidence import", "since": "2026-11-30 10:32:01"}))
    result = run("evidence", "add", "AC-7", str(example / "evidence/files/lockout-GPO-export-2026-11.txt"),
                 "-w", str(example))
    assert result.exit_code == 0, result.output
    assert (f"Note: The previous ssrgen command on this workspace (pid {dead.pid} on {os.uname().nodename}, "
            "'ssrgen evidence import', since 2026-11-30 10:32:01) ended without releasing it; its lock was taken "
            "over.") in result.output
    assert not (state / "holder.json").exists()


# ------------------------------------------------------------------ all or nothing

def _clean_run(example: Path, tmp_path: Path, workbook: Path) -> tuple[dict[str, bytes], int]:
    """The workspace after the import ran to its end, and how many renames that took."""
    copy = tmp_path / "clean"
    shutil.copytree(example, copy)
    done = child(tmp_path, "evidence", "import", str(workbook), "-w", str(copy), "--by", "Pat")
    assert done.communicate(timeout=60)[0] and done.returncode == 0
    return files(copy), 0


@pytest.mark.parametrize("name", ["fsync", "replace"])
def test_a_kill_at_any_write_leaves_the_old_workspace_or_the_new_one(
        example: Path, tmp_path: Path, name: str) -> None:
    workbook = exported(example, tmp_path / "back.xlsx", narrative="Three attempts in 120 minutes lock the account.",
                        training="2026-10-01")
    after, _ = _clean_run(example, tmp_path, workbook)
    before = files(example)
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == ["implementation/ac.yaml", "journal/imports.yaml", "registers/training.yaml"]
    outcomes = set()
    for kill_at in range(1, 14):
        trial = tmp_path / f"{name}-{kill_at}"
        shutil.copytree(example, trial)
        killed = child(tmp_path, "evidence", "import", str(workbook), "-w", str(trial), "--by", "Pat",
                       kill_at=kill_at, name=name)
        killed.communicate(timeout=60)
        if killed.returncode == 0:  # the import made fewer such calls: it ran to its end
            assert _same_but_journal(files(trial), after)
            outcomes.add("finished")
            break
        assert killed.returncode == -9
        pre = {k: v for k, v in files(trial).items() if not k.endswith(".tmp")}
        leftovers = [k for k in files(trial) if k.endswith(".tmp")]
        # the next command finishes what was under way, or clears it, and says which
        check = child(tmp_path, "validate", "-w", str(trial))
        said, _ = check.communicate(timeout=60)
        settled = files(trial)
        assert not [k for k in settled if k.endswith(".tmp")], said
        if _same_but_journal(settled, after):
            outcomes.add("new")
            if not _same_but_journal(pre, after):
                assert "it was completed" in said, said
        else:
            assert settled == before, (kill_at, said)
            outcomes.add("old")
            if leftovers:
                assert "the workspace is as it was before that change" in said, said
    assert {"old", "new"} <= outcomes or {"old", "finished"} <= outcomes, outcomes


def _same_but_journal(a: dict[str, bytes], b: dict[str, bytes]) -> bool:
    """The same records; the journal entries differ only in their time."""
    if a.keys() != b.keys():
        return False
    for key in a:
        if key == "journal/imports.yaml":
            strip = [line for line in a[key].decode().splitlines() if not line.lstrip("- ").startswith("when:")]
            other = [line for line in b[key].decode().splitlines() if not line.lstrip("- ").startswith("when:")]
            if strip != other:
                return False
        elif a[key] != b[key]:
            return False
    return True


def test_an_interrupted_change_is_completed_by_the_next_reader(
        run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    target = example / "registers" / "training.yaml"
    with locked(example):
        change = Change(example, "ssrgen evidence import")
        change.write(target, target.read_text(encoding="utf-8") + "# changed\n")
        # the intent recorded, the renames never done: as after a kill between the two
        (example / STATE / "intent.json").write_text(json.dumps({
            "id": change.id, "command": "ssrgen evidence import", "started": "2026-11-30T10:00:00",
            "files": [["registers/training.yaml", f"registers/.training.yaml.ssrgen-{change.id}.tmp"]]}))
    result = run("status", "-w", str(example))
    assert result.exit_code == 0, result.output
    assert ("Note: A change to this workspace was interrupted while it was being written ('ssrgen evidence "
            "import', started 2026-11-30T10:00:00); it was completed (1 file(s): registers/training.yaml).") in result.output
    assert target.read_text(encoding="utf-8").endswith("# changed\n")
    assert not (example / STATE / "intent.json").exists()
    assert generation(example) == 1


def test_leftover_temporary_files_are_cleaned_and_said_so(
        run: Callable[..., Result], example: Path) -> None:
    leftover = example / "registers" / ".training.yaml.ab12cd34.tmp"  # as an earlier version left them
    leftover.write_bytes(b"x" * 2_000_000)
    before = files(example)
    result = run("validate", "-w", str(example))
    assert "Note: Removed 1 temporary file(s) left by a change that was interrupted before it was written; the " \
           "workspace is as it was before that change." in result.output
    assert not leftover.exists()
    assert files(example) == {k: v for k, v in before.items() if k != "registers/.training.yaml.ab12cd34.tmp"}


def test_file_modes_are_kept_on_rewrite(run: Callable[..., Result], example: Path) -> None:
    register = example / "evidence" / "register.yaml"
    register.chmod(0o644)
    result = run("evidence", "add", "AC-7", str(example / "evidence/files/lockout-GPO-export-2026-11.txt"),
                 "-w", str(example))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(register.stat().st_mode) == 0o644
    register.chmod(0o664)
    shutil.copy(example / "evidence/files/lockout-gpo-export.txt", example / "evidence/files/again.txt")
    assert run("evidence", "add", "AC-7", str(example / "evidence/files/again.txt"), "-w", str(example)).exit_code == 0
    assert stat.S_IMODE(register.stat().st_mode) == 0o664


def test_no_yaml_anchor_is_ever_written(run: Callable[..., Result], example: Path) -> None:
    result = run("evidence", "add", "AC-7", str(example / "evidence/files/lockout-GPO-export-2026-11.txt"),
                 "-w", str(example))
    assert result.exit_code == 0, result.output
    text = (example / "evidence" / "register.yaml").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    added = text[text.rindex("- id:"):]
    assert added.count("2026-") >= 2 or ("collected_on:" in added and "effective:" in added)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here ({done.stderr.decode().strip() or 'not permitted'})")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_names_the_file_and_changes_nothing(
        run: Callable[..., Result], example: Path, tiny_disk: Path) -> None:
    workspace = tiny_disk / "ws"
    shutil.copytree(example, workspace, ignore=shutil.ignore_patterns("files", "samples", "attachments"))
    (workspace / "evidence" / "files").mkdir()
    shutil.copy(example / "evidence/files/lockout-gpo-export.txt", workspace / "evidence/files/new.txt")
    # the lock's folder made beforehand: the disk fills up at the change itself
    (workspace / STATE).mkdir()
    (workspace / STATE / ".gitignore").write_text("*\n")
    (workspace / STATE / "lock").write_text("")
    filler = workspace.parent / "filler"
    free = shutil.disk_usage(tiny_disk).free
    filler.write_bytes(b"\0" * max(free - 4096, 0))
    before = files(workspace)
    result = run("evidence", "add", "AC-7", str(workspace / "evidence/files/new.txt"), "-w", str(workspace))
    assert result.exit_code == 1, result.output
    assert "Error: there is no space left on the disk to write evidence/register.yaml" in result.output
    assert "Nothing was changed. Free some space on that disk, then run the command again." in result.output
    assert files(workspace) == before
    assert not [p for p in workspace.rglob("*.tmp")]


@pytest.mark.parametrize(("listed", "problem"), [
    ([["../victim.txt", "attachments/payload.txt"]], "'../victim.txt' is not a path inside the workspace"),
    ([["attachments/payload.txt", "../victim.txt"]], "'../victim.txt' is not a path inside the workspace"),
    ([["registers/training.yaml", "attachments/payload.txt"]],
     "'attachments/payload.txt' is not the file a change stages for 'registers/training.yaml' "
     "('registers/.training.yaml.ssrgen-x.tmp')"),
])
def test_an_intent_record_naming_files_elsewhere_moves_nothing(
        run: Callable[..., Result], example: Path, tmp_path: Path, listed: list[list[str]], problem: str) -> None:
    victim = example.parent / "victim.txt"
    victim.write_text("the agency's own file\n")
    (example / "attachments").mkdir(exist_ok=True)
    (example / "attachments" / "payload.txt").write_text("payload\n")
    (example / STATE).mkdir(exist_ok=True)
    (example / STATE / "intent.json").write_text(json.dumps(
        {"id": "x", "command": "c", "started": "s", "files": listed}))
    before = files(example)
    result = run("validate", "-w", str(example))
    assert result.exit_code == 1, result.output
    assert f"names a file ssrgen does not move: {problem}" in result.output
    assert "Nothing was moved. If no ssrgen command was interrupted on this workspace, remove .ssrgen/intent.json" \
        in result.output
    assert victim.read_text() == "the agency's own file\n"
    assert files(example) == before
    assert (example / STATE / "intent.json").exists()


@pytest.mark.parametrize("record", ["{not json", "[]", '{"id": "x", "files": [["a"]]}', '{"id": 1, "files": []}'])
def test_a_damaged_intent_record_is_refused_clearly(run: Callable[..., Result], example: Path, record: str) -> None:
    (example / STATE).mkdir(exist_ok=True)
    (example / STATE / "intent.json").write_text(record)
    result = run("status", "-w", str(example))
    assert result.exit_code == 1, result.output
    assert "Error: the record of an interrupted change (.ssrgen/intent.json)" in result.output
    assert "stopped unexpectedly" not in result.output


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_at_the_lock_names_the_file_and_leaves_nothing(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (example / STATE).mkdir(exist_ok=True)
    (example / STATE / ".gitignore").write_text("*\n")
    monkeypatch.setattr("ssrgen.transaction.json.dump", _full)
    with pytest.raises(WorkspaceError) as caught, locked(example):
        pass
    assert str(caught.value).startswith("there is no space left on the disk to write .ssrgen/holder.json, in ")
    assert sorted(p.name for p in (example / STATE).iterdir()) == [".gitignore", "lock"]


def test_a_full_disk_at_the_lock_folder_names_the_file(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Path, "write_text", _full)
    with pytest.raises(WorkspaceError) as caught, locked(example):
        pass
    assert str(caught.value).startswith("there is no space left on the disk to write .ssrgen/.gitignore, in ")


def test_temporary_files_of_the_bookkeeping_are_cleaned(run: Callable[..., Result], example: Path) -> None:
    (example / STATE).mkdir(exist_ok=True)
    (example / STATE / ".holder.json.4242.tmp").write_text("{")
    assert run("evidence", "add", "AC-7", str(example / "evidence/files/lockout-GPO-export-2026-11.txt"),
               "-w", str(example)).exit_code == 0
    assert not (example / STATE / ".holder.json.4242.tmp").exists()


def test_only_ssrgen_s_own_temporary_files_are_cleaned(run: Callable[..., Result], example: Path) -> None:
    mine = [example / "implementation" / ".mynotes.tmp", example / "implementation" / ".draft.yaml.abcd1234.tmp"]
    for path in mine:
        path.write_text("my own notes\n")
    ours = [example / "registers" / ".training.yaml.ab12cd34.tmp",
            example / "implementation" / ".ac.yaml.ssrgen-0a1b2c3d4e5f.tmp"]
    for path in ours:
        path.write_text("x")
    result = run("validate", "-w", str(example))
    assert "Note: Removed 2 temporary file(s)" in result.output
    assert [p.exists() for p in mine] == [True, True]
    assert [p.exists() for p in ours] == [False, False]
