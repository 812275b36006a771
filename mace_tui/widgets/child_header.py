"""The lines above the tabs about the child under discussion: who, why, and the room."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.markup import escape
from textual.widgets import Static

from mace_tui.rules.vocab import REFERRAL_SOURCES, types_label

if TYPE_CHECKING:
    from mace_tui.chair.case import QueueState
    from mace_tui.overview import ChildSummary
    from mace_tui.rules.conflicts import ChildRoom
    from mace_tui.rules.quorum import Quorum


def header_text(
    summary: ChildSummary,
    state: QueueState,
    *,
    room: ChildRoom | None = None,
    out: tuple[str, ...] = (),
    meeting: Quorum | None = None,
) -> str:
    """Three lines about the child under discussion; a line about the room goes before the
    reason when someone is out or the child's quorum is at stake (it matters more)."""
    entry = summary.entry
    age = f", {summary.age}" if summary.age is not None else ""
    types = types_label(entry.exploitation_types)
    source = REFERRAL_SOURCES.get(entry.referral_source, entry.referral_source)
    flags = " · ".join(flag.text for flag in summary.flags) or "Not discussed before."
    lines = [
        f"[b]{state.number_of(entry.item_id)}/{len(state.queue)} · {escape(entry.name)}{age}[/b] · "
        f"{escape(entry.local_authority)} · {escape(source)} · {escape(types)}",
        escape(flags),
    ]
    out_words = f"[b]Out (conflict):[/b] {escape(', '.join(out))}" if out else ""
    if meeting is not None and not meeting.quorate:
        # In place of the history flags: at four lines, the header has no room for both.
        missing = meeting.describe().removeprefix("Not quorate: ")
        lines[1] = f"[b red]The meeting has lost quorum: {escape(missing)}[/]"
    if room is not None and not room.can_proceed:
        lines.append(f"[b red]{escape(room.short())} — F6 deputy or override, F10 defer[/]")
    elif room is not None and room.overridden:
        lines.append(f"[yellow]{escape(room.short())}[/]" + (f" · {out_words}" if out else ""))
    elif out:
        lines.append(out_words)
    lines.append(f"[dim]{escape(entry.reason)}[/dim]")
    return "\n".join(lines)


class ChildHeader(Static):
    """Who is under discussion (or a bold line saying no one is), fed by its screen."""

    def show(
        self,
        summary: ChildSummary,
        state: QueueState,
        *,
        room: ChildRoom | None,
        out: tuple[str, ...],
        meeting: Quorum | None,
    ) -> None:
        """The child under discussion."""
        self.update(header_text(summary, state, room=room, out=out, meeting=meeting))

    def no_child(self, line: str) -> None:
        """No child under discussion: one bold line instead."""
        self.update(f"[b]{line}[/b]")


__all__ = ["ChildHeader", "header_text"]
