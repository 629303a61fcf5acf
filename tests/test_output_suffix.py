"""Every file written is named for its format: a workbook .xlsx, a Word document .docx, a
calendar .ics, whatever the command; a wrong name is refused before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ssrgen.file_text import EXCEL, ICALENDAR, JSON, WORD, format_of


@pytest.mark.parametrize(("args", "name", "message"), [
    (["inspection", "checklist", "Miami", "-o", "{out}/x.docx"], "x.docx",
     "an Excel workbook must end in .xlsx, not .docx, in {out}/x.docx. Nothing was written. Name the file x.xlsx"),
    (["inspection", "checklist", "Miami", "-o", "{out}/ok.xlsx", "--docx", "{out}/y.xlsx"], "y.xlsx",
     "a Word document must end in .docx, not .xlsx, in {out}/y.xlsx. Nothing was written. Name the file y.docx"),
    (["inspection", "checklist", "Miami", "-o", "{out}/z.txt"], "z.txt",
     "an Excel workbook must end in .xlsx, not .txt, in {out}/z.txt. Nothing was written. Name the file z.xlsx"),
    (["evidence", "export", "-o", "{out}/e.docx"], "e.docx",
     "an Excel workbook must end in .xlsx, not .docx, in {out}/e.docx."),
    (["inspection", "report", "IIR-2026-01", "-o", "{out}/r.xlsx"], "r.xlsx",
     "a Word document must end in .docx, not .xlsx, in {out}/r.xlsx."),
    (["due", "--ics", "{out}/d.txt"], "d.txt",
     "an iCalendar file must end in .ics, not .txt, in {out}/d.txt."),
])
def test_a_file_named_for_another_format_is_refused(run: Callable[..., Result], example: Path, tmp_path: Path,
                                                    args: list[str], name: str, message: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run(*[a.format(out=out) for a in args], "-w", str(example))
    assert result.exit_code == 1
    assert f"Error: {message.format(out=out)}" in result.output
    assert "--debug" not in result.output
    assert list(out.iterdir()) == []  # not the file, nor any other of the set


def test_files_named_for_their_format_are_written(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    result = run("inspection", "checklist", "Miami", "-o", str(tmp_path / "m.XLSX"), "--docx",
                 str(tmp_path / "m.docx"), "-w", str(example))
    assert result.exit_code == 0, result.output
    assert format_of((tmp_path / "m.XLSX").read_bytes()) == EXCEL
    assert format_of((tmp_path / "m.docx").read_bytes()) == WORD


def test_the_format_is_told_from_the_bytes() -> None:
    assert format_of(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") == ICALENDAR
    assert format_of(b'{"a": 1}') == JSON
    assert format_of(b"item,result\n2.A.1-a,met\n") is None  # CSV and other plain text: any name
    assert format_of(b"{ not json") is None
