"""Commands of the Corrective Action Plan: cap import, cap export, cap status, cap list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ssrgen.cap.document import cap_filename, write_cap_document
from ssrgen.cap.history import record_submission
from ssrgen.cap.importer import CapPlan, describe_plan, import_cap
from ssrgen.cap.rules import is_overdue
from ssrgen.cap.summary import cap_summary, sorted_findings, summary_lines
from ssrgen.cap.workbook import write_cap_workbook
from ssrgen.cli.app import cli, report_problems
from ssrgen.cli.common import DATE, notice, workspace_option, wrote
from ssrgen.output import delivering
from ssrgen.workspace import Workspace


@cli.group(short_help="The Corrective Action Plan: import, track, export.")
def cap() -> None:
    """The Corrective Action Plan: import IRS's CAP workbook, track corrective actions,
    write the CAP back in IRS's format (Pub 1075 §2.E.5).

    \b
    Examples:
      ssrgen cap import CAP-from-IRS.xlsx --dry-run
      ssrgen cap status
      ssrgen cap export -o out/CAP.xlsx --docx out/CAP.docx
    """


@cap.command("import")
@workspace_option(read_only=False)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--by", help="Who brought the workbook in (kept in the journal).")
@click.option("--review", "review_id", metavar="ID",
              help="The review new findings come from (default: cap.review in ssrgen.yaml).")
@click.option("--review-type", type=click.Choice(["on-site", "remote", "hybrid", "out-of-cycle-cap"]),
              help="Create the review with this type when it is not in cap/findings.yaml yet.")
@click.option("--closing-conference", type=DATE,
              help=f"{DATE.words}: the review's closing conference date.")
@click.option("--report-issued", type=DATE,
              help=f"{DATE.words}: when IRS issued the Safeguard Review Report.")
def cap_import(workspace: Workspace, file: Path, dry_run: bool, by: str | None, review_id: str | None,
               review_type: str | None, closing_conference: dt.date | None,
               report_issued: dt.date | None) -> None:
    """Read the CAP workbook IRS sent into cap/findings.yaml.

    Creates new findings and updates what IRS owns (number, issue codes,
    criticality, title, description, recommendation, controls) on findings
    already tracked; the agency's answers are never overwritten. Nothing is
    written if any cell is wrong.

    \b
    Examples:
      ssrgen cap import CAP-2026.xlsx --dry-run
      ssrgen cap import CAP-2026.xlsx --review 2026-onsite --review-type on-site \\
          --closing-conference 2026-08-14 --report-issued 2026-09-25
    """
    result = import_cap(workspace, file, review_id, review_type, closing_conference, report_issued,
                        dry_run=dry_run, by=by, notify=notice)
    plan = result.plan
    assert isinstance(plan, CapPlan)
    report_problems(plan.warnings)
    for line in describe_plan(plan):
        click.echo(line)
    if dry_run:
        click.echo("Dry run: nothing was written.")
    elif not result.written:
        click.echo("No change: cap/findings.yaml already holds what the workbook says; nothing was written.")
    else:
        wrote(workspace.root / "cap" / "findings.yaml",
              f"{len(plan.of_kind('new'))} new, {len(plan.of_kind('updated'))} updated")


@cap.command("export", short_help="Write IRS's CAP workbook filled in, and the CAP document.")
@workspace_option(read_only=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The CAP workbook to write (default: out/CAP-<agency>-<date>.xlsx).")
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The CAP Word document to write (default: next to the workbook).")
def cap_export(workspace: Workspace, output: Path | None, docx_path: Path | None) -> None:
    """Write the CAP: IRS's own workbook filled in, and the CAP Word document.

    With IRS's CAP workbook in the workspace (templates/cap.xlsx, or cap.template
    in ssrgen.yaml) only the agency's columns are written: corrective action,
    responsible office, dates as MM/DD/YYYY, status. Without one, a workbook with
    the same columns, drop-downs, overdue rows in red and a summary sheet.

    \b
    Example:
      ssrgen cap export -o out/CAP.xlsx --docx out/CAP.docx
    """
    today = dt.date.today()
    output = output or workspace.out / cap_filename(workspace, today, "xlsx")
    docx_path = docx_path or output.with_suffix(".docx")
    with delivering(workspace):  # the workbook and the document are written together, or neither
        result = write_cap_workbook(workspace, output, today)
        document = write_cap_document(workspace, docx_path, today)
    shown = f"IRS's workbook {result.from_template.name} filled in" if result.from_template else "default layout"
    wrote(result.path, f"{shown}, {result.written} finding(s)")
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    wrote(document, "CAP document")
    click.echo(f"Next CAP due: {cap_summary(workspace, today).due_text()}")


@cap.command("status", short_help="Next CAP due date, findings by criticality, overdue ones.")
@workspace_option(read_only=True)
def cap_status(workspace: Workspace) -> None:
    """Next CAP due date (Pub 1075 Table 5), findings by criticality and status, overdue ones.

    \b
    Example:
      ssrgen cap status
    """
    for line in summary_lines(cap_summary(workspace)):
        click.echo(line)


@cap.command("list", short_help="List the findings with status and planned date.")
@workspace_option(read_only=True)
@click.option("--open", "only_open", is_flag=True, help="Only findings IRS has not closed.")
def cap_list(workspace: Workspace, only_open: bool) -> None:
    """List the findings: number, criticality, status, planned date, title.

    \b
    Example:
      ssrgen cap list --open
    """
    today = dt.date.today()
    findings = sorted_findings(list(workspace.findings.findings))
    if only_open:
        findings = [f for f in findings if f.status != "closed"]
    for f in findings:
        planned = f.planned_date.strftime("%m/%d/%Y") if f.planned_date else "-"
        flag = "  OVERDUE" if is_overdue(f, today) else ""
        click.echo(f"{f.number:<8} {f.criticality:<12} {f.status:<22} {planned:<10}  {f.title}{flag}")
    click.echo(f"{len(findings)} finding(s)", err=True)


@cap.command("record", short_help="Record what a CAP sent to IRS reported, per finding.")
@workspace_option(read_only=False)
@click.option("--submitted", type=DATE, default=None,
              help=f"{DATE.words}: the date the CAP was sent (default: today).")
def cap_record(workspace: Workspace, submitted: dt.date | None) -> None:
    """Record what this CAP reported: each open finding's status, narrative and planned
    date go into its history, dated with the submission.

    \b
    Example:
      ssrgen cap record --submitted 2027-01-29
    """
    day = submitted or dt.date.today()
    path, recorded = record_submission(workspace, day)
    if not recorded:
        click.echo(f"Nothing to record: every open finding already has a CAP cycle dated {day.isoformat()}.")
        return
    wrote(path, f"CAP of {day.isoformat()} recorded for {len(recorded)} finding(s): {', '.join(recorded)}")
