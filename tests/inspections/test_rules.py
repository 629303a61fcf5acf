"""What validate says about recorded inspections and the POA&M, each with its file and line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ssrgen.registers.rules import check_poam
from tests.inspections.helpers import load

DENVER = Path("inspections") / "IIR-2026-01.yaml"


def edit(root: Path, relative: str | Path, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, relative: str | Path, text: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_finding_past_its_planned_date_is_flagged(example: Path) -> None:
    problems = check_poam(load(example), dt.date(2027, 1, 16))
    [late] = [p for p in problems if "past its planned date" in p.what]
    assert late.where == f"registers/poam.yaml:{line_of(example, 'registers/poam.yaml', 'planned_date: 2027-01-15')}"
    assert late.what == ("POA&M finding IIR-2025-01-F2 (FREO Headquarters, 100 Example Plaza, Washington, DC) is past "
                         "its planned date (2027-01-15) and not closed (Pub 1075 Rev. 11-2021 §2.D.9)")
    assert late.severity == "warning"
    assert check_poam(load(example), dt.date(2027, 1, 15)) == []  # due that day, not yet late


def test_a_finding_without_a_plan_or_a_date(run: Callable[..., Result], example: Path) -> None:
    edit(example, "registers/poam.yaml", "  planned_date: 2027-01-15\n", "")
    edit(example, "registers/poam.yaml", "  completed_date: 2026-02-20\n", "")
    edit(example, "registers/poam.yaml", "- id: IIR-2025-01-F2\n  inspection: IIR-2025-01\n",
         "- id: IIR-2025-01-F2\n  inspection: IIR-2024-09\n")
    result = run("validate", "-w", str(example))
    assert result.exit_code == 0, result.output
    second = line_of(example, "registers/poam.yaml", "- id: IIR-2025-01-F2")
    assert (f"Warning: registers/poam.yaml:{second}: POA&M finding IIR-2025-01-F2 (FREO Headquarters, 100 Example "
            "Plaza, Washington, DC) has no planned date (Pub 1075 Rev. 11-2021 §2.D.9: the process must include the "
            "findings identified during the internal inspections and the remediation plans and dates to resolve "
            "these findings)") in result.stderr
    assert (f"registers/poam.yaml:{second + 1}: POA&M finding IIR-2025-01-F2 (FREO Headquarters, 100 Example Plaza, "
            "Washington, DC) names inspection IIR-2024-09, which is not in inspections/") in result.stderr
    assert (f"registers/poam.yaml:{line_of(example, 'registers/poam.yaml', 'status: closed')}: POA&M finding "
            "IIR-2025-01-F1 (FREO Headquarters, 100 Example Plaza, Washington, DC) is closed without the date the "
            "corrective action was completed") in result.stderr


def test_the_poam_flags_show_on_its_register_page_data(example: Path) -> None:
    from ssrgen.registers.flags import register_flags

    flags = register_flags(load(example), dt.date(2027, 2, 1))["poam"]
    assert flags.records == 2 and list(flags.by_record) == [1]
    assert flags.title == "POA&M"


def test_a_contractor_self_certification_in_yaml_is_an_error(run: Callable[..., Result], example: Path) -> None:
    edit(example, "registers/inspections.yaml", "  kind: field-office\n  last_inspection: 2026-04-14",
         "  kind: contractor\n  last_inspection: 2026-04-14")
    edit(example, DENVER, "kind: field-office", "kind: contractor")
    result = run("validate", "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: inspections/IIR-2026-01.yaml:{line_of(example, DENVER, 'method:')}: inspection 'IIR-2026-01' is "
            "self-certified by a contractor facility; contractors and sub-contractors may not conduct "
            "self-certification internal inspections (Pub 1075 §2.D.3). Record an on-site inspection by the agency "
            "('method: on-site') instead.") in result.output


def test_a_self_certification_not_signed_by_an_employee_is_an_error(run: Callable[..., Result], example: Path) -> None:
    edit(example, DENVER, "signer_is_employee: true", "signer_is_employee: false")
    result = run("validate", "-w", str(example))
    assert result.exit_code == 1
    assert (f"Error: inspections/IIR-2026-01.yaml:{line_of(example, DENVER, 'signed_by:')}: self-certified inspection "
            "'IIR-2026-01' is not signed by an agency employee (Pub 1075 §2.D.3") in result.output


def test_a_record_must_fit_the_workspace(run: Callable[..., Result], example: Path) -> None:
    (example / DENVER).rename(example / "inspections" / "denver.yaml")
    edit(example, "inspections/denver.yaml", "facility: Denver Field Office", "facility: Boulder Field Office")
    edit(example, "inspections/denver.yaml", "- item: 2.A.1-b\n", "- item: 2.A.1-a\n")
    edit(example, "registers/inspections.yaml", "systems: [case-tracker]", "systems: [case-tracker, mainframe]")
    result = run("validate", "-w", str(example))
    assert result.exit_code == 1
    out = result.output
    assert ("Error: inspections/denver.yaml:3: the file of inspection 'IIR-2026-01' is named denver.yaml. Rename the "
            "file to IIR-2026-01.yaml") in out
    assert ("Error: inspections/denver.yaml:4: inspection 'IIR-2026-01' names a facility that is not in "
            "registers/inspections.yaml ('Boulder Field Office', field-office)") in out
    assert "item 2.A.1-a has two results in inspection 'IIR-2026-01'. Keep one result per checklist item." in out
    assert "registers/inspections.yaml:19: unknown system 'mainframe'" in out


def test_what_the_rules_say_about_a_recorded_inspection(run: Callable[..., Result], example: Path) -> None:
    edit(example, DENVER, "independent: true", "independent: false")
    edit(example, DENVER, "- item: 2.A.1-a\n  result: met", "- item: 2.A.1-a\n  result: not-met")
    edit(example, "registers/inspections.yaml", "  last_inspection: 2026-04-14", "  last_inspection: 2025-03-11")
    result = run("validate", "-w", str(example))
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert (f"inspections/IIR-2026-01.yaml:{line_of(example, DENVER, 'independent:')}: the inspector of inspection "
            "IIR-2026-01 of Denver Field Office (Jamie Ortiz, Denver Field Office, administrative officer) is not "
            "outside the function inspected") in err
    assert "item 2.A.1-a of inspection IIR-2026-01 of Denver Field Office was found not met and has no finding in " \
           "the POA&M (Pub 1075 Rev. 11-2021 §2.D.9)" in err
    assert ("the register's last inspection of 'Denver Field Office' (2025-03-11) is older than inspection "
            "IIR-2026-01 (2026-04-14). Set 'last_inspection: 2026-04-14' and 'report: IIR-2026-01'.") in err
    assert "1 of 108 item(s) of inspection IIR-2026-01 of Denver Field Office were not checked (2.F.3-g)" in err
