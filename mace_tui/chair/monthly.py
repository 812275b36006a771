"""An actions-only meeting (R21): its items are the profile's topics (and any subject the
coordinator put on its queue), each with actions and nothing else, plus the meeting's own
actions. No THRIVE notes, no grades, no recording."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from mace_tui.profiles import Profile
from store.frozen import record
from store.records import ActionDetail, AgencyRecord, AttendanceRecord, MeetingRecord

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from sqlmodel import Session

    from store.db import Store

# The row for actions that belong to the meeting as a whole.
WHOLE_MEETING = "The meeting as a whole"


@record
class MonthlyItem:
    """One item of an actions-only meeting: a topic, a subject on the queue, or the meeting."""

    key: str
    title: str
    # topic, meeting, or the subject's kind (child, person, location)
    kind: str
    item_id: int | None = None
    topic: str = ""


@record
class MonthlyView:
    """The meeting's items, the actions on each, and who may own them."""

    meeting_id: int
    items: tuple[MonthlyItem, ...]
    actions: dict[str, tuple[ActionDetail, ...]]
    people: tuple[AttendanceRecord, ...]
    agencies: tuple[AgencyRecord, ...]

    def actions_of(self, key: str) -> tuple[ActionDetail, ...]:
        """The actions agreed on one item, in the order they were added."""
        return self.actions.get(key, ())

    @property
    def owners(self) -> tuple[AttendanceRecord, ...]:
        """Everyone in the room, who can own an action."""
        return tuple(p for p in self.people if p.in_room)


def topic_key(topic: str) -> str:
    """The key of a topic's row ("" is the meeting as a whole)."""
    return f"topic:{topic}" if topic else "meeting"


def load_monthly(session: Session, *, meeting_id: int, profile: Profile) -> MonthlyView:
    """The items of an actions-only meeting and the actions agreed so far."""
    from store import actions, attendance, queries

    items: list[MonthlyItem] = [
        MonthlyItem(key=topic_key(t), title=t, kind="topic", topic=t) for t in profile.topics
    ]
    for entry in queries.meeting_queue(session, meeting_id=meeting_id):
        if entry.status == "deferred":
            continue
        items.append(
            MonthlyItem(
                key=f"item:{entry.item_id}",
                title=entry.name,
                kind=entry.subject_kind,
                item_id=entry.item_id,
            )
        )
    items.append(MonthlyItem(key="meeting", title=WHOLE_MEETING, kind="meeting"))
    found: dict[str, list[ActionDetail]] = {}
    for action in actions.meeting_actions(session, meeting_id=meeting_id):
        found.setdefault(topic_key(action.topic), []).append(action)
    for item in items:
        if item.item_id is not None:
            found[item.key] = actions.item_actions(session, item_id=item.item_id)
    # An action under a topic the profile no longer lists still shows, under its own row.
    known = {i.key for i in items}
    for key, listed in found.items():
        if key not in known:
            items.insert(
                -1, MonthlyItem(key=key, title=listed[0].topic, kind="topic", topic=listed[0].topic)
            )
    return MonthlyView(
        meeting_id=meeting_id,
        items=tuple(items),
        actions={k: tuple(v) for k, v in found.items()},
        people=tuple(attendance.meeting_attendance(session, meeting_id=meeting_id)),
        agencies=tuple(attendance.agencies(session)),
    )


def end_monthly(session: Session, *, meeting_id: int, at: datetime) -> MeetingRecord:
    """End an actions-only meeting: its queued subjects are done (no grade is asked for).

    Returns the ended meeting, as the screens show it."""
    from sqlmodel import select

    from store import meetings, queries
    from store.db import all_or_nothing
    from store.models import AgendaItem, Meeting

    with all_or_nothing(session):
        for item in session.exec(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.status.in_(("waiting", "in-discussion")),  # type: ignore[attr-defined]
            )
        ):
            item.status = "done"
            item.started_at = item.started_at or at
            item.ended_at = at
        meetings.end(session, meeting_id=meeting_id, at=at)
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    return queries.meeting_record(meeting)


# -- each a unit of work for the chair's screen, on its own session ---------------------------
# ``seat``: the chair seat this program holds (None: none); a change made from a seat whose
# chair another seat has taken is refused with ``ChairLost`` (R25).


def _as_chair(session: Session, meeting_id: int, seat: str | None) -> None:
    from store.seats import check_chair

    if seat is not None:
        check_chair(session, meeting_id=meeting_id, seat=seat)


def read_monthly(store: Store, *, meeting_id: int, profile: Profile) -> MonthlyView:
    """``load_monthly`` in its own unit of work."""
    with store.session() as session:
        return load_monthly(session, meeting_id=meeting_id, profile=profile)


def save_monthly_action(
    store: Store,
    *,
    item: MonthlyItem,
    meeting_id: int,
    fields: Mapping[str, Any],
    version: int | None,
    at: datetime,
    seat: str | None,
) -> None:
    """Save an action on one item (a topic, a queued subject or the meeting as a whole) over
    the version it was edited from (None: a new one)."""
    from store import actions

    with store.session() as session:
        _as_chair(session, meeting_id, seat)
        actions.save_action(
            session, item_id=item.item_id, meeting_id=meeting_id, topic=item.topic, at=at,
            expected_version=version, **fields,
        )  # fmt: skip


def end_monthly_meeting(
    store: Store, *, meeting_id: int, at: datetime, seat: str | None
) -> MeetingRecord:
    """``end_monthly`` from the chair's seat, in its own unit of work."""
    with store.session() as session:
        _as_chair(session, meeting_id, seat)
        return end_monthly(session, meeting_id=meeting_id, at=at)


__all__ = [
    "WHOLE_MEETING",
    "MonthlyItem",
    "MonthlyView",
    "end_monthly",
    "end_monthly_meeting",
    "load_monthly",
    "next_part",
    "read_monthly",
    "save_monthly_action",
    "topic_key",
]


def next_part(profile: Profile) -> str:
    """What follows the statements and carried-over actions: the children, or the items of an
    actions-only meeting (R21)."""
    return "the children" if profile.discuss_children else "the items"
