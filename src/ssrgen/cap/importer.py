"""``ssrgen cap import``: read the CAP workbook IRS sent into ``cap/findings.yaml``.

New findings are created; on findings already in the workspace only the fields
IRS owns (number, issue codes, criticality, title, description, recommendation,
controls) are updated, never the agency's answers. Every problem in the
workbook is reported as ``Sheet!Cell`` and nothing is written unless all rows
read cleanly. The import goes through the import pipeline
(:mod:`ssrgen.imports.pipeline`): the FTI scan of every cell, the lock, one
transaction, the journal. A formula is refused (its cached value could say
anything), and only the rows the file holds are read, however large the sheet
claims to be; a run of :data:`EMPTY_RUN` empty rows ends the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ssrgen import ids
from ssrgen.cap.columns import (
    AGENCY_FIELDS,
    IRS_FIELDS,
    LABELS,
    REQUIRED_FOR_IMPORT,
    CellValueError,
    HeaderRow,
    column_letter,
    header_aliases,
    parse_criticality,
    parse_date,
    parse_status,
    row_cells,
    split_list,
    text_of,
    unknown_override_fields,
)
from ssrgen.cap.columns import find_header_row as _find_header_row
from ssrgen.cap.xlsx import open_workbook
from ssrgen.errors import InputError, Problem, ValidationFailed
from ssrgen.imports.pipeline import ImportResult, run_import
from ssrgen.imports.plan import Change, ImportPlan
from ssrgen.model.findings import Finding, FindingsFile, Review
from ssrgen.pending import PendingWrites
from ssrgen.workbook.cells import decode_text
from ssrgen.workspace import FINDINGS, Workspace

LIST_FIELDS = ("issue_codes", "controls")
# what a cell's text may not hold once its _xHHHH_ escapes are decoded: half of a character
_HALF = re.compile("[\ud800-\udfff]")
DATE_FIELDS = ("planned_date", "completed_date")


@dataclass
class WorkbookRow:
    """One finding as the workbook states it; only the columns the workbook has."""

    number: str
    cell: str
    values: dict[str, Any]


@dataclass
class FindingChange:
    number: str
    kind: str  # "new", "updated", "unchanged"
    values: dict[str, Any] = field(default_factory=dict)  # what will be written
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)  # field, before, after
    kept: list[tuple[str, Any, Any]] = field(default_factory=list)  # agency answers left as they are


@dataclass
class CapPlan(ImportPlan):
    """What a CAP import would change, computed before anything is written."""

    sheet: str = ""
    header_row: int = 0
    ignored_headers: list[str] = field(default_factory=list)
    findings: list[FindingChange] = field(default_factory=list)
    review_id: str | None = None
    new_review: Review | None = None

    def of_kind(self, kind: str) -> list[FindingChange]:
        return [c for c in self.findings if c.kind == kind]

    @property
    def changes_anything(self) -> bool:
        return self.new_review is not None or any(c.kind != "unchanged" for c in self.findings)


# ------------------------------------------------------------------ reading

EMPTY_RUN = 1000  # empty rows in a row that end the table


def _rows_present(header: HeaderRow) -> tuple[list[int], str | None]:
    """The rows below the header that hold a cell, in order (never every row the sheet claims),
    up to a run of :data:`EMPTY_RUN` empty rows; and the first cell left out after one."""
    numbers = sorted({row for row, _ in header.sheet._cells if row > header.row})  # the cells the file holds
    present: list[int] = []
    last = header.row
    for number in numbers:
        if number - last > EMPTY_RUN:
            column = min(col for row, col in header.sheet._cells if row == number)
            return present, f"{header.title}!{column_letter(column)}{number}"
        present.append(number)
        last = number
    return present, None


def read_cap_workbook(workspace: Workspace, path: Path, cells_read: list[tuple[str, str]] | None = None,
                      warnings: list[Problem] | None = None) -> tuple[HeaderRow, list[WorkbookRow], list[str]]:
    """The findings in an IRS CAP workbook, or :class:`ValidationFailed` with every bad cell.
    Every text read is added to ``cells_read`` with its cell (for the FTI scan), and what is
    worth knowing but not wrong to ``warnings``."""
    cells_read = cells_read if cells_read is not None else []
    overrides = workspace.config.cap.headers
    unknown = unknown_override_fields(overrides)
    if unknown:
        raise InputError(
            f"cap.headers names unknown fields: {', '.join(unknown)}", where="ssrgen.yaml",
            fix=f"Use field names among: {', '.join(LABELS)}.",
        )
    book = open_workbook(path, data_only=False)
    header = _find_header_row(book.worksheets, header_aliases(overrides))
    if header is None:
        raise InputError(
            "no header row found: none of the first 20 rows of any sheet names the finding number "
            "and two other CAP columns", where=str(path),
            fix="Give IRS's CAP workbook, or map its headers in ssrgen.yaml under cap.headers, "
            "e.g. 'number: Finding Ref'.",
        )
    missing = [LABELS[f] for f in REQUIRED_FOR_IMPORT if f not in header.columns]
    if missing:
        raise InputError(
            f"the header row has no column for: {', '.join(missing)}",
            where=f"{header.title}!{header.row}:{header.row}",
            fix="Check the workbook's headers, or map them in ssrgen.yaml under cap.headers.",
        )
    known = set(header.columns.values())
    ignored = [text_of(c.value) for c in row_cells(header.sheet, header.row).get(header.row, [])
               if c.value is not None and c.column not in known]
    problems: list[Problem] = []
    rows: list[WorkbookRow] = []
    seen: dict[str, str] = {}
    present, skipped = _rows_present(header)
    if skipped is not None:
        problems.append(Problem(skipped, f"a value sits {EMPTY_RUN} or more empty rows below the table, so it was "
                                "not read", "Move it into the table or delete it; a CAP table has no gaps that long.",
                                "warning"))
    for row in present:
        cells = {f: header.sheet.cell(row=row, column=col) for f, col in header.columns.items()}
        formulas = [f for f, c in cells.items() if c.data_type == "f"]
        for name in formulas:
            problems.append(Problem(header.cell(name, row), f"the cell holds a formula ({str(cells[name].value)[:40]})",
                                    "Replace it with its value (copy the cell, Paste Special > Values), then import "
                                    "again; ssrgen imports what a cell says, not what a formula last computed."))
        if formulas:
            continue
        raw = {f: decode_text(c.value) if isinstance(c.value, str) else c.value for f, c in cells.items()}
        halves = [f for f, v in raw.items() if isinstance(v, str) and _HALF.search(v)]
        for name in halves:
            code = ord(_HALF.findall(raw[name])[0])
            problems.append(Problem(header.cell(name, row), f"the cell holds _x{code:04X}_, a character code that is "
                                    "not text (half of a character, which no file can keep)",
                                    "Retype the text without it, then import again."))
        if halves or all(text_of(v) == "" for v in raw.values()):
            continue
        cells_read.extend((header.cell(f, row), text_of(v)) for f, v in raw.items() if isinstance(v, str))
        number = text_of(raw["number"])
        if not number:
            if text_of(raw.get("title")) or text_of(raw.get("criticality")):
                problems.append(Problem(header.cell("number", row), "this finding has no finding number",
                                        "Fill in IRS's finding number (e.g. H.1.3)."))
            continue
        if number in seen:
            problems.append(Problem(header.cell("number", row),
                                    f"finding {number} appears twice (also at {seen[number]})",
                                    "Keep one row per finding."))
            continue
        seen[number] = header.cell("number", row)
        values = _row_values(workspace, header, row, raw, problems)
        rows.append(WorkbookRow(number, header.cell("number", row), values))
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ValidationFailed(problems, what=f"{len(errors)} problem(s) in {path.name}; nothing was imported")
    if warnings is not None:
        warnings.extend(problems)
    return header, rows, ignored


def _row_values(workspace: Workspace, header: HeaderRow, row: int, raw: dict[str, Any],
                problems: list[Problem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            if name == "number":
                continue
            if name == "criticality":
                values[name] = parse_criticality(value)
            elif name in DATE_FIELDS:
                values[name] = parse_date(value)
            elif name == "status":
                values[name] = parse_status(value)
            elif name == "controls":
                values[name] = _controls(workspace, value)
            elif name in LIST_FIELDS:
                values[name] = split_list(value)
            else:
                values[name] = text_of(value)
        except CellValueError as exc:
            problems.append(Problem(header.cell(name, row), exc.what, exc.fix))
    return values


def _controls(workspace: Workspace, value: object) -> list[str]:
    found = []
    for text in split_list(value):
        control = ids.normalize(text)
        if control not in workspace.catalogs:
            raise CellValueError(f"'{text}' is not a control in any catalog", workspace.catalogs.suggest(text))
        found.append(control)
    return found


# ------------------------------------------------------------------ planning

def plan_import(
    workspace: Workspace,
    path: Path,
    review_id: str | None = None,
    review_type: str | None = None,
    closing_conference: dt.date | None = None,
    report_issued: dt.date | None = None,
) -> CapPlan:
    """What importing ``path`` would change in the workspace (nothing is written)."""
    cells: list[tuple[str, str]] = []
    warnings: list[Problem] = []
    header, rows, ignored = read_cap_workbook(workspace, path, cells, warnings)
    existing = {f.number: f for f in workspace.findings.findings}
    plan = CapPlan(path, hashlib.sha256(path.read_bytes()).hexdigest(), "CAP workbook", PendingWrites(workspace),
                   cells=cells, warnings=warnings, sheet=header.title, header_row=header.row,
                   ignored_headers=ignored)
    for row in rows:
        current = existing.get(row.number)
        plan.findings.append(_new(row) if current is None else _update(row, current))
    if plan.of_kind("new") or review_id:
        plan.review_id, plan.new_review = _review(workspace, plan, review_id, review_type,
                                                  closing_conference, report_issued)
        for change in plan.of_kind("new"):
            change.values["review"] = plan.review_id
    plan.journal = {"sheet": header.title, "review": plan.review_id}
    _stage(workspace, plan)
    return plan


def import_cap(workspace: Workspace, path: Path, review_id: str | None = None, review_type: str | None = None,
               closing_conference: dt.date | None = None, report_issued: dt.date | None = None, *,
               dry_run: bool = False, by: str | None = None, notify: Callable[[str], None] | None = None,
               ) -> ImportResult:
    """Plan the import of IRS's CAP workbook and, unless ``dry_run``, apply it through the
    import pipeline (lock, FTI scan, one transaction, journal)."""
    return run_import(workspace, lambda ws: plan_import(ws, path, review_id, review_type, closing_conference,
                                                        report_issued),
                      dry_run=dry_run, by=by, command="ssrgen cap import", notify=notify)


def _new(row: WorkbookRow) -> FindingChange:
    values: dict[str, Any] = {"number": row.number}
    for name in (*IRS_FIELDS, *AGENCY_FIELDS):
        value = row.values.get(name)
        if value not in (None, "", []):
            values[name] = value
    return FindingChange(row.number, "new", values)


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, str) and isinstance(after, str):
        return " ".join(before.split()) == " ".join(after.split())
    return bool(before == after)


def _update(row: WorkbookRow, current: Finding) -> FindingChange:
    change = FindingChange(row.number, "unchanged")
    for name in IRS_FIELDS:
        if name == "number" or name not in row.values:
            continue
        after = row.values[name]
        if after in ("", []):
            continue  # a blank cell never erases what IRS wrote before
        before = getattr(current, name)
        if not _same(before, after):
            change.changes.append((name, before, after))
            change.values[name] = after
    for name in AGENCY_FIELDS:
        after = row.values.get(name)
        if after in (None, "", []):
            continue
        before = getattr(current, name)
        if not _same(before, after):
            change.kept.append((name, before, after))
    if change.changes:
        change.kind = "updated"
    return change


def _review(workspace: Workspace, plan: CapPlan, review_id: str | None, review_type: str | None,
            closing_conference: dt.date | None, report_issued: dt.date | None) -> tuple[str, Review | None]:
    review_id = review_id or workspace.config.cap.review
    if not review_id:
        count = len(plan.of_kind("new"))
        raise InputError(
            f"the workbook has {count} finding(s) new to the workspace and no review to attach them to",
            where=str(plan.source),
            fix="Name the review with --review ID (add --review-type on-site --closing-conference "
            "YYYY-MM-DD --report-issued YYYY-MM-DD to create it), or set cap.review in ssrgen.yaml.",
        )
    existing = next((r for r in workspace.findings.reviews if r.id == review_id), None)
    if existing is not None:
        given = {"type": review_type, "closing_conference": closing_conference, "report_issued": report_issued}
        for name, value in given.items():
            if value is not None and getattr(existing, name) != value:
                raise InputError(
                    f"review '{review_id}' already exists with {name} {getattr(existing, name)}, not {value}",
                    where=workspace.where.get(f"review:{review_id}", FINDINGS.as_posix()),
                    fix="Correct the review in cap/findings.yaml, or leave the option out.",
                )
        return review_id, None
    if review_type is None:
        raise InputError(
            f"review '{review_id}' is not in cap/findings.yaml",
            fix="Create it with --review-type on-site (or remote, hybrid, out-of-cycle-cap) and "
            "--closing-conference YYYY-MM-DD --report-issued YYYY-MM-DD.",
        )
    try:
        review = Review(id=review_id, type=review_type, closing_conference=closing_conference,
                        report_issued=report_issued)
    except ValidationError as exc:
        raise InputError(f"'{review_id}' cannot be a review id", fix="Use letters, digits, '.', '_' or '-', "
                         "e.g. 2026-onsite.") from exc
    return review_id, review


# ------------------------------------------------------------------ writing

def _yaml_value(name: str, value: Any) -> Any:
    if name in LIST_FIELDS:
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value.strip() + "\n")
    return value


def _stage(workspace: Workspace, plan: CapPlan) -> None:
    """Put the plan's changes into ``cap/findings.yaml`` (comments kept) as pending writes,
    and list them as the plan's changes."""
    if not plan.changes_anything:
        return
    path = workspace.root / FINDINGS
    data = plan.pending.document(path, CommentedMap)
    if not isinstance(data, CommentedMap):
        raise InputError("expected 'reviews:' and 'findings:' at the top", where=FINDINGS.as_posix(),
                         fix="Restore the file's layout (see 'ssrgen docs cap').")
    if data.get("reviews") is None:
        data["reviews"] = CommentedSeq()
    if data.get("findings") is None:
        data["findings"] = CommentedSeq()
    if plan.new_review is not None:
        review = CommentedMap()
        for name, value in plan.new_review.model_dump(exclude_none=True).items():
            review[name] = value
        data["reviews"].append(review)
        plan.changes.append(Change("reviews", f"review {plan.new_review.id}", "added",
                                   f"{plan.new_review.type} review", plan.sheet))
    by_number = {str(item.get("number")): item for item in data["findings"] if isinstance(item, CommentedMap)}
    for change in plan.findings:
        subject = f"finding {change.number}"
        if change.kind == "new":
            entry = CommentedMap()
            for name in Finding.model_fields:
                if name in change.values:
                    entry[name] = _yaml_value(name, change.values[name])
            data["findings"].append(entry)
            plan.changes.append(Change(subject, subject, "added",
                                       f"{change.values.get('criticality', '')}: {change.values.get('title', '')}"))
        elif change.kind == "updated":
            target = by_number[change.number]
            for name, value in change.values.items():
                target[name] = _yaml_value(name, value)
            plan.changes += [Change(subject, subject, "changed", f"{LABELS[name]}: {_short(before)} -> {_short(after)}")
                             for name, before, after in change.changes]
    try:  # never write a file the next load would reject
        FindingsFile.model_validate(yaml.safe_load(plan.pending.render()[path]))
    except ValidationError as exc:  # pragma: no cover - the plan is built from validated values
        raise InputError(f"the import would make cap/findings.yaml invalid ({exc.error_count()} problems)",
                         where=FINDINGS.as_posix(), fix="Nothing was written; report this with --debug.") from exc


def apply_import(workspace: Workspace, plan: CapPlan, by: str | None = None) -> Path:
    """Write a plan made already (``plan_import``) into ``cap/findings.yaml``, with its journal entry."""
    run_import(workspace, lambda _: plan, by=by, command="ssrgen cap import")
    return workspace.root / FINDINGS


def describe_plan(plan: CapPlan) -> list[str]:
    """The plan in the words an analyst reads: one line per finding that changes."""
    lines = [f"{plan.source.name}: sheet '{plan.sheet}', headers in row {plan.header_row}, "
             f"{len(plan.findings)} finding(s)"]
    if plan.new_review is not None:
        lines.append(f"  new review {plan.new_review.id} ({plan.new_review.type})")
    for change in plan.findings:
        if change.kind == "new":
            lines.append(f"  new       {change.number}  {change.values.get('criticality', '')}: "
                         f"{change.values.get('title', '')}")
        elif change.kind == "updated":
            for name, before, after in change.changes:
                lines.append(f"  updated   {change.number}  {LABELS[name]}: {_short(before)} -> {_short(after)}")
        for name, before, after in change.kept:
            lines.append(f"  kept      {change.number}  {LABELS[name]}: the workbook says {_short(after)}, "
                         f"the workspace keeps {_short(before)} (an import never overwrites the agency's answers)")
    unchanged = len(plan.of_kind("unchanged"))
    if unchanged:
        lines.append(f"  unchanged {unchanged} finding(s)")
    if plan.ignored_headers:
        lines.append(f"  columns not read: {', '.join(plan.ignored_headers)} "
                     "(map one in ssrgen.yaml under cap.headers if it holds a CAP field)")
    return lines


def _short(value: Any) -> str:
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return f"'{text[:60]}...'" if len(text) > 60 else f"'{text}'"

