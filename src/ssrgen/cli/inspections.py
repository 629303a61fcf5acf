"""Commands of internal inspections: inspection checklist, import, report, list, poam."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ssrgen.cli.app import cli
from ssrgen.cli.common import notice, show_import, workspace_option, wrote
from ssrgen.inspections.importer import import_inspection
from ssrgen.inspections.recording import InspectionPlan, describe
from ssrgen.inspections.report import find_inspection, write_report
from ssrgen.inspections.sheets import KIND_LABELS
from ssrgen.inspections.summary import finding_line, poam_summary, tally
from ssrgen.inspections.workbook import write_checklist
from ssrgen.workspace import Workspace


@cli.group(short_help="Internal inspections: checklist, import, report, POA&M.")
def inspection() -> None:
    """Internal inspections (Pub 1075 §2.D.3-§2.D.9): print or export the checklist of a
    facility, import it filled in, write the inspection report, follow the POA&M.

    \b
    Examples:
      ssrgen inspection checklist "Denver" --docx out/denver.docx
      ssrgen inspection import denver-filled.xlsx --dry-run
      ssrgen inspection report IIR-2026-01
      ssrgen inspection poam --open
    """


@inspection.command("checklist", short_help="The checklist of a facility: a workbook, and for a clipboard.")
@workspace_option(read_only=True)
@click.argument("facility")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The workbook to write, or a folder for it (default: "
              "out/inspection-checklist-<facility>-<date>.xlsx).")
@click.option("--docx", "docx_path", type=click.Path(path_type=Path), default=None,
              help="Also print the checklist as a Word document for a clipboard (a .docx, or a folder for it).")
def inspection_checklist(workspace: Workspace, facility: str, output: Path | None, docx_path: Path | None) -> None:
    """Write the internal inspection checklist of FACILITY (its name in the inspections
    register, or a part of it that only one name holds): the items of Pub 1075 an
    inspection reviews there, each with its citation, what to look at, and a Result
    to fill in.

    \b
    Examples:
      ssrgen inspection checklist "Denver Field Office"
      ssrgen inspection checklist headquarters -o hq.xlsx --docx hq.docx
    """
    checklist, written = write_checklist(workspace, facility, output, docx_path, dt.date.today())
    record = checklist.facility
    areas = ", ".join(f"{title.lower()} {len(rows)}" for _, title, rows in checklist.areas())
    for path in written:
        wrote(path)
    click.echo(f"{record.facility} ({KIND_LABELS[record.kind]}): {len(checklist.rows)} items ({areas}).")
    for note in checklist.notes:
        click.echo(f"Note: {note}", err=True)


@inspection.command("import", short_help="Record an inspection from its filled-in checklist.")
@workspace_option(read_only=False)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--by", help="Who brought the checklist in (kept in the journal).")
def inspection_import(workspace: Workspace, file: Path, dry_run: bool, by: str | None) -> None:
    """Record the inspection a filled-in checklist holds: the inspection itself
    (inspections/<id>.yaml), the facility's last inspection in the register, and a
    finding of the agency's POA&M (registers/poam.yaml) for every item not met or
    partially met. Nothing is written if any cell is wrong.

    \b
    Examples:
      ssrgen inspection import denver-2026.xlsx --dry-run
      ssrgen inspection import denver-2026.xlsx --by "Pat Kim"
    """
    result = import_inspection(workspace, file, dry_run=dry_run, by=by, notify=notice)
    plan = result.plan
    assert isinstance(plan, InspectionPlan) and plan.inspection is not None
    click.echo(f"Inspection {plan.inspection.id}: {describe(plan.inspection)}.")
    show_import(result, "record(s)")


@inspection.command("report", short_help="Write the report of an inspection (.docx).")
@workspace_option(read_only=True)
@click.argument("ident", metavar="ID")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The report to write, or a folder for it (default: out/Inspection-report-<ID>.docx).")
@click.option("--template", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="A report template of your own (default: templates/inspection-report.docx).")
def inspection_report(workspace: Workspace, ident: str, output: Path | None, template: Path | None) -> None:
    """Write the report of inspection ID, the kind Pub 1075 §2.D.3 asks to send with
    the SSR: scope, facility, inspector, method, results by area, findings and their
    corrective actions from the POA&M, signature block, the IRS-records notice.

    \b
    Examples:
      ssrgen inspection report IIR-2026-01
      ssrgen inspection report IIR-2026-01 -o reports/
    """
    path = write_report(workspace, ident, output, template)
    wrote(path, f"inspection report {find_inspection(workspace, ident).id}")


@inspection.command("list", short_help="The inspections recorded, newest first.")
@workspace_option(read_only=True)
def inspection_list(workspace: Workspace) -> None:
    """The inspections recorded in inspections/: id, date, facility, method, results.

    \b
    Example:
      ssrgen inspection list
    """
    for item in reversed(workspace.inspections):
        click.echo(f"{item.id:<14} {item.date.isoformat()}  {item.method:<14} {item.facility}: {tally(item)}")
    click.echo(f"{len(workspace.inspections)} inspection(s)", err=True)


@inspection.command("poam", short_help="The agency's POA&M: findings, plans, planned dates.")
@workspace_option(read_only=True)
@click.option("--open", "only_open", is_flag=True, help="Only the findings not closed.")
def inspection_poam(workspace: Workspace, only_open: bool) -> None:
    """The agency's plan of action and milestones (Pub 1075 §2.D.9): each finding of an
    internal inspection with its status and planned date, overdue ones first.

    \b
    Examples:
      ssrgen inspection poam --open
    """
    today = dt.date.today()
    summary = poam_summary(workspace, today)
    shown = summary.open if only_open else [*summary.open, *(f for f in summary.findings if f.status == "closed")]
    for finding in shown:
        click.echo(finding_line(finding, today))
        if finding.remediation_plan and finding.status != "closed":
            click.echo(f"    plan: {' '.join(finding.remediation_plan.split())}")
    click.echo(f"POA&M: {summary.line()}.", err=True)
