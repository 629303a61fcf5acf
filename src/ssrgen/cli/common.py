"""Options and helpers shared by the commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ssrgen.catalog import load_catalogs
from ssrgen.workspace import Workspace, locate_workspace, open_workspace

F = TypeVar("F", bound=Callable[..., Any])


def workspace_option(read_only: bool) -> Callable[[F], F]:
    """Add ``-w/--workspace`` and pass the loaded :class:`Workspace` as ``workspace``.

    Read-only commands fall back to the bundled example and say so on stderr;
    commands that write never do.
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
            root, bundled = locate_workspace(workspace_dir, read_only=read_only)
            if bundled:
                click.echo(f"Using the bundled example workspace ({root}).", err=True)
            workspace = open_workspace(root, load_catalogs(), bundled=bundled)
            return func(*args, workspace=workspace, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True,
        help="Output format.",
    )


def wrote(path: Path, what: str = "") -> None:
    click.echo(f"Wrote {path}" + (f" ({what})" if what else ""))


def workspace_root(ws: Workspace) -> Path:
    return ws.root
