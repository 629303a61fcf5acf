"""The hidden sheet that lets an import detect conflicts.

It holds the export id, the catalog version, when and from which workspace the
workbook was exported, what kind of workbook it is (``evidence workbook``,
``inspection checklist``), and per sheet and row key the fingerprint of the
row's editable values at export time; a workbook may add details of its own
(the facility a checklist is for) in columns E and F.
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
EVIDENCE_WORKBOOK = "evidence workbook"
# how to get each kind of workbook ssrgen writes (for the message when another is given)
_EXPORTED_BY = {
    EVIDENCE_WORKBOOK: ("ssrgen evidence export", "ssrgen evidence import"),
    "inspection checklist": ("ssrgen inspection checklist", "ssrgen inspection import"),
}


@dataclass
class ExportMeta:
    export_id: str
    catalog_version: str
    workspace: str
    exported_at: str
    fingerprints: dict[tuple[str, str], str] = field(default_factory=dict)
    kind: str = EVIDENCE_WORKBOOK
    details: dict[str, str] = field(default_factory=dict)

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
         ("workspace", meta.workspace), ("exported_at", meta.exported_at), ("kind", meta.kind)], start=1,
    ):
        sheet.cell(row, 1, name)
        cell = sheet.cell(row, 2, value)
        cell.data_type = "s"
    for row, (name, value) in enumerate(meta.details.items(), start=1):
        sheet.cell(row, 5, name).data_type = "s"
        sheet.cell(row, 6, value).data_type = "s"
    sheet.cell(6, 1, _HEADER[0])
    sheet.cell(6, 2, _HEADER[1])
    sheet.cell(6, 3, _HEADER[2])
    for row, ((name, key), print_) in enumerate(meta.fingerprints.items(), start=7):
        sheet.cell(row, 1, name)
        key_cell = sheet.cell(row, 2, key)
        key_cell.data_type = "s"
        sheet.cell(row, 3, print_)


def read_meta(workbook: OpenedWorkbook, where: str, expected: str = EVIDENCE_WORKBOOK) -> ExportMeta:
    """The hidden metadata of a workbook ssrgen wrote, which must be an ``expected`` one."""
    export, _ = _EXPORTED_BY[expected]
    if SHEET not in workbook.sheetnames:
        raise InputError(
            f"the workbook was not written by '{export}' (its Export sheet is missing)",
            where=where, fix=f"Export a workbook with '{export}', fill that one in, and import it.",
        )
    rows = [tuple(_value(line, c) for c in range(6)) for line in workbook.rows(SHEET)]
    values = {str(row[0]): str(row[1] or "") for row in rows[:5]}
    if not values.get("export_id"):
        raise InputError("the workbook's hidden Export sheet was changed; ssrgen cannot tell what was exported",
                         where=where, fix="Export a fresh workbook and copy your entries into it.")
    kind = values.get("kind") or EVIDENCE_WORKBOOK  # written before workbooks said their kind
    if kind != expected:
        command = _EXPORTED_BY.get(kind, ("", "the command made for it"))[1]
        raise InputError(f"this is an {kind}, not an {expected}", where=where,
                         fix=f"Import it with '{command}'." if kind in _EXPORTED_BY
                         else f"Import the {expected} '{export}' wrote.")
    meta = ExportMeta(values["export_id"], values.get("catalog_version", ""),
                      values.get("workspace", ""), values.get("exported_at", ""), kind=kind)
    for name, key, print_, *_ in rows[6:]:
        if name and key is not None and print_:
            meta.fingerprints[(str(name), str(key))] = str(print_)
    for *_, detail, value in rows:
        if detail:
            meta.details[str(detail)] = str(value or "")
    return meta


def _value(line: Sequence[Any], index: int) -> Any:
    return line[index].value if index < len(line) else None
