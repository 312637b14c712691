"""`python -m kachin_cli` runs the same entry point as the `kachin` command."""

from kachin_cli.cli import main

main()
