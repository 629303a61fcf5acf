"""One cell's value: text that survives Excel, dates a person typed, no formulas.

Text
    Excel stores text as XML, which cannot hold most control characters. OOXML
    has its own escape for them (``_x0001_``, the ``ST_Xstring`` rule Excel
    itself uses), and a literal ``_xHHHH_`` in the text is escaped as
    ``_x005F_xHHHH_``. :func:`encode_text` applies it on export and
    :func:`decode_text` undoes it on import, so any text round-trips, and a cell
    Excel saved again reads back the same.

Dates
    A real date cell, or text in a common form (2026-03-02, 3/2/2026,
    2 March 2026, Mar 2, 2026). Day and month that could be either way
    (03/04/2026) are refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ssrgen.model.catalog import check_date

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

EXCEL_CELL_LIMIT = 32_767  # characters Excel holds in one cell

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _needs_escape(char: str) -> bool:
    code = ord(char)
    if code < 0x20:
        return char not in "\t\n\r"
    return 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)


# the characters _needs_escape accepts, as one pattern (searching in C, not per character in Python)
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def encode_text(text: str) -> str:
    """Text as it goes into a cell: characters XML cannot hold become ``_xHHHH_``."""
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: "_x005F" + m.group(0), text)
    if _XML_UNSAFE.search(text):
        text = _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def decode_text(text: str) -> str:
    """The text a cell stands for (inverse of :func:`encode_text`)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def is_formula(cell: Cell) -> bool:
    return cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula")


def formula_text(cell: Cell) -> str:
    value = cell.value
    text = getattr(value, "text", None) or str(value)
    return text if text.startswith("=") else "=" + text


# ---------------------------------------------------------------- dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]+)\.?,?[\s-]+(\d{4})$")
_MONTH_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")

DATE_FORMS = "YYYY-MM-DD (2026-03-02), 2 March 2026 or March 2, 2026"


class DateError(ValueError):
    """A cell that does not hold a date; the message says why."""


def parse_date(value: object) -> dt.date | None:
    """A date from a cell value; None for an empty cell; :class:`DateError` otherwise
    (a date outside 1990-2100 too: :func:`ssrgen.model.catalog.check_date`)."""
    day = _parse_date(value)
    if day is not None:
        try:
            check_date(day)
        except ValueError as exc:
            raise DateError(str(exc)) from exc
    return day


def _parse_date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise DateError("it holds a time of day as well as a date")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateError(f"'{value}' is not a date")
    if isinstance(value, int | float):
        raise DateError(f"'{value}' is a number, not a date (the cell may have lost its date format)")
    text = str(value).strip()
    if not text:
        return None
    try:
        return _parse_text(text)
    except ValueError as exc:
        if isinstance(exc, DateError):
            raise
        raise DateError(f"'{text}' is not a date that exists") from exc


def _parse_text(text: str) -> dt.date:
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if match := _NUMERIC.match(text):
        first, second, year = (int(g) for g in match.groups())
        if first != second and first <= 12 and second <= 12:
            raise DateError(
                f"'{text}' is ambiguous: it could be month/day or day/month"
            )
        if first > 12:
            return dt.date(year, second, first)
        return dt.date(year, first, second)
    if match := _DAY_MONTH.match(text):
        day_text, month_name, year_text = match.groups()
        return dt.date(int(year_text), _month(month_name, text), int(day_text))
    if match := _MONTH_DAY.match(text):
        month_name, day_text, year_text = match.groups()
        return dt.date(int(year_text), _month(month_name, text), int(day_text))
    raise DateError(f"'{text}' is not a date ssrgen understands")


def _month(name: str, text: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise DateError(f"'{text}' names no month ssrgen knows")
    return number
