"""``ssrgen.yaml``: who the agency is, its FTI systems and its agreements."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ssrgen.model.catalog import Day, Strict
from ssrgen.model.ssr import SsrSettings

FtiFunction = Literal["receive", "process", "store", "transmit", "access", "protect"]
Hosting = Literal["on-premises", "cloud", "hybrid", "contractor", "state-data-center"]


class Person(Strict):
    name: str
    title: str
    email: str | None = None
    phone: str | None = None


class Signer(Strict):
    """Who signs the SSR certification when it is not the head of agency."""

    name: str
    title: str
    delegation: str = Field(description="The delegation of authority, e.g. 'Delegation Order 2024-3'.")


class Agency(Strict):
    name: str
    code: str | None = Field(default=None, description="Agency code IRS assigned, if any.")
    type: Literal["federal", "state"]
    state: str | None = Field(default=None, description="Two-letter state or territory code.")
    address: str | None = None

    @model_validator(mode="after")
    def _state_given(self) -> Agency:
        if self.type == "state" and not self.state:
            raise ValueError("a state or territory agency needs 'state' (two-letter code, e.g. TX)")
        if self.type == "federal" and self.state:
            raise ValueError("a federal agency has no 'state'; remove it or set 'type: state'")
        return self


class System(Strict):
    """A system that receives, processes, stores or transmits FTI."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    description: str = ""
    hosting: Hosting = "on-premises"
    cloud_provider: str | None = None
    technologies: list[str] = Field(default_factory=list)
    fti_functions: list[FtiFunction] = Field(default_factory=list)
    fti_paper: bool = Field(default=False, description="Paper FTI is created or received (MOU 9.C).")
    location: str | None = None


class Agreement(Strict):
    """A data-exchange agreement under which FTI is received."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    name: str
    partner: str = "Internal Revenue Service"
    authority: str | None = Field(
        default=None, description="Id in the authorities catalog, e.g. IRC-6103(i)(2), IRC 6103(d)."
    )
    catalog: str | None = Field(
        default=None, description="The catalog of the agreement's obligations, e.g. 'mou' for the "
        "IRS-ICE MOU: it is in scope because the agency signed this agreement.",
    )
    signed: Day | str | None = Field(
        default=None, description="The date it was signed, YYYY-MM-DD (quoted or not).",
    )
    description: str = ""

    @field_validator("signed", mode="before")
    @classmethod
    def _date_when_it_is_one(cls, value: object) -> object:
        # a date written as text ("2025-04-07") is a date; other text (an older free-form
        # value) is kept, and validate asks for the YYYY-MM-DD form
        if isinstance(value, dt.datetime):  # an unquoted 2025-04-07T10:00:00: text, which validate reports
            return value.isoformat(sep=" ")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                return value
        return value


class CapSettings(Strict):
    """``cap:`` in ``ssrgen.yaml``: where IRS's CAP workbook is and how to read it."""

    template: str | None = Field(
        default=None, description="IRS's CAP workbook to fill, relative to the workspace "
        "(default: templates/cap.xlsx when present).",
    )
    headers: dict[str, str | list[str]] = Field(
        default_factory=dict, description="Column headers by field, e.g. {planned_date: 'Target Date'}.",
    )
    review: str | None = Field(default=None, description="Review that imported findings belong to.")


# What a workspace without 'catalogs:' had in scope before agreements brought their own catalog:
# every workspace had the IRS-ICE MOU.
OLDER_DEFAULT_CATALOGS = ("pub1075", "pub1075-req", "mou")


class WorkspaceConfig(Strict):
    """The whole of ``ssrgen.yaml``."""

    agency: Agency
    head_of_agency: Person
    certification_signer: Signer | None = None
    safeguards_contact: Person
    systems: list[System] = Field(default_factory=list)
    authorities: list[str] = Field(
        default_factory=list,
        description="The IRC § 6103 provisions the agency receives FTI under (ids of the authorities "
        "catalog, e.g. IRC-6103(d)), besides those its agreements name.",
    )
    agreements: list[Agreement] = Field(default_factory=list)
    catalogs: list[str] = Field(
        default_factory=lambda: ["pub1075", "pub1075-req"],
        description="The catalogs every agency keeps; an agreement's catalog (the MOU) comes with "
        "the agreement.",
    )
    fti_allowlist: list[str] = Field(
        default_factory=list,
        description="Exact texts that look like taxpayer identifiers but are not FTI "
        "(a phone, form or case number); the FTI scan of deliverables skips them.",
    )
    unscanned_attachments: list[str] = Field(
        default_factory=list,
        description="Attachments (paths under attachments/, or file names) whose text ssrgen cannot read "
        "(a drawing, an image) and that someone has checked by hand for FTI; 'ssrgen package' refuses any "
        "other attachment it cannot read.",
    )
    cap: CapSettings = Field(default_factory=CapSettings)
    ssr: SsrSettings = Field(default_factory=SsrSettings)

    @property
    def older_form(self) -> bool:
        """Neither 'catalogs:' nor 'agreements:': written before agreements brought their catalogs
        (old ``init`` wrote no 'agreements:'), and read as it was then."""
        return not {"catalogs", "agreements"} & self.model_fields_set

    @property
    def catalogs_in_scope(self) -> list[str]:
        """'catalogs:', or for the older form what was in scope then (the MOU included)."""
        return list(OLDER_DEFAULT_CATALOGS) if self.older_form else self.catalogs
