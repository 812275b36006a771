"""After the meeting: what was decided, in brief (the full action log comes from the reports)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Static

from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.rules.outcomes import outcome_label
from mace_tui.screens.base import MaceScreen

if TYPE_CHECKING:
    from store.records import ChildResult, MeetingRecord


class SummaryScreen(MaceScreen[None]):
    """The meeting's record at a glance; an inquorate meeting shows its short record."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="summary.quit")]

    def __init__(self, *, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static("Reading the meeting's record…", id="summary-text")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def load(self) -> None:
        """Read the meeting and each child's result."""
        from store import queries
        from store.models import Meeting

        store = self.app.require_store()
        with store.session() as session:
            meeting = session.get(Meeting, self.meeting_id)
            assert meeting is not None
            record = queries.meeting_record(meeting)
            rows = queries.meeting_results(session, meeting_id=self.meeting_id)
            text = summary_text(record, meeting.inquorate_reason, meeting.rearranged_date, rows)
        self.app.call_from_thread(self.query_one("#summary-text", Static).update, text)


def summary_text(
    meeting: MeetingRecord, inquorate_reason: str, rearranged: object, rows: list[ChildResult]
) -> str:
    """The summary as markup."""
    head = f"[b]{meeting.date:%A %d %B %Y} — {meeting.status}[/b]\n"
    if meeting.status == "inquorate":
        return (
            head
            + f"\nThe meeting could not go ahead: {escape(inquorate_reason)}.\n"
            + f"Rearrange it by {rearranged:%A %d %B %Y}.\n"
        )
    started = f"{meeting.started_at.astimezone(LOCAL_ZONE):%H:%M}" if meeting.started_at else "?"
    ended = f"{meeting.ended_at.astimezone(LOCAL_ZONE):%H:%M}" if meeting.ended_at else "?"
    lines = [head, f"Started {started}, ended {ended}.\n"]
    for row in rows:
        if row.status == "done":
            lines.append(
                f"{row.position:>2}. {escape(row.name)} — {row.grade} · {escape(outcome_label(row.outcome or ''))} · "
                f"{row.actions} action{'s' if row.actions != 1 else ''}"
            )
        elif row.status == "deferred":
            lines.append(
                f"{row.position:>2}. {escape(row.name)} — deferred: {escape(row.deferred_reason)}"
            )
        else:
            lines.append(f"{row.position:>2}. {escape(row.name)} — {row.status}")
    lines.append("\nPress q to quit.")
    return "\n".join(lines)
