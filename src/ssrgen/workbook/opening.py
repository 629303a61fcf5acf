"""Opening a workbook someone sent back, without trusting it.

Before openpyxl sees the file, :mod:`ssrgen.office_package` checks it: a zip
(an encrypted workbook is an OLE compound file, an .xls is too), complete
(every member's checksum is right), of sane size, and every XML part parses
with no DTD at all (Excel never writes one; entity tricks need one). The standard
library's XML parsers are defused too, for whatever openpyxl parses with them.

The workbook is then read in openpyxl's read-only mode, each sheet once, row by
row, as the file has it (the size a sheet claims is not trusted): several times
faster than building every cell of the workbook, and the memory does not grow
with the workbook's size. Formulas (data type ``f``), errors (``e``) and date
cells read the same as in openpyxl's full mode.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import defusedxml

with warnings.catch_warnings():  # defusedxml still touches its deprecated cElementTree alias
    warnings.simplefilter("ignore", DeprecationWarning)
    defusedxml.defuse_stdlib()

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from ssrgen import office_package
from ssrgen.errors import InputError, Problem
from ssrgen.office_package import XLSX

EMPTY_RUN = 1000  # empty rows in a row that end a sheet's table


class OpenedWorkbook:
    """A workbook someone sent back, opened read-only: its sheet names and each sheet's rows.

    Use it in a ``with`` block (read-only mode keeps the package open until closed).
    """

    def __init__(self, workbook: Workbook, where: str) -> None:
        self._workbook = workbook
        self.where = where
        self.warnings: list[Problem] = []  # values left unread below a run of empty rows

    @property
    def sheetnames(self) -> list[str]:
        return list(self._workbook.sheetnames)

    def rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The rows of sheet ``name`` from row 1, each a tuple of cells from column A to the
        row's last cell (an empty tuple for a missing row). A part openpyxl cannot read
        raises :class:`InputError`, as it would have on opening in full mode."""
        sheet = self._workbook[name]
        sheet.reset_dimensions()  # read to the last row the file has, not to the size it claims
        rows = sheet.iter_rows()
        empty = 0
        for number, row in enumerate(self._checked(rows), start=1):
            if any(cell.value is not None for cell in row):
                empty = 0
            else:
                empty += 1
                if empty >= EMPTY_RUN:  # the table ended; a stray cell far below is not read
                    self._stray(name, number, rows)
                    return
            yield row

    def _checked(self, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # openpyxl raises many kinds for damaged parts
                raise _unreadable(self.where, exc) from exc
            yield row

    def _stray(self, name: str, stopped: int, rows: Iterator[tuple[Any, ...]]) -> None:
        """Say where the first value below a run of empty rows sits (the rest is not read)."""
        for number, row in enumerate(self._checked(rows), start=stopped + 1):
            cell = next((c for c in row if c.value is not None), None)
            if cell is not None:
                where = f"{name}!{get_column_letter(getattr(cell, 'column', None) or 1)}{number}"
                problem = Problem(where, f"a value sits {EMPTY_RUN} or more empty rows below the table (reading of "
                                  f"'{name}' stopped at row {stopped}), so it was not read",
                                  "Move it into the table or delete it; a sheet's rows have no gaps that long.",
                                  "warning")
                if problem not in self.warnings:
                    self.warnings.append(problem)
                return

    def close(self) -> None:
        self._workbook.close()

    def __enter__(self) -> OpenedWorkbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def open_workbook(path: Path, **expected: str) -> tuple[OpenedWorkbook, bytes]:
    """The workbook at ``path``, opened read-only, and its bytes (for the journal's SHA-256);
    ``expected`` says what workbook it should be (:func:`check_package`'s ``kind``, ``fix`` and
    ``large_fix``; the evidence workbook's by default)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("the file does not exist", where=str(path), fix="Check the path.") from exc
    except IsADirectoryError as exc:
        raise InputError("this is a folder, not a workbook", where=str(path),
                         fix="Give the path of the .xlsx file.") from exc
    check_package(data, str(path), **expected)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged parts
        raise _unreadable(str(path), exc) from exc
    return OpenedWorkbook(workbook, str(path)), data


def _unreadable(where: str, exc: Exception) -> InputError:
    return InputError(
        f"the workbook cannot be read ({type(exc).__name__}: {exc})", where=where,
        fix="Open it in Excel, save it again as .xlsx (Excel Workbook), and import that copy.",
    )


EVIDENCE_FIX = "Import the .xlsx file that 'ssrgen evidence export' wrote, after filling it in."


def check_package(data: bytes, where: str, *, kind: str = "an evidence workbook", fix: str = EVIDENCE_FIX,
                  large_fix: str = "Import the workbook ssrgen exported; attach large evidence as files "
                  "instead.") -> None:
    """Refuse anything that is not a complete, plain .xlsx package
    (:func:`ssrgen.office_package.check_package` with the .xlsx format).

    ``kind`` names the workbook expected (in the message for an oversized one); ``fix`` says
    what to give instead of a file that is not an .xlsx workbook, ``large_fix`` instead of an
    oversized one.
    """
    office_package.check_package(data, where, XLSX, kind=kind, fix=fix, large_fix=large_fix)
