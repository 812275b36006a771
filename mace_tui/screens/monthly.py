"""An actions-only meeting's items (R21): each topic, then the meeting as a whole, with the
actions agreed on it. No THRIVE notes, no grade and no recording: the meeting works from
data and records actions only. F12 ends it and shows the action log."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from mace_tui.chair import monthly
from mace_tui.chair.disruption import tactics_for
from mace_tui.chair.monthly import MonthlyItem, MonthlyView
from mace_tui.screens.action_editor import ActionEditor, ActionInput, OwnerChoice
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.modals import ConfirmModal
from mace_tui.widgets.actions_pane import ActionsPane
from mace_tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from store.records import MeetingRecord

_KIND_LABEL = {
    "topic": "",
    "meeting": "",
    "child": "child",
    "person": "person",
    "location": "place",
}


# The count column and the cells' padding, beside the title (DataTable pads each cell by 1).
_COUNT_WIDTH = 4
_MIN_TITLE = 12


def _title_width(table: DataTable[Any]) -> int:
    """The title column's width: what the list has left after the count, padding and the
    scroll bar."""
    spare = table.scrollable_content_region.width or table.size.width
    padding = 2 * table.cell_padding * 2
    return max(_MIN_TITLE, spare - _COUNT_WIDTH - padding - table.styles.scrollbar_size_vertical)


class MonthlyScreen(MaceScreen[None]):
    """The chair's items of an actions-only meeting, and the actions on the highlighted one."""

    CSS_PATH = "monthly.tcss"

    BINDINGS = [
        Binding("n", "new('action')", "New action", id="monthly.new"),
        Binding(
            "i",
            "new('info-share')",
            "Share",
            tooltip="New information-sharing action",
            id="monthly.info",
        ),
        Binding("f12", "end_meeting", "End", id="monthly.end"),
    ]

    def __init__(self, *, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.view: MonthlyView | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="monthly-title", classes="screen-title")
        with Horizontal(id="monthly-main"):
            yield DataTable(id="monthly-items", cursor_type="row", zebra_stripes=True)
            yield ActionsPane(id="monthly-actions")
        yield Static("", id="monthly-message", classes="hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#monthly-items", DataTable)
        table.add_column("Acts", key="count", width=_COUNT_WIDTH)
        table.add_column("Item", key="item")
        table.focus()
        self.load()

    # -- reading ---------------------------------------------------------------------------
    def load(self, then: str = "") -> None:
        """Read the items and their actions, then say ``then``."""
        meeting_id, profile = self.meeting_id, self.app.profile
        self.read(
            "monthly-read",
            lambda store: monthly.read_monthly(store, meeting_id=meeting_id, profile=profile),
            lambda view: self._loaded(view, then),
        )

    def reload(self, then: str = "") -> None:
        """Read again after a write, then say ``then``."""
        self.load(then)

    def _loaded(self, view: MonthlyView, then: str) -> None:
        self.view = view
        self._fill_rows()
        total = sum(len(a) for a in view.actions.values())
        self.query_one("#monthly-title", Static).update(
            f"[b]{self.app.profile.name}[/b] — actions only: {len(view.items)} items, "
            f"{total} action{'' if total == 1 else 's'} agreed"
        )
        self._show_actions()
        self.say(then or "n: new action on the highlighted item · Tab: its actions · F12: end")

    def on_resize(self) -> None:
        # Titles wrap to the list's width, so the rows are laid out again at a new size.
        self.call_after_refresh(self._fill_rows)

    def _fill_rows(self) -> None:
        """One row per item; a long title wraps over several lines instead of being cut."""
        view = self.view
        if view is None:
            return
        table = self.query_one("#monthly-items", DataTable)
        row = table.cursor_row
        width = _title_width(table)
        column = table.columns[ColumnKey("item")]
        column.width, column.auto_width = width, False
        table.clear()
        for item in view.items:
            label = _KIND_LABEL.get(item.kind, "")
            title = f"{item.title} ({label})" if label else item.title
            table.add_row(
                str(len(view.actions_of(item.key))),
                Text(title, overflow="fold"),
                key=item.key,
                height=None,
            )
        table.move_cursor(row=min(max(row, 0), len(view.items) - 1))

    @on(DataTable.RowHighlighted, "#monthly-items")
    def item_highlighted(self) -> None:
        self._show_actions()

    @on(DataTable.RowSelected, "#monthly-items")
    def item_chosen(self) -> None:
        self.query_one(ActionsPane).focus_table()

    def _show_actions(self) -> None:
        item = self.current
        if self.view is None or item is None:
            return
        self.query_one(ActionsPane).show(self.view.actions_of(item.key), today=self.app.today)

    @property
    def current(self) -> MonthlyItem | None:
        """The highlighted item."""
        if self.view is None or not self.view.items:
            return None
        row = self.query_one("#monthly-items", DataTable).cursor_row
        return self.view.items[min(max(row, 0), len(self.view.items) - 1)]

    def say(self, text: str) -> None:
        """A line under the tables."""
        self.query_one("#monthly-message", Static).update(text)

    # -- actions ---------------------------------------------------------------------------
    def action_new(self, kind: str) -> None:
        self.query_one(ActionsPane).post_message(ActionsPane.EditWanted(None, kind))

    @on(ActionsPane.EditWanted)
    def edit_action(self, event: ActionsPane.EditWanted) -> None:
        item, view = self.current, self.view
        if item is None or view is None:
            return
        owners = [OwnerChoice(p.name, p.person_id, p.agency_id) for p in view.owners]
        opened = event.action.version if event.action is not None else None

        def saved(result: ActionInput | None) -> None:
            if result is not None:
                self.save_action(item, result, opened)

        self.app.push_screen(
            ActionEditor(
                action=event.action,
                kind=event.kind,
                today=self.app.today,
                owners=owners,
                agencies=view.agencies,
                present_agencies={p.agency for p in view.owners},
                tactics=tactics_for(item.kind, self.app.profile),
                for_child=item.kind == "child",
                item_title=item.title,
            ),
            saved,
        )

    def save_action(self, item: MonthlyItem, result: ActionInput, version: int | None) -> None:
        """Save on the write queue; the item's row then shows the new count."""
        meeting_id, at, fields = self.meeting_id, self.app.clock(), result.as_saved()
        self.chair_write(
            "monthly-action",
            lambda store, seat: monthly.save_monthly_action(
                store,
                item=item,
                meeting_id=meeting_id,
                fields=fields,
                version=version,
                at=at,
                seat=seat,
            ),
            done=lambda _: self.reload(f"Saved on {item.title}."),
        )

    @on(ActionsPane.RemoveWanted)
    def remove_action(self, event: ActionsPane.RemoveWanted) -> None:
        from mace_tui.screens.action_remove import confirm_remove

        confirm_remove(
            self, event.action, name="monthly-remove", done=lambda _: self.reload("Action removed.")
        )

    # -- ending ----------------------------------------------------------------------------
    def action_end_meeting(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.end_meeting(self.app.clock())

        self.app.push_screen(
            ConfirmModal(
                "End the meeting?",
                "The end time is recorded and the action log is produced.",
                yes="End meeting",
            ),
            confirmed,
        )

    def end_meeting(self, at: datetime) -> None:
        """Record the end, then show the action log."""
        app, meeting_id = self.app, self.meeting_id

        def done(record: MeetingRecord) -> None:
            from mace_tui.screens.chair_start import open_stage

            audio = app.chair_audio
            app.run_worker(lambda: audio.stop(timeout=5.0), thread=True, group="recorder-stop")
            open_stage(app, record)

        self.chair_write(
            "end-meeting",
            lambda store, seat: monthly.end_monthly_meeting(
                store, meeting_id=meeting_id, at=at, seat=seat
            ),
            done=done,
        )


__all__ = ["MonthlyScreen"]
