"""Free text survives export -> import: whatever an analyst types, the workbook
gives back the same answer (so a re-import never reports a difference)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ssrgen.cap.importer import plan_import
from ssrgen.cap.workbook import write_default_workbook
from ssrgen.catalog import Catalogs
from ssrgen.workspace import open_workspace

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85")
               | st.sampled_from(["\n", "=", "+", "-", "@", "'", '"', "<", "&"]), max_size=200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(narrative=TEXT, office=TEXT)
def test_free_text_round_trip(example: Path, catalogs: Catalogs, tmp_path: Path, narrative: str,
                              office: str) -> None:
    workspace = open_workspace(example, catalogs)
    finding = workspace.findings.findings[1]
    finding.corrective_action = narrative
    finding.responsible_office = office
    out = tmp_path / "CAP.xlsx"
    write_default_workbook(workspace, out, dt.date(2026, 11, 22))
    plan = plan_import(workspace, out)
    assert not plan.changes_anything
    assert all(not c.kept for c in plan.findings), [c.kept for c in plan.findings]


def test_control_characters_do_not_corrupt_the_workbook(example: Path, catalogs: Catalogs, tmp_path: Path) -> None:
    workspace = open_workspace(example, catalogs)
    workspace.findings.findings[0].corrective_action = "Fixed\x00 on the gateway\x1b."
    write_default_workbook(workspace, tmp_path / "CAP.xlsx", dt.date(2026, 11, 22))
    cell = load_workbook(tmp_path / "CAP.xlsx")["CAP"]["H5"]
    assert cell.value == "Fixed on the gateway."
