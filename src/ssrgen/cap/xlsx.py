"""Opening CAP workbooks safely: a clear error for anything that is not one.

The package is checked as an evidence workbook is (``ssrgen.workbook.opening.check_package``):
an encrypted workbook or an old .xls gets its own message, a file cut off while
copying is found before openpyxl reads it, and every XML part must parse with
defusedxml's rules and no DTD.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from ssrgen.errors import InputError
from ssrgen.workbook.opening import check_package

# A CAP workbook is a few hundred kilobytes; anything far larger is not one.
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
NOT_XLSX_FIX = "Save it from Excel as 'Excel Workbook (*.xlsx)' and give that file."
CAP_SENT_FIX = "Give the .xlsx CAP workbook the Office of Safeguards sent."


def open_workbook(path: Path, *, data_only: bool, where: str | None = None) -> Workbook:
    """Load an .xlsx with openpyxl once its package has passed :func:`check_package`."""
    shown = where or str(path)
    if not path.is_file():
        raise InputError("the workbook does not exist", where=shown, fix="Check the path.")
    if path.stat().st_size > MAX_WORKBOOK_BYTES:
        raise InputError("the file is too large to be a CAP workbook", where=shown, fix=CAP_SENT_FIX)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"the workbook cannot be read ({exc.strerror or exc})", where=shown,
                         fix="Check that the file is not open elsewhere and that you may read it.") from exc
    check_package(data, shown, kind="a CAP workbook", fix=NOT_XLSX_FIX, large_fix=CAP_SENT_FIX)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for damaged parts
        raise InputError(
            f"the workbook cannot be read ({type(exc).__name__}: {exc})", where=shown,
            fix="Open it in Excel, save it again as 'Excel Workbook (*.xlsx)', and give that copy.",
        ) from exc
