"""A meeting's queue with each child's history summary and flags, read in one unit of work.

Used by the home, preparation and chair screens; no Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from mace_tui.profiles import Profile
from mace_tui.rules.flags import Flag, age_on, child_flags
from store import queries
from store.models import Meeting
from store.queries import HistoryEntry, QueueEntry


@dataclass(frozen=True)
class ChildSummary:
    """What the panel should know about a child before discussing them."""

    entry: QueueEntry
    age: int | None
    history: tuple[HistoryEntry, ...]
    drmm_referrals: int
    last_medium: date | None
    discharged_on: date | None
    open_actions: int
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class MeetingOverview:
    """A meeting and its queue."""

    meeting: Meeting
    profile: Profile
    queue: tuple[ChildSummary, ...]


def summarise_child(
    session: Session,
    *,
    entry: QueueEntry,
    meeting_date: date,
    drmm_profiles: Sequence[str],
    on_drmm_queue: bool = True,
) -> ChildSummary:
    """History, counts and flags for one child on a queue."""
    child_id = entry.child_id
    history = queries.child_history(session, child_id=child_id, before=meeting_date, limit=10)
    referrals = queries.referral_count(
        session, child_id=child_id, profiles=drmm_profiles, before=meeting_date
    )
    last_medium = queries.last_medium_date(session, child_id=child_id, before=meeting_date)
    discharged = queries.last_discharge_date(session, child_id=child_id, before=meeting_date)
    # A discharge only matters if the child has not been discussed again since.
    if discharged is not None and history and history[0].meeting_date > discharged:
        discharged = None
    open_actions = len(
        queries.open_actions_for_child(session, child_id=child_id, before=meeting_date)
    )
    last = history[0] if history else None
    # Today's referral counts too when the child is on a DRMM queue now.
    is_new_referral = on_drmm_queue and entry.referral_source != "deferred"
    total_referrals = referrals + (1 if is_new_referral else 0)
    flags = child_flags(
        meeting_date=meeting_date,
        drmm_referrals=total_referrals,
        last_discussed=last.meeting_date if last else None,
        last_grade=last.grade if last else None,
        last_medium=last_medium,
        discharged_on=discharged,
        open_actions=open_actions,
    )
    return ChildSummary(
        entry=entry,
        age=age_on(entry.date_of_birth, meeting_date),
        history=tuple(history),
        drmm_referrals=referrals,
        last_medium=last_medium,
        discharged_on=discharged,
        open_actions=open_actions,
        flags=tuple(flags),
    )


def load_overview(
    session: Session, *, profile: Profile, on: date, drmm_profiles: Sequence[str]
) -> MeetingOverview | None:
    """The meeting of ``profile`` on ``on`` with its queue, or None if there is no such meeting."""
    meeting = queries.find_meeting(session, profile=profile.key, on=on)
    if meeting is None or meeting.id is None:
        return None
    entries = queries.meeting_queue(session, meeting_id=meeting.id)
    queue = tuple(
        summarise_child(
            session,
            entry=entry,
            meeting_date=on,
            drmm_profiles=drmm_profiles,
            on_drmm_queue=profile.counts_as_drmm,
        )
        for entry in entries
    )
    return MeetingOverview(meeting=meeting, profile=profile, queue=queue)
