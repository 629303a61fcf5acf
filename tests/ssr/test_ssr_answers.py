"""A control's answer written into a control table's cells reads back as it was (property test)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrgen.catalog import load_catalogs
from ssrgen.model.records import STATUSES, Answer, Implementation
from ssrgen.paths import example_workspace
from ssrgen.ssr.answers import read_values, written_values
from ssrgen.ssr.context import STATUS_LABELS, Texts, families
from ssrgen.ssr.manifest import fingerprint
from ssrgen.ssr.outline import control_id
from ssrgen.ssr.tables import parse_status
from ssrgen.workspace import open_workspace

WORKSPACE = open_workspace(example_workspace(), load_catalogs(), bundled=True)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80).map(str.strip)
lines = st.lists(text, min_size=1, max_size=3).map("\n".join).map(str.strip)
status = st.sampled_from([*STATUSES, None])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(agency=st.one_of(st.none(), lines), agency_status=status,
       systems=st.dictionaries(st.sampled_from(WORKSPACE.system_ids), st.tuples(status, st.one_of(st.none(), lines)),
                               max_size=2))
def test_the_cells_read_back_as_the_answer(agency: str | None, agency_status: str | None,
                                          systems: dict[str, tuple[str | None, str | None]]) -> None:
    record = Implementation(status=agency_status, narrative=agency or None,
                            systems={sid: Answer(status=s, narrative=n or None) for sid, (s, n) in systems.items()})
    WORKSPACE.implementation["AC-3"] = record
    try:
        row = next(c for f in families(WORKSPACE, Texts())[0] for c in f["controls"] if c["id"] == "AC-3")
        back = read_values(WORKSPACE, row["narrative"], parse_status(row["status"]))
        assert fingerprint(back) == fingerprint(written_values(WORKSPACE, "AC-3"))
    finally:
        del WORKSPACE.implementation["AC-3"]


def test_every_status_label_reads_back() -> None:
    for code in STATUSES:
        assert parse_status(STATUS_LABELS[code]) == code
    assert parse_status("Not yet answered") is None
    assert parse_status(" N/A ") == "not-applicable"
    assert parse_status("Compensating Control") == "alternative"


def test_control_ids_in_every_form() -> None:
    forms = {"AC-2 (3)": "AC-2(3)", "AC-02(03)": "AC-2(3)", "ac-2.3": "AC-2(3)", "AC-2(CE3)": "AC-2(3)",
             "AC-2 CE-3": "AC-2(3)", "AC-2 Account Management": "AC-2", "ia-05 (1) Password": "IA-5(1)",
             "P1075-2.F": "P1075-2.F", "Access control policy": None, "": None}
    assert {text: control_id(text) for text in forms} == forms
