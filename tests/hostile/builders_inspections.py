"""Builders of the hostile inputs of cases/inspections.yaml: inspection checklists filled in to
break a rule of Pub 1075 §2.D.3, to smuggle FTI or formulas in, or damaged and disguised files;
report templates that try to run code.

Each builder takes the fresh workspace copy ``ws`` (the bundled example) and a scratch folder
``tmp`` (and the case's ``with:`` values) and plants its input, most often ``{tmp}/checklist.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from ssrgen.catalog import load_catalogs
from ssrgen.inspections.workbook import write_checklist
from ssrgen.workbook.export import write_evidence_workbook
from ssrgen.workspace import open_workspace
from tests.hostile.builders_trust import PAYLOADS, _template

ON_SITE: dict[str, Any] = {
    "Inspection date": dt.date(2026, 5, 12),
    "Inspector": "Pat Kim",
    "Inspector's office or function": "Office of Internal Review",
    "Inspector is employed by": "agency",
    "Inspector is outside the function inspected": "Yes",
    "Method": "on site",
}
SELF_CERTIFIED: dict[str, Any] = {
    **ON_SITE, "Method": "self-certified", "Signed by (self-certified)": "Alex Romero",
    "Signer is an agency employee (self-certified)": "Yes",
}
CONTRACTOR = "- facility: Northgate Secure Shredding Inc., Alexandria\n  kind: contractor\n  last_inspection: 2025-06-01\n"


def _export(ws: Path, facility: str, target: Path) -> Path:
    write_checklist(open_workspace(ws, load_catalogs()), facility, target)
    return target


def _fill(path: Path, form: dict[str, Any], results: dict[str, Any] | None = None) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Inspection"]
    rows = {str(sheet.cell(r, 1).value).removesuffix(" *"): r for r in range(1, sheet.max_row + 1)
            if sheet.cell(r, 1).value}
    for label, value in form.items():
        sheet.cell(rows[label], 2).value = value
    checklist = book["Checklist"]
    items = {str(checklist.cell(r, 1).value): r for r in range(2, checklist.max_row + 1)}
    for item, (column, value) in (results or {}).items():
        checklist.cell(items[item], column).value = value
    book.save(path)


def checklist(ws: Path, tmp: Path, facility: str = "Miami", method: str = "on site",
              cells: dict[str, Any] | None = None, form: dict[str, Any] | None = None) -> None:
    """The checklist of ``facility`` filled in (``cells``: item -> (column number, value))."""
    path = _export(ws, facility, tmp / "checklist.xlsx")
    _fill(path, {**(SELF_CERTIFIED if method == "self-certified" else ON_SITE), **(form or {})},
          {item: tuple(value) for item, value in (cells or {}).items()})


def contractor_self_certified(ws: Path, tmp: Path) -> None:
    """A contractor's facility whose checklist comes back marked self-certified."""
    with (ws / "registers" / "inspections.yaml").open("a", encoding="utf-8") as register:
        register.write(CONTRACTOR)
    checklist(ws, tmp, "Northgate", "self-certified")


def formula_in_the_form(ws: Path, tmp: Path) -> None:
    checklist(ws, tmp)
    book = openpyxl.load_workbook(tmp / "checklist.xlsx")
    book["Inspection"]["B10"] = '=HYPERLINK("http://example.invalid","Pat Kim")'
    book.save(tmp / "checklist.xlsx")


def not_a_workbook(ws: Path, tmp: Path) -> None:
    (tmp / "checklist.xlsx").write_text("Item,Result\n2.A.1-a,met\n", encoding="utf-8")


def password_protected(ws: Path, tmp: Path) -> None:
    (tmp / "checklist.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
                                         + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512)


def old_xls(ws: Path, tmp: Path) -> None:
    (tmp / "checklist.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)


def truncated(ws: Path, tmp: Path) -> None:
    checklist(ws, tmp)
    data = (tmp / "checklist.xlsx").read_bytes()
    (tmp / "checklist.xlsx").write_bytes(data[: len(data) // 2])


def _rezip(tmp: Path, change: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> None:
    """The checklist with some parts replaced (None: left out) or added."""
    source, target = tmp / "checklist.xlsx", tmp / "changed.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            content = change.get(item.filename, old.read(item))
            if content is not None:
                new.writestr(item, content)
        for name, content in (extra or {}).items():
            new.writestr(name, content)
    target.replace(source)


def entity_expansion(ws: Path, tmp: Path) -> None:
    checklist(ws, tmp)
    _rezip(tmp, {"docProps/core.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa">'
                                      b'<!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'})


def unpacks_too_large(ws: Path, tmp: Path) -> None:
    """A part that inflates to more than 200 MB (a few hundred KB packed)."""
    checklist(ws, tmp)
    _rezip(tmp, {}, {"xl/media/padding.bin": b"\0" * (201 * 1024 * 1024)})


def evidence_workbook(ws: Path, tmp: Path) -> None:
    write_evidence_workbook(open_workspace(ws, load_catalogs()), tmp / "checklist.xlsx")


def from_elsewhere(ws: Path, tmp: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Checklist"
    book.save(tmp / "checklist.xlsx")


def export_sheet_tampered(ws: Path, tmp: Path) -> None:
    checklist(ws, tmp)
    book = openpyxl.load_workbook(tmp / "checklist.xlsx")
    book["Export"]["B1"] = None
    book.save(tmp / "checklist.xlsx")


def export_workspace_cleared(ws: Path, tmp: Path) -> None:
    checklist(ws, tmp)
    book = openpyxl.load_workbook(tmp / "checklist.xlsx")
    assert book["Export"]["A3"].value == "workspace"
    book["Export"]["B3"] = None
    book.save(tmp / "checklist.xlsx")


def column_removed(ws: Path, tmp: Path) -> None:
    checklist(ws, tmp)
    book = openpyxl.load_workbook(tmp / "checklist.xlsx")
    book["Checklist"]["F1"] = "Outcome"
    book.save(tmp / "checklist.xlsx")


def form_removed(ws: Path, tmp: Path) -> None:
    checklist(ws, tmp)
    book = openpyxl.load_workbook(tmp / "checklist.xlsx")
    del book["Inspection"]
    book.save(tmp / "checklist.xlsx")


def report_template(ws: Path, tmp: Path, payload: str) -> None:
    """The workspace's own report template, with a payload after a harmless tag."""
    _template(ws / "templates" / "inspection-report.docx", "Report {{ report.id }}", PAYLOADS[payload])


def fti_in_the_poam(ws: Path, tmp: Path) -> None:
    path = ws / "registers" / "poam.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  description: Key records of the third-floor file room were last reconciled in 2023.\n"
    assert old in text
    path.write_text(text.replace(old, "  description: Key log names the clerk by SSN 123-45-6789.\n"),
                    encoding="utf-8")


def with_macros(ws: Path, tmp: Path) -> None:
    """The checklist carrying a VBA project (xl/vbaProject.bin), as an .xlsm would."""
    checklist(ws, tmp)
    _rezip(tmp, {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024})
