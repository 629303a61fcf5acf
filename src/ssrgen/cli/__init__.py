"""The ``ssrgen`` command line: parses options, calls the library, echoes.

Each command module registers its commands on :data:`ssrgen.cli.app.cli`;
importing this package imports them all.
"""

# importing each command module registers its commands
from ssrgen.cli import (  # noqa: F401
    cap,
    evidence,
    foundation,
    registers,
    site,
    ssr,
)
from ssrgen.cli.app import cli


def main() -> None:
    """Console entry point."""
    cli(prog_name="ssrgen")


__all__ = ["cli", "main"]
