"""The one door deliverables go out through: the manifest of what was written, modes kept."""

from __future__ import annotations

import multiprocessing
import stat
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from ssrgen.catalog import load_catalogs
from ssrgen.output import read_manifest, write_file
from ssrgen.workspace import Workspace, open_workspace

_WORKSPACE: Workspace | None = None


def _deliver(number: int, start: Barrier) -> None:
    assert _WORKSPACE is not None
    start.wait()
    write_file(_WORKSPACE, _WORKSPACE.root / "out" / f"ev{number}.txt", f"export {number}\n", kind="evidence-export")


def test_deliverables_written_at_once_are_all_recorded(example: Path) -> None:
    global _WORKSPACE
    _WORKSPACE = open_workspace(example, load_catalogs())
    (example / "out").mkdir()
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        pytest.skip("no fork on this platform")
    start = context.Barrier(16)
    workers = [context.Process(target=_deliver, args=(n, start)) for n in range(16)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0] * 16
    assert sorted(read_manifest(example / "out")) == sorted(f"ev{n}.txt" for n in range(16))


def test_a_rewritten_deliverable_keeps_its_mode(example: Path) -> None:
    workspace = open_workspace(example, load_catalogs())
    target = example / "out" / "notes.txt"
    write_file(workspace, target, "first\n")
    target.chmod(0o664)
    write_file(workspace, target, "second\n")
    assert target.read_text() == "second\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
