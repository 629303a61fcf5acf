"""Commands of the compliance site: site build, site serve."""

from __future__ import annotations

from pathlib import Path

import click

from ssrgen.cli.app import cli
from ssrgen.cli.common import workspace_option, wrote
from ssrgen.site import build_site, serve_site
from ssrgen.site.builder import DEFAULT_FOLDER
from ssrgen.workspace import Workspace


@cli.group(short_help="The compliance site, browsable and searchable offline.")
def site() -> None:
    """The compliance site: every control, obligation, piece of evidence and finding,
    browsable and searchable offline (mkdocs-material).

    \b
    Examples:
      ssrgen site build    the site into ./site (open site/index.html)
      ssrgen site serve    preview on http://127.0.0.1:8000/ with live reload
    """


@site.command("build", short_help="Build the site into a folder that works from a file share.")
@workspace_option(read_only=True)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"The folder of the site (default: ./{DEFAULT_FOLDER}); a site built there before is replaced.")
def site_build(workspace: Workspace, output: Path | None) -> None:
    """Build the compliance site into a folder that works from a file share.

    Every page carries the notice that Safeguards documents are IRS property (Pub 1075
    Introduction; MOU §9.F for an agency the MOU binds) and asks search engines not to
    index it; nothing is fetched from the internet.

    \b
    Examples:
      ssrgen site build -w my-agency -o //fileserver/safeguards/site
    """
    path = build_site(workspace, output or Path(DEFAULT_FOLDER))
    wrote(path / "index.html", "the compliance site; open it in a browser, from this folder or a file share")


@site.command("serve", short_help="Preview the site on 127.0.0.1 with live reload.")
@workspace_option(read_only=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="The port on 127.0.0.1.")
def site_serve(workspace: Workspace, port: int) -> None:
    """Preview the site on http://127.0.0.1:PORT/ and rebuild it when a workspace
    file changes. Only this computer can open it. Stop with Ctrl+C.

    \b
    Examples:
      ssrgen site serve --port 8001
    """
    click.echo(f"Serving the site on http://127.0.0.1:{port}/ (Ctrl+C to stop)", err=True)
    serve_site(workspace, port)
