"""Commands of the SSR: ssr, template check, package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ssrgen.cli.app import cli, report_problems
from ssrgen.cli.common import workspace_option, wrote
from ssrgen.docx_template import check_template
from ssrgen.errors import InputError
from ssrgen.evidence import changed_evidence_warning
from ssrgen.package import generate_passphrase, write_package
from ssrgen.ssr import build_context, write_ssr
from ssrgen.workspace import Workspace


@cli.command(short_help="Write the Safeguard Security Report (.docx).")
@workspace_option(read_only=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The file (or folder) to write (default: out/SSR-<agency>-<period>.docx).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A .docx template to fill instead of the workspace's templates/ssr.docx or the bundled one.")
@click.option("--final", is_flag=True,
              help="This is the SSR being submitted: also record what it reports under submissions/<period>/.")
def ssr(workspace: Workspace, output: Path | None, template: Path | None, final: bool) -> None:
    """Write the Safeguard Security Report (.docx) for the current reporting period.

    The template is the workspace's templates/ssr.docx when it has one, else the
    bundled template (see docs/ssr-template.md to tag your own). Every text is
    checked for taxpayer identifiers before anything is written.

    \b
    Examples:
      ssrgen ssr
      ssrgen ssr -o out/ --template irs-returned-ssr.docx
      ssrgen ssr -w my-agency --final
    """
    for path in write_ssr(workspace, output, template, final):
        wrote(path)
    if final:
        click.echo("Recorded the final SSR; the next SSR reports changes since this one.")
    report_problems(changed_evidence_warning(workspace))


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
