"""Filling a checklist workbook as an inspector does, and reading results back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from ssrgen.catalog import load_catalogs
from ssrgen.inspections.workbook import write_checklist
from ssrgen.workspace import Workspace, open_workspace

ON_SITE = {
    "Inspection date": dt.date(2026, 5, 12),
    "Inspector": "Pat Kim",
    "Inspector's office or function": "Office of Internal Review",
    "Inspector is employed by": "agency",
    "Inspector is outside the function inspected": "Yes",
    "Method": "on site",
}
SELF_CERTIFIED = {
    **ON_SITE,
    "Method": "self-certified",
    "Signed by (self-certified)": "Alex Romero",
    "Signer's title (self-certified)": "Special Agent in Charge",
    "Signer is an agency employee (self-certified)": "Yes",
    "Received by the agency on (self-certified)": dt.date(2026, 5, 20),
    "Reviewed by (self-certified)": "Casey Nguyen",
    "Discussed with the person who conducted it on (self-certified)": dt.date(2026, 5, 28),
}


def load(root: Path) -> Workspace:
    return open_workspace(root, load_catalogs())


def export(root: Path, facility: str, target: Path) -> Path:
    write_checklist(load(root), facility, target)
    return target


def form_rows(sheet: Any) -> dict[str, int]:
    """The row of each label of the Inspection form (without the '*' of a required field)."""
    return {str(sheet.cell(r, 1).value).removesuffix(" *"): r for r in range(1, sheet.max_row + 1)
            if sheet.cell(r, 1).value}


def item_rows(sheet: Any) -> dict[str, int]:
    return {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value}


def fill(source: Path, target: Path, form: dict[str, Any] | None = None,
         results: dict[str, tuple[str, str] | str] | None = None, every: str | None = None) -> Path:
    """A copy of the checklist with form fields and results (``item: result`` or ``(result,
    observation)``); ``every`` gives every other item that result."""
    book = openpyxl.load_workbook(source)
    sheet = book["Inspection"]
    rows = form_rows(sheet)
    for label, value in (form or {}).items():
        sheet.cell(rows[label], 2).value = value
    checklist = book["Checklist"]
    items = item_rows(checklist)
    results = results or {}
    for item, row in items.items():
        value = results.get(item, every)
        if value is None:
            continue
        result, observation = (value, None) if isinstance(value, str) else value
        checklist.cell(row, 6).value = result
        if observation:
            checklist.cell(row, 7).value = observation
    book.save(target)
    return target


def cell_of(path: Path, item: str, column: int = 6) -> str:
    """``Checklist!F17``: the cell of an item's Result (or another column)."""
    sheet = openpyxl.load_workbook(path)["Checklist"]
    return f"Checklist!{openpyxl.utils.get_column_letter(column)}{item_rows(sheet)[item]}"


def form_cell(path: Path, label: str) -> str:
    return f"Inspection!B{form_rows(openpyxl.load_workbook(path)['Inspection'])[label]}"
