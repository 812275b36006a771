"""The register's table (R1): who is expected, present, absent, deputising or has left."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.markup import escape

from mace_tui.reports.counting import subjects_counted
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.rules.vocab import role_label
from mace_tui.widgets.cells import plain
from mace_tui.widgets.fit_columns import fit_columns
from mace_tui.widgets.quick_table import QuickTable

if TYPE_CHECKING:
    from mace_tui.chair.attendance import AttendanceView
    from mace_tui.profiles import Profile
    from store.records import AttendanceRecord, QueueEntry

STATUS_WORDS = {"expected": "expected", "present": "present", "absent": "absent"}


def clock_time(value: object) -> str:
    """``09:05`` in local time, or "" when there is no time."""
    return f"{value.astimezone(LOCAL_ZONE):%H:%M}" if isinstance(value, datetime) else ""


def status_words(person: AttendanceRecord) -> str:
    """``deputy for …``, ``left``, ``present (walk-in) · left 09:20, back 09:40``."""
    status = STATUS_WORDS.get(person.status, person.status)
    if person.deputy_for:
        status = f"deputy for {person.deputy_for}"
    if person.left_at is not None:
        status = "left"
    if person.walk_in:
        status += " (walk-in)"
    for left, back in person.breaks:  # left and came back: the earlier times stay
        status += f" · left {clock_time(left)}, back {clock_time(back)}"
    return status


def queue_preview(profile: Profile, queue: tuple[QueueEntry, ...]) -> str:
    """The queue beside the register: the children, or an actions-only meeting's items."""
    if not profile.discuss_children:
        # An actions-only meeting (R21): its items, as the chair will see them.
        from mace_tui.chair.monthly import WHOLE_MEETING

        items = [*profile.topics, *(e.name for e in queue), WHOLE_MEETING]
        lines = [f"[b]Items: {len(items)}[/b]"]
        lines += [f"{n:>2}. {escape(name)}" for n, name in enumerate(items, start=1)]
        return "\n".join(lines)
    # Counted by kind: an other item (MPRU, AOB) or a person of concern is not a child.
    lines = [f"[b]Queue: {subjects_counted([e.subject_kind for e in queue])}[/b]"]
    lines += [f"{e.position:>2}. {escape(e.name)}" for e in queue]
    if not queue:
        lines.append("No children on the queue yet.")
    return "\n".join(lines)


class AttendancePeople(QuickTable[object]):
    """Name (and role), agency, status, and when each person came in and went out."""

    WIDTHS = {"name": 24, "agency": 20}

    def add_register_columns(self) -> None:
        """The columns (the screen calls this on mount, before the first ``show``)."""
        for label, key, width in (
            ("Name", "name", 24),
            ("Agency", "agency", 20),
            ("Status", "status", 18),
            ("In", "joined", 5),
            ("Out", "left", 5),
        ):
            self.add_column(Text(label), key=key, width=width)  # not markup: see cells.headings

    def show(self, view: AttendanceView) -> None:
        """Fill the table from ``view``, keeping the cursor's row."""
        row = self.cursor_row
        self.clear()
        for person in view.people:
            role = role_label(person.role) if person.role != "member" else ""
            name = Text(person.name)
            if role:
                name.append(f" ({role})", style="dim")
            self.add_row(
                *plain(
                    name,
                    person.agency,
                    status_words(person),
                    clock_time(person.joined_at),
                    clock_time(person.left_at),
                ),
                key=str(person.person_id),
            )
        if view.people:
            self.move_cursor(row=min(max(row, 0), len(view.people) - 1))
        self.focus()
        self.fit()

    def selected(self, view: AttendanceView | None) -> AttendanceRecord | None:
        """The highlighted person."""
        if view is None or not view.people:
            return None
        return view.people[min(self.cursor_row, len(view.people) - 1)]

    def fit(self) -> None:
        """Names and agencies take the width there is (no 20-character cut at 160 columns)."""
        fit_columns(self, self.WIDTHS)
