"""The catalog model: controls, requirements and obligations drawn from the sources.

Every catalog in ``controls/`` is a folder with a ``catalog.yaml`` (what the
catalog is) and one or more group files (a family, a chapter) whose entries
follow :class:`Entry`. The same shape serves Pub 1075 §4 controls, the Pub 1075
requirements outside §4, the MOU obligations and the disclosure authorities, so
every consumer (validate, the workbook, the SSR, the site) walks one structure.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

TimeUnit = Literal["hours", "days", "weeks", "months", "years"]


DateT = TypeVar("DateT", dt.date, dt.datetime)

# the dates a compliance record can sensibly hold; a year outside is a typo (2062 for 2026, 9999)
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)


def check_date(value: DateT) -> DateT:
    """``value`` if it lies between :data:`EARLIEST` and :data:`LATEST`, else a ValueError saying so."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"the date {day.isoformat()} is outside the years ssrgen accepts "
                         f"({EARLIEST.year} to {LATEST.year}); check the year")
    return value


# dates as the models hold them: checked to lie between EARLIEST and LATEST as they are read
Day = Annotated[dt.date, AfterValidator(check_date)]
Moment = Annotated[dt.datetime, AfterValidator(check_date)]


class Strict(BaseModel):
    """Base for models read from YAML: unknown fields are errors, not silence. Dates are
    declared :data:`Day` or :data:`Moment`, so every one lies between 1990 and 2100."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class Part(Strict):
    """A lettered or numbered part of a statement (``a.``, ``1.``, ``(a)``)."""

    label: str = Field(description="The label as printed: 'a', '1', '(a)'.")
    text: str
    irs_defined: bool = False
    parts: list[Part] = Field(default_factory=list)


class Parameter(Strict):
    """A value IRS fills in for a NIST organization-defined parameter."""

    name: str = Field(description="snake_case name, unique within the entry.")
    value: int | float | str
    unit: str | None = Field(
        default=None,
        description="minutes, hours, days, weeks, months, years, attempts, characters, "
        "generations, ... or None for a plain value.",
    )
    applies_to: str | None = Field(
        default=None, description="The part it belongs to, e.g. 'a', 'c.1', 'CE-3.d'."
    )
    irs_defined: bool = False
    quote: str = Field(description="The words of the source that state the value.")


class Cadence(Strict):
    """How often the entry must be reviewed (evidence freshness, the calendar)."""

    value: int = Field(gt=0)
    unit: TimeUnit
    basis: str = Field(description="Where it comes from: a parameter name or 'default'.")


class Flags(Strict):
    """The columns of the Pub 1075 Security and Privacy Control Table."""

    control_enhancements: bool = False
    privacy_related: bool = False
    physical: bool = False
    information_technology: bool = False


class Entry(Strict):
    """One control, enhancement, requirement, obligation or authority."""

    id: str
    title: str
    nist_title: str | None = Field(
        default=None, description="The NIST SP 800-53 Rev. 5 title where it differs."
    )
    source: str = Field(description="Citation, e.g. 'Pub 1075 Rev. 11-2021 §4.1 AC-7'.")
    number: int | None = Field(default=None, description="Enhancement number (CE-n).")
    text: str | None = None
    parts: list[Part] = Field(default_factory=list)
    irs_defined: list[str] = Field(
        default_factory=list, description="Requirements marked (IRS-Defined)."
    )
    guidance: list[str] = Field(default_factory=list, description="Supplemental Guidance.")
    parameters: list[Parameter] = Field(default_factory=list)
    review_cadence: Cadence | None = None
    flags: Flags | None = None
    reference_section: str | None = Field(
        default=None, description="Physical Security Reference Section column."
    )
    nist_baselines: list[Literal["moderate", "privacy"]] | None = Field(
        default=None,
        description="NIST baselines that include it; [] means outside both; None means n/a.",
    )
    enhancements: list[Entry] = Field(default_factory=list)
    expected_artifacts: list[str] = Field(
        default_factory=list, description="Pub 1075 Table 3 evidentiary documents."
    )
    related: list[str] = Field(
        default_factory=list, description="Ids of entries in any catalog that implement it."
    )
    notes: list[str] = Field(
        default_factory=list, description="Ambiguities in the source, said plainly."
    )
    authorities: list[str] = Field(
        default_factory=list,
        description="Requirements that apply to some agencies only: the authorities (ids of the "
        "authorities catalog) an agency must receive FTI under for the entry to be in its scope.",
    )
    basis: bool = Field(
        default=False,
        description="Authorities: an agency can receive FTI under it (ssrgen.yaml may name it).",
    )
    described: bool = Field(
        default=True,
        description="Authorities: false when the sources only name the provision, with no text "
        "that says what it authorizes.",
    )


class Group(Strict):
    """One file of a catalog: a control family, a chapter, a section."""

    catalog: str
    group: str = Field(description="Short id: 'AC', '2', '9'.")
    title: str
    source: str
    entries: list[Entry]


class AgreementInfo(Strict):
    """``agreement:`` in a ``catalog.yaml``: the catalog holds the obligations of an
    agreement, in scope only for a workspace whose agreements include it."""

    id: str = Field(description="The id an agreement in ssrgen.yaml may use to take the catalog on.")
    name: str
    partner: str
    authority: str | None = Field(default=None, description="The authority the agreement rests on.")


class CatalogInfo(Strict):
    """``catalog.yaml``: what a catalog is."""

    id: str
    title: str
    version: str
    source: str
    id_format: str = Field(description="How ids look, for the docs: 'AC-2', 'AC-2(3)'.")
    description: str | None = None
    agreement: AgreementInfo | None = Field(
        default=None,
        description="Set for the catalog of an agreement (the IRS-ICE MOU): it binds only the "
        "agencies whose agreements include it.",
    )
