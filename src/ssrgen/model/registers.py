"""Registers: the records MOU §9 and Pub 1075 ask to be kept over time.

Each register is a YAML file under ``registers/`` holding a list of records.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from ssrgen.model.catalog import Strict


class TrainingRecord(Strict):
    """Disclosure awareness training (MOU 9.A.5, AT-2, AT-3, AT-4, Pub 1075 §2.D.2)."""

    person: str = Field(description="Name or role.")
    fti_access: bool = True
    initial_training: dt.date | None = None
    last_annual_training: dt.date | None = None
    certification_signed: dt.date | None = None
    access_granted: dt.date | None = None


InspectionKind = Literal["headquarters", "computer-facility", "field-office", "contractor", "off-site-storage"]


class InspectionRecord(Strict):
    """Internal inspection (MOU 9.A.10, Pub 1075 §2.D.3)."""

    facility: str
    kind: InspectionKind
    last_inspection: dt.date | None = None
    next_planned: dt.date | None = None
    report: str | None = None
    findings_count: int = Field(default=0, ge=0)


class ContractorRecord(Strict):
    """A contractor with access to FTI (MOU 9.A.11, Pub 1075 §1.9.4)."""

    name: str
    services: str = ""
    fti_access: bool = True
    exhibit7_language: bool = False
    notification_date: dt.date | None = None
    last_onsite_assessment: dt.date | None = None
    certified_compliant: bool = False


class IncidentRecord(Strict):
    """A data incident (MOU 8.A, 9.A.7, 9.A.8, 9.D; Pub 1075 §1.8). Never FTI itself."""

    id: str
    summary: str = ""
    discovered_at: dt.datetime
    reported_tigta_at: dt.datetime | None = None
    reported_safeguards_at: dt.datetime | None = None
    fti_involved: bool = True
    records_affected: int | None = Field(default=None, ge=0)
    adverse_action: bool = False
    taxpayer_letters_sent: dt.date | None = None
    letters_reported_to_safeguards: dt.date | None = None


NotificationKind = Literal["cloud", "contractor", "subcontractor-redisclosure", "tax-modeling", "pre-production"]


class NotificationRecord(Strict):
    """A 45-day advance notification (Pub 1075 §2.E.6, Table 6)."""

    kind: NotificationKind
    subject: str
    submitted: dt.date | None = None
    planned_implementation: dt.date | None = None
    approval_received: dt.date | None = None


class AiUseRecord(Strict):
    """Use of FTI for artificial intelligence (MOU 9.A.12)."""

    system: str
    purpose: str
    uses_fti: bool
    disclosed_to_safeguards: dt.date | None = None


class Registers(Strict):
    training: list[TrainingRecord] = Field(default_factory=list)
    inspections: list[InspectionRecord] = Field(default_factory=list)
    contractors: list[ContractorRecord] = Field(default_factory=list)
    incidents: list[IncidentRecord] = Field(default_factory=list)
    notifications: list[NotificationRecord] = Field(default_factory=list)
    ai_use: list[AiUseRecord] = Field(default_factory=list)


REGISTER_FILES: dict[str, str] = {
    "training": "training.yaml",
    "inspections": "inspections.yaml",
    "contractors": "contractors.yaml",
    "incidents": "incidents.yaml",
    "notifications": "notifications.yaml",
    "ai_use": "ai-use.yaml",
}
