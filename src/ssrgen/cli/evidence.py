"""Commands for evidence and the evidence workbook: ``ssrgen evidence ...`` and ``ssrgen status``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ssrgen.cli.app import cli, report_problems
from ssrgen.cli.common import DATE, format_option, notice, show_import, workspace_option, wrote
from ssrgen.errors import InputError, ValidationFailed
from ssrgen.evidence import add_evidence, verify_evidence
from ssrgen.freshness import freshness
from ssrgen.model.records import EVIDENCE_KINDS
from ssrgen.status import status_report, status_table
from ssrgen.workbook import WORKBOOK_NAME
from ssrgen.workspace import Workspace


@cli.group(short_help="Register evidence files; hand out the evidence workbook.")
def evidence() -> None:
    """Register evidence files, check them, and hand out the evidence workbook."""


@evidence.command("add", short_help="Register files inside the workspace as evidence.")
@click.argument("control")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--system", help="The system it is for (default: agency-wide).")
@click.option("--title", help="A title (default: from the file name).")
@click.option("--effective", type=DATE,
              help=f"{DATE.words}: the date the evidence speaks for (default: today).")
@click.option("--kind", type=click.Choice(list(EVIDENCE_KINDS)), default="other", show_default=True,
              metavar="KIND", help=f"What it is: {', '.join(EVIDENCE_KINDS[:-1])} or {EVIDENCE_KINDS[-1]}.")
@click.option("--artifact", type=click.IntRange(min=1), help="The expected artifact it provides (its number).")
@click.option("--by", help="Who collected it.")
@workspace_option(read_only=False)
def evidence_add(workspace: Workspace, control: str, files: tuple[Path, ...], system: str | None,
                 title: str | None, effective: dt.date | None, kind: str, artifact: int | None,
                 by: str | None) -> None:
    """Register FILES (already inside the workspace) as evidence of CONTROL.

    Each file is hashed (SHA-256) so 'evidence verify' notices later changes.
    Copy files into the workspace's evidence/files/ folder first.

    \b
    Example:
      ssrgen evidence add AC-7 evidence/files/lockout-gpo-2026.txt \\
          --kind configuration --effective 2026-10-01 \\
          --by "Infrastructure Operations"
    """
    items = add_evidence(workspace, control, list(files), system=system, title=title, effective=effective,
                         kind=kind, by=by, artifact=artifact)
    for item in items:
        click.echo(f"Added {item.id} to {item.control}: {item.title} ({item.location})")


@evidence.command("verify", short_help="Check every evidence file still matches its hash.")
@workspace_option(read_only=True)
def evidence_verify(workspace: Workspace) -> None:
    """Re-hash every evidence file; report missing or changed ones (exit 1 if any).

    \b
    Example:
      ssrgen evidence verify -w my-agency
    """
    problems = verify_evidence(workspace)
    report_problems([p for p in problems if not p.is_error])  # the errors are listed once, below
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ValidationFailed(errors, what=f"{len(errors)} evidence file(s) missing or changed")
    files = sum(1 for e in workspace.evidence if not e.is_url)
    click.echo(f"OK: {files} evidence file(s) match their recorded SHA-256.")


@evidence.command("list")
@click.option("--control", help="Only the evidence of this control.")
@format_option("table", "json")
@workspace_option(read_only=True)
def evidence_list(workspace: Workspace, control: str | None, fmt: str) -> None:
    """List evidence items with their freshness.

    \b
    Example:
      ssrgen evidence list --control AC-2
    """
    items = workspace.evidence
    if control:
        wanted = workspace.catalogs.get(control).id
        items = [e for e in items if e.control == wanted]
    today = dt.date.today()
    rows = [{**e.model_dump(mode="json", exclude_none=True), "freshness": freshness(workspace, e, today)}
            for e in items]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        system = f" [{row['system']}]" if row.get("system") else ""
        click.echo(f"{row['id']:<8} {row['control']:<10}{system} {row['freshness']:<8} "
                   f"{row.get('effective', '-')!s:<10}  {row['title']}")
    if not rows:
        click.echo("No evidence items" + (f" for {control}." if control else "."))


@evidence.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"The workbook to write (default: the workspace's out/{WORKBOOK_NAME}).")
@click.option("--family", help="Only this family (e.g. AC) or catalog group.")
@click.option("--owner", help="Only rows whose owner contains this text.")
@click.option("--system", help="Rows for this system, for every control in scope.")
@workspace_option(read_only=True)
def evidence_export(workspace: Workspace, output: Path | None, family: str | None, owner: str | None,
                    system: str | None) -> None:
    """Write the evidence workbook (.xlsx) for control owners to fill in.

    \b
    Examples:
      ssrgen evidence export --family AC -o ac-for-iam-team.xlsx
      ssrgen evidence export --owner "Network Engineering"
      ssrgen evidence export --system case-tracker
    """
    from ssrgen.workbook.evidence_sheets import Scope
    from ssrgen.workbook.export import write_evidence_workbook

    path = write_evidence_workbook(workspace, output or workspace.out / WORKBOOK_NAME,
                                   Scope(family=family, owner=owner, system=system))
    wrote(path)


@evidence.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change, write nothing.")
@click.option("--by", help="Who sent the workbook back (kept in the journal).")
@workspace_option(read_only=False)
def evidence_import(workspace: Workspace, file: Path, dry_run: bool, by: str | None) -> None:
    """Take a filled-in evidence workbook back into the workspace.

    Every cell is checked first; if anything is wrong nothing is written.
    Rows changed both in the workspace since the export and in the workbook are
    reported as conflicts and left as they are in the workspace.

    \b
    Examples:
      ssrgen evidence import returned/ac-for-iam-team.xlsx --dry-run
      ssrgen evidence import returned/ac-for-iam-team.xlsx --by "Pat Kim"
    """
    if not file.exists():
        raise InputError("the file does not exist", where=str(file), fix="Check the path of the workbook.")
    from ssrgen.workbook.importer import import_workbook

    show_import(import_workbook(workspace, file, dry_run=dry_run, by=by, notify=notice), "control(s)")


@cli.command(short_help="Where the agency stands: statuses, stale evidence, gaps.")
@format_option("table", "json")
@workspace_option(read_only=True)
def status(workspace: Workspace, fmt: str) -> None:
    """Where the agency stands: answers by status, stale evidence, missing artifacts.

    Per catalog and family, then the compliance warnings of 'validate' and any
    further sections (CAP, registers).

    \b
    Examples:
      ssrgen status
      ssrgen status --format json > status.json
    """
    report = status_report(workspace, dt.date.today())
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(status_table(report))
