"""Writing the register sheets into the evidence workbook.

Every register record becomes a row; a register whose records share a key
cannot be exported (the import could not tell them apart), so the export stops
and names the record's ``file:line``.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.workbook import Workbook

from ssrgen.errors import Problem, ValidationFailed
from ssrgen.registers.clocks import RecordLocator
from ssrgen.workbook.register_sheets import (
    REGISTER_SHEETS,
    keeps_registers,
    register_rows,
    sheet_spec,
)
from ssrgen.workbook.sheets import Lists, Row, SheetSpec, oversized, row_key, row_label, write_sheet
from ssrgen.workspace import Workspace

__all__ = ["keeps_registers", "write_register_sheets"]


def write_register_sheets(workbook: Workbook, workspace: Workspace, lists: Lists,
                          today: dt.date) -> list[tuple[SheetSpec, list[Row]]]:
    """Add a sheet per register; return each sheet with its rows (for the fingerprints)."""
    locate = RecordLocator(workspace)
    problems: list[Problem] = []
    written = []
    for sheet in REGISTER_SHEETS:
        rows = list(register_rows(workspace, sheet, today))
        data = [row for row, _ in rows]
        places = [locate.where(sheet.register, index) for index in range(len(data))]
        problems += oversized(sheet.spec, data, places)
        first: dict[str, str] = {}
        for row, place in zip(data, places, strict=True):
            key = row_key(sheet.spec, row)
            if key in first:
                problems.append(Problem(
                    place, f"{row_label(sheet.spec, row)} is in the {sheet.spec.name.lower()} register twice "
                    f"(first at {first[key]}); the workbook needs one row per record",
                    "Merge the two records, or tell them apart (e.g. add the role after the name)."))
            first.setdefault(key, place)
        written.append((sheet, rows))
    if problems:
        raise ValidationFailed(problems, what="some register records cannot go into the workbook; nothing was written")
    for sheet, rows in written:
        write_sheet(workbook, sheet_spec(sheet, workspace), [r for r, _ in rows], lists, [f for _, f in rows])
    return [(sheet.spec, [r for r, _ in rows]) for sheet, rows in written]
