"""The FORM agenda proposed from data (R19): keep, drop or add entries, then queue them.

Opened from the preparation screen (``p``) of a profile with a ``[review]`` table.
The proposal is read in a thread worker (``mace_tui.prep.form_review``); putting
it on the queue is one write on the app's write queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.markup import escape
from textual.widgets import DataTable, Footer, Header, Static

from mace_tui.rules.form_proposal import FREE_SECTIONS, SECTION_TITLES, SECTIONS, day_text
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.modals import ChoiceModal, ReasonModal

if TYPE_CHECKING:
    from mace_tui.prep.fields import FreeItemInput
    from mace_tui.prep.form_review import ProposalView
    from mace_tui.prep.meeting import PrepTarget
    from mace_tui.screens.prep_add import ChildPick

KEPT, DROPPED, QUEUED = "✓", "–", "queued"
MARK_WIDTH, SUBJECT_WIDTH = 6, 24


@dataclass
class Line:
    """One entry as the coordinator sees it: proposed or added, kept or dropped."""

    section: str
    kind: str
    subject_id: int
    name: str
    why: str
    kept: bool
    on_queue: bool = False
    added: bool = False


class ProposalScreen(MaceScreen[bool]):
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
        # What each table row is: (section, index into lines or None for a heading).
        self.rows: list[tuple[str, int | None]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the store…", id="proposal-info")
        yield DataTable(id="proposal-table", cursor_type="row", zebra_stripes=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="proposal-load", exit_on_error=False)
    def load(self) -> None:
        """Read the proposal for the meeting."""
        from mace_tui.prep.form_review import load_proposal

        store, target = self.app.store, self.target
        if store is None:
            return
        with store.session() as session:
            view = load_proposal(session, target=target)
        self.app.call_from_thread(self._loaded, view)

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
        table = self.query_one("#proposal-table", DataTable)
        keep = table.cursor_row if cursor is None else cursor
        table.clear(columns=True)
        # Fixed widths, so a long reason wraps onto more lines instead of running off screen.
        table.add_column("", width=MARK_WIDTH)
        table.add_column("Subject", width=SUBJECT_WIDTH)
        table.add_column("Why", width=max(20, self.size.width - MARK_WIDTH - SUBJECT_WIDTH - 8))
        self.rows = []
        for key, title in SECTIONS:
            mine = [n for n, line in enumerate(self.lines) if line.section == key]
            table.add_row("", f"[b]{escape(title)}[/b]", f"[dim]{len(mine)}[/dim]")
            self.rows.append((key, None))
            for n in mine:
                table.add_row(*_cells(self.lines[n]), height=None)
                self.rows.append((key, n))
            if not mine:
                # Two short cells: the subject column is too narrow for the whole hint.
                empty = "" if key in FREE_SECTIONS else "[dim]none from the data[/dim]"
                keys = "o to add" if key == "high-persons" else "a to add"
                table.add_row("", empty, f"[dim]{keys}[/dim]")
                self.rows.append((key, None))
        table.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))
        table.focus()
        self.refresh_bindings()

    def _current(self) -> tuple[str, Line | None]:
        row = self.query_one("#proposal-table", DataTable).cursor_row
        if not 0 <= row < len(self.rows):
            return SECTIONS[0][0], None
        section, index = self.rows[row]
        return section, (self.lines[index] if index is not None else None)

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

    # -- keep, drop, add -------------------------------------------------------------------

    def action_keep_or_drop(self) -> None:
        """Keep the highlighted entry, or drop it from the agenda."""
        line = self._current()[1]
        if line is not None and not line.on_queue:
            line.kept = not line.kept
            self._restyle(line)

    def _restyle(self, line: Line) -> None:
        """Show the highlighted entry kept or dropped without drawing the whole table again."""
        table = self.query_one("#proposal-table", DataTable)
        row = table.cursor_row
        for column, value in enumerate(_cells(line)):
            table.update_cell_at(Coordinate(row, column), value)

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
            self._restyle(line)

    def action_add(self) -> None:
        """Add a recorded child to the highlighted section."""
        from mace_tui.screens.prep_add import ChildSearchScreen

        section = self._current()[0]
        if section == "high-persons":
            self.notify(
                "High-risk persons takes persons of concern: press o to add one.",
                title="Not a child's section",
                severity="warning",
            )
            return
        queued = self.view.queued if self.view is not None else frozenset()
        # On the queue already: not choosable. Kept in the proposal: choosable (it moves here).
        on_queue = frozenset(i for kind, i in queued if kind == "child") | frozenset(
            line.subject_id for line in self.lines if line.kind == "child" and line.on_queue
        )
        listed = {
            line.subject_id: SECTION_TITLES[line.section]
            for line in self.lines
            if line.kind == "child" and line.kept and not line.on_queue
        }
        self.app.push_screen(
            ChildSearchScreen(
                on_queue=on_queue,
                meeting_date=self.target.meeting_date,
                listed=listed,
                title=f"Add a child under {SECTION_TITLES[section]}",
            ),
            partial(self._child_picked, section=section),
        )

    def _child_picked(self, pick: ChildPick | None, *, section: str) -> None:
        if pick is None:
            return
        if pick.child_id is None:
            self.notify(
                "Record a new child from the queue (a) first; the proposal takes recorded children.",
                title="Not added",
                severity="warning",
            )
            return
        title = dict(SECTIONS)[section]
        self.app.push_screen(
            ReasonModal(
                f"Why is {pick.label} on the agenda?",
                f"Under {title}: a few words the chair will read.",
            ),
            partial(self._reason_given, section=section, child_id=pick.child_id, name=pick.label),
        )

    def _reason_given(
        self, why: str | None, *, section: str, child_id: int, name: str, kind: str = "child"
    ) -> None:
        if why is None:
            return
        if self.view is not None and (kind, child_id) in self.view.queued:
            self.notify("Already on the queue.", title="Not added", severity="warning")
            return
        for line in self.lines:
            if line.kind == kind and line.subject_id == child_id:
                if line.on_queue:
                    self.notify("Already on the queue.", title="Not added", severity="warning")
                    return
                self.lines.remove(line)  # moved to the section it is added to
                break
        self.lines.append(Line(section, kind, child_id, name, why, kept=True, added=True))
        self._draw()

    def action_add_person(self) -> None:
        """Add a recorded person of concern to the highlighted section."""
        section = self._current()[0]
        if section == "high-children":
            self.notify(
                "High-risk children takes children: press a to add one.",
                title="Not a person's section",
                severity="warning",
            )
            return
        self._read_persons(section)

    @work(thread=True, exclusive=True, group="proposal-persons", exit_on_error=False)
    def _read_persons(self, section: str) -> None:
        from mace_tui.prep.form_review import person_choices

        store = self.app.store
        if store is None:
            return
        with store.session() as session:
            choices = person_choices(session)
        self.app.call_from_thread(self._choose_person, section, choices)

    def _choose_person(self, section: str, choices: list[tuple[str, int]]) -> None:
        if not choices:
            self.notify(
                "No person of concern is recorded yet: add one on the queue (o) first.",
                title="Nobody to add",
            )
            return
        labels = dict((pid, label) for label, pid in choices)
        self.app.push_screen(
            ChoiceModal("Which person of concern?", choices),
            lambda pid: None if pid is None else self._person_chosen(section, pid, labels[pid]),
        )

    def _person_chosen(self, section: str, person_id: int, label: str) -> None:
        title = dict(SECTIONS)[section]
        self.app.push_screen(
            ReasonModal(
                f"Why is {label} on the agenda?",
                f"Under {title}: a few words the chair will read.",
            ),
            partial(
                self._reason_given, section=section, child_id=person_id, name=label, kind="person"
            ),
        )

    def action_add_free(self) -> None:
        """An other item (a title, no subject) under MPRU considerations or any other business."""
        from mace_tui.screens.free_item import FreeItemModal

        section = self._current()[0]
        self.app.push_screen(
            FreeItemModal(section=section if section in FREE_SECTIONS else "aob"),
            self._free_entered,
        )

    def _free_entered(self, entry: FreeItemInput | None) -> None:
        if entry is not None and any(
            line.kind == "free" and line.name.casefold() == entry.title.casefold()
            for line in self.lines
        ):
            # Two with one title could not be told apart (the store refuses the pair too).
            self.notify(
                "title: an other item with this title is in the proposal already; "
                "give this one another.",
                title="Not added",
                severity="warning",
            )
            return
        if entry is not None:
            # Not on the queue yet: a negative id, one per line, until ctrl+s puts it there.
            made = -1 - sum(1 for line in self.lines if line.kind == "free" and line.added)
            self.lines.append(Line(entry.section, "free", made, entry.title, "", True, added=True))
            self._draw()

    def action_missing(self) -> None:
        """The highlighted child's missing episodes; the proposal is read again after."""
        from mace_tui.screens.prep_missing import MissingScreen

        line = self._current()[1]
        if line is not None and line.kind == "child":
            self.app.push_screen(MissingScreen(child_id=line.subject_id), lambda _: self.load())

    # -- queue -----------------------------------------------------------------------------

    def action_accept(self) -> None:
        """Put every kept entry on the queue, in section order."""
        from mace_tui.prep.form_review import Accepted

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
            from mace_tui.prep.form_review import accept
            from mace_tui.protection import os_user

            by = os_user()

            with store.session() as session:
                return accept(session, target, entries=entries, at=at, dropped=dropped, by=by)

        def done(added: int) -> None:
            self.app.notify(f"Put {added} entr{'y' if added == 1 else 'ies'} on the queue.")
            self.dismiss(True)

        self.write("proposal-accept", job, done=done)

    def action_back(self) -> None:
        """Back to the queue without putting anything on it."""
        self.dismiss(False)


def _cells(line: Line) -> tuple[str, str, str]:
    """An entry's mark, name and reason as markup: a dropped entry struck through."""
    mark = QUEUED if line.on_queue else (KEPT if line.kept else DROPPED)
    name = escape(line.name) + (" [dim](person)[/dim]" if line.kind == "person" else "")
    why = escape(line.why)
    if not line.kept and not line.on_queue:
        name, why = f"[dim strike]{name}[/]", f"[dim]{why}[/]"
    return mark, name, why
