"""The Pub 1075 due-date tables as data: ``controls/schedules.yaml``.

Table 4 (SSR submission dates), Table 5 (CAP submission dates), the extension
rules around them, Table 6 (45-day notifications) and the §2.D.3 internal
inspection cycle. ``tools/extract_requirements.py`` writes the file from the
text of Pub 1075 Rev. 11-2021; the calendar and the SSR read it through
:class:`Schedules`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ssrgen.model.catalog import Strict, TimeUnit

Month = int
NotificationKind = Literal[
    "cloud", "contractor", "subcontractor-redisclosure", "tax-modeling", "pre-production"
]


class MonthDay(Strict):
    """A day of the year without a year: ``{month: 10, day: 31}``."""

    month: Month = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @model_validator(mode="after")
    def _real_day(self) -> MonthDay:
        longest = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}.get(self.month, 31)
        if self.day > longest:
            raise ValueError(f"month {self.month} has no day {self.day}")
        return self


class SsrRow(Strict):
    """One row of Table 4: who, the reporting period, the SSR due date."""

    group: str = Field(description="'federal' or 'state-1' .. 'state-10'.")
    label: str = Field(description="The row as printed: 'All Federal Agencies', 'AK, AL, ...'.")
    codes: list[str] = Field(
        default_factory=list, description="State/territory codes; empty for the federal row."
    )
    period_start: MonthDay
    period_end: MonthDay
    ssr_due: MonthDay


class CapRow(Strict):
    """One row of Table 5: CAP due with the SSR, CAP (only) due six months later."""

    group: str
    label: str
    codes: list[str] = Field(default_factory=list)
    cap_with_ssr: MonthDay
    cap_only: MonthDay


class Rule(Strict):
    """A timing rule stated in prose, with the words that state it."""

    days: int = Field(gt=0)
    quote: str
    source: str


class SsrExtension(Strict):
    """§2.E.4.4: SSR extensions."""

    increment_days: int = Field(gt=0)
    max_days: int = Field(gt=0)
    request_lead_days: int = Field(gt=0, description="Request at least this many days before.")
    response_business_days: int | None = None
    second_extension_needs_draft: bool = False
    quote: str
    source: str


class CapExtension(Strict):
    """§2.E.5.2: CAP extensions."""

    max_days: int = Field(gt=0)
    request_lead_days: int = Field(gt=0)
    response_business_days: int | None = None
    quote: str
    source: str


class SsrTable(Strict):
    source: str
    title: str
    rows: list[SsrRow]
    footnotes: list[str] = Field(default_factory=list)


class CapTable(Strict):
    source: str
    title: str
    rows: list[CapRow]
    update_frequency_months: int = Field(gt=0)
    update_quote: str
    footnotes: list[str] = Field(default_factory=list)


class Notification(Strict):
    """One row of Table 6."""

    kind: NotificationKind
    prior_to: str = Field(description="The 'Prior to…' column as printed.")
    requirement: str = Field(description="The 'Requirement' column as printed.")
    approval_required: bool
    lead_days: int = Field(gt=0)
    details: str | None = Field(default=None, description="The subsection with the details.")


class NotificationTable(Strict):
    source: str
    title: str
    lead_days_quote: str
    rows: list[Notification]


class Inspection(Strict):
    """§2.D.3 review cycle: how often a kind of site must be inspected."""

    site: str = Field(description="headquarters, computer-facility, field-office, ...")
    every: int = Field(gt=0)
    unit: TimeUnit
    quote: str
    source: str
    notes: list[str] = Field(default_factory=list)


class InspectionCycle(Strict):
    source: str
    plan_years: int = Field(
        gt=0, description="The internal inspection plan covers this many years."
    )
    plan_quote: str
    intervals: list[Inspection]


class Jurisdictions(Strict):
    """Every state/territory code in Table 4, with the footnotes about them."""

    codes: list[str]
    footnotes: dict[str, str] = Field(default_factory=dict)
    source: str


class Schedules(Strict):
    """Everything in ``controls/schedules.yaml``."""

    version: str
    source: str
    ssr_dates: SsrTable
    cap_dates: CapTable
    first_cap_rule: Rule
    ssr_extension: SsrExtension
    cap_extension: CapExtension
    notifications: NotificationTable
    inspections: InspectionCycle
    jurisdictions: Jurisdictions

    @model_validator(mode="after")
    def _consistent(self) -> Schedules:
        ssr_groups = [(r.group, r.codes) for r in self.ssr_dates.rows]
        cap_groups = [(r.group, r.codes) for r in self.cap_dates.rows]
        if ssr_groups != cap_groups:
            raise ValueError("Table 4 and Table 5 must list the same groups of codes")
        seen: list[str] = [c for r in self.ssr_dates.rows for c in r.codes]
        if len(seen) != len(set(seen)):
            raise ValueError("a state/territory code appears in more than one Table 4 group")
        if sorted(seen) != sorted(self.jurisdictions.codes):
            raise ValueError("jurisdictions.codes must be the union of the Table 4 groups")
        kinds = [n.kind for n in self.notifications.rows]
        if len(kinds) != len(set(kinds)):
            raise ValueError("a notification kind appears twice")
        return self

    def ssr_row_for(self, code: str | None) -> SsrRow:
        """The Table 4 row of a state/territory code, or the federal row for None."""
        for row in self.ssr_dates.rows:
            if (code is None and not row.codes) or (code is not None and code in row.codes):
                return row
        raise KeyError(code)

    def cap_row_for(self, code: str | None) -> CapRow:
        """The Table 5 row of a state/territory code, or the federal row for None."""
        for row in self.cap_dates.rows:
            if (code is None and not row.codes) or (code is not None and code in row.codes):
                return row
        raise KeyError(code)
