"""The register sheets (Training, Inspections, Contractors, Incidents, Notifications,
AI Use, POA&M): their columns, and their rows from a workspace.

Each register record is a row identified by a stable key (training: the person;
inspections: facility and kind; contractors: the name; incidents: the id;
notifications: kind and subject; AI use: system and purpose; POA&M: the finding
id). Key columns are
grey and locked on existing rows; the empty rows below them are for new records.
The export and the import both use :func:`register_values`, so a row's
fingerprint means the same on both sides.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, get_args

from pydantic import BaseModel

from ssrgen.model.registers import (
    REGISTER_FILES,
    AiUseRecord,
    ContractorRecord,
    IncidentRecord,
    InspectionKind,
    InspectionRecord,
    NotificationKind,
    NotificationRecord,
    PoamFinding,
    PoamStatus,
    TrainingRecord,
)
from ssrgen.registers.clocks import assessment_due, inspection_due, training_due
from ssrgen.workbook.sheets import Column, Row, SheetSpec, row_key
from ssrgen.workspace import Workspace

YES, NO = "Yes", "No"
DATETIME_HELP = "Date and time, e.g. 2026-03-02 09:15 (agency local time)."


def _yes_no(field: str, header: str, help: str = "") -> Column:
    return Column(field, header, "choice", editable=True, width=12, choices="yes_no", help=help)


@dataclass(frozen=True)
class RegisterSheet:
    """A register as a sheet: which register, its model, its columns."""

    register: str  # the name in ``workspace.registers`` and REGISTER_FILES
    model: type[BaseModel]
    spec: SheetSpec
    booleans: tuple[str, ...] = ()
    datetimes: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return f"registers/{REGISTER_FILES[self.register]}"

    @property
    def fields(self) -> tuple[str, ...]:
        """The record fields the sheet holds (key first, then the editable ones)."""
        return (*self.spec.key, *(c.field for c in self.spec.editable))


TRAINING = RegisterSheet("training", TrainingRecord, SheetSpec(
    name="Training",
    key=("person",),
    new_rows=50,
    columns=(
        Column("person", "Person", width=34, help="Name or role of the person with access."),
        _yes_no("fti_access", "FTI access"),
        Column("access_granted", "Access granted", "date", editable=True, width=14),
        Column("initial_training", "Initial training", "date", editable=True, width=14,
               help="Before access to FTI (Pub 1075 §2.D.2.1)."),
        Column("last_annual_training", "Last annual training", "date", editable=True, width=14),
        Column("certification_signed", "Certification signed", "date", editable=True, width=14,
               help="The confidentiality certification (IRC 7213, 7213A, 7431)."),
        Column("due", "Training due by", "date", width=14),
    ),
), booleans=("fti_access",))

INSPECTIONS = RegisterSheet("inspections", InspectionRecord, SheetSpec(
    name="Inspections",
    key=("facility", "kind"),
    new_rows=20,
    columns=(
        Column("facility", "Facility", width=40),
        Column("kind", "Kind", "choice", width=18, choices="inspection_kinds"),
        Column("last_inspection", "Last inspection", "date", editable=True, width=14),
        Column("next_planned", "Next planned", "date", editable=True, width=14),
        Column("report", "Report", editable=True, width=16),
        Column("findings_count", "Findings", "integer", editable=True, width=10),
        Column("due", "Inspection due by", "date", width=14),
    ),
))

CONTRACTORS = RegisterSheet("contractors", ContractorRecord, SheetSpec(
    name="Contractors",
    key=("name",),
    new_rows=20,
    columns=(
        Column("name", "Contractor", width=34),
        Column("services", "Services", "longtext", editable=True, width=40),
        _yes_no("fti_access", "FTI access"),
        _yes_no("exhibit7_language", "Exhibit 7 language", "Pub 1075 Exhibit 7 in the contract."),
        Column("notification_date", "45-day notification", "date", editable=True, width=14),
        Column("last_onsite_assessment", "Last on-site assessment", "date", editable=True, width=14),
        _yes_no("certified_compliant", "Certified compliant"),
        Column("due", "Assessment due by", "date", width=14),
    ),
), booleans=("fti_access", "exhibit7_language", "certified_compliant"))

INCIDENTS = RegisterSheet("incidents", IncidentRecord, SheetSpec(
    name="Incidents",
    key=("id",),
    new_rows=20,
    columns=(
        Column("id", "Incident ID", width=14),
        Column("summary", "Summary (no FTI)", "longtext", editable=True, width=50,
               help="What happened, without any FTI."),
        Column("discovered_at", "Discovered at", editable=True, width=18, help=DATETIME_HELP),
        Column("reported_tigta_at", "Reported to TIGTA at", editable=True, width=18, help=DATETIME_HELP),
        Column("reported_safeguards_at", "Reported to Safeguards at", editable=True, width=18, help=DATETIME_HELP),
        _yes_no("fti_involved", "FTI involved"),
        Column("records_affected", "Records affected", "integer", editable=True, width=10),
        _yes_no("adverse_action", "Adverse action"),
        Column("taxpayer_letters_sent", "Taxpayer letters sent", "date", editable=True, width=14),
        Column("letters_reported_to_safeguards", "Letters reported to Safeguards", "date", editable=True,
               width=14),
    ),
), booleans=("fti_involved", "adverse_action"),
    datetimes=("discovered_at", "reported_tigta_at", "reported_safeguards_at"))

NOTIFICATIONS = RegisterSheet("notifications", NotificationRecord, SheetSpec(
    name="Notifications",
    key=("kind", "subject"),
    new_rows=20,
    columns=(
        Column("kind", "Kind", "choice", width=22, choices="notification_kinds"),
        Column("subject", "Subject", width=50),
        Column("submitted", "Submitted", "date", editable=True, width=14),
        Column("planned_implementation", "Planned implementation", "date", editable=True, width=14),
        Column("approval_received", "Approval received", "date", editable=True, width=14),
    ),
))

AI_USE = RegisterSheet("ai_use", AiUseRecord, SheetSpec(
    name="AI Use",
    key=("system", "purpose"),
    new_rows=20,
    columns=(
        Column("system", "System", width=34),
        Column("purpose", "Purpose", "longtext", width=50),
        _yes_no("uses_fti", "Uses FTI"),
        Column("disclosed_to_safeguards", "Disclosed to Safeguards", "date", editable=True, width=14),
    ),
), booleans=("uses_fti",))

POAM = RegisterSheet("poam", PoamFinding, SheetSpec(
    name="POA&M",
    key=("id",),
    new_rows=20,
    columns=(
        Column("id", "Finding ID", width=18, help="A new finding needs its own id, e.g. SELF-2026-1."),
        Column("inspection", "Inspection", width=14),
        Column("facility", "Facility", width=28),
        Column("item", "Checklist item", width=12),
        Column("result", "Found", width=13),
        Column("description", "Finding", "longtext", editable=True, width=44),
        Column("remediation_plan", "Remediation plan", "longtext", editable=True, width=44,
               help="What will be done to correct it (Pub 1075 §2.D.9)."),
        Column("responsible_office", "Responsible office", editable=True, width=22),
        Column("planned_date", "Planned date", "date", editable=True, width=14),
        Column("status", "Status", "choice", editable=True, width=13, choices="poam_statuses"),
        Column("completed_date", "Completed", "date", editable=True, width=14),
        Column("closure_evidence", "Closure evidence", "longtext", editable=True, width=30,
               help="What shows it corrected: an evidence id, a file, a work order."),
    ),
))

REGISTER_SHEETS = (TRAINING, INSPECTIONS, CONTRACTORS, INCIDENTS, NOTIFICATIONS, AI_USE, POAM)

# Input prompts that also cite the MOU for an agency the MOU binds: (register, field) ->
# (the prompt with '{}' for the citation, the MOU item, the Pub 1075 section)
_SCOPED_PROMPTS = {
    ("training", "initial_training"): ("Before access to FTI ({}).", "MOU 9.A.5", "Pub 1075 §2.D.2.1"),
}


def sheet_spec(sheet: RegisterSheet, workspace: Workspace) -> SheetSpec:
    """The sheet as this agency's workbook shows it: its prompts cite the MOU only when it is in scope."""
    columns = []
    for column in sheet.spec.columns:
        prompt = _SCOPED_PROMPTS.get((sheet.register, column.field))
        if prompt is not None:
            text, mou, pub = prompt
            column = replace(column, help=text.format(workspace.scope.cite(mou, pub)))
        columns.append(column)
    return replace(sheet.spec, columns=tuple(columns))


def register_lists() -> dict[str, list[str]]:
    """The drop-down lists the register sheets use, by name."""
    return {
        "yes_no": [YES, NO],
        "inspection_kinds": list(get_args(InspectionKind)),
        "notification_kinds": list(get_args(NotificationKind)),
        "poam_statuses": list(get_args(PoamStatus)),
    }


def keeps_registers(workspace: Workspace) -> bool:
    """Whether the workbook holds the register sheets: the workspace has a registers/ folder."""
    return (workspace.root / "registers").is_dir()


# ------------------------------------------------------------------ values

def datetime_text(value: dt.datetime | None) -> str | None:
    """A date and time as the sheet shows it: ``2026-03-02 09:15``."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")


_DATETIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")


def parse_datetime(text: str) -> dt.datetime:
    """``2026-03-02 09:15`` (or with a T, or seconds); a date alone is midnight."""
    match = _DATETIME.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date and time")
    day, hour, minute, second = match.groups()
    try:
        date = dt.date.fromisoformat(day)
        return dt.datetime(date.year, date.month, date.day, int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a real date and time") from exc


def register_values(sheet: RegisterSheet, record: BaseModel) -> dict[str, Any]:
    """A record's key and editable values as the sheet holds them."""
    values: dict[str, Any] = {}
    for name in sheet.fields:
        value = getattr(record, name)
        if name in sheet.booleans:
            value = YES if value else NO
        elif name in sheet.datetimes:
            value = datetime_text(value)
        values[name] = value
    return values


def record_key(sheet: RegisterSheet, record: BaseModel) -> str:
    return row_key(sheet.spec, register_values(sheet, record))


def records(workspace: Workspace, sheet: RegisterSheet) -> list[BaseModel]:
    found: list[BaseModel] = getattr(workspace.registers, sheet.register)
    return found


# ------------------------------------------------------------------ rows

def register_rows(workspace: Workspace, sheet: RegisterSheet, today: dt.date) -> Iterator[tuple[Row, dict[str, str]]]:
    """One row per record, and the cells to highlight (yellow: overdue; red: never done)."""
    for record in records(workspace, sheet):
        row: Row = register_values(sheet, record)
        flags: dict[str, str] = {}
        due: dt.date | None = None
        if isinstance(record, TrainingRecord):
            due = training_due(record)
            if record.fti_access and due is None:
                flags["initial_training"] = "missing"
            elif record.fti_access and due is not None and due < today:
                flags["due"] = "stale"
        elif isinstance(record, InspectionRecord):
            due = inspection_due(record)
            if due is None:
                flags["last_inspection"] = "missing"
            elif due < today:
                flags["due"] = "stale"
        elif isinstance(record, ContractorRecord):
            due = assessment_due(record)
            if record.fti_access and due is None:
                flags["last_onsite_assessment"] = "missing"
            elif record.fti_access and due is not None and due < today:
                flags["due"] = "stale"
        elif isinstance(record, PoamFinding) and record.status != "closed":
            if record.planned_date is None:
                flags["planned_date"] = "missing"
            elif record.planned_date < today:
                flags["planned_date"] = "stale"
        for column in sheet.spec.columns:  # what the record holds in a grey column (the POA&M's source)
            if not column.editable and column.field not in row and column.field in type(record).model_fields:
                row[column.field] = getattr(record, column.field)
        if "due" in {c.field for c in sheet.spec.columns}:
            row["due"] = due
        yield row, flags
