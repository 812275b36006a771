"""The FORM agenda proposed from data (R19): keep, drop or add entries, then queue them.

Opened from the preparation screen (``p``) of a profile with a ``[review]`` table.
The proposal is read in a thread worker (``mace_tui.prep.form_review``); putting
it on the queue is one write on the app's write queue. The table is
``widgets/proposal_table.py``; adding entries is ``prep_proposal_add.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import Static

from mace_tui.rules.form_proposal import SECTIONS, day_text
from mace_tui.screens.prep_proposal_add import ProposalAdds
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.proposal_table import Line, ProposalTable
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.prep.form_review import ProposalView
    from mace_tui.prep.meeting import PrepTarget

__all__ = ["Line", "ProposalScreen"]


class ProposalScreen(ProposalAdds):
    """The proposed agenda by section, each entry with why it is there."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("space", "keep_or_drop", "Keep/drop", id="proposal.toggle"),
        Binding("x,delete", "drop", "Drop", id="proposal.drop", show=False),
        Binding("a", "add", "Add child", id="proposal.add"),
        Binding("o", "add_person", "Add person", id="proposal.add_person"),
        Binding("t", "add_free", "Other item", id="proposal.add_free"),
        Binding("m", "missing", "Missing", id="proposal.missing"),
        Binding("ctrl+s", "accept", "Put on queue", id="proposal.accept"),
        Binding("escape,q", "back", "Back", id="proposal.back"),
    ]

    def __init__(self, *, target: PrepTarget) -> None:
        super().__init__()
        self.target = target
        self.view: ProposalView | None = None
        self.lines: list[Line] = []

    @property
    def rows(self) -> list[tuple[str, int | None]]:
        """What each table row is: (section, index into lines or None for a heading)."""
        return self.query_one(ProposalTable).shown if self.is_mounted else []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Reading the store…", id="proposal-info")
        yield ProposalTable(id="proposal-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the proposal for the meeting."""
        from mace_tui.prep.form_review import read_proposal

        target = self.target
        self.read("proposal-load", lambda store: read_proposal(store, target=target), self._loaded)

    def _loaded(self, view: ProposalView) -> None:
        self.view = view
        # Read again (after the missing episodes, say): the choices made so far stay.
        chosen = {(line.kind, line.subject_id): line.kept for line in self.lines}
        added = [line for line in self.lines if line.added]
        moved = {(line.kind, line.subject_id) for line in added}
        self.lines = [
            Line(
                r.entry.section,
                r.entry.kind,
                r.entry.subject_id,
                r.entry.name,
                r.entry.why,
                kept=chosen.get(
                    (r.entry.kind, r.entry.subject_id), not (r.on_queue or r.removed or r.dropped)
                ),
                on_queue=r.on_queue,
            )
            for r in view.rows
            if (r.entry.kind, r.entry.subject_id) not in moved
        ] + added
        short = self.target.profile.short_name
        last = view.proposal.last_review
        carried = view.carried_actions
        self.query_one("#proposal-info", Static).update(
            f"[b]{escape(short)}[/b] {self.target.meeting_date:%A %d %B %Y} · agenda from data · "
            + (f"last {escape(short)} {day_text(last, self.target.meeting_date)}" if last
               else f"no earlier {escape(short)}")
            + f"\nFirst in the meeting: {carried} open action{'' if carried == 1 else 's'} "
            f"from earlier {escape(short)} meetings (carried over)."
            "\nspace keeps or drops · a adds a child, o a person, t an MPRU or AOB item · ctrl+s "
            "queues the kept entries"
        )  # fmt: skip
        self._draw()

    def _draw(self, cursor: int | None = None) -> None:
        table = self.query_one(ProposalTable)
        table.draw(self.lines, width=self.size.width, cursor=cursor)
        table.focus()
        self.refresh_bindings()

    def _current(self) -> tuple[str, Line | None]:
        return self.query_one(ProposalTable).current(self.lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (
            action in ("keep_or_drop", "drop", "add", "add_person", "add_free", "accept", "missing")
            and self.view is None
        ):
            return None
        if action in ("keep_or_drop", "drop") and self.is_mounted:
            line = self._current()[1]
            return None if line is None or line.on_queue else True
        if action == "missing" and self.is_mounted:
            line = self._current()[1]
            return None if line is None or line.kind != "child" else True
        return True

    def on_resize(self) -> None:
        # The reasons' column takes the width left: draw again at the new size.
        if self.view is not None:
            self._draw()

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    # -- keep, drop ------------------------------------------------------------------------

    def action_keep_or_drop(self) -> None:
        """Keep the highlighted entry, or drop it from the agenda."""
        line = self._current()[1]
        if line is not None and not line.on_queue:
            line.kept = not line.kept
            self.query_one(ProposalTable).restyle(line)

    def action_drop(self) -> None:
        """Drop the highlighted entry (an added one goes altogether)."""
        line = self._current()[1]
        if line is None or line.on_queue:
            return
        if line.added:
            self.lines.remove(line)
            self._draw()
        else:
            line.kept = False
            self.query_one(ProposalTable).restyle(line)

    def action_missing(self) -> None:
        """The highlighted child's missing episodes; the proposal is read again after."""
        from mace_tui.screens.prep_missing import MissingScreen

        line = self._current()[1]
        if line is not None and line.kind == "child":
            self.app.push_screen(MissingScreen(child_id=line.subject_id), lambda _: self.load())

    # -- queue -----------------------------------------------------------------------------

    def action_accept(self) -> None:
        """Put every kept entry on the queue, in section order."""
        from mace_tui.prep.form_review import Accepted, queue_proposal

        store, target, at = self.app.store, self.target, self.app.clock()
        if store is None or self.view is None:
            return
        order = [key for key, _ in SECTIONS]
        kept = sorted(
            (line for line in self.lines if line.kept and not line.on_queue),
            key=lambda line: order.index(line.section),
        )
        entries = [Accepted(x.section, x.kind, x.subject_id, x.why, x.name) for x in kept]
        # Proposed entries left unticked: remembered, so the proposal reopens with them dropped.
        dropped = [
            (x.kind, x.subject_id)
            for x in self.lines
            if not x.kept and not x.on_queue and not x.added and x.kind != "free"
        ]

        def job() -> int:
            from mace_tui.protection import os_user

            return queue_proposal(
                store, target, entries=entries, at=at, dropped=dropped, by=os_user()
            )

        def done(added: int) -> None:
            self.app.notify(f"Put {added} entr{'y' if added == 1 else 'ies'} on the queue.")
            self.dismiss(True)

        self.write("proposal-accept", job, done=done)

    def action_back(self) -> None:
        """Back to the queue without putting anything on it."""
        self.dismiss(False)
