"""What the SSR takes from the registers beyond the narrative facts of
:mod:`ssrgen.ssr.sections`: the training completion figures and the people the
training rules flag, the three-year internal inspection plan, the contractors'
next assessments and the data incidents of the reporting period.

The people flagged are those :func:`ssrgen.registers.rules.check_training`
flags, so the report says what ``ssrgen validate`` says. The inspection plan
repeats each facility's Pub 1075 §2.D.3 cycle (from ``controls/schedules.yaml``)
from its next planned date, or the date it falls due, over three years.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ssrgen.deadlines import SsrSchedule
from ssrgen.freshness import add_cadence
from ssrgen.model.registers import TrainingRecord
from ssrgen.registers.clocks import (
    assessment_due,
    inspection_due,
    inspection_interval,
    training_due,
)
from ssrgen.registers.flags import register_flags
from ssrgen.ssr.context import Texts, us_date, yes_no
from ssrgen.workspace import Workspace

PLAN_YEARS = 3


def training(ws: Workspace, texts: Texts, today: dt.date) -> dict[str, Any]:
    """``disclosure_awareness.completion`` and ``.overdue`` (people the training rules flag)."""
    records = ws.registers.training
    people = [t for t in records if t.fti_access]
    current = [t for t in people if (due := training_due(t)) is not None and due >= today]
    flagged = register_flags(ws, today)["training"].by_record
    overdue = []
    for index in sorted(flagged):
        record = records[index]
        person = texts.take(f"training {index + 1} person (registers/training.yaml)", record.person)
        overdue.append({"person": person, "reason": _training_reason(record, today)})
    if people:
        share = round(100 * len(current) / len(people))
        completion = (f"{len(current)} of {len(people)} people with access to FTI ({share}%) are current on "
                      f"disclosure awareness training and the signed confidentiality certification on "
                      f"{us_date(today)} ({'MOU §9.A.5, ' if ws.scope.mou else ''}Pub 1075 §2.D.2.1).")
    else:
        completion = "The training register (registers/training.yaml) lists no one with access to FTI."
    return {"completion": completion, "current": len(current), "people": len(people), "overdue": overdue}


def _training_reason(record: TrainingRecord, today: dt.date) -> str:
    due = training_due(record)
    reasons = []
    if due is None:
        reasons.append("no disclosure awareness training or signed certification on record")
    elif due < today:
        reasons.append(f"annual training and certification lapsed on {us_date(due)}")
    granted, initial = record.access_granted, record.initial_training
    if granted and initial and initial > granted:
        reasons.append(f"access given on {us_date(granted)}, before the initial training on {us_date(initial)}")
    return "; ".join(reasons)


def inspection_plan(ws: Workspace, texts: Texts, today: dt.date) -> list[dict[str, Any]]:
    """``inspection_plan``: each facility's inspections over the next three years."""
    horizon = add_cadence_years(today, PLAN_YEARS)
    rows = []
    for index, record in enumerate(ws.registers.inspections):
        interval = inspection_interval(record.kind)
        due = inspection_due(record)
        first = record.next_planned or due or today
        status = ""
        if due is None:
            status = "never inspected: inspect as soon as possible"
        elif due < today:
            status = f"overdue since {us_date(due)}"
        elif record.next_planned and record.next_planned > due:
            status = f"planned after the cycle allows ({us_date(due)})"
        if first < today:
            first = today
        planned = []
        day = first
        while day < horizon:
            planned.append(day)
            day = add_cadence(day, interval.cadence)
        rows.append({
            "facility": texts.take(f"inspection {index + 1} facility (registers/inspections.yaml)", record.facility),
            "kind": record.kind.replace("-", " "),
            "cycle": f"every {interval.words}",
            "last": us_date(record.last_inspection) or "never",
            "due": us_date(due),
            "planned": ", ".join(us_date(d) for d in planned),
            "status": status,
        })
    return rows


def add_cadence_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29
        return day.replace(year=day.year + years, day=28)


def next_assessments(ws: Workspace, today: dt.date) -> list[str]:
    """Per contractor (register order): the last day of the next on-site assessment."""
    rows = []
    for record in ws.registers.contractors:
        due = assessment_due(record)
        if not record.fti_access:
            rows.append("not required (no FTI access)")
        elif due is None:
            rows.append("now (never assessed)")
        else:
            rows.append(us_date(due) + (" (overdue)" if due < today else ""))
    return rows


def incidents(ws: Workspace, texts: Texts, schedule: SsrSchedule) -> dict[str, Any]:
    """``incidents``: the data incidents discovered in the reporting period."""
    rows = []
    for index, record in enumerate(ws.registers.incidents):
        day = record.discovered_at.date()
        if not schedule.period_start <= day <= schedule.period_end:
            continue
        where = f"incident {record.id} (registers/incidents.yaml, item {index + 1})"
        rows.append({
            "id": texts.take(f"{where} id", record.id),
            "summary": texts.take(f"{where} summary", record.summary),
            "discovered": _moment(record.discovered_at),
            "reported_tigta": _moment(record.reported_tigta_at) or "not reported",
            "reported_safeguards": _moment(record.reported_safeguards_at) or "not reported",
            "fti_involved": yes_no(record.fti_involved),
            "records_affected": "" if record.records_affected is None else str(record.records_affected),
            "adverse_action": yes_no(record.adverse_action),
            "letters_sent": us_date(record.taxpayer_letters_sent),
        })
    empty = "No data incident was discovered in the reporting period (registers/incidents.yaml)."
    return {"rows": rows, "empty": empty}


def _moment(moment: dt.datetime | None) -> str:
    return moment.strftime("%m/%d/%Y %H:%M") if moment else ""
