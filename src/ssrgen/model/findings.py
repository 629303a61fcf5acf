"""Safeguard review findings and the agency's corrective actions (the CAP).

Stored in ``cap/findings.yaml``: the reviews IRS held and the findings each
produced, with the agency's answers and what was reported in each CAP cycle.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ssrgen.model.catalog import Day, Strict

Criticality = Literal["critical", "significant", "moderate", "limited"]
CRITICALITIES: tuple[str, ...] = Criticality.__args__  # type: ignore[attr-defined]
FindingStatus = Literal["open", "in-progress", "completed-pending-irs", "closed"]
FINDING_STATUSES: tuple[str, ...] = FindingStatus.__args__  # type: ignore[attr-defined]
ReviewType = Literal["on-site", "remote", "hybrid", "out-of-cycle-cap"]


class Review(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    type: ReviewType
    closing_conference: Day | None = None
    report_issued: Day | None = Field(default=None, description="When IRS issued the SRR.")


class CapCycle(Strict):
    """What the agency reported on a finding in one CAP submission."""

    submitted: Day
    status: FindingStatus
    narrative: str = ""
    planned_date: Day | None = None


class Finding(Strict):
    number: str = Field(description="IRS finding number, e.g. H.1.3.")
    issue_codes: list[str] = Field(default_factory=list)
    criticality: Criticality
    title: str
    description: str = ""
    recommendation: str = ""
    controls: list[str] = Field(default_factory=list)
    review: str = Field(description="Id of the review it came from.")
    # the agency's answer
    corrective_action: str = ""
    mitigation_plan: str = ""
    mitigation_plan_sent: Day | None = Field(
        default=None, description="When the mitigation plan went to the Office of Safeguards (critical findings).",
    )
    responsible_office: str = ""
    planned_date: Day | None = None
    completed_date: Day | None = None
    status: FindingStatus = "open"
    closure_evidence: list[str] = Field(default_factory=list, description="Evidence item ids.")
    no_longer_applicable: bool = Field(
        default=False, description="Closed because the finding no longer applies (system retired...).",
    )
    not_applicable_certification: str | None = Field(
        default=None, description="Reference to the CISO or head-of-agency certification."
    )
    history: list[CapCycle] = Field(default_factory=list)


class FindingsFile(Strict):
    reviews: list[Review] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
