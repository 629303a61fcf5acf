"""Baselines ("floors") the benchmark compares ssrgen's steps with.

Each floor does the least work that produces the same output with the
underlying library alone, so the ratio step/floor says how much ssrgen adds:

    python bench/floors.py xlsx-read WORKBOOK            openpyxl read-only iteration over every cell
    python bench/floors.py docx-content SSR.docx JSON    (preparation) the SSR's paragraphs and tables
    python bench/floors.py docx-write JSON OUT.docx      python-docx writing those paragraphs and tables
    python bench/floors.py site-source WORKSPACE SRC     (preparation) the site's Markdown and mkdocs.yml
    mkdocs build -q -f SRC/mkdocs.yml                    the site floor itself (run by bench/run.py)

The preparation commands are not timed; they only produce the input of a floor.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def xlsx_read(workbook: Path) -> int:
    """Every cell value of every sheet, read-only: the least an import must do."""
    from openpyxl import load_workbook

    book = load_workbook(workbook, read_only=True, data_only=False)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += sum(1 for value in row if value is not None)
    book.close()
    return cells


def docx_content(document: Path) -> list[dict[str, Any]]:
    """The body of a .docx in order: paragraphs (text, style) and tables (cell texts)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(str(document))
    body: list[dict[str, Any]] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            body.append({"p": block.text, "style": block.style.name if block.style is not None else None})
        elif isinstance(block, Table):
            body.append({"table": [[cell.text for cell in row.cells] for row in block.rows]})
    return body


def docx_write(body: list[dict[str, Any]], out: Path) -> int:
    """Write the paragraphs and tables with python-docx directly (default styles where absent)."""
    from docx import Document

    doc = Document()
    styles = {s.name for s in doc.styles}
    for block in body:
        if "p" in block:
            style = block.get("style")
            doc.add_paragraph(block["p"], style=style if style in styles else None)
        else:
            rows = block["table"]
            width = max((len(r) for r in rows), default=1)
            table = doc.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                cells = table.rows[r].cells
                for c, text in enumerate(row):
                    cells[c].text = text
    doc.save(str(out))
    return len(body)


def site_source(workspace: Path, source: Path) -> Path:
    """The site's Markdown pages and mkdocs.yml, exactly as ``ssrgen site build`` generates them."""
    from ssrgen.site.builder import generate
    from ssrgen.workspace import open_workspace

    ws = open_workspace(workspace)
    return generate(ws, source, source / "site")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("xlsx-read")
    p.add_argument("workbook", type=Path)
    p = sub.add_parser("docx-content")
    p.add_argument("document", type=Path)
    p.add_argument("json", type=Path)
    p = sub.add_parser("docx-write")
    p.add_argument("json", type=Path)
    p.add_argument("out", type=Path)
    p = sub.add_parser("site-source")
    p.add_argument("workspace", type=Path)
    p.add_argument("source", type=Path)
    args = parser.parse_args(argv)
    if args.command == "xlsx-read":
        print(f"{xlsx_read(args.workbook)} cells")
    elif args.command == "docx-content":
        body = docx_content(args.document)
        args.json.write_text(json.dumps(body), encoding="utf-8")
        print(f"{len(body)} blocks")
    elif args.command == "docx-write":
        body = json.loads(args.json.read_text(encoding="utf-8"))
        print(f"{docx_write(body, args.out)} blocks")
    elif args.command == "site-source":
        print(site_source(args.workspace, args.source))
    return 0


if __name__ == "__main__":
    sys.exit(main())
