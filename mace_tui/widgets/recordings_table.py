"""The review screen's list of recordings, the child's column as wide as the screen allows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.markup import escape

from mace_tui.widgets.cells import plain
from mace_tui.widgets.quick_table import QuickTable

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.review.listed import ListedRecording
    from mace_tui.review.periods import Retention

# Every column but the child's, with DataTable's padding and the scrollbar.
FIXED_WIDTH = 14 + 2 + 7 + 7 + 16 + 6 * 2 + 2


class RecordingsTable(QuickTable[Text]):
    """One row per recording; the highlighted one is what the screen's keys act on."""

    app: MaceApp

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.recordings: list[ListedRecording] = []
        self._child_width = 0

    def on_mount(self) -> None:
        self._add_columns()

    def on_resize(self) -> None:
        if self._wanted_width() != self._child_width:
            self.fill(self.recordings)

    def _wanted_width(self) -> int:
        return max(16, min(60, self.screen.size.width - FIXED_WIDTH))

    def _add_columns(self) -> None:
        self._child_width = self._wanted_width()
        # Headings and cells as plain text (widgets/cells): no markup parsing on first draw.
        self.add_column(Text("Meeting"), key="meeting", width=14)
        self.add_column(Text("#"), key="position", width=2)
        self.add_column(Text("Child"), key="child", width=self._child_width)
        self.add_column(Text("Length"), key="length", width=7)
        self.add_column(Text("Size"), key="size", width=7)
        self.add_column(Text("State"), key="state", width=16)

    def fill(self, found: list[ListedRecording]) -> None:
        """Fill the table, keeping the highlighted recording if it is still listed."""
        from mace_tui.review.words import clock, short_name, size_text

        keep = self.current_id()
        self.recordings = found
        self.clear(columns=True)
        self._add_columns()
        config = self.app.settings.config_dir
        for item in found:
            row = item.row
            if row.child_ref is not None:
                child = f"{row.child_ref} {row.child_name or ''}"
            else:
                child = f"({row.kind} recording)"
            if row.kind == "external":
                child += " · cut"
            self.add_row(
                *plain(
                    f"{row.meeting_date:%d %b %y} {short_name(row.profile, config)}",
                    str(row.position) if row.position is not None else "–",
                    child,
                    clock(row.duration_s) if row.duration_s is not None else "—",
                    size_text(item.size),
                    item.state,
                ),
                key=str(row.id),
            )
        if keep is not None and any(r.id == keep for r in found):
            self.move_cursor(row=self.get_row_index(str(keep)))

    def current_id(self) -> int | None:
        """The highlighted recording's id, if any."""
        if not self.recordings or self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return int(key.value) if key.value is not None else None

    def current(self) -> ListedRecording | None:
        """The highlighted recording, if any."""
        current = self.current_id()
        return next((r for r in self.recordings if r.id == current), None)


def what_it_is(item: ListedRecording) -> str:
    """The recording in words for messages: position and opaque reference, never a name."""
    row = item.row
    return f"discussion {row.position} ({row.child_ref})" if row.child_ref else "this recording"


def detail_text(
    item: ListedRecording, retention: Retention, checked: tuple[bool, str] | None
) -> str:
    """The line under the list: file, format, rate, how long it is kept, the last check."""
    from mace_tui.audio.formats import format_by_name, format_words
    from mace_tui.review.periods import kept_until

    row = item.row
    name = Path(row.path).name
    text = f"{escape(name)} · {format_words(format_by_name(Path(name)))} · {row.sample_rate / 1000:g} kHz"
    days = retention.days_for(row.profile)
    if days is not None and row.state != "deleted":
        text += f" · kept until {kept_until(row.meeting_date, days):%d %b %Y}"
    if checked is not None:
        passed, summary = checked
        text += "\n" + (escape(summary) if passed else f"[b]{escape(summary)}[/b]")
    elif row.verified is True:
        text += " · last check: intact"
    elif row.verified is False:
        text += " · [b]last check: FAILED[/b] (v checks it again)"
    return text


def review_status(count: int, expired: int, retention: Retention, *, expired_only: bool) -> str:
    """The line above the list: how many recordings, and the retention in force."""
    text = f"[b]{count} recording{'s' if count != 1 else ''}[/b]"
    if expired_only:
        text += " · past retention only (t for all)"
    if not retention.is_set:
        text += " · no retention period set (retention_days in settings.toml)"
    else:
        text += f" · {escape(retention.summary())} · {expired} past retention"
    return text
