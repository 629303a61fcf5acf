"""The rules that follow from the authority an agency receives FTI under (Pub 1075 §2.C.11).

Each rule reads the contractor register and the disclosure register
(``registers/disclosures.yaml``: the FTI the agency gave to courts, other
agencies, agents) and applies only to the records whose FTI was received under
the authority its section names: the record's ``authority``, or the agency's
only authority when it has one. Each problem is a warning with the record's
``file:line``; a record naming an authority ssrgen does not know is an error.

- §2.C.11.1, IRC § 6103(l)(6), (l)(8) (and (l)(10) for a child support agency):
  a contractor may receive only the address, the SSN and the amount of a tax
  refund offset (never Forms 1099 or W-2); a court receives only payment date
  and amount for all payment sources, never tax refund offset information; no
  other further disclosure.
- §2.C.11.2, (l)(7): no contractor may receive FTI; no further disclosure.
- §2.C.11.3, (l)(10): no further disclosure unless authorized.
- §2.C.11.4, (l)(12)(C): only to CMS's agents, under a contract.
- §2.C.11.5, (l)(20) and §2.C.11.6, (l)(21): the recipients of a
  re-disclosure are held to the safeguards (an agreement is recorded); a state
  audit agency only under a contractual relationship.
- §2.C.11.7, (i): the number of records given to each federal law enforcement
  agency is recorded, for the SSR.
- §2.C.11.8, (m)(2): the agents the FTI is shared with are held to the
  safeguards and reviews (an agreement is recorded).

And for every agency, §2.A.2: each disclosure outside the agency is logged with
to whom, what, why and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ssrgen import ids
from ssrgen.errors import Problem
from ssrgen.registers.clocks import PUB, RecordLocator
from ssrgen.scope import AUTHORITIES, covers
from ssrgen.workspace import Workspace

WARNING = "warning"
CHILD_SUPPORT = ("IRC-6103(l)(6)", "IRC-6103(l)(8)")
DEFICIT_REDUCTION = "IRC-6103(l)(10)"
HUMAN_SERVICES = "IRC-6103(l)(7)"
CMS_AGENTS = "IRC-6103(l)(12)(C)"
MEDICARE_PREMIUM = "IRC-6103(l)(20)"
HEALTH_COVERAGE = "IRC-6103(l)(21)"
LAW_ENFORCEMENT = "IRC-6103(i)"
FEDERAL_CLAIMS = "IRC-6103(m)(2)"
# what §2.C.11.1 lets a child support agency give a contractor
CONTRACTOR_ITEMS = {"address", "ssn", "offset-amount"}
ITEM_WORDS = {
    "address": "the address",
    "ssn": "the Social Security Number",
    "offset-amount": "tax refund offset information (the amount of a reduction under IRC § 6402(c))",
    "payment-history": "payment dates and amounts for all payment sources",
    "form-1099": "Form 1099 information",
    "form-w-2": "Form W-2 information",
    "return-information": "other return information",
}


@dataclass(frozen=True)
class Held:
    """A contractor or disclosure record, and the authority its FTI was received under."""

    register: str  # "contractors" or "disclosures"
    index: int
    record: Any
    authority: str | None

    @property
    def who(self) -> str:
        if self.register == "contractors":
            return f"contractor '{self.record.name}'"
        return f"the disclosure to '{self.record.recipient}' on {self.record.date}"


def _resolved(workspace: Workspace, text: str | None) -> str | None:
    if text:
        found = workspace.catalogs.find(ids.normalize(text))
        return found.id if found is not None and found.catalog == AUTHORITIES else None
    authorities = workspace.scope.authorities
    return authorities[0] if len(authorities) == 1 else None


def held(workspace: Workspace, register: str) -> Iterator[Held]:
    """The FTI-holding records of a register (contractors without FTI access are left out)."""
    for index, record in enumerate(getattr(workspace.registers, register)):
        if register == "contractors" and not record.fti_access:
            continue
        yield Held(register, index, record, _resolved(workspace, record.authority))


def _under(item: Held, *general: str) -> bool:
    return item.authority is not None and any(covers(g, item.authority) for g in general)


def _child_support(workspace: Workspace, item: Held) -> bool:
    """Under §2.C.11.1: (l)(6), (l)(8), and (l)(10) at an agency that is also a child support agency."""
    if _under(item, *CHILD_SUPPORT):
        return True
    return _under(item, DEFICIT_REDUCTION) and workspace.scope.receives_under(*CHILD_SUPPORT)


def _items(values: list[str]) -> str:
    return ", ".join(ITEM_WORDS[v] for v in values)


Rule = Callable[..., list[Problem]]


def check_record_authorities(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Each contractor and disclosure says which authority its FTI was received under when the
    agency has several and one of them limits disclosure (§2.C.11); the authority is the agency's."""
    locate = RecordLocator(workspace)
    scope = workspace.scope
    limited = {a for e in workspace.catalogs.by_id.values() for a in e.entry.authorities}
    problems: list[Problem] = []
    for register in ("contractors", "disclosures"):
        for item in held(workspace, register):
            text = item.record.authority
            if text:
                if item.authority is None:
                    problems.append(Problem(
                        locate.where(register, item.index, "authority"),
                        f"{item.who} names '{text}', which is not a disclosure authority ssrgen knows",
                        f"Use one of the agency's authorities: {', '.join(scope.authorities) or '(none listed)'}.",
                    ))
                elif item.authority not in scope.authorities:
                    problems.append(Problem(
                        locate.where(register, item.index, "authority"),
                        f"{item.who} names {item.authority}, which ssrgen.yaml does not list among the "
                        "authorities the agency receives FTI under",
                        "Correct the record's 'authority', or add the authority to 'authorities:' in ssrgen.yaml.",
                        WARNING,
                    ))
            elif len(scope.authorities) > 1 and any(covers(g, a) for g in limited for a in scope.authorities):
                problems.append(Problem(
                    locate.where(register, item.index),
                    f"{item.who} does not say under which authority its FTI was received, and the agency "
                    f"receives FTI under several ({', '.join(scope.authorities)}) whose rules differ "
                    f"({PUB} §2.C.11)",
                    "Add 'authority:' to the record with one of them.",
                    WARNING,
                ))
    return problems


def check_child_support(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.C.11.1: what may go to a contractor, and to a court, from a child support agency."""
    locate = RecordLocator(workspace)
    source = f"{PUB} §2.C.11.1"
    problems: list[Problem] = []
    for item in held(workspace, "contractors"):
        if not _child_support(workspace, item):
            continue
        got = list(item.record.fti_items)
        if not got:
            problems.append(Problem(
                locate.where("contractors", item.index),
                f"{item.who} receives FTI under {item.authority} but its record does not say what "
                f"({source}: only the address, the Social Security Number and the amount of a tax "
                "refund offset may go to a contractor)",
                "List what the contractor receives in 'fti_items' (address, ssn, offset-amount).",
                WARNING,
            ))
            continue
        beyond = [g for g in got if g not in CONTRACTOR_ITEMS]
        if beyond:
            problems.append(Problem(
                locate.where("contractors", item.index, "fti_items"),
                f"{item.who} receives {_items(beyond)} under {item.authority} ({source}: what may be "
                "disclosed to a contractor is limited to the address, the Social Security Number and the "
                "amount of any reduction under IRC § 6402(c); Forms 1099 and W-2 information are not "
                "authorized by statute to be disclosed to contractors)",
                "Stop giving the contractor that information, then remove it from 'fti_items'.",
                WARNING,
            ))
    for item in held(workspace, "disclosures"):
        if not _child_support(workspace, item):
            continue
        record = item.record
        if record.recipient_kind == "court":
            if not record.fti_items:
                problems.append(Problem(
                    locate.where("disclosures", item.index),
                    f"{item.who} (a court) does not say what was submitted ({source}: tax refund offset "
                    "payment information may not be disclosed into any court proceeding)",
                    "List what was submitted in 'fti_items' (payment-history for payment dates and "
                    "amounts of all payment sources).",
                    WARNING,
                ))
            elif any(g != "payment-history" for g in record.fti_items):
                offset = "offset-amount" in record.fti_items
                problems.append(Problem(
                    locate.where("disclosures", item.index, "fti_items"),
                    f"{item.who} (a court) included "
                    + ("tax refund offset payment information" if offset else
                       _items([g for g in record.fti_items if g != "payment-history"]))
                    + f" ({source}: tax refund offset payment information may not be disclosed into any "
                    "court proceeding; submit only payment date and payment amount for all payment sources)",
                    "Submit to courts only payment dates and amounts for all payment sources (not just tax "
                    "refund offset payments); record it as 'fti_items: [payment-history]' and report the "
                    "disclosure as an incident if FTI reached the court.",
                    WARNING,
                ))
        elif not record.authorization:
            problems.append(Problem(
                locate.where("disclosures", item.index),
                f"{item.who} is a further disclosure of FTI received under {item.authority} ({source}: in "
                "general, no officer or employee of any state or local child support enforcement agency "
                "can make further disclosures of FTI)",
                "Record in 'authorization' what authorizes it, or stop the disclosure and report it as an "
                "incident (§1.8).",
                WARNING,
            ))
    return problems


def check_human_services(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.C.11.2 (and §2.C.8.2, Exhibit 6): no contractor of a human services agency receives FTI."""
    locate = RecordLocator(workspace)
    source = f"{PUB} §2.C.11.2"
    problems: list[Problem] = []
    for item in held(workspace, "contractors"):
        if _under(item, HUMAN_SERVICES):
            problems.append(Problem(
                locate.where("contractors", item.index, "fti_access"),
                f"{item.who} has access to FTI received under {HUMAN_SERVICES} ({source}: human services "
                "agencies may not contract for services that involve the disclosure of FTI to contractors "
                "or sub-contractors; Exhibit 6: they may not disclose FTI to contractors for any purpose)",
                "End the contractor's access to FTI, then set 'fti_access: false'. A contractor-operated "
                "off-site storage facility may hold only encrypted media, locked in a container whose key "
                "the agency keeps (§2.B.6).",
                WARNING,
            ))
    for item in held(workspace, "disclosures"):
        if _under(item, HUMAN_SERVICES):
            problems.append(Problem(
                locate.where("disclosures", item.index),
                f"{item.who} is a further disclosure of FTI received under {HUMAN_SERVICES} ({source}: no "
                "officer or employee of such an agency is permitted to make further disclosures of FTI for "
                "any purpose)",
                "Stop the disclosure and report it as an incident (§1.8).",
                WARNING,
            ))
    return problems


def check_deficit_reduction(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.C.11.3: FTI about tax refund offsets is not disclosed further unless authorized."""
    locate = RecordLocator(workspace)
    return [
        Problem(
            locate.where("disclosures", item.index),
            f"{item.who} is a further disclosure of FTI received under {DEFICIT_REDUCTION} with no "
            f"authorization recorded ({PUB} §2.C.11.3: agencies receiving FTI from the Bureau of the Fiscal "
            "Service related to tax refund offsets are prohibited from making further disclosures of the FTI "
            "received unless authorized)",
            "Record in 'authorization' what authorizes the disclosure, or stop it and report it as an "
            "incident (§1.8).",
            WARNING,
        )
        for item in held(workspace, "disclosures")
        if _under(item, DEFICIT_REDUCTION) and not _child_support(workspace, item)
        and not item.record.authorization
    ]


def check_cms_agents(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.C.11.4: FTI under (l)(12)(C) goes only to CMS's agents, under a contract, and no further."""
    locate = RecordLocator(workspace)
    source = f"{PUB} §2.C.11.4"
    problems: list[Problem] = []
    for item in held(workspace, "disclosures"):
        if not _under(item, CMS_AGENTS):
            continue
        if item.record.recipient_kind != "agent":
            problems.append(Problem(
                locate.where("disclosures", item.index, "recipient_kind"),
                f"{item.who} is not to an agent of CMS ({source}: CMS may disclose the FTI it receives "
                "from SSA to its agents; the agent is not authorized to make further disclosures of FTI for "
                "any purpose)",
                "Stop the disclosure and report it as an incident (§1.8); if the recipient is an agent of "
                "CMS, set 'recipient_kind: agent' and record the contract in 'agreement'.",
                WARNING,
            ))
        elif not item.record.agreement:
            problems.append(Problem(
                locate.where("disclosures", item.index),
                f"{item.who} (an agent) has no contract recorded ({source}: a contractual relationship "
                "must exist between CMS and the agent)",
                "Record the contract with the agent in 'agreement'.",
                WARNING,
            ))
    return problems


def _unbound(workspace: Workspace, authority: str, source: str, words: str,
             state_audit: str | None = None) -> list[Problem]:
    """Disclosures under ``authority`` whose recipient is not held to the safeguards by an agreement."""
    locate = RecordLocator(workspace)
    problems = []
    for item in held(workspace, "disclosures"):
        if not _under(item, authority) or item.record.agreement:
            continue
        said = state_audit if state_audit and item.record.recipient_kind == "state-audit-agency" else words
        problems.append(Problem(
            locate.where("disclosures", item.index),
            f"{item.who} has no agreement recorded that holds the recipient to the safeguards "
            f"({PUB} {source}: {said})",
            "Record in 'agreement' the contract or written agreement that binds the recipient to the "
            "Pub 1075 safeguards, or stop the disclosure.",
            WARNING,
        ))
    return problems


def check_medicare_premium(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.C.11.5: re-disclosures under (l)(20) are subject to the safeguards."""
    return _unbound(workspace, MEDICARE_PREMIUM, "§2.C.11.5",
                    "these disclosures and any redisclosures authorized by this provision are subject to "
                    "safeguards requirements")


def check_health_coverage(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.C.11.6: under (l)(21) every recipient is held to the safeguards; a state audit agency
    only under a contractual relationship."""
    return _unbound(workspace, HEALTH_COVERAGE, "§2.C.11.6",
                    "any agent, contractor, or sub-contractor is also subject to IRS safeguard requirements "
                    "and review",
                    state_audit="independent state audit agencies may not have access to FTI in eligibility "
                    "records unless a contractual relationship is established that conforms to the "
                    "disclosure requirements of IRC § 6103")


def check_law_enforcement(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.C.11.7: the number of FTI records given to each federal law enforcement agency is known."""
    locate = RecordLocator(workspace)
    return [
        Problem(
            locate.where("disclosures", item.index),
            f"{item.who} does not say how many FTI records were provided ({PUB} §2.C.11.7: the Department "
            "of Justice must report in its SSR the number of FTI records provided and to which federal law "
            "enforcement agency the data was shared for the calendar year processing period)",
            "Record the number of records in 'records'.",
            WARNING,
        )
        for item in held(workspace, "disclosures")
        if _under(item, LAW_ENFORCEMENT) and item.record.recipient_kind == "federal-law-enforcement"
        and item.record.records is None
    ]


def check_federal_claims(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.C.11.8: the agents FTI under (m)(2) is shared with are held to the safeguards and reviews."""
    return _unbound(workspace, FEDERAL_CLAIMS, "§2.C.11.8",
                    "if the FTI is shared with agents, contractors, or sub-contractors, the agency and agents, "
                    "contractors, or sub-contractors are all subject to IRS safeguarding requirements and reviews")


def check_disclosure_log(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """§2.A.2: the log of disclosures outside the agency says to whom, what, why and when."""
    locate = RecordLocator(workspace)
    problems = []
    for item in held(workspace, "disclosures"):
        missing = [word for word, value in (("what was disclosed ('fti_items')", item.record.fti_items),
                                            ("why ('purpose')", item.record.purpose)) if not value]
        if missing:
            problems.append(Problem(
                locate.where("disclosures", item.index),
                f"{item.who} does not say {' or '.join(missing)} ({PUB} §2.A.2: the log of information "
                "disclosed outside the agency must reflect to whom the disclosure was made, what was "
                "disclosed, why it was disclosed and when)",
                "Complete the record.",
                WARNING,
            ))
    return problems


AUTHORITY_RULES: tuple[Rule, ...] = (
    check_disclosure_log,
    check_record_authorities,
    check_child_support,
    check_human_services,
    check_deficit_reduction,
    check_cms_agents,
    check_medicare_premium,
    check_health_coverage,
    check_law_enforcement,
    check_federal_claims,
)


def child_support_contractors(workspace: Workspace) -> list[tuple[int, str, list[str]]]:
    """(index, name, fti_items) of the contractors receiving FTI under §2.C.11.1, for the SSR."""
    return [(item.index, item.record.name, list(item.record.fti_items))
            for item in held(workspace, "contractors") if _child_support(workspace, item)]


def law_enforcement_counts(workspace: Workspace, start: dt.date, end: dt.date) -> list[tuple[str, int | None]]:
    """§2.C.11.7 for the SSR: (federal law enforcement agency, records provided) in the period,
    in the order first met; None when a disclosure does not say how many."""
    totals: dict[str, int | None] = {}
    for item in held(workspace, "disclosures"):
        record = item.record
        if (_under(item, LAW_ENFORCEMENT) and record.recipient_kind == "federal-law-enforcement"
                and start <= record.date <= end):
            before = totals.get(record.recipient, 0)
            totals[record.recipient] = (None if before is None or record.records is None
                                        else before + record.records)
    return list(totals.items())
