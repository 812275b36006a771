"""The case screen for a subject of any kind (R22): the discussion tab's sections and title.

Kept apart from ``case.py``: the screen calls ``show_kind`` when it opens a
discussion, and the THRIVE pane shows the sections of that kind.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from mace_tui.chair.thrive import TAB_TITLE
from mace_tui.screens.case_panes import grading_pane, thrive_pane
from mace_tui.widgets.pane_tabs import PaneTabs


def show_kind(screen: Screen[Any], kind: str) -> None:
    """Give the discussion tab the sections and title of ``kind`` (child, person, location)."""
    thrive_pane(screen).use_kind(kind)
    # The grade reads as the risk to the child, posed by the person or at the location.
    grading_pane(screen).kind = kind
    screen.query_one(PaneTabs).relabel("thrive", f"F2 {TAB_TITLE.get(kind, TAB_TITLE['child'])}")
