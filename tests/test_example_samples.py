"""The CAP workbook of examples/freo/samples/ (tools/make_example_samples.py) is what it
claims: IRS's workbook of the example's review, the agency's columns empty. (The SSR
template copy there is checked by the README tour, with 'ssrgen template check'.)"""

from __future__ import annotations

import yaml
from openpyxl import load_workbook

from ssrgen.cap.importer import plan_import, read_cap_workbook
from ssrgen.catalog import load_catalogs
from ssrgen.paths import example_workspace
from ssrgen.workspace import open_workspace

SAMPLES = example_workspace() / "samples"
FIX = "run 'python tools/make_example_samples.py' after changing the example's findings"


def test_the_cap_workbook_holds_irs_fields_of_every_finding_and_leaves_the_agencys_empty() -> None:
    workspace = open_workspace(example_workspace(), load_catalogs())
    header, rows, ignored = read_cap_workbook(workspace, SAMPLES / "CAP-from-IRS.xlsx")
    assert (header.title, header.row, ignored) == ("CAP", 4, [])
    findings = yaml.safe_load((example_workspace() / "cap" / "findings.yaml").read_text(encoding="utf-8"))
    assert [r.number for r in rows] == [f["number"] for f in findings["findings"]], FIX
    for row, finding in zip(rows, findings["findings"], strict=True):
        assert row.values["title"] == finding["title"]
        assert row.values["controls"] == finding["controls"]
        assert row.values["criticality"] == finding["criticality"]
        assert row.values.get("corrective_action") in (None, "")
        assert row.values.get("planned_date") is None
    # the example has imported it already: nothing would change
    plan = plan_import(workspace, SAMPLES / "CAP-from-IRS.xlsx")
    assert [c.kind for c in plan.findings] == ["unchanged"] * 5, FIX
    sheet = load_workbook(SAMPLES / "CAP-from-IRS.xlsx")["CAP"]
    [dropdown] = sheet.data_validations.dataValidation
    assert dropdown.formula1 == '"Open,In Progress,Completed,Closed"'


def test_the_accepted_ssr_sample_reads_into_the_example(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from ssrgen.ssr.importer import plan_import

    root = tmp_path / "freo"
    shutil.copytree(example_workspace(), root)
    workspace = open_workspace(root, load_catalogs())
    plan = plan_import(workspace, SAMPLES / "SSR-2025-accepted.docx")
    assert (plan.control_rows, len(plan.control_tables), plan.irs_comments) == (12, 2, 2), FIX
    assert [c.subject for c in plan.changes if c.control == "8 Disposal"] == [
        "8 Disposal (ssr/sections.yaml, disposal)"]
    # the example answers its controls as the sample says: nothing to change there
    assert not [c for c in plan.changes if c.control.startswith(("AC-", "AT-"))]
