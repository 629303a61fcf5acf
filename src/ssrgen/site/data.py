"""What the site shows, computed once from the workspace: statuses and their
roll-ups, evidence freshness, related obligations and findings, deadlines.

Templates receive a :class:`SiteData` as ``site`` and call its methods; no
template reaches into the workspace on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ssrgen.catalog import CatalogEntry
from ssrgen.freshness import freshness, missing_artifacts, stale_after
from ssrgen.model.findings import CRITICALITIES, Finding
from ssrgen.model.records import AGENCY_WIDE, STATUSES, UNANSWERED, Answer, Evidence
from ssrgen.scope import Scope, authority_label
from ssrgen.workspace import Workspace

# statuses as a reader names them, in the order the dashboard lists them
STATUS_LABELS: dict[str, str] = {
    "implemented": "Implemented",
    "alternative": "Alternative implementation",
    "partially-implemented": "Partially implemented",
    "planned": "Planned",
    "not-implemented": "Not implemented",
    "not-applicable": "Not applicable",
    UNANSWERED: "Not yet answered",
}
ALL_STATUSES: tuple[str, ...] = (*STATUSES, UNANSWERED)
# statuses that count as done in the "share implemented"
DONE = ("implemented", "alternative")


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence item as the site lists it: metadata only, never contents."""

    item: Evidence
    freshness: str
    stale_on: dt.date | None


@dataclass(frozen=True)
class Share:
    """How much of a set of entries is implemented."""

    label: str
    done: int
    applicable: int
    link: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 0


@dataclass(frozen=True)
class AuthorityRow:
    """A provision the agency receives FTI under, as the site names it."""

    id: str
    label: str
    title: str


@dataclass(frozen=True)
class DeadlineRow:
    date: dt.date
    title: str
    source: str
    overdue: bool
    detail: str = ""


@dataclass
class SiteData:
    """The workspace seen through the site: one instance per build."""

    workspace: Workspace
    today: dt.date
    extra: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------ entries
    @cached_property
    def entries(self) -> list[CatalogEntry]:
        """Every catalog entry in scope (enhancements included), in catalog order."""
        return list(self.workspace.in_scope())

    @cached_property
    def catalogs(self) -> list[str]:
        """The catalogs in scope, in catalog order."""
        return list(self.workspace.scope.catalogs)

    @property
    def scope(self) -> Scope:
        """What applies to the agency (its authorities, its agreements' catalogs)."""
        return self.workspace.scope

    @cached_property
    def authorities(self) -> list[AuthorityRow]:
        """The provisions the agency receives FTI under, each with its title."""
        rows = []
        for authority in self.scope.authorities:
            found = self.workspace.catalogs.find(authority)
            rows.append(AuthorityRow(authority, authority_label(authority), found.title if found else ""))
        return rows

    def catalog_title(self, catalog: str) -> str:
        info = self.workspace.catalogs.infos.get(catalog)
        return info.title if info else catalog

    def families(self, catalog: str) -> list[tuple[str, str]]:
        """(group id, title) of each family or chapter of a catalog."""
        return [(g.group, g.title) for g in self.workspace.catalogs.groups.get(catalog, [])]

    def in_family(self, catalog: str, family: str, enhancements: bool = True) -> list[CatalogEntry]:
        return [e for e in self.entries if e.catalog == catalog and e.group == family
                and (enhancements or not e.parent)]

    def entry(self, entry_id: str) -> CatalogEntry | None:
        return self.workspace.catalogs.find(entry_id)

    def in_scope(self, entry_ids: list[str]) -> list[str]:
        """The ids of entries in the catalogs in scope, in the order given."""
        scope = set(self.catalogs)
        return [i for i in entry_ids if (e := self.entry(i)) is not None and e.catalog in scope]

    def answered_for_system(self, system: str) -> list[tuple[str, Answer]]:
        """(entry id, answer) of every entry with an answer for the system."""
        return [(entry_id, record.systems[system]) for entry_id, record in self.workspace.implementation.items()
                if system in record.systems]

    def children(self, entry_id: str) -> list[CatalogEntry]:
        return [e for e in self.entries if e.parent == entry_id]

    # ------------------------------------------------------------ status
    def answer(self, entry_id: str, system: str = AGENCY_WIDE) -> Answer | None:
        return self.workspace.answer(entry_id, system)

    def status(self, entry_id: str) -> str:
        """The agency-wide status; without one, the systems' statuses rolled up."""
        record = self.workspace.implementation.get(entry_id)
        if record is None:
            return UNANSWERED
        if record.status:
            return record.status
        return rolled_up([a.status or UNANSWERED for a in record.systems.values()])

    def system_statuses(self, entry_id: str) -> list[tuple[str, str, Answer | None]]:
        """(system id, system name, answer) for every system of the workspace."""
        return [(s.id, s.name, self.workspace.answer(entry_id, s.id)) for s in self.workspace.config.systems]

    @cached_property
    def counts(self) -> Counter[str]:
        return Counter(self.status(e.id) for e in self.entries)

    def counts_for(self, entries: list[CatalogEntry]) -> Counter[str]:
        return Counter(self.status(e.id) for e in entries)

    def share(self, label: str, entries: list[CatalogEntry], link: str = "") -> Share:
        counts = self.counts_for(entries)
        applicable = len(entries) - counts["not-applicable"]
        return Share(label, sum(counts[s] for s in DONE), applicable, link)

    def rollup(self, entry_ids: list[str]) -> str:
        """One status for a set of entries (the controls that implement an obligation)."""
        return rolled_up([self.status(i) for i in entry_ids])

    # ------------------------------------------------------------ evidence
    def evidence(self, entry_id: str) -> list[EvidenceRow]:
        return [
            EvidenceRow(item, freshness(self.workspace, item, self.today), stale_after(self.workspace, item))
            for item in self.workspace.evidence_for(entry_id)
        ]

    @cached_property
    def stale_evidence(self) -> list[EvidenceRow]:
        rows = [
            EvidenceRow(item, freshness(self.workspace, item, self.today), stale_after(self.workspace, item))
            for item in self.workspace.evidence
            if item.control in self.workspace.catalogs.by_id
        ]
        return [r for r in rows if r.freshness != "fresh"]

    def missing_artifacts(self, entry_id: str) -> list[tuple[int, str]]:
        return missing_artifacts(self.workspace, entry_id)

    @cached_property
    def all_missing_artifacts(self) -> list[tuple[CatalogEntry, int, str]]:
        """Expected artifacts with no evidence, for controls the agency has answered."""
        return [
            (e, number, text)
            for e in self.entries
            if e.id in self.workspace.implementation and self.status(e.id) != "not-applicable"
            for number, text in missing_artifacts(self.workspace, e.id)
        ]

    # ------------------------------------------------------------ relations
    @cached_property
    def _referred_by(self) -> dict[str, list[CatalogEntry]]:
        table: dict[str, list[CatalogEntry]] = {}
        for entry in self.workspace.catalogs.by_id.values():
            for ref in entry.entry.related:
                table.setdefault(ref, []).append(entry)
        return table

    def obligations_for(self, entry_id: str) -> list[CatalogEntry]:
        """MOU obligations whose 'related' names the entry (none when the MOU does not bind the agency)."""
        return [e for e in self._referred_by.get(entry_id, []) if e.catalog == "mou" and self.scope.includes(e)]

    def referred_by(self, entry_id: str) -> list[CatalogEntry]:
        """Entries outside the MOU whose 'related' names the entry."""
        return [e for e in self._referred_by.get(entry_id, []) if e.catalog != "mou"]

    def findings_for(self, entry_id: str) -> list[Finding]:
        return [f for f in self.workspace.findings.findings if entry_id in f.controls]

    @cached_property
    def open_findings(self) -> list[Finding]:
        return [f for f in self.workspace.findings.findings if f.status != "closed"]

    @cached_property
    def open_by_criticality(self) -> list[tuple[str, int]]:
        counts: Counter[str] = Counter(f.criticality for f in self.open_findings)
        return [(c, counts[c]) for c in CRITICALITIES]

    # ------------------------------------------------------------ deadlines
    @cached_property
    def deadlines(self) -> list[DeadlineRow]:
        """Every deadline the calendar knows (or, without it, the SSR and CAP)."""
        try:
            from ssrgen.calendar import deadlines as calendar_deadlines
        except ImportError:
            return self._report_deadlines()
        return [DeadlineRow(d.date, d.title, d.source, d.overdue, d.detail)
                for d in calendar_deadlines(self.workspace, self.today)]

    def _report_deadlines(self) -> list[DeadlineRow]:
        from ssrgen.deadlines import next_cap_due, ssr_schedule

        agency = self.workspace.config.agency
        ssr = ssr_schedule(agency, self.today)
        rows = [DeadlineRow(ssr.due, "Safeguard Security Report (SSR) due", ssr.source, False,
                            f"reporting period {ssr.period_start} to {ssr.period_end}")]
        if self.open_findings:
            issued = [r.report_issued for r in self.workspace.findings.reviews if r.report_issued]
            cap = next_cap_due(agency, self.today, max(issued) if issued else None)
            rows.append(DeadlineRow(cap.due, "Corrective Action Plan (CAP) due", cap.source, False))
        return sorted(rows, key=lambda r: r.date)

    def next_deadlines(self, count: int = 8) -> list[DeadlineRow]:
        return self.deadlines[:count]


def rolled_up(statuses: list[str]) -> str:
    """All the same: that status; all done or not applicable: implemented; some
    done or under way: partially implemented; otherwise the first that applies."""
    applicable = [s for s in statuses if s != "not-applicable"]
    if not statuses:
        return UNANSWERED
    if not applicable:
        return "not-applicable"
    if len(set(applicable)) == 1:
        return applicable[0]
    if all(s in DONE for s in applicable):
        return "implemented"
    if any(s in (*DONE, "partially-implemented") for s in applicable):
        return "partially-implemented"
    for status in ("planned", "not-implemented", UNANSWERED):
        if status in applicable:
            return status
    return UNANSWERED
