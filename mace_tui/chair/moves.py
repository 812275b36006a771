"""Moving the meeting on from the chair's case screen: read the queue, open a child's
discussion, close it, defer it, end the meeting.

Each function is one unit of work on the store, given plain values, written whole or not at
all (``store.db.all_or_nothing``: a crash part-way leaves none of it). ``seat`` is the
chair seat this program holds (None when it holds none: the demo's own walk-through,
tests); a move made from a seat whose chair another seat has taken over is refused
with ``ChairLost`` inside the same transaction (R25).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mace_tui.chair.case import CaseView, QueueState, load_case, load_queue
from store.frozen import record

if TYPE_CHECKING:
    from sqlmodel import Session

    from mace_tui.chair.closing import CloseProblem
    from mace_tui.profiles import Profile
    from store.db import Store
    from store.records import MeetingRecord


@record
class OpenedChild:
    """A discussion just started (or resumed): the queue, the child, and for the recorder
    the child's queue number and opaque reference."""

    state: QueueState
    case: CaseView
    position: int
    child_ref: str


def _as_chair(session: Session, meeting_id: int, seat: str | None) -> None:
    from store.seats import check_chair

    if seat is not None:
        check_chair(session, meeting_id=meeting_id, seat=seat)


def child_ref(session: Session, item_id: int) -> str:
    """The subject's opaque reference, for the audio file's name (never the name, R22)."""
    from store.agenda.concern import subject_ref
    from store.models import AgendaItem

    item = session.get(AgendaItem, item_id)
    assert item is not None
    return subject_ref(session, item)


def next_meeting_id(session: Session, profile: Profile, after: date) -> int:
    """The profile's next meeting after ``after`` (created if need be), for deferrals."""
    from mace_tui.chair.start import next_meeting_of

    return next_meeting_of(session, profile=profile, after=after).id


def read_queue(
    store: Store, *, meeting_id: int, profile: Profile, drmm_profiles: Sequence[str]
) -> QueueState:
    """The meeting and its queue, each child with history flags."""
    with store.session() as session:
        return load_queue(
            session, meeting_id=meeting_id, profile=profile, drmm_profiles=drmm_profiles
        )


def open_child(
    store: Store,
    *,
    item_id: int,
    meeting_id: int,
    profile: Profile,
    drmm_profiles: Sequence[str],
    config_dir: Path | None,
    at: datetime,
    seat: str | None,
) -> OpenedChild:
    """Start (or resume) a child's discussion and read everything about it: those with a
    conflict leave the room now, anyone out for the last child rejoins (R3)."""
    from mace_tui.chair.room import start_child
    from store.db import all_or_nothing

    with store.session() as session, all_or_nothing(session):
        _as_chair(session, meeting_id, seat)
        start_child(session, item_id=item_id, meeting_id=meeting_id, at=at)
        ref = child_ref(session, item_id)
        state = load_queue(
            session, meeting_id=meeting_id, profile=profile, drmm_profiles=drmm_profiles
        )
        entry = next(e for e in state.queue if e.item_id == item_id)
        case = load_case(
            session,
            entry=entry,
            meeting_id=meeting_id,
            meeting_date=state.meeting.date,
            profile=profile,
            drmm_profiles=drmm_profiles,
            config_dir=config_dir,
        )
    return OpenedChild(state, case, entry.position, ref)


def close_child(
    store: Store,
    *,
    case: CaseView,
    meeting_id: int,
    profile: Profile,
    today: date,
    at: datetime,
    seat: str | None,
) -> list[CloseProblem]:
    """Close the discussion if it may close (R6–R8); otherwise nothing is written and the
    problems are returned, each naming its tab."""
    from mace_tui.chair.closing import close_problems
    from mace_tui.chair.room import load_room
    from store import actions, discussion

    with store.session() as session:
        _as_chair(session, meeting_id, seat)
        grading = discussion.grading(session, item_id=case.item_id)
        found = actions.item_actions(session, item_id=case.item_id)
        room = load_room(session, item_id=case.item_id, profile=profile)
        problems = close_problems(
            grading=grading,
            routing=case.routing(grading),
            actions=found,
            today=today,
            excluded_owners=room.out_names,
            room=room.room,
            subject_kind=case.summary.entry.subject_kind,
        )
        if not problems:
            discussion.close(session, item_id=case.item_id, at=at)
    return problems


def defer_child(
    store: Store,
    *,
    item_id: int,
    reason: str,
    meeting_id: int,
    meeting_date: date,
    profile: Profile,
    at: datetime,
    seat: str | None,
) -> None:
    """Move a child to the profile's next meeting with the reason; an override the gap had
    grown past is cleared with it (R2: not logged as the reason the child was discussed)."""
    from mace_tui.chair.room import drop_stale_override
    from store import discussion
    from store.db import all_or_nothing

    with store.session() as session, all_or_nothing(session):
        _as_chair(session, meeting_id, seat)
        target = next_meeting_id(session, profile, meeting_date)
        drop_stale_override(session, item_id=item_id, profile=profile, at=at)
        discussion.defer(session, item_id=item_id, reason=reason, to_meeting_id=target, at=at)


def end_meeting(
    store: Store,
    *,
    meeting_id: int,
    meeting_date: date,
    not_reached: Sequence[int],
    profile: Profile,
    at: datetime,
    seat: str | None,
) -> MeetingRecord:
    """Defer the items not reached, bring everyone back into the room, record the end;
    returns the meeting as it now stands."""
    from mace_tui.chair.room import drop_stale_override
    from store import conflicts, discussion, meetings, queries
    from store.db import all_or_nothing
    from store.models import Meeting

    with store.session() as session, all_or_nothing(session):
        _as_chair(session, meeting_id, seat)
        target = next_meeting_id(session, profile, meeting_date) if not_reached else None
        for item_id in not_reached:
            assert target is not None
            drop_stale_override(session, item_id=item_id, profile=profile, at=at)
            discussion.defer(
                session, item_id=item_id, reason="Not reached", to_meeting_id=target, at=at
            )
        # Anyone still out for the last child is back for the end of the meeting (R3).
        conflicts.rejoin_all(session, meeting_id=meeting_id, except_item_id=None, at=at)
        meetings.end(session, meeting_id=meeting_id, at=at)
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        return queries.meeting_record(meeting)


__all__ = [
    "OpenedChild",
    "child_ref",
    "close_child",
    "defer_child",
    "end_meeting",
    "next_meeting_id",
    "open_child",
    "read_queue",
]
