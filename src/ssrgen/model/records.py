"""What the agency did: implementation records and evidence items.

Implementation records live in ``implementation/*.yaml`` as a mapping from
catalog id to :class:`Implementation`; per-system answers sit under
``systems:``. Evidence items live in ``evidence/*.yaml`` as lists of
:class:`Evidence`; the files themselves anywhere inside the workspace.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ssrgen.model.catalog import Day, Strict

Status = Literal[
    "implemented",
    "partially-implemented",
    "planned",
    "alternative",
    "not-applicable",
    "not-implemented",
]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
UNANSWERED = "unanswered"

EvidenceKind = Literal[
    "policy", "procedure", "screenshot", "configuration", "log sample", "report", "attestation", "other"
]
EVIDENCE_KINDS: tuple[str, ...] = EvidenceKind.__args__  # type: ignore[attr-defined]

AGENCY_WIDE = ""  # the system id of an agency-wide record


class Answer(Strict):
    """How one control is implemented, agency-wide or for one system."""

    status: Status | None = None
    narrative: str | None = None
    owner: str | None = None
    last_reviewed: Day | None = None
    notes: str | None = None

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in type(self).model_fields)


class Implementation(Answer):
    """The agency-wide answer for a control, and per-system answers."""

    systems: dict[str, Answer] = Field(default_factory=dict)


class Evidence(Strict):
    """One piece of evidence: metadata only, never the contents."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    control: str
    system: str | None = None
    title: str
    kind: EvidenceKind = "other"
    location: str = Field(description="A path inside the workspace, or an https:// URL.")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    collected_on: Day | None = None
    effective: Day | None = Field(default=None, description="The date the evidence speaks for.")
    collected_by: str | None = None
    artifact: int | None = Field(
        default=None, ge=1,
        description="Which expected artifact (Pub 1075 Table 3) it provides: its number "
        "as 'ssrgen controls show' lists it.",
    )

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))
