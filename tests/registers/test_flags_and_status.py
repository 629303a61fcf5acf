"""Rule flags per register record, and the Registers section of ``ssrgen status``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ssrgen.paths import example_workspace
from ssrgen.registers.flags import register_flags
from ssrgen.registers.summary import registers_status_section
from ssrgen.status import status_report, status_table
from ssrgen.workspace import Workspace, open_workspace

TODAY = dt.date(2026, 11, 22)


def test_flags_belong_to_the_record_they_name() -> None:
    flags = register_flags(open_workspace(example_workspace()), TODAY)
    training = flags["training"]
    assert training.records == 6
    assert sorted(training.by_record) == [2, 3]  # Dana Whitfield lapsed, Sam Delgado trained after access
    assert "'Dana Whitfield (Special Agent)'" in training.of(2)[0]
    assert "lapsed on 2026-08-14" in training.of(2)[0]
    assert "before the initial disclosure awareness training" in training.of(3)[0]
    assert training.of(0) == []
    incidents = flags["incidents"]
    assert len(incidents.of(0)) == 2 and all("INC-2026-003" in text for text in incidents.of(0))
    assert "INC-2026-007" in incidents.of(1)[0]
    assert flags["contractors"].of(1)[0].startswith("the on-site assessment of contractor 'Northgate")
    assert flags["notifications"].flagged == 0


def test_status_has_a_registers_section() -> None:
    report = status_report(open_workspace(example_workspace()), TODAY)
    section = next(s for s in report.sections if s.title == "Registers")
    assert section.data["registers"]["training"]["records"] == 6
    assert section.data["registers"]["training"]["flagged"] == 2
    assert section.data["registers"]["ai_use"]["flags"][0]["where"] == "registers/ai-use.yaml:3"
    text = status_table(report)
    assert "Registers:\n  Training:      6 records, 2 flagged\n  Inspections:   5 records, 1 flagged" in text
    assert "Notifications: 3 records, none flagged" in text
    titles = [s["title"] for s in report.as_dict()["sections"]]
    assert titles[titles.index("Registers") + 1:] == ["Internal inspections and POA&M"]


def test_no_section_without_registers(workspace_with: Callable[..., Workspace]) -> None:
    assert registers_status_section(workspace_with(), TODAY) is None


def test_a_new_flag_shows_on_its_record(workspace_with: Callable[..., Workspace]) -> None:
    workspace = workspace_with(ai_use=[
        {"system": "Translator", "purpose": "Public requests", "uses_fti": False},
        {"system": "Scorer", "purpose": "Case triage", "uses_fti": True},
    ])
    flags = register_flags(workspace, TODAY)["ai_use"]
    assert list(flags.by_record) == [1]
    section = registers_status_section(workspace, TODAY)
    assert section is not None and "AI use:        2 records, 1 flagged" in section.lines
