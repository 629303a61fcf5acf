"""The text a file holds, as a reader would see it, place by place.

The FTI scan (:mod:`ssrgen.output`) reads every file ssrgen writes, and every
attachment it packages, through :func:`text_of`: each piece of text with the
place it sits in the file, so a refusal can say where (``SSR.docx (body,
paragraph 12)``, ``Evidence!C14``, ``site/ac-2.html:40``).

* Word (.docx): the body, headers, footers, notes and comments, one line per
  paragraph, with what Word splits a paragraph into joined again; image
  descriptions; the document properties.
* Excel (.xlsx): every cell's text (shared and inline strings, formulas), named
  ``Sheet!Cell``; comments; sheet and defined names; the document properties.
* PDF: the text of each page (pypdf).
* Text (HTML, Markdown, CSV, JSON, JavaScript, iCalendar, YAML, ...): decoded as
  UTF-8, with what each format escapes undone (HTML entities, ``\\uXXXX`` in
  JSON and scripts, iCalendar's folded lines and backslashes).

A file that is none of these and is not UTF-8 text is *unreadable*: ``text_of``
raises :class:`Unreadable`, and the caller decides (generated theme assets such
as fonts and images are skipped; an attachment must be allowed by name).
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from ssrgen.fti_scan import IDENTIFIER_WORDS

TEXT_SUFFIXES = frozenset({
    ".txt", ".md", ".csv", ".tsv", ".html", ".htm", ".xml", ".svg", ".json", ".js", ".css", ".ics",
    ".yaml", ".yml", ".rtf", ".log",
})
# what a generated site or package may hold that carries no text anyone wrote
BINARY_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".gz"})
MAX_PART = 400 * 1024 * 1024  # bytes of one unpacked part read at most


class Unreadable(Exception):
    """ssrgen cannot read the text of this file (an unknown binary, an encrypted or damaged file)."""


@dataclass(frozen=True)
class Piece:
    """A text and where it sits in its file; ``unit`` says what a line of it is
    ("line" for a text file, "paragraph" for a Word part, "" when it is one value)."""

    where: str
    text: str
    unit: str = ""

    def at(self, line: int) -> str:
        """The place of line ``line`` of the text: ``site/ac-2.html:40``, ``SSR.docx (body, paragraph 12)``."""
        if self.unit == "line":
            return f"{self.where}:{line}"
        if self.unit == "paragraph":
            return f"{self.where[:-1]}, paragraph {line})"
        return self.where


def text_of(name: str, data: bytes) -> Iterator[Piece]:
    """Every piece of text of a file called ``name`` holding ``data``."""
    suffix = _suffix(name)
    if suffix == ".docx" or (suffix in (".docm", ".dotx") and data[:2] == b"PK"):
        yield from _docx(name, data)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _xlsx(name, data)
    elif suffix == ".pdf":
        yield from _pdf(name, data)
    elif suffix == ".eml":
        yield from _eml(name, data)
    else:
        text = _decoded(name, data)
        if suffix == ".ics":
            text = _unfold_ics(text)
        elif suffix in (".json", ".js"):
            text = _unescape_script(text)
        elif suffix == ".rtf":
            text = _rtf(text)
        if suffix in (".html", ".htm", ".xml", ".svg"):
            if "&" in text:
                text = html.unescape(text)
            if _TAG_IN_NUMBER.search(text):  # 1<b>2</b>3-45-6789: the digits as a browser shows them
                yield Piece(f"{name} (text without its tags)", _TAG.sub("", text), "")
        yield from _lines(name, text)


@dataclass(frozen=True)
class FileFormat:
    """What a file's bytes are, and the suffixes a file of that format is named with."""

    name: str  # "an Excel workbook"
    suffixes: tuple[str, ...]  # the first is the one to use


WORD = FileFormat("a Word document", (".docx",))
EXCEL = FileFormat("an Excel workbook", (".xlsx",))
PDF = FileFormat("a PDF document", (".pdf",))
ICALENDAR = FileFormat("an iCalendar file", (".ics",))
JSON = FileFormat("a JSON file", (".json",))
HTML = FileFormat("a web page", (".html", ".htm"))


def format_of(data: bytes) -> FileFormat | None:
    """The format of a file ssrgen writes, told from its bytes (None: a text of no format of its own,
    such as CSV or Markdown, or a file ssrgen does not tell apart)."""
    if data[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        return WORD if "word/document.xml" in names else EXCEL if "xl/workbook.xml" in names else None
    if data[:5] == b"%PDF-":
        return PDF
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"BEGIN:VCALENDAR"):
        return ICALENDAR
    if head[:1] in (b"{", b"["):
        try:
            json.loads(data)
        except ValueError:
            return None
        return JSON
    if head[:15].lower() == b"<!doctype html>" or head[:5].lower() == b"<html":
        return HTML
    return None


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") else ""


def _decoded(name: str, data: bytes) -> str:
    if b"\0" in data[:8192]:
        raise Unreadable(name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else _fail(name)
        except UnicodeDecodeError as exc:
            raise Unreadable(name) from exc


def _fail(name: str) -> str:
    raise Unreadable(name)


def _lines(name: str, text: str) -> Iterator[Piece]:
    yield Piece(name, text, "line")


_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _unescape_script(text: str) -> str:
    if "\\" not in text:
        return text
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text).replace("\\/", "/")


_RTF_ESCAPE = re.compile(r"\\'([0-9a-fA-F]{2})|\\u(-?\d+)\??|\\([_~-])")


def _rtf(text: str) -> str:
    """RTF's escapes undone: ``\\_`` (a non-breaking hyphen), ``\\'2d``, ``\\u8209?``, ``\\~``, ``\\-``."""
    def undone(match: re.Match[str]) -> str:
        if match.group(1):
            return bytes([int(match.group(1), 16)]).decode("cp1252", "replace")
        if match.group(2):
            code = int(match.group(2))
            return chr(code + 65536 if code < 0 else code) if -32768 <= code < 65536 else ""
        return {"_": "\u2011", "~": " ", "-": ""}[match.group(3)]

    return _RTF_ESCAPE.sub(undone, text)


def _eml(name: str, data: bytes) -> Iterator[Piece]:
    """An e-mail: its headers, each text part decoded (base64, quoted-printable), each attachment read."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    yield Piece(f"{name} (headers)", "\n".join(f"{k}: {v}" for k, v in message.items()), "line")
    for number, part in enumerate(message.walk(), 1):
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        filename = part.get_filename()
        if filename:
            yield from text_of(f"{name}/{filename}", payload)
        elif part.get_content_maintype() == "text":
            charset = part.get_content_charset() or "utf-8"
            try:
                text = payload.decode(charset, "replace")
            except LookupError as exc:
                raise Unreadable(name) from exc
            yield Piece(f"{name} (part {number})", html.unescape(text) if "&" in text else text, "line")
        else:
            raise Unreadable(name)


def _unfold_ics(text: str) -> str:
    text = re.sub(r"\r?\n[ \t]", "", text)  # RFC 5545 §3.1: a folded line continues after CRLF + space
    return text.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


# ------------------------------------------------------------------ Word

_PARAGRAPH_END = re.compile(r"</w:p>|<w:br\b[^>]*/>|<w:cr\b[^>]*/>|</w:tc>|</a:p>")
_TAB = re.compile(r"<w:tab\b[^>]*/>")
_TAG = re.compile(r"<[^>]+>")
# an inline tag between the digits of a number (1<b>2</b>3-45-6789); possessive, so no backtracking
_TAG_IN_NUMBER = re.compile(r"\d(?:</?(?:b|i|u|s|em|strong|span|font|small|mark|a|code)\b[^<>]*+>)++[\d\-.]")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
# Word's own characters, written as elements: a non-breaking hyphen shows as one, a soft hyphen as nothing
_NO_BREAK_HYPHEN = re.compile(r"<w:noBreakHyphen\b[^>]*/>")
_SOFT_HYPHEN = re.compile(r"<w:softHyphen\b[^>]*/>")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_DESCRIPTION = re.compile(r'\b(?:descr|title|Target)="([^"]*)"')


def _archive(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise Unreadable(name) from exc


def _read(archive: zipfile.ZipFile, name: str, member: str) -> str:
    info = archive.getinfo(member)
    if info.file_size > MAX_PART:
        raise Unreadable(name)
    try:
        return archive.read(member).decode("utf-8", "replace")
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:  # RuntimeError: encrypted member
        raise Unreadable(name) from exc


def xml_text(xml: str) -> str:
    """The visible text of an OOXML part: one line per paragraph (or cell), tabs kept."""
    xml = _DECLARATION.sub("", xml, count=1)
    if "<!--" in xml:
        xml = _COMMENT.sub(lambda m: " " + m.group(1).replace("<", " ").replace(">", " ") + " ", xml)
    if "Hyphen" in xml:
        xml = _SOFT_HYPHEN.sub("", _NO_BREAK_HYPHEN.sub("\u2011", xml))
    text = _TAB.sub("\t", _PARAGRAPH_END.sub("\n", xml))
    described = " ".join(_DESCRIPTION.findall(xml))
    text = _TAG.sub("", text)
    if described:
        text += "\n" + described
    return html.unescape(text) if "&" in text else text


def _docx(name: str, data: bytes) -> Iterator[Piece]:
    archive = _archive(name, data)
    for member in archive.namelist():
        if member.startswith("word/embeddings/"):  # a workbook or document inside: read as itself
            inner = f"{name}/{member.rsplit('/', 1)[-1]}"
            if _suffix(inner) not in (".docx", ".xlsx", ".docm", ".xlsm", ".pdf", ".txt", ".csv"):
                raise Unreadable(inner)
            yield from text_of(inner, archive.read(member))
        elif not member.endswith((".xml", ".rels")):
            continue
        elif member.startswith("word/") and member.endswith(".xml"):
            part = member.removeprefix("word/").removesuffix(".xml")
            label = "body" if part == "document" else part
            yield Piece(f"{name} ({label})", xml_text(_read(archive, name, member)), "paragraph")
        elif member.startswith("docProps/"):
            yield Piece(f"{name} (document properties)", xml_text(_read(archive, name, member)))
        else:  # the links' targets (.rels), data parts (customXml), the content types
            yield Piece(f"{name} ({member})", xml_text(_read(archive, name, member)))


# ------------------------------------------------------------------ Excel

_SHEET = re.compile(r'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_RELATION = re.compile(r'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_RELATION_REVERSED = re.compile(r'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_SHARED = re.compile(r"<si>(.*?)</si>", re.DOTALL)
_CELL = re.compile(r'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.DOTALL)
_REF = re.compile(r'\br="([A-Z]+\d+)"')
_TYPE = re.compile(r'\bt="(\w+)"')
_VALUE = re.compile(r"<v>(.*?)</v>", re.DOTALL)
_FORMULA = re.compile(r"<f\b[^>]*>(.*?)</f>", re.DOTALL)
_COLUMN_ROW = re.compile(r"([A-Z]+)(\d+)")


def sheet_parts(archive: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(sheet name, part name) of every worksheet, in the workbook's order."""
    try:
        workbook = _read(archive, name, "xl/workbook.xml")
        relations = _read(archive, name, "xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    targets = dict(_RELATION.findall(relations))
    targets.update({rid: target for target, rid in _RELATION_REVERSED.findall(relations)})
    parts = []
    for sheet, rid in _SHEET.findall(workbook):
        target = targets.get(rid, "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts.append((html.unescape(sheet), member))
    return parts


def _xlsx(name: str, data: bytes) -> Iterator[Piece]:
    archive = _archive(name, data)
    members = set(archive.namelist())
    shared: list[str] = []
    if "xl/sharedStrings.xml" in members:
        shared = [xml_text(s).strip("\n") for s in _SHARED.findall(_read(archive, name, "xl/sharedStrings.xml"))]
    for sheet, member in sheet_parts(archive, name):
        if member not in members:
            continue
        xml = _read(archive, name, member)
        headers: dict[str, str] = {}  # column -> the first text in it, when that names an identifier
        seen_columns: set[str] = set()
        rows: dict[str, list[tuple[str, str]]] = {}
        for attributes, body in _CELL.findall(xml):
            if not body:
                continue
            ref = _REF.search(attributes)
            cell = ref.group(1) if ref else "?"
            where = f"{name} {sheet}!{cell}"
            kind = _TYPE.search(attributes)
            formula = _FORMULA.search(body)
            if formula:
                yield Piece(where, html.unescape(formula.group(1)))
            text = None
            if kind and kind.group(1) == "s":
                value = _VALUE.search(body)
                if value and value.group(1).strip().isdigit() and int(value.group(1)) < len(shared):
                    text = shared[int(value.group(1))]
            elif kind and kind.group(1) in ("inlineStr", "str"):
                text = xml_text(body)
            elif not kind or kind.group(1) == "n":  # a number: 123456789 shown as 123-45-6789 by its format
                value = _VALUE.search(body)
                text = value.group(1) if value else None
            if not text:
                continue
            place = _COLUMN_ROW.fullmatch(cell)
            column, row = place.groups() if place else ("?", "?")
            if column not in seen_columns:
                seen_columns.add(column)
                if IDENTIFIER_WORDS.search(text):
                    headers[column] = text
            header = headers.get(column)
            # a number under a column headed 'SSN' is read as the header and the number
            yield Piece(where, f"{header}: {text}" if header and header != text else text)
            rows.setdefault(row, []).append((cell, text))
        for cells in rows.values():  # 'SSN' in A1 and the number in B1: the row read as one line
            joined = "\t".join(text for _, text in cells)
            if len(cells) > 1 and IDENTIFIER_WORDS.search(joined):
                yield Piece(f"{name} {sheet}!{cells[0][0]}:{cells[-1][0]}", joined)
    for member in sorted(members):
        if member.startswith(("xl/comments", "xl/threadedComments", "docProps/")) or member == "xl/workbook.xml":
            yield Piece(f"{name} ({member})", xml_text(_read(archive, name, member)))


# ------------------------------------------------------------------ PDF

def _pdf(name: str, data: bytes) -> Iterator[Piece]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - a dependency
        raise Unreadable(name) from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Unreadable(name)
        pages = [page.extract_text() or "" for page in reader.pages]
        # what a reader also sees: the notes on the pages, and the document's properties
        notes = [(number, str(note.get_object().get("/Contents") or ""))
                 for number, page in enumerate(reader.pages, 1) for note in (page.get("/Annots") or [])]
        properties = [str(value) for value in (reader.metadata or {}).values()]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise Unreadable(name) from exc
    for number, text in enumerate(pages, 1):
        yield Piece(f"{name} (page {number})", text)
    for number, text in notes:
        if text:
            yield Piece(f"{name} (page {number}, note)", text)
    if properties:
        yield Piece(f"{name} (document properties)", "\n".join(properties))
