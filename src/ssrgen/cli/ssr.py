"""Commands of the SSR: ssr (and ssr import), template check, package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ssrgen.cli.app import WORKSPACE_KEY, cli, report_problems
from ssrgen.cli.common import notice, show_import, with_workspace, workspace_option, wrote
from ssrgen.docx_template import check_template
from ssrgen.errors import InputError
from ssrgen.evidence import changed_evidence_warning
from ssrgen.package import generate_passphrase, write_package
from ssrgen.ssr import build_context, write_ssr, write_ssr_into
from ssrgen.ssr.importer import SsrPlan, import_ssr
from ssrgen.ssr.into import IntoReport
from ssrgen.workspace import Workspace

WORKSPACE_HELP = ("The workspace folder (default: $SSRGEN_WORKSPACE, else the nearest folder upward with "
                  "ssrgen.yaml, else the bundled example; 'ssr import' never falls back to the example).")


@cli.group(invoke_without_command=True, subcommand_metavar="[import FILE]",
           short_help="Write the Safeguard Security Report, or read an earlier one in.")
@click.option("-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help=WORKSPACE_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The file (or folder) to write (default: out/SSR-<agency>-<period>.docx).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A .docx template to fill instead of the workspace's templates/ssr.docx or the bundled one.")
@click.option("--into", "into", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="ACCEPTED",
              help="The SSR IRS accepted last year (.docx): write this year's answers into a copy of it instead "
              "of filling a template.")
@click.option("--final", is_flag=True,
              help="This is the SSR being submitted: also record what it reports under submissions/<period>/.")
@click.pass_context
def ssr(ctx: click.Context, workspace_dir: Path | None, output: Path | None, template: Path | None,
        into: Path | None, final: bool) -> None:
    """Write the Safeguard Security Report (.docx) for the current reporting period,
    or read an earlier SSR into the workspace ('ssr import').

    The SSR is written from the workspace's templates/ssr.docx when it has one,
    else from the bundled template (IRS's outline), or with --into into the SSR
    IRS accepted last year, as Pub 1075 §2.E.4.3 asks: its control rows and the
    sections ssrgen knows get this year's answers, everything else stays as it
    was. Every text is checked for taxpayer identifiers before anything is
    written. 'ssrgen docs ssr-template' explains the template.

    \b
    Examples:
      ssrgen ssr
      ssrgen ssr --into SSR-2025-accepted.docx -o out/
      ssrgen ssr -w my-agency --final
      ssrgen ssr import SSR-2025-accepted.docx --dry-run
    """
    if ctx.invoked_subcommand is not None:
        given = [name for name, value in (("-o/--output", output), ("--template", template), ("--into", into),
                                          ("--final", final)) if value]
        if given:
            raise click.UsageError(f"{', '.join(given)} write the SSR; they do not go with "
                                   f"'ssr {ctx.invoked_subcommand}'. Give them to 'ssrgen ssr' alone.", ctx)
        if workspace_dir is not None:  # 'ssrgen ssr -w DIR import FILE'
            root = ctx.find_root()
            root.ensure_object(dict)
            root.obj[WORKSPACE_KEY] = workspace_dir
        return
    if into is not None and template is not None:
        raise click.UsageError("--into writes into the accepted SSR and --template fills a template: give one "
                               "of them.", ctx)
    with_workspace(_write, workspace_dir, True, True, output=output, template=template, into=into, final=final)


def _write(workspace: Workspace, output: Path | None, template: Path | None, into: Path | None,
           final: bool) -> None:
    if into is None:
        written = write_ssr(workspace, output, template, final)
    else:
        written, report = write_ssr_into(workspace, into, output, final)
        show_into(report)
    for path in written:
        wrote(path)
    if final:
        click.echo("Recorded the final SSR; the next SSR reports changes since this one.")
    report_problems(changed_evidence_warning(workspace))


def show_into(report: IntoReport) -> None:
    """What writing into the accepted SSR did: filled, added, left alone, not placed."""
    for title, lines in (("Filled", report.filled), ("Added", report.added), ("Left as it was", report.left_alone)):
        if lines:
            click.echo(f"{title}:")
            for line in lines:
                click.echo(f"  {line}")
    for line in report.not_placed:
        click.echo(f"Not placed: {line}", err=True)
    for line in report.warnings:
        click.echo(f"Warning: {line}", err=True)


@ssr.command("import", short_help="Read an earlier SSR (.docx) into the workspace.")
@workspace_option(read_only=False)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change, per control and section; write nothing.")
@click.option("--by", help="Who brought the SSR in (kept in the journal).")
def ssr_import(workspace: Workspace, file: Path, dry_run: bool, by: str | None) -> None:
    """Read an earlier SSR into the workspace: last year's accepted SSR (IRS's
    template as the agency filled it in) or an SSR ssrgen wrote.

    Each control row's status and response become the control's answer; IRS's
    comments are kept in ssr/irs-comments.yaml, never as the agency's words;
    the text of sections 5, 6, 7, 8 and 10 goes to ssr/sections.yaml and that
    of the technologies of section 9.4 to their answers. Answers changed in
    the workspace are never overwritten (reported as conflicts); an empty cell
    never erases. Nothing is written if any problem is an error.

    \b
    Examples:
      ssrgen ssr import SSR-2025-accepted.docx --dry-run
      ssrgen ssr import SSR-2025-accepted.docx --by "Pat Kim"
    """
    result = import_ssr(workspace, file, dry_run=dry_run, by=by, notify=notice)
    plan = result.plan
    assert isinstance(plan, SsrPlan)
    tables = len(plan.control_tables)
    click.echo(f"{plan.source.name}: {plan.control_rows} control row(s) in {tables} control table(s), "
               f"{len(plan.sections_read)} section(s) with text, {plan.irs_comments} IRS comment(s)"
               + (f"; written by ssrgen on {plan.manifest.written} for {plan.manifest.period}"
                  if plan.manifest else ""))
    if plan.left_alone:
        click.echo("Not imported: ssrgen writes these sections from the workspace:")
        for line in plan.left_alone:
            click.echo(f"  {line}")
    show_import(result, "control(s) and section(s)")


@cli.group()
def template() -> None:
    """Work with the Word templates (SSR, CAP)."""


@template.command("check", short_help="Check a Word template: its tags and their variables.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--for", "kind", type=click.Choice(["ssr", "cap"]), default=None,
              help="Which deliverable the template is for (default: 'cap' when the file name has 'cap' in it, "
              "else 'ssr').")
@workspace_option(read_only=True, announce_example=False)
def template_check(file: Path, kind: str | None, workspace: Workspace) -> None:
    """Check a Word template: its template tags, unknown variables, tags Word cut apart.

    The variables are checked against what the workspace provides (the bundled
    example when there is no workspace). Exit code 1 when anything is wrong.

    \b
    Examples:
      ssrgen template check templates/ssr.docx
      ssrgen template check my-cap.docx --for cap
    """
    if not file.is_file():
        raise InputError("the template does not exist", where=str(file), fix="Check the path.")
    kind = kind or ("cap" if "cap" in file.name.lower() else "ssr")
    context: dict[str, Any]
    if kind == "cap":
        from ssrgen.cap.document import cap_context

        context = cap_context(workspace, dt.date.today())
    else:
        context, _ = build_context(workspace, dt.date.today())
    problems = check_template(file, context, shown=str(file))
    if problems:
        report_problems(problems)
        raise click.exceptions.Exit(_fail(len(problems)))
    click.echo(f"OK: {file} is a valid {kind.upper()} template.")


def _fail(count: int) -> int:
    click.echo(f"Error: {count} problem(s) in the template. Fix each one listed above in Word, then run "
               "'ssrgen template check' again.", err=True)
    return 1


@cli.command(short_help="Put the SSR, CAP and attachments in an AES-256 .zip.")
@workspace_option(read_only=True)
@click.option("--out", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The .zip to write (default: out/Safeguards-<agency>-<period>.zip).")
@click.option("--passphrase-prompt", is_flag=True,
              help="Type the passphrase (hidden, asked twice) instead of having one generated.")
def package(workspace: Workspace, output: Path | None, passphrase_prompt: bool) -> None:
    """Put the SSR, CAP files and attachments into an AES-256 encrypted .zip.

    Pub 1075 §2.E.3: reports sent by email go in an encrypted .zip, and the
    passphrase travels separately (another email, or a call to your IRS contact).
    A generated passphrase is shown once here and written nowhere: note it now.

    \b
    Examples:
      ssrgen ssr && ssrgen package
      ssrgen package --out submission.zip --passphrase-prompt
    """
    if passphrase_prompt:
        passphrase = click.prompt("Passphrase", hide_input=True, confirmation_prompt=True)
    else:
        passphrase = generate_passphrase()
    result = write_package(workspace, passphrase, output)
    for name in result.files:
        click.echo(f"  {name}")
    wrote(result.path, f"{len(result.files)} file(s), AES-256")
    if not passphrase_prompt:
        click.echo(f"Passphrase (shown once, stored nowhere): {passphrase}")
    click.echo("Send the passphrase separately from the package (Pub 1075 §2.E.3).")
