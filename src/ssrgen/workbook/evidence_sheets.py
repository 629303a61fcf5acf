"""The Controls and Evidence sheets: their columns, and their rows from a workspace.

Both the export (what to write) and the import (what the workspace holds now,
to detect conflicts) use :func:`answer_values` and :func:`evidence_values`, so
a row's fingerprint means the same on both sides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ssrgen.catalog import CatalogEntry
from ssrgen.controls_text import requirement_summary
from ssrgen.freshness import freshness, missing_artifacts, stale_after
from ssrgen.model.records import AGENCY_WIDE, EVIDENCE_KINDS, STATUSES, Answer, Evidence
from ssrgen.workbook.register_sheets import register_lists
from ssrgen.workbook.sheets import Column, Row, SheetSpec
from ssrgen.workspace import Workspace

AGENCY_WIDE_LABEL = "agency-wide"
ANSWER_FIELDS = ("status", "narrative", "owner", "last_reviewed", "notes")
EVIDENCE_FIELDS = ("control", "system", "title", "kind", "location", "collected_on", "effective",
                   "collected_by", "artifact")

CONTROLS = SheetSpec(
    name="Controls",
    key=("control", "system"),
    columns=(
        Column("control", "Control ID", width=12),
        Column("system", "System", width=16),
        Column("title", "Title", width=30),
        Column("summary", "Requirement summary", "longtext", width=50),
        Column("parameters", "IRS parameter values", "longtext", width=30),
        Column("artifacts", "Expected artifacts", "longtext", width=34),
        Column("evidence", "Evidence on file", "longtext", width=30),
        Column("status", "Status", "choice", editable=True, width=20, choices="statuses",
               help="Pick a status; leave blank while unanswered."),
        Column("narrative", "Implementation narrative", "longtext", editable=True, width=60,
               help="How the control is implemented: who, what, how often, which tools."),
        Column("owner", "Owner", editable=True, width=24, help="A role or a person."),
        Column("last_reviewed", "Last reviewed", "date", editable=True, width=14,
               help="The date the answer was last reviewed, e.g. 2026-03-02."),
        Column("notes", "Notes", "longtext", editable=True, width=36),
    ),
)

EVIDENCE = SheetSpec(
    name="Evidence",
    key=("id",),
    new_rows=200,
    columns=(
        Column("id", "Evidence ID", width=12),
        Column("control", "Control ID", "choice", editable=True, width=14, choices="controls",
               help="The control this evidence supports."),
        Column("system", "System", "choice", editable=True, width=16, choices="systems"),
        Column("title", "Title", editable=True, width=40),
        Column("kind", "Kind", "choice", editable=True, width=14, choices="kinds"),
        Column("location", "Location", editable=True, width=44,
               help="A path inside the workspace (evidence/files/...) or an https:// link."),
        Column("collected_on", "Collected on", "date", editable=True, width=14),
        Column("effective", "Effective date", "date", editable=True, width=14,
               help="The date the evidence speaks for; it decides freshness."),
        Column("collected_by", "Collected by", editable=True, width=22),
        Column("artifact", "Expected artifact no.", "integer", editable=True, width=12,
               help="Which expected artifact of the control it provides (1, 2, ...)."),
        Column("sha256", "SHA-256", width=20),
        Column("freshness", "Freshness", width=24),
    ),
)

SHEETS = (CONTROLS, EVIDENCE)


def choice_lists(workspace: Workspace) -> dict[str, list[str]]:
    """The drop-down lists, by name."""
    return {
        "statuses": list(STATUSES),
        "kinds": list(EVIDENCE_KINDS),
        "systems": [AGENCY_WIDE_LABEL, *workspace.system_ids],
        "controls": [e.id for e in workspace.in_scope()],
        **register_lists(),
    }


def system_label(system: str | None) -> str:
    return system or AGENCY_WIDE_LABEL


def system_id(label: str | None) -> str:
    return AGENCY_WIDE if not label or label == AGENCY_WIDE_LABEL else label


def answer_values(answer: Answer | None) -> dict[str, Any]:
    return {name: getattr(answer, name) if answer else None for name in ANSWER_FIELDS}


def evidence_values(item: Evidence) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in EVIDENCE_FIELDS}
    values["system"] = system_label(item.system)
    return values


# ------------------------------------------------------------------ rows

@dataclass(frozen=True)
class Scope:
    """Which rows an export holds (all filters optional)."""

    family: str | None = None
    owner: str | None = None
    system: str | None = None


def control_rows(workspace: Workspace, scope: Scope, today: dt.date) -> Iterator[tuple[Row, dict[str, str]]]:
    """One row per control and system in scope, and the cells to highlight."""
    family = scope.family.casefold() if scope.family else None
    for entry in workspace.in_scope():
        if family and entry.group.casefold() != family:
            continue
        record = workspace.implementation.get(entry.id)
        if scope.system:
            systems = [scope.system]
        else:
            systems = [AGENCY_WIDE, *(s for s in workspace.system_ids if record and s in record.systems)]
        for system in systems:
            answer = workspace.answer(entry.id, system)
            if scope.owner and (not answer or not answer.owner
                                or scope.owner.casefold() not in answer.owner.casefold()):
                continue
            evidence_text, flag = _evidence_summary(workspace, entry, system, today)
            row: Row = {
                "control": entry.id, "system": system_label(system), "title": entry.title,
                "summary": requirement_summary(entry), "parameters": _parameters(entry),
                "artifacts": "\n".join(f"{n}. {a}" for n, a in enumerate(entry.entry.expected_artifacts, 1)),
                "evidence": evidence_text, **answer_values(answer),
            }
            yield row, ({"evidence": flag} if flag else {})


def _parameters(entry: CatalogEntry) -> str:
    return "\n".join(
        f"{p.name.replace('_', ' ')}: {p.value}{' ' + p.unit if p.unit else ''}" for p in entry.entry.parameters
    )


def _evidence_summary(workspace: Workspace, entry: CatalogEntry, system: str, today: dt.date) -> tuple[str, str]:
    items = [e for e in workspace.evidence_for(entry.id) if (e.system or AGENCY_WIDE) in (system, AGENCY_WIDE)]
    lines = []
    flag = ""
    stale = [e for e in items if freshness(workspace, e, today) == "stale"]
    if items:
        lines.append(f"{len(items)} item{'s' if len(items) != 1 else ''}, {len(stale)} stale")
    for item in stale:
        lines.append(f"stale: {item.id} (effective {item.effective})")
        flag = "stale"
    missing = missing_artifacts(workspace, entry.id) if system == AGENCY_WIDE else []
    for number, text in missing:
        lines.append(f"missing artifact {number}: {text}")
        flag = "missing"
    if not items and not missing:
        lines.append("none")
    return "\n".join(lines), flag


def evidence_rows(workspace: Workspace, rows: list[Row], scope: Scope, today: dt.date) -> Iterator[tuple[Row, dict[str, str]]]:
    """The evidence items of the controls (and systems) in the exported rows."""
    wanted = {(r["control"], system_id(r["system"])) for r in rows}
    controls = {c for c, _ in wanted}
    for item in workspace.evidence:
        system = item.system or AGENCY_WIDE
        if item.control not in controls:
            continue
        if scope.system and system not in (scope.system, AGENCY_WIDE):
            continue
        state = freshness(workspace, item, today)
        limit = stale_after(workspace, item)
        text = {"fresh": f"fresh until {limit}", "stale": f"stale since {limit}", "undated": "no effective date"}[state]
        row: Row = {"id": item.id, **evidence_values(item), "sha256": item.sha256 or "", "freshness": text}
        yield row, ({"freshness": "stale"} if state == "stale" else {})
