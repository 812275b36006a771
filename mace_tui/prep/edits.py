"""The coordinator's edits as closures the screen queues and a worker runs, each in its own session.

Each returns what the screen needs afterwards: the child to put the cursor on
and a sentence for the user. No Textual here; the clock reading (``at``) is
taken by the caller when the user acts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from mace_tui.prep import meeting
from mace_tui.prep.concern_csv import ConcernCheck, ConcernRow
from mace_tui.prep.csv_import import ImportCheck, apply_import
from mace_tui.prep.fields import ChildDetails, ItemDetails
from mace_tui.prep.meeting import PrepTarget
from store.frozen import record


@record
class Saved:
    """What an edit did: the child to put the cursor on, and a message for the user."""

    focus: int | None = None
    message: str | None = None


Edit = Callable[[Session], Saved]


def add(
    target: PrepTarget,
    *,
    details: ItemDetails,
    at: datetime,
    child_id: int | None = None,
    new_child: ChildDetails | None = None,
    note: str = "",
) -> Edit:
    """Put an existing or a new child on the queue."""

    def run(session: Session) -> Saved:
        item_id = meeting.add_child(
            session, target, details=details, at=at, child_id=child_id, new_child=new_child
        )
        return Saved(focus=item_id, message="Added to the queue." + note)

    return run


def change(target: PrepTarget, *, item_id: int, details: ItemDetails) -> Edit:
    """Change why a queued child is there."""

    def run(session: Session) -> Saved:
        meeting.edit_item(session, target, item_id=item_id, details=details)
        return Saved(focus=item_id, message="Saved.")

    return run


def move(target: PrepTarget, *, item_id: int, offset: int) -> Edit:
    """Move a child up (negative) or down the queue."""

    def run(session: Session) -> Saved:
        meeting.move(session, target, item_id=item_id, offset=offset)
        return Saved(focus=item_id)

    return run


def remove(target: PrepTarget, *, item_id: int, at: datetime, note: str = "") -> Edit:
    """Take a child off the queue."""

    def run(session: Session) -> Saved:
        meeting.remove(session, target, item_id=item_id, at=at)
        return Saved(message="Taken off the queue. Press u to undo." + note)

    return run


def undo_removal(target: PrepTarget, *, at: datetime) -> Edit:
    """Put the last removed child back."""

    def run(session: Session) -> Saved:
        item_id = meeting.undo_removal(session, target, at=at)
        if item_id is None:
            return Saved(message="No removal to undo.")
        return Saved(focus=item_id, message="Put back on the queue.")

    return run


def record_conflict(
    target: PrepTarget, *, item_id: int, person_id: int, reason: str, at: datetime
) -> Edit:
    """Record a person's known conflict for a queued child."""

    def run(session: Session) -> Saved:
        meeting.record_conflict(
            session, target, item_id=item_id, person_id=person_id, reason=reason, at=at
        )
        return Saved(focus=item_id, message="Conflict recorded; the chair will see it.")

    return run


def drop_conflict(target: PrepTarget, *, conflict_id: int) -> Edit:
    """Delete a conflict recorded while preparing."""

    def run(session: Session) -> Saved:
        meeting.drop_conflict(session, target, conflict_id=conflict_id)
        return Saved(message="Conflict deleted.")

    return run


def invite(target: PrepTarget, *, person_id: int) -> Edit:
    """Expect a person at the meeting."""

    def run(session: Session) -> Saved:
        meeting.invite_person(session, target, person_id=person_id)
        return Saved(message="Invited.")

    return run


def withdraw(target: PrepTarget, *, attendance_id: int) -> Edit:
    """Withdraw an invitation."""

    def run(session: Session) -> Saved:
        meeting.withdraw_invitation(session, target, attendance_id=attendance_id)
        return Saved(message="Invitation withdrawn. Press n to invite again.")

    return run


def import_rows(target: PrepTarget, *, check: ImportCheck, at: datetime, only_valid: bool) -> Edit:
    """Write a checked CSV file: every row, or the valid ones when the user chose that."""

    def run(session: Session) -> Saved:
        result = apply_import(session, target, check, at=at, only_valid=only_valid)
        text = f"Imported {result.added} children ({result.new_children} new records)."
        if result.left_out:
            text += f" Left out {result.left_out} rows with problems."
        if result.late:
            text += f" {result.late} are late changes."
        return Saved(message=text)

    return run


def add_concern(target: PrepTarget, *, row: ConcernRow, at: datetime, note: str = "") -> Edit:
    """Put a new person or location of concern on the queue (R22)."""

    def run(session: Session) -> Saved:
        from mace_tui.prep import concern

        if row.person is not None:
            item_id = concern.add_person(
                session, target, reason=row.reason, at=at, new_person=row.person
            )
        else:
            item_id = concern.add_location(
                session, target, reason=row.reason, at=at, new_location=row.location
            )
        return Saved(focus=item_id, message="Added to the queue." + note)

    return run


def link_items(item_id: int, *, position: int, relation: str, at: datetime) -> Edit:
    """Link the entry ``item_id`` with the one at ``position`` of the same queue (R22)."""

    def run(session: Session) -> Saved:
        from mace_tui.prep import concern
        from store import agenda

        item = agenda.get_item(session, item_id=item_id)
        others = [
            i
            for i in agenda.queue_items(session, meeting_id=item.meeting_id)
            if i.position == position
        ]
        if not others or others[0].id is None:
            raise agenda.AgendaError("link: nothing is at that queue position now. Reload with r.")
        concern.link_on_queue(
            session, item_id=item_id, other_item_id=others[0].id, relation=relation, at=at
        )
        return Saved(focus=item_id, message=f"Linked ({relation}).")

    return run


def import_concerns(target: PrepTarget, *, check: ConcernCheck, at: datetime) -> Edit:
    """Write a checked CSV file of persons and locations: every row, or nothing (R22)."""

    def run(session: Session) -> Saved:
        from mace_tui.prep.concern_csv import apply_concerns

        done = apply_concerns(session, target, check, at=at)
        return Saved(
            message=f"Imported {done.persons} persons and {done.locations} locations of "
            f"concern, with {done.links} links."
        )

    return run
