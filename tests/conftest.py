"""Shared fixtures: the catalogs, a fresh copy of the example workspace, a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ssrgen.catalog import Catalogs, load_catalogs
from ssrgen.cli import cli
from ssrgen.paths import example_workspace

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return load_catalogs()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the bundled example workspace."""
    target = tmp_path / "freo"
    shutil.copytree(example_workspace(), target, ignore=shutil.ignore_patterns("out", "site", ".ssrgen"))
    return target


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Run ``ssrgen ARGS`` in an empty folder (so no workspace is found by accident)."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("SSRGEN_WORKSPACE", raising=False)

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke
