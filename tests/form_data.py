"""A store with known grades and missing episodes, for the FORM proposed from data (R19).

Every date is counted back from the FORM being prepared, so the same history
serves a Pilot test with a fixed date and a tmux test run on any day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from store.models import (
    Action,
    Agency,
    AgendaItem,
    Child,
    ConcernPerson,
    Grading,
    Meeting,
    MissingEpisode,
    Person,
)

FORM = "llr-form"
DRMM = "llr-drmm"
AT = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class FormHistory:
    """The subjects' ids and the proposal the history should give."""

    high: int  # Ellis: HIGH 20 days ago, new risk recorded → high-risk children
    long_high: int  # Frankie: HIGH for 100 days → downgrade consideration
    medium: int  # Gale: MEDIUM 5 days ago → medium oversight
    missing: int  # Harper: MEDIUM, missing 10 days ago → missing
    low: int  # Indy: LOW → not proposed
    person: int  # Morgan: a person of concern graded HIGH → high-risk persons
    last_form: date
    expected: tuple[tuple[str, str], ...]  # (section, name) in order


def _meeting(session: Session, profile: str, day: date, status: str = "finished") -> Meeting:
    found = session.exec(
        select(Meeting).where(Meeting.profile == profile, Meeting.date == day)
    ).first()
    if found is not None:
        return found
    meeting = Meeting(profile=profile, date=day, status=status, stage="ended")
    session.add(meeting)
    session.flush()
    return meeting


def _grade(
    session: Session,
    day: date,
    grade: str,
    *,
    child: Child | None = None,
    person: ConcernPerson | None = None,
    new_risk: bool = False,
    profile: str = DRMM,
) -> AgendaItem:
    meeting = _meeting(session, profile, day)
    assert meeting.id is not None
    item = AgendaItem(
        meeting_id=meeting.id,
        subject_kind="child" if child is not None else "person",
        child_id=child.id if child is not None else None,
        concern_person_id=person.id if person is not None else None,
        meeting_date=day,
        profile=profile,
        position=1 + len(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()),
        exploitation_types="cce",
        reason="Discussed before.",
        status="done",
        added_at=AT,
    )  # fmt: skip
    session.add(item)
    session.flush()
    assert item.id is not None
    session.add(
        Grading(
            item_id=item.id,
            child_id=child.id if child is not None else None,
            meeting_date=day,
            profile=profile,
            grade=grade,
            rationale="Known history.",
            significant_new_risk=new_risk,
            outcome="investigation" if grade == "HIGH" else "advice",
        )
    )
    return item


def build_form_history(session: Session, *, form_day: date) -> FormHistory:
    """Children, a person of concern, their grades, missing episodes and the last FORM."""

    def ago(days: int) -> date:
        return form_day - timedelta(days=days)

    police = Agency(key="police", name="Testshire Police", short_name="TP", sector="police")
    session.add(police)
    session.flush()
    officer = Person(name="DS Ada Testwell", agency_id=police.id or 0, role="chair")
    session.add(officer)
    names = ["Ellis Examplewood", "Frankie Fictional", "Gale Sampleford", "Harper Mockley",
             "Indy Testbrook"]  # fmt: skip
    children = [
        Child(ref=f"C-FORM00{n}", name=name, date_of_birth=date(2011, 1, 1 + n))
        for n, name in enumerate(names, start=1)
    ]
    morgan = ConcernPerson(ref="P-FORM001", name="Morgan Madeupson", police_ref="TP/900001/DEMO")
    session.add_all([*children, morgan])
    session.flush()
    ellis, frankie, gale, harper, indy = children
    _grade(session, ago(20), "HIGH", child=ellis, new_risk=True)
    _grade(session, ago(100), "HIGH", child=frankie, new_risk=True)
    _grade(session, ago(30), "HIGH", child=frankie, new_risk=True)
    _grade(session, ago(5), "MEDIUM", child=gale)
    _grade(session, ago(30), "MEDIUM", child=harper)
    _grade(session, ago(3), "LOW", child=indy)
    _grade(session, ago(10), "HIGH", person=morgan, new_risk=True)
    session.add(
        MissingEpisode(
            child_id=harper.id or 0,
            started_on=ago(10),
            ended_on=ago(9),
            source="TP log 1234",
            recorded_by="test",
        )
    )
    # The last FORM sat 14 days ago and left an action open (it comes first in the meeting).
    last = _meeting(session, FORM, ago(14))
    item = _grade(session, ago(14), "HIGH", child=ellis, new_risk=True, profile=FORM)
    session.add(
        Action(
            meeting_id=last.id or 0,
            item_id=item.id,
            child_id=ellis.id,
            meeting_date=ago(14),
            profile=FORM,
            text="Share the return interview with the school by Friday",
            owner="DS Ada Testwell",
            agency_id=police.id,
            due=ago(7),
            agreed=True,
        )
    )
    session.commit()
    return FormHistory(
        high=ellis.id or 0,
        long_high=frankie.id or 0,
        medium=gale.id or 0,
        missing=harper.id or 0,
        low=indy.id or 0,
        person=morgan.id or 0,
        last_form=ago(14),
        expected=(
            ("high-children", "Ellis Examplewood"),
            ("high-persons", "Morgan Madeupson"),
            ("downgrade", "Frankie Fictional"),
            ("medium", "Gale Sampleford"),
            ("missing", "Harper Mockley"),
        ),
    )
