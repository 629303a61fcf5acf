"""The tour in README.md runs as written: every ``ssrgen`` line of its bash blocks, in
order, in an empty folder, exits 0. ``ssrgen site serve`` runs until stopped, so it
is skipped."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
RUNS_UNTIL_STOPPED = (["site", "serve"],)


def tour_commands(text: str) -> list[tuple[int, str, list[str]]]:
    """(line number, line, arguments) of each ``ssrgen`` line in the bash blocks of the
    tour: from '## A short tour' to the next section of the same level."""
    start = text.index("\n## A short tour")
    end = text.index("\n## ", start + 1)
    first_line = text[:start].count("\n") + 2
    found = []
    in_bash = False
    for number, line in enumerate(text[start + 1:end].splitlines(), first_line):
        if line.startswith("```"):
            in_bash = line.strip() == "```bash" if not in_bash else False
            continue
        if in_bash and line.startswith("ssrgen "):
            arguments = shlex.split(line, comments=True)  # '# ...' at the end is a comment
            found.append((number, line, arguments[1:]))
    return found


def test_the_tour_is_found_with_its_commands() -> None:
    commands = tour_commands(README.read_text(encoding="utf-8"))
    lines = [line for _, line, _ in commands]
    assert len(commands) >= 25
    assert any(line.startswith("ssrgen init my-copy --example") for line in lines)
    assert any(line.startswith("ssrgen cap import my-copy/samples/CAP-from-IRS.xlsx") for line in lines)
    by = next(args for _, line, args in commands if line.startswith("ssrgen evidence import"))
    assert by[-2:] == ["--by", "Pat Kim"]  # quotes kept together, the comment dropped


def test_every_command_of_the_tour_runs_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "tour"
    folder.mkdir()
    env = {name: value for name, value in os.environ.items() if name != "SSRGEN_WORKSPACE"}
    env["SSRGEN_CACHE_DIR"] = str(tmp_path / "cache")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1] / "src"),
                                                    env.get("PYTHONPATH", "")) if p)
    ran = 0
    for number, line, arguments in tour_commands(README.read_text(encoding="utf-8")):
        if any(arguments[:len(skip)] == skip for skip in RUNS_UNTIL_STOPPED):
            continue
        result = subprocess.run([sys.executable, "-m", "ssrgen", *arguments], cwd=folder, env=env,
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            pytest.fail(f"README.md:{number}: '{line}' exited {result.returncode}\n"
                        f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        ran += 1
    assert ran >= 25
    # what the tour made is there
    assert (folder / "my-copy" / "out").is_dir()
    assert (folder / "ac-back.xlsx").is_file()
    assert (folder / "site" / "help" / "workspace.html").is_file()
    assert re.search(r"lockout-GPO-export-2026-11\.txt",
                     (folder / "my-copy" / "evidence" / "register.yaml").read_text(encoding="utf-8"))
