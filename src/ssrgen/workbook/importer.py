"""``ssrgen evidence import``: take a filled-in evidence workbook back.

Every cell is checked first; any error and nothing is written. Then each row is
compared three ways, using the fingerprint stored at export: the workbook's
values, the workspace's values now, and both as they were when exported.

- workbook unchanged since export: nothing to do (the workspace may have moved on);
- workbook changed, workspace not: the workbook's values are taken;
- both changed (to different values): a **conflict**, reported, row left as is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ssrgen import ids
from ssrgen.errors import InputError, Problem, ValidationFailed
from ssrgen.evidence import next_evidence_ids, register_file
from ssrgen.imports.pipeline import ImportResult, run_import
from ssrgen.imports.plan import Change, ImportPlan, conflict, described, diffs
from ssrgen.model.records import AGENCY_WIDE, Evidence
from ssrgen.output import sha256_file
from ssrgen.pending import PendingWrites
from ssrgen.workbook.evidence_sheets import (
    ANSWER_FIELDS,
    CONTROLS,
    EVIDENCE,
    EVIDENCE_FIELDS,
    answer_values,
    choice_lists,
    evidence_values,
    system_id,
    system_label,
)
from ssrgen.workbook.meta import WorkbookPlan, read_meta
from ssrgen.workbook.opening import OpenedWorkbook, open_workbook
from ssrgen.workbook.register_import import plan_registers, read_register_sheets
from ssrgen.workbook.sheets import ReadRow, SheetSpec, fingerprint, read_sheet, row_key
from ssrgen.workspace import Workspace


def plan_import(workspace: Workspace, path: Path, today: dt.date | None = None) -> WorkbookPlan:
    """Read and check the workbook at ``path``; return what importing it would change.

    Raises :class:`ValidationFailed` listing every bad cell; nothing is written.
    """
    today = today or dt.date.today()
    workbook, data = open_workbook(path)
    with workbook:
        return _plan(workspace, path, workbook, data, today)


def _plan(workspace: Workspace, path: Path, workbook: OpenedWorkbook, data: bytes, today: dt.date) -> WorkbookPlan:
    meta = read_meta(workbook, str(path))
    plan = WorkbookPlan(path, hashlib.sha256(data).hexdigest(), "evidence workbook", PendingWrites(workspace),
                        meta=meta, journal={"export_id": meta.export_id, "exported_at": meta.exported_at})
    if meta.workspace and meta.workspace != workspace.name:
        raise InputError(
            f"the workbook was exported from '{meta.workspace}', not from this workspace ('{workspace.name}')",
            where=str(path), fix="Import it into the workspace it was exported from (-w DIR).",
        )
    if meta.catalog_version != workspace.catalogs.version:
        plan.warnings.append(Problem(
            str(path), "the workbook was exported with another version of the control catalogs; its grey "
            "reference columns may be out of date", "Export a fresh workbook for the next round.", "warning"))
    allowed = choice_lists(workspace)
    problems: list[Problem] = []
    controls = _rows(workbook, CONTROLS, allowed, problems, str(path))
    evidence = _rows(workbook, EVIDENCE, allowed, problems, str(path))
    registers = read_register_sheets(workbook, plan, allowed, problems)
    for row in [*controls, *evidence, *(r for _, rows in registers for r in rows)]:
        plan.read_all((row.cells.get(name, row.cells.get("id", "")), value) for name, value in row.values.items())
    plan.warnings += [p for p in problems if not p.is_error] + workbook.warnings
    errors = [p for p in problems if p.is_error]
    if not errors:
        _plan_answers(workspace, plan, controls, errors)
        _plan_evidence(workspace, plan, evidence, errors, today)
        plan_registers(workspace, plan, registers, errors)
    if errors:
        raise ValidationFailed(errors, what=f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in "
                               f"the workbook; nothing was imported")
    return plan


def import_workbook(workspace: Workspace, path: Path, *, dry_run: bool = False, by: str | None = None,
                    notify: Callable[[str], None] | None = None, today: dt.date | None = None,
                    now: dt.datetime | None = None) -> ImportResult:
    """Plan the import of the workbook at ``path`` and, unless ``dry_run``, apply it with its
    journal entry, through the import pipeline (:mod:`ssrgen.imports.pipeline`)."""
    return run_import(workspace, lambda ws: plan_import(ws, path, today), dry_run=dry_run, by=by,
                      command="ssrgen evidence import", notify=notify, now=now)


def apply_import(workspace: Workspace, plan: ImportPlan, by: str | None = None,
                 now: dt.datetime | None = None) -> list[Path]:
    """Write an import planned already (``plan_import``) with its journal entry; the files written."""
    return run_import(workspace, lambda _: plan, by=by, command="ssrgen evidence import", now=now).written


def _rows(workbook: OpenedWorkbook, spec: SheetSpec, allowed: dict[str, list[str]],
          problems: list[Problem], where: str) -> list[ReadRow]:
    if spec.name not in workbook.sheetnames:
        problems.append(Problem(where, f"the sheet '{spec.name}' is missing",
                                "Keep the sheet names of the exported workbook (rename it back)."))
        return []
    rows, found = read_sheet(spec.name, workbook.rows(spec.name), spec, allowed)
    problems.extend(found)
    return rows


# ------------------------------------------------------------------ answers

def _plan_answers(workspace: Workspace, plan: WorkbookPlan, rows: list[ReadRow], errors: list[Problem]) -> None:
    assert plan.pending is not None
    seen: dict[str, int] = {}
    for row in rows:
        raw = row.values.get("control")
        if not raw:
            errors.append(Problem(row.cells["control"], "the Control ID is empty",
                                  "Restore the control id of this row (copy it from a fresh export)."))
            continue
        control = ids.normalize(raw)
        if control not in workspace.catalogs.by_id:
            errors.append(Problem(row.cells["control"], f"'{raw}' is not a control in any catalog",
                                  workspace.catalogs.suggest(raw)))
            continue
        system = system_id(row.values.get("system"))
        if system != AGENCY_WIDE and system not in workspace.system_ids:
            errors.append(Problem(row.cells["system"], f"unknown system '{system}'",
                                  f"Use agency-wide or a system id: {', '.join(workspace.system_ids)}."))
            continue
        key = row_key(CONTROLS, {"control": control, "system": system_label(system)})
        if key in seen:
            errors.append(Problem(row.cells["control"],
                                  f"{control} ({system_label(system)}) has a second row (first on row {seen[key]})",
                                  "Keep one row per control and system; delete the copy."))
            continue
        seen[key] = row.number
        new = {name: row.values.get(name) for name in ANSWER_FIELDS}
        current = answer_values(workspace.answer(control, system))
        subject = f"{control} ({system_label(system)})"
        changed = diffs(new, current, ANSWER_FIELDS)
        if not changed:
            continue
        baseline = plan.meta.fingerprints.get((CONTROLS.name, key))
        if baseline == fingerprint(CONTROLS, new):
            continue  # untouched in the workbook; the workspace's newer values stand
        if baseline is not None and baseline != fingerprint(CONTROLS, current):
            plan.conflicts.append(conflict(row.cells["control"], subject))
            continue
        plan.pending.set_answer(control, system, {name: new[name] for name in changed})
        plan.changes += [described(control, subject, CONTROLS.column(name).header, current[name], new[name], row.cells[name])
                         for name in changed]
    exported = set(plan.meta.keys(CONTROLS.name))
    missing = sorted(exported - set(seen), key=ids.sort_key)
    if missing:
        shown = ", ".join(k.replace("|", " (") + ")" for k in missing[:5]) + (", ..." if len(missing) > 5 else "")
        plan.warnings.append(Problem(f"{CONTROLS.name}", f"{len(missing)} exported row(s) are no longer in the "
                                     f"workbook ({shown}); they were left unchanged", severity="warning"))


# ------------------------------------------------------------------ evidence

def _plan_evidence(workspace: Workspace, plan: WorkbookPlan, rows: list[ReadRow], errors: list[Problem],
                   today: dt.date) -> None:
    assert plan.pending is not None
    by_id = {e.id: e for e in workspace.evidence}
    present: dict[str, int] = {}
    new_items: list[tuple[ReadRow, dict[str, Any]]] = []
    for row in rows:
        item_id = row.values.get("id")
        values = {name: row.values.get(name) for name in EVIDENCE_FIELDS}
        if not item_id:
            new_items.append((row, values))
            continue
        item_id = item_id.strip()
        if item_id in present:
            errors.append(Problem(row.cells["id"], f"{item_id} has a second row (first on row {present[item_id]})",
                                  "Keep one row per evidence item; for a new item leave Evidence ID empty."))
            continue
        present[item_id] = row.number
        baseline = plan.meta.fingerprints.get((EVIDENCE.name, item_id))
        current_item = by_id.get(item_id)
        if current_item is None:
            if baseline is None:
                errors.append(Problem(row.cells["id"], f"'{item_id}' is not an evidence item of the workspace",
                                      "For a new item leave Evidence ID empty; ssrgen numbers it."))
            elif baseline != fingerprint(EVIDENCE, values):
                plan.conflicts.append(conflict(row.cells["id"], f"{item_id} (removed from the workspace)"))
            continue
        current = evidence_values(current_item)
        changed = diffs(values, current, EVIDENCE_FIELDS)
        if not changed or baseline == fingerprint(EVIDENCE, values):
            continue
        if baseline is not None and baseline != fingerprint(EVIDENCE, current):
            plan.conflicts.append(conflict(row.cells["id"], item_id))
            continue
        updates = {name: values[name] for name in changed}
        if "system" in updates:
            updates["system"] = system_id(updates["system"]) or None
        if updates.get("location"):
            updates["location"] = str(updates["location"]).strip()
            digest = _location(workspace, str(updates["location"]), row.cells["location"], errors)
            updates["sha256"] = digest
        merged = {**current_item.model_dump(exclude_none=True), **updates}
        if _valid_item(merged, row, errors) is None:
            continue
        plan.pending.update_evidence(item_id, updates)
        control = str(merged["control"])
        plan.changes += [described(control, item_id, EVIDENCE.column(name).header, current[name], values[name], row.cells[name])
                         for name in changed]
    _plan_new_evidence(workspace, plan, new_items, errors, today)
    for item_id in plan.meta.keys(EVIDENCE.name):
        if item_id in present or item_id not in by_id:
            continue
        item = by_id[item_id]
        if plan.meta.fingerprints[(EVIDENCE.name, item_id)] != fingerprint(EVIDENCE, evidence_values(item)):
            plan.conflicts.append(conflict(EVIDENCE.name, f"{item_id} (deleted in the workbook)"))
            continue
        plan.pending.remove_evidence(item_id)
        plan.changes.append(Change(item.control, item_id, "removed", f"evidence '{item.title}' (its file stays)",
                                   EVIDENCE.name))


def _plan_new_evidence(workspace: Workspace, plan: WorkbookPlan, rows: list[tuple[ReadRow, dict[str, Any]]],
                       errors: list[Problem], today: dt.date) -> None:
    assert plan.pending is not None
    new_ids = iter(next_evidence_ids(workspace, len(rows)))
    # a new row an earlier import (or an earlier row) already made into an item: the same control,
    # system and file with the same content (or the same link) is that item, not another one
    made: dict[tuple[str, str, str, str | None], str] = {
        (e.control, e.system or AGENCY_WIDE, e.location.strip(), e.sha256): e.id for e in workspace.evidence}
    for row, values in rows:
        missing = [name for name in ("control", "title", "location") if not values.get(name)]
        if missing:
            for name in missing:
                errors.append(Problem(row.cells[name], f"a new evidence item needs its {EVIDENCE.column(name).header}",
                                      "Fill it in, or clear the whole row."))
            continue
        values["location"] = values["location"].strip()
        digest = _location(workspace, values["location"], row.cells["location"], errors)
        raw = {name: value for name, value in values.items() if value is not None}
        raw.update(id=next(new_ids), system=system_id(values.get("system")) or None, sha256=digest,
                   collected_on=values.get("collected_on") or today)
        item = _valid_item({k: v for k, v in raw.items() if v is not None}, row, errors)
        if item is None:
            continue
        same = (ids.normalize(item.control), item.system or AGENCY_WIDE, item.location, item.sha256)
        if same in made:
            continue  # imported before: the workspace holds it as made[same]
        made[same] = item.id
        plan.pending.append_evidence(register_file(workspace, item.control), item)
        plan.changes.append(Change(item.control, item.id, "added", f"evidence '{item.title}' ({item.location})",
                                   row.cells["id"]))


def _location(workspace: Workspace, location: str, where: str, errors: list[Problem]) -> str | None:
    """The SHA-256 of a file location inside the workspace (None for a link)."""
    location = location.strip()
    if location.startswith(("http://", "https://")):
        return None
    root = workspace.root.resolve()
    target = (root / location).resolve()
    if not target.is_relative_to(root):
        errors.append(Problem(where, f"'{location}' is outside the workspace",
                              "Copy the file into evidence/files/ of the workspace and give that path "
                              "(e.g. evidence/files/report.pdf)."))
        return None
    if not target.is_file():
        errors.append(Problem(where, f"there is no file '{location}' in the workspace",
                              "Copy the file into the workspace (evidence/files/) first, or correct the path."))
        return None
    return sha256_file(target)


def _valid_item(raw: dict[str, Any], row: ReadRow, errors: list[Problem]) -> Evidence | None:
    try:
        return Evidence.model_validate(raw)
    except ValidationError as exc:
        for item in exc.errors():
            name = str(item["loc"][0]) if item["loc"] else "id"
            where = row.cells.get(name, row.cells.get("id", f"{EVIDENCE.name}!{row.number}"))
            errors.append(Problem(where, f"{item['msg'].rstrip('.').lower()}", "Correct the value."))
        return None
