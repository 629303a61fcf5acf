"""``ssrgen status``: counts per catalog and family, warnings, extra sections."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ssrgen import status as status_mod
from ssrgen.status import StatusSection, status_report, status_table
from ssrgen.workspace import Workspace
from tests.workbook.helpers import TODAY, copy_mini, load


def test_counts_per_family(tmp_path: Path) -> None:
    report = status_report(load(copy_mini(tmp_path / "ws")), TODAY)
    ac = next(f for f in report.families if f.family == "AC")
    assert ac.entries == 4  # AC-1, AC-2, AC-2(3), AC-7
    assert ac.by_status["implemented"] == 1 and ac.by_status["planned"] == 1
    assert ac.unanswered == 2
    assert ac.stale_evidence == 1  # EV-002, effective 2024-01-10, annual
    assert ac.missing_artifacts == 0  # EV-002 provides AC-2's artifact 1
    assert ac.share_implemented == 0.25
    assert report.overall.entries == 5 and report.overall.unanswered == 3
    table = status_table(report)
    assert "Overall: 20% implemented (1 of 5 applicable entries); 3 unanswered, 1 stale evidence item(s), " \
           "0 missing expected artifact(s)." in table


def test_extra_sections_are_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def cap_section(workspace: Workspace, today: dt.date) -> StatusSection:
        return StatusSection("Corrective Action Plan", ["Next CAP due 2027-01-31"], {"next_due": "2027-01-31"})

    monkeypatch.setattr(status_mod, "sections", lambda: [cap_section, lambda w, t: None])
    report = status_report(load(copy_mini(tmp_path / "ws")), TODAY)
    assert report.as_dict()["sections"] == [{"title": "Corrective Action Plan", "next_due": "2027-01-31"}]
    assert status_table(report).endswith("Corrective Action Plan:\n  Next CAP due 2027-01-31")


def test_cli_on_the_example(run: Callable[..., Result]) -> None:
    result = run("status", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert [c["catalog"] for c in data["catalogs"]] == ["pub1075", "pub1075-req", "mou"]
    overall = data["overall"]
    assert overall["unanswered"] > 0 and overall["stale_evidence"] > 0 and overall["missing_artifacts"] > 0
    assert overall["by_status"]["implemented"] > 0
    mp = next(f for f in data["families"] if f["family"] == "MP")
    assert mp["missing_artifacts"] >= 1  # MP-6's destruction log template is not on file
    assert sum(f["entries"] for f in data["families"]) == overall["entries"]
    assert any(w["where"].startswith("registers/") for w in data["warnings"])
    table = run("status").output
    assert "pub1075      AC" in table and "Warnings (" in table


def test_the_table_fits_100_columns(run: Callable[..., Result]) -> None:
    lines = run("status").stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("catalog ")))
    table = lines[start:lines.index("", start)]
    assert table[0].split() == ["catalog", "family", "entries", "impl", "partial", "planned", "altern", "n/a",
                                "not-impl", "unanswered", "stale", "missing", "%", "impl"]
    assert any(line.startswith("pub1075-req  total") for line in table)
    assert max(len(line) for line in table) <= 100
    # each count under its heading (right-aligned)
    header, ac = table[0], next(line for line in table if line.startswith("pub1075      AC "))
    assert ac.endswith("%") and len(ac) == len(header)
