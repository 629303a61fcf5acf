"""The ``ssrgen`` group: parses options, calls the library, echoes.

Errors from the library (:class:`~ssrgen.errors.SsrgenError`) are printed as
``Error: <what>, <where>. <how to fix>`` with exit code 1; click's own usage
errors exit 2; no traceback is ever shown unless ``--debug`` is given.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from ssrgen import __version__
from ssrgen.errors import SsrgenError, ValidationFailed, shown


def report_problems(problems: list[Any]) -> None:
    for problem in problems:
        label = "Error" if problem.is_error else "Warning"
        click.echo(f"{label}: {problem}", err=True)


# where the root group keeps a -w given before the command (read by cli.common.given_workspace)
WORKSPACE_KEY = "workspace"

# each command's module; a command's module is imported only when the command is
# used (or listed by --help), so 'ssrgen validate' does not load Word or Excel
COMMAND_MODULES = {
    "init": "foundation", "validate": "foundation", "controls": "foundation",
    "catalog": "foundation", "build": "foundation",
    "status": "evidence", "evidence": "evidence",
    "ssr": "ssr", "template": "ssr", "package": "ssr",
    "cap": "cap", "due": "registers", "site": "site", "docs": "docs", "inspection": "inspections",
    "oscal": "oscal",
}


class SsrgenGroup(click.Group):
    """Turns library errors into the messages analysts read; loads commands lazily."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"ssrgen.cli.{module}")  # registers its commands on this group
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            if debug_mode(ctx):
                raise
            report_problems(exc.problems)
            click.echo(f"Error: {shown(exc.message)}", err=True)
            ctx.exit(1)
        except SsrgenError as exc:
            if debug_mode(ctx):
                raise
            click.echo(f"Error: {shown(exc.message)}", err=True)
            ctx.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # the reader went away (``ssrgen due | head``): nothing is wrong, stop quietly
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (keeps Python's exit flush quiet)
            ctx.exit(0)
        except OSError as exc:
            if debug_mode(ctx):
                raise
            where = f", in {exc.filename}" if getattr(exc, "filename", None) else ""
            click.echo(f"Error: {exc.strerror or exc}{where}. Check the path and its permissions.", err=True)
            ctx.exit(1)
        except Exception as exc:
            if debug_mode(ctx):
                raise
            click.echo(
                f"Error: ssrgen stopped unexpectedly ({type(exc).__name__}: {shown(str(exc))}). Nothing more was "
                "written. Run the same command with --debug for details and report them.",
                err=True,
            )
            ctx.exit(1)


def debug_mode(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.obj and root.obj.get("debug"))


@click.group(cls=SsrgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ssrgen")
@click.option("-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, metavar="DIR",
              help="The workspace folder, for every command that takes -w (a -w after the command wins).")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, workspace_dir: Path | None, debug: bool) -> None:
    """ssrgen: Safeguard Security Reports, Corrective Action Plans and evidence
    for agencies that receive Federal Tax Information (IRS Publication 1075).

    \b
    Start with the bundled example:
      ssrgen build            write every deliverable for the example agency
      ssrgen controls show ac-7
      ssrgen init my-agency --state TX
      ssrgen -w my-agency status
      ssrgen docs             the guides, readable offline
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj[WORKSPACE_KEY] = workspace_dir


