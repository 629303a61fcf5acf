"""``--help`` as an analyst reads it: every command listed whole, dates in words,
templates spoken of as template tags."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import click
import pytest

from ssrgen.cli.app import COMMAND_MODULES, cli
from ssrgen.cli.common import DateParam
from ssrgen.paths import templates_dir


@pytest.fixture(autouse=True)
def _terminal_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def groups() -> list[tuple[str, ...]]:
    """The command path of the root group and of every group under it."""
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"ssrgen.cli.{module}")
    found: list[tuple[str, ...]] = [()]
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            found.append((name,))
    return found


def command_rows(help_text: str) -> dict[str, str]:
    """The 'Commands:' section of a help text: name -> its one-line help."""
    rows: dict[str, str] = {}
    section = help_text.split("\nCommands:\n", 1)[1]
    for line in section.splitlines():
        if line.startswith("  ") and not line.startswith("    "):
            name, _, text = line.strip().partition(" ")
            rows[name] = text.strip()
    return rows


@pytest.mark.parametrize("path", groups(), ids=lambda p: " ".join(p) or "ssrgen")
def test_every_command_is_listed_whole(run, path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    section = result.stdout.split("\nCommands:\n", 1)[1]
    assert "..." not in section and "…" not in section, section
    group = cli if not path else cli.commands[path[0]]
    assert isinstance(group, click.Group)
    rows = command_rows(result.stdout)
    assert set(rows) == {n for n, c in group.commands.items() if not c.hidden} | (
        set(COMMAND_MODULES) if not path else set())
    assert all(text.endswith(".") for text in rows.values()), rows


def test_root_help_names_the_commands_in_words(run) -> None:
    rows = command_rows(run("--help").stdout)
    assert rows["due"] == "What is due and what is overdue, as a list or a calendar."
    assert rows["docs"] == "The guides: list them, show where one is, open it."
    assert rows["package"] == "Put the SSR, CAP and attachments in an AES-256 .zip."


def test_cap_dates_are_described_in_words(run) -> None:
    result = run("cap", "import", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "--closing-conference DATE YYYY-MM-DD or MM/DD/YYYY: the review's closing conference date." in text
    assert "--report-issued DATE YYYY-MM-DD or MM/DD/YYYY: when IRS issued the Safeguard Review Report." in text
    assert "%Y" not in text and "%m" not in text


def test_cap_dates_are_read_either_way_and_a_bad_one_says_how(run, example: Path) -> None:
    bad = run("cap", "record", "-w", str(example), "--submitted", "13/45/2027")
    assert bad.exit_code == 2
    assert ("'13/45/2027' is not a date; write it as YYYY-MM-DD or MM/DD/YYYY, e.g. 2026-08-14 or "
            "08/14/2026") in bad.output
    irs_style = run("cap", "record", "-w", str(example), "--submitted", "01/29/2027")
    assert irs_style.exit_code == 0, irs_style.output
    assert "CAP of 2027-01-29 recorded" in irs_style.stdout
    iso = run("cap", "record", "-w", str(example), "--submitted", "2027-01-29")
    assert iso.exit_code == 0, iso.output
    assert iso.stdout.startswith("Nothing to record: every open finding already has a CAP cycle dated 2027-01-29")


def test_template_check_speaks_of_template_tags(run) -> None:
    result = run("template", "check", "--help")
    assert "Jinja" not in result.stdout
    assert "template tags" in result.stdout


def test_template_check_says_what_it_checked_and_nothing_about_a_workspace(run) -> None:
    template = templates_dir() / "ssr.docx"
    result = run("template", "check", str(template))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"OK: {template} is a valid SSR template.\n"
    assert "workspace" not in result.stderr


def test_a_template_tag_error_names_no_engine(run, tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "my-ssr.docx"
    doc = Document()
    doc.add_paragraph("{% if report.final %} final")
    doc.save(str(path))
    result = run("template", "check", str(path))
    assert result.exit_code == 1
    assert "template tag error: Unexpected end of template. The template expects one of these tags: " in result.stderr
    assert "Jinja" not in result.stderr


def every_command() -> list[tuple[tuple[str, ...], click.Command]]:
    """The command path and the command of the root, every group and every command."""
    groups()  # imports every command module

    def walk(path: tuple[str, ...], command: click.Command) -> list[tuple[tuple[str, ...], click.Command]]:
        found = [(path, command)]
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                found += walk((*path, name), sub)
        return found

    return walk((), cli)


@pytest.mark.parametrize("path", [p for p, _ in every_command()], ids=lambda p: " ".join(p) or "ssrgen")
def test_every_help_fits_80_columns(run, path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        assert len(line) <= 80, line
        assert "…" not in line, line
        # a word or a date format broken at its hyphen ("YYYY-MM-" / "DD")
        assert not re.search(r"\w-$", line), line


def test_every_date_option_takes_both_forms() -> None:
    """One date type for every date option: YYYY-MM-DD or MM/DD/YYYY."""
    dated = {" ".join((*path, p.name or "")): p for path, command in every_command() for p in command.params
             if isinstance(p, click.Option) and (p.metavar == "DATE" or "YYYY" in (p.help or "")
                                                 or isinstance(p.type, click.DateTime))}
    assert {"cap import closing_conference", "cap import report_issued", "cap record submitted",
            "evidence add effective", "due today"} <= set(dated)
    assert all(isinstance(p.type, DateParam) for p in dated.values()), dated
