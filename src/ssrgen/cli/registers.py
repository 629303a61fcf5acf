"""``ssrgen due``: the calendar of IRS, MOU and Pub 1075 deadlines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ssrgen.calendar import DEFAULT_WINDOW_DAYS, Deadline, deadlines, write_ics
from ssrgen.cli.app import cli
from ssrgen.cli.common import DATE, format_option, workspace_option, wrote
from ssrgen.workspace import Workspace


@cli.command(short_help="What is due and what is overdue, as a list or a calendar.")
@workspace_option(read_only=True)
@click.option("--within", "within", type=click.IntRange(min=0, max=3660), default=DEFAULT_WINDOW_DAYS,
              show_default=True, metavar="DAYS",
              help="Show what falls due in the next DAYS days, up to 3660 (ten years); overdue items "
              "always show.")
@format_option("table", "json")
@click.option("--ics", "ics", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the deadlines to this .ics calendar file: the next date of each "
              "whatever the window, and every later one inside it.")
@click.option("--today", "today", type=DATE, default=None,
              hidden=True, help=f"{DATE.words}: compute as of this day.")
def due(workspace: Workspace, within: int, fmt: str, ics: Path | None,
        today: dt.datetime | None) -> None:
    """What is due and what is overdue: the SSR and the CAP (with the SSR and CAP
    only) with the last day to ask for an extension of each, mitigation plans of
    critical findings, open findings, annual training, internal inspections,
    contractor assessments, 45-day notifications, taxpayer letters and control
    reviews. What recurs is listed at every date inside the window. Overdue items
    come first, marked OVERDUE.

    \b
    Examples:
      ssrgen due                        the next 90 days
      ssrgen due --within 365 --format json
      ssrgen due --ics deadlines.ics    import into Outlook or Google Calendar
    """
    day = today or dt.date.today()
    every = deadlines(workspace, day, within)
    horizon = day + dt.timedelta(days=within)
    shown = [d for d in every if d.overdue or d.date <= horizon]
    if fmt == "json":
        click.echo(json.dumps([d.as_dict() for d in shown], indent=2, ensure_ascii=False))
    else:
        _table(shown, day, within)
    if ics is not None:
        wrote(write_ics(workspace, ics, day, within), f"{len(every)} deadlines")


def _table(items: list[Deadline], today: dt.date, within: int) -> None:
    if not items:
        click.echo(f"Nothing due in the next {within} days and nothing overdue.")
        return
    for item in items:
        mark = "OVERDUE" if item.overdue else _when(item.date, today)
        click.echo(f"{item.date.isoformat()}  {mark:<9} {item.title}")
        details = "; ".join(x for x in (item.detail, item.source, item.where) if x)
        click.echo(f"{'':21} {details}")
    overdue = sum(1 for i in items if i.overdue)
    click.echo(f"{len(items)} deadline(s), {overdue} overdue, as of {today.isoformat()}.", err=True)


def _when(date: dt.date, today: dt.date) -> str:
    days = (date - today).days
    return "today" if days == 0 else f"in {days}d"
