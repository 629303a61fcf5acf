"""``ssrgen status``: where the agency stands, per catalog and family.

For every catalog in scope and each of its families (groups): how many entries
have each implementation status (the agency-wide answer), how many are
unanswered, how many evidence items are stale, how many expected artifacts
(Pub 1075 Table 3) are missing, and the share implemented. The share is
``(implemented + alternative) / (entries - not-applicable)``: an alternative
implementation meets the requirement by a compensating control, as on the site;
``partially-implemented`` does not count.

The report then lists the compliance warnings of :func:`ssrgen.validate.rules`
and any **extra sections**. To add a section (the CAP, a register), write a
function ``(workspace, today) -> StatusSection | None`` (None: nothing to
say) and add it to the list returned by :func:`sections`::

    def cap_section(workspace: Workspace, today: date) -> StatusSection | None:
        return StatusSection("Corrective Action Plan",
                             lines=[f"Next CAP due {due}", "2 findings overdue"],
                             data={"next_due": due.isoformat(), "overdue": 2})

``lines`` are shown by ``--format table``; ``data`` (plain JSON values) goes
under ``sections`` in ``--format json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ssrgen.errors import Problem
from ssrgen.freshness import freshness, missing_artifacts
from ssrgen.model.records import STATUSES, UNANSWERED
from ssrgen.scope import authority_label
from ssrgen.workspace import Workspace

SHORT = {
    "implemented": "impl", "partially-implemented": "partial", "planned": "planned",
    "alternative": "altern", "not-applicable": "n/a", "not-implemented": "not-impl",
}


@dataclass
class StatusSection:
    """An extra part of the status report (CAP, registers, ...)."""

    title: str
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


Section = Callable[[Workspace, dt.date], "StatusSection | None"]


def sections() -> list[Section]:
    """Every extra section of the status report, in the order shown."""
    from ssrgen.cap.summary import cap_status_section
    from ssrgen.inspections.summary import inspections_status_section
    from ssrgen.registers.summary import registers_status_section

    return [cap_status_section, registers_status_section, inspections_status_section]


@dataclass
class Tally:
    """Counts for one family, one catalog or everything."""

    catalog: str
    family: str
    title: str
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*STATUSES, UNANSWERED), 0))
    stale_evidence: int = 0
    missing_artifacts: int = 0

    @property
    def entries(self) -> int:
        return sum(self.by_status.values())

    @property
    def unanswered(self) -> int:
        return self.by_status[UNANSWERED]

    @property
    def share_implemented(self) -> float:
        applicable = self.entries - self.by_status["not-applicable"]
        return self.implemented / applicable if applicable else 0.0

    @property
    def implemented(self) -> int:
        """Entries met: implemented, or by an alternative (compensating) implementation."""
        return self.by_status["implemented"] + self.by_status["alternative"]

    def add(self, other: Tally) -> None:
        for name, count in other.by_status.items():
            self.by_status[name] += count
        self.stale_evidence += other.stale_evidence
        self.missing_artifacts += other.missing_artifacts

    def as_dict(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog, "family": self.family, "title": self.title, "entries": self.entries,
            "by_status": {k: v for k, v in self.by_status.items() if k != UNANSWERED},
            "unanswered": self.unanswered, "stale_evidence": self.stale_evidence,
            "missing_artifacts": self.missing_artifacts,
            "share_implemented": round(self.share_implemented, 4),
        }


@dataclass
class StatusReport:
    workspace: str
    today: dt.date
    families: list[Tally]
    catalogs: list[Tally]
    overall: Tally
    warnings: list[Problem]
    sections: list[StatusSection]
    authorities: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            "date": self.today.isoformat(),
            "authorities": self.authorities,
            "agreements": self.agreements,
            "overall": self.overall.as_dict(),
            "catalogs": [c.as_dict() for c in self.catalogs],
            "families": [f.as_dict() for f in self.families],
            "warnings": [{"where": w.where, "what": w.what, "fix": w.fix} for w in self.warnings],
            "sections": [{"title": s.title, **s.data} for s in self.sections],
        }


def status_report(workspace: Workspace, today: dt.date) -> StatusReport:
    """Count everything :mod:`ssrgen.status` describes, for ``workspace`` on ``today``."""
    from ssrgen.validate import rules  # validate lists the rules of every module

    families: dict[tuple[str, str], Tally] = {}
    for entry in workspace.in_scope():
        tally = families.get((entry.catalog, entry.group))
        if tally is None:
            tally = families[(entry.catalog, entry.group)] = Tally(entry.catalog, entry.group, entry.group_title)
        answer = workspace.answer(entry.id)
        tally.by_status[answer.status if answer and answer.status else UNANSWERED] += 1
        tally.stale_evidence += len([
            e for e in workspace.evidence_for(entry.id) if freshness(workspace, e, today) == "stale"])
        tally.missing_artifacts += len(missing_artifacts(workspace, entry.id))
    catalogs: dict[str, Tally] = {}
    overall = Tally("", "", "all catalogs in scope")
    for tally in families.values():
        info = workspace.catalogs.infos.get(tally.catalog)
        catalogs.setdefault(tally.catalog, Tally(tally.catalog, "", info.title if info else tally.catalog)).add(tally)
        overall.add(tally)
    warnings = [p for rule in rules() for p in rule(workspace)]
    extra = [s for each in sections() if (s := each(workspace, today)) is not None]
    return StatusReport(workspace.name, today, list(families.values()), list(catalogs.values()),
                        overall, warnings, extra, list(workspace.scope.authorities),
                        [a.name for a in workspace.config.agreements])


def status_table(report: StatusReport) -> str:
    """The report as aligned text."""
    # fits 100 columns: one space before each right-aligned count
    header = ["catalog", "family", "entries", *SHORT.values(), "unanswered", "stale", "missing", "% impl"]
    rows = [header]

    def row(t: Tally, catalog: str, family: str) -> list[str]:
        return [catalog, family, str(t.entries), *(str(t.by_status[s]) for s in SHORT), str(t.unanswered),
                str(t.stale_evidence), str(t.missing_artifacts), f"{t.share_implemented:.0%}"]

    for catalog in report.catalogs:
        rows += [row(f, f.catalog, f.family) for f in report.families if f.catalog == catalog.catalog]
        rows.append(row(catalog, catalog.catalog, "total"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [f"Status of {report.workspace} on {report.today.isoformat()}"]
    received = ", ".join(authority_label(a) for a in report.authorities) or "no authority named in ssrgen.yaml"
    lines.append(f"FTI received under: {received}"
                 + (f"; agreements: {'; '.join(report.agreements)}" if report.agreements else ""))
    lines.append("")
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(r[:2], widths, strict=False)) + " "
              + " ".join(cell.rjust(w) for cell, w in zip(r[2:], widths[2:], strict=True))
              for r in rows]
    o = report.overall
    applicable = o.entries - o.by_status["not-applicable"]
    lines += ["", f"Overall: {o.share_implemented:.0%} implemented ({o.implemented} of "
              f"{applicable} applicable entries); {o.unanswered} unanswered, {o.stale_evidence} stale evidence "
              f"item(s), {o.missing_artifacts} missing expected artifact(s)."]
    if report.warnings:
        lines += ["", f"Warnings ({len(report.warnings)}):"]
        lines += [f"  {w}" for w in report.warnings]
    for section in report.sections:
        lines += ["", f"{section.title}:", *(f"  {line}" for line in section.lines)]
    return "\n".join(lines)
