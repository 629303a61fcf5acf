"""Opening an Office file someone sent, without trusting it (.xlsx workbooks, .docx documents).

Before any Office library sees the file: it must be a zip (an encrypted Office
file is an OLE compound file holding an ``EncryptionInfo`` stream; an old
.xls or .doc is an OLE file too), complete (every member's checksum is right),
of sane size, hold the main part of its format, and every XML part must parse
with no DTD at all (Word and Excel never write one; entity tricks need one),
and it must hold no macros (a VBA project, a macro-enabled format).
Sizes are checked as the parts actually unpack, a bounded chunk at a time, not
as the package declares them: a part that inflates past its declared size or
past the limit is refused before anything else reads it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

import defusedxml
from defusedxml import DTDForbidden

from ssrgen.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class OfficeFormat:
    """What one kind of Office file is called, where its main part is, and how to fix a wrong one."""

    noun: str  # "workbook", "document"
    name: str  # "an Excel workbook (.xlsx)"
    main_part: str  # "xl/workbook.xml"
    unencrypt: str  # how to remove the password in the application
    old_format: str  # "the file is an old-format Excel file (.xls), not an .xlsx workbook"
    resave: str  # how to save the old format as the new one
    application: str  # "Excel"
    then: str  # what to do with a new copy: "import that"
    plain: str = ""  # the plain (macro-free) format, as the application's Save As names it
    max_unpacked: int = 200 * 1024 * 1024


XLSX = OfficeFormat(
    noun="workbook", name="an Excel workbook (.xlsx)", main_part="xl/workbook.xml",
    unencrypt="Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, "
    "clear it), save, and import again.",
    old_format="the file is an old-format Excel file (.xls), not an .xlsx workbook",
    resave="Open it in Excel and save it as 'Excel Workbook (.xlsx)', then import that copy.",
    application="Excel", then="import that", plain="a plain .xlsx (Excel Workbook)",
)
DOCX = OfficeFormat(
    noun="document", name="a Word document (.docx)", main_part="word/document.xml",
    unencrypt="Open it in Word, remove the password (File > Info > Protect Document > Encrypt with Password, "
    "clear it), save, and use that copy.",
    old_format="the file is an old-format Word file (.doc), not a .docx document",
    resave="Open it in Word and save it as 'Word Document (*.docx)', then use that copy.",
    application="Word", then="use that copy", plain="a plain .docx (Word Document)",
)


def check_package(data: bytes, where: str, office: OfficeFormat, *, kind: str, fix: str, large_fix: str) -> None:
    """Refuse anything that is not a complete, plain Office package of the format ``office``.

    ``kind`` names the file expected (in the message for an oversized one: "an evidence
    workbook"); ``fix`` says what to give instead of a file of another format, ``large_fix``
    instead of an oversized one.
    """
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise InputError(f"the {office.noun} is password-protected (encrypted), so ssrgen cannot read it",
                             where=where, fix=office.unencrypt)
        raise InputError(office.old_format, where=where, fix=office.resave)
    if not data.startswith(b"PK"):
        raise InputError(f"the file is not {office.name}", where=where, fix=fix)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _damaged(office, where) from exc
    names = {m.filename for m in members}
    if office.main_part not in names:
        raise InputError(f"the file is a zip archive but not {office.name}", where=where, fix=fix)
    macros = next((m.filename for m in members if m.filename.lower().rsplit("/", 1)[-1] == "vbaproject.bin"), None)
    if macros is not None:
        raise _holds_macros(office, where, macros.rsplit("/", 1)[-1])
    if sum(m.file_size for m in members) > office.max_unpacked:
        raise InputError(
            f"the {office.noun} unpacks to more than {office.max_unpacked // (1024 * 1024)} MB, far more than "
            f"{kind} holds", where=where, fix=large_fix,
        )
    unpacked = 0
    content_types = b""
    for member in members:
        parser = _xml_parser() if member.filename.endswith((".xml", ".rels", ".vml")) else None
        try:
            for chunk in _unpacked(data, member):
                unpacked += len(chunk)
                if member.filename == "[Content_Types].xml" and len(content_types) < _OUT:
                    content_types += chunk
                if unpacked > office.max_unpacked:
                    raise InputError(
                        f"the {office.noun} unpacks to more than {office.max_unpacked // (1024 * 1024)} MB, far more "
                        f"than {kind} holds", where=where, fix=large_fix)
                if parser is not None:
                    parser.Parse(chunk, False)
            if parser is not None:
                parser.Parse(b"", True)
        except _Oversized as exc:
            raise InputError(
                f"the {office.noun}'s part {member.filename} unpacks to more than the {member.file_size} bytes the "
                "package says it holds (a crafted file, a \"zip bomb\")", where=where,
                fix=f"Do not open it; ask the sender for the {office.noun} as {office.application} saved it.") from exc
        except (defusedxml.DefusedXmlException, expat.ExpatError) as exc:  # before ValueError: DTDForbidden is one
            raise InputError(
                f"the {office.noun}'s part {member.filename} is not plain XML ({exc})", where=where,
                fix=f"The file may be damaged or crafted; open it in {office.application}, save a new copy, "
                f"and {office.then}.",
            ) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
            raise _damaged(office, where) from exc
    if b"macroenabled" in content_types.lower():  # a .docm or .xlsm, whatever its name says
        raise _holds_macros(office, where, "a macro-enabled format")


_READ = 64 * 1024  # compressed bytes fed to the decompressor at a time
_OUT = 1024 * 1024  # the most it gives back at a time: memory stays bounded whatever a part inflates to
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra field length


class _Oversized(Exception):
    """A member inflates to more than its declared size."""


def _unpacked(data: bytes, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The bytes of ``member`` as they unpack, a bounded chunk at a time, checked against the size
    and checksum the package declares for it: zipfile trusts the declared size (it inflates a whole
    member at once, then cuts it there), so a part that inflates further is refused here, before
    anything else reads it."""
    if member.flag_bits & 0x1:
        raise zipfile.BadZipFile(f"{member.filename} is encrypted")  # Office encrypts the whole file, never a part
    offset = member.header_offset
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, offset)
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {member.filename}")
    start = offset + _LOCAL_HEADER.size + name_length + extra_length
    raw = memoryview(data)[start:start + member.compress_size]
    if len(raw) != member.compress_size:
        raise zipfile.BadZipFile(f"{member.filename} is cut off")
    if member.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = (bytes(raw[i:i + _OUT]) for i in range(0, len(raw), _OUT))
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        pieces = _inflated(raw)
    else:  # Word and Excel only store or deflate their parts
        raise zipfile.BadZipFile(f"{member.filename} uses compression method {member.compress_type}")
    size = 0
    crc = 0
    for piece in pieces:
        size += len(piece)
        if size > member.file_size:
            raise _Oversized(member.filename)
        crc = zlib.crc32(piece, crc)
        yield piece
    if size != member.file_size or crc != member.CRC:
        raise zipfile.BadZipFile(f"{member.filename} does not unpack to its declared size and checksum")


def _inflated(raw: memoryview) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position = 0
    pending = b""
    while not inflater.eof:
        if not pending:
            if position >= len(raw):
                raise zipfile.BadZipFile("the compressed data ends early")
            pending = bytes(raw[position:position + _READ])
            position += _READ
        piece = inflater.decompress(pending, _OUT)
        pending = inflater.unconsumed_tail
        if piece:
            yield piece


def _xml_parser() -> Any:
    """An expat parser refusing any DTD, as defusedxml's ``forbid_dtd`` does, fed a part as it unpacks."""
    parser = expat.ParserCreate()

    def forbid(name: str, system_id: str | None, public_id: str | None, _internal: bool) -> None:
        raise DTDForbidden(name, system_id, public_id)

    parser.StartDoctypeDeclHandler = forbid
    return parser


def _holds_macros(office: OfficeFormat, where: str, what: str) -> InputError:
    return InputError(f"the {office.noun} holds macros ({what}), which ssrgen never opens nor copies", where=where,
                      fix=f"Open it in {office.application}, save it as {office.plain} and try again.")


def _damaged(office: OfficeFormat, where: str) -> InputError:
    return InputError(
        f"the {office.noun} is damaged or incomplete (it may have been cut off while copying)", where=where,
        fix=f"Copy or download the file again, or open it in {office.application} and save a new copy, then "
        f"{office.then}.",
    )
