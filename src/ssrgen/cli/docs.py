"""``ssrgen docs``: the guides, listed and opened without the internet."""

from __future__ import annotations

import click

from ssrgen.cli.app import cli
from ssrgen.docs import find_topic, open_guide, topics
from ssrgen.errors import SsrgenError


@cli.command(short_help="The guides: list them, show where one is, open it.")
@click.argument("topic", required=False)
@click.option("--open", "open_it", is_flag=True, help="Open the guide (a Markdown file) in the browser or default program.")
def docs(topic: str | None, open_it: bool) -> None:
    """The guides shipped with ssrgen: the workspace format, evidence, registers,
    the CAP, the SSR template, the compliance site. Without TOPIC, list them with
    their titles and files; with TOPIC, print the file of that guide.

    The compliance site ('ssrgen site build') carries the same guides under Help.

    \b
    Examples:
      ssrgen docs                    every guide, its title and file
      ssrgen docs workspace          where the workspace guide is
      ssrgen docs cap --open         open the CAP guide
    """
    if topic is None and open_it:
        raise click.UsageError("--open needs the guide to open, e.g. 'ssrgen docs workspace --open'.")
    if topic is None:
        every = topics()
        width = max((len(t.name) for t in every), default=0)
        for t in every:
            click.echo(f"{t.name:<{width}}  {t.title}")
            click.echo(f"{'':<{width}}  {t.path}")
        click.echo("Open one with 'ssrgen docs TOPIC --open'; the compliance site has them under Help.",
                   err=True)
        return
    found = find_topic(topic)
    click.echo(str(found.path))
    if open_it and not open_guide(found):
        raise SsrgenError(f"could not open a browser here; the page is at {found.path}")
