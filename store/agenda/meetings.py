"""The meeting being prepared: found or created once, and whether its agenda may still change."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from store.errors import UserError
from store.models import Meeting

EDITABLE_STATUSES = ("planned",)
# A meeting in progress still takes a child added late (R25): a late change, flagged.
LATE_ADD_STATUSES = ("in-progress",)


class AgendaError(UserError):
    """A change to the agenda cannot be made; the message says why and what to do."""


def find_meeting(session: Session, *, profile: str, on: date) -> Meeting | None:
    """The meeting of ``profile`` on ``on``, or None (nothing is created)."""
    return session.exec(
        select(Meeting).where(Meeting.profile == profile, Meeting.date == on)
    ).first()


def find_or_create_meeting(
    session: Session,
    *,
    profile: str,
    on: date,
    start: str,
    minutes: int,
    extraordinary: bool = False,
) -> tuple[Meeting, bool]:
    """The meeting of ``profile`` on ``on``, created (and committed, with its invitations, in
    one transaction) if missing; True if created.

    This is the one place a meeting is made: by prep, by the chair, by a
    deferral or by rearranging an inquorate meeting. A new meeting invites the
    profile's standing panel from the directory and the panel of the profile's
    previous meeting. Two seats creating the same
    meeting at once is handled: the loser reads the winner's row.
    """
    from store.agenda.panel import invite_previous_panel, invite_standing_panel

    found = session.exec(
        select(Meeting).where(Meeting.profile == profile, Meeting.date == on)
    ).first()
    if found is not None:
        return found, False
    meeting = Meeting(
        profile=profile,
        date=on,
        scheduled_start=start,
        scheduled_minutes=minutes,
        extraordinary=extraordinary,
    )
    # One transaction: the meeting and its invitations are stored together or not at all
    # (a crash between two commits would leave a meeting with nobody invited). Another seat
    # may make the same meeting in the same instant: the insert then does nothing and the
    # winner's row is read, with no rollback, so a move that makes a meeting as one of its
    # steps (a deferral, inside store.db.all_or_nothing) goes on whole.
    try:
        inserted = _insert_new(session, meeting.model_dump(exclude={"id"}))
        meeting = session.exec(
            select(Meeting).where(Meeting.profile == profile, Meeting.date == on)
        ).one()
        if not inserted:
            # Another seat made it: end this transaction (SQLite's write lock was taken by
            # the insert that did nothing); inside all_or_nothing this only flushes.
            session.commit()
            return meeting, False
        invite_standing_panel(session, meeting=meeting)
        invite_previous_panel(session, meeting=meeting)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return meeting, True


def meeting_on(session: Session, *, profile: str, on: date) -> Meeting | None:
    """The meeting of ``profile`` on ``on``, if there is one."""
    return session.exec(
        select(Meeting).where(Meeting.profile == profile, Meeting.date == on)
    ).first()


def get_meeting(session: Session, *, meeting_id: int) -> Meeting:
    """A meeting by id; AgendaError if it is gone."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise AgendaError("meeting: it no longer exists. Close this screen and open it again.")
    return meeting


def ensure_editable(meeting: Meeting, *, adding: bool = False) -> None:
    """Refuse to change the queue of a meeting that has started or ended; ``adding`` a child
    to a meeting in progress is allowed (a late change, R25)."""
    if adding and meeting.status in LATE_ADD_STATUSES:
        return
    if meeting.status not in EDITABLE_STATUSES:
        raise AgendaError(
            f"meeting: it is {meeting.status}, so its queue can no longer be prepared here. "
            "The chair makes changes during the meeting."
        )


def _insert_new(session: Session, values: dict[str, object]) -> bool:
    """Insert a meeting unless the profile has one that day already; True if this made it."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        made = session.execute(
            pg_insert(Meeting)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["profile", "date"])
            .returning(col(Meeting.id))
        )
        return made.first() is not None
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    made = session.execute(
        sqlite_insert(Meeting)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["profile", "date"])
    )
    return made.rowcount == 1  # type: ignore[attr-defined]
