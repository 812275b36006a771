"""The minute taker's seat (R25): find the meeting the chair runs, and read the child under
discussion without moving anything on.

The minute taker writes notes and actions through the same services as the chair
(notes.NotesSaver, store.actions), with the same checks; what is read here never
writes: the chair alone starts, closes and defers children and ends the meeting.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from store.errors import UserError
from store.frozen import record

if TYPE_CHECKING:
    from sqlmodel import Session

    from mace_tui.chair.case import CaseView, QueueState
    from mace_tui.profiles import Profile
    from store.db import Store
    from store.records import MeetingRecord


class NoMeetingToFollow(UserError):
    """There is no meeting running that a minute taker could follow."""


@record
class Following:
    """The meeting a minute taker follows, and who chairs it (None: no chair seat is open)."""

    meeting: MeetingRecord
    chair: str | None


def meeting_to_follow(session: Session, *, profile: Profile, on: date, at: datetime) -> Following:
    """The profile's meeting on ``on`` once its chair has opened it; never creates one."""
    from store import queries
    from store.seats import chair_holder

    meeting = queries.find_meeting(session, profile=profile.key, on=on)
    if meeting is None:
        raise NoMeetingToFollow(
            f"There is no {profile.short_name} meeting on {on:%d %b %Y} to follow. Its chair "
            "opens it (mace-tui chair); or give the meeting's date with --date YYYY-MM-DD."
        )
    if meeting.stage == "ended":
        raise NoMeetingToFollow(
            f"The {profile.short_name} meeting on {on:%d %b %Y} has ended: there is nothing "
            "left to minute. Its action log is under mace-tui review."
        )
    assert meeting.id is not None
    holder = chair_holder(session, meeting_id=meeting.id, at=at)
    return Following(queries.meeting_record(meeting), holder.holder if holder else None)


def find_meeting_to_follow(
    store: Store, *, profile: Profile, on: date, at: datetime
) -> Following | str:
    """``meeting_to_follow`` in its own unit of work; when there is none, why (in words)."""
    try:
        with store.session() as session:
            return meeting_to_follow(session, profile=profile, on=on, at=at)
    except NoMeetingToFollow as none:
        return str(none)


def read_child(
    session: Session,
    *,
    meeting_id: int,
    item_id: int,
    profile: Profile,
    drmm_profiles: Sequence[str],
) -> tuple[QueueState, CaseView] | None:
    """The queue and the child under discussion, as stored (None if it is no longer open)."""
    from mace_tui.chair.case import load_case, load_queue

    state = load_queue(session, meeting_id=meeting_id, profile=profile, drmm_profiles=drmm_profiles)
    entry = next((e for e in state.queue if e.item_id == item_id), None)
    if entry is None:
        return None
    case = load_case(
        session,
        entry=entry,
        meeting_id=meeting_id,
        meeting_date=state.meeting.date,
        profile=profile,
        drmm_profiles=drmm_profiles,
    )
    return state, case


def read_followed_child(
    store: Store,
    *,
    meeting_id: int,
    item_id: int,
    profile: Profile,
    drmm_profiles: Sequence[str],
) -> tuple[QueueState, CaseView] | None:
    """``read_child`` in its own unit of work."""
    with store.session() as session:
        return read_child(
            session,
            meeting_id=meeting_id,
            item_id=item_id,
            profile=profile,
            drmm_profiles=drmm_profiles,
        )
