"""What applies to an agency: the authorities it receives FTI under, its agreements,
and the catalog entries in scope.

Pub 1075 applies to every agency that receives FTI. An agreement's catalog (the
IRS-ICE MOU, whose ``catalog.yaml`` declares the agreement) applies only to the
agencies whose agreements include it: ``catalog: mou`` on the agreement, or the
agreement id the catalog declares. The Pub 1075 requirements of §2.C.11 apply only
to the agencies that receive FTI under the authorities their headings name
(``authorities`` of the catalog entry). A workspace that still lists ``mou`` under
``catalogs:`` (the older form) keeps the MOU in scope.

:func:`scope_of` works the scope out from ``ssrgen.yaml`` and the catalogs;
:func:`check_scope` reports what is wrong or incomplete in it, with file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ssrgen import ids
from ssrgen.errors import Problem
from ssrgen.placeholders import is_placeholder

if TYPE_CHECKING:
    from ssrgen.catalog import CatalogEntry, Catalogs
    from ssrgen.model.catalog import AgreementInfo
    from ssrgen.model.workspace import WorkspaceConfig
    from ssrgen.yamlio import YamlDocument

PUB = "Pub 1075 Rev. 11-2021"
MOU = "mou"
AUTHORITIES = "authorities"

# The notice every deliverable carries that Safeguards documents are IRS records: in the
# words of the MOU (§9.F) for an agency it binds, else in Pub 1075's own (Introduction).
MOU_NOTICE_SHORT = (
    "IRS official record: Safeguards documents are the property of the IRS and may not be "
    "released publicly (IRS-ICE MOU §9.F). Do not share outside the agency's safeguards staff."
)
MOU_NOTICE = (
    "“all Safeguards documents and related communications are IRS official records; that they "
    "are property of the IRS; that IRS records are subject to disclosure restrictions under "
    "Federal law and IRS rules and regulations and may not be released publicly under state "
    "Sunshine or Information Sharing/Open Records provisions and that any requestor seeking "
    "access to IRS records should be referred to the Federal Freedom of Information Act (FOIA) "
    "statute.” (IRS-ICE MOU, April 2025, §9.F)"
)
PUB_NOTICE_SHORT = (
    "IRS property: Safeguards reports may not be disclosed to anyone outside the agency "
    f"({PUB}, Introduction). Do not share outside the agency's safeguards staff."
)
PUB_NOTICE = (
    "“IRS Safeguards reports and related communications in possession of federal, state, and "
    "local agencies are considered the property of the IRS and may not be disclosed to anyone "
    "outside the agency and are subject to disclosure restrictions under federal law and IRS "
    "rules and regulations.” “Release of any IRS Safeguards document requires the express "
    "permission of the Internal Revenue Service.” "
    f"({PUB}, Introduction)"
)


# Pub 1075 §2.E.4.4, below Table 4: where the compliance reports of FTI received under (m)(4)(B) go
EDUCATION_DEBTORS = "IRC-6103(m)(4)(B)"
EDUCATION_REPORTS = (
    "educational institutions receiving IRS addresses to locate debtors under IRC § 6103(m)(4)(B) send "
    f"their compliance reports to the Department of Education, the federal oversight agency for this program "
    f"({PUB} §2.E.4.4)"
)


def covers(general: str, specific: str) -> bool:
    """Whether FTI received under ``specific`` is received under ``general``:
    IRC-6103(i) covers IRC-6103(i)(2); IRC-6103(l)(1) does not cover IRC-6103(l)(10)."""
    return specific == general or specific.startswith(general + "(")


def authority_label(authority: str) -> str:
    """``IRC § 6103(d)`` for ``IRC-6103(d)``: the form a report prints."""
    if authority.startswith("IRC-"):
        return "IRC § " + authority[4:]
    if authority.startswith("CFR-"):
        return "26 CFR § " + authority[4:]
    return authority


@dataclass(frozen=True)
class Scope:
    """The catalogs and entries that apply to one agency, and the authorities behind them."""

    catalogs: tuple[str, ...]
    authorities: tuple[str, ...]
    agreement_catalogs: tuple[str, ...] = ()
    excluded: frozenset[str] = frozenset()

    @property
    def mou(self) -> bool:
        """Whether the IRS-ICE MOU binds the agency."""
        return MOU in self.catalogs

    @property
    def report_recipient_note(self) -> str:
        """Where the agency's compliance report goes when it is not the Office of Safeguards alone
        (empty when Table 4 says all there is)."""
        return EDUCATION_REPORTS if self.receives_under(EDUCATION_DEBTORS) else ""

    def includes(self, entry: CatalogEntry) -> bool:
        return entry.catalog in self.catalogs and entry.id not in self.excluded

    def entries(self, catalogs: Catalogs, enhancements: bool = True) -> Iterator[CatalogEntry]:
        """The entries in scope, in catalog order."""
        return (e for e in catalogs.entries(catalogs=list(self.catalogs), enhancements=enhancements)
                if e.id not in self.excluded)

    def receives_under(self, *general: str) -> bool:
        """Whether the agency receives FTI under one of these authorities (or a paragraph of one)."""
        return any(covers(g, a) for g in general for a in self.authorities)

    def cite(self, mou: str, rest: str = "") -> str:
        """A citation: ``MOU 9.A.5; Pub 1075 ... §2.D.2.1`` for an agency the MOU binds, else
        the rest alone."""
        if not self.mou:
            return rest
        return f"{mou}; {rest}" if rest else mou

    @property
    def notice_short(self) -> str:
        return MOU_NOTICE_SHORT if self.mou else PUB_NOTICE_SHORT

    @property
    def notice(self) -> str:
        return MOU_NOTICE if self.mou else PUB_NOTICE


def scope_of(config: WorkspaceConfig, catalogs: Catalogs) -> Scope:
    """The scope of a workspace: what its ``ssrgen.yaml`` says, read against the catalogs."""
    authorities: list[str] = []
    for text in [*config.authorities, *(a.authority for a in config.agreements if a.authority)]:
        found = catalogs.find(ids.normalize(text))
        if found is not None and found.catalog == AUTHORITIES and found.id not in authorities:
            authorities.append(found.id)
    brought = [c for c in (agreement_catalog(a.id, a.catalog, catalogs) for a in config.agreements) if c]
    listed = [c for c in config.catalogs_in_scope if c != AUTHORITIES]
    wanted = set(listed) | set(brought)
    in_scope = tuple(c for c in catalogs.infos if c in wanted)
    excluded = frozenset(
        e.id for e in catalogs.entries(catalogs=list(in_scope))
        if e.entry.authorities and not any(covers(g, a) for g in e.entry.authorities for a in authorities)
    )
    agreement_scoped = tuple(c for c in in_scope if catalogs.infos[c].agreement is not None)
    return Scope(in_scope, tuple(authorities), agreement_scoped, excluded)


def agreement_catalog(agreement_id: str, catalog: str | None, catalogs: Catalogs) -> str | None:
    """The catalog an agreement brings into scope: the one it names, or the one declaring its id."""
    if catalog:
        info = catalogs.infos.get(catalog)
        return catalog if info is not None and info.agreement is not None else None
    for name, info in catalogs.infos.items():
        if info.agreement is not None and info.agreement.id == agreement_id:
            return name
    return None


def basis_ids(catalogs: Catalogs) -> list[str]:
    """The authorities an agency can receive FTI under, in catalog order."""
    return [e.id for e in catalogs.entries(catalog=AUTHORITIES) if e.entry.basis]


def agreement_names(catalogs: Catalogs) -> list[str]:
    """The catalogs that stand for an agreement, and the agreement ids they declare."""
    return [f"{name} ({info.agreement.id})" for name, info in catalogs.infos.items() if info.agreement]


# ------------------------------------------------------------------ checking

def check_scope(config: WorkspaceConfig, doc: YamlDocument, catalogs: Catalogs) -> list[Problem]:
    """What is wrong or unfinished in the authorities, agreements and catalogs of ``ssrgen.yaml``."""
    problems: list[Problem] = []
    known = basis_ids(catalogs)
    named = 0
    for index, text in enumerate(config.authorities):
        named += _check_authority(text, ["authorities", index], doc, catalogs, known, problems)
    for index, agreement in enumerate(config.agreements):
        if agreement.authority is not None:
            named += _check_authority(agreement.authority, ["agreements", index, "authority"], doc,
                                      catalogs, known, problems)
        if agreement.catalog is not None:
            info = catalogs.infos.get(agreement.catalog)
            if info is None or info.agreement is None:
                what = "unknown catalog" if info is None else "not the catalog of an agreement"
                problems.append(Problem(
                    doc.where(["agreements", index, "catalog"]),
                    f"'{agreement.catalog}' is {what}",
                    f"Use the catalog of an agreement: {', '.join(agreement_names(catalogs)) or 'none installed'}; "
                    "or remove 'catalog:' (Pub 1075 applies to every agency without it).",
                ))
        if isinstance(agreement.signed, str) and not is_placeholder(agreement.signed):
            problems.append(Problem(
                doc.where(["agreements", index, "signed"]),
                f"the date the agreement '{agreement.id}' was signed is not a date ('{agreement.signed}')",
                "Write it as YYYY-MM-DD, e.g. 'signed: 2025-04-07'.", "warning",
            ))
    placeholders = any(is_placeholder(t) for t in config.authorities)
    if not named and not placeholders:
        problems.append(Problem(
            doc.where(["authorities"] if "authorities" in (doc.data or {}) else []),
            "the workspace names no disclosure authority the agency receives FTI under, so the "
            "SSR cannot name it and the Pub 1075 §2.C.11 requirements of that authority are not checked",
            "Add 'authorities: [IRC-6103(d)]' (the provision your agency receives FTI under) to "
            f"ssrgen.yaml, or an 'authority:' to each agreement. Known: {', '.join(known)}.",
            "warning",
        ))
    brought = {agreement_catalog(a.id, a.catalog, catalogs) for a in config.agreements}
    if config.older_form:
        for catalog in config.catalogs_in_scope:
            info = catalogs.infos.get(catalog)
            if info is not None and info.agreement is not None:
                problems.append(Problem(
                    doc.where([]),
                    "ssrgen.yaml has neither 'catalogs:' nor 'agreements:', the form written before an "
                    f"agreement brought its own catalog: it is read as before, with '{catalog}' (the catalog "
                    f"'{info.title}') in scope",
                    f"If an agreement binds the agency to it, add {_agreement_yaml(catalog, info.agreement)} to "
                    "ssrgen.yaml; if none does (a state agency, for one), add 'agreements: []' and it leaves "
                    "the scope.",
                    "warning",
                ))
    for index, catalog in enumerate(config.catalogs):
        info = catalogs.infos.get(catalog)
        if info is None:
            listed = ", ".join(sorted(catalogs.infos)) or "none installed"
            problems.append(Problem(doc.where(["catalogs", index]), f"unknown catalog '{catalog}'",
                                    f"Use one of: {listed}."))
        elif info.agreement is not None and catalog not in brought:
            problems.append(Problem(
                doc.where(["catalogs", index]),
                f"'{catalog}' under 'catalogs:' is read as before (the catalog '{info.title}' is in "
                "scope), but an agreement's catalog now comes with the agreement that binds the agency",
                f"If an agreement binds the agency to it, add 'catalog: {catalog}' to that agreement under "
                f"'agreements:' (or list it: {_agreement_yaml(catalog, info.agreement)}), then remove "
                f"'{catalog}' from 'catalogs:'. If none does (a state agency, for one), just remove "
                f"'{catalog}' from 'catalogs:'.",
                "warning",
            ))
    return problems


def _agreement_yaml(catalog: str, agreement: AgreementInfo) -> str:
    """The line of ``ssrgen.yaml`` that lists an agreement with its catalog."""
    authority = f", authority: {agreement.authority}" if agreement.authority else ""
    return f"'agreements: [{{id: {agreement.id}, name: {agreement.id}{authority}, catalog: {catalog}}}]'"


def _check_authority(text: str, loc: list[str | int], doc: YamlDocument, catalogs: Catalogs,
                     known: list[str], problems: list[Problem]) -> int:
    """1 when ``text`` names an authority (right or wrong), 0 for a placeholder."""
    if is_placeholder(text):
        return 0  # reported with the other placeholders
    found = catalogs.find(ids.normalize(text))
    if found is None or found.catalog != AUTHORITIES:
        problems.append(Problem(doc.where(loc), f"'{text}' is not a disclosure authority ssrgen knows",
                                f"Use one of: {', '.join(known)}." if known else "Check the authorities catalog."))
    elif not found.entry.basis:
        problems.append(Problem(
            doc.where(loc),
            f"{found.id} ({found.title}) is not a provision an agency receives FTI under",
            f"Name the provision your agency receives FTI under, one of: {', '.join(known)}.",
            "warning",
        ))
    return 1


def out_of_scope_answers(scope: Scope, catalogs: Catalogs, answered: Iterable[str],
                         where: Mapping[str, str]) -> list[Problem]:
    """Answers to entries the agency's scope leaves out (an MOU obligation when no agreement
    brings the MOU, a §2.C.11 requirement of another authority): kept, but not reported."""
    problems = []
    for entry_id in answered:
        found = catalogs.find(entry_id)
        if found is None or scope.includes(found) or found.catalog == AUTHORITIES:
            continue
        if found.catalog not in scope.catalogs:
            info = catalogs.infos[found.catalog]
            why = f"the {info.title} is not in scope for this workspace"
            fix = (f"If an agreement binds the agency to it, add 'catalog: {found.catalog}' to that agreement "
                   "in ssrgen.yaml; otherwise remove the answer." if info.agreement else
                   f"Add '{found.catalog}' to 'catalogs:' in ssrgen.yaml, or remove the answer.")
        else:
            named = ", ".join(found.entry.authorities)
            why = f"it applies only to agencies receiving FTI under {named}"
            fix = ("If the agency receives FTI under one of them, add it to 'authorities:' in ssrgen.yaml; "
                   "otherwise remove the answer.")
        problems.append(Problem(where.get(found.id, "implementation/"), f"'{found.id}' is answered, but {why}, so no deliverable reports it",
                                fix, "warning"))
    return problems


def signed_text(signed: dt.date | str | None) -> str:
    """The date an agreement was signed as IRS forms write dates (MM/DD/YYYY)."""
    if isinstance(signed, dt.date):
        return signed.strftime("%m/%d/%Y")
    return signed or ""
