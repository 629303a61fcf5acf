"""The ``ssrgen`` command line: parses options, calls the library, echoes.

Each command module registers its commands on :data:`ssrgen.cli.app.cli`, which
imports a module when one of its commands is asked for
(:data:`ssrgen.cli.app.COMMAND_MODULES`).
"""

from ssrgen.cli.app import cli


def main() -> None:
    """Console entry point."""
    cli(prog_name="ssrgen")


__all__ = ["cli", "main"]
