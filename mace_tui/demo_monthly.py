"""The demo's actions-only meeting (R21): today's sitting of a profile that discusses no
child, and last month's with a few open actions to carry over. Added when the demo is
opened with such a profile (``demo --profile llr-monthly``) and it has no meeting yet."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from mace_tui import demo_data as data
from mace_tui.prep.cadence import on_cadence
from mace_tui.profiles import Profile
from mace_tui.rules.workdays import is_working_day
from store import models as m

# Last month's actions, by topic index: (text, owner, days after that meeting it is due, status).
_EARLIER = (
    (0, "Break down screening-tool referrals by school year for next month", "Jo Analystic", 21,
     "open"),
    (1, "Bring the repeat-missing cases of the last quarter as one theme", "Pat Sampleby", 21,
     "open"),
    (2, "Review the licensing conditions of the two takeaways named in referrals",
     "DS Ada Testwell", 14, "complete"),
)  # fmt: skip


def _at(day: date, clock: time, minutes: float = 0) -> datetime:
    return datetime.combine(day, clock, tzinfo=UTC) + timedelta(minutes=minutes)


def seed_actions_only(session: Session, *, profile: Profile, today: date) -> int | None:
    """Today's meeting of ``profile`` and last month's, unless the store has one of it already.

    Returns today's meeting id (None when nothing was added)."""
    if profile.discuss_children:
        return None
    if session.exec(select(m.Meeting.id).where(m.Meeting.profile == profile.key)).first():
        return None
    people = {p.name: p for p in session.exec(select(m.Person)) if p.id is not None}
    panel = [people[name] for name in data.FORM_PANEL if name in people]
    if "Jo Analystic" in people:
        panel.append(people["Jo Analystic"])
    if not panel:
        return None
    start = profile.schedule.start
    last = today - timedelta(days=28)
    while not is_working_day(last):
        last -= timedelta(days=1)
    earlier = m.Meeting(
        profile=profile.key,
        date=last,
        status="finished",
        stage="ended",
        chair_id=panel[0].id,
        scheduled_start=f"{start:%H:%M}",
        scheduled_minutes=profile.scheduled_minutes,
        started_at=_at(last, start, 2),
        ended_at=_at(last, start, profile.scheduled_minutes - 5),
        statements_confirmed_at=_at(last, start, 5),
        created_at=_at(last, time(12), -60 * 24 * 7),
    )
    session.add(earlier)
    session.flush()
    assert earlier.id is not None
    for person in panel:
        session.add(
            m.Attendance(
                meeting_id=earlier.id,
                person_id=person.id or 0,
                status="present",
                joined_at=_at(last, start, 1),
            )
        )
    for index, statement in enumerate(profile.statements):
        session.add(
            m.StatementConfirmation(
                meeting_id=earlier.id,
                statement_key=statement.key,
                confirmed_at=_at(last, start, 3 + index * 0.5),
            )
        )
    for topic_index, text, owner, due_in, status in _EARLIER:
        owner_row = people.get(owner)
        topics = profile.topics
        session.add(
            m.Action(
                meeting_id=earlier.id,
                meeting_date=last,
                profile=profile.key,
                text=text,
                owner=owner,
                owner_person_id=owner_row.id if owner_row else None,
                agency_id=owner_row.agency_id if owner_row else None,
                due=last + timedelta(days=due_in),
                agreed=True,
                status=status,
                topic=topics[topic_index] if topic_index < len(topics) else "",
                created_at=_at(last, start, 30 + topic_index * 10),
                updated_at=_at(last, start, 30 + topic_index * 10),
            )
        )
    meeting = m.Meeting(
        profile=profile.key,
        date=today,
        chair_id=panel[0].id,
        scheduled_start=f"{start:%H:%M}",
        scheduled_minutes=profile.scheduled_minutes,
        # The demo sits today; only on a day off the profile's cadence is that an extra sitting.
        extraordinary=not on_cadence(profile, today),
        created_at=_at(today, time(12), -60 * 24 * 7),
    )
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    for person in panel:
        session.add(m.Attendance(meeting_id=meeting.id, person_id=person.id or 0))
    session.commit()
    return meeting.id


__all__ = ["seed_actions_only"]
