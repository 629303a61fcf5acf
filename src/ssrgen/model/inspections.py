"""Internal inspections (Pub 1075 §2.D.3-§2.D.9): the checklist drawn from the
catalogs, and the record of an inspection.

``controls/inspection-checklist.yaml`` (:class:`ChecklistCatalog`) holds the
items of the five areas §2.D.3 names, each quoting its requirement, written by
``tools/extract_requirements.py`` from a reviewed table. An inspection is kept
in ``inspections/<id>.yaml`` (:class:`Inspection`): who inspected which
facility, when, how (on site or self-certified), and each item's result.
Findings (items not met or partially met) go to the agency's plan of action and
milestones, ``registers/poam.yaml`` (:class:`ssrgen.model.registers.PoamFinding`).
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, field_validator

from ssrgen.model.catalog import Day, Strict
from ssrgen.model.registers import InspectionKind

FACILITY_KINDS: tuple[str, ...] = get_args(InspectionKind)
LookAt = Literal["document", "interview", "observation"]
LOOK_AT: tuple[str, ...] = get_args(LookAt)
AreaId = Literal["recordkeeping", "secure-storage", "limited-access", "disposal", "cybersecurity"]
AREAS: tuple[str, ...] = get_args(AreaId)
Result = Literal["met", "not-met", "partially-met", "not-applicable", "not-checked"]
RESULTS: tuple[str, ...] = get_args(Result)
# what becomes a finding of the POA&M (Pub 1075 §2.D.9)
DEFICIENT: tuple[str, ...] = ("not-met", "partially-met")
Method = Literal["on-site", "self-certified"]
Employer = Literal["agency", "contractor"]
INSPECTION_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

# the words the checklist, the reports, the SSR and the site use for the values kept in YAML
RESULT_LABELS = {
    "met": "met",
    "not-met": "not met",
    "partially-met": "partially met",
    "not-applicable": "not applicable",
    "not-checked": "not checked",
}
METHOD_LABELS = {"on-site": "on site", "self-certified": "self-certified"}
EMPLOYER_LABELS = {"agency": "agency", "contractor": "contractor or sub-contractor"}
KIND_LABELS = {
    "headquarters": "headquarters",
    "computer-facility": "computer facility",
    "field-office": "field office",
    "contractor": "contractor",
    "off-site-storage": "off-site storage",
}
# Pub 1075 §2.D.3: "Contractors and sub-contractors may not conduct self-certification internal
# inspections", and it counts an off-site storage facility among them: "All contractors and
# sub-contractors with access to FTI, including a consolidated data center or off-site storage facility"
NO_SELF_CERTIFICATION: dict[str, str] = {
    "contractor": "this is a contractor's facility",
    "off-site-storage": "this is an off-site storage facility, which Pub 1075 §2.D.3 counts among \"all contractors "
                        "and sub-contractors with access to FTI, including a consolidated data center or off-site "
                        "storage facility\"",
}


# ------------------------------------------------------------------ the checklist catalog

class ChecklistArea(Strict):
    id: AreaId
    title: str
    sections: list[str] = Field(description="The Pub 1075 sections the area's items come from.")
    source: str


class ChecklistControls(Strict):
    """Where the Pub 1075 §4 controls join the cybersecurity area (§2.D.8)."""

    kinds: list[InspectionKind]
    quote: str
    source: str


class ChecklistItem(Strict):
    """One checkable requirement, quoted from its section."""

    id: str
    area: AreaId
    cite: str = Field(description="The catalog entry it quotes, e.g. P1075-2.B.3.1.")
    source: str
    text: str
    look_at: list[LookAt]
    kinds: list[InspectionKind]
    agency: Literal["federal", "state"] | None = None
    authorities: list[str] = Field(default_factory=list)


class ChecklistCatalog(Strict):
    """``controls/inspection-checklist.yaml``."""

    source: str
    areas: list[ChecklistArea]
    areas_quote: str
    areas_source: str
    controls: ChecklistControls
    items: list[ChecklistItem]


# ------------------------------------------------------------------ an inspection

class ItemResult(Strict):
    """What the inspector found for one item of the checklist."""

    item: str = Field(description="The checklist item: 2.B.3.1-a, or a Pub 1075 §4 control id.")
    result: Result = "not-checked"
    observation: str | None = None
    evidence: str | None = Field(default=None, description="Where the evidence is: a photo, a log, a file.")


class ChecklistSource(Strict):
    """The checklist workbook the inspection was imported from."""

    id: str = Field(description="The checklist's export id (hidden in the workbook).")
    sha256: str = Field(description="The SHA-256 of the workbook last imported.")
    recorded: str = Field(description="A fingerprint of the record as that import wrote it.")


class Inspection(Strict):
    """``inspections/<id>.yaml``: one internal inspection (Pub 1075 §2.D.3)."""

    id: str = Field(pattern=INSPECTION_ID, description="The report number, e.g. IIR-2026-01.")
    facility: str
    kind: InspectionKind
    date: Day = Field(description="The day the inspection was completed.")
    inspector: str
    inspector_office: str = Field(description="The inspector's office or function.")
    inspector_employer: Employer = "agency"
    function_inspected: str | None = Field(default=None, description="The FTI-using function inspected.")
    independent: bool | None = Field(
        default=None, description="The inspector is outside the FTI-using function inspected (§2.D.3).")
    method: Method = "on-site"
    signed_by: str | None = Field(default=None, description="Self-certified: who signed it (an agency employee).")
    signer_title: str | None = None
    signer_is_employee: bool | None = None
    received_on: Day | None = Field(default=None, description="Self-certified: the day the agency received it.")
    reviewed_by: str | None = Field(default=None, description="Self-certified: the agency employee who reviewed it.")
    discussed_on: Day | None = Field(
        default=None, description="Self-certified: the day of the in-depth discussion with its author.")
    systems: list[str] = Field(default_factory=list, description="The systems at the facility the checklist covered.")
    notes: str | None = None
    checklist: ChecklistSource | None = None
    results: list[ItemResult] = Field(default_factory=list)

    @field_validator("facility", "inspector", "inspector_office")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    def counts(self) -> dict[str, int]:
        """How many items have each result, in :data:`RESULTS` order."""
        counts = dict.fromkeys(RESULTS, 0)
        for result in self.results:
            counts[result.result] += 1
        return counts

    def result_of(self, item: str) -> ItemResult | None:
        return next((r for r in self.results if r.item == item), None)
