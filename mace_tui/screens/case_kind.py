"""The case screen for a subject of any kind (R22): the discussion tab's sections and title.

Kept apart from ``case.py``: the screen calls ``show_kind`` when it opens a
discussion, and the THRIVE pane shows the sections of that kind.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from mace_tui.chair.thrive import TAB_TITLE
from mace_tui.widgets.grading_pane import GradingPane
from mace_tui.widgets.pane_tabs import PaneTabs
from mace_tui.widgets.thrive_pane import ThrivePane


def show_kind(screen: Screen[Any], kind: str) -> None:
    """Give the discussion tab the sections and title of ``kind`` (child, person, location)."""
    screen.query_one(ThrivePane).use_kind(kind)
    # The grade reads as the risk to the child, posed by the person or at the location.
    screen.query_one(GradingPane).kind = kind
    screen.query_one(PaneTabs).relabel("thrive", f"F2 {TAB_TITLE.get(kind, TAB_TITLE['child'])}")
