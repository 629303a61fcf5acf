"""A Word document's body as the SSR reads it: paragraphs (with their heading level) and tables.

:func:`open_document` opens a .docx someone sent without trusting it (the
package is checked by :func:`ssrgen.office_package.check_package`: a zip,
not encrypted, no DTD, of sane size) and parses its main part with lxml, entities
never resolved and nothing fetched. :func:`blocks` walks a body in document
order, into content controls, yielding each paragraph with its text as Word
shows it (tracked deletions left out, tabs and line breaks kept) and its
heading level (from the paragraph's outline level or its style, following
the styles it is based on), and each table with its rows and cells (merged
cells marked, each cell at its grid column). The walk reads the XML directly:
a table of 10,000 rows is read in one pass, never cell by cell through
python-docx (which rebuilds the whole table grid for every row).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ssrgen.errors import InputError
from ssrgen.office_package import DOCX, check_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024  # an SSR with every control is a few megabytes


def w(tag: str) -> str:
    """``w:p`` -> ``{namespace}p``."""
    return f"{{{W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = w("p"), w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent")
_CUSTOM_XML = w("customXml")
_T = w("t")
_TEXT = {w("t"): None, w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}
_VAL = w("val")


@dataclass
class Paragraph:
    """One paragraph: its element, its text, its heading level (None for body text)."""

    element: Any
    text: str
    level: int | None = None
    placeholder: bool = False  # the placeholder text of an empty content control, not anyone's words
    titled: bool = False  # body text that looks like a title: all of it bold, or in a title or heading-like style


@dataclass
class Cell:
    element: Any
    text: str
    column: int  # 0-based grid column where the cell starts
    span: int = 1
    merged_above: bool = False  # a continuation of the cell above (vertical merge)


@dataclass
class Row:
    element: Any
    number: int  # 1-based row of the table
    cells: list[Cell]

    def at(self, column: int) -> Cell | None:
        """The cell covering grid ``column``."""
        for cell in self.cells:
            if cell.column <= column < cell.column + cell.span:
                return cell
        return None


@dataclass
class Table:
    element: Any
    number: int  # 1-based among the document's tables
    rows: list[Row] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" | ".join(c.text for c in row.cells) for row in self.rows)


Block = Paragraph | Table


class Styles:
    """Which paragraph styles are headings, and of which level (from ``word/styles.xml``)."""

    def __init__(self, root: Any | None) -> None:
        self.levels: dict[str, int | None] = {}
        self._raw: dict[str, tuple[str, int | None, str | None]] = {}
        self._names: dict[tuple[str, str], str] = {}  # (type, id) -> name, for every style
        self._bold: dict[tuple[str, str], tuple[bool | None, str | None]] = {}  # (type, id) -> own bold, based on
        self._bolds: dict[tuple[str, str], bool] = {}
        if root is None:
            return
        for style in root.iter(w("style")):
            style_id = style.get(w("styleId")) or ""
            name_el = style.find(w("name"))
            name = (name_el.get(_VAL) if name_el is not None else "") or style_id
            kind = style.get(w("type")) or "paragraph"
            self._names[(kind, style_id)] = name
            based = style.find(w("basedOn"))
            self._bold[(kind, style_id)] = (_bold(style.find(w("rPr"))), based.get(_VAL) if based is not None else None)
            if kind != "paragraph":
                continue
            outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            level = _outline_level(outline)
            self._raw[style_id] = (name, level, based.get(_VAL) if based is not None else None)

    def level(self, style_id: str | None) -> int | None:
        """The heading level of a paragraph style (1 for Heading 1), None for any other style."""
        if not style_id:
            return None
        if style_id not in self.levels:
            self.levels[style_id] = self._level(style_id, 0)
        return self.levels[style_id]

    def _level(self, style_id: str, depth: int) -> int | None:
        found = self._raw.get(style_id)
        name = (found[0] if found else style_id).strip().lower()
        if name in ("title", "subtitle", "toc heading") or name.startswith("toc "):
            return None
        match = re.fullmatch(r"heading\s*([1-9])", name)
        if match:
            return int(match.group(1))
        if found is None or depth > 20:
            return None
        if found[1] is not None:
            return found[1] if found[1] <= 9 else None
        return self._level(found[2], depth + 1) if found[2] else None

    def bold(self, style_id: str | None, kind: str = "paragraph") -> bool:
        """Text in the style is bold (the style says so, or one it is based on does)."""
        key = (kind, style_id or "")
        if key not in self._bolds:
            found, seen = False, set()
            while key in self._bold and key not in seen:
                seen.add(key)
                own, based = self._bold[key]
                if own is not None:
                    found = own
                    break
                key = (kind, based or "")
            self._bolds[(kind, style_id or "")] = found
        return self._bolds[(kind, style_id or "")]

    def title_like(self, style_id: str | None) -> bool:
        """A paragraph style named like a title or a heading that is not one of Word's heading levels
        ("Title", "Subtitle", "SSR Heading"), a table of contents' aside."""
        name = (self.name_of(style_id) or style_id or "").lower()
        return ("title" in name or "heading" in name) and not name.startswith("toc")

    def id_named(self, name: str, kind: str = "paragraph") -> str | None:
        """The id of the style of ``kind`` called ``name`` (as Word shows it), if the document has it."""
        wanted = name.lower()
        for (style_kind, style_id), style_name in self._names.items():
            if style_kind == kind and style_name.lower() == wanted:
                return style_id
        return None

    def name_of(self, style_id: str | None, kind: str = "paragraph") -> str | None:
        return self._names.get((kind, style_id or ""))


def _outline_level(element: Any | None) -> int | None:
    """Word's outline level 0-8 as heading level 1-9; level 9 is body text."""
    if element is None:
        return None
    try:
        value = int(element.get(_VAL) or "9")
    except ValueError:
        return None
    return value + 1 if 0 <= value <= 8 else None


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def paragraph_text(element: Any) -> str:
    """The text of a paragraph as Word shows it, without what no one wrote: a drawing's fallback
    copy of its text, the placeholder of an empty content control ("Choose an item.")."""
    parts: list[str] = []
    stack = [element]
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in _TEXT:
            parts.append(node.text or "" if tag == _T else _TEXT[tag] or "")
            continue
        if tag == _FALLBACK or (tag == _SDT and showing_placeholder(node)):
            continue
        stack.extend(reversed(node))
    return "".join(parts)


def showing_placeholder(sdt: Any) -> bool:
    """A content control that shows its placeholder text, not an answer."""
    return sdt.find(f"{w('sdtPr')}/{w('showingPlcHdr')}") is not None


def blocks(body: Any, styles: Styles) -> Iterator[Block]:
    """The paragraphs and tables of a body (or a cell, or a content control), in document order."""
    counter = [0]
    yield from _walk(body, styles, counter, False)


def _walk(parent: Any, styles: Styles, counter: list[int], placeholder: bool) -> Iterator[Block]:
    for child in parent:
        tag = child.tag
        if tag == _P:
            yield _paragraph(child, styles, placeholder)
        elif tag == _TBL:
            counter[0] += 1
            yield read_table(child, counter[0])
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _walk(content, styles, counter, placeholder or showing_placeholder(child))
        elif tag == _CUSTOM_XML:
            yield from _walk(child, styles, counter, placeholder)


def _paragraph(element: Any, styles: Styles, placeholder: bool) -> Paragraph:
    ppr = element.find(w("pPr"))
    level = None
    style_id = None
    if ppr is not None:
        style = ppr.find(w("pStyle"))
        style_id = style.get(_VAL) if style is not None else None
        outline = ppr.find(w("outlineLvl"))
        level = _outline_level(outline) if outline is not None else styles.level(style_id)
    text = paragraph_text(element)
    titled = level is None and 0 < len(text) <= TITLE_CHARACTERS and bool(text.strip()) and (
        styles.title_like(style_id) or _all_bold(element, styles, styles.bold(style_id)))
    return Paragraph(element, text, level, placeholder, titled)


TITLE_CHARACTERS = 200  # longer than any title of the outline, with its number


def _bold(rpr: Any | None) -> bool | None:
    """What character properties say of bold: True, False (switched off) or None (nothing)."""
    found = rpr.find(w("b")) if rpr is not None else None
    if found is None:
        return None
    return (found.get(_VAL) or "true").lower() not in ("0", "false", "off")


def _all_bold(element: Any, styles: Styles, by_style: bool) -> bool:
    """Every run of the paragraph with text in it is bold (by itself, its character style or the
    paragraph's style)."""
    found = False
    for run in element.iter(w("r")):
        if not "".join(t.text or "" for t in run.iter(_T)).strip():
            continue
        rpr = run.find(w("rPr"))
        bold = _bold(rpr)
        if bold is None:
            char_style = rpr.find(w("rStyle")) if rpr is not None else None
            bold = (styles.bold(char_style.get(_VAL), "character") if char_style is not None else False) or by_style
        if not bold:
            return False
        found = True
    return found


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """The ``tag`` elements of ``parent`` (rows of a table, cells of a row), also those Word
    wraps in a content control or a custom XML element."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _children(content, tag)


def _rows(table: Any) -> Iterator[Any]:
    return _children(table, _TR)


def _cells(row: Any) -> Iterator[Any]:
    return _children(row, _TC)


def read_table(element: Any, number: int) -> Table:
    """A table with each cell's text (its paragraphs joined by line breaks) and grid column."""
    table = Table(element, number)
    for row_number, row in enumerate(_rows(element), 1):
        table.rows.append(read_row(row, row_number))
    return table


def read_row(row: Any, number: int) -> Row:
    """One table row (``w:tr``): its cells at their grid columns, merges marked."""
    column = 0
    before = row.find(f"{w('trPr')}/{w('gridBefore')}")
    if before is not None:
        column = _int(before.get(_VAL), 0)
    cells = []
    for tc in _cells(row):
        tcpr = tc.find(w("tcPr"))
        span, merged = 1, False
        if tcpr is not None:
            grid_span = tcpr.find(w("gridSpan"))
            if grid_span is not None:
                span = max(1, _int(grid_span.get(_VAL), 1))
            v_merge = tcpr.find(w("vMerge"))
            merged = v_merge is not None and v_merge.get(_VAL, "continue") == "continue"
        cells.append(Cell(tc, cell_text(tc), column, span, merged))
        column += span
    return Row(row, number, cells)


def cell_text(tc: Any) -> str:
    """The text of a cell: its paragraphs (nested tables' too) joined by line breaks."""
    return "\n".join(paragraph_text(p) for p in block_paragraphs(tc)).strip("\n")


def block_paragraphs(parent: Any) -> Iterator[Any]:
    """The paragraph elements of a body, cell or content control, nested tables included, in order."""
    for child in parent:
        tag = child.tag
        if tag == _P:
            yield child
        elif tag == _TBL:
            for row in _rows(child):
                for tc in _cells(row):
                    yield from block_paragraphs(tc)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None and not showing_placeholder(child):
                yield from block_paragraphs(content)
        elif tag == _CUSTOM_XML:
            yield from block_paragraphs(child)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ------------------------------------------------------------------ opening a document sent in

@dataclass
class WordDocument:
    """A .docx read for its text: the body, the styles, the package's other parts by name."""

    path: Path
    data: bytes
    body: Any
    styles: Styles
    parts: dict[str, bytes]  # the small XML parts beside the body (custom XML) by name

    @property
    def name(self) -> str:
        return self.path.name


NOT_DOCX_FIX = "Give the SSR as a Word document (.docx): open it in Word and save it as 'Word Document (*.docx)'."


def open_document(path: Path, what: str = "SSR") -> WordDocument:
    """The .docx at ``path``, checked and parsed; :class:`InputError` for anything else."""
    shown = str(path)
    if path.is_dir():
        raise InputError("this is a folder, not a Word document", where=shown, fix="Give the path of the .docx file.")
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(f"the file is too large to be an {what} ({size // (1024 * 1024)} MB)", where=shown,
                             fix="Give the .docx of the SSR itself; attachments are separate files.")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("the file does not exist", where=shown, fix="Check the path.") from exc
    except OSError as exc:
        raise InputError(f"the file cannot be read ({exc.strerror or exc})", where=shown,
                         fix="Check that it is not open elsewhere and that you may read it.") from exc
    check_package(data, shown, DOCX, kind=f"an {what}", fix=NOT_DOCX_FIX,
                  large_fix="Give the .docx of the SSR itself; attachments are separate files, never embedded "
                  "(Pub 1075 §2.E.2).")
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        root = parse(archive.read("word/document.xml"))
        names = set(archive.namelist())
        styles = Styles(parse(archive.read("word/styles.xml")) if "word/styles.xml" in names else None)
        parts = {name: archive.read(name) for name in names
                 if name.startswith("customXml/") and name.endswith(".xml") and archive.getinfo(name).file_size < 8_000_000}
    except etree.XMLSyntaxError as exc:
        raise InputError(f"Word cannot read the document ({exc})", where=shown,
                         fix="Open it in Word, save a new copy as .docx, and give that copy.") from exc
    body = root.find(w("body"))
    if body is None:
        raise InputError("the document has no body", where=shown, fix=NOT_DOCX_FIX)
    return WordDocument(path, data, body, styles, parts)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse(data: bytes) -> Any:
    """An XML part parsed with no entity resolved and nothing fetched (its DTD was refused already)."""
    return etree.fromstring(data, _PARSER)
