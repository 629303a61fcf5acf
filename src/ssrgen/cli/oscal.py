"""Commands for OSCAL: ``ssrgen oscal export`` and ``ssrgen oscal import-ssp``."""

from __future__ import annotations

from pathlib import Path

import click

from ssrgen.cli.app import cli, report_problems
from ssrgen.cli.common import notice, show_import, workspace_option, wrote
from ssrgen.workspace import Workspace


@cli.group(short_help="OSCAL: the Pub 1075 profile, the SSP and POA&M; import an SSP.")
def oscal() -> None:
    """OSCAL files for other tools: Pub 1075 as a profile over NIST SP 800-53 Rev. 5,
    the agency's system security plan and POA&M; and an SSP read back in.

    \b
    Examples:
      ssrgen oscal export -o oscal/
      ssrgen oscal import-ssp from-grc/ssp.json --dry-run
    """


@oscal.command("export", short_help="Write the profile, catalogs, SSP and POA&M as OSCAL JSON.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder to write into (default: out/oscal in the workspace).")
@workspace_option(read_only=True)
def oscal_export(workspace: Workspace, output: Path | None) -> None:
    """Write the workspace as OSCAL JSON files: the Pub 1075 profile and catalogs,
    the agency's baseline, the system security plan and the POA&M.

    Every file gets stable UUIDs (the same workspace gives the same files) and is
    checked for taxpayer identifiers before anything is written. See
    'ssrgen docs oscal' for what each file holds.

    \b
    Example:
      ssrgen oscal export -o oscal/
    """
    from ssrgen.evidence import changed_evidence_warning
    from ssrgen.oscal.export import export_oscal

    # the SSP carries each evidence file's registered SHA-256: say which files no longer match it
    report_problems(changed_evidence_warning(workspace))
    result = export_oscal(workspace, output or workspace.out / "oscal")
    for path in result.written:
        wrote(path)
    for note in result.notes:
        notice(note)


@oscal.command("import-ssp", short_help="Read an OSCAL SSP into the workspace's answers.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change, write nothing.")
@click.option("--by", help="Who the SSP comes from (kept in the journal).")
@workspace_option(read_only=False)
def oscal_import_ssp(workspace: Workspace, file: Path, dry_run: bool, by: str | None) -> None:
    """Read the answers of an OSCAL system security plan (JSON) into the workspace:
    status, narrative, owner, last review and notes, agency-wide and per system.

    Controls are matched in any id form (ac-2.3, AC-2(3)); statements for controls
    the catalogs do not know are listed and left out. Nothing is written if any
    part of the file is wrong; answers changed both here and in the file since
    ssrgen exported it are reported as conflicts and left as they are.

    \b
    Examples:
      ssrgen oscal import-ssp ssp.json --dry-run
      ssrgen oscal import-ssp ssp.json --by "GRC team"
    """
    from ssrgen.oscal.importer import import_ssp

    show_import(import_ssp(workspace, file, dry_run=dry_run, by=by, notify=notice), "control(s)")
