"""Preparation: the coordinator builds the next meeting's queue, invitations and known conflicts.

Every edit is saved as it is made: it goes to a queue of changes drained by
one thread worker at a time (so edits land in order), then the screen reads
the meeting again. Nothing touches the database on the event loop.
"""

from __future__ import annotations

import itertools
import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from mace_tui.prep.concern_words import KIND_WORDS
from mace_tui.prep.deadline import deadline_text, default_meeting_date
from mace_tui.prep.fields import ChildDetails, ItemDetails
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.free_item import FreeItemKeys
from mace_tui.screens.modals import ConfirmModal
from mace_tui.screens.prep_add import ChildPick, ChildSearchScreen, ItemFormScreen, NewChildScreen
from mace_tui.screens.prep_concern import ConcernFormScreen, LinkChoice, LinkScreen
from mace_tui.screens.prep_files import ExportScreen, ImportChoice, ImportScreen
from mace_tui.screens.prep_people import PersonPick, PersonPickerScreen
from mace_tui.widgets.case_queue import CaseQueue
from mace_tui.widgets.child_history import ChildHistory
from mace_tui.widgets.footer import MeetingFooter
from mace_tui.widgets.prep_panel import PrepPanel

if TYPE_CHECKING:
    from datetime import datetime
    from types import ModuleType

    from mace_tui.app import MaceApp
    from mace_tui.csv_rows import Problem
    from mace_tui.overview import ChildSummary
    from mace_tui.prep.concern_csv import ConcernCheck, ConcernRow
    from mace_tui.prep.csv_import import ImportCheck
    from mace_tui.prep.edits import Edit, Saved
    from mace_tui.prep.meeting import PrepTarget, PrepView, SummaryCache
    from mace_tui.prep.npa import ReferralRow
    from store.db import Store

log = logging.getLogger(__name__)
QUEUE_TAB, PANEL_TAB = "queue", "panel"
# Actions that change the meeting; greyed out until it is loaded, and once it has started.
EDITS = {"add", "edit", "remove", "undo", "move", "conflict", "invite", "import_csv", "add_free"}
NEEDS_CHILD = {"edit", "move", "conflict", "research"}
QUEUE_ONLY = {"add", "edit", "undo", "move", "conflict", "research", "add_free"}
# Keys about a subject: not for a free item (MPRU, AOB), which has none (R19).
NOT_FREE = {"conflict", "research", "link"}
EXPORT_FOLDER = "case-lists"
MOVE = Binding.Group("Move", compact=True)
SHORT_SOURCES = {
    "police-report": "PPN",
    "intelligence": "Intelligence",
    "screening-tool": "Screening",
    "partner-referral": "Partner",
    "deferred": "Deferred",
    "review": "Review",
}


def _edits() -> ModuleType:
    """The edits module; the store (and with it this module's imports) is open by the time of any edit."""
    from mace_tui.prep import edits

    return edits


class PrepScreen(FreeItemKeys, MaceScreen[None]):
    """The next meeting's queue, with each child's history, invitations and conflicts."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("a", "add", "Add", id="prep.add"),
        Binding("e", "edit", "Edit", id="prep.edit"),
        Binding("x,delete", "remove", "Remove", id="prep.remove"),
        Binding("u", "undo", "Undo", id="prep.undo"),
        Binding(
            "shift+up,left_square_bracket",
            "move(-1)",
            "Move up",
            id="prep.move_up",
            key_display="⇧↑",
            group=MOVE,
        ),
        Binding(
            "shift+down,right_square_bracket",
            "move(1)",
            "Move down",
            id="prep.move_down",
            key_display="⇧↓",
            group=MOVE,
        ),
        Binding("c", "conflict", "Conflict", id="prep.conflict"),
        Binding("s", "research", "Research", id="prep.research"),
        Binding("n", "invite", "Invite", id="prep.invite"),
        Binding("f", "npa_referrals", "NPA referrals", id="prep.npa", show=False),
        # The tabs show their keys ("1 Queue  2 Invited & conflicts"): not repeated below.
        Binding("2", "tab('panel')", "Invited", id="prep.tab_panel", show=False),
        Binding("1", "tab('queue')", "Queue", id="prep.tab_queue", show=False),
        Binding("i", "import_csv", "Import", id="prep.import"),
        Binding("p", "proposal", "From data", id="prep.proposal"),
        Binding("m", "missing", "Missing", id="prep.missing", show=False),
        Binding("o", "add_concern", "Person/place", id="prep.add_concern", show=False),
        Binding("t", "add_free", "Other item", id="prep.add_free", show=False),
        Binding("k", "link", "Link", id="prep.link", show=False),
        Binding(
            "I", "import_concerns", "Import persons/places", id="prep.import_concerns", show=False
        ),
        Binding("l", "export_list", "Export", id="prep.export"),
        Binding("r", "reload", "Reload", id="prep.reload", show=False),
        Binding("q", "app.quit", "Quit", id="prep.quit"),
    ]

    app: MaceApp

    def __init__(self) -> None:
        super().__init__()
        self.target: PrepTarget | None = None
        self.view: PrepView | None = None
        self._cache: SummaryCache | None = None
        self._drmm: tuple[str, ...] = ()
        self._tickets = itertools.count(1)
        self._shown_ticket = 0
        self._referrals: dict[int, tuple[ReferralRow, ...]] = {}

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the store…", id="prep-info")
        yield Static("", id="prep-npa")
        with TabbedContent(initial=QUEUE_TAB, id="prep-tabs"):
            with TabPane("1 Queue", id=QUEUE_TAB):
                yield Static("", id="prep-empty")
                # Short source words and no "seen before" flag: the history panel says it.
                yield CaseQueue(id="prep-queue", source_labels=SHORT_SOURCES, hidden_flags={"seen"})
                yield ChildHistory(id="prep-history")
            with TabPane("2 Invited & conflicts", id=PANEL_TAB):
                yield PrepPanel(id="prep-panel")
        yield MeetingFooter()

    def on_mount(self) -> None:
        self.query_one("#prep-queue").display = False
        self.query_one("#prep-empty").display = False
        self.watch(self.app, "store", self._store_changed, init=True)
        self.watch(self.app, "store_error", self._store_failed, init=False)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and self.target is None:
            self.open_meeting(store)

    def _store_failed(self, error: str | None) -> None:
        if error is not None:
            self.query_one("#prep-info", Static).update(
                f"[b]The store could not be opened.[/b]\n{escape(error)}"
            )

    # -- reading -------------------------------------------------------------------

    def open_meeting(self, store: Store) -> None:
        """Find or create the meeting to prepare (a write: through the app's one write queue),
        then read it."""
        from mace_tui.prep.meeting import SummaryCache

        profile = self.app.profile
        config_dir = self.app.settings.config_dir
        extraordinary = self.app.extraordinary
        on = self.app.meeting_date or default_meeting_date(profile, self.app.today)
        self._cache = SummaryCache()

        def job() -> tuple[tuple[str, ...], PrepTarget, bool]:
            from mace_tui.prep.meeting import open_meeting
            from mace_tui.profiles import load_profiles

            drmm = tuple(p.key for p in load_profiles(config_dir).values() if p.counts_as_drmm)
            with store.session() as session:
                target, created = open_meeting(
                    session, profile=profile, on=on, extraordinary=extraordinary
                )
            return drmm, target, created

        def done(result: tuple[tuple[str, ...], PrepTarget, bool]) -> None:
            self._drmm, self.target, created = result
            if created:
                self.notify(
                    f"Created the{' extraordinary' if extraordinary else ''} "
                    f"{profile.short_name} meeting of {on:%A %d %B %Y}."
                )
            self.reload()

        self.write("open-meeting", job, done=done)

    def _read(self, store: Store, *, focus: int | None) -> None:
        """Read the meeting (in a worker thread) and show it unless a newer read was shown."""
        from mace_tui.prep.meeting import load_view

        assert self.target is not None
        ticket = next(self._tickets)
        with store.session() as session:
            view = load_view(
                session, target=self.target, drmm_profiles=self._drmm, cache=self._cache
            )
        self.app.call_from_thread(self._show, view, ticket, focus)
        self._read_referrals(store)

    def _read_referrals(self, store: Store) -> None:
        """The NPA referrals still open, and how many are overdue (R7), on a line of their own."""
        from mace_tui.prep.npa import list_referrals, open_by_child, open_summary

        today, config_dir = self.app.today, self.app.settings.config_dir
        with store.session() as session:
            rows = list_referrals(session, today=today, config_dir=config_dir)
        self.app.call_from_thread(self._show_referrals, open_summary(rows), open_by_child(rows))

    def _show_referrals(self, line: str, by_child: dict[int, tuple[ReferralRow, ...]]) -> None:
        shown = self.query_one("#prep-npa", Static)
        shown.display = bool(line)
        shown.update(f"{escape(line)} · f to track them" if line else "")
        # Each child's open referrals show in their history too (R7).
        self._referrals = by_child
        if self.view is not None and self.view.queue:
            self._history(self.query_one("#prep-queue", CaseQueue).cursor_row)

    @work(thread=True, exclusive=True, group="prep-load", exit_on_error=False)
    def reload(self, focus: int | None = None) -> None:
        """Read the meeting again."""
        if self.app.store is not None and self.target is not None:
            self._read(self.app.store, focus=focus)

    def action_reload(self) -> None:
        """Read the meeting again (another seat may have changed it)."""
        self.reload(self._current_item())

    # -- showing -------------------------------------------------------------------

    def _show(self, view: PrepView, ticket: int, focus: int | None) -> None:
        if ticket < self._shown_ticket:
            return  # an older read finishing late
        self._shown_ticket = ticket
        self.view = view
        self._info(view)
        queue = self.query_one("#prep-queue", CaseQueue)
        empty = self.query_one("#prep-empty", Static)
        history = self.query_one("#prep-history", ChildHistory)
        if view.queue:
            empty.display = False
            queue.display = True
            history.display = True
            queue.show(view.queue, cursor_item=focus)
            if not isinstance(self.focused, DataTable):
                queue.focus()
            self._history(queue.cursor_row)
        else:
            queue.display = False
            history.display = False
            empty.display = True
            empty.update(
                "No children on this queue yet.\n"
                "Press [b]a[/b] to add a child, [b]o[/b] a person or place of concern, "
                "[b]t[/b] an other item (MPRU, AOB), or [b]i[/b] to import a CSV list."
                + (
                    "\nPress [b]p[/b] for the agenda proposed from data."
                    if view.target.profile.review is not None
                    else ""
                )
                if view.editable
                else "No children on this queue."
            )
        self.query_one(PrepPanel).show(view)
        self.refresh_bindings()

    def _info(self, view: PrepView) -> None:
        target = view.target
        profile = target.profile
        kind = " [b red]EXTRAORDINARY[/]" if view.extraordinary else ""
        head = (
            f"[b]{escape(profile.short_name)}[/b]{kind} {target.meeting_date:%A %d %B %Y}, "
            f"{view.scheduled_start} ({view.scheduled_minutes} min) · "
            f"{escape(deadline_text(target.deadline, self.app.clock()))}"
        )
        count = sum(1 for s in view.queue if s.entry.is_child)
        free = sum(1 for s in view.queue if s.entry.is_free)
        others = len(view.queue) - count - free
        late = view.late.total
        late_text = f"{late} late change{'' if late == 1 else 's'}"
        if late:
            late_text = (
                f"[b yellow]{late_text} ({view.late.added} added, {view.late.removed} removed)[/]"
            )
        parts = [
            f"{count} {'child' if count == 1 else 'children'}"
            + (f" + {others} of concern" if others else "")
            + (f" + {free} other item{'' if free == 1 else 's'}" if free else ""),
            late_text,
            f"{len(view.invitations)} invited",
        ]
        if view.late_adds:
            parts.append(
                "[b]the meeting is in progress: a child added now (a) is a late change[/b]"
            )
        elif not view.editable:
            parts.append(f"[b]the meeting is {escape(view.status)}: read only[/b]")
        elif view.missing:
            parts.append(f"[yellow]nobody invited from {escape(', '.join(view.missing))}[/]")
        if view.editable and profile.review is not None:
            parts.append("[b]p[/b] agenda from data")
        text = f"{head}\n{' · '.join(parts)}"
        if view.directory_gap:
            text += f"\n[b yellow]{escape(view.directory_gap)}[/]"
        self.query_one("#prep-info", Static).update(text)

    def _highlighted(self) -> ChildSummary | None:
        if self.view is None or not self.view.queue:
            return None
        row = self.query_one("#prep-queue", CaseQueue).cursor_row
        return self.view.queue[row] if 0 <= row < len(self.view.queue) else None

    def _current_item(self) -> int | None:
        summary = self._highlighted()
        return summary.entry.item_id if summary else None

    def _history(self, row: int) -> None:
        view = self.view
        history = self.query_one("#prep-history", ChildHistory)
        if view is None or not 0 <= row < len(view.queue):
            history.show(None, meeting_date=self.app.today, counts_as_drmm=False)
            return
        summary = view.queue[row]
        history.show(
            summary,
            meeting_date=view.target.meeting_date,
            counts_as_drmm=view.target.profile.counts_as_drmm,
            conflicts=[c.person.name for c in view.conflicts_for(summary.entry.item_id)],
            npa_referrals=self._referrals.get(summary.entry.child_id or 0, ()),
        )

    @on(DataTable.RowHighlighted, "#prep-queue")
    def child_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._history(event.cursor_row)
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#prep-queue")
    def child_selected(self) -> None:
        self.action_edit()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self.refresh_bindings()

    def _active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self._active_tab() if self.is_mounted else QUEUE_TAB
        if action == "tab":
            return parameters[0] != tab
        if action in QUEUE_ONLY and tab != QUEUE_TAB:
            return False
        if action == "invite" and tab != PANEL_TAB:
            return False
        view = self.view
        if action == "add" and view is not None and view.late_adds and tab == QUEUE_TAB:
            return True  # a late child for the meeting in progress (R25)
        if action in EDITS and (view is None or not view.editable):
            return None
        if action == "export_list" and view is None:
            return None
        if view is not None and action in NEEDS_CHILD and self._highlighted() is None:
            return None
        if action in NOT_FREE and (free := self._highlighted()) is not None and free.entry.is_free:
            return None
        if action in ("proposal", "missing"):
            return self._review_check(action, tab)
        if view is not None and action == "undo" and not view.can_undo:
            return None
        if view is not None and action == "remove" and tab == QUEUE_TAB:
            return True if self._highlighted() is not None else None
        return True

    def action_tab(self, tab: str) -> None:
        """Show the queue, or the invitations and conflicts."""
        self.query_one(TabbedContent).active = tab
        if tab == QUEUE_TAB:
            self.query_one("#prep-queue").focus()
        else:
            self.query_one(PrepPanel).focus_invitations()

    # -- saving ----------------------------------------------------------------------

    def save(self, change: Edit) -> None:
        """Queue an edit on the app's one write queue: saved in order, off the event loop,
        then the meeting is read again."""
        store = self.app.store
        assert store is not None

        def job() -> Saved:
            with store.session() as session:
                return change(session)

        def done(saved: Saved) -> None:
            if saved.message:
                self.notify(saved.message)
            self.reload(saved.focus)

        def refused(text: str) -> None:
            self.notify(text, title="Not saved", severity="warning", timeout=10)
            self.reload(self._current_item())

        self.write("prep-edit", job, done=done, refused=refused)

    def _now(self) -> datetime:
        return self.app.clock()

    def _late_note(self, at: datetime, *, was_late: bool = False) -> str:
        target = self.target
        if target is None or target.deadline is None or at <= target.deadline:
            return ""
        if was_late:
            return " It was a late change; this cancels it."
        return " This is after the deadline, so it counts as a late change."

    # -- queue actions ----------------------------------------------------------------

    def action_add(self) -> None:
        """Search for a child to add, or record a new one."""
        if self.view is None:
            return
        on_queue = frozenset(
            s.entry.child_id for s in self.view.queue if s.entry.child_id is not None
        )
        self.app.push_screen(
            ChildSearchScreen(on_queue=on_queue, meeting_date=self.view.target.meeting_date),
            self._child_picked,
        )

    def _child_picked(self, pick: ChildPick | None) -> None:
        if pick is None or self.view is None:
            return
        if pick.child_id is None:
            self.app.push_screen(
                NewChildScreen(meeting_date=self.view.target.meeting_date, typed=pick.typed),
                self._new_child_entered,
            )
            return
        self.app.push_screen(
            ItemFormScreen(child_label=pick.label),
            partial(self._add_entered, child_id=pick.child_id, new_child=None),
        )

    def _new_child_entered(self, child: ChildDetails | None) -> None:
        if child is None:
            return
        self.app.push_screen(
            ItemFormScreen(child_label=child.name),
            partial(self._add_entered, child_id=None, new_child=child),
        )

    def _add_entered(
        self, details: ItemDetails | None, *, child_id: int | None, new_child: ChildDetails | None
    ) -> None:
        if details is None or self.target is None:
            return
        at = self._now()
        self.save(
            _edits().add(
                self.target,
                details=details,
                at=at,
                child_id=child_id,
                new_child=new_child,
                note=self._late_note(at),
            )
        )

    # -- persons and locations of concern (R22) ------------------------------------------

    def action_add_concern(self) -> None:
        """Add a new person or location of concern to the queue."""
        store, target = self.app.store, self.target
        if store is None or target is None:
            return

        def check(raw: dict[str, str]) -> tuple[ConcernRow | None, tuple[Problem, ...]]:
            from mace_tui.prep.concern_csv import check_concern_form

            with store.session() as session:
                return check_concern_form(session, raw=raw, on=target.meeting_date)

        self.app.push_screen(ConcernFormScreen(check=check), self._concern_entered)

    def _concern_entered(self, row: ConcernRow | None) -> None:
        if row is None or self.target is None:
            return
        at = self._now()
        self.save(_edits().add_concern(self.target, row=row, at=at, note=self._late_note(at)))

    def action_link(self) -> None:
        """Link the highlighted entry with another: a child with a person or a location."""
        item_id = self._current_item()
        if self.view is None or item_id is None:
            return
        current = next(s.entry for s in self.view.queue if s.entry.item_id == item_id)
        choices = [
            (s.entry.position, f"{s.entry.name} ({KIND_WORDS[s.entry.subject_kind]})")
            for s in self.view.queue
            if (s.entry.subject_kind == "child") != current.is_child
        ]
        if not choices:
            self.notify(
                "A link joins a child with a person or a location of concern: add one first (o).",
                title="Nothing to link with",
            )
            return
        self.app.push_screen(
            LinkScreen(label=current.name, choices=choices),
            partial(self._link_chosen, item_id=item_id),
        )

    def _link_chosen(self, choice: LinkChoice | None, *, item_id: int) -> None:
        if choice is not None:
            self.save(
                _edits().link_items(
                    item_id, position=choice.position, relation=choice.relation, at=self._now()
                )
            )

    def action_import_concerns(self) -> None:
        """Import persons and locations of concern from a CSV file, checked in full first."""
        store, target = self.app.store, self.target
        if store is None or target is None:
            return

        def check(path: Path) -> ConcernCheck:
            from mace_tui.prep.concern_csv import check_concern_file

            with store.session() as session:
                return check_concern_file(session, target=target, path=path)

        self.app.push_screen(
            ImportScreen(
                check=check,  # type: ignore[arg-type]
                start=f"{Path.cwd()}/",
                title="Import persons and locations of concern (CSV)",
                partial_allowed=False,
            ),
            self._concerns_chosen,
        )

    def _concerns_chosen(self, choice: ImportChoice | None) -> None:
        if choice is None or self.target is None:
            return
        check = cast("ConcernCheck", choice.check)
        self.save(_edits().import_concerns(self.target, check=check, at=self._now()))

    def action_edit(self) -> None:
        """Change the highlighted child's referral source, types and reason."""
        summary = self._highlighted()
        if summary is None or self.view is None or not self.view.editable:
            return
        entry = summary.entry
        if entry.is_free:
            self.edit_free(entry)
            return
        current = ItemDetails(
            referral_source=entry.referral_source,
            exploitation_types=tuple(t for t in entry.exploitation_types.split(",") if t),
            reason=entry.reason,
        )
        self.app.push_screen(
            ItemFormScreen(child_label=entry.name, current=current),
            partial(self._edit_entered, item_id=entry.item_id),
        )

    def _edit_entered(self, details: ItemDetails | None, *, item_id: int) -> None:
        if details is not None and self.target is not None:
            self.save(_edits().change(self.target, item_id=item_id, details=details))

    def action_move(self, offset: int) -> None:
        """Move the highlighted child up or down the queue."""
        item_id = self._current_item()
        if item_id is not None and self.target is not None:
            self.save(_edits().move(self.target, item_id=item_id, offset=offset))

    def action_remove(self) -> None:
        """Remove the highlighted child, invitation or conflict (after a confirmation)."""
        if self._active_tab() == PANEL_TAB:
            self._remove_from_panel()
            return
        summary = self._highlighted()
        if summary is None or self.view is None or not self.view.editable:
            return
        at = self._now()
        self.app.push_screen(
            ConfirmModal(
                f"Take {summary.entry.name} off the queue?",
                "You can put them back with u (undo)."
                + self._late_note(at, was_late=summary.entry.late_change),
                yes="Remove",
                no="Keep",
                destructive=True,
            ),
            partial(
                self._remove_confirmed,
                item_id=summary.entry.item_id,
                was_late=summary.entry.late_change,
            ),
        )

    def _remove_confirmed(self, confirmed: bool | None, *, item_id: int, was_late: bool) -> None:
        if not confirmed or self.target is None:
            return
        at = self._now()
        note = self._late_note(at, was_late=was_late)
        self.save(_edits().remove(self.target, item_id=item_id, at=at, note=note))

    def action_undo(self) -> None:
        """Put the last removed child back on the queue."""
        if self.target is not None:
            self.save(_edits().undo_removal(self.target, at=self._now()))

    def action_conflict(self) -> None:
        """Record that someone has a conflict of interest for the highlighted child."""
        summary = self._highlighted()
        if summary is None or self.view is None:
            return
        item_id = summary.entry.item_id
        already = frozenset(c.person.id for c in self.view.conflicts_for(item_id))
        self.app.push_screen(
            PersonPickerScreen(
                title=f"Known conflict of interest for {escape(summary.entry.name)}",
                people=self.view.people,
                invited=frozenset(i.person.id for i in self.view.invitations),
                exclude=already,
                ask_reason=True,
            ),
            partial(self._conflict_entered, item_id=item_id),
        )

    def _conflict_entered(self, pick: PersonPick | None, *, item_id: int) -> None:
        if pick is None or self.target is None:
            return
        edit = _edits().record_conflict(
            self.target,
            item_id=item_id,
            person_id=pick.person_id,
            reason=pick.reason,
            at=self._now(),
        )
        self.save(edit)

    def action_research(self) -> None:
        """Open the highlighted subject's research (R23): what agencies sent, who sent nothing."""
        from mace_tui.screens.research import ResearchScreen

        summary = self._highlighted()
        if summary is None or self.target is None:
            return
        entry = summary.entry
        self.app.push_screen(
            ResearchScreen(
                meeting_id=self.target.meeting_id,
                item_id=entry.item_id,
                child_label=f"{entry.name} ({entry.child_ref})"
                if entry.is_child
                else f"{entry.name} ({KIND_WORDS[entry.subject_kind]}, {entry.child_ref})",
                meeting_date=self.target.meeting_date,
            )
        )

    # -- the agenda from data and missing episodes (R19) --------------------------------

    def _review_check(self, action: str, tab: str) -> bool | None:
        view = self.view
        if action == "proposal":
            if self.app.profile.review is None:
                return False
            return True if view is not None and view.editable else None
        summary = self._highlighted()
        return True if tab == QUEUE_TAB and summary and summary.entry.is_child else None

    def action_proposal(self) -> None:
        """The review meeting's agenda proposed from data: keep, drop, add, then queue it."""
        from mace_tui.screens.prep_proposal import ProposalScreen

        if self.target is not None:
            self.app.push_screen(
                ProposalScreen(target=self.target), lambda _: self.reload(self._current_item())
            )

    def action_missing(self) -> None:
        """The highlighted child's missing episodes: list them, add one."""
        from mace_tui.screens.prep_missing import MissingScreen

        summary = self._highlighted()
        if summary is not None and summary.entry.child_id is not None:
            self.app.push_screen(MissingScreen(child_id=summary.entry.child_id))

    # -- invitations and conflicts tab -----------------------------------------------

    def action_npa_referrals(self) -> None:
        """Track the NPA referrals of ended meetings: check, send, outcome, close (R7)."""
        from mace_tui.screens.npa import NpaScreen

        self.app.push_screen(NpaScreen(), lambda _: self.reload(self._current_item()))

    def action_invite(self) -> None:
        """Invite someone to the meeting."""
        if self.view is None:
            return
        invited = frozenset(i.person.id for i in self.view.invitations)
        self.app.push_screen(
            PersonPickerScreen(
                title="Invite someone to the meeting", people=self.view.people, exclude=invited
            ),
            self._invite_entered,
        )

    def _invite_entered(self, pick: PersonPick | None) -> None:
        if pick is not None and self.target is not None:
            self.save(_edits().invite(self.target, person_id=pick.person_id))

    def _remove_from_panel(self) -> None:
        view = self.view
        if view is None or not view.editable:
            return
        panel = self.query_one(PrepPanel)
        conflict = panel.chosen_conflict()
        if conflict is not None:
            self.app.push_screen(
                ConfirmModal(
                    f"Delete the known conflict of {conflict.person.name}?",
                    yes="Delete",
                    no="Keep",
                    destructive=True,
                ),
                partial(self._conflict_delete_confirmed, conflict_id=conflict.id),
            )
            return
        invitation = panel.chosen_invitation()
        if invitation is not None:
            self.app.push_screen(
                ConfirmModal(
                    f"Withdraw the invitation of {invitation.person.name}?",
                    yes="Withdraw",
                    no="Keep",
                    destructive=True,
                ),
                partial(self._withdraw_confirmed, attendance_id=invitation.attendance_id),
            )

    def _conflict_delete_confirmed(self, confirmed: bool | None, *, conflict_id: int) -> None:
        if confirmed and self.target is not None:
            self.save(_edits().drop_conflict(self.target, conflict_id=conflict_id))

    def _withdraw_confirmed(self, confirmed: bool | None, *, attendance_id: int) -> None:
        if confirmed and self.target is not None:
            self.save(_edits().withdraw(self.target, attendance_id=attendance_id))

    # -- files ---------------------------------------------------------------------------

    def action_import_csv(self) -> None:
        """Import children from a CSV list, checked in full first."""
        store, target = self.app.store, self.target
        if store is None or target is None:
            return

        def check(path: Path) -> ImportCheck:
            from mace_tui.prep.csv_import import check_file

            with store.session() as session:
                return check_file(session, target=target, path=path)

        self.app.push_screen(ImportScreen(check=check, start=f"{Path.cwd()}/"), self._import_chosen)

    def _import_chosen(self, choice: ImportChoice | None) -> None:
        if choice is None or self.target is None:
            return
        edit = _edits().import_rows(
            self.target, check=choice.check, at=self._now(), only_valid=choice.only_valid
        )
        self.save(edit)

    def action_export_list(self) -> None:
        """Write the marked case list as Markdown and CSV."""
        store, target = self.app.store, self.target
        if store is None or target is None:
            return
        from mace_tui.prep.export import free_export_path

        folder = self.app.settings.data_dir / EXPORT_FOLDER
        default = free_export_path(folder, target)
        drmm, clock = self._drmm, self.app.clock

        def export(path: Path) -> list[Path]:
            from mace_tui.prep.export import export_case_list

            if path.parent == folder:
                folder.mkdir(mode=0o700, exist_ok=True)
            with store.session() as session:
                return export_case_list(
                    session, target=target, drmm_profiles=drmm, now=clock(), path=path
                )

        self.app.push_screen(ExportScreen(export=export, default=default), self._exported)

    def _exported(self, written: list[Path] | None) -> None:
        if written:
            self.notify(
                "Case list written (OFFICIAL-SENSITIVE, do not print):\n"
                + "\n".join(escape(str(p)) for p in written),
                timeout=10,
            )
