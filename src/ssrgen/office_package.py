"""Opening an Office file someone sent, without trusting it (.xlsx workbooks, .docx documents).

Before any Office library sees the file: it must be a zip (an encrypted Office
file is an OLE compound file holding an ``EncryptionInfo`` stream; an old
.xls or .doc is an OLE file too), complete (every member's checksum is right),
of sane size, hold the main part of its format, and every XML part must parse
with no DTD at all (Word and Excel never write one; entity tricks need one).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as SafeET
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
    max_unpacked: int = 200 * 1024 * 1024


XLSX = OfficeFormat(
    noun="workbook", name="an Excel workbook (.xlsx)", main_part="xl/workbook.xml",
    unencrypt="Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, "
    "clear it), save, and import again.",
    old_format="the file is an old-format Excel file (.xls), not an .xlsx workbook",
    resave="Open it in Excel and save it as 'Excel Workbook (.xlsx)', then import that copy.",
    application="Excel", then="import that",
)
DOCX = OfficeFormat(
    noun="document", name="a Word document (.docx)", main_part="word/document.xml",
    unencrypt="Open it in Word, remove the password (File > Info > Protect Document > Encrypt with Password, "
    "clear it), save, and use that copy.",
    old_format="the file is an old-format Word file (.doc), not a .docx document",
    resave="Open it in Word and save it as 'Word Document (*.docx)', then use that copy.",
    application="Word", then="use that copy",
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
    if sum(m.file_size for m in members) > office.max_unpacked:
        raise InputError(
            f"the {office.noun} unpacks to more than {office.max_unpacked // (1024 * 1024)} MB, far more than "
            f"{kind} holds", where=where, fix=large_fix,
        )
    for member in members:
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
            raise _damaged(office, where) from exc
        if member.filename.endswith((".xml", ".rels", ".vml")):
            try:
                check_xml(content)
            except (defusedxml.DefusedXmlException, SafeET.ParseError, expat.ExpatError) as exc:
                raise InputError(
                    f"the {office.noun}'s part {member.filename} is not plain XML ({exc})", where=where,
                    fix=f"The file may be damaged or crafted; open it in {office.application}, save a new copy, "
                    f"and {office.then}.",
                ) from exc


def check_xml(content: bytes) -> None:
    """Parse an XML part in full, refusing any DTD, as defusedxml's ``forbid_dtd`` does,
    without building a tree (the parts of a large workbook are tens of megabytes)."""
    parser = expat.ParserCreate()

    def forbid(name: str, system_id: str | None, public_id: str | None, _internal: bool) -> None:
        raise DTDForbidden(name, system_id, public_id)

    parser.StartDoctypeDeclHandler = forbid
    parser.Parse(content, True)


def _damaged(office: OfficeFormat, where: str) -> InputError:
    return InputError(
        f"the {office.noun} is damaged or incomplete (it may have been cut off while copying)", where=where,
        fix=f"Copy or download the file again, or open it in {office.application} and save a new copy, then "
        f"{office.then}.",
    )
