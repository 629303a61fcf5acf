"""The hidden sheet that lets an import detect conflicts.

It holds the export id, the catalog version, when and from which workspace the
workbook was exported, and per sheet and row key the fingerprint of the row's
editable values at export time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.workbook import Workbook

from ssrgen.errors import InputError
from ssrgen.imports.plan import ImportPlan
from ssrgen.workbook.opening import OpenedWorkbook

SHEET = "Export"
_HEADER = ("sheet", "key", "fingerprint")


@dataclass
class ExportMeta:
    export_id: str
    catalog_version: str
    workspace: str
    exported_at: str
    fingerprints: dict[tuple[str, str], str] = field(default_factory=dict)

    def keys(self, sheet: str) -> list[str]:
        return [key for (name, key) in self.fingerprints if name == sheet]


@dataclass
class WorkbookPlan(ImportPlan):
    """An import plan of the evidence workbook, with the export it came from."""

    meta: ExportMeta = field(default_factory=lambda: ExportMeta("", "", "", ""))


def write_meta(workbook: Workbook, meta: ExportMeta) -> None:
    sheet = workbook.create_sheet(SHEET)
    sheet.sheet_state = "veryHidden"  # not in Excel's Unhide list: it is ssrgen's bookkeeping
    for row, (name, value) in enumerate(
        [("export_id", meta.export_id), ("catalog_version", meta.catalog_version),
         ("workspace", meta.workspace), ("exported_at", meta.exported_at)], start=1,
    ):
        sheet.cell(row, 1, name)
        cell = sheet.cell(row, 2, value)
        cell.data_type = "s"
    sheet.cell(6, 1, _HEADER[0])
    sheet.cell(6, 2, _HEADER[1])
    sheet.cell(6, 3, _HEADER[2])
    for row, ((name, key), print_) in enumerate(meta.fingerprints.items(), start=7):
        sheet.cell(row, 1, name)
        key_cell = sheet.cell(row, 2, key)
        key_cell.data_type = "s"
        sheet.cell(row, 3, print_)


def read_meta(workbook: OpenedWorkbook, where: str) -> ExportMeta:
    if SHEET not in workbook.sheetnames:
        raise InputError(
            "the workbook was not written by 'ssrgen evidence export' (its Export sheet is missing)",
            where=where, fix="Export a workbook with 'ssrgen evidence export', fill that one in, and import it.",
        )
    rows = [tuple(_value(line, c) for c in range(3)) for line in workbook.rows(SHEET)]
    values = {str(row[0]): str(row[1] or "") for row in rows[:4]}
    if not values.get("export_id"):
        raise InputError("the workbook's hidden Export sheet was changed; ssrgen cannot tell what was exported",
                         where=where, fix="Export a fresh workbook and copy your entries into it.")
    meta = ExportMeta(values["export_id"], values.get("catalog_version", ""),
                      values.get("workspace", ""), values.get("exported_at", ""))
    for name, key, print_ in rows[6:]:
        if name and key is not None and print_:
            meta.fingerprints[(str(name), str(key))] = str(print_)
    return meta


def _value(line: Sequence[Any], index: int) -> Any:
    return line[index].value if index < len(line) else None
