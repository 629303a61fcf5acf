"""ssrgen.oscal.compare: id mapping and the comparison with an OSCAL catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssrgen.oscal import (
    Difference,
    compare_with_oscal,
    oscal_titles,
    oscal_to_ours,
    ours_to_oscal,
)
from tests.oscal.conftest import nist_catalogs

FIXTURE = Path(__file__).parents[1] / "fixtures" / "oscal-small.json"


@pytest.fixture
def small() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("oscal_id", "ours"),
    [
        ("ac-2", "AC-2"),
        ("ac-2.3", "AC-2(3)"),
        ("sc-08", "SC-8"),
        ("ia-5.01", "IA-5(1)"),
        ("AC-17", "AC-17"),
        ("ac-2_smt.a", None),
        ("ac", None),
        ("", None),
    ],
)
def test_oscal_to_ours(oscal_id: str, ours: str | None) -> None:
    assert oscal_to_ours(oscal_id) == ours


@pytest.mark.parametrize(
    ("ours", "oscal_id"), [("AC-2", "ac-2"), ("AC-2(3)", "ac-2.3"), ("P1075-2.B.2", None)]
)
def test_ours_to_oscal(ours: str, oscal_id: str | None) -> None:
    assert ours_to_oscal(ours) == oscal_id


def test_titles_walk_groups_and_nested_controls(small: dict) -> None:
    assert oscal_titles(small) == {
        "AC-2": "Account Management",
        "AC-2(3)": "Disable Accounts",
        "AC-7": "Unsuccessful Logon Attempts",
        "AU-2": "Event Logging",
        "PT-2": "Authority to Process Personally Identifiable Information",
    }


def test_compare_reports_each_kind(small: dict) -> None:
    ours = [
        ("AC-2", "Account Management"),
        ("AC-2(3)", "Disable  accounts"),  # case and spacing do not count
        ("AU-2", "Audit Events"),  # differs
        ("AC-23", "Data Mining Protection"),  # not in the fixture
    ]
    assert compare_with_oscal(ours, small) == [
        Difference("missing-in-ours", "AC-7", None, "Unsuccessful Logon Attempts"),
        Difference("missing-in-oscal", "AC-23", "Data Mining Protection", None),
        Difference("title-differs", "AU-2", "Audit Events", "Event Logging"),
    ]


def test_only_our_families_are_compared(small: dict) -> None:
    diffs = compare_with_oscal([("AU-2", "Event Logging")], small)
    assert diffs == []  # AC and PT are not ours, so their controls are not "missing"


def test_difference_is_frozen() -> None:
    d = Difference("title-differs", "AU-2", "a", "b")
    with pytest.raises(AttributeError):
        d.id = "AU-3"  # type: ignore[misc]


@pytest.mark.parametrize("doc", [{}, {"profile": {}}, {"catalog": []}, []])
def test_not_a_catalog_is_a_value_error(doc: object) -> None:
    with pytest.raises(ValueError, match="not an OSCAL catalog"):
        compare_with_oscal([("AC-2", "Account Management")], doc)  # type: ignore[arg-type]


def test_real_moderate_catalog() -> None:
    moderate, _ = nist_catalogs()
    doc = json.loads(moderate.read_text("utf-8"))
    titles = oscal_titles(doc)
    assert titles["AC-2"] == "Account Management"
    assert titles["AU-2"] == "Event Logging"
    assert "AC-2(3)" in titles
    diffs = compare_with_oscal([("AU-2", "Audit Events"), ("AC-2", "Account Management")], doc)
    assert Difference("title-differs", "AU-2", "Audit Events", "Event Logging") in diffs
    assert all(d.id.startswith(("AC-", "AU-")) for d in diffs)
