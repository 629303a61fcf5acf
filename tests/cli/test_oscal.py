"""``ssrgen oscal export`` and ``ssrgen oscal import-ssp`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path


def test_export_writes_every_file_and_says_so(run, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "oscal"
    result = run("oscal", "export", "-w", str(example), "-o", str(out))
    assert result.exit_code == 0, result.output
    for name in ("pub1075-profile.json", "pub1075-catalog.json", "pub1075-requirements-catalog.json",
                 "mou-catalog.json", "baseline-profile.json", "ssp.json", "poam.json"):
        assert f"Wrote {out / name}" in result.output
    manifest = json.loads((out / "ssrgen-manifest.json").read_text("utf-8"))
    assert {entry["kind"] for entry in manifest["files"].values()} == {"oscal"}
    assert set(manifest["files"]) == {p.name for p in out.glob("*.json")} - {"ssrgen-manifest.json"}


def test_export_defaults_to_out_oscal_of_the_workspace(run, example: Path) -> None:
    result = run("oscal", "export", "-w", str(example))
    assert result.exit_code == 0, result.output
    assert (example / "out" / "oscal" / "ssp.json").is_file()


def test_export_of_a_workspace_without_answers_says_what_it_left_out(run, example: Path, tmp_path: Path) -> None:
    for path in (example / "implementation").glob("*.yaml"):
        path.write_text("{}\n", encoding="utf-8")
    result = run("oscal", "export", "-w", str(example), "-o", str(tmp_path / "o"))
    assert result.exit_code == 0
    assert "Note: no ssp.json: the workspace answers no control in scope yet" in result.output
    assert not (tmp_path / "o" / "ssp.json").exists() and (tmp_path / "o" / "poam.json").exists()


def test_help_shows_examples(run) -> None:
    result = run("oscal", "--help")
    assert result.exit_code == 0
    assert "ssrgen oscal export -o oscal/" in result.output and "import-ssp" in result.output
