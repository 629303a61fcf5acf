"""Every hostile input ssrgen has been shown, kept as a case with the message it must produce.

A case (``cases/<area>.yaml``) names a builder (``builders_<area>.py``) that plants the
input in a fresh copy of the bundled example workspace (``{ws}``) or a scratch folder
(``{tmp}``), the command to run, and the message it must print. For every case:

* the command exits 1 (or the ``exit`` the case gives: a bounded input may be read
  and reported instead of refused) and prints the message;
* no traceback is shown;
* nothing is written: every file of the workspace is as it was (but for the lock
  its writing commands take), and nothing appears in ``{ws}/out`` or ``{tmp}/out``;
* nothing runs: no ``{tmp}/CANARY`` file appears (every template payload tries to
  make one);
* a case with ``limits`` runs in a process of its own and must end within its
  ``seconds`` and, where given, under ``memory_mb`` of address space.
"""

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
LOCK_FILES = {".ssrgen/lock", ".ssrgen/.gitignore"}


def _cases() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted((HERE / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            found.append((path.stem, case))
    return found


CASES = _cases()


def _snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.relative_to(root).as_posix() not in LOCK_FILES}


def _listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) if root.exists() else []


def _filled(value: str, ws: Path, tmp: Path) -> str:
    return value.replace("{ws}", str(ws)).replace("{tmp}", str(tmp)).replace("{python}", sys.executable)


def _memory_limit(megabytes: int) -> Any:
    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return limit


@pytest.mark.parametrize(("area", "case"), CASES, ids=[f"{area}:{case['id']}" for area, case in CASES])
def test_hostile_input_is_refused_with_its_message(area: str, case: dict[str, Any], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(example_workspace(), ws, ignore=shutil.ignore_patterns("out", "site", ".ssrgen"))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {"SSRGEN_CACHE_DIR": str(tmp_path / "cache"), "SSRGEN_LOCK_WAIT": "1"}
    env.update({k: _filled(str(v), ws, tmp) for k, v in (case.get("env") or {}).items()})
    if case.get("build"):
        builders = importlib.import_module(f"tests.hostile.builders_{area}")
        getattr(builders, case["build"])(ws, tmp, **(case.get("with") or {}))
    before = _snapshot(ws)
    outputs = {name: _listing(folder) for name, folder in (("ws/out", ws / "out"), ("tmp/out", tmp / "out"))}
    args = [_filled(str(a), ws, tmp) for a in case["run"]]
    limits = case.get("limits") or {}
    if limits:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "ssrgen", *args], cwd=tmp, capture_output=True, text=True,
            input=case.get("input"), timeout=limits["seconds"] + 30,
            env={**os.environ, **env, "SSRGEN_WORKSPACE": ""},
            preexec_fn=_memory_limit(limits["memory_mb"]) if limits.get("memory_mb") else None,
        )
        elapsed = time.monotonic() - started
        code, output = done.returncode, done.stdout + done.stderr
        assert elapsed < limits["seconds"], f"took {elapsed:.1f} s (limit {limits['seconds']} s)\n{output}"
    else:
        monkeypatch.chdir(tmp)
        monkeypatch.delenv("SSRGEN_WORKSPACE", raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        result = CliRunner().invoke(cli, args, input=case.get("input"), catch_exceptions=True)
        code, output = result.exit_code, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{type(result.exception).__name__}: {result.exception}\n{output}")
    assert code == case.get("exit", 1), output
    messages = case["message"] if isinstance(case["message"], list) else [case["message"]]
    for message in messages:
        assert message in output, f"expected: {message}\ngot: {output}"
    assert "Traceback" not in output, output
    for hidden in case.get("never_shown") or []:
        assert _filled(hidden, ws, tmp) not in output
    assert _snapshot(ws) == before, "the workspace changed"
    for name, folder in (("ws/out", ws / "out"), ("tmp/out", tmp / "out")):
        assert _listing(folder) == outputs[name], f"something was written to {name}"
    assert not (tmp / "CANARY").exists(), "a template ran code"
    assert not list(tmp_path.rglob(".ssrgen-stage-*")), "a staging folder was left behind"
