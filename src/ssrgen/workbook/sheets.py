"""Sheets declared as columns: written for people, read back by header.

A sheet is a :class:`SheetSpec`: columns (header, type, editable or read-only,
allowed values, width) and the fields that make a row's key. The same code
writes every sheet (shaded locked reference columns, drop-downs, date cells,
frozen header, filters, protection without a password) and reads it back
(columns found by header, blank rows skipped, every cell checked), and the
fingerprint of a row's editable values lets an import tell who changed what
since the export. docs/evidence.md shows how to add a sheet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from typing import Any, Literal

from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ssrgen.errors import Problem
from ssrgen.imports.plan import canonical
from ssrgen.workbook.cells import (
    DATE_FORMS,
    EXCEL_CELL_LIMIT,
    DateError,
    decode_text,
    encode_text,
    formula_text,
    is_formula,
    parse_date,
)

ColumnType = Literal["text", "longtext", "date", "choice", "integer"]
Row = dict[str, Any]

READ_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
FLAG_FILLS = {
    "stale": PatternFill("solid", fgColor="FFE699"),
    "missing": PatternFill("solid", fgColor="F8CBAD"),
}
DATE_FORMAT = "yyyy-mm-dd"
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    """One column: what it holds, whether people may edit it, how it looks."""

    field: str
    header: str
    type: ColumnType = "text"
    editable: bool = False
    width: float = 16
    choices: str | None = None  # a list on the Lists sheet
    help: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """A sheet: its columns, the fields that identify a row, room for new rows."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    new_rows: int = 0  # blank editable rows offered for additions

    @property
    def editable(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.editable)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


def fingerprint(spec: SheetSpec, values: Mapping[str, Any]) -> str:
    """A short digest of a row's editable values."""
    data = [canonical(values.get(c.field)) for c in spec.editable]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()[:20]


def row_key(spec: SheetSpec, values: Mapping[str, Any]) -> str:
    return "|".join(str(values.get(f) or "") for f in spec.key)


def row_label(spec: SheetSpec, values: Mapping[str, Any]) -> str:
    """A row's key as people read it: ``AC-2 (agency-wide)``."""
    first, *rest = (str(values.get(f) or "") for f in spec.key)
    return f"{first} ({', '.join(rest)})" if rest else first


# ------------------------------------------------------------------ lists

class Lists:
    """The hidden sheet of drop-down lists; each list is a column."""

    NAME = "Lists"

    def __init__(self, workbook: Workbook) -> None:
        self.sheet = workbook.create_sheet(self.NAME)
        self.sheet.sheet_state = "hidden"
        self.values: dict[str, list[str]] = {}
        self.ranges: dict[str, str] = {}

    def add(self, name: str, values: Sequence[str]) -> None:
        column = len(self.values) + 1
        self.values[name] = list(values)
        self.sheet.cell(1, column, name)
        for row, value in enumerate(values, start=2):
            self.sheet.cell(row, column, value)
        letter = get_column_letter(column)
        last = max(2, len(values) + 1)
        self.ranges[name] = f"{quote_sheetname(self.NAME)}!${letter}$2:${letter}${last}"


# ------------------------------------------------------------------ writing

def oversized(spec: SheetSpec, rows: Sequence[Row], where: Sequence[str]) -> list[Problem]:
    """Texts longer than an Excel cell holds, found before anything is written."""
    problems = []
    for row, place in zip(rows, where, strict=True):
        for column in spec.columns:
            value = row.get(column.field)
            if isinstance(value, str) and len(encode_text(value)) > EXCEL_CELL_LIMIT:
                problems.append(Problem(
                    place,
                    f"the {column.header.lower()} of {row_label(spec, row)} has {len(value):,} characters; "
                    f"an Excel cell holds at most {EXCEL_CELL_LIMIT:,}",
                    "Shorten it (move long material into an evidence file), then export again.",
                ))
    return problems


def write_sheet(
    workbook: Workbook,
    spec: SheetSpec,
    rows: Sequence[Row],
    lists: Lists,
    flags: Sequence[Mapping[str, str]] | None = None,
) -> Worksheet:
    """Write ``rows`` under a header; ``flags`` marks cells (``stale``, ``missing``) per row."""
    sheet = workbook.create_sheet(spec.name)
    header_font = Font(bold=True, color="FFFFFF")
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(1, index, column.header)
        cell.font = header_font
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last_row = len(rows) + 1 + spec.new_rows
    styles: dict[tuple[Any, ...], Any] = {}
    for number, row in enumerate(rows, start=2):
        row_flags = flags[number - 2] if flags else {}
        for index, column in enumerate(spec.columns, start=1):
            _write_cell(sheet, number, index, column, row.get(column.field), row_flags.get(column.field),
                        styles=styles)
    for number in range(len(rows) + 2, last_row + 1):
        for index, column in enumerate(spec.columns, start=1):
            _write_cell(sheet, number, index, column, None, None, blank=True, styles=styles)
    _validations(sheet, spec, lists, last_row)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{max(last_row, 2)}"
    # no password: the editable cells stay editable, and anyone may unprotect to sort
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.sort = False
    protection.formatColumns = False
    protection.formatRows = False
    return sheet


def _write_cell(
    sheet: Worksheet, row: int, col: int, column: Column, value: Any, flag: str | None, blank: bool = False,
    styles: dict[tuple[Any, ...], Any] | None = None,
) -> None:
    cell = sheet.cell(row, col)
    quoted = False
    if isinstance(value, str):
        cell.value = encode_text(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        quoted = value.startswith(_FORMULA_START)
    elif value is not None:
        cell.value = value
    editable = column.editable or blank
    wrap = column.type == "longtext" or len(str(value or "")) > column.width
    fill = flag if flag in FLAG_FILLS else None
    # a few combinations of format, protection, alignment and fill serve every cell: set each
    # once, then copy it (openpyxl looks a style up in the workbook's tables on every set)
    key = (column.type == "date", editable, wrap, fill, quoted)
    if styles is not None and key in styles:
        cell._style = copy(styles[key])
        return
    if quoted:
        cell.quotePrefix = True
    if column.type == "date":
        cell.number_format = DATE_FORMAT
    cell.protection = Protection(locked=not editable)
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    if fill is not None:
        cell.fill = FLAG_FILLS[fill]
    elif not editable:
        cell.fill = READ_ONLY_FILL
    if styles is not None:
        styles[key] = copy(cell._style)


def write_value(sheet: Worksheet, row: int, col: int, column: Column, value: Any) -> None:
    """One cell written as the sheets write theirs: text never a formula, dates as dates, grey and
    locked unless ``column`` is editable (for a form: a label beside each value)."""
    _write_cell(sheet, row, col, column, value, None)


def _validations(sheet: Worksheet, spec: SheetSpec, lists: Lists, last_row: int) -> None:
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        area = f"{letter}2:{letter}{max(last_row, 2)}"
        if column.choices:
            check = DataValidation(type="list", formula1=lists.ranges[column.choices], allow_blank=True,
                                   showErrorMessage=True, errorTitle=column.header,
                                   error="Choose a value from the list.")
        elif column.type == "date":
            check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                   showErrorMessage=True, errorTitle=column.header,
                                   error="Enter a date, e.g. 2026-03-02.")
        else:
            continue
        if column.help:
            check.prompt = column.help[:255]
            check.showInputMessage = True
        check.add(area)
        sheet.add_data_validation(check)


# ------------------------------------------------------------------ reading

@dataclass
class ReadRow:
    """A row read back: its values by field, and the cell of each."""

    number: int
    values: Row
    cells: dict[str, str] = field(default_factory=dict)


def read_sheet(
    title: str, rows: Iterable[Sequence[Any]], spec: SheetSpec, allowed: Mapping[str, Sequence[str]]
) -> tuple[list[ReadRow], list[Problem]]:
    """Every non-blank row of a sheet by header; problems are errors and warnings.

    ``rows`` are the sheet's rows from row 1, each a sequence of cells (``value``,
    ``data_type``) from column A, as :meth:`OpenedWorkbook.rows` gives them.
    """
    problems: list[Problem] = []
    lines = iter(rows)
    positions = _header(title, next(lines, ()), spec, problems)
    if any(p.is_error for p in problems):
        return [], problems
    read_rows: list[ReadRow] = []
    # each drop-down's choices by their folded form, once (not per cell)
    folded = {name: {o.casefold(): o for o in options} for name, options in allowed.items()}
    columns = {name: (spec.column(name), col - 1, f"{title}!{get_column_letter(col)}")
               for name, col in positions.items()}
    for number, line in enumerate(lines, start=2):
        cells = {name: line[index] if index < len(line) else EMPTY_CELL
                 for name, (_, index, _) in columns.items()}
        if all(_blank(c.value) for c in cells.values()):
            continue
        read = ReadRow(number, {}, {name: f"{columns[name][2]}{number}" for name in cells})
        for name, cell in cells.items():
            column = columns[name][0]
            where = read.cells[name]
            if is_formula(cell):
                problems.append(Problem(
                    where, f"the cell holds a formula ({formula_text(cell)[:60]}); ssrgen takes values only",
                    "Type the value itself; to start a text with '=', type an apostrophe first ('=...).",
                ))
                continue
            if cell.data_type == "e":
                problems.append(Problem(where, f"the cell shows an error ({cell.value})", "Type the value itself."))
                continue
            if not (column.editable or column.field in spec.key):
                continue
            try:
                read.values[name] = _value(column, cell.value, allowed, folded)
            except ValueError as exc:
                problems.append(Problem(where, str(exc), _fix(column, allowed)))
        read_rows.append(read)
    return read_rows, problems


def read_value(column: Column, value: Any, allowed: Mapping[str, Sequence[str]]) -> Any:
    """One cell's value as ``column`` reads it (a date, a choice of its list, a number, text);
    :class:`ValueError` says why it cannot be read, :func:`value_fix` how to fix it."""
    return _value(column, value, allowed)


def value_fix(column: Column, allowed: Mapping[str, Sequence[str]]) -> str:
    return _fix(column, allowed)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(title: str, cells: Sequence[Any], spec: SheetSpec, problems: list[Problem]) -> dict[str, int]:
    by_header = {c.header.strip().casefold(): c for c in spec.columns}
    positions: dict[str, int] = {}
    for col, cell in enumerate(cells, start=1):
        if _blank(cell.value):
            continue
        text = str(cell.value).strip()
        column = by_header.get(text.casefold())
        where = f"{title}!{get_column_letter(col)}1"
        if column is None:
            problems.append(Problem(where, f"the column '{text}' is not one ssrgen knows; it is ignored",
                                    severity="warning"))
        elif column.field in positions:
            problems.append(Problem(where, f"the column '{text}' appears twice",
                                    "Delete or rename one of them."))
        else:
            positions[column.field] = col
    for column in spec.columns:
        if column.field not in positions and (column.editable or column.field in spec.key):
            problems.append(Problem(
                f"{title}!1", f"the column '{column.header}' is missing",
                "Restore the column with that exact header (copy it from a fresh export).",
            ))
    return positions


def _value(column: Column, value: Any, allowed: Mapping[str, Sequence[str]],
           folded: Mapping[str, Mapping[str, str]] | None = None) -> Any:
    if column.type == "date":
        try:
            return parse_date(value)
        except DateError as exc:
            raise ValueError(str(exc)) from exc
    if column.type == "integer":
        return _integer(value)
    text = _text(value)
    if text is None or column.type != "choice":
        return text
    choices = folded.get(column.choices or "") if folded is not None else None
    if choices is None:
        choices = {o.casefold(): o for o in allowed.get(column.choices or "", ())}
    match = choices.get(text.strip().casefold())
    if match is None:
        raise ValueError(f"'{text}' is not allowed here")
    return match


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = decode_text(str(value))
    bad = _NOT_TEXT.search(text)
    if bad:
        raise ValueError(f"the cell holds _x{ord(bad.group()):04X}_, a character code that is not text "
                         "(it cannot be kept in the workspace); retype the text without it")
    return text if text.strip() else None


# what a cell's text may not hold once decoded: half of a character (a lone surrogate), which no file can keep
_NOT_TEXT = re.compile("[\ud800-\udfff]")


def _integer(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    raise ValueError(f"'{value}' is not a whole number")


def _fix(column: Column, allowed: Mapping[str, Sequence[str]]) -> str:
    if column.type == "date":
        return f"Enter a date as {DATE_FORMS}, or pick it in Excel's date format."
    if column.type == "integer":
        return "Enter a whole number, e.g. 1."
    options = allowed.get(column.choices or "", ())
    if not options:  # free text: what is wrong with it says how to fix it
        return ""
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f"Choose one of: {shown}."
