"""Research on one queued child (R23): what each agency sent, who was asked, who has sent nothing.

Opened from the preparation queue (``s``). Reads and writes go through the
services in ``mace_tui.prep.research``: reads in a thread worker, writes on the
app's one write queue.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import DataTable, Static

from mace_tui.prep import research_steps
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.modals import ConfirmModal
from mace_tui.screens.research_form import AgencyPickScreen, ResearchFormScreen
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.prep.research import Contribution, MeetingResearch
    from store.research import NewResearch

TEXT_WIDTH = 60


def asked_line(research: MeetingResearch) -> str:
    """Who was asked, attending agencies apart from those that only contribute."""
    attending = [a.name for a in research.asked if a.attending]
    contributing = [a.name for a in research.asked if not a.attending]
    if not research.asked:
        return "No agency has been asked for research yet: press k to record one."
    parts = []
    if attending:
        parts.append(f"attending: {', '.join(attending)}")
    if contributing:
        parts.append(f"contributing only: {', '.join(contributing)}")
    return "Asked for research — " + "; ".join(parts) + "."


class ResearchScreen(MaceScreen[None]):
    """One child's research, by agency; add, delete, and record which agencies were asked."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("a", "add", "Add research", id="research.add"),
        Binding("x,delete", "remove", "Delete", id="research.remove"),
        Binding("k", "ask", "Agency asked", id="research.ask"),
        Binding("escape,q", "back", "Back", id="research.back"),
    ]

    def __init__(
        self, *, meeting_id: int, item_id: int, child_label: str, meeting_date: date
    ) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.item_id = item_id
        self.child_label = child_label
        self.meeting_date = meeting_date
        self.research: MeetingResearch | None = None
        self.rows: list[Contribution] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(f"Research on [b]{escape(self.child_label)}[/b]", id="research-title")
        yield Static("Reading…", id="research-asked")
        yield Static("", id="research-missing")
        yield DataTable(id="research-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Read this child's research and the meeting's asked agencies."""
        meeting_id, item_id = self.meeting_id, self.item_id
        self.read(
            "research-load",
            lambda store: research_steps.read_child_research(
                store, meeting_id=meeting_id, item_id=item_id
            ),
            self._show,
        )

    def _show(self, research: MeetingResearch) -> None:
        self.research = research
        mine = research.for_item(self.item_id)
        self.query_one("#research-asked", Static).update(escape(asked_line(research)))
        missing = self.query_one("#research-missing", Static)
        missing.set_class(bool(mine.missing), "warning")
        missing.update(
            escape(f"Nothing received yet from: {', '.join(mine.missing)}.")
            if mine.missing
            else ("Every agency asked has sent something." if research.asked else "")
        )
        table = self.query_one("#research-table", DataTable)
        # Columns afresh each time, so their widths fit what is shown now.
        table.clear(columns=True)
        table.add_columns("Agency", "From", "Kind", "Received", "What they hold")
        self.rows = [entry for group in mine.by_agency for entry in group.entries]
        for entry in self.rows:
            text = " ".join(entry.text.split())
            if len(text) > TEXT_WIDTH:
                text = text[: TEXT_WIDTH - 1] + "…"
            table.add_row(
                escape(entry.agency),
                escape(entry.contributor),
                "fact" if entry.kind == "fact" else "opinion",
                f"{entry.received:%d/%m/%Y}",
                escape(text),
                key=str(entry.id),
            )
        if not self.rows:
            table.add_row("Nothing recorded yet: press a to add research.", "", "", "", "")
        table.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove" and not self.rows:
            return None
        if action in ("add", "ask", "remove") and self.research is None:
            return None
        return True

    def _reload_after(self, message: str) -> None:
        self.notify(message)
        self.load()

    # -- actions -------------------------------------------------------------------------

    def action_add(self) -> None:
        """Type in what one agency sent."""
        if self.research is None:
            return
        self.app.push_screen(
            ResearchFormScreen(
                child_label=self.child_label,
                item_id=self.item_id,
                agencies=self.research.agencies,
                meeting_date=self.meeting_date,
                today=self.app.today,
            ),
            self._entered,
        )

    def _entered(self, entry: NewResearch | None) -> None:
        store = self.app.store
        if entry is None or store is None:
            return
        at = self.app.clock()
        self.write(
            "research-add",
            lambda: research_steps.add_research(store, entry, at=at),
            done=lambda _id: self._reload_after("Research saved."),
        )

    def action_remove(self) -> None:
        """Delete the highlighted contribution, after a confirmation."""
        row = self.query_one("#research-table", DataTable).cursor_row
        if not 0 <= row < len(self.rows):
            return
        entry = self.rows[row]
        self.app.push_screen(
            ConfirmModal(
                f"Delete the research from {entry.agency} received {entry.received:%d/%m/%Y}?",
                yes="Delete",
                no="Keep",
                destructive=True,
            ),
            partial(self._remove_confirmed, research_id=entry.id),
        )

    def _remove_confirmed(self, confirmed: bool | None, *, research_id: int) -> None:
        store = self.app.store
        if not confirmed or store is None:
            return
        self.write(
            "research-remove",
            lambda: research_steps.remove_research(store, research_id=research_id),
            done=lambda _: self._reload_after("Research deleted."),
        )

    def action_ask(self) -> None:
        """Record that an agency was asked for research on this meeting's children."""
        if self.research is None:
            return
        asked = {a.id for a in self.research.asked}
        choices = [a for a in self.research.agencies if a.id not in asked]
        self.app.push_screen(
            AgencyPickScreen(title="Which agency was asked for research?", agencies=choices),
            self._ask_chosen,
        )

    def _ask_chosen(self, agency_id: int | None) -> None:
        store = self.app.store
        if agency_id is None or store is None:
            return
        meeting_id, at = self.meeting_id, self.app.clock()
        self.write(
            "research-ask",
            lambda: research_steps.record_asked(
                store, meeting_id=meeting_id, agency_id=agency_id, at=at
            ),
            done=lambda _: self._reload_after("Agency recorded as asked."),
        )

    def action_back(self) -> None:
        """Back to the queue."""
        self.dismiss(None)
