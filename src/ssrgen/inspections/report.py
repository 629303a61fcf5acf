"""``ssrgen inspection report ID``: the report of an internal inspection (.docx).

Pub 1075 §2.D.3 asks agencies to submit copies of their inspection reports with
the SSR, and to keep them, "including a record of corrective actions", for five
years. The report is filled from a Word template the agency can edit (the
workspace's ``templates/inspection-report.docx``, else the bundled one written
by ``tools/make_inspection_template.py``; docs/inspections.md lists the
variables): scope, facility, inspector, method, the results by area, the
findings and their corrective actions from the POA&M, the signature block and
the notice that Safeguards documents are IRS records.

Each report goes through the output door with the kind ``inspection-report``
and the label of the SSR period its inspection falls in, so ``ssrgen package``
takes the reports of the period; ``ssrgen build`` writes those of the current
reporting period.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ssrgen.deadlines import SsrSchedule, ssr_schedule, ssr_schedule_covering
from ssrgen.docx_template import DocumentProperties, render_bytes
from ssrgen.errors import InputError
from ssrgen.fti_scan import check_no_fti
from ssrgen.inspections.results import PUB, inspection_context
from ssrgen.inspections.summary import report_filename
from ssrgen.model.inspections import Inspection
from ssrgen.output import write_file
from ssrgen.workspace import Workspace
from ssrgen.yamlio import display_path

TEMPLATE = "inspection-report.docx"


def find_inspection(workspace: Workspace, ident: str) -> Inspection:
    """The inspection recorded with the id ``ident`` (case ignored)."""
    found = next((i for i in workspace.inspections if i.id.casefold() == ident.strip().casefold()), None)
    if found is None:
        known = ", ".join(f"{i.id} ({i.facility}, {i.date.isoformat()})" for i in workspace.inspections[-8:])
        raise InputError(f"no inspection has the id '{ident}'",
                         fix=f"Use the id of an inspection in inspections/: {known}." if known else
                         "Record an inspection first: 'ssrgen inspection checklist FACILITY', fill it in, "
                         "then 'ssrgen inspection import FILE'.")
    return found


def render_report(workspace: Workspace, inspection: Inspection, template: Path | None = None,
                  today: dt.date | None = None) -> tuple[bytes, SsrSchedule]:
    """The filled report as bytes, and the SSR period it belongs to; nothing is written."""
    today = today or dt.date.today()
    context, texts = inspection_context(workspace, inspection, today)
    check_no_fti(texts.fields, workspace.config.fti_allowlist)
    source = template or workspace.template(TEMPLATE)
    properties = DocumentProperties(
        title=context["report"]["title"],
        subject=f"Internal inspection of {inspection.facility} on {inspection.date.isoformat()} ({PUB} §2.D.3)",
        author=workspace.config.agency.name,
        keywords="internal inspection; IRS Publication 1075; official use only",
    )
    data = render_bytes(source, context, shown=display_path(source, workspace.root), properties=properties)
    return data, ssr_schedule_covering(workspace.config.agency, inspection.date)


def write_report(workspace: Workspace, ident: str, output: Path | None = None, template: Path | None = None,
                 today: dt.date | None = None) -> Path:
    """Write the report of inspection ``ident`` through the output door; returns its path."""
    inspection = find_inspection(workspace, ident)
    data, schedule = render_report(workspace, inspection, template, today)
    path = output or workspace.out / report_filename(inspection)
    if path.is_dir() or not path.suffix:  # a folder, there or to be made
        path = path / report_filename(inspection)
    return write_file(workspace, path, data, kind="inspection-report", period=schedule.label,
                      inspection=inspection.id)


def in_period(workspace: Workspace, today: dt.date) -> list[Inspection]:
    """The inspections completed in the reporting period of the SSR being prepared."""
    schedule = ssr_schedule(workspace.config.agency, today)
    return [i for i in workspace.inspections if schedule.period_start <= i.date <= schedule.period_end]


def build_step(workspace: Workspace, out_dir: Path) -> list[Path]:
    """``ssrgen build``: the report of every inspection of the reporting period."""
    today = dt.date.today()
    return [write_report(workspace, i.id, out_dir / report_filename(i), today=today)
            for i in in_period(workspace, today)]
