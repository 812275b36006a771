"""Home: today's meeting and its queue, with each child's history at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable, Static

from mace_tui.reports.counting import subjects_counted
from mace_tui.screens.base import MaceScreen
from mace_tui.widgets.case_queue import CaseQueue
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.overview import ChildSummary, MeetingOverview
    from store.db import Store


class HomeScreen(MaceScreen[None]):
    """Today's meeting at a glance."""

    BINDINGS = [
        Binding("c", "app.open_task('chair')", "Chair the meeting", id="home.chair"),
        Binding("p", "app.open_task('prep')", "Prepare", id="home.prep"),
        Binding("v", "app.open_task('review')", "Recordings", id="home.review"),
        Binding("d", "app.open_task('directory')", "Directory", id="home.directory"),
        # For a meeting that discusses no child (the monthly one): its data pack (R21). Said on
        # the screen itself (#pack-hint), not in the footer, which has no room left at 80 columns.
        Binding("m", "open_data_pack", "Data pack", id="home.data_pack", show=False),
        Binding("r", "reload", "Reload", id="home.reload"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: MeetingOverview | None = None
        self._shown = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="home"):
            yield Static("Opening the store…", id="meeting-info")
            yield Static("", id="empty")
            yield Static(
                "m: the monthly data pack (last month's figures with their 12-month trend).",
                id="pack-hint",
                classes="hint",
            )
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_data_pack":
            return not self.app.profile.discuss_children
        return True

    def action_open_data_pack(self) -> None:
        """The monthly data pack (R21)."""
        self.app.action_open_data_pack()

    def on_mount(self) -> None:
        self.query_one("#empty").display = False
        self.query_one("#pack-hint").display = not self.app.profile.discuss_children
        self.take_early(self._show)
        self.watch(self.app, "store", self._store_changed, init=True)
        self.watch(self.app, "store_error", self._store_failed, init=False)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and not self._shown:
            self.action_reload()

    def _store_failed(self, error: str | None) -> None:
        if error is None:
            return
        self.query_one("#meeting-info", Static).update(
            f"[b]The store could not be opened.[/b]\n{escape(error)}"
        )

    def action_reload(self) -> None:
        """Read today's meeting again."""
        if self.app.store is None:
            return
        profile, today, config_dir = self.app.profile, self.app.today, self.app.settings.config_dir

        def job(store: Store) -> MeetingOverview | None:
            from mace_tui.overview import home_overview

            return home_overview(store, profile=profile, on=today, config_dir=config_dir)

        self.read("home", job, self._show)

    def _queue(self) -> CaseQueue:
        """The queue table, mounted on first use so the first frame stays light."""
        found = self.query(CaseQueue)
        if found:
            return found.first()
        queue = CaseQueue(id="queue")
        detail = Static("", id="child-detail")
        self.query_one("#home").mount_all([queue, detail], after="#meeting-info")
        return queue

    def _show(self, overview: MeetingOverview | None) -> None:
        self.overview = overview
        self._shown = True
        info = self.query_one("#meeting-info", Static)
        empty = self.query_one("#empty", Static)
        profile = self.app.profile
        day = self.app.today
        if overview is None:
            info.update(f"[b]{profile.name}[/b] — {day:%A %d %B %Y}")
            self.query(CaseQueue).set(display=False)
            empty.display = True
            empty.update(
                f"There is no {profile.short_name} meeting today.\n"
                "The coordinator prepares one with [b]mace-tui prep[/b]."
            )
            return
        meeting = overview.meeting
        waiting = sum(1 for c in overview.queue if c.entry.status == "waiting")
        info.update(
            f"[b]{profile.name}[/b] — {meeting.date:%A %d %B %Y}, {meeting.scheduled_start} "
            f"({meeting.scheduled_minutes} min) · {meeting.status}\n"
            f"{subjects_counted([c.entry.subject_kind for c in overview.queue])} on the queue, "
            f"{waiting} waiting"
        )
        if not overview.queue:
            self.query(CaseQueue).set(display=False)
            empty.display = True
            empty.update("The queue is empty. Add children with [b]mace-tui prep[/b].")
            return
        empty.display = False
        queue = self._queue()
        queue.display = True
        queue.show(overview.queue)
        queue.focus()
        self._detail(0)

    @on(DataTable.RowHighlighted, "#queue")
    def child_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _detail(self, row: int) -> None:
        if self.overview is None or not 0 <= row < len(self.overview.queue):
            return
        self.query_one("#child-detail", Static).update(describe_child(self.overview.queue[row]))


def describe_child(summary: ChildSummary) -> str:
    """A few lines on the highlighted child: reason, history and flags."""
    entry = summary.entry
    lines = [
        f"[b]{escape(entry.name)}[/b] · {escape(entry.child_ref)}",
        escape(entry.reason) or "(no reason given)",
    ]
    if summary.history:
        past = ", ".join(
            f"{h.meeting_date:%d %b %Y} {h.grade or h.status}" for h in summary.history[:4]
        )
        lines.append(f"Before: {past}")
    else:
        lines.append("Not discussed before.")
    notes = [flag.text for flag in summary.flags if flag.key != "seen"]
    if notes:
        lines.append(escape(" · ".join(notes)))
    return "\n".join(lines)
