"""Commands of the foundation: init, validate, controls, catalog, build."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from ssrgen.catalog import load_catalogs
from ssrgen.cli.app import cli, debug_mode, report_problems
from ssrgen.cli.common import format_option, given_workspace, notice, workspace_option, wrote
from ssrgen.controls_text import describe, entry_row
from ssrgen.errors import InputError
from ssrgen.evidence import changed_evidence_warning
from ssrgen.new_workspace import copy_example, init_workspace
from ssrgen.paths import EXAMPLES
from ssrgen.placeholders import PLACEHOLDER, count_placeholders
from ssrgen.transaction import read_consistently
from ssrgen.validate import check, rules
from ssrgen.workspace import Workspace, locate_workspace

# the options of 'init' that describe a new workspace (an example brings its own)
_NEW_WORKSPACE_OPTIONS = {"--agency": "agency", "--state": "state", "--federal": "federal",
                          "--authority": "authorities", "--agreement": "agreements"}


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--agency", default="New Agency", show_default=True, help="The agency's name.")
@click.option("--state", metavar="XX", help="Two-letter state or territory code (decides IRS due dates).")
@click.option("--federal", is_flag=True, help="A federal agency (SSR due January 31).")
@click.option("--authority", "authorities", multiple=True, metavar="PROVISION",
              help="An IRC § 6103 provision the agency receives FTI under, e.g. 'IRC 6103(d)', "
              "6103(l)(6), IRC-6103(i)(2). Repeat for several.")
@click.option("--agreement", "agreements", multiple=True, metavar="NAME",
              help="Take on an agreement whose obligations ssrgen keeps: mou (the IRS-ICE MOU).")
@click.option("--example", type=click.Choice(sorted(EXAMPLES)), is_flag=False, flag_value="freo", default=None,
              help="Copy a bundled example instead: freo (federal, IRS-ICE MOU; the default) or "
              "state (a state tax agency with a child support program).")
def init(directory: Path, agency: str, state: str | None, federal: bool, authorities: tuple[str, ...],
         agreements: tuple[str, ...], example: str | None) -> None:
    """Create a new workspace in DIRECTORY (never overwrites one).

    \b
    Examples:
      ssrgen init dor-safeguards --agency "Department of Revenue" --state TX \\
          --authority "IRC 6103(d)"
      ssrgen init hsd --agency "Human Services" --state OH \\
          --authority "6103(l)(7)"
      ssrgen init ice --agency "Federal Office" --federal --agreement mou
      ssrgen init my-copy --example
      ssrgen init my-state --example state
    """
    given = given_workspace(None)
    if given is not None:  # 'ssrgen -w DIR init ...' would otherwise create another folder silently
        raise click.UsageError(
            f"-w/--workspace ({given}) does not apply to init: init creates the folder given as its "
            f"DIRECTORY argument. Leave out -w, e.g. 'ssrgen init {given} --state XX'.")
    if example:
        source = click.get_current_context().get_parameter_source
        options = [option for option, name in _NEW_WORKSPACE_OPTIONS.items()
                   if source(name) == click.core.ParameterSource.COMMANDLINE]
        if options:
            raise click.UsageError(f"--example copies a whole workspace, so {', '.join(options)} cannot apply to it; "
                                   "give either --example or the options of a new workspace.")
        path = copy_example(directory, example)
        click.echo(f"Copied the example workspace '{example}' to {path}")
        return
    path = init_workspace(directory, agency, state, federal, list(authorities), list(agreements), load_catalogs())
    wrote(path)
    click.echo("Next: replace each 'To be completed' in ssrgen.yaml (the head of agency, the contact, the "
               "address, the systems" + ("" if authorities or agreements else ", the authority") + "); "
               "'ssrgen validate' lists each one with its line.")


@cli.command(short_help="Check the catalogs and the workspace, with file and line.")
@click.option("-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="The workspace folder (default: the nearest ssrgen.yaml, else the example).")
@click.option("--strict", is_flag=True, help="Treat warnings (compliance flags) as failures too.")
def validate(workspace_dir: Path | None, strict: bool) -> None:
    """Check the catalogs and the workspace; list every problem with its file and line."""
    root, bundled = locate_workspace(given_workspace(workspace_dir), read_only=True)
    if bundled:
        click.echo(f"Using the bundled example workspace ({root}).", err=True)
    _, problems = check(root, bundled) if bundled else read_consistently(root, lambda: check(root), notice)
    report_problems(problems)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if errors or (strict and warnings):
        click.echo(f"Error: {errors} error(s) and {warnings} warning(s) found. Fix each one listed "
                   "above, then run 'ssrgen validate' again.", err=True)
        sys.exit(1)
    click.echo(f"OK: catalogs and workspace are valid ({warnings} warning(s)).")


@cli.group(short_help="List and show catalog entries (controls, requirements, MOU).")
def controls() -> None:
    """List and show catalog entries (controls, requirements, MOU obligations)."""


@controls.command("list", short_help="List catalog entries, enhancements with their parent.")
@click.option("--catalog", help="Only this catalog (pub1075, pub1075-req, mou, authorities).")
@click.option("--family", help="Only this family or group (e.g. AC).")
@format_option("table", "csv", "json")
def controls_list(catalog: str | None, family: str | None, fmt: str) -> None:
    """List catalog entries; enhancements are rows of their own with a parent."""
    catalogs = load_catalogs()
    if catalog and catalog not in catalogs.infos:
        raise InputError(f"unknown catalog '{catalog}'", fix=f"Use one of: {', '.join(sorted(catalogs.infos))}.")
    rows = [entry_row(e) for e in catalogs.entries(catalog=catalog, family=family)]
    if family and not rows:
        raise InputError(f"no entries in family '{family}'", fix="Use a family id such as AC, AU, IA.")
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, ["id", "title", "catalog", "family", "parent", "nist_title", "source"],
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        for row in rows:
            indent = "  " if row["parent"] else ""
            named = "  [only named]" if row.get("described") is False else ""
            click.echo(f"{indent}{row['id']:<16} {row['title']}{named}")
        click.echo(f"{len(rows)} entries", err=True)


@controls.command("show", short_help="Show one entry whole: statement, guidance, IRS values.")
@click.argument("entry_id", metavar="ID")
def controls_show(entry_id: str) -> None:
    """Show one entry: its statement and parts, enhancements, IRS parameters and related
    entries.

    \b
    Examples:
      ssrgen controls show ac-7
      ssrgen controls show "AC-2 (3)"
      ssrgen controls show MOU-9.A.5
    """
    catalogs = load_catalogs()
    click.echo("\n".join(describe(catalogs.get(entry_id), catalogs)))


@cli.group()
def catalog() -> None:
    """Work with the catalogs themselves."""


@catalog.command("compare-oscal", short_help="Compare ids and NIST titles with an OSCAL catalog.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def compare_oscal(file: Path) -> None:
    """Compare our control ids and NIST titles with an OSCAL catalog (JSON).

    Exit code 0 when they agree, 1 when something differs.
    """
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("the file does not exist", where=str(file), fix="Check the path.") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"the file is not valid JSON ({exc})", where=str(file),
                         fix="Give an OSCAL catalog in JSON format.") from exc
    from ssrgen.oscal import compare_with_oscal

    catalogs = load_catalogs()
    ours = [(e.id, e.entry.nist_title or e.entry.title) for e in catalogs.entries(catalog="pub1075")]
    try:
        differences = compare_with_oscal(ours, data)
    except ValueError as exc:
        raise InputError(str(exc), where=str(file), fix="Give an OSCAL catalog JSON (it has a 'catalog' key).") from exc
    for diff in differences:
        click.echo(_describe_difference(diff))
    if differences:
        click.echo(f"{len(differences)} difference(s).", err=True)
        sys.exit(1)
    click.echo("No differences.")


def _describe_difference(diff: object) -> str:
    kind = getattr(diff, "kind", "")
    ident = getattr(diff, "id", "")
    ours = getattr(diff, "ours", None)
    theirs = getattr(diff, "theirs", None)
    if kind == "title-differs":
        return f"{ident}: title differs: ours '{ours}', OSCAL '{theirs}'"
    if kind == "missing-in-oscal":
        return f"{ident}: in our catalog ('{ours}') but not in the OSCAL file"
    return f"{ident}: in the OSCAL file ('{theirs}') but not in our catalog"


@cli.command()
@workspace_option(read_only=True)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: out/ in the workspace; ./out for the bundled example).")
def build(workspace: Workspace, output: Path | None) -> None:
    """Validate, then write every deliverable into one folder.

    \b
    Example:
      ssrgen build -o out
    """
    from ssrgen import build as build_mod  # every deliverable's libraries: only for this command

    out_dir = output or workspace.out
    # with --debug every step runs in this process, so a traceback shows where it stopped
    parallel = False if debug_mode(click.get_current_context()) else None
    for name, paths in build_mod.build(workspace, out_dir, parallel=parallel):
        for path in paths:
            wrote(path, name)
    click.echo(f"Built every deliverable for {workspace.name} in {out_dir}")
    remaining = count_placeholders(workspace.config.model_dump(mode="json"))
    if remaining:
        click.echo(f"{remaining} placeholder(s) '{PLACEHOLDER}' written by 'ssrgen init' remain in ssrgen.yaml "
                   "and show as such in the deliverables; 'ssrgen validate' lists each with its line.", err=True)
    flags = [p for rule in rules() for p in rule(workspace)]
    if flags:
        click.echo(f"{len(flags)} compliance warning(s) (overdue, stale or missing items); "
                   "'ssrgen validate' lists each with its file and line.", err=True)
    report_problems(changed_evidence_warning(workspace))
