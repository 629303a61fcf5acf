"""The benchmark's workspace generator: valid, the sizes it promises, deterministic, no FTI shapes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ssrgen.fti_scan import find_identifiers
from ssrgen.workspace import open_workspace

GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def _generate(out: Path, scale: str = "0.01") -> str:
    done = subprocess.run([sys.executable, str(GENERATOR), str(out), "--scale", scale],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "tiny"
    _generate(out)
    return out


def test_the_generated_workspace_validates(tiny: Path, run: Callable[..., Result]) -> None:
    result = run("validate", "-w", str(tiny))
    assert result.exit_code == 0, result.output
    assert "OK: catalogs and workspace are valid" in result.output


def test_it_has_the_sizes_of_its_scale(tiny: Path) -> None:
    ws = open_workspace(tiny)
    # scale 0.01 of the reference: 12 systems -> 1, 25,000 evidence -> 250, 400 findings -> 4, 3,000 training -> 30
    assert ws.system_ids == ["sys-001"]
    assert len(ws.evidence) == 250
    assert len(ws.findings.findings) == 4
    assert len(ws.registers.training) == 30
    in_scope = [e.id for e in ws.in_scope()]
    assert len(in_scope) > 400
    assert set(ws.implementation) == set(in_scope)
    assert all(set(ws.implementation[i].systems) == {"sys-001"} for i in in_scope)
    assert any(f.history for f in ws.findings.findings)
    evidence_ids = {e.id for e in ws.evidence}
    for finding in ws.findings.findings:
        if finding.status in ("closed", "completed-pending-irs"):
            assert finding.completed_date and finding.closure_evidence
            assert set(finding.closure_evidence) <= evidence_ids


def test_evidence_files_are_real_and_hashed(tiny: Path) -> None:
    ws = open_workspace(tiny)
    for item in ws.evidence[:25]:
        data = (tiny / item.location).read_bytes()
        assert 1000 < len(data) < 20_000
        assert hashlib.sha256(data).hexdigest() == item.sha256
    assert len({e.sha256 for e in ws.evidence}) == len(ws.evidence)


def test_no_text_looks_like_a_taxpayer_identifier(tiny: Path) -> None:
    for path in tiny.rglob("*.yaml"):
        assert find_identifiers(path.read_text(encoding="utf-8")) == [], path


def test_the_same_seed_gives_the_same_workspace(tiny: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    _generate(again)
    ours = sorted(p.relative_to(tiny) for p in tiny.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert ours == theirs
    for relative in ours:
        if relative.suffix == ".yaml":
            assert (tiny / relative).read_bytes() == (again / relative).read_bytes(), relative
