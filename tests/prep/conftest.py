"""A small hand-built hub for the preparation tests: readable, and nothing more than needed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from mace_tui.prep.meeting import PrepTarget, open_meeting
from mace_tui.profiles import get_profile
from store.db import Store
from store.models import Agency, Attendance, Child, Meeting, Person
from tests.ids import id_of

MEETING_DAY = date(2026, 11, 24)  # a Tuesday; its list is due Monday 23 Nov at 16:00
BEFORE_DEADLINE = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
AFTER_DEADLINE = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


@dataclass
class Hub:
    """Ids of the rows the tests talk about."""

    police: int
    health: int
    ada: int  # police, chair
    bea: int  # health
    cal: int  # children's services
    riley: int
    jordan: int
    casey: int


def build_hub(session: Session) -> Hub:
    """Three agencies, three people, three children and last Monday's meeting with its panel."""
    police = Agency(key="police", name="Demoshire Police (demo)", sector="police")
    health = Agency(key="health", name="Sampleton Health (demo)", sector="health")
    city = Agency(
        key="city", name="Sampleton Children's Services (demo)", sector="childrens-services"
    )
    session.add_all([police, health, city])
    session.flush()
    ada = Person(
        name="DS Ada Testwell", agency_id=id_of(police), role="chair", title="Detective Sergeant"
    )
    bea = Person(name="Bea Mockford", agency_id=id_of(health), title="Named nurse")
    cal = Person(name="Cal Exampleton", agency_id=id_of(city))
    children = [
        Child(
            ref="C-RILEY001",
            name="Riley Example",
            date_of_birth=date(2012, 3, 5),
            police_ref="DP/100001/DEMO",
        ),
        Child(
            ref="C-JORDAN02",
            name="Jordan Sample",
            date_of_birth=date(2011, 2, 21),
            la_ref="SAM-20002",
        ),
        Child(ref="C-CASEY003", name="Casey Testcase", date_of_birth=date(2013, 10, 17)),
    ]
    session.add_all([ada, bea, cal, *children])
    session.flush()
    last = Meeting(profile="llr-drmm", date=date(2026, 11, 23), status="finished")
    session.add(last)
    session.flush()
    session.add_all(
        Attendance(meeting_id=id_of(last), person_id=id_of(p), status="present", invited=True)
        for p in (ada, bea)
    )
    session.commit()
    return Hub(
        id_of(police),
        id_of(health),
        id_of(ada),
        id_of(bea),
        id_of(cal),
        *(id_of(c) for c in children),
    )


@pytest.fixture
def hub(store: Store) -> Hub:
    with store.session() as session:
        return build_hub(session)


@pytest.fixture
def target(store: Store, hub: Hub) -> PrepTarget:
    """Tuesday's DRMM, created for the test."""
    with store.session() as session:
        found, _created = open_meeting(session, profile=get_profile("llr-drmm"), on=MEETING_DAY)
    return found


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.session() as opened:
        yield opened
