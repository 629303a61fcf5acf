"""The hostile documents of cases/ssr.yaml, each refused with its message and nothing written.

(The checks of the shared hostile-case runner, for this area's cases: exit code 1, the message,
no traceback, the workspace as it was bar its lock, no out/ folder, no CANARY file.)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ssrgen.cli import cli
from ssrgen.paths import example_workspace
from tests.hostile import builders_ssr

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases" / "ssr.yaml").read_text("utf-8"))
LOCK = {".ssrgen/lock", ".ssrgen/.gitignore"}


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).as_posix() not in LOCK}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_document(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws, tmp = tmp_path / "ws", tmp_path / "tmp"
    shutil.copytree(example_workspace(), ws, ignore=shutil.ignore_patterns("out", "site"))
    tmp.mkdir()
    getattr(builders_ssr, case["build"])(ws, tmp)
    before = files(ws)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SSRGEN_WORKSPACE", raising=False)
    args = [str(a).replace("{ws}", str(ws)).replace("{tmp}", str(tmp)) for a in case["run"]]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert case["message"] in result.output, result.output
    assert "Traceback" not in result.output
    assert files(ws) == before
    assert not (ws / "out").exists() and not (tmp / "out").exists()
    assert not (tmp / "CANARY").exists()
