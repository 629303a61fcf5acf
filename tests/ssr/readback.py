"""Read a written .docx back into plain data for assertions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn


@dataclass
class ReadBack:
    headings: list[tuple[str, str]]  # (style, text)
    paragraphs: list[str]
    tables: list[list[list[str]]]
    repeat_header: list[bool]
    footer: list[str]
    title: str
    author: str
    subject: str

    @property
    def text(self) -> str:
        cells = [c for t in self.tables for row in t for c in row]
        return "\n".join([*self.paragraphs, *cells])


def read_docx(path: Path) -> ReadBack:
    document = docx.Document(str(path))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    repeat = []
    for table in document.tables:
        tr_pr = table.rows[0]._tr.trPr
        repeat.append(tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None)
    footer = [p.text for section in document.sections for p in section.footer.paragraphs]
    core = document.core_properties
    return ReadBack(headings, [p.text for p in document.paragraphs], tables, repeat, footer,
                    core.title, core.author, core.subject)
