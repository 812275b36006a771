"""One module per screen."""

from mace_tui.screens.home import HomeScreen

__all__ = ["HomeScreen"]
