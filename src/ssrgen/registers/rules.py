"""The compliance rules of the registers, reported by ``validate`` and ``status``.

Each rule is a function ``(workspace, today=None) -> list[Problem]`` with
severity "warning" (the register is valid; the agency has work to do) and the
``file:line`` of the record. The one error is FTI written into an incident
summary: output must never contain FTI, so it is bad input.
"""

from __future__ import annotations

import datetime as dt

from ssrgen.errors import Problem
from ssrgen.model.registers import PoamFinding
from ssrgen.registers.clocks import (
    AI_SOURCE,
    INCIDENT_HOURS,
    NOTIFICATION_SOURCE,
    RecordLocator,
    assessment_due,
    contractor_interval,
    incident_source,
    inspection_due,
    inspection_interval,
    inspection_source,
    latest,
    letters_source,
    notification_rule,
    training_due,
    training_source,
)
from ssrgen.workspace import Workspace

WARNING = "warning"


def _warn(where: str, what: str, fix: str) -> Problem:
    return Problem(where, what, fix, WARNING)


def check_training(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Training and certification before access, and annually (MOU 9.A.5, §2.D.2.1)."""
    today = today or dt.date.today()
    locate = RecordLocator(workspace)
    source = training_source(workspace.scope)
    problems: list[Problem] = []
    for index, record in enumerate(workspace.registers.training):
        if not record.fti_access:
            continue
        who = f"'{record.person}'"
        trained = latest(record.initial_training, record.last_annual_training)
        if trained is None or record.certification_signed is None:
            missing = " and ".join(
                name for name, value in (
                    ("disclosure awareness training", trained),
                    ("signed confidentiality certification", record.certification_signed),
                ) if value is None
            )
            problems.append(_warn(
                locate.where("training", index), f"{who} has FTI access but no {missing} on "
                f"record ({source}: required before access and annually)",
                "Record the training date and the date the certification was signed, or "
                "set 'fti_access: false' if the access was removed.",
            ))
            continue
        granted, initial = record.access_granted, record.initial_training
        if granted is not None and initial is not None and initial > granted:
            problems.append(_warn(
                locate.where("training", index, "access_granted"),
                f"{who} was given FTI access on {granted} before the initial disclosure awareness "
                f"training ({initial}) ({source}: training and certification "
                "come before access)",
                "Keep this record as it is (it is the history) and make sure the agency's "
                "access procedure checks training first; explain it in the SSR.",
            ))
        due = training_due(record)
        if due is not None and due < today:
            field = ("certification_signed" if record.certification_signed < trained
                     else "last_annual_training")
            problems.append(_warn(
                locate.where("training", index, field),
                f"the annual disclosure awareness training or confidentiality certification of "
                f"{who} lapsed on {due} (training {trained}, certification "
                f"{record.certification_signed}; {source}: annually)",
                "Have the person retake the training and sign the certification, then record "
                "both dates; or remove their access and set 'fti_access: false'.",
            ))
    return problems


def check_inspections(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Internal inspection cycle of each facility (MOU 9.A.10, §2.D.3)."""
    today = today or dt.date.today()
    locate = RecordLocator(workspace)
    problems: list[Problem] = []
    for index, record in enumerate(workspace.registers.inspections):
        interval = inspection_interval(record.kind)
        label = f"{record.kind.replace('-', ' ')} '{record.facility}'"
        if record.last_inspection is None:
            problems.append(_warn(
                locate.where("inspections", index),
                f"{label} has never had an internal inspection ({inspection_source(workspace.scope, interval.source)}: "
                f"at least every {interval.words})",
                "Schedule the inspection in the internal inspection plan and record its date "
                "in 'last_inspection' once done.",
            ))
            continue
        due = inspection_due(record)
        if due is not None and due < today:
            problems.append(_warn(
                locate.where("inspections", index, "last_inspection"),
                f"the internal inspection of {label} is overdue since {due} (last "
                f"{record.last_inspection}; {inspection_source(workspace.scope, interval.source)}: at least every "
                f"{interval.words})",
                "Inspect the facility, then record the date and the report reference.",
            ))
        # an overdue facility is flagged above already, whatever its plan says
        elif due is not None and record.next_planned is not None and record.next_planned > due:
            problems.append(_warn(
                locate.where("inspections", index, "next_planned"),
                f"the inspection of {label} is planned for {record.next_planned}, after it falls due on {due} "
                f"(last {record.last_inspection}; {inspection_source(workspace.scope, interval.source)}: at least "
                f"every {interval.words})",
                f"Plan the inspection on or before {due} ('next_planned').",
            ))
    return problems


def check_contractors(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Contract language, notification, on-site assessment and certification of each
    contractor with FTI access (MOU 9.A.11, §1.9.4, §2.D.3)."""
    today = today or dt.date.today()
    locate = RecordLocator(workspace)
    interval = contractor_interval(workspace.scope)
    mou = "MOU 9.A.11; " if workspace.scope.mou else ""
    problems: list[Problem] = []
    for index, record in enumerate(workspace.registers.contractors):
        if not record.fti_access:
            continue
        who = f"contractor '{record.name}'"
        if not record.exhibit7_language:
            problems.append(_warn(
                locate.where("contractors", index, "exhibit7_language"),
                f"the contract of {who} lacks the Exhibit 7 safeguarding language ({mou}"
                "Pub 1075 Rev. 11-2021 §1.9.1, §1.9.2)",
                "Amend the contract with the language of Pub 1075 Exhibit 7, including the "
                "agency's right to inspect the contractor's facilities, then set "
                "'exhibit7_language: true'.",
            ))
        if record.notification_date is None:
            problems.append(_warn(
                locate.where("contractors", index),
                f"no 45-day notification is recorded for {who} (Pub 1075 Rev. 11-2021 §1.9.4, "
                "§2.E.6 Table 6: notify before disclosing FTI to a contractor)",
                "Record the date the notification was sent in 'notification_date'.",
            ))
        due = assessment_due(record)
        if due is None:
            problems.append(_warn(
                locate.where("contractors", index),
                f"{who} has never been assessed on site ({interval.source}: at least every "
                f"{interval.words})",
                "Assess the contractor's facilities on site and record 'last_onsite_assessment'.",
            ))
        elif due < today:
            problems.append(_warn(
                locate.where("contractors", index, "last_onsite_assessment"),
                f"the on-site assessment of {who} is overdue since {due} (last "
                f"{record.last_onsite_assessment}; {interval.source}: at least every "
                f"{interval.words})",
                "Assess the contractor on site, record the date, and report the findings "
                "with the SSR.",
            ))
        if not record.certified_compliant:
            problems.append(_warn(
                locate.where("contractors", index, "certified_compliant"),
                f"{who} is not certified compliant with the safeguarding requirements "
                f"({mou}Pub 1075 Rev. 11-2021 §1.9.4: an annual certification in the SSR)",
                "Certify the contractor in the SSR once its assessment shows compliance, then "
                "set 'certified_compliant: true'.",
            ))
    return problems


def check_incidents(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Reporting within 24 hours of discovery; taxpayer letters after adverse action
    (MOU 8.A, 9.A.7, 9.A.8, 9.D; §1.8)."""
    now = dt.datetime.combine(today or dt.date.today(), dt.time.max)
    locate = RecordLocator(workspace)
    limit = dt.timedelta(hours=INCIDENT_HOURS)
    reporting, letters = incident_source(workspace.scope), letters_source(workspace.scope)
    problems: list[Problem] = []
    for index, record in enumerate(workspace.registers.incidents):
        if record.fti_involved:
            for field, to in (("reported_tigta_at", "TIGTA"),
                              ("reported_safeguards_at", "the Office of Safeguards")):
                reported = getattr(record, field)
                late = _late(record.discovered_at, reported, now, limit)
                if late is None:
                    continue
                problems.append(_warn(
                    locate.where("incidents", index, field if reported else None),
                    f"incident {record.id} {late.format(to=to)} ({reporting}: within "
                    f"{INCIDENT_HOURS} hours of discovery)",
                    "Report it now if it was not reported, record when it was, and explain the "
                    "delay in the incident file; review the incident response procedure (IR-6).",
                ))
        if record.adverse_action:
            if record.taxpayer_letters_sent is None:
                problems.append(_warn(
                    locate.where("incidents", index, "adverse_action"),
                    f"incident {record.id} led to adverse action but no taxpayer notification "
                    f"letters are recorded ({letters}: each impacted taxpayer is notified "
                    "in writing of the date of the unauthorized inspection or disclosure and of "
                    "their rights under IRC §7431)",
                    "Send the letters, record the date in 'taxpayer_letters_sent', and tell the "
                    "Office of Safeguards.",
                ))
            elif record.letters_reported_to_safeguards is None:
                problems.append(_warn(
                    locate.where("incidents", index, "taxpayer_letters_sent"),
                    f"the taxpayer letters of incident {record.id} were sent on "
                    f"{record.taxpayer_letters_sent} but the Office of Safeguards was not told "
                    f"({letters})",
                    "Confirm the letters to the Office of Safeguards and record the date in "
                    "'letters_reported_to_safeguards'.",
                ))
    return problems


def _late(discovered: dt.datetime, reported: dt.datetime | None, now: dt.datetime,
          limit: dt.timedelta) -> str | None:
    """How late a report was (None when on time or still within the limit)."""
    if reported is None:
        if _naive(now) - _naive(discovered) <= limit:
            return None
        return "has not been reported to {to}"
    delay = _naive(reported) - _naive(discovered)
    if delay <= limit:
        return None
    hours = delay.total_seconds() / 3600
    return f"was reported to {{to}} {hours:.0f} hours after discovery"


def _naive(moment: dt.datetime) -> dt.datetime:
    """Times in the register are the agency's local time; drop any offset the same way."""
    return moment.replace(tzinfo=None) if moment.tzinfo is None else (
        moment.astimezone(dt.UTC).replace(tzinfo=None))


def check_notifications(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """45 days ahead, approval first where Table 6 requires it (§2.E.6)."""
    today = today or dt.date.today()
    locate = RecordLocator(workspace)
    problems: list[Problem] = []
    for index, record in enumerate(workspace.registers.notifications):
        lead, approval = notification_rule(record.kind)
        what = f"the {record.kind.replace('-', ' ')} notification '{record.subject}'"
        planned = record.planned_implementation
        if planned is not None:
            if record.submitted is not None and (planned - record.submitted).days < lead:
                problems.append(_warn(
                    locate.where("notifications", index, "submitted"),
                    f"{what} was submitted {(planned - record.submitted).days} days before the "
                    f"planned implementation on {planned} ({NOTIFICATION_SOURCE}: at least "
                    f"{lead} days ahead)",
                    "Move the implementation to at least 45 days after submission, or record "
                    "the Office of Safeguards' agreement to the shorter notice.",
                ))
            elif record.submitted is None and planned - dt.timedelta(days=lead) < today:
                problems.append(_warn(
                    locate.where("notifications", index),
                    f"{what} has not been submitted and the planned implementation on {planned} "
                    f"is less than {lead} days away ({NOTIFICATION_SOURCE})",
                    "Submit it to SafeguardReports@irs.gov and move the implementation date to "
                    f"at least {lead} days later; record 'submitted'.",
                ))
        if approval and record.approval_received is None and planned is not None and planned <= today:
            problems.append(_warn(
                locate.where("notifications", index, "planned_implementation"),
                f"{what} needs the approval of the Office of Safeguards before implementation "
                f"(planned {planned}) and none is recorded ({NOTIFICATION_SOURCE})",
                "Do not use FTI this way until approval is received; record 'approval_received'.",
            ))
    return problems


def check_ai_use(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Use of FTI for AI disclosed to the Office of Safeguards (MOU 9.A.12): only for an agency
    the MOU binds (Pub 1075 Rev. 11-2021 sets no such requirement)."""
    if not workspace.scope.mou:
        return []
    locate = RecordLocator(workspace)
    return [
        _warn(
            locate.where("ai_use", index),
            f"the use of FTI by '{record.system}' for AI ({record.purpose}) has not been "
            f"disclosed to the Office of Safeguards ({AI_SOURCE})",
            "Disclose it to the Office of Safeguards for assessment and record the date in "
            "'disclosed_to_safeguards'.",
        )
        for index, record in enumerate(workspace.registers.ai_use)
        if record.uses_fti and record.disclosed_to_safeguards is None
    ]


POAM_SOURCE = "Pub 1075 Rev. 11-2021 §2.D.9"


def poam_overdue(finding: PoamFinding, today: dt.date) -> bool:
    """A finding not closed whose planned date has passed."""
    return finding.status != "closed" and finding.planned_date is not None and finding.planned_date < today


def check_poam(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """The agency's plan of action and milestones (Pub 1075 §2.D.9): each finding of an internal
    inspection has a remediation plan and a planned date, and is closed by then."""
    today = today or dt.date.today()
    locate = RecordLocator(workspace)
    inspections = {i.id for i in workspace.inspections}
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, finding in enumerate(workspace.registers.poam):
        label = f"POA&M finding {finding.id}" + (f" ({finding.facility})" if finding.facility else "")
        if finding.id in seen:
            problems.append(_warn(locate.where("poam", index, "id"), f"{label} appears twice in the POA&M",
                                  "Give each finding its own id."))
        seen.add(finding.id)
        if finding.inspection and finding.inspection not in inspections:
            problems.append(_warn(locate.where("poam", index, "inspection"),
                                  f"{label} names inspection {finding.inspection}, which is not in inspections/",
                                  "Correct the inspection id, or record the inspection (ssrgen inspection import)."))
        if finding.status == "closed":
            if finding.completed_date is None:
                problems.append(_warn(locate.where("poam", index, "status"),
                                      f"{label} is closed without the date the corrective action was completed",
                                      "Record 'completed_date' (and what shows it in 'closure_evidence')."))
            continue
        missing = [words for name, words in (("remediation_plan", "remediation plan"),
                                              ("planned_date", "planned date"))
                   if getattr(finding, name) in (None, "")]
        if missing:
            problems.append(_warn(
                locate.where("poam", index), f"{label} has no {' and no '.join(missing)} ({POAM_SOURCE}: the "
                "process must include the findings identified during the internal inspections and the "
                "remediation plans and dates to resolve these findings)",
                "Write the remediation plan, the responsible office and the planned date in registers/poam.yaml "
                "(or on the POA&M sheet of the evidence workbook)."))
        if poam_overdue(finding, today):
            problems.append(_warn(
                locate.where("poam", index, "planned_date"),
                f"{label} is past its planned date ({finding.planned_date}) and not closed ({POAM_SOURCE})",
                "Complete the corrective action and close the finding (status: closed, completed_date, "
                "closure_evidence), or set a new planned date and say why in the remediation plan."))
    return problems
