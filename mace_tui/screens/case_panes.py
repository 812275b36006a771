"""The case screen's panes, their modules imported when first needed.

The minute taker's first frame shows the queue alone; the panes behind the other tabs come
just after it (``MinutesScreen.hidden_panes``). Their modules (the text areas, the grade's
and the actions' rules) took about 20 ms of that first frame to import, so the screens reach
the panes through these functions rather than importing the classes themselves. The panes'
messages are handled by name (``on_thrive_pane_note_changed``) for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.widget import Widget

    from mace_tui.widgets.actions_pane import ActionsPane
    from mace_tui.widgets.carried_actions import CarriedActions
    from mace_tui.widgets.grading_pane import GradingPane
    from mace_tui.widgets.research_pane import ResearchPane
    from mace_tui.widgets.thrive_pane import ThrivePane


def _research() -> Widget:
    from mace_tui.widgets.research_pane import ResearchPane

    return ResearchPane(id="research-pane")


def _thrive() -> Widget:
    from mace_tui.widgets.thrive_pane import ThrivePane

    return ThrivePane(id="thrive-pane")


def _grading() -> Widget:
    from mace_tui.widgets.grading_pane import GradingPane

    return GradingPane(id="grading-pane")


def _actions() -> Widget:
    from mace_tui.widgets.actions_pane import ActionsPane

    return ActionsPane(id="actions-pane")


def _earlier() -> Widget:
    from mace_tui.widgets.carried_actions import CarriedActions

    return CarriedActions(id="earlier-actions", with_child=False)


# The tabs behind the queue, in order: (tab id, label, what makes its pane).
PANES: tuple[tuple[str, str, Callable[[], Widget]], ...] = (
    ("research", "F11 Research", _research),
    ("thrive", "F2 THRIVE", _thrive),
    ("grade", "F3 Grade", _grading),
    ("actions", "F4 Actions", _actions),
    ("earlier", "F7 Earlier", _earlier),
)


def made_panes(*, hidden: bool = False) -> list[Widget]:
    """A ``Pane`` for each of ``PANES``, holding its pane; ``hidden`` for those mounted into
    the tabs' switcher after it has shown the first (it hides only what it starts with)."""
    from mace_tui.widgets.pane_tabs import Pane

    panes: list[Widget] = []
    for tab, label, make in PANES:
        pane = Pane(label, make(), id=tab)
        pane.display = not hidden
        panes.append(pane)
    return panes


def thrive_pane(node: DOMNode) -> ThrivePane:
    from mace_tui.widgets.thrive_pane import ThrivePane

    return node.query_one(ThrivePane)


def grading_pane(node: DOMNode) -> GradingPane:
    from mace_tui.widgets.grading_pane import GradingPane

    return node.query_one(GradingPane)


def actions_pane(node: DOMNode) -> ActionsPane:
    from mace_tui.widgets.actions_pane import ActionsPane

    return node.query_one(ActionsPane)


def earlier_pane(node: DOMNode) -> CarriedActions:
    from mace_tui.widgets.carried_actions import CarriedActions

    return node.query_one(CarriedActions)


def research_pane(node: DOMNode) -> ResearchPane:
    from mace_tui.widgets.research_pane import ResearchPane

    return node.query_one(ResearchPane)


__all__ = [
    "PANES",
    "actions_pane",
    "earlier_pane",
    "grading_pane",
    "made_panes",
    "research_pane",
    "thrive_pane",
]
