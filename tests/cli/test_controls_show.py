"""``ssrgen controls show`` prints the whole entry, Pub 1075's supplemental guidance included:
some of it binds ("must be included", "must be documented and implemented")."""

from __future__ import annotations

import pytest

HEADING = "Supplemental guidance (Pub 1075):"


def _after_heading(output: str) -> str:
    """The text after the guidance heading, joined into one line (the output is wrapped)."""
    assert HEADING in output
    return " ".join(output.split(HEADING, 1)[1].split())


@pytest.mark.parametrize(("entry", "sentence"), [
    ("RA-5", "Automated security scanning of assets (including wireless networks) for inventory, "
             "configuration, and vulnerability data, including at the application-level, must be "
             "included in monthly required vulnerability scans."),
    ("IA-5(1)", "If all parameters of this control are not able to be implemented through technical "
                "means, compensations and mitigations must be documented and implemented."),
    ("SI-4(24)", "If/when this information is captured and retained (one year) by DHS via Project "
                 "Einstein (or a similar service) (for the Internet access point at hand) duplicative "
                 "capturing/retention is not required."),
])
def test_guidance_is_shown_under_its_heading(run, entry: str, sentence: str) -> None:
    result = run("controls", "show", entry)
    assert result.exit_code == 0, result.output
    assert sentence in _after_heading(result.stdout)


def test_an_enhancements_guidance_shows_with_its_control(run) -> None:
    result = run("controls", "show", "SI-4")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    # the one-year retention of SI-4(24), then the guidance that excuses it, inside that enhancement
    retention = text.index("capture and retain, for at least one year, inbound and outbound traffic header")
    excused = text.index(f"{HEADING} If/when this information is captured and retained (one year) by DHS")
    assert text.index("SI-4(24) Indicators of Compromise") < retention < excused


def test_an_entry_without_guidance_has_no_heading(run) -> None:
    result = run("controls", "show", "MOU-9.A.5")
    assert result.exit_code == 0, result.output
    assert HEADING not in result.stdout


def test_ca8_review_cadence_is_the_penetration_test_cycle(run) -> None:
    result = run("controls", "show", "CA-8")
    assert result.exit_code == 0, result.output
    assert "Review cadence: every 3 years (from penetration_testing_frequency)" in result.stdout
