"""``python -m ssrgen``."""

from ssrgen.cli import main

main()
