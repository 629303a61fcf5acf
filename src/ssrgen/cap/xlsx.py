"""Opening CAP workbooks safely: a clear error for anything that is not one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from ssrgen.errors import InputError

# A CAP workbook is a few hundred kilobytes; anything far larger is not one.
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024


def open_workbook(path: Path, *, data_only: bool, where: str | None = None) -> Workbook:
    """Load an .xlsx with openpyxl, which parses its XML with defusedxml (no entity tricks)."""
    shown = where or str(path)
    if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise InputError("defusedxml is not installed, so workbooks cannot be read safely",
                         fix="Reinstall ssrgen: python -m pip install ssrgen.")
    if not path.is_file():
        raise InputError("the workbook does not exist", where=shown, fix="Check the path.")
    if path.stat().st_size > MAX_WORKBOOK_BYTES:
        raise InputError("the file is too large to be a CAP workbook", where=shown,
                         fix="Give the .xlsx CAP workbook the Office of Safeguards sent.")
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise InputError("the workbook expands to an unreasonable size", where=shown,
                                 fix="Give the .xlsx CAP workbook the Office of Safeguards sent.")
        return openpyxl.load_workbook(path, data_only=data_only)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(
            "the file is not an Excel workbook (.xlsx)", where=shown,
            fix="Save it from Excel as 'Excel Workbook (*.xlsx)' and give that file.",
        ) from exc
