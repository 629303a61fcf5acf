"""The checklist of a facility: the items its kind, the agency and its systems call for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssrgen.errors import InputError
from ssrgen.inspections.checklist import checklist_for
from ssrgen.paths import example_workspace
from tests.inspections.helpers import load

AREAS = ["recordkeeping", "secure-storage", "limited-access", "disposal", "cybersecurity"]


@pytest.fixture
def freo(tmp_path: Path) -> Path:
    """The federal example with a contractor facility added to its register."""
    root = tmp_path / "freo"
    shutil.copytree(example_workspace(), root, ignore=shutil.ignore_patterns("out", "site"))
    with (root / "registers" / "inspections.yaml").open("a", encoding="utf-8") as register:
        register.write("- facility: Northgate Secure Shredding Inc., Alexandria\n  kind: contractor\n"
                       "  last_inspection: 2025-06-01\n")
    return root


@pytest.mark.parametrize(("facility", "kind"), [
    ("FREO Headquarters", "headquarters"), ("data center", "computer-facility"), ("Miami", "field-office"),
    ("Northgate", "contractor"), ("Ironvale", "off-site-storage"),
])
def test_each_kind_has_the_five_areas_with_citations_that_resolve(freo: Path, facility: str, kind: str) -> None:
    workspace = load(freo)
    checklist = checklist_for(workspace, facility)
    assert checklist.facility.kind == kind
    assert [area for area, _, _ in checklist.areas()] == AREAS
    ids = [row.id for row in checklist.rows]
    assert len(ids) == len(set(ids)), "an item twice"
    assert len({row.text for row in checklist.rows}) == len(ids)
    for row in checklist.rows:
        entry = workspace.catalogs.find(row.cite)
        assert entry is not None, row.id
        assert row.citation.startswith("Pub 1075 §")
        assert row.look_at and set(row.look_at) <= {"document", "interview", "observation"}


def test_items_follow_the_kind_of_facility(freo: Path) -> None:
    workspace = load(freo)
    rows = {kind: {r.id for r in checklist_for(workspace, name).rows} for kind, name in [
        ("hq", "FREO Headquarters"), ("cf", "data center"), ("fo", "Miami"), ("ct", "Northgate"), ("os", "Ironvale")]}
    # the visitor log and the locks wherever FTI is kept
    assert all("2.B.3.1-a" in items and "2.B.3.4-a" in items for items in rows.values())
    # open shelving is checked at off-site storage only
    assert [kind for kind, items in rows.items() if "2.B.6-b" in items] == ["os"]
    # the policies of §2.C.2 at headquarters and at a contractor
    assert [kind for kind, items in rows.items() if "2.C.2-h" in items] == ["hq"]
    assert [kind for kind, items in rows.items() if "2.C.10-a" in items] == ["hq", "ct"]
    # the §4 controls and the §3.3 network protections where systems are (§2.D.8)
    assert [kind for kind, items in rows.items() if "AC-2" in items] == ["hq", "cf"]
    assert [kind for kind, items in rows.items() if "3.3.6-a" in items] == ["hq", "cf"]
    # §2.D.8's own items everywhere
    assert all("2.D.8-a" in items for items in rows.values())
    # a federal agency: the federal background investigation, not the state one
    assert "2.C.3-j" in rows["hq"] and "2.C.3-e" not in rows["hq"]


def test_the_systems_at_the_facility_decide_the_technology_items(freo: Path) -> None:
    workspace = load(freo)
    headquarters = checklist_for(workspace, "FREO Headquarters")  # names no system: every system
    assert [s.id for s in headquarters.systems] == ["case-tracker", "secure-transfer"]
    assert "3.3.1-a" in {r.id for r in headquarters.rows}  # secure-transfer is hosted in the cloud
    assert headquarters.row("AC-2").systems == ("case-tracker", "secure-transfer")
    assert headquarters.row("3.3.1-a").systems == ("secure-transfer",)
    data_center = checklist_for(workspace, "data center")  # the register names case-tracker only
    assert [s.id for s in data_center.systems] == ["case-tracker"]
    assert "3.3.1-a" not in {r.id for r in data_center.rows}
    assert "3.3.2-a" not in {r.id for r in data_center.rows}
    assert any("Email Communications (§3.3.2)" in note for note in data_center.notes)


def test_a_technology_named_by_a_system_brings_its_items(freo: Path) -> None:
    config = freo / "ssrgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "technologies: [Red Hat Enterprise Linux 9, PostgreSQL 15, Java application server]",
        "technologies: [Red Hat Enterprise Linux 9, PostgreSQL 15, Exchange mail server, fax server]"),
        encoding="utf-8")
    rows = {r.id: r for r in checklist_for(load(freo), "data center").rows}
    assert rows["3.3.2-a"].systems == ("case-tracker",) and "3.3.3-a" in rows
    assert "3.3.7-a" not in rows


def test_a_state_agency_gets_the_items_of_its_type_and_authorities() -> None:
    workspace = load(example_workspace("state"))  # IRC 6103(d) and a child support program (l)(6)
    rows = {r.id for r in checklist_for(workspace, "Department headquarters").rows}
    assert {"2.C.3-e", "2.C.3-g", "2.C.6-a", "2.C.11.1-a", "2.A.4-a"} <= rows
    assert "2.C.3-j" not in rows and "2.C.11.2-a" not in rows  # federal; human services (l)(7)
    contractor = {r.id for r in checklist_for(workspace, "Lakeview").rows}
    assert "2.C.11.1-a" in contractor and "AC-2" not in contractor


def test_the_facility_is_named_by_a_unique_part_of_its_name() -> None:
    workspace = load(example_workspace())
    assert checklist_for(workspace, "  denver  field office ").facility.facility == "Denver Field Office"
    with pytest.raises(InputError) as ambiguous:
        checklist_for(workspace, "Field Office")
    assert str(ambiguous.value) == (
        "'Field Office' names 2 facilities of the inspections register. Give more of the name, so that only one "
        "matches: Miami Field Office (field office); Denver Field Office (field office).")
    with pytest.raises(InputError) as unknown:
        checklist_for(workspace, "Tulsa")
    assert str(unknown.value).startswith("no facility of the inspections register is named 'Tulsa'. Give a "
                                         "facility's name, or a part of it that only one name holds: FREO "
                                         "Headquarters, 100 Example Plaza, Washington, DC (headquarters);")
