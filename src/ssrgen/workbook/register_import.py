"""Taking the register sheets back: the same three-way comparison as the Controls
sheet (workbook, workspace now, fingerprint at export), per register record.

- a row whose key is not in the register is a new record (appended to the file);
- a row unchanged since the export changes nothing;
- a row changed in the workbook and in the workspace is a conflict, left as is;
- two rows with the same key are an error naming the second row's cell;
- an exported row deleted from the workbook leaves its record as it is (a
  register is the agency's history: records are removed in the YAML file).

Writes go through :class:`ssrgen.pending.PendingWrites`: comments in
``registers/*.yaml`` are kept and every file is written atomically, all or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ssrgen.errors import InputError, Problem
from ssrgen.imports.plan import Change, conflict, described, diffs
from ssrgen.pending import _yaml_value
from ssrgen.workbook.meta import WorkbookPlan
from ssrgen.workbook.opening import OpenedWorkbook
from ssrgen.workbook.register_sheets import (
    NO,
    REGISTER_SHEETS,
    YES,
    RegisterSheet,
    parse_datetime,
    record_key,
    records,
    register_values,
)
from ssrgen.workbook.sheets import ReadRow, fingerprint, read_sheet, row_key, row_label
from ssrgen.workspace import Workspace


def read_register_sheets(
    workbook: OpenedWorkbook, plan: WorkbookPlan, allowed: Mapping[str, Sequence[str]], problems: list[Problem]
) -> list[tuple[RegisterSheet, list[ReadRow]]]:
    """The register sheets present in the workbook, read cell by cell.

    A register sheet the export wrote (it has fingerprints) must still be there;
    one without rows at export may have been deleted.
    """
    found = []
    for sheet in REGISTER_SHEETS:
        name = sheet.spec.name
        if name not in workbook.sheetnames:
            if plan.meta.keys(name):
                problems.append(Problem(str(plan.source), f"the sheet '{name}' is missing",
                                        "Keep the sheet names of the exported workbook (rename it back)."))
            continue
        rows, read = read_sheet(name, workbook.rows(name), sheet.spec, allowed)
        problems.extend(read)
        found.append((sheet, rows))
    return found


def plan_registers(workspace: Workspace, plan: WorkbookPlan,
                   sheets: list[tuple[RegisterSheet, list[ReadRow]]], errors: list[Problem]) -> None:
    """Add the register changes (and conflicts) of the workbook to ``plan``."""
    for sheet, rows in sheets:
        _plan_register(workspace, plan, sheet, rows, errors)


def _plan_register(workspace: Workspace, plan: WorkbookPlan, sheet: RegisterSheet, rows: list[ReadRow],
                   errors: list[Problem]) -> None:
    assert plan.pending is not None
    spec = sheet.spec
    current: dict[str, tuple[int, BaseModel]] = {}
    for index, record in enumerate(records(workspace, sheet)):
        current.setdefault(_trimmed(record_key(sheet, record)), (index, record))
    baselines = {_trimmed(k): plan.meta.fingerprints[(spec.name, k)] for k in plan.meta.keys(spec.name)}
    editable = tuple(c.field for c in spec.editable)
    seen: dict[str, int] = {}
    for row in rows:
        values = _normalized(sheet, row, errors)
        if values is None:
            continue
        missing = [name for name in spec.key if not values.get(name)]
        if missing:
            for name in missing:
                errors.append(Problem(row.cells[name], f"a new row of the {spec.name} sheet needs its {spec.column(name).header}",
                                      "Fill it in, or clear the whole row."))
            continue
        key = _trimmed(row_key(spec, values))
        label = row_label(spec, values)
        first = spec.key[0]
        if key in seen:
            errors.append(Problem(row.cells[first], f"{label} has a second row (first on row {seen[key]})",
                                  f"Keep one row per {_record_word(sheet)}; delete the copy or change it."))
            continue
        seen[key] = row.number
        baseline = baselines.get(key)
        found = current.get(key)
        if found is None:
            if baseline is not None:
                if baseline != fingerprint(spec, values):
                    plan.conflicts.append(conflict(row.cells[first], f"{label} (removed from {sheet.file})"))
                continue
            added = _valid(sheet, {n: v for n, v in values.items() if v is not None}, row, errors)
            if added is not None:
                plan.pending.document(workspace.root / sheet.file, CommentedSeq).append(
                    CommentedMap(_yaml_record(sheet, added)))
                plan.changes.append(Change(spec.name, label, "added", f"{_record_word(sheet)} record",
                                           row.cells[first]))
            continue
        index, record = found
        now = register_values(sheet, record)
        changed = diffs(values, now, editable)
        if not changed or baseline == fingerprint(spec, values):
            continue
        if baseline is None or baseline != fingerprint(spec, now):
            plan.conflicts.append(conflict(row.cells[first], label))
            continue
        updates = {name: _model_value(sheet, name, values[name]) for name in changed}
        merged = {**record.model_dump(exclude_none=True), **updates}
        if _valid(sheet, {n: v for n, v in merged.items() if v is not None}, row, errors) is None:
            continue
        _update(workspace, plan, sheet, index, key, updates)
        plan.changes += [described(spec.name, label, spec.column(name).header, now[name], values[name], row.cells[name])
                         for name in changed]
    gone = [k for k in baselines if k not in seen and k in current]
    if gone:
        shown = ", ".join(k.replace("|", ", ") for k in gone[:5]) + (", ..." if len(gone) > 5 else "")
        plan.warnings.append(Problem(spec.name, f"{len(gone)} exported row(s) are no longer in the workbook "
                                     f"({shown}); their records were left in {sheet.file}",
                                     "To remove a record, delete it from the file itself.", "warning"))


def _trimmed(key: str) -> str:
    """A row key with each part trimmed: the import trims the key texts it reads, so a record
    whose key ends in a space (a quoted YAML string) still matches its own row."""
    return "|".join(part.strip() for part in key.split("|"))


def _record_word(sheet: RegisterSheet) -> str:
    return {"ai_use": "AI use", "inspections": "inspection", "poam": "POA&M finding"}.get(sheet.register, sheet.register.rstrip("s"))


def _normalized(sheet: RegisterSheet, row: ReadRow, errors: list[Problem]) -> dict[str, Any] | None:
    """The row's values, with key texts trimmed and dates and times in one form."""
    values = {name: row.values.get(name) for name in sheet.fields}
    ok = True
    for name in sheet.spec.key:
        text = values[name]
        if isinstance(text, str):
            values[name] = text.strip()
    for name in sheet.datetimes:
        text = values.get(name)
        if text is None:
            continue
        try:
            parsed = parse_datetime(str(text))
        except ValueError as exc:
            errors.append(Problem(row.cells[name], str(exc), "Write the date and time as 2026-03-02 09:15."))
            ok = False
            continue
        values[name] = parsed.strftime("%Y-%m-%d %H:%M" if parsed.second == 0 else "%Y-%m-%d %H:%M:%S")
    return values if ok else None


def _model_value(sheet: RegisterSheet, name: str, value: Any) -> Any:
    if name in sheet.booleans and value in (YES, NO):
        return value == YES
    if name in sheet.datetimes and isinstance(value, str):
        return parse_datetime(value)
    return value


def _valid(sheet: RegisterSheet, raw: dict[str, Any], row: ReadRow, errors: list[Problem]) -> BaseModel | None:
    data = {name: _model_value(sheet, name, value) if name in sheet.fields else value for name, value in raw.items()}
    try:
        return sheet.model.model_validate(data)
    except ValidationError as exc:
        for item in exc.errors():
            name = str(item["loc"][0]) if item["loc"] else sheet.spec.key[0]
            where = row.cells.get(name, row.cells.get(sheet.spec.key[0], f"{sheet.spec.name}!{row.number}"))
            what = item["msg"].rstrip(".").lower()
            if item["type"] == "missing" and name in row.cells:
                what = f"the {sheet.spec.column(name).header} is required"
            errors.append(Problem(where, what, "Correct the value."))
        return None


def _yaml_record(sheet: RegisterSheet, record: BaseModel) -> dict[str, Any]:
    data = record.model_dump(exclude_none=True)
    return {name: _yaml_value(value) for name, value in data.items()}


def _update(workspace: Workspace, plan: WorkbookPlan, sheet: RegisterSheet, index: int, key: str,
            updates: Mapping[str, Any]) -> None:
    assert plan.pending is not None
    entries = plan.pending.document(workspace.root / sheet.file, CommentedSeq)
    entry = entries[index] if index < len(entries) else None
    if not isinstance(entry, dict) or _trimmed(row_key(sheet.spec, _entry_values(sheet, entry))) != key:
        raise InputError(f"{sheet.file} changed while the import ran", where=sheet.file,
                         fix="Run the command again.")
    for name, value in updates.items():
        if value is None:
            entry.pop(name, None)
        else:
            entry[name] = _yaml_value(value)


def _entry_values(sheet: RegisterSheet, entry: Mapping[str, Any]) -> dict[str, Any]:
    return {name: str(entry.get(name) or "") for name in sheet.spec.key}
