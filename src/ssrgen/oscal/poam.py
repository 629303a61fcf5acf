"""Findings as an OSCAL plan of action and milestones (``poam.json``).

Each finding of IRS's Safeguard reviews (``cap/findings.yaml``, the CAP of Pub
1075 §2.E.5) is a POA&M item with:

- a **risk**: the finding's title and description, IRS's recommendation as its
  statement and as a remediation of lifecycle ``recommendation``, the criticality
  (Critical, Significant, Moderate, Limited) as a characterization facet whose
  origin is the IRS Office of Safeguards, the status (``open``, ``remediating``
  while the agency works on it or IRS has yet to close it, ``closed``), the planned
  date as the deadline, and the agency's corrective action as a ``planned`` (or
  ``completed``) remediation whose milestones are the planned and completed dates
  and the mitigation plan sent for a critical finding;
- one OSCAL **finding** per control the finding names (target: the control's
  statement, ``not-satisfied`` until IRS closes it): the related controls;
- properties in ssrgen's namespace: the finding number, issue codes, criticality,
  status as the CAP says it, the review, the responsible office, closure evidence.

The CAP never holds the agency's own internal findings (Pub 1075 §2.D.9): those
are the agency's POA&M (``registers/poam.yaml``), and each is a POA&M item too,
whose origin is the agency (its internal inspection): a risk with its status
(``open``, ``remediating`` in progress, ``closed``), the planned date as its
deadline, the remediation plan as a ``planned`` (or ``completed``) remediation
with its milestones, and one OSCAL finding whose target is the statement of the
requirement or control the checklist item checks. The POA&M is the place both
kinds of finding can be handed to another tool.
"""

from __future__ import annotations

import datetime as dt

from ssrgen.model.findings import Finding
from ssrgen.model.registers import PoamFinding
from ssrgen.oscal.document import (
    JSON,
    RFC4122,
    metadata,
    prop,
    props_of,
    stable_uuid,
    timestamp,
    tool_prop,
)
from ssrgen.oscal.ids import statement_id
from ssrgen.oscal.parties import agency_key, agency_parties, agency_uuid, irs_uuid
from ssrgen.oscal.ssp import SSP_FILE, system_uuid
from ssrgen.workspace import Workspace

POAM_FILE = "poam.json"
RISK_STATUS = {"open": "open", "in-progress": "remediating", "completed-pending-irs": "remediating",
               "closed": "closed"}


def _day(date: dt.date) -> str:
    return timestamp(dt.datetime.combine(date, dt.time(), dt.UTC))


def _irs_origin() -> list[JSON]:
    return [{"actors": [{"type": "party", "actor-uuid": irs_uuid(), "role-id": "assessor"}]}]


def _milestones(key: tuple[str, ...], finding: Finding) -> list[JSON]:
    tasks = []
    dates = [("mitigation-plan", "Mitigation plan sent to the Office of Safeguards", finding.mitigation_plan_sent),
             ("planned", "Planned completion", finding.planned_date),
             ("completed", "Completed", finding.completed_date)]
    for name, title, date in dates:
        if date:
            tasks.append({"uuid": stable_uuid(*key, "milestone", name), "type": "milestone", "title": title,
                          "timing": {"on-date": {"date": _day(date)}}})
    return tasks


def _risk(key: tuple[str, ...], finding: Finding, workspace: Workspace) -> JSON:
    risk: JSON = {
        "uuid": stable_uuid(*key, "risk"),
        "title": finding.title,
        "description": finding.description or finding.title,
        "statement": finding.recommendation or finding.description or finding.title,
        "props": [prop("criticality", finding.criticality)],
        "status": RISK_STATUS[finding.status],
        "origins": _irs_origin(),
        "characterizations": [{"origin": _irs_origin()[0],
                               "facets": [{"name": "criticality", "system": "urn:ssrgen:oscal",
                                           "value": finding.criticality}]}],
    }
    if finding.planned_date:
        risk["deadline"] = _day(finding.planned_date)
    remediations = []
    if finding.recommendation:
        remediations.append({"uuid": stable_uuid(*key, "recommendation"), "lifecycle": "recommendation",
                             "title": "IRS recommendation", "description": finding.recommendation,
                             "origins": _irs_origin()})
    action = finding.corrective_action or finding.mitigation_plan
    if action or finding.planned_date:
        response: JSON = {"uuid": stable_uuid(*key, "corrective-action"),
                          "lifecycle": "completed" if finding.completed_date else "planned",
                          "title": "Corrective action", "description": action or "Not described yet."}
        if finding.responsible_office:
            response["props"] = [prop("responsible-office", finding.responsible_office)]
        tasks = _milestones(key, finding)
        if tasks:
            response["tasks"] = tasks
        if finding.mitigation_plan and finding.corrective_action:
            response["remarks"] = f"Mitigation plan: {finding.mitigation_plan}"
        remediations.append(response)
    if remediations:
        risk["remediations"] = remediations
    return risk


def _findings(key: tuple[str, ...], finding: Finding) -> list[JSON]:
    state = "satisfied" if finding.status == "closed" else "not-satisfied"
    return [{
        "uuid": stable_uuid(*key, "finding", control),
        "title": f"{finding.number} {control}: {finding.title}",
        "description": finding.description or finding.title,
        "origins": _irs_origin(),
        "target": {"type": "statement-id", "target-id": statement_id(control), "status": {"state": state}},
    } for control in finding.controls]


def _item(key: tuple[str, ...], finding: Finding, risk: JSON, findings: list[JSON]) -> JSON:
    props = [prop("source", "irs-safeguard-review"), prop("finding-number", finding.number),
             *(prop("issue-code", code) for code in finding.issue_codes),
             prop("criticality", finding.criticality), prop("finding-status", finding.status),
             prop("review", finding.review), prop("responsible-office", finding.responsible_office),
             *(prop("closure-evidence", item) for item in finding.closure_evidence),
             prop("control", ", ".join(finding.controls))]
    if finding.no_longer_applicable:
        props.append(prop("no-longer-applicable", "true"))
    item: JSON = {"uuid": stable_uuid(*key, "item"), "title": f"{finding.number}: {finding.title}",
                  "description": finding.description or finding.title, "props": props_of(props),
                  "origins": _irs_origin()}
    if findings:
        item["related-findings"] = [{"finding-uuid": f["uuid"]} for f in findings]
    item["related-risks"] = [{"risk-uuid": risk["uuid"]}]
    return item


# the agency's own POA&M (Pub 1075 §2.D.9): its status as an OSCAL risk status
INTERNAL_STATUS = {"open": "open", "in-progress": "remediating", "closed": "closed"}


def _agency_origin(workspace: Workspace) -> list[JSON]:
    return [{"actors": [{"type": "party", "actor-uuid": agency_uuid(workspace.config), "role-id": "assessor"}]}]


def _internal(key: tuple[str, ...], finding: PoamFinding, workspace: Workspace) -> tuple[JSON, list[JSON], JSON]:
    """(risk, findings, item) of a finding of the agency's POA&M."""
    origin = _agency_origin(workspace)
    title = f"{finding.id}: {' '.join(finding.description.split())}"
    risk: JSON = {"uuid": stable_uuid(*key, "risk"), "title": title, "description": finding.description,
                  "statement": finding.description, "status": INTERNAL_STATUS[finding.status], "origins": origin}
    if finding.planned_date:
        risk["deadline"] = _day(finding.planned_date)
    if finding.remediation_plan or finding.planned_date or finding.completed_date:
        response: JSON = {"uuid": stable_uuid(*key, "remediation"),
                          "lifecycle": "completed" if finding.completed_date else "planned",
                          "title": "Remediation plan", "description": finding.remediation_plan or "Not described yet."}
        if finding.responsible_office:
            response["props"] = [prop("responsible-office", finding.responsible_office)]
        tasks = [{"uuid": stable_uuid(*key, "milestone", name), "type": "milestone", "title": label,
                  "timing": {"on-date": {"date": _day(date)}}}
                 for name, label, date in (("planned", "Planned completion", finding.planned_date),
                                           ("completed", "Completed", finding.completed_date)) if date]
        if tasks:
            response["tasks"] = tasks
        risk["remediations"] = [response]
    targets = []
    entry = _checked(workspace, finding.item)
    if entry is not None:
        state = "satisfied" if finding.status == "closed" else "not-satisfied"
        targets.append({"uuid": stable_uuid(*key, "finding"), "title": title, "description": finding.description,
                        "origins": origin, "target": {"type": "statement-id", "target-id": statement_id(entry),
                                                      "status": {"state": state}}})
    props = [prop("source", "internal-inspection"), prop("finding-number", finding.id),
             prop("inspection", finding.inspection or ""), prop("checklist-item", finding.item or ""),
             prop("facility", finding.facility or ""), prop("finding-status", finding.status),
             prop("responsible-office", finding.responsible_office or ""),
             prop("closure-evidence", finding.closure_evidence or "")]
    item: JSON = {"uuid": stable_uuid(*key, "item"), "title": title, "description": finding.description,
                  "props": props_of(props), "origins": origin}
    if targets:
        item["related-findings"] = [{"finding-uuid": t["uuid"]} for t in targets]
    item["related-risks"] = [{"risk-uuid": risk["uuid"]}]
    return risk, targets, item


def _checked(workspace: Workspace, item: str | None) -> str | None:
    """The catalog entry a checklist item checks (``2.B.3.1-g`` -> P1075-2.B.3.1, ``AC-2`` -> AC-2), when in scope."""
    if not item:
        return None
    candidate = f"P1075-{item.rpartition('-')[0]}" if item[:1].isdigit() else item
    found = workspace.catalogs.find(candidate)
    return found.id if found is not None and workspace.scope.includes(found) else None


def poam_document(workspace: Workspace, last_modified: dt.datetime, with_ssp: bool) -> JSON | None:
    """The POA&M of ``workspace``: IRS's findings and the agency's own; None when it holds no
    finding (OSCAL asks for at least one item)."""
    config = workspace.config
    if not workspace.findings.findings and not workspace.registers.poam:
        return None
    agency = agency_key(config)
    risks: list[JSON] = []
    findings: list[JSON] = []
    items: list[JSON] = []
    for finding in workspace.findings.findings:
        key = ("poam", agency, "irs", finding.review, finding.number)
        risk = _risk(key, finding, workspace)
        targets = _findings(key, finding)
        risks.append(risk)
        findings += targets
        items.append(_item(key, finding, risk, targets))
    for internal in workspace.registers.poam:
        risk, targets, item = _internal(("poam", agency, "internal", internal.id), internal, workspace)
        risks.append(risk)
        findings += targets
        items.append(item)
    roles, parties, responsible = agency_parties(config, irs=True)
    document: JSON = {
        "uuid": stable_uuid("poam", agency),
        "metadata": metadata(
            f"{config.agency.name}: Plan of Action and Milestones (IRS Safeguard review findings"
            + (" and internal inspection findings)" if workspace.registers.poam else ")"),
            f"ssrgen workspace, catalogs {workspace.catalogs.version}", last_modified,
            roles=roles, parties=parties, responsible=responsible, props=[tool_prop()]),
    }
    if with_ssp:
        document["import-ssp"] = {"href": SSP_FILE}
    document["system-id"] = {"identifier-type": RFC4122, "id": system_uuid(workspace)}
    if findings:
        document["findings"] = findings
    document["risks"] = risks
    document["poam-items"] = items
    return {"plan-of-action-and-milestones": document}
