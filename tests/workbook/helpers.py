"""Helpers for the workbook tests: a tiny workspace over the fixture catalogs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl

from ssrgen.catalog import Catalogs, load_catalogs
from ssrgen.workspace import Workspace, open_workspace

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "workbook" / "mini"
TODAY = dt.date(2026, 11, 22)
_CATALOGS: list[Catalogs] = []


def fixture_catalogs() -> Catalogs:
    if not _CATALOGS:
        _CATALOGS.append(load_catalogs(FIXTURES / "controls"))
    return _CATALOGS[0]


def copy_mini(target: Path) -> Path:
    shutil.copytree(MINI, target)
    return target


def load(root: Path) -> Workspace:
    return open_workspace(root, fixture_catalogs())


# the lock a writing command takes (and the folder that holds it) are not the workspace's records
LOCK_FILES = {".ssrgen/lock", ".ssrgen/.gitignore"}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a workspace, by relative path: to prove nothing was written."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).as_posix() not in LOCK_FILES}


def header_columns(sheet: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in sheet[1] if c.value is not None}


def row_of(sheet: Any, control: str, system: str = "agency-wide") -> int:
    cols = header_columns(sheet)
    for row in range(2, sheet.max_row + 1):
        if (sheet.cell(row, cols["Control ID"]).value == control
                and sheet.cell(row, cols["System"]).value == system):
            return row
    raise AssertionError(f"no row for {control} {system}")


def edit(path: Path, out: Path, sheet_name: str, changes: dict[tuple[int, str], Any]) -> Path:
    """Set cells by (row, header) and save a copy, as a person in Excel would."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[sheet_name]
    cols = header_columns(sheet)
    for (row, header), value in changes.items():
        sheet.cell(row, cols[header]).value = value
    workbook.save(out)
    return out
