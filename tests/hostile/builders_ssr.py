"""Hostile and broken Word documents for 'ssrgen ssr import' and 'ssrgen ssr --into'.

Each builder takes the fresh workspace (a copy of the bundled example) and a
scratch folder, and puts the document to give in the scratch folder.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import docx
from docx.oxml import OxmlElement

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADERS = ["Control", "Implementation Status", "Agency Response", "IRS Comments"]


def _control_document(*tables: list[tuple[str, str, str]]) -> docx.document.Document:
    """An SSR with section 9 and one control table per list of (control, status, response)."""
    document = docx.Document()
    document.add_heading("9 Information Security Controls", 1)
    for rows in tables:
        table = document.add_table(rows=1, cols=len(HEADERS))
        for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
            cell.text = text
        for control, status, response in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = control, status, response
    return document


def _save(document: docx.document.Document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _rewrite(source: Path, target: Path, part: str, change: bytes) -> None:
    """A copy of ``source`` with one part's bytes replaced."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(item, change if item.filename == part else original.read(item))


def not_a_docx(ws: Path, tmp: Path) -> None:
    (tmp / "ssr.docx").write_text("Safeguard Security Report 2025\nAC-2: Implemented\n", encoding="utf-8")


def password_protected(ws: Path, tmp: Path) -> None:
    # an encrypted Word document is an OLE compound file holding an EncryptionInfo stream
    (tmp / "ssr.docx").write_bytes(OLE + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512)


def old_word_format(ws: Path, tmp: Path) -> None:
    (tmp / "ssr.doc").write_bytes(OLE + b"\0" * 2048)


def zip_but_not_docx(ws: Path, tmp: Path) -> None:
    with zipfile.ZipFile(tmp / "ssr.docx", "w") as archive:
        archive.writestr("notes.txt", "not a document")


def truncated(ws: Path, tmp: Path) -> None:
    full = _save(_control_document([("AC-2", "Implemented", "Accounts are reviewed.")]), tmp / "full.docx")
    data = full.read_bytes()
    (tmp / "ssr.docx").write_bytes(data[: len(data) // 2])
    full.unlink()


def external_entity(ws: Path, tmp: Path) -> None:
    """document.xml declares an external entity (a file outside the document) and uses it."""
    source = _save(_control_document([("AC-2", "Implemented", "Accounts are reviewed.")]), tmp / "plain.docx")
    with zipfile.ZipFile(source) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    head, _, rest = xml.partition("?>")
    doctype = (f'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://{tmp}/CANARY-source">'
               f'<!ENTITY write SYSTEM "file://{tmp}/CANARY">]>')
    xml = head + "?>" + doctype + rest.replace("Accounts are reviewed.", "&secret;&write;")
    (tmp / "CANARY-source").write_text("what an entity would read", encoding="utf-8")
    _rewrite(source, tmp / "ssr.docx", "word/document.xml", xml.encode("utf-8"))
    source.unlink()


def entity_expansion(ws: Path, tmp: Path) -> None:
    """docProps/core.xml expands entities a billion times over ("billion laughs")."""
    source = _save(_control_document([("AC-2", "Implemented", "Accounts are reviewed.")]), tmp / "plain.docx")
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' +
            "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) +
            "]><x>&i;</x>").encode("utf-8")
    _rewrite(source, tmp / "ssr.docx", "docProps/core.xml", bomb)
    source.unlink()


def oversized(ws: Path, tmp: Path) -> None:
    """A small file that unpacks to more than 200 MB (a part of zeros)."""
    source = _save(_control_document([("AC-2", "Implemented", "Accounts are reviewed.")]), tmp / "plain.docx")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(tmp / "ssr.docx", "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(item, original.read(item))
        with copy.open("word/media/padding.bin", "w", force_zip64=True) as padding:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(201):
                padding.write(chunk)
    source.unlink()


def ten_thousand_rows(ws: Path, tmp: Path) -> None:
    """One control table of 10,000 rows: 17 Access Control ids over and over."""
    controls = [f"AC-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 17, 18, 19, 20, 21, 22)]
    document = docx.Document()
    document.add_heading("9 Information Security Controls", 1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, HEADERS[:3], strict=True):
        cell.text = text
    body = table._tbl
    template = table.add_row()._tr
    body.remove(template)
    for index in range(10_000):
        tr = OxmlElement("w:tr")
        for text in (controls[index % len(controls)], "Implemented", f"Row {index + 1} of the large table."):
            tc = OxmlElement("w:tc")
            p = OxmlElement("w:p")
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = text
            r.append(t)
            p.append(r)
            tc.append(p)
            tr.append(tc)
        body.append(tr)
    _save(document, tmp / "ssr.docx")


def merged_cells(ws: Path, tmp: Path) -> None:
    """The Agency Response of AC-3 is one cell with AC-2's (merged vertically)."""
    document = _control_document([("AC-2", "Implemented", "One text for two controls."), ("AC-3", "Implemented", "")])
    table = document.tables[0]
    table.cell(1, 2).merge(table.cell(2, 2))
    _save(document, tmp / "ssr.docx")


def repeated_control(ws: Path, tmp: Path) -> None:
    """AC-2 answered in two tables, differently."""
    document = _control_document([("AC-2", "Implemented", "Accounts are reviewed quarterly.")],
                                 [("AC-7", "Implemented", "Lockout after three attempts."),
                                  ("AC-02", "Planned", "Accounts will be reviewed.")])
    _save(document, tmp / "ssr.docx")


def ssn_in_a_section(ws: Path, tmp: Path) -> None:
    document = _control_document([("AC-2", "Implemented", "Accounts are reviewed.")])
    document.add_heading("8 Disposal", 1)
    document.add_paragraph("Shredding log entry for taxpayer 123-45-6789 was kept.")
    _save(document, tmp / "ssr.docx")


def no_anchor(ws: Path, tmp: Path) -> None:
    """A Word document with no heading and no control table: a cover letter."""
    document = docx.Document()
    document.add_paragraph("Dear Office of Safeguards, our SSR follows under separate cover.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Contact"
    table.cell(1, 0).text = "Casey Nguyen"
    _save(document, tmp / "accepted.docx")


def accepted_with_external_entity(ws: Path, tmp: Path) -> None:
    external_entity(ws, tmp)
    (tmp / "ssr.docx").rename(tmp / "accepted.docx")


def accepted_not_a_docx(ws: Path, tmp: Path) -> None:
    not_a_docx(ws, tmp)
    (tmp / "ssr.docx").rename(tmp / "accepted.docx")


def accepted_password_protected(ws: Path, tmp: Path) -> None:
    password_protected(ws, tmp)
    (tmp / "ssr.docx").rename(tmp / "accepted.docx")


def plain_memo(ws: Path, tmp: Path) -> None:
    """A Word document with nothing of an SSR: no heading of its outline, no control table."""
    document = docx.Document()
    document.add_paragraph("Memo to all staff")
    document.add_paragraph("Lock FTI away at the end of every day; the clean desk policy applies to everyone.")
    _save(document, tmp / "memo.docx")


def lying_sizes(ws: Path, tmp: Path) -> None:
    """A "zip bomb": word/document.xml inflates to 1 GB (the document, then spaces), while the package
    says it holds the document and 20 KB of spaces, with the checksum of those."""
    source = _save(_control_document([("AC-2", "Implemented", "Accounts are reviewed.")]), tmp / "plain.docx")
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml")
        members = [(item, original.read(item)) for item in original.infolist()]
    declared = xml + b" " * 20_000
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunk = b" " * (1024 * 1024)
    bomb = packer.compress(xml) + b"".join(packer.compress(chunk) for _ in range(1024)) + packer.flush()
    target = tmp / "ssr.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item, content in members:
            if item.filename != "word/document.xml":
                copy.writestr(item, content)
    # the bomb goes in by hand, its local and central headers saying the declared size and checksum
    data = target.read_bytes()
    directory = data.index(b"PK\x01\x02")
    end = data.index(b"PK\x05\x06")
    name = b"word/document.xml"
    crc, size = zlib.crc32(declared), len(declared)
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(bomb), size, len(name), 0) + name
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(bomb), size, len(name), 0, 0,
                          0, 0, 0, directory) + name
    entries, directory_size = struct.unpack_from("<10xHL", data, end)
    eocd = bytearray(data[end:])
    struct.pack_into("<HH2L", eocd, 8, entries + 1, entries + 1, directory_size + len(central),
                     directory + len(local) + len(bomb))
    target.write_bytes(data[:directory] + local + bomb + data[directory:end] + central + bytes(eocd))
    source.unlink()


def with_macros(ws: Path, tmp: Path) -> None:
    """A .docx that carries a VBA project (word/vbaProject.bin), as a .docm would."""
    source = _save(_control_document([("AC-2", "Implemented", "Accounts are reviewed.")]), tmp / "plain.docx")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(tmp / "ssr.docx", "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(item, original.read(item))
        copy.writestr("word/vbaProject.bin", OLE + b"\0" * 1024)
    source.unlink()


def macro_enabled(ws: Path, tmp: Path) -> None:
    """A Word macro-enabled document (.docm): its main part's content type says so."""
    source = _save(_control_document([("AC-2", "Implemented", "Accounts are reviewed.")]), tmp / "plain.docx")
    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml")
    _rewrite(source, tmp / "ssr.docm", "[Content_Types].xml", types)
    source.unlink()


def accepted_with_macros(ws: Path, tmp: Path) -> None:
    with_macros(ws, tmp)
    (tmp / "ssr.docx").rename(tmp / "accepted.docx")


def accepted_macro_enabled(ws: Path, tmp: Path) -> None:
    macro_enabled(ws, tmp)
    (tmp / "ssr.docm").rename(tmp / "accepted.docm")
