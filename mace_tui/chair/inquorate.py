"""An inquorate meeting (R1): where its queue goes, and moving it there in one unit of work.

The profile decides (``[quorum] when_inquorate``): a daily meeting hands its
queue to the next working day's meeting; a panel is rearranged within
``rearrange_within_days`` working days. Either way the later meeting gets the
same queue, the same invitations and the children's known conflicts, and the
inquorate meeting's log says where each child went.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from mace_tui.profiles import Profile
from mace_tui.rules.followon import (
    NEXT_WORKING_DAY,
    FollowOnError,
    follow_on_date,
    latest_rearranged,
    rearranged_date_problem,
)
from store.errors import UserError
from store.frozen import record

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.db import Store

INQUORATE_REASON = "Meeting inquorate"


class InquorateError(UserError):
    """The follow-on meeting's date cannot be used; the message names the field and what to do."""


@record
class FollowOnPlan:
    """Where the queue of an inquorate meeting would go."""

    proposed: date
    # The last date the chair may choose; None when the profile fixes the date.
    latest: date | None

    @property
    def may_choose(self) -> bool:
        """True when the chair may pick another date (a rearranged meeting)."""
        return self.latest is not None


def what_goes(profile: Profile, queued: int) -> str:
    """What an inquorate meeting hands on, with its verb: its queue of children "goes", an
    actions-only meeting's items "go" (R21: no children are discussed there)."""
    if not profile.discuss_children:
        return "The meeting's items go"
    return f"The queue ({queued} {'child' if queued == 1 else 'children'}) goes"


def what_went(profile: Profile, moved: FollowOn) -> str:
    """The line shown once the queue (or an actions-only meeting's items) has moved on."""
    to = f"the meeting of {moved.date:%A %d %B %Y}"
    if not profile.discuss_children:
        return f"The meeting's items moved to {to}."
    return f"{moved.moved} {'child' if moved.moved == 1 else 'children'} moved to {to}."


@record
class FollowOn:
    """What recording the meeting as inquorate did."""

    meeting_id: int
    date: date
    moved: int
    invited: int
    created: bool


def _later_dates(session: Session, *, profile: str, after: date) -> set[date]:
    from sqlmodel import col, select

    from store.models import Meeting

    rows = session.exec(
        select(Meeting).where(Meeting.profile == profile, col(Meeting.date) > after)
    ).all()
    return {row.date for row in rows}


def plan_follow_on(session: Session, *, profile: Profile, meeting_date: date) -> FollowOnPlan:
    """The date the profile's rule proposes, and the latest the chair may choose."""
    try:
        proposed = follow_on_date(
            meeting_date,
            when_inquorate=profile.when_inquorate,
            within_days=profile.rearrange_within_days,
            taken=_later_dates(session, profile=profile.key, after=meeting_date),
        )
    except FollowOnError as exc:
        raise InquorateError(str(exc)) from None
    if profile.when_inquorate == NEXT_WORKING_DAY:
        return FollowOnPlan(proposed, None)
    return FollowOnPlan(proposed, latest_rearranged(meeting_date, profile.rearrange_within_days))


def read_follow_on(store: Store, *, profile: Profile, meeting_date: date) -> FollowOnPlan:
    """``plan_follow_on`` in a unit of work of its own."""
    with store.session() as session:
        return plan_follow_on(session, profile=profile, meeting_date=meeting_date)


def parse_follow_on_date(text: str) -> date:
    """The chair's typed date (YYYY-MM-DD); InquorateError naming the field if it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InquorateError("date: type it as YYYY-MM-DD, e.g. 2026-12-03.") from None


def record_inquorate(
    session: Session,
    *,
    meeting_id: int,
    profile: Profile,
    reason: str,
    to_date: date,
    at: datetime,
) -> FollowOn:
    """Record the meeting as inquorate and move its queue, invitations and conflicts on.

    Everything is checked before anything is written; the later meeting is made
    through the one way meetings are made (it invites the previous panel).
    """
    from sqlmodel import select

    from store import agenda, meetings
    from store.db import all_or_nothing
    from store.models import Meeting

    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise meetings.MeetingError(f"meeting {meeting_id} no longer exists.")
    if meeting.started_at is not None:
        raise meetings.MeetingError(
            "The meeting has started; it can no longer be recorded as inquorate."
        )
    plan = plan_follow_on(session, profile=profile, meeting_date=meeting.date)
    if not plan.may_choose and to_date != plan.proposed:
        raise InquorateError(
            f"date: the {profile.short_name} queue goes to the next working day, "
            f"{plan.proposed:%A %d %B %Y}."
        )
    problem = rearranged_date_problem(
        meeting.date, to_date, within_days=profile.rearrange_within_days
    )
    if problem:
        raise InquorateError(problem)
    existing = session.exec(
        select(Meeting).where(Meeting.profile == profile.key, Meeting.date == to_date)
    ).first()
    if existing is not None and existing.status not in agenda.RECEIVING_STATUSES:
        raise InquorateError(
            f"date: the {profile.short_name} meeting of {to_date:%d %B %Y} is {existing.status}; "
            "choose another day."
        )
    # The later meeting, the queue moved to it and this one marked inquorate: all or nothing.
    with all_or_nothing(session):
        target, created = agenda.find_or_create_meeting(
            session,
            profile=profile.key,
            on=to_date,
            start=meeting.scheduled_start,
            minutes=meeting.scheduled_minutes,
        )
        assert target.id is not None and meeting.id is not None
        invited = agenda.copy_invitations(
            session, from_meeting_id=meeting.id, to_meeting_id=target.id
        )
        moved = agenda.carry_queue(
            session, from_meeting_id=meeting.id, target=target, reason=INQUORATE_REASON, at=at
        )
        meetings.mark_inquorate(
            session, meeting_id=meeting.id, at=at, rearranged=to_date, reason=reason
        )
    return FollowOn(
        meeting_id=target.id, date=to_date, moved=len(moved), invited=invited, created=created
    )
