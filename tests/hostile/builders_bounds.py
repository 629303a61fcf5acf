"""Builders of the hostile inputs of cases/bounds.yaml: files ssrgen reads back (the import
journal, the manifest of out/), nesting and numbers made to exhaust the reader, and workbooks
made to look endless.

Each builder takes the fresh workspace copy ``ws`` and a scratch folder ``tmp`` (and the
case's ``with:`` values) and plants its input.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from ssrgen.catalog import load_catalogs
from ssrgen.oscal.document import NS
from ssrgen.ssr import write_ssr
from ssrgen.workbook.export import write_evidence_workbook
from ssrgen.workspace import open_workspace
from tests.cap.workbooks import EXAMPLE_ROWS, irs_workbook
from tests.hostile.builders_oscal import _exported, _requirement, _write
from tests.hostile.builders_trust import evidence_workbook_cell  # noqa: F401  (a builder of cases here too)

JOURNALS = {
    "alias-bomb": "- &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
        f"- &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)),
    "repeated-key": "- when: 2026-11-01T10:00:00\n  kind: cap\n  when: 2026-11-02T10:00:00\n",
    "mapping": "when: 2026-11-01T10:00:00\nkind: cap\n",
    "broken": "- when: [2026-11-01\n  kind: cap\n",
}


def cap_import_with_journal(ws: Path, tmp: Path, journal: str) -> None:
    """A CAP workbook that changes a finding's title, and a damaged import journal."""
    rows = [dict(r) for r in EXAMPLE_ROWS]
    rows[0]["Finding"] = "FTI sent to the gateway without encryption in transit"
    irs_workbook(tmp / "cap.xlsx", rows)
    (ws / "journal").mkdir(exist_ok=True)
    path = ws / "journal" / "imports.yaml"
    if journal == "latin-1":
        path.write_bytes("- by: Ana Mu\u00f1oz\n".encode("latin-1"))
    else:
        path.write_text(JOURNALS[journal], encoding="utf-8")


def manifest(ws: Path, tmp: Path, text: str) -> None:
    """The manifest of out/ damaged: ``text`` (``deep`` for 100,000 nested arrays)."""
    (ws / "out").mkdir(exist_ok=True)
    if text == "deep":
        text = '{"files": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (ws / "out" / "ssrgen-manifest.json").write_text(text, encoding="utf-8")


def nested(ws: Path, tmp: Path, levels: int, style: str = "flow") -> None:
    """A record nested ``levels`` deep, in brackets or by indentation."""
    if style == "flow":
        text = "ZZ-9: " + "[" * levels + "]" * levels + "\n"
    else:
        text = "ZZ-9:\n" + "".join("  " * (n + 1) + f"k{n}:\n" for n in range(levels))
    (ws / "implementation" / "other.yaml").write_text(text, encoding="utf-8")


def long_number(ws: Path, tmp: Path) -> None:
    path = ws / "registers" / "inspections.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- site: " + "7" * 5000 + "\n", encoding="utf-8")


def ssp_value(ws: Path, tmp: Path, value: str) -> None:
    """The workspace's SSP with AC-7's statement holding a value no import can take: a far
    'last-reviewed' date, half a character in its description, a 5000-digit number."""
    document = _exported(ws, tmp)
    by = _requirement(document, "ac-7")["statements"][0]["by-components"][0]
    if value == "far-date":
        props = [p for p in by.get("props", []) if p.get("name") != "last-reviewed"]
        by["props"] = [{"name": "last-reviewed", "ns": NS, "value": "9999-02-14"}, *props]
        _write(tmp, document)
        return
    by["description"] = "Reviewed \ud800 today" if value == "surrogate" else "LONG"
    text = json.dumps(document)  # ASCII only: the lone surrogate is written as its escape
    (tmp / "ssp.json").write_text(text.replace('"LONG"', "7" * 5000), encoding="utf-8")


def cap_wide_sheets(ws: Path, tmp: Path, sheets: int = 10) -> None:
    """IRS's CAP workbook with ``sheets`` more sheets, each holding one cell in the last column
    (XFD) within the rows searched for the header: 12 KB that claim 16,384 columns each."""
    path = irs_workbook(tmp / "cap.xlsx", [dict(r) for r in EXAMPLE_ROWS])
    book = openpyxl.load_workbook(path)
    for number in range(sheets):
        book.create_sheet(f"Notes {number + 1}")["XFD20"] = "a note far to the right"
    book["CAP"]["XFD3"] = "a note far to the right of the header"
    book.save(path)


def manifest_entry(ws: Path, tmp: Path, name: str) -> None:
    """The SSR written, then the manifest of out/ given an entry ``name`` as the newest SSR."""
    write_ssr(open_workspace(ws, load_catalogs()))
    path = ws / "out" / "ssrgen-manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    [entry] = [e for e in data["files"].values() if e["kind"] == "ssr"]
    data["files"][name] = {**entry, "written": "2099-12-31T00:00:00"}
    path.write_text(json.dumps(data), encoding="utf-8")


def ssr_written(ws: Path, tmp: Path) -> None:
    write_ssr(open_workspace(ws, load_catalogs()))


def another_workspace(ws: Path, tmp: Path) -> None:
    """A second workspace in the scratch folder, its evidence file in place."""
    shutil.copytree(ws, tmp / "ws2")
    (tmp / "ws2" / "evidence" / "files" / "x.txt").write_text("the other agency's evidence\n", encoding="utf-8")


def evidence_workbook_stray(ws: Path, tmp: Path, every_sheet: bool = False) -> None:
    """The evidence workbook exported, with a stray note in the last row of Evidence (or of every sheet)."""
    path = write_evidence_workbook(open_workspace(ws, load_catalogs()), tmp / "wb.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets if every_sheet else [book["Evidence"]]:
        sheet["A1048576"] = "a stray note at the bottom of the sheet"
    book.save(path)


def cap_title(ws: Path, tmp: Path, title: str) -> None:
    rows = [dict(r) for r in EXAMPLE_ROWS]
    rows[0]["Finding"] = title
    irs_workbook(tmp / "cap.xlsx", rows)




def signed_far(ws: Path, tmp: Path) -> None:
    path = ws / "ssrgen.yaml"
    text = path.read_text(encoding="utf-8")
    assert "signed: 2025-04-07" in text or "signed: '2025-04-07'" in text, text
    path.write_text(text.replace("2025-04-07", "9999-04-07", 1), encoding="utf-8")


def attachment_folder_linked(ws: Path, tmp: Path) -> None:
    """The SSR written, and a folder of attachments that is a link to a folder outside the workspace."""
    write_ssr(open_workspace(ws, load_catalogs()))
    (tmp / "elsewhere").mkdir()
    (tmp / "elsewhere" / "notes.txt").write_text("notes kept elsewhere\n", encoding="utf-8")
    (ws / "attachments").mkdir(exist_ok=True)
    (ws / "attachments" / "linked").symlink_to(tmp / "elsewhere", target_is_directory=True)
