"""Options and helpers shared by the commands."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ssrgen.catalog import load_catalogs
from ssrgen.cli.app import WORKSPACE_KEY
from ssrgen.imports.pipeline import ImportResult
from ssrgen.model.catalog import check_date
from ssrgen.transaction import locked, read_consistently
from ssrgen.workspace import Workspace, locate_workspace, open_workspace

F = TypeVar("F", bound=Callable[..., Any])


def given_workspace(workspace_dir: Path | None) -> Path | None:
    """The folder of ``-w`` after the command, else of ``-w`` before it (``ssrgen -w DIR status``)."""
    if workspace_dir is not None:
        return workspace_dir
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root().obj if ctx is not None else None
    return root.get(WORKSPACE_KEY) if isinstance(root, dict) else None


def workspace_option(read_only: bool, announce_example: bool = True) -> Callable[[F], F]:
    """Add ``-w/--workspace`` and pass the loaded :class:`Workspace` as ``workspace``.

    Read-only commands fall back to the bundled example and say so on stderr
    (unless ``announce_example`` is False: for a command whose subject is a file,
    such as a template, the workspace is only background); commands that write
    never do. A command that writes holds the workspace's lock from before it
    reads the workspace until it ends (:func:`ssrgen.transaction.locked`); a
    command that reads sees no change half-applied
    (:func:`ssrgen.transaction.read_consistently`).
    """

    def decorator(func: F) -> F:
        @click.option(
            "-w", "--workspace", "workspace_dir",
            type=click.Path(file_okay=False, path_type=Path), default=None,
            help="The workspace folder (default: $SSRGEN_WORKSPACE, else the nearest folder "
            "upward with ssrgen.yaml" + (", else the bundled example)." if read_only else ")."),
        )
        @functools.wraps(func)
        def wrapper(*args: Any, workspace_dir: Path | None, **kwargs: Any) -> Any:
            root, bundled = locate_workspace(given_workspace(workspace_dir), read_only=read_only)
            if bundled and announce_example:
                click.echo(f"Using the bundled example workspace ({root}).", err=True)
            catalogs = load_catalogs()
            if bundled:
                return func(*args, workspace=open_workspace(root, catalogs, bundled=True), **kwargs)
            if read_only:
                workspace = read_consistently(root, lambda: open_workspace(root, catalogs), notice)
                return func(*args, workspace=workspace, **kwargs)
            with locked(root, command_line(), notice):
                workspace = open_workspace(root, catalogs)
                return func(*args, workspace=workspace, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


class DateParam(click.ParamType):
    """A date typed as YYYY-MM-DD, or as MM/DD/YYYY like IRS writes it."""

    name = "date"
    formats = ("%Y-%m-%d", "%m/%d/%Y")
    words = "YYYY-MM-DD or MM/DD/YYYY"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in self.formats:
            try:
                day = dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            try:
                return check_date(day)
            except ValueError as exc:
                self.fail(str(exc), param, ctx)
        self.fail(f"'{value}' is not a date; write it as {self.words}, e.g. 2026-08-14 or 08/14/2026",
                  param, ctx)


DATE = DateParam()


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True,
        help="Output format.",
    )


def notice(text: str) -> None:
    """What the library tells the user on the way (a lock waited for, a change recovered)."""
    click.echo(f"Note: {text}", err=True)


def command_line() -> str:
    ctx = click.get_current_context(silent=True)
    return ctx.command_path if ctx is not None else "ssrgen"


def show_import(result: ImportResult, records: str = "record(s)") -> None:
    """An import's plan as the analyst reads it: warnings, changes by record, conflicts, what was done."""
    plan = result.plan
    from ssrgen.cli.app import report_problems

    report_problems(plan.warnings)
    for group, changes in plan.by_control().items():
        click.echo(group)
        for change in changes:
            detail = change.subject.removeprefix(group).strip() or change.subject
            shown = detail if detail.startswith("(") or detail == group else f"[{detail}]"
            click.echo(f"  {change.kind:<8} {change.what} {shown}".rstrip())
    for conflict in plan.conflicts:
        click.echo(f"Conflict: {conflict}", err=True)
    summary = (f"{len(plan.changes)} change(s) in {len(plan.by_control())} {records}, "
               f"{len(plan.conflicts)} conflict(s)")
    if result.dry_run:
        click.echo(f"Dry run: {summary}; nothing was written.")
    elif not result.written:
        click.echo(f"No change: the workspace already holds what {plan.source.name} says "
                   f"({len(plan.conflicts)} conflict(s)); nothing was written.")
    else:
        for path in result.written:
            wrote(path)
        click.echo(f"Imported: {summary}.")


def wrote(path: Path, what: str = "") -> None:
    click.echo(f"Wrote {path}" + (f" ({what})" if what else ""))


def workspace_root(ws: Workspace) -> Path:
    return ws.root
