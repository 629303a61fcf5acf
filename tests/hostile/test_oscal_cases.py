"""The OSCAL cases of cases/oscal.yaml, run here until the shared runner (test_hostile.py) is in
the tree; with it present, it runs them and this test steps aside."""

from __future__ import annotations

import importlib
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ssrgen.cli import cli
from ssrgen.paths import example_workspace

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "cases" / "oscal.yaml").read_text(encoding="utf-8"))
LOCK_FILES = {".ssrgen/lock", ".ssrgen/.gitignore"}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).as_posix() not in LOCK_FILES}


def _memory_limit(megabytes: int) -> Any:
    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return limit


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_oscal_hostile_input(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if (HERE / "test_hostile.py").exists():
        pytest.skip("tests/hostile/test_hostile.py runs every case file")
    ws = tmp_path / "ws"
    shutil.copytree(example_workspace(), ws, ignore=shutil.ignore_patterns("out", "site"))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    if case.get("build"):
        builders = importlib.import_module("tests.hostile.builders_oscal")
        getattr(builders, case["build"])(ws, tmp, **(case.get("with") or {}))
    before = _snapshot(ws)
    monkeypatch.chdir(tmp)
    monkeypatch.delenv("SSRGEN_WORKSPACE", raising=False)
    args = [str(a).replace("{ws}", str(ws)).replace("{tmp}", str(tmp)) for a in case["run"]]
    limits = case.get("limits") or {}
    if limits:
        # in a process of its own, bounded in time and address space
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "ssrgen", *args], cwd=tmp, capture_output=True, text=True,
                              timeout=limits["seconds"] + 30, env={**os.environ, "SSRGEN_WORKSPACE": ""},
                              preexec_fn=_memory_limit(limits["memory_mb"]))
        assert time.monotonic() - started < limits["seconds"]
        code, output = done.returncode, done.stdout + done.stderr
    else:
        result = CliRunner().invoke(cli, args, catch_exceptions=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        code, output = result.exit_code, result.output
    assert code == case.get("exit", 1), output
    for message in case["message"] if isinstance(case["message"], list) else [case["message"]]:
        assert message in output, f"expected: {message}\ngot: {output}"
    assert "Traceback" not in output
    for hidden in case.get("never_shown") or []:
        assert hidden not in output
    assert _snapshot(ws) == before, "the workspace changed"
    assert not (ws / "out").exists() and not (tmp / "out").exists()
    assert not list(tmp_path.rglob(".ssrgen-stage-*"))
