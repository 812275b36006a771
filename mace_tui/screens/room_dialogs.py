"""The room step's dialogs (R2, R3): each one asks one thing and is answered in a callback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mace_tui.chair.room import add_deputy, add_walk_in_deputy
from mace_tui.screens.modals import ChoiceModal, ReasonModal
from mace_tui.screens.walk_in import WalkIn, WalkInModal

if TYPE_CHECKING:
    from textual.app import App

    from mace_tui.chair.room import RoomView
    from store.conflicts import DeputyChoice, ItemConflict
    from store.db import Store

# A change the chair chose: the service call to queue, and what to say once it is made.
Edit = Callable[["Store"], None]


def declare_dialog(name: str, *, started: bool) -> ReasonModal:
    """Why ``name`` has a conflict for this child."""
    leaves = "They leave the room now" if started else "They leave when it starts"
    return ReasonModal(
        f"Conflict of interest: {name}",
        f"In a few words, why? {leaves}, for this child only.",
    )


def clear_dialog(conflict: ItemConflict, what: str) -> ReasonModal:
    """Why a conflict recorded beforehand (or just declared) does not apply."""
    return ReasonModal(
        f"Clear {conflict.name}'s {what} conflict",
        f"{what.capitalize()}: {conflict.reason or 'no reason given'}. "
        "Why does it not apply? The reason goes in the action log.",
    )


def ways_forward_dialog(view: RoomView) -> ChoiceModal[str]:
    """The three ways forward for a child without quorum: deputy, defer, override."""
    missing = ", ".join(view.room.missing_labels())
    choices = [
        (f"Add a deputy for {missing} who is in the room now", "deputy"),
        (f"Defer {view.child_name} to the next meeting, with a reason", "defer"),
        ("Go ahead anyway, with a written override reason (in the action log)", "override"),
    ]
    return ChoiceModal("This child cannot go ahead", choices, prompt=f"{view.room.describe()}.")


def deputy_dialog(view: RoomView, found: list[DeputyChoice]) -> ChoiceModal[DeputyChoice | str]:
    """Who has joined as a deputy: someone on record, or a walk-in ("walk-in")."""
    choices: list[tuple[str, DeputyChoice | str]] = [
        (f"{d.name} — {d.agency}{'' if d.listed else ' (not invited)'}", d) for d in found
    ]
    choices.append(("Someone else, not on record yet (walk-in)…", "walk-in"))
    return ChoiceModal(
        f"Deputy for {', '.join(view.room.missing_labels())}",
        choices,
        prompt="Who has joined the room? They count for this child and stay for the meeting.",
    )


def override_dialog(view: RoomView, previous: str) -> ReasonModal:
    """Why the panel discusses the child without full quorum."""
    missing = ", no ".join(view.room.missing_labels())
    return ReasonModal(
        "Go ahead without full quorum",
        f"No {missing}. Why does the panel discuss this child anyway? "
        "The reason is flagged in the action log.",
        value=view.room.override_reason or previous,
    )


def defer_dialog(view: RoomView) -> ReasonModal:
    """Why the child's discussion is deferred to the next meeting."""
    return ReasonModal(
        f"Defer {view.child_name}",
        "Why is the discussion deferred to the next meeting?",
        value="" if view.room.quorum.quorate else view.room.short(),
    )


def ask_deputy(
    app: App[Any],
    view: RoomView,
    found: list[DeputyChoice],
    chosen: Callable[[DeputyChoice | WalkIn | None], None],
) -> None:
    """Ask who has joined as a deputy; for a walk-in, the walk-in dialog follows. ``chosen``
    gets the person on record, the walk-in, or None when the chair cancelled."""

    def picked(choice: DeputyChoice | str | None) -> None:
        if isinstance(choice, str):
            app.push_screen(WalkInModal(view.agencies), chosen)
        else:
            chosen(choice)

    app.push_screen(deputy_dialog(view, found), picked)


def deputy_joins(
    view: RoomView, choice: DeputyChoice | WalkIn, *, meeting_id: int, at: datetime
) -> tuple[Edit, str]:
    """The change for the deputy the chair chose (in the place of the conflicted person of
    their sector or role, if any), and what to say once it is made."""
    item_id = view.item_id
    if isinstance(choice, WalkIn):
        walk_in = choice
        sector = next((a.sector for a in view.agencies if a.id == walk_in.agency_id), "")
        covering = view.covered_by(sector, walk_in.role)
        return (
            lambda store: add_walk_in_deputy(
                store,
                item_id=item_id,
                meeting_id=meeting_id,
                name=walk_in.name,
                agency_id=walk_in.agency_id,
                title=walk_in.title,
                role=walk_in.role,
                covering=covering,
                at=at,
            )
        ), f"{walk_in.name} has joined as a deputy."
    person, covering = choice, view.covered_by(choice.sector, choice.role)
    return (
        lambda store: add_deputy(
            store, meeting_id=meeting_id, person_id=person.person_id, covering=covering, at=at
        )
    ), f"{person.name} has joined as a deputy."
