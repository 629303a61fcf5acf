"""The ``workspace_with`` fixture: a loaded workspace holding the registers given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ssrgen.workspace import Workspace
from tests.registers.workspaces import load, write_workspace


@pytest.fixture
def workspace_with(tmp_path: Path) -> Callable[..., Workspace]:
    """``workspace_with(training=[...], ...)``: a loaded workspace holding those registers."""

    def make(config: dict | None = None, files: dict[str, str] | None = None,
             **registers: object) -> Workspace:
        return load(write_workspace(tmp_path / "ws", registers, config, files))

    return make
