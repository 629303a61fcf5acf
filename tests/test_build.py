"""``ssrgen build``: the site in a process of its own gives what the in-line build gives,
and a failure on either side is reported as in line, with nothing left half-done."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ssrgen import build as build_mod
from ssrgen.build import BuildStep, build
from ssrgen.errors import DeliverableError
from ssrgen.forking import can_fork
from ssrgen.workspace import Workspace, open_workspace

needs_fork = pytest.mark.skipif(not can_fork(), reason="a step runs apart only where the process can fork (Linux)")


@pytest.fixture
def workspace(example: Path, catalogs) -> Workspace:
    return open_workspace(example, catalogs)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@needs_fork
def test_the_site_built_apart_is_the_site_built_in_line(workspace: Workspace, tmp_path: Path) -> None:
    apart = build(workspace, tmp_path / "apart", parallel=True)
    inline = build(workspace, tmp_path / "inline", parallel=False)

    assert [name for name, _ in apart] == [s.name for s in build_mod.steps()]
    assert [(n, [p.name for p in ps]) for n, ps in apart] == [(n, [p.name for p in ps]) for n, ps in inline]
    site_apart, site_inline = _files(tmp_path / "apart" / "site"), _files(tmp_path / "inline" / "site")
    assert sorted(site_apart) == sorted(site_inline)
    assert site_apart == site_inline  # every page the same to the byte
    assert "ac-2" in site_apart["pub1075/ac-2.html"].decode().lower()
    # no temporary folder of the site step is left beside the deliverables (the manifest's lock stays)
    assert sorted(p.name for p in (tmp_path / "apart").iterdir() if p.name.startswith(".")) == [
        ".ssrgen-manifest.json.lock"]
    assert (tmp_path / "apart" / "checklist.csv").read_bytes() == (tmp_path / "inline" / "checklist.csv").read_bytes()


@needs_fork
def test_an_error_of_the_site_apart_is_reported_as_in_line(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "site").write_text("not a folder")

    with pytest.raises(DeliverableError) as apart:
        build(workspace, out, parallel=True)
    with pytest.raises(DeliverableError) as inline:
        build(workspace, out, parallel=False)

    assert apart.value.message == inline.value.message
    assert apart.value.message.startswith("the site folder is a file, in ")
    assert apart.value.fix == "Give a folder with -o, or remove the file."
    # a refused build writes nothing: the folder holds what it held, and no staging folder
    assert sorted(p.name for p in out.iterdir()) == ["site"]
    assert (out / "site").read_text() == "not a folder"


def _slow_step(workspace: Workspace, out_dir: Path) -> list[Path]:
    (out_dir / "started").write_text(str(os.getpid()))
    try:
        time.sleep(60)
    finally:
        (out_dir / "cleaned up").write_text("yes")
    return []


def _failing_step(workspace: Workspace, out_dir: Path) -> list[Path]:
    deadline = time.monotonic() + 30
    while not (out_dir / "started").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    raise DeliverableError("the CAP template is missing", where="templates/cap.docx", fix="Restore it.")


@needs_fork
def test_a_failure_in_line_interrupts_the_step_apart_which_cleans_up(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_mod, "steps", lambda: [
        BuildStep("site", _slow_step, alone=True),
        BuildStep("cap", _failing_step),
    ])
    started = time.monotonic()

    with pytest.raises(DeliverableError, match="the CAP template is missing"):
        build(workspace, tmp_path, parallel=True)

    assert time.monotonic() - started < 30  # the 60-second step was interrupted, not waited for
    assert (tmp_path / "cleaned up").read_text() == "yes"
    child = int((tmp_path / "started").read_text())
    assert child != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def _dying_step(workspace: Workspace, out_dir: Path) -> list[Path]:
    os._exit(3)


class _Unpicklable(Exception):
    def __reduce__(self):  # type: ignore[no-untyped-def]
        raise TypeError("cannot be pickled")


def _unpicklable_step(workspace: Workspace, out_dir: Path) -> list[Path]:
    raise _Unpicklable("the disk said no")


@needs_fork
def test_a_step_apart_that_dies_or_fails_oddly_is_still_an_error_with_a_fix(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_mod, "steps", lambda: [BuildStep("site", _dying_step, alone=True)])
    with pytest.raises(DeliverableError) as died:
        build(workspace, tmp_path, parallel=True)
    assert died.value.message.startswith("the site step stopped without finishing (exit code 3). Run the command")

    monkeypatch.setattr(build_mod, "steps", lambda: [BuildStep("site", _unpicklable_step, alone=True)])
    with pytest.raises(DeliverableError) as odd:
        build(workspace, tmp_path, parallel=True)
    assert odd.value.message.startswith("the site step failed (_Unpicklable: the disk said no). Run the command")


def test_in_line_runs_every_step_in_this_process(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids: list[int] = []

    def record(name: str) -> BuildStep:
        return BuildStep(name, lambda ws, out: pids.append(os.getpid()) or [out / name], alone=True)

    monkeypatch.setattr(build_mod, "steps", lambda: [record("a"), record("b")])
    assert build(workspace, tmp_path, parallel=False) == [("a", [tmp_path / "a"]), ("b", [tmp_path / "b"])]
    assert pids == [os.getpid(), os.getpid()]


def test_debug_builds_in_line_so_a_traceback_shows_the_step(
    run, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool | None] = []

    def fake_build(workspace: Workspace, out_dir: Path, parallel: bool | None = None) -> list:
        asked.append(parallel)
        return []

    monkeypatch.setattr(build_mod, "build", fake_build)
    assert run("build", "-w", str(example), "-o", str(tmp_path / "a")).exit_code == 0
    assert run("--debug", "build", "-w", str(example), "-o", str(tmp_path / "b")).exit_code == 0
    assert asked == [None, False]


def test_every_deliverable_is_named_as_the_user_gave_the_folder(run, example: Path) -> None:
    result = run("build", "-w", str(example), "-o", "out")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Wrote out/checklist.csv (checklist)" in lines
    assert "Wrote out/site (site)" in lines
    assert lines[-1].startswith("Built every deliverable for Federal Records Enforcement Office (fictional) in out")


def test_a_step_runs_in_line_when_no_process_can_be_started(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids: list[int] = []

    def no_fork(*args: object) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(build_mod, "_Forked", no_fork)
    monkeypatch.setattr(build_mod, "steps", lambda: [
        BuildStep("site", lambda ws, out: pids.append(os.getpid()) or [out / "site"], alone=True)])
    assert build(workspace, tmp_path, parallel=True) == [("site", [tmp_path / "site"])]
    assert pids == [os.getpid()]
