"""The room step's verdict line (may this child go ahead?) and its hint (what to do next)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.markup import escape
from textual.widgets import Static

if TYPE_CHECKING:
    from mace_tui.chair.room import RoomView


class RoomVerdict(Static):
    """Who is out for this child, or why the child cannot go ahead and the ways forward."""

    def show(self, view: RoomView) -> None:
        """Say what ``view`` means for this child."""
        room = view.room
        if room.quorum.quorate:
            self.update(
                "Out for this child: " + escape(", ".join(view.out_names))
                if view.out_names
                else "No one has a conflict for this child."
            )
        elif room.overridden:
            self.update(
                f"[yellow]{escape(room.describe())}[/]\n"
                f"[dim]Reason: {escape(room.override_reason)}[/dim]"
            )
        else:
            self.update(
                f"[b red]{escape(room.describe())}.[/]\n"
                "The child cannot go ahead — a: add a deputy · F10: defer · o: override with a reason"
            )


def room_hint(view: RoomView, *, started: bool, done: str) -> str:
    """The line under the table: what just happened (``done``), then the keys that matter now."""
    prepared = [c for c in view.conflicts if c.source == "prepared"]
    parts = [done] if done else []
    if started:
        parts.append("c: the highlighted person declares a conflict and leaves now. Escape: back.")
        return " ".join(parts)
    if prepared:
        parts.append(
            f"{len(prepared)} recorded beforehand: they leave when the discussion starts "
            "(x clears one, with a reason)."
        )
    parts.append("Ask the room: c declares a conflict for the highlighted person.")
    if view.earlier_open:
        plural = "s" if view.earlier_open != 1 else ""
        parts.append(f"{view.earlier_open} earlier action{plural} to update (F7 once started).")
    if view.room.can_proceed:
        parts.append("F9 or Enter: start the discussion.")
    else:  # F9 offers the ways forward first; the discussion starts once one is taken
        parts.append("F9 or Enter: choose a way forward (a deputy, defer, or an override).")
    return " ".join(parts)
