"""``python -m mace_tui`` runs the command line, as the ``mace-tui`` command does."""

from mace_tui.handoff import main

main()
