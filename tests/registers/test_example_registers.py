"""The example workspace shows each register rule and stays valid."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result


def test_example_is_valid_and_shows_the_register_flags(run: Callable[..., Result],
                                                      example: Path) -> None:
    result = run("validate", "-w", str(example))
    assert result.exit_code == 0, result.output
    warnings = result.stderr
    for expected in (
        "registers/training.yaml:21: the annual disclosure awareness training or confidentiality "
        "certification of 'Dana Whitfield (Special Agent)' lapsed on 2026-08-14",
        "registers/inspections.yaml:13: the internal inspection of computer facility",
        "the on-site assessment of contractor 'Northgate Secure Shredding Inc.' is overdue",
        "registers/incidents.yaml:10: incident INC-2026-003 was reported to TIGTA 30 hours after "
        "discovery",
        "the use of FTI by 'Case summary drafting pilot (case-tracker)' for AI",
    ):
        assert expected in warnings


def test_due_falls_back_to_the_example(run: Callable[..., Result]) -> None:
    result = run("due", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "Using the bundled example workspace" in result.stderr
    assert ("2024-12-12  OVERDUE   On-site assessment of contractor: Northgate Secure Shredding "
            "Inc.") in result.stdout.splitlines()
