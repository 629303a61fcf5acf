"""What the SSR takes from the registers, read back from the .docx of the example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ssrgen.catalog import load_catalogs
from ssrgen.paths import example_workspace
from ssrgen.ssr import build_context, write_ssr
from ssrgen.workspace import open_workspace
from tests.ssr.readback import ReadBack, read_docx

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def back(tmp_path_factory: pytest.TempPathFactory) -> ReadBack:
    ws = open_workspace(example_workspace(), load_catalogs(), bundled=True)
    out = tmp_path_factory.mktemp("ssr") / "ssr.docx"
    write_ssr(ws, out, today=TODAY)
    return read_docx(out)


def table(back: ReadBack, first_header: str) -> dict[str, list[str]]:
    found = next(t for t in back.tables if t[0][0] == first_header)
    return {row[0]: row for row in found[1:]}


def test_training_completion_and_people_flagged(back: ReadBack) -> None:
    assert ("4 of 5 people with access to FTI (80%) are current on disclosure awareness training and the "
            "signed confidentiality certification on 11/22/2026 (MOU §9.A.5, Pub 1075 §2.D.2.1).") in back.paragraphs
    assert "Dana Whitfield (Special Agent): annual training and certification lapsed on 08/14/2026." in back.paragraphs
    assert ("Sam Delgado (Investigative Analyst): access given on 01/12/2026, before the initial training on "
            "01/20/2026.") in back.paragraphs
    assert not any(p.startswith("Casey Nguyen") for p in back.paragraphs)


def test_three_year_inspection_plan(back: ReadBack) -> None:
    assert ("Heading 2", "7.1 Internal Inspection Plan") in back.headings
    plan = table(back, "Facility")
    headquarters = plan["FREO Headquarters, 100 Example Plaza, Washington, DC"]
    assert headquarters[2:5] == ["every 18 months", "09/10/2025", "01/20/2027, 07/20/2028"]
    data_center = plan["FREO data center, Washington, DC"]
    assert data_center[4:] == ["12/08/2026, 06/08/2028", "overdue since 06/03/2026"]
    assert plan["Miami Field Office"][2:5] == ["every 3 years", "05/20/2024", "03/15/2027"]


def test_incidents_in_the_period(back: ReadBack) -> None:
    assert ("Heading 2", "3.1 Data Incidents") in back.headings
    incidents = table(back, "Incident")
    assert list(incidents) == ["INC-2026-003", "INC-2026-007", "INC-2026-009"]
    assert incidents["INC-2026-003"][2:5] == ["03/02/2026 09:15", "03/03/2026 15:20", "03/03/2026 15:45"]
    assert incidents["INC-2026-009"][3] == "not reported"
    assert incidents["INC-2026-007"][8] == "10/06/2026"


def test_contractors_with_next_assessment(back: ReadBack) -> None:
    contractors = table(back, "Contractor")
    assert contractors["Northgate Secure Shredding Inc."][4:6] == ["06/12/2023", "12/12/2024 (overdue)"]
    assert contractors["Ironvale Records Storage LLC"][5] == "04/01/2027"
    assert contractors["Example Cloud IaaS (FedRAMP Moderate)"][5] == "not required (no FTI access)"


def test_ai_use_is_reported(back: ReadBack) -> None:
    assert any(p.startswith("Case summary drafting pilot (case-tracker):") and
               "not yet disclosed to the Office of Safeguards" in p for p in back.paragraphs)


def test_next_year_leaves_out_this_years_incidents_and_replans(example: Path) -> None:
    ws = open_workspace(example, load_catalogs())
    context, _ = build_context(ws, dt.date(2027, 11, 22))  # the 2027 report
    assert context["incidents"]["rows"] == []
    assert context["incidents"]["empty"].startswith("No data incident was discovered in the reporting period")
    plan = {p["facility"]: p for p in context["inspection_plan"]}
    # the field office's planned date (03/15/2027) has passed and its 3-year cycle ended on 05/20/2027:
    # inspect now; the next one falls exactly three years on, outside the plan
    assert plan["Miami Field Office"]["planned"] == "11/22/2027"
    assert plan["Miami Field Office"]["status"] == "overdue since 05/20/2027"
    assert plan["Denver Field Office"]["planned"] == "02/01/2028"
