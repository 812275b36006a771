"""The lines above the preparation queue: the meeting, its deadline and what is on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.markup import escape
from textual.widgets import Static

from mace_tui.prep.deadline import deadline_text

if TYPE_CHECKING:
    from datetime import datetime

    from mace_tui.prep.meeting import PrepView


def info_text(view: PrepView, now: datetime) -> str:
    """The meeting's name, date, time and deadline; the queue counted by kind, late changes,
    who is invited; and what needs doing (markup)."""
    target = view.target
    profile = target.profile
    kind = " [b red]EXTRAORDINARY[/]" if view.extraordinary else ""
    head = (
        f"[b]{escape(profile.short_name)}[/b]{kind} {target.meeting_date:%A %d %B %Y}, "
        f"{view.scheduled_start} ({view.scheduled_minutes} min) · "
        f"{escape(deadline_text(target.deadline, now))}"
    )
    count = sum(1 for s in view.queue if s.entry.is_child)
    free = sum(1 for s in view.queue if s.entry.is_free)
    others = len(view.queue) - count - free
    late = view.late.total
    late_text = f"{late} late change{'' if late == 1 else 's'}"
    if late:
        late_text = (
            f"[b yellow]{late_text} ({view.late.added} added, {view.late.removed} removed)[/]"
        )
    parts = [
        f"{count} {'child' if count == 1 else 'children'}"
        + (f" + {others} of concern" if others else "")
        + (f" + {free} other item{'' if free == 1 else 's'}" if free else ""),
        late_text,
        f"{len(view.invitations)} invited",
    ]
    if view.late_adds:
        parts.append("[b]the meeting is in progress: a child added now (a) is a late change[/b]")
    elif not view.editable:
        parts.append(f"[b]the meeting is {escape(view.status)}: read only[/b]")
    elif view.missing:
        parts.append(f"[yellow]nobody invited from {escape(', '.join(view.missing))}[/]")
    if view.editable and profile.review is not None:
        parts.append("[b]p[/b] agenda from data")
    text = f"{head}\n{' · '.join(parts)}"
    if view.directory_gap:
        text += f"\n[b yellow]{escape(view.directory_gap)}[/]"
    return text


def empty_text(view: PrepView) -> str:
    """What an empty queue says: every way to fill it, when it may still change (markup)."""
    if not view.editable:
        return "No children on this queue."
    return (
        "No children on this queue yet.\n"
        "Press [b]a[/b] to add a child, [b]o[/b] a person or place of concern, "
        "[b]t[/b] an other item (MPRU, AOB), or [b]i[/b] to import a CSV list."
        + (
            "\nPress [b]p[/b] for the agenda proposed from data."
            if view.target.profile.review is not None
            else ""
        )
    )


class PrepInfo(Static):
    """The meeting being prepared, in two or three lines."""

    def show(self, view: PrepView, *, now: datetime) -> None:
        """Show the meeting as read, its deadline counted from ``now``."""
        self.update(info_text(view, now))
