"""Free text survives the checklist: whatever an inspector types as an observation or an
evidence reference is what the inspection records and what the POA&M finding says, and the
same workbook imported again changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrgen.fti_scan import find_identifiers
from ssrgen.imports.pipeline import run_import
from ssrgen.inspections.importer import plan_inspection_import
from ssrgen.paths import example_workspace
from ssrgen.workbook.cells import encode_text
from tests.inspections.helpers import ON_SITE, export, fill, item_rows, load

TEXT = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85")
                        | st.sampled_from(["\n", "=", "+", "-", "@", "'", '"', "<", "&", "\t"]), max_size=40)
                | st.sampled_from(["_x0041_", "=SUM(A1)", " padded "]), max_size=3).map("".join)


def _typed(path: Path, item: str, observation: str, evidence: str) -> None:
    """The texts typed into an item's cells as Excel stores them (control characters escaped)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Checklist"]
    row = item_rows(sheet)[item]
    sheet.cell(row, 6).value = "not met"
    for column, text in ((7, observation), (8, evidence)):
        cell = sheet.cell(row, column)
        cell.value = encode_text(text) if text else None
        cell.data_type = "s"
    book.save(path)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(observation=TEXT, evidence=TEXT)
def test_free_text_round_trip(tmp_path_factory, observation: str, evidence: str) -> None:  # type: ignore[no-untyped-def]
    if find_identifiers(observation + " " + evidence):
        return  # an identifier look-alike is refused, as it must be
    root = tmp_path_factory.mktemp("ws") / "freo"
    shutil.copytree(example_workspace(), root, ignore=shutil.ignore_patterns("out", "site", ".ssrgen"))
    path = fill(export(root, "Miami", root.parent / "miami.xlsx"), root.parent / "filled.xlsx", ON_SITE, every="met")
    _typed(path, "2.B.3.1-g", observation, evidence)
    result = run_import(load(root), lambda ws: plan_inspection_import(ws, path), command="test")
    assert result.written
    workspace = load(root)
    recorded = workspace.inspections[-1].result_of("2.B.3.1-g")
    assert recorded is not None
    shown = observation if observation.strip() else None
    assert (recorded.observation, recorded.evidence) == (shown, evidence if evidence.strip() else None)
    [finding] = [f for f in workspace.registers.poam if f.inspection == workspace.inspections[-1].id]
    assert finding.description == (shown or finding.description)
    again = run_import(workspace, lambda ws: plan_inspection_import(ws, path), command="test")
    assert again.written == [] and again.plan.changes == []
