"""Giving an update on an earlier meeting's action (R12): status, who gave it, and a note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from mace_tui.rules.carryover import NOTE_REQUIRED, REVIEW_STATUSES, review_problems
from mace_tui.screens.modals import dismiss_asking
from store.frozen import record

if TYPE_CHECKING:
    from store.carryover import CarriedItem


@record
class GiverChoice:
    """Someone in the room who can give the update."""

    person_id: int
    name: str
    agency_id: int
    agency: str


@record
class ReviewInput:
    """What the modal returns for saving."""

    action_id: int
    status: str
    note: str
    given_by_id: int


def default_giver(item: CarriedItem, givers: Sequence[GiverChoice]) -> int | None:
    """The owner if in the room, else someone from the owner's agency, else no one yet."""
    for giver in givers:
        if item.owner_person_id is not None and giver.person_id == item.owner_person_id:
            return giver.person_id
    for giver in givers:
        if giver.name.casefold() == item.owner.strip().casefold():
            return giver.person_id
    for giver in givers:
        if item.agency_id is not None and giver.agency_id == item.agency_id:
            return giver.person_id
    return None


class ActionReviewModal(ModalScreen[ReviewInput | None]):
    """The update form. A note is required when the action closes without being done."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="review_action.cancel"),
        Binding("ctrl+s", "save", "Save", id="review_action.save"),
    ]

    DEFAULT_CSS = """
    ActionReviewModal .dialog { width: 80; }
    ActionReviewModal RadioSet { width: 100%; height: auto; }
    ActionReviewModal #review-given-by { width: 100%; margin-top: 1; }
    ActionReviewModal #review-note { margin-top: 1; }
    ActionReviewModal .dialog-buttons { margin-top: 0; }
    """

    def __init__(
        self, item: CarriedItem, *, status: str | None, givers: Sequence[GiverChoice]
    ) -> None:
        super().__init__(classes="modal")
        self._item = item
        review = item.review
        self._status = status or (review.status if review else "complete")
        self._givers = list(givers)
        chosen = review.given_by_id if review else None
        if chosen not in {g.person_id for g in self._givers}:
            chosen = default_giver(item, self._givers)
        self._given_by = chosen
        self._note = review.note if review and status in (None, review.status) else ""
        self._opened_with: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        item = self._item
        about = f" · {item.child_name}" if item.child_name else ""
        with Vertical(classes="dialog"):
            yield Label(
                f"[b]Update: action agreed {item.agreed_on:%d %b %Y}{escape(about)}[/b]",
                classes="dialog-title",
            )
            owner = f"{item.owner}, {item.agency}" if item.agency else item.owner
            yield Static(escape(f"{item.text}\nOwner: {owner}"), classes="dialog-body")
            with RadioSet(id="review-status", compact=True):
                for key, _, words in REVIEW_STATUSES:
                    yield RadioButton(words, value=key == self._status, id=f"status-{key}")
            yield Select(
                [(f"{g.name} — {g.agency}", g.person_id) for g in self._givers],
                prompt="Given by (someone in the room)",
                value=self._given_by if self._given_by is not None else Select.NULL,
                id="review-given-by",
                compact=True,
            )
            yield Input(self._note, placeholder=self._placeholder(), id="review-note", compact=True)
            yield Static("", id="review-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                # Compact, so the whole form fits an 80×24 terminal.
                yield Button("Save (ctrl+s)", variant="primary", id="review-save", compact=True)
                yield Button("Cancel", id="review-cancel", compact=True)

    def _placeholder(self) -> str:
        if self._status in NOTE_REQUIRED:
            return "Note: why it was not done or is no longer possible (required)"
        return "Note (optional): what was done, what is left"

    def on_mount(self) -> None:
        self._opened_with = self._snapshot()
        self.query_one("#review-note", Input).focus()

    @on(RadioSet.Changed, "#review-status")
    def status_chosen(self, event: RadioSet.Changed) -> None:
        key = (event.pressed.id or "").removeprefix("status-")
        if key:
            self._status = key
            self.query_one("#review-note", Input).placeholder = self._placeholder()

    @on(Button.Pressed, "#review-save")
    @on(Input.Submitted, "#review-note")
    def action_save(self) -> None:
        given = self.query_one("#review-given-by", Select).value
        given_by = given if isinstance(given, int) else None
        note = self.query_one("#review-note", Input).value
        problems = review_problems(
            status=self._status,
            note=note,
            given_by_id=given_by,
            in_room={g.person_id for g in self._givers},
        )
        if problems:
            self.query_one("#review-error", Static).update(
                "\n".join(escape(p.message) for p in problems)
            )
            focus = {"note": "#review-note", "given_by": "#review-given-by"}.get(
                problems[0].field, "#review-status"
            )
            self.query_one(focus).focus()
            return
        assert given_by is not None
        self.dismiss(
            ReviewInput(
                action_id=self._item.action_id,
                status=self._status,
                note=note.strip(),
                given_by_id=given_by,
            )
        )

    @on(Button.Pressed, "#review-cancel")
    def action_cancel(self) -> None:
        """Leave without saving; a typed note is thrown away only once the chair says so."""
        dismiss_asking(self, changed=self._snapshot() != self._opened_with, what="update")

    def _snapshot(self) -> tuple[object, ...]:
        note = self.query_one("#review-note", Input).value
        return (self._status, self.query_one("#review-given-by", Select).value, note.strip())
