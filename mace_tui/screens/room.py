"""The room for one child (R2, R3): who is here, their conflicts, and this child's quorum.

Shown when a child comes up, before the discussion starts: conflicts
recorded while preparing are listed and apply when the discussion starts,
unless the chair clears one with a reason; the chair asks the room and
declares any new one with c and a short reason. During the discussion, F6
opens the same step; a conflict raised then takes the person out at once.

If a conflict leaves a core agency or a required role with no one, the child
cannot go ahead: the screen names what is missing and offers a deputy, a
deferral with a reason, or an override with a written reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import DataTable, Footer, Static

from mace_tui.chair.room import RoomView
from mace_tui.rules.conflicts import ChildRoom
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.rules.vocab import role_label
from mace_tui.screens.base import MaceScreen, queued_write
from mace_tui.screens.modals import ChoiceModal, ReasonModal
from mace_tui.screens.walk_in import WalkIn, WalkInModal
from mace_tui.widgets.fit_columns import fit_columns
from mace_tui.widgets.quorum_bar import QuorumBar
from store.errors import UserError

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.conflicts import DeputyChoice, ItemConflict
    from store.records import AttendanceRecord

# Conflicts the chair can set aside before the child starts (x), with a reason.
CLEARABLE = ("prepared", "asked")
SOURCE_WORDS = {
    "prepared": "recorded beforehand",
    "asked": "declared as the child came up",
    "raised": "raised during the discussion",
}


@dataclass(frozen=True)
class RoomOutcome:
    """How the room step ended: ``start`` (or back to the discussion), ``cancel``, ``defer``."""

    kind: str
    reason: str = ""


def conflict_words(conflict: ItemConflict, *, started: bool) -> str:
    """``out (conflict): knows the family · recorded beforehand``."""
    if conflict.source == "cleared":
        return "in · " + conflict.reason
    when = SOURCE_WORDS.get(conflict.source, conflict.source)
    if conflict.left_at is not None:
        when += f", left {conflict.left_at.astimezone(LOCAL_ZONE):%H:%M}"
    elif not started:
        when += ", leaves when the discussion starts"
    return f"out (conflict): {conflict.reason} · {when}"


class RoomScreen(MaceScreen[RoomOutcome]):
    """Conflicts and quorum for one child; dismissed with what the chair decided."""

    BINDINGS = [
        Binding("c", "declare", "Conflict…", id="room.declare"),
        Binding("x", "clear", "Clear conflict", id="room.clear"),
        Binding("a", "deputy", "Add deputy", id="room.deputy"),
        Binding("o", "override", "Override", id="room.override"),
        Binding("f10", "defer", "Defer child", id="room.defer"),
        Binding("f9", "go", "Start discussion", id="room.start"),
        Binding("escape,f6", "back", "Back", id="room.back"),
    ]

    def __init__(self, *, item_id: int, started: bool, offer: bool = False) -> None:
        super().__init__()
        self.item_id = item_id
        self.started = started
        # Opened because the room changed (someone left): offer the ways forward at once.
        self._offer_now = offer
        self.view: RoomView | None = None
        # An override that no longer stands, offered again as the starting text.
        self._previous_override = ""
        # Set when the chair pressed F9 while inquorate and picked a way forward:
        # once the child may proceed, the discussion starts without another key.
        self._going = False

    def compose(self) -> ComposeResult:
        yield Static("", id="room-title", classes="screen-title")
        yield QuorumBar(id="room-quorum")
        yield Static("", id="room-verdict")
        yield DataTable(id="room-people", cursor_type="row", zebra_stripes=True)
        yield Static("", id="room-message", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#room-people", DataTable)
        table.add_column("Name", key="name", width=26)
        table.add_column("Agency", key="agency", width=22)
        table.add_column("For this child", key="status")
        self.reload(offer=self._offer_now)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action == "go":
            return not self.started
        if action == "clear":
            return (
                not self.started
                and view is not None
                and any(c.source in CLEARABLE for c in view.conflicts)
            )
        if action in ("deputy", "override"):
            return view is None or not view.room.quorum.quorate
        return True

    # -- reading -------------------------------------------------------------------
    @queued_write  # it may clear an override that no longer stands: a write
    def reload(
        self, done: str = "", offer: bool = False, before: frozenset[str] | None = None
    ) -> None:
        """Read the room for this child; with ``offer``, offer the ways forward if inquorate.

        ``before``: what was missing before the change; an override written for fewer
        gaps than there are now no longer stands (R2), and the chair is asked again.
        """
        from mace_tui.chair.room import load_room
        from store import conflicts

        store = self.app.require_store()
        with store.session() as session:
            view = load_room(session, item_id=self.item_id, profile=self.app.profile)
            room = view.room
            stale = ""
            if room.override_reason and room.quorum.quorate and not self.started:
                stale = "Quorate again: the override is no longer needed."
            elif room.overridden and before is not None and _gaps(room) - before:
                stale = "The override was written for a different gap; it needs a new reason."
            if stale:
                self._previous_override = room.override_reason
                conflicts.clear_quorum_override(session, item_id=self.item_id, at=self.app.clock())
                view = load_room(session, item_id=self.item_id, profile=self.app.profile)
                done = f"{done} {stale}".strip()
        self.app.call_from_thread(self._show, view, done, offer)

    def _show(self, view: RoomView, done: str, offer: bool = False) -> None:
        self.view = view
        self.refresh_bindings()
        stage = "during the discussion" if self.started else "before the discussion"
        self.query_one("#room-title", Static).update(
            f"[b]{escape(view.child_name)}[/b] — who is in the room ({stage})"
        )
        room = view.room
        self.query_one(QuorumBar).show(room.rule, room.quorum, label="This child")
        verdict = self.query_one("#room-verdict", Static)
        if room.quorum.quorate:
            verdict.update(
                "Out for this child: " + escape(", ".join(view.out_names))
                if view.out_names
                else "No one has a conflict for this child."
            )
        elif room.overridden:
            verdict.update(
                f"[yellow]{escape(room.describe())}[/]\n"
                f"[dim]Reason: {escape(room.override_reason)}[/dim]"
            )
        else:
            verdict.update(
                f"[b red]{escape(room.describe())}.[/]\n"
                "The child cannot go ahead — a: add a deputy · F10: defer · o: override with a reason"
            )
        self._fill(view)
        self._advise(view, done)
        if self._going and room.can_proceed:
            self._going = False
            self.dismiss(RoomOutcome("back" if self.started else "start"))
        elif offer and not room.can_proceed:
            # A conflict during the discussion: the child cannot carry on as it is.
            self._going = self.started
            self._offer_ways_forward()

    def _rows(self, view: RoomView) -> list[tuple[AttendanceRecord | None, ItemConflict | None]]:
        rows: list[tuple[AttendanceRecord | None, ItemConflict | None]] = [
            (p, view.conflict_of(p.person_id)) for p in view.in_room
        ]
        in_room = {p.person_id for p in view.in_room}
        rows += [(None, c) for c in view.conflicts if c.person_id not in in_room]
        return rows

    def _fill(self, view: RoomView) -> None:
        table = self.query_one("#room-people", DataTable)
        row = table.cursor_row
        table.clear()
        for person, conflict in self._rows(view):
            if person is not None:
                name = Text(person.name)
                if person.role != "member":
                    name.append(f" ({role_label(person.role)})", style="dim")
                if person.deputy_for:
                    name.append(f" deputy for {person.deputy_for}", style="dim")
                agency = person.agency
                key = str(person.person_id)
            else:
                assert conflict is not None
                name, agency, key = Text(conflict.name), conflict.agency, f"c{conflict.id}"
            if conflict is None:
                status = Text("in", style="green")
            elif conflict.active:
                status = Text(conflict_words(conflict, started=view.started), style="bold red")
            else:
                status = Text(conflict_words(conflict, started=view.started), style="dim")
            if person is None:
                status = Text("not at the meeting · ", style="dim") + status
            table.add_row(name, agency, status, key=key)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        table.focus()
        self._fit_columns()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        # Names and agencies take the width there is, not a fixed cut.
        fit_columns(self.query_one("#room-people", DataTable), {"name": 26, "agency": 22})

    def _advise(self, view: RoomView, done: str) -> None:
        prepared = [c for c in view.conflicts if c.source == "prepared"]
        parts = [done] if done else []
        if not self.started:
            if prepared:
                parts.append(
                    f"{len(prepared)} recorded beforehand: they leave when the discussion starts "
                    "(x clears one, with a reason)."
                )
            parts.append("Ask the room: c declares a conflict for the highlighted person.")
            if view.earlier_open:
                plural = "s" if view.earlier_open != 1 else ""
                parts.append(
                    f"{view.earlier_open} earlier action{plural} to update (F7 once started)."
                )
            parts.append("F9 or Enter: start the discussion.")
        else:
            parts.append(
                "c: the highlighted person declares a conflict and leaves now. Escape: back."
            )
        self.say(" ".join(parts))

    def say(self, text: str) -> None:
        """The hint line under the table."""
        self.query_one("#room-message", Static).update(escape(text))

    def _selected(self) -> tuple[AttendanceRecord | None, ItemConflict | None]:
        if self.view is None:
            return None, None
        rows = self._rows(self.view)
        if not rows:
            return None, None
        table = self.query_one("#room-people", DataTable)
        return rows[min(max(table.cursor_row, 0), len(rows) - 1)]

    # -- writing -----------------------------------------------------------------------
    @queued_write
    def change(self, edit: Callable[[Session], None], done: str, check: bool = False) -> None:
        """One edit in its own unit of work, then re-read (and, if asked, recheck quorum)."""
        before = _gaps(self.view.room) if self.view is not None else None
        store = self.app.require_store()
        try:
            with store.session() as session:
                edit(session)
        except UserError as exc:
            done = str(exc)  # said on the screen, which shows the room as it now is
        self.reload(done=done, offer=check, before=before)

    def action_declare(self) -> None:
        from store import conflicts

        person, conflict = self._selected()
        if person is None:
            self.say("Only someone in the room can declare a conflict.")
            return
        if conflict is not None and conflict.active:
            self.say(f"{person.name} already has a conflict for this child.")
            return
        source = "raised" if self.started else "asked"
        at = self.app.clock()
        leaves = "They leave the room now" if self.started else "They leave when it starts"

        def reason_given(reason: str | None) -> None:
            if reason:
                self.change(
                    lambda s: conflicts.declare(
                        s,
                        item_id=self.item_id,
                        person_id=person.person_id,
                        reason=reason,
                        source=source,
                        at=at,
                    ),
                    f"{person.name} has a conflict and is out for this child.",
                    check=True,
                )

        self.app.push_screen(
            ReasonModal(
                f"Conflict of interest: {person.name}",
                f"In a few words, why? {leaves}, for this child only.",
            ),
            reason_given,
        )

    def action_clear(self) -> None:
        from store import conflicts

        _, conflict = self._selected()
        if conflict is None or conflict.source not in CLEARABLE:
            self.say("Highlight someone whose conflict was recorded beforehand or just declared.")
            return
        what = "recorded" if conflict.source == "prepared" else "declared"

        def reason_given(reason: str | None) -> None:
            if reason:
                self.change(
                    lambda s: conflicts.clear_prepared(s, conflict_id=conflict.id, reason=reason),
                    f"{conflict.name}'s {what} conflict is cleared; they stay for this child.",
                )

        self.app.push_screen(
            ReasonModal(
                f"Clear {conflict.name}'s {what} conflict",
                f"{what.capitalize()}: {conflict.reason or 'no reason given'}. "
                "Why does it not apply? The reason goes in the action log.",
            ),
            reason_given,
        )

    # -- the three ways forward (R2) -------------------------------------------------
    def action_go(self) -> None:
        if self.view is None:
            return
        if not self.view.room.can_proceed:
            self._going = True
            self._offer_ways_forward()
            return
        self.dismiss(RoomOutcome("start"))

    @on(DataTable.RowSelected, "#room-people")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.started:
            self.action_go()

    def _offer_ways_forward(self) -> None:
        assert self.view is not None
        missing = ", ".join(self.view.room.missing_labels())
        choices = [
            (f"Add a deputy for {missing} who is in the room now", "deputy"),
            (f"Defer {self.view.child_name} to the next meeting, with a reason", "defer"),
            ("Go ahead anyway, with a written override reason (in the action log)", "override"),
        ]

        def chosen(way: str | None) -> None:
            if way is None:
                self._going = False
                return
            {"deputy": self.action_deputy, "defer": self.action_defer}.get(
                way, self.action_override
            )()

        self.app.push_screen(
            ChoiceModal(
                "This child cannot go ahead",
                choices,
                prompt=f"{self.view.room.describe()}.",
            ),
            chosen,
        )

    def action_deputy(self) -> None:
        if self.view is None:
            return
        if self.view.room.quorum.quorate:
            self.say("Quorate for this child: no deputy is needed.")
            return
        self.find_deputies()

    @work(thread=True, exclusive=True, group="room-deputies", exit_on_error=False)
    def find_deputies(self) -> None:
        """Who could join for the missing sector or role."""
        from mace_tui.chair.room import deputies_for_child

        assert self.view is not None
        room = self.view.room
        store = self.app.require_store()
        with store.session() as session:
            meeting_id, found = deputies_for_child(
                session,
                item_id=self.item_id,
                sectors=room.quorum.missing_sectors,
                roles=room.quorum.missing_roles,
            )
        found = [d for d in found if d.person_id not in room.conflicted]
        self.app.call_from_thread(self._choose_deputy, found, meeting_id)

    def _choose_deputy(self, found: list[DeputyChoice], meeting_id: int) -> None:
        assert self.view is not None
        choices: list[tuple[str, DeputyChoice | str]] = [
            (f"{d.name} — {d.agency}{'' if d.listed else ' (not invited)'}", d) for d in found
        ]
        choices.append(("Someone else, not on record yet (walk-in)…", "walk-in"))

        def chosen(choice: DeputyChoice | str | None) -> None:
            if choice is None:
                self._going = False
            elif isinstance(choice, str):
                self._walk_in(meeting_id)
            else:
                self._add_deputy(
                    meeting_id, choice.person_id, choice.name, choice.sector, choice.role
                )

        self.app.push_screen(
            ChoiceModal(
                f"Deputy for {', '.join(self.view.room.missing_labels())}",
                choices,
                prompt="Who has joined the room? They count for this child and stay for the meeting.",
            ),
            chosen,
        )

    def _covered(self, sector: str, role: str) -> int | None:
        """The conflicted person whose place the deputy takes (for the attendance record)."""
        assert self.view is not None
        room = self.view.room
        for need, _names in room.left_by_need:
            if need in (sector, role):
                for person in self.view.in_room:
                    if person.person_id in room.conflicted and need in (person.sector, person.role):
                        return person.person_id
        return None

    def _add_deputy(
        self, meeting_id: int, person_id: int, name: str, sector: str, role: str
    ) -> None:
        from store import attendance

        at = self.app.clock()
        covered = self._covered(sector, role)

        def add(session: Session) -> None:
            if covered is not None:
                attendance.set_deputy(
                    session,
                    meeting_id=meeting_id,
                    deputy_id=person_id,
                    for_person_id=covered,
                    at=at,
                )
            else:
                attendance.mark_present(session, meeting_id=meeting_id, person_id=person_id, at=at)

        self.change(add, f"{name} has joined as a deputy.")

    def _walk_in(self, meeting_id: int) -> None:
        from store import attendance, conflicts

        assert self.view is not None
        agencies = self.view.agencies

        def added(walk_in: WalkIn | None) -> None:
            if walk_in is None:
                self._going = False
                return
            at = self.app.clock()
            sector = next((a.sector for a in agencies if a.id == walk_in.agency_id), "")
            covered = self._covered(sector, walk_in.role)

            def add(session: Session) -> None:
                person_id = attendance.add_walk_in(
                    session,
                    meeting_id=meeting_id,
                    name=walk_in.name,
                    agency_id=walk_in.agency_id,
                    title=walk_in.title,
                    role=walk_in.role,
                    at=at,
                )
                if person_id in conflicts.conflicted_ids(session, item_id=self.item_id):
                    # Someone already on record, with a conflict for this child.
                    raise conflicts.ConflictError(
                        f"Deputy: {walk_in.name} has joined the meeting but has a conflict for "
                        "this child, so does not count towards its quorum."
                    )
                if covered is not None:
                    attendance.set_deputy(
                        session,
                        meeting_id=meeting_id,
                        deputy_id=person_id,
                        for_person_id=covered,
                        at=at,
                    )

            self.change(add, f"{walk_in.name} has joined as a deputy.")

        self.app.push_screen(WalkInModal(agencies), added)

    def action_override(self) -> None:
        from store import conflicts

        if self.view is None:
            return
        if self.view.room.quorum.quorate:
            self.say("Quorate for this child: no override is needed.")
            return
        missing = ", no ".join(self.view.room.missing_labels())

        def reason_given(reason: str | None) -> None:
            if not reason:
                self._going = False
                return
            self.change(
                lambda s: conflicts.set_quorum_override(s, item_id=self.item_id, reason=reason),
                "Override recorded; it is flagged in the action log.",
            )

        self.app.push_screen(
            ReasonModal(
                "Go ahead without full quorum",
                f"No {missing}. Why does the panel discuss this child anyway? "
                "The reason is flagged in the action log.",
                value=self.view.room.override_reason or self._previous_override,
            ),
            reason_given,
        )

    def action_defer(self) -> None:
        if self.view is None:
            return

        def reason_given(reason: str | None) -> None:
            if reason:
                self.dismiss(RoomOutcome("defer", reason))
            else:
                self._going = False

        default = ""
        if not self.view.room.quorum.quorate:
            default = self.view.room.short()
        self.app.push_screen(
            ReasonModal(
                f"Defer {self.view.child_name}",
                "Why is the discussion deferred to the next meeting?",
                value=default,
            ),
            reason_given,
        )

    def action_back(self) -> None:
        self.dismiss(RoomOutcome("back" if self.started else "cancel"))


def _gaps(room: ChildRoom) -> frozenset[str]:
    """What the child's quorum is missing: sectors and roles."""
    return frozenset((*room.quorum.missing_sectors, *room.quorum.missing_roles))
