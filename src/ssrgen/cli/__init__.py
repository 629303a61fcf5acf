"""The ``ssrgen`` command line: parses options, calls the library, echoes.

Each command module registers its commands on :data:`ssrgen.cli.app.cli`;
importing this package imports them all.
"""

from ssrgen.cli import cap  # noqa: F401
from ssrgen.cli import evidence  # noqa: F401
from ssrgen.cli import foundation  # noqa: F401  (registers commands)
from ssrgen.cli import registers  # noqa: F401
from ssrgen.cli import site  # noqa: F401
from ssrgen.cli import ssr  # noqa: F401
from ssrgen.cli.app import cli


def main() -> None:
    """Console entry point."""
    cli(prog_name="ssrgen")


__all__ = ["cli", "main"]
