"""The case queue: one row per child, with status and history flags."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from mace_tui.rules.subject_words import FREE_MARKS
from mace_tui.rules.vocab import REFERRAL_SOURCES, types_label
from mace_tui.widgets.cells import headings, plain
from mace_tui.widgets.quick_table import QuickTable

if TYPE_CHECKING:
    from mace_tui.overview import ChildSummary
    from store.records import QueueEntry

STATUS_MARKS = {
    "waiting": ("·", "dim"),
    "in-discussion": ("▶", "bold"),
    "done": ("✓", "green"),
    "deferred": ("↷", "yellow"),
}
FLAG_STYLES = {
    "repeat": "bold red",
    "returning": "bold magenta",
    "medium-3m": "yellow",
    "actions": "cyan",
}

# How a person or a location of concern is marked on the queue (R22).
KIND_MARKS = {"person": "person", "location": "place"}


def _label(entry: QueueEntry) -> str:
    """The queue's name cell: a child's name, a subject marked by kind, a free item's section."""
    if entry.is_child:
        return entry.name
    if entry.is_free:
        return f"{entry.name} ({FREE_MARKS.get(entry.free_section, entry.free_section)})"
    return f"{entry.name} ({KIND_MARKS[entry.subject_kind]})"


# Each column's heading, key and width (None: as wide as its cells). Flags before the rest,
# so an 80-column terminal still shows them (R16, R17).
COLUMNS = (
    ("#", "pos", 3),
    ("", "status", 1),
    ("Child", "child", None),
    ("Age", "age", 3),
    ("Flags", "flags", None),
    ("Local authority", "la", None),
    ("Source", "source", None),
    ("Types", "types", None),
)


class CaseQueue(QuickTable[str | Text]):
    """A meeting's queue of children; the row key is the agenda item id."""

    DEFAULT_CSS = """
    CaseQueue { height: 1fr; }
    """

    def __init__(
        self,
        *,
        id: str | None = None,
        source_labels: Mapping[str, str] | None = None,
        hidden_flags: Collection[str] = (),
    ) -> None:
        """``source_labels`` replaces the words for referral sources (e.g. shorter ones);
        flags whose key is in ``hidden_flags`` are left out (shown elsewhere on the screen)."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.source_labels = REFERRAL_SOURCES if source_labels is None else source_labels
        self.hidden_flags = frozenset(hidden_flags)
        labels = headings(*(label for label, _, _ in COLUMNS))
        for heading, (_, key, width) in zip(labels, COLUMNS, strict=True):
            self.add_column(heading, key=key, width=width)

    def _add(self, entry: QueueEntry, flags: Text, *, age: int | None) -> None:
        mark, style = STATUS_MARKS.get(entry.status, ("?", ""))
        self.add_row(
            *plain(
                str(entry.position),
                Text(mark, style=style),
                _label(entry),
                "" if age is None else str(age),
                flags,
                entry.local_authority,
                ""
                if entry.is_free
                else self.source_labels.get(entry.referral_source, entry.referral_source),
                types_label(entry.exploitation_types),
            ),
            key=str(entry.item_id),
        )

    def show(self, queue: Sequence[ChildSummary], *, cursor_item: int | None = None) -> None:
        """Replace the rows, keeping the cursor on the same row where possible.

        With ``cursor_item`` (an agenda item id), the cursor goes to that child instead.
        """
        keep = self.cursor_row
        if cursor_item is not None:
            keep = next((i for i, s in enumerate(queue) if s.entry.item_id == cursor_item), keep)
        self.clear()
        for summary in queue:
            flags = Text()
            for flag in summary.flags:
                if flag.key in self.hidden_flags:
                    continue
                flags.append(flag.short + "  ", style=FLAG_STYLES.get(flag.key, "dim"))
            if summary.entry.late_change:
                flags.append("late ", style="italic")
            flags.rstrip()
            self._add(summary.entry, flags, age=summary.age)
        if queue:
            self.move_cursor(row=min(max(keep, 0), len(queue) - 1))
