"""``python -m mace_tui`` runs the command line."""

from mace_tui.cli import main

main()
