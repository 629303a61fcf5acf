"""The tables of an SSR: control tables (one row per control) and the Report Information table.

A table is a control table when its header row (one of its first three rows)
names a control column and a response column; it may also have a status
column, a title column and a column of IRS's comments, which is read but never
taken for the agency's words. Headers are compared without case, spacing or
punctuation; ``ssr.headers`` in ``ssrgen.yaml`` adds the agency's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ssrgen.model.records import STATUSES
from ssrgen.ssr.context import STATUS_LABELS
from ssrgen.ssr.word import Cell, Row, Table

DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "control": ("Control", "Controls", "Control #", "Control Number", "Control No.", "Control ID", "Control Id",
                "Control Identifier", "NIST Control", "NIST Control Number", "NIST 800-53 Control",
                "NIST SP 800-53 Control", "Pub 1075 Control", "Security Control"),
    "response": ("Agency Response", "Implementation", "Implementation Description", "Narrative", "Description",
                 "Agency Implementation", "Implementation Narrative", "Control Implementation",
                 "Agency Narrative", "Response", "Implementation Details", "Agency Implementation Description",
                 "Agency Implementation Narrative", "How the Control is Implemented"),
    "status": ("Implementation Status", "Status", "Control Status", "Agency Status", "Agency Implementation Status"),
    "irs_comments": ("IRS Comments", "IRS Comment", "Reviewer Comments", "IRS Reviewer Comments", "Comments (IRS)",
                     "IRS Use Only", "Safeguards Comments", "Office of Safeguards Comments", "IRS Response",
                     "IRS Notes"),
    "title": ("Title", "Control Name", "Control Title", "Name"),
}
FIELD_LABELS = {"control": "control", "response": "response", "status": "status", "irs_comments": "IRS comments",
                "title": "title"}
HEADER_ROWS = 3  # a header row is one of the first rows of a table (a title row may sit above it)


def normalize_header(text: str) -> str:
    """``'Control #'`` and ``' control  # '`` compare equal; so do ``Comments (IRS)`` and ``comments irs``."""
    return " ".join(re.findall(r"[a-z0-9#]+", text.lower()))


def header_aliases(overrides: Mapping[str, list[str]] | None = None) -> dict[str, str]:
    """Normalized header text -> field; the workspace's own headers (``ssr.headers``) come first."""
    aliases: dict[str, str] = {}
    for name, texts in (overrides or {}).items():
        for text in texts:
            aliases.setdefault(normalize_header(text), name)
    for name, defaults in DEFAULT_HEADERS.items():
        for text in defaults:
            aliases.setdefault(normalize_header(text), name)
    return aliases


@dataclass
class ControlTable:
    """A table with one row per control: which grid column holds which field."""

    table: Table
    header: Row
    columns: dict[str, int]  # field -> grid column
    headers: dict[str, str]  # field -> header as printed
    unread: list[str] = field(default_factory=list)  # headers of columns ssrgen does not read

    @property
    def number(self) -> int:
        return self.table.number

    def rows(self) -> list[Row]:
        return [row for row in self.table.rows if row.number > self.header.number]

    def cell(self, row: Row, name: str) -> Cell | None:
        column = self.columns.get(name)
        return row.at(column) if column is not None else None


def control_table(table: Table, aliases: Mapping[str, str]) -> ControlTable | None:
    """The table as a control table, or None when no header row names a control and a response column."""
    for row in table.rows[:HEADER_ROWS]:
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        unread: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            name = aliases.get(normalize_header(text))
            if name and name not in columns:
                columns[name] = cell.column
                headers[name] = text
            elif text:
                unread.append(text)
        if "control" in columns and "response" in columns:
            return ControlTable(table, row, columns, headers, unread)
    return None


# ------------------------------------------------------------------ status words

_STATUS_WORDS: dict[str, str | None] = {
    "implemented": "implemented", "fully implemented": "implemented", "in place": "implemented",
    "partially implemented": "partially-implemented", "partial": "partially-implemented",
    "partially": "partially-implemented", "partially in place": "partially-implemented",
    "planned": "planned", "planned implementation": "planned",
    "alternative": "alternative", "alternative implementation": "alternative",
    "alternate implementation": "alternative", "compensating control": "alternative",
    "compensating controls": "alternative",
    "not applicable": "not-applicable", "n a": "not-applicable", "na": "not-applicable",
    "not implemented": "not-implemented", "not in place": "not-implemented",
    "not yet answered": None, "unanswered": None, "": None,
}
for _code in STATUSES:
    _STATUS_WORDS.setdefault(" ".join(re.findall(r"[a-z0-9]+", STATUS_LABELS[_code].lower())), _code)
    _STATUS_WORDS.setdefault(_code.replace("-", " "), _code)
STATUS_CHOICES = ", ".join(STATUS_LABELS[s] for s in STATUSES)


def parse_status(text: str) -> str | None:
    """A status cell as the workspace writes it (``partially-implemented``); None when empty or
    "Not yet answered". Raises :class:`ValueError` for words that are not a status."""
    key = " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    raise ValueError(text)


# ------------------------------------------------------------------ Report Information

REPORT_LABELS: dict[str, str] = {
    "agency name": "agency_name", "agency": "agency_name",
    "agency number": "agency_code", "agency code": "agency_code", "agency no": "agency_code",
    "date submitted": "date_submitted", "submission date": "date_submitted",
    "reporting year": "reporting_year", "report year": "reporting_year",
    "reporting period": "reporting_period",
    "irs reviewer": "irs", "irs reference number": "irs", "irs reference": "irs", "date received": "irs",
    "irs comments": "irs", "irs reference number and date received": "irs", "reviewer": "irs",
}
AGENCY_CELLS = ("agency_name", "agency_code", "date_submitted", "reporting_year", "reporting_period")


@dataclass
class InfoCell:
    """A value cell of the Report Information table and the label it answers."""

    label: str
    name: str  # agency_name, agency_code, date_submitted, reporting_year, reporting_period, irs
    cell: Cell


def report_information(table: Table) -> list[InfoCell] | None:
    """The value cells of a Report Information table (labels down its first column, or across its
    first row with the values below); None when fewer than three of its labels are known."""
    vertical = []
    for row in table.rows:
        if len(row.cells) >= 2:
            name = REPORT_LABELS.get(normalize_header(row.cells[0].text))
            if name:
                vertical.append(InfoCell(" ".join(row.cells[0].text.split()), name, row.cells[1]))
    if len(vertical) >= 3:
        return vertical
    if len(table.rows) >= 2:
        across = []
        labels, values = table.rows[0], table.rows[1]
        for cell in labels.cells:
            name = REPORT_LABELS.get(normalize_header(cell.text))
            below = values.at(cell.column)
            if name and below is not None:
                across.append(InfoCell(" ".join(cell.text.split()), name, below))
        if len(across) >= 3:
            return across
    return None


# a paragraph of IRS's in a section of the agency's SSR ("IRS Comments: ...")
_IRS_NOTE = re.compile(r"^\s*(?:irs|reviewer|safeguards|office of safeguards)(?:\s+reviewer)?\s+"
                       r"(?:comments?|notes?|use only|response)\s*[:\-\u2013]", re.IGNORECASE)


def is_irs_note(text: str) -> bool:
    """A paragraph IRS wrote into the document ("IRS Comments: ...", "Reviewer Comment - ..."):
    never the agency's text; kept as it is."""
    return bool(_IRS_NOTE.match(text))
