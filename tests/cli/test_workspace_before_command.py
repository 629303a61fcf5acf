"""``-w DIR`` before the command works like ``-w DIR`` after it (as git's ``-C``), for
every command that takes ``-w``; given in both places, the one after the command wins."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from ssrgen.cli.app import COMMAND_MODULES, cli


def commands_with_workspace() -> Iterator[tuple[list[str], click.Command]]:
    """(command path, command) of every command with a -w/--workspace option."""
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"ssrgen.cli.{module}")

    def walk(path: list[str], command: click.Command) -> Iterator[tuple[list[str], click.Command]]:
        # a group that runs on its own ('ssrgen ssr') takes -w as a command does
        if path and any("--workspace" in p.opts for p in command.params):
            yield path, command
        if isinstance(command, click.Group):
            for name, sub in sorted(command.commands.items()):
                yield from walk([*path, name], sub)

    yield from walk([], cli)


def placeholder_arguments(command: click.Command) -> list[str]:
    """A value for each required argument (the workspace is looked for before they are read)."""
    return [f"placeholder-{p.name}" for p in command.params
            if isinstance(p, click.Argument) and p.required]


def test_both_orders_show_the_same_status(run, example: Path) -> None:
    before = run("-w", str(example), "status")
    after = run("status", "-w", str(example))
    assert before.exit_code == after.exit_code == 0, before.output + after.output
    assert before.stdout == after.stdout
    assert "Federal Records Enforcement Office" in before.stdout
    assert "bundled example" not in before.stderr


def test_validate_and_a_command_that_writes(run, example: Path) -> None:
    assert run("--workspace", str(example), "validate").stdout.startswith("OK: catalogs and workspace are valid")
    (example / "evidence" / "files" / "racf-export.txt").write_text("SETROPTS LIST\n")
    added = run("-w", str(example), "evidence", "add", "AC-2",
                str(example / "evidence" / "files" / "racf-export.txt"))
    assert added.exit_code == 0, added.output
    assert "(evidence/files/racf-export.txt)" in added.stdout
    assert "racf-export.txt" in (example / "evidence" / "register.yaml").read_text()


def test_the_workspace_after_the_command_wins(run, example: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "not-a-workspace"
    elsewhere.mkdir()
    wins = run("-w", str(elsewhere), "cap", "status", "-w", str(example))
    assert wins.exit_code == 0, wins.output
    assert "H.2.1" in wins.stdout
    loses = run("-w", str(example), "cap", "status", "-w", str(elsewhere))
    assert loses.exit_code == 1
    assert loses.stderr.startswith("Error: the folder given with -w/--workspace is not a workspace")
    assert str(elsewhere) in loses.stderr


@pytest.mark.parametrize(("path", "command"), list(commands_with_workspace()),
                         ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_every_command_that_takes_w_takes_it_before_too(run, tmp_path: Path, path: list[str],
                                                        command: click.Command) -> None:
    elsewhere = tmp_path / "not-a-workspace"
    elsewhere.mkdir()
    result = run("-w", str(elsewhere), *path, *placeholder_arguments(command))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: the folder given with -w/--workspace is not a workspace "
                                    "(it has no ssrgen.yaml)"), result.stderr


def test_the_commands_that_take_w_are_all_found() -> None:
    found = {" ".join(path) for path, _ in commands_with_workspace()}
    assert {"validate", "status", "build", "due", "ssr", "ssr import", "package", "template check", "evidence add",
            "evidence import", "cap import", "cap record", "site build", "site serve"} <= found
