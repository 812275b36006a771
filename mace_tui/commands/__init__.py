"""Sub-commands of ``mace-tui``, one module each."""
