"""Registers: the records Pub 1075 (and, for an agency it binds, MOU §9) ask to be
kept over time.

Each register is a YAML file under ``registers/`` holding a list of records.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ssrgen.model.catalog import Day, Moment, Strict


class TrainingRecord(Strict):
    """Disclosure awareness training (MOU 9.A.5, AT-2, AT-3, AT-4, Pub 1075 §2.D.2)."""

    person: str = Field(description="Name or role.")
    fti_access: bool = True
    initial_training: Day | None = None
    last_annual_training: Day | None = None
    certification_signed: Day | None = None
    access_granted: Day | None = None


InspectionKind = Literal["headquarters", "computer-facility", "field-office", "contractor", "off-site-storage"]


class InspectionRecord(Strict):
    """Internal inspection (MOU 9.A.10, Pub 1075 §2.D.3)."""

    facility: str
    kind: InspectionKind
    last_inspection: Day | None = None
    next_planned: Day | None = None
    report: str | None = None
    findings_count: int = Field(default=0, ge=0)


# What FTI goes to a contractor or into a disclosure, in the words of Pub 1075 §2.C.11.1:
# address, ssn (of an individual a child support obligation is sought from), offset-amount
# (the amount of a reduction under IRC § 6402(c): tax refund offset payment information),
# payment-history (payment date and amount for all payment sources), form-1099, form-w-2,
# return-information (any other return or return information).
FtiItem = Literal["address", "ssn", "offset-amount", "payment-history", "form-1099", "form-w-2",
                  "return-information"]


class ContractorRecord(Strict):
    """A contractor with access to FTI (MOU 9.A.11, Pub 1075 §1.9.4)."""

    name: str
    services: str = ""
    fti_access: bool = True
    exhibit7_language: bool = False
    notification_date: Day | None = None
    last_onsite_assessment: Day | None = None
    certified_compliant: bool = False
    authority: str | None = Field(
        default=None, description="The authority the FTI the contractor receives was received under "
        "(needed when the agency receives FTI under several).",
    )
    fti_items: list[FtiItem] = Field(default_factory=list, description="What FTI the contractor receives.")


class IncidentRecord(Strict):
    """A data incident (MOU 8.A, 9.A.7, 9.A.8, 9.D; Pub 1075 §1.8). Never FTI itself."""

    id: str
    summary: str = ""
    discovered_at: Moment
    reported_tigta_at: Moment | None = None
    reported_safeguards_at: Moment | None = None
    fti_involved: bool = True
    records_affected: int | None = Field(default=None, ge=0)
    adverse_action: bool = False
    taxpayer_letters_sent: Day | None = None
    letters_reported_to_safeguards: Day | None = None


NotificationKind = Literal["cloud", "contractor", "subcontractor-redisclosure", "tax-modeling", "pre-production"]


class NotificationRecord(Strict):
    """A 45-day advance notification (Pub 1075 §2.E.6, Table 6)."""

    kind: NotificationKind
    subject: str
    submitted: Day | None = None
    planned_implementation: Day | None = None
    approval_received: Day | None = None


class AiUseRecord(Strict):
    """Use of FTI for artificial intelligence (MOU 9.A.12)."""

    system: str
    purpose: str
    uses_fti: bool
    disclosed_to_safeguards: Day | None = None


DisclosureRecipient = Literal["court", "federal-law-enforcement", "government-agency", "state-audit-agency",
                              "agent", "other"]


class DisclosureRecord(Strict):
    """A disclosure of FTI the agency made to someone outside it: to whom, what, why and when
    (the log of Pub 1075 §2.A.2), and under which authority (§2.C.11). Contractors are kept in
    the contractor register instead."""

    date: Day = Field(description="The day the FTI was disclosed (or the last day of a batch).")
    recipient: str
    recipient_kind: DisclosureRecipient = "other"
    authority: str | None = Field(
        default=None, description="The authority the FTI was received under (needed when the agency "
        "receives FTI under several).",
    )
    records: int | None = Field(default=None, ge=0, description="How many FTI records were disclosed.")
    fti_items: list[FtiItem] = Field(default_factory=list)
    agreement: str | None = Field(
        default=None, description="The contract or written agreement that holds the recipient to the "
        "safeguards (a contract number, an agreement's name).",
    )
    authorization: str | None = Field(
        default=None, description="What authorizes the further disclosure (a statute, the IRS's written "
        "approval).",
    )
    purpose: str = ""


class Registers(Strict):
    training: list[TrainingRecord] = Field(default_factory=list)
    inspections: list[InspectionRecord] = Field(default_factory=list)
    contractors: list[ContractorRecord] = Field(default_factory=list)
    incidents: list[IncidentRecord] = Field(default_factory=list)
    notifications: list[NotificationRecord] = Field(default_factory=list)
    ai_use: list[AiUseRecord] = Field(default_factory=list)
    disclosures: list[DisclosureRecord] = Field(default_factory=list)


REGISTER_FILES: dict[str, str] = {
    "training": "training.yaml",
    "inspections": "inspections.yaml",
    "contractors": "contractors.yaml",
    "incidents": "incidents.yaml",
    "notifications": "notifications.yaml",
    "ai_use": "ai-use.yaml",
    "disclosures": "disclosures.yaml",
}
