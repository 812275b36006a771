"""The standing queue beside the tabs on a wide terminal: each child with a mark for how
far their discussion is, the one under discussion in bold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.markup import escape
from textual.widgets import Static

if TYPE_CHECKING:
    from mace_tui.chair.case import QueueState

MARKS = {"waiting": "·", "in-discussion": "▶", "done": "✓", "deferred": "↷"}


def queue_lines(state: QueueState) -> str:
    """The queue as marked lines (markup)."""
    lines = ["[b]Queue[/b]"]
    for entry in state.queue:
        line = f"{MARKS.get(entry.status, '?')} {entry.position:>2} {escape(entry.name)}"
        lines.append(f"[b]{line}[/b]" if entry.status == "in-discussion" else line)
    return "\n".join(lines)


class QueueSide(Static):
    """The side queue, fed a ``QueueState`` by its screen."""

    def show(self, state: QueueState) -> None:
        """Redraw from the queue as it now stands."""
        self.update(queue_lines(state))


__all__ = ["MARKS", "QueueSide", "queue_lines"]
