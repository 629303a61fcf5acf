"""The columns of a CAP workbook: which header means which field, and who owns it.

IRS sends the CAP as a workbook whose layout varies from one review to the
next: a title block above the header row, columns in any order, extra columns.
Columns are therefore found by their header text, compared without case,
spacing or punctuation; ``ssrgen.yaml`` ``cap.headers`` adds headers of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ssrgen.model.catalog import check_date

if TYPE_CHECKING:  # openpyxl is loaded only by the commands that read or write workbooks
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

# IRS writes these columns; an import updates them.
IRS_FIELDS = ("number", "issue_codes", "criticality", "title", "description", "recommendation", "controls")
# The agency answers in these; an import never overwrites them, an export fills them.
AGENCY_FIELDS = ("corrective_action", "responsible_office", "planned_date", "completed_date", "status")

DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("Finding #", "Finding Number", "Finding No.", "Finding ID", "Finding Ref", "No."),
    "issue_codes": ("Issue Code", "Issue Codes", "Issue Code(s)", "IRS Issue Code"),
    "criticality": ("Criticality", "Risk", "Risk Level", "Criticality Level", "Impact Level"),
    "title": ("Finding", "Title", "Finding Title", "Finding Summary"),
    "description": ("Description", "Condition", "Finding Description", "Finding Detail"),
    "recommendation": ("Recommendation", "IRS Recommendation", "Recommendations",
                       "Recommended Corrective Action"),
    "controls": ("Control", "Controls", "Control ID", "NIST Control", "Pub 1075 Control",
                 "Related Controls", "Publication 1075 Reference"),
    "corrective_action": ("Agency Corrective Action", "Corrective Action Plan", "Agency Response",
                          "Corrective Action", "Agency Corrective Action Plan",
                          "Agency Corrective Action Narrative", "Agency Narrative"),
    "responsible_office": ("Responsible Office", "Responsible Party", "Responsible Organization",
                           "Office Responsible"),
    "planned_date": ("Planned Implementation Date", "Planned Date", "Projected Completion Date",
                     "Planned Completion Date", "Target Date"),
    "completed_date": ("Actual Completion Date", "Actual Implementation Date", "Completion Date",
                       "Date Completed"),
    "status": ("Status", "Agency Status", "Finding Status", "Current Status"),
}

# What each field is called in messages and in the default workbook.
LABELS = {
    "number": "Finding #", "issue_codes": "Issue Code", "criticality": "Criticality",
    "title": "Finding", "description": "Description", "recommendation": "Recommendation",
    "controls": "Controls", "corrective_action": "Agency Corrective Action",
    "responsible_office": "Responsible Office", "planned_date": "Planned Implementation Date",
    "completed_date": "Actual Completion Date", "status": "Status",
}

REQUIRED_FOR_IMPORT = ("number", "criticality", "title")
HEADER_SCAN_ROWS = 20
EMPTY_COLUMNS = 100  # empty columns in a row that end a header row

STATUS_LABELS = {
    "open": "Open",
    "in-progress": "In Progress",
    "completed-pending-irs": "Completed - Pending IRS Review",
    "closed": "Closed",
}
_STATUS_WORDS = {
    "open": "open", "not started": "open", "new": "open",
    "in progress": "in-progress", "inprogress": "in-progress", "ongoing": "in-progress",
    "partially implemented": "in-progress", "in process": "in-progress",
    "completed": "completed-pending-irs", "complete": "completed-pending-irs",
    "completed pending irs": "completed-pending-irs", "completed pending irs review": "completed-pending-irs",
    "pending closure": "completed-pending-irs", "pending irs review": "completed-pending-irs",
    "implemented": "completed-pending-irs", "closed": "closed",
}


def normalize_header(text: object) -> str:
    """``'Finding #'`` and ``' finding  # '`` compare equal; so do ``Issue Code(s)`` and ``issue code s``."""
    words = re.findall(r"[a-z0-9#]+", str(text).lower())
    return " ".join(words)


def header_aliases(overrides: Mapping[str, str | list[str]] | None = None) -> dict[str, str]:
    """Normalized header text -> field; the workspace's own headers come first."""
    aliases: dict[str, str] = {}
    for field, given in (overrides or {}).items():
        for text in [given] if isinstance(given, str) else given:
            aliases.setdefault(normalize_header(text), field)
    for field, texts in DEFAULT_HEADERS.items():
        for text in texts:
            aliases.setdefault(normalize_header(text), field)
    return aliases


def unknown_override_fields(overrides: Mapping[str, object]) -> list[str]:
    return [f for f in overrides if f not in DEFAULT_HEADERS]


@dataclass
class HeaderRow:
    """Where the header row of a CAP sheet is and which column holds which field."""

    sheet: Worksheet
    row: int
    columns: dict[str, int]  # field -> 1-based column
    headers: dict[str, str]  # field -> header text as printed

    @property
    def title(self) -> str:
        return self.sheet.title

    def cell(self, field: str, row: int) -> str:
        """``'CAP!F12'``: how a cell is named in messages."""
        return f"{self.sheet.title}!{column_letter(self.columns[field])}{row}"


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def row_cells(sheet: Worksheet, rows: int) -> dict[int, list[Cell]]:
    """The cells the file holds in the first ``rows`` rows of ``sheet``, by row, left to right, each
    row up to a run of :data:`EMPTY_COLUMNS` empty columns. Never by the sheet's declared width:
    one cell in column XFD would make every row 16,384 cells long."""
    found: dict[int, list[Cell]] = {}
    for (row, _), cell in sheet._cells.items():  # the cells the file holds, nothing more
        if row <= rows:
            found.setdefault(row, []).append(cell)
    for row, cells in found.items():
        cells.sort(key=lambda c: c.column)
        kept: list[Cell] = []
        last = 0
        for cell in cells:
            if cell.value is None:
                continue
            if cell.column - last > EMPTY_COLUMNS:
                break
            kept.append(cell)
            last = cell.column
        found[row] = kept
    return found


def match_header_row(sheet: Worksheet, row: int, aliases: Mapping[str, str],
                     cells: Iterable[Cell] | None = None) -> HeaderRow:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for cell in row_cells(sheet, row).get(row, []) if cells is None else cells:
        if cell.value is None or not isinstance(cell.column, int):
            continue
        field = aliases.get(normalize_header(cell.value))
        if field and field not in columns:
            columns[field] = cell.column
            headers[field] = str(cell.value).strip()
    return HeaderRow(sheet, row, columns, headers)


def find_header_row(sheets: Iterable[Worksheet], aliases: Mapping[str, str]) -> HeaderRow | None:
    """The row (in the first ~20 of any sheet) that names the most known columns.

    A row counts only if it names the finding number and at least two more known
    columns, so a title such as "Finding Summary" in row 1 is not taken for it.
    Only the cells the file holds are read (see :func:`row_cells`).
    """
    best: HeaderRow | None = None
    for sheet in sheets:
        for row, cells in sorted(row_cells(sheet, HEADER_SCAN_ROWS).items()):
            found = match_header_row(sheet, row, aliases, cells)
            if "number" not in found.columns or len(found.columns) < 3:
                continue
            if best is None or len(found.columns) > len(best.columns):
                best = found
    return best


# ------------------------------------------------------------------ values

def text_of(value: object) -> str:
    """A cell as text: numbers without a trailing '.0', whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


class CellValueError(ValueError):
    """A cell's value cannot be read as the field needs; the message says why."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what)
        self.what = what
        self.fix = fix


_NO_DATE = {"", "tbd", "n/a", "na", "none", "-", "pending"}


def parse_date(value: object) -> dt.date | None:
    """A date cell, or text in MM/DD/YYYY (IRS's format) or YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    text = text_of(value)
    if text.lower() in _NO_DATE:
        return None
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%m-%d-%Y", "%m/%d/%y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return _in_range(day)
    raise CellValueError(f"'{text}' is not a date", "Write the date as MM/DD/YYYY, e.g. 03/31/2027.")


def _in_range(day: dt.date) -> dt.date:
    try:
        return check_date(day)
    except ValueError as exc:
        raise CellValueError(str(exc), "Write the date as MM/DD/YYYY with its four-digit year, e.g. 03/31/2027.") from exc


def parse_criticality(value: object) -> str:
    text = text_of(value).lower()
    if text in ("critical", "significant", "moderate", "limited"):
        return text
    raise CellValueError(
        f"'{text_of(value)}' is not a finding criticality" if text else "the criticality is empty",
        "Use Critical, Significant, Moderate or Limited (Pub 1075 §1.6.3).",
    )


def parse_status(value: object) -> str | None:
    text = normalize_header(text_of(value))
    if not text:
        return None
    if text in _STATUS_WORDS:
        return _STATUS_WORDS[text]
    raise CellValueError(
        f"'{text_of(value)}' is not a finding status",
        "Use Open, In Progress, Completed - Pending IRS Review or Closed.",
    )


def split_list(value: object) -> list[str]:
    """Issue codes or controls: separated by commas, semicolons or line breaks."""
    return [part.strip() for part in re.split(r"[,;\n]+", text_of(value)) if part.strip()]


def format_date(value: dt.date | None) -> str:
    """MM/DD/YYYY, the format Pub 1075 §2.E.5.1 asks for."""
    return value.strftime("%m/%d/%Y") if value else ""
