"""Opening a workbook someone sent back, without trusting it.

Before openpyxl sees the file: it must be a zip (an encrypted workbook is an
OLE compound file, an .xls is too), complete (every member's checksum is
right), of sane size, and every XML part must parse with defusedxml with no
DTD at all (Excel never writes one; entity tricks need one). The standard
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
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as SafeET
from defusedxml import DTDForbidden

with warnings.catch_warnings():  # defusedxml still touches its deprecated cElementTree alias
    warnings.simplefilter("ignore", DeprecationWarning)
    defusedxml.defuse_stdlib()

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from ssrgen.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED = 200 * 1024 * 1024  # bytes of XML a real evidence workbook never exceeds
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


class OpenedWorkbook:
    """A workbook someone sent back, opened read-only: its sheet names and each sheet's rows.

    Use it in a ``with`` block (read-only mode keeps the package open until closed).
    """

    def __init__(self, workbook: Workbook, where: str) -> None:
        self._workbook = workbook
        self.where = where

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
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # openpyxl raises many kinds for damaged parts
                raise _unreadable(self.where, exc) from exc
            yield row

    def close(self) -> None:
        self._workbook.close()

    def __enter__(self) -> OpenedWorkbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def open_workbook(path: Path) -> tuple[OpenedWorkbook, bytes]:
    """The workbook at ``path``, opened read-only, and its bytes (for the journal's SHA-256)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("the file does not exist", where=str(path), fix="Check the path.") from exc
    except IsADirectoryError as exc:
        raise InputError("this is a folder, not a workbook", where=str(path),
                         fix="Give the path of the .xlsx file.") from exc
    check_package(data, str(path))
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
    """Refuse anything that is not a complete, plain .xlsx package.

    ``kind`` names the workbook expected (in the message for an oversized one); ``fix`` says
    what to give instead of a file that is not an .xlsx workbook, ``large_fix`` instead of an
    oversized one.
    """
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise InputError(
                "the workbook is password-protected (encrypted), so ssrgen cannot read it", where=where,
                fix="Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt "
                "with Password, clear it), save, and import again.",
            )
        raise InputError(
            "the file is an old-format Excel file (.xls), not an .xlsx workbook", where=where,
            fix="Open it in Excel and save it as 'Excel Workbook (.xlsx)', then import that copy.",
        )
    if not data.startswith(b"PK"):
        raise InputError(
            "the file is not an Excel workbook (.xlsx)", where=where, fix=fix,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _damaged(where) from exc
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise InputError(
            "the file is a zip archive but not an Excel workbook (.xlsx)", where=where, fix=fix,
        )
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise InputError(
            f"the workbook unpacks to more than 200 MB, far more than {kind} holds", where=where, fix=large_fix,
        )
    for member in members:
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
            raise _damaged(where) from exc
        if member.filename.endswith((".xml", ".rels", ".vml")):
            try:
                _check_xml(content)
            except (defusedxml.DefusedXmlException, SafeET.ParseError, expat.ExpatError) as exc:
                raise InputError(
                    f"the workbook's part {member.filename} is not plain XML ({exc})", where=where,
                    fix="The file may be damaged or crafted; open it in Excel, save a new copy, and import that.",
                ) from exc


def _check_xml(content: bytes) -> None:
    """Parse an XML part in full, refusing any DTD, as defusedxml's ``forbid_dtd`` does,
    without building a tree (the parts of a large workbook are tens of megabytes)."""
    parser = expat.ParserCreate()

    def forbid(name: str, system_id: str | None, public_id: str | None, _internal: bool) -> None:
        raise DTDForbidden(name, system_id, public_id)

    parser.StartDoctypeDeclHandler = forbid
    parser.Parse(content, True)


def _damaged(where: str) -> InputError:
    return InputError(
        "the workbook is damaged or incomplete (it may have been cut off while copying)", where=where,
        fix="Copy or download the file again, or open it in Excel and save a new copy, then import that.",
    )
