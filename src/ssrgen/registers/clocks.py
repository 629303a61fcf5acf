"""When each register record next comes due, and why.

The rules (:mod:`ssrgen.registers.rules`) and the calendar
(:mod:`ssrgen.calendar`) read the same clocks, so a record flagged by
``validate`` is the record ``ssrgen due`` lists as overdue.

Intervals, with the words that set them (the MOU is cited only for an agency it
binds: :func:`training_source` and the others ask the workspace's scope):

- disclosure awareness training and the confidentiality certification: before
  access and annually (MOU 9.A.5; Pub 1075 §2.D.2.1);
- internal inspections: headquarters, the computer facility and contractors
  every 18 months, field offices every 3 years (Pub 1075 §2.D.3), read from
  ``controls/schedules.yaml``;
- contractor on-site assessments: IRC §6103(p)(9) and MOU 9.A.11 require them
  without an interval of their own; Pub 1075 §2.D.3 sets one for "all
  contractors and sub-contractors with access to FTI": at least every 18 months;
- 45-day notifications: at least 45 days before the planned implementation,
  approval first where Table 6 requires it (Pub 1075 §2.E.6); tax modeling and
  live-data testing approvals are valid up to three years (§2.E.6.3, §2.E.6.4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ssrgen.errors import SsrgenError
from ssrgen.freshness import add_cadence
from ssrgen.model.catalog import Cadence, TimeUnit
from ssrgen.model.registers import (
    REGISTER_FILES,
    ContractorRecord,
    InspectionRecord,
    NotificationRecord,
    TrainingRecord,
)
from ssrgen.model.schedules import Schedules
from ssrgen.scope import Scope
from ssrgen.workspace import Workspace
from ssrgen.yamlio import YamlDocument, load_yaml

PUB = "Pub 1075 Rev. 11-2021"
ANNUAL = Cadence(value=1, unit="years", basis="annual")
TRAINING_SOURCE = f"MOU 9.A.5; {PUB} §2.D.2.1"
CONTRACTOR_SOURCE = f"MOU 9.A.11; IRC §6103(p)(9); {PUB} §1.9.4, §2.D.3"
INCIDENT_HOURS = 24
INCIDENT_SOURCE = f"MOU 9.D; {PUB} §1.8.2, §1.8.3, §1.8.4"
LETTERS_SOURCE = f"MOU 9.A.8; {PUB} §1.8.5"
NOTIFICATION_SOURCE = f"{PUB} §2.E.6, Table 6"
AI_SOURCE = "MOU 9.A.12"


def training_source(scope: Scope) -> str:
    return scope.cite("MOU 9.A.5", f"{PUB} §2.D.2.1")


def contractor_source(scope: Scope) -> str:
    return scope.cite("MOU 9.A.11", f"IRC §6103(p)(9); {PUB} §1.9.4, §2.D.3")


def inspection_source(scope: Scope, interval_source: str) -> str:
    return scope.cite("MOU 9.A.10", interval_source)


def incident_source(scope: Scope) -> str:
    return scope.cite("MOU 9.D", f"{PUB} §1.8.2, §1.8.3, §1.8.4")


def letters_source(scope: Scope) -> str:
    return scope.cite("MOU 9.A.8", f"{PUB} §1.8.5")


APPROVAL_VALID = Cadence(value=3, unit="years", basis="§2.E.6.3, §2.E.6.4")
# Table 6 approvals that expire, and the subsection that says so
EXPIRING_APPROVALS = {"tax-modeling": "§2.E.6.3", "pre-production": "§2.E.6.4"}


@dataclass(frozen=True)
class Interval:
    """How often something recurs, with its citation."""

    cadence: Cadence
    source: str

    @property
    def words(self) -> str:
        unit = self.cadence.unit[:-1] if self.cadence.value == 1 else self.cadence.unit
        return f"{self.cadence.value} {unit}"


# Pub 1075 §2.D.3 as printed, used when controls/schedules.yaml is not installed.
_INSPECTION_FALLBACK: dict[str, tuple[int, TimeUnit]] = {
    "headquarters": (18, "months"),
    "computer-facility": (18, "months"),
    "field-office": (3, "years"),
    "contractor": (18, "months"),
    "off-site-storage": (18, "months"),
}
# Table 6 as printed (§2.E.6): which notifications need approval, and the lead time.
_APPROVAL_FALLBACK = {
    "cloud": False, "contractor": False, "subcontractor-redisclosure": True,
    "tax-modeling": True, "pre-production": True,
}
_LEAD_DAYS_FALLBACK = 45


@cache
def _schedules() -> Schedules | None:
    from ssrgen.deadlines import load_schedules

    try:
        return load_schedules()
    except (SsrgenError, OSError):
        return None


def inspection_interval(kind: str) -> Interval:
    """The §2.D.3 review cycle of a kind of facility."""
    schedules = _schedules()
    if schedules is not None:
        for row in schedules.inspections.intervals:
            if row.site == kind:
                return Interval(Cadence(value=row.every, unit=row.unit, basis=row.site), row.source)
    every, unit = _INSPECTION_FALLBACK[kind]
    return Interval(Cadence(value=every, unit=unit, basis=kind), f"{PUB} §2.D.3")


def contractor_interval(scope: Scope | None = None) -> Interval:
    """How often each contractor with FTI access is assessed on site (§2.D.3), cited for the
    agency's scope (the MOU only for an agency it binds)."""
    base = inspection_interval("contractor")
    return Interval(base.cadence, CONTRACTOR_SOURCE if scope is None else contractor_source(scope))


def notification_rule(kind: str) -> tuple[int, bool]:
    """Table 6: (lead days, approval required) for a kind of notification."""
    schedules = _schedules()
    if schedules is not None:
        for row in schedules.notifications.rows:
            if row.kind == kind:
                return row.lead_days, row.approval_required
    return _LEAD_DAYS_FALLBACK, _APPROVAL_FALLBACK[kind]


# ------------------------------------------------------------------ due dates

def latest(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


def training_due(record: TrainingRecord) -> dt.date | None:
    """The day the annual training and certification lapse (None: never had them)."""
    trained = latest(record.initial_training, record.last_annual_training)
    if trained is None or record.certification_signed is None:
        return None
    return add_cadence(min(trained, record.certification_signed), ANNUAL)


def inspection_due(record: InspectionRecord) -> dt.date | None:
    """The last day the next inspection may take place (None: never inspected)."""
    if record.last_inspection is None:
        return None
    return add_cadence(record.last_inspection, inspection_interval(record.kind).cadence)


def assessment_due(record: ContractorRecord) -> dt.date | None:
    """The last day of the next on-site assessment (None: never assessed)."""
    if record.last_onsite_assessment is None:
        return None
    return add_cadence(record.last_onsite_assessment, contractor_interval().cadence)


def notification_due(record: NotificationRecord) -> dt.date | None:
    """The last day to submit the notification (None: no planned implementation)."""
    if record.planned_implementation is None:
        return None
    lead, _ = notification_rule(record.kind)
    return record.planned_implementation - dt.timedelta(days=lead)


def approval_expires(record: NotificationRecord) -> dt.date | None:
    if record.kind not in EXPIRING_APPROVALS or record.approval_received is None:
        return None
    return add_cadence(record.approval_received, APPROVAL_VALID)


# ------------------------------------------------------------------ locations

class RecordLocator:
    """``file:line`` of register records, reading each file once, only when asked."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._docs: dict[str, YamlDocument | None] = dict(workspace.register_docs)

    def file(self, register: str) -> str:
        return self.workspace.where.get(
            f"register:{register}", f"registers/{REGISTER_FILES[register]}"
        )

    def where(self, register: str, index: int, field: str | None = None) -> str:
        if register not in self._docs:
            path: Path = self.workspace.root / "registers" / REGISTER_FILES[register]
            try:
                self._docs[register] = load_yaml(path, self.workspace.root)
            except SsrgenError:
                self._docs[register] = None
        doc = self._docs[register]
        if doc is None:
            return self.file(register)
        return doc.where([index, field] if field else [index])
