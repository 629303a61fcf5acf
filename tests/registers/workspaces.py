"""Tiny workspaces with registers, on the fixture catalogs (shared by the register and
calendar tests)."""

from __future__ import annotations

from pathlib import Path

from ssrgen.catalog import load_catalogs
from ssrgen.workspace import Workspace, open_workspace
from ssrgen.yamlio import dump_plain

FIXTURE_CONTROLS = Path(__file__).parent.parent / "fixtures" / "controls"

CONFIG = {
    "agency": {"name": "Test Agency", "type": "federal"},
    "head_of_agency": {"name": "A. Head", "title": "Director"},
    "safeguards_contact": {"name": "S. Contact", "title": "Safeguards"},
    "catalogs": ["pub1075", "mou"],
}


def write_workspace(root: Path, registers: dict[str, object], config: dict | None = None,
                    files: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ssrgen.yaml").write_text(dump_plain(config or CONFIG), encoding="utf-8")
    (root / "registers").mkdir(exist_ok=True)
    names = {"ai_use": "ai-use"}
    for name, records in registers.items():
        text = records if isinstance(records, str) else dump_plain(records)
        (root / "registers" / f"{names.get(name, name)}.yaml").write_text(text, encoding="utf-8")
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def load(root: Path) -> Workspace:
    return open_workspace(root, load_catalogs(FIXTURE_CONTROLS))
