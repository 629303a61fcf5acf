"""The words of the SSR that follow from the agency's agreements and authorities.

The certification, the notice on every page and the introduction of each
section cite the MOU only for an agency the MOU binds (its agreements include
it); every other agency's report cites Pub 1075 alone and names the IRC § 6103
provisions the agency receives FTI under. Section 2 also carries what the
agency's authorities ask the SSR to report (Pub 1075 §2.C.11.7: the records the
Department of Justice provided to each federal law enforcement agency).
"""

from __future__ import annotations

from typing import Any

from ssrgen.deadlines import SsrSchedule
from ssrgen.registers.authority_rules import (
    HUMAN_SERVICES,
    ITEM_WORDS,
    LAW_ENFORCEMENT,
    child_support_contractors,
    held,
    law_enforcement_counts,
)
from ssrgen.scope import PUB_NOTICE, authority_label
from ssrgen.ssr.context import Texts
from ssrgen.workspace import Workspace

PUB = "Pub 1075"

# MOU §9.A.6: what the Head of Agency certifies, one element per bullet (the MOU's "ICE" is
# the agency).
MOU_CERTIFICATION = [
    "addresses all Outstanding Actions identified by the IRS Office of Safeguards from the agency's "
    "prior year SSR;",
    "accurately and completely reflects the agency's current environment for the receipt, storage, "
    "processing, and transmission of FTI;",
    "accurately reflects the security controls in place to protect the FTI in accordance with "
    "Publication 1075;",
    "and reflects the agency's commitment to assist the Office of Safeguards in the joint effort of "
    "protecting the confidentiality of FTI;",
    "to support the Office of Safeguards on-site review to assess the agency's compliance with "
    "Publication 1075 requirements by means of manual and automated compliance and vulnerability "
    "assessment testing, including coordination with information technology (IT) divisions to secure "
    "pre-approval, if needed, for automated system scanning;",
    "and to support timely mitigation of identified risk to FTI in the agency's Corrective Action Plan "
    "(CAP) for as long as the agency maintains Federal tax returns and return information.",
]

# Pub 1075's own words on what the SSR is (§2.E.4, §2.E.4.3), for an agency the MOU does not bind.
PUB_CERTIFICATION = [
    "reports the processes, procedures, and security and privacy controls in place to protect FTI in "
    "compliance with IRC § 6103(p)(4) (Pub 1075 §2.E.4);",
    "documents the implementation of security and privacy controls that impact the protection of FTI, "
    "and the significant changes to the environment (Pub 1075 §2.E.4.3);",
    "reports the changes to information or procedures previously reported, the current annual period "
    "safeguard activities, the planned actions affecting safeguard procedures, and the agency's use of "
    "contractors or sub-contractors (Pub 1075 §2.E.4.3);",
    "addresses all outstanding items previously noted on the SSR returned to the agency "
    "(Pub 1075 §2.E.4.3).",
]

# MOU §9.F, on every page of the report of an agency the MOU binds; Pub 1075's own words
# (Introduction) on every other agency's.
MOU_NOTICE = (
    "Safeguards documents and related communications are IRS official records; they are property of "
    "the IRS; IRS records are subject to disclosure restrictions under Federal law and IRS rules and "
    "regulations and may not be released publicly under state Sunshine or Information Sharing/Open "
    "Records provisions; any requestor seeking access to IRS records should be referred to the Federal "
    "Freedom of Information Act (FOIA) statute. (MOU §9.F)"
)

# the sentence that opens each section, for an agency the MOU binds and for every other agency
INTROS: dict[str, tuple[str, str]] = {
    "incidents": (
        "Data incidents discovered in the reporting period, and when they were reported to TIGTA and the "
        "Office of Safeguards (MOU §8.A, §9.D; Pub 1075 §1.8). No FTI is given here.",
        "Data incidents discovered in the reporting period, and when they were reported to TIGTA and the "
        "Office of Safeguards (Pub 1075 §1.8). No FTI is given here.",
    ),
    "fti_flow": (
        "The systems that receive, process, store or transmit FTI (MOU §9.B), and FTI in "
        "paper form (MOU §9.C).",
        "The systems that receive, process, store or transmit FTI, and FTI in paper form: the processing "
        "and safeguard procedures for all FTI received (Pub 1075 §1.1, §2.E.4.2).",
    ),
    "system_of_records": (
        "The central point of control and the log of requests, receipt, disclosures and disposal "
        "(MOU §9.A.1, Pub 1075 §2.A).",
        "The permanent system of standardized records of requests, receipt, disclosures and disposal "
        "of FTI (Pub 1075 §2.A).",
    ),
    "other_safeguards": (
        "Secure storage, labeling, restricted access and internal inspections (MOU §9.A.2-9.A.4, "
        "§9.A.10; Pub 1075 §2.B-§2.D).",
        "Secure storage, labeling, restricted access and internal inspections (Pub 1075 §2.B-§2.D).",
    ),
    "disposal": (
        "Destruction or return of FTI when no longer needed (MOU §9.A.9, Pub 1075 §2.F).",
        "Destruction or return of FTI when no longer needed (Pub 1075 §2.F).",
    ),
    "inspection_plan": (
        "Internal inspections planned for the next three years: headquarters, the computer facility, "
        "contractors and off-site storage at least every 18 months, field offices every 3 years "
        "(MOU §9.A.10, Pub 1075 §2.D.3).",
        "Internal inspections planned for the next three years: headquarters, the computer facility, "
        "contractors and off-site storage at least every 18 months, field offices every 3 years "
        "(Pub 1075 §2.D.3).",
    ),
    "disclosure_awareness": (
        "Disclosure awareness training and certification before access and annually (MOU §9.A.5, "
        "Pub 1075 §2.D.2).",
        "Disclosure awareness training and certification before access and annually (Pub 1075 §2.D.2).",
    ),
    "contractors": (
        "Contractors and sub-contractors with access to FTI, their on-site assessments and certification of "
        "compliance; every disclosure of FTI to a contractor or sub-contractor is reported in the SSR "
        "(MOU §9.A.11; Pub 1075 §1.9.2, §2.E.4.3; IRC §6103(p)(9)).",
        "Contractors and sub-contractors with access to FTI, their on-site assessments and certification of "
        "compliance; every disclosure of FTI to a contractor or sub-contractor is reported in the SSR "
        "(Pub 1075 §1.9.2, §1.9.4, §2.E.4.3; IRC §6103(p)(9)).",
    ),
    "ai_use": (
        "Use of FTI for artificial intelligence purposes is disclosed to the Office of Safeguards "
        "(MOU §9.A.12).",
        "Use of FTI for artificial intelligence purposes, as the agency's AI use register "
        "(registers/ai-use.yaml) records it: a new way of processing FTI is a change the SSR documents "
        "(Pub 1075 §2.E.4.3).",
    ),
}


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def authorities(ws: Workspace) -> list[dict[str, str]]:
    """``authorities``: each provision the agency receives FTI under, with its title and source."""
    rows = []
    for authority in ws.scope.authorities:
        found = ws.catalogs.find(authority)
        rows.append({"id": authority, "label": authority_label(authority),
                     "title": found.title if found else "", "source": found.entry.source if found else ""})
    return rows


def authorities_text(ws: Workspace) -> str:
    """``agency.authorities``: the provisions as one line, or what to do when none is named."""
    rows = authorities(ws)
    if not rows:
        return ("not yet named in ssrgen.yaml ('authorities:'); the SSR must name the IRC § 6103 "
                "provision the agency receives FTI under")
    return "; ".join(f"{r['label']} ({r['title']})" for r in rows)


def certification(ws: Workspace, texts: Texts) -> dict[str, Any]:
    """``certification.basis`` (what requires it and what the agency receives FTI under) and
    ``certification.elements`` (what the Head of Agency certifies)."""
    name = texts.take("agency name (ssrgen.yaml)", ws.config.agency.name)
    labels = [authority_label(a) for a in ws.scope.authorities]
    agreements = [a.name for a in ws.config.agreements]
    receives = ""
    if labels:
        receives = f"{name} receives FTI under {_joined(labels)}"
        if agreements:
            receives += f" ({'; '.join(agreements)})"
        receives += ". "
    if ws.scope.mou:
        basis = (f"{receives}As required by the data exchange agreement (MOU §9.A.6) and Pub 1075 §2.E.2 "
                 f"and §2.E.4, I certify that this Safeguard Security Report of {name}:")
        elements = list(MOU_CERTIFICATION)
    else:
        basis = (f"{receives}As required by Pub 1075 §2.E.2 (a signed certification from the Head of Agency "
                 f"or a designee) and §2.E.4, I certify that this Safeguard Security Report of {name}:")
        elements = list(PUB_CERTIFICATION)
    return {"basis": basis, "elements": elements}


def notice(ws: Workspace) -> str:
    """``notice``: Safeguards documents are IRS records, in the words that bind the agency."""
    return MOU_NOTICE if ws.scope.mou else PUB_NOTICE


def intros(ws: Workspace) -> dict[str, str]:
    """``intro``: the sentence that opens each section, cited for the agency's scope."""
    which = 0 if ws.scope.mou else 1
    return {key: pair[which] for key, pair in INTROS.items()}


def authority_facts(ws: Workspace, texts: Texts, schedule: SsrSchedule) -> list[str]:
    """``authority_facts``: what the agency's authorities ask the SSR to report."""
    facts = []
    if note := ws.scope.report_recipient_note:
        facts.append(f"{note[0].upper()}{note[1:]}.")
    if ws.scope.receives_under(LAW_ENFORCEMENT):
        counts = law_enforcement_counts(ws, schedule.period_start, schedule.period_end)
        if counts:
            listed = "; ".join(
                f"{texts.take('disclosure recipient (registers/disclosures.yaml)', who)}: "
                + (f"{n} record(s)" if n is not None else "number of records not recorded")
                for who, n in counts)
            facts.append(f"FTI records provided to federal law enforcement agencies in the reporting period "
                         f"(Pub 1075 §2.C.11.7): {listed}.")
        else:
            facts.append("No FTI records were provided to a federal law enforcement agency in the reporting "
                         "period (Pub 1075 §2.C.11.7; registers/disclosures.yaml).")
    for index, name, items in child_support_contractors(ws):
        who = texts.take(f"contractor {index + 1} name (registers/contractors.yaml)", name)
        got = _joined([ITEM_WORDS[i] for i in items]) or "FTI not yet described in the contractor register"
        facts.append(f"Child support program: contractor {who} receives {got} (Pub 1075 §2.C.11.1 limits it to "
                     "the address, the Social Security Number and the amount of a tax refund offset).")
    if ws.scope.receives_under(HUMAN_SERVICES):
        given: list[str] = []
        unsaid: list[str] = []  # contractors whose record does not say which authority (validate warns)
        for h in held(ws, "contractors"):
            if h.authority in (HUMAN_SERVICES, None):
                name = texts.take(f"contractor {h.index + 1} name (registers/contractors.yaml)", h.record.name)
                (given if h.authority == HUMAN_SERVICES else unsaid).append(name)
        if given:
            facts.append(f"FTI received under IRC § 6103(l)(7) is disclosed to the contractor(s) {_joined(given)}, "
                         "which Pub 1075 §2.C.11.2 does not permit.")
        if unsaid:
            facts.append(f"The contractor register does not record under which authority the contractor(s) "
                         f"{_joined(unsaid)} receive FTI, so this report cannot say whether FTI received under "
                         "IRC § 6103(l)(7) is disclosed to them (Pub 1075 §2.C.11.2 does not permit it).")
        if not given and not unsaid:
            facts.append("FTI received under IRC § 6103(l)(7) is disclosed to no contractor (Pub 1075 §2.C.11.2).")
    return facts
