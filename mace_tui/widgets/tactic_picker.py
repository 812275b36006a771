"""The disruption tactic fields of the action form (R22): a pick list from the profile and,
for "other", a line for the tactic in words."""

from __future__ import annotations

from collections.abc import Iterator

from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from mace_tui.rules.disruption import OTHER, split_tactic


def tactic_fields(tactics: tuple[str, ...], stored: str) -> Iterator[Widget]:
    """The label, the pick list and the "other" line, filled from a stored tactic."""
    chosen, words = split_tactic(stored, tactics)
    yield Label("Disruption tactic (this is a person or location of concern)")
    yield Select(
        [(t if t != OTHER else "Other (say which)", t) for t in tactics],
        prompt="Disruption tactic",
        value=chosen if chosen else Select.NULL,
        id="action-tactic",
    )
    other = Input(words, placeholder="The other tactic, in a few words", id="action-tactic-other")
    other.display = chosen == OTHER
    yield other


def chosen_tactic(form: DOMNode) -> tuple[str, str]:
    """The picked tactic ("" when none) and the words typed for "other"."""
    value = form.query_one("#action-tactic", Select).value
    words = form.query_one("#action-tactic-other", Input).value
    return (value if isinstance(value, str) else ""), words


def show_other_words(form: DOMNode) -> None:
    """Show the "other" line only while "other" is picked."""
    chosen, _ = chosen_tactic(form)
    form.query_one("#action-tactic-other", Input).display = chosen == OTHER


__all__ = ["chosen_tactic", "show_other_words", "tactic_fields"]
