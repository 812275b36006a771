"""R1, R2, R12: an inquorate meeting's queue, and deferred children, go on to a later meeting.

For both kinds of profile (a daily DRMM and a weekly Lincolnshire panel) the
later meeting gets the same queue, the same invitations and the children's
known conflicts; the earlier meeting's log says where each child went; an
override of per-child quorum stays in the log when the child is then deferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from mace_tui.chair.inquorate import InquorateError, plan_follow_on, record_inquorate
from mace_tui.chair.start import next_meeting_of
from mace_tui.prep import meeting as prep
from mace_tui.profiles import get_profile
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.layout import document
from mace_tui.reports.markdown import blocks_to_markdown
from store import conflicts, discussion, meetings
from store.db import Store
from store.models import Agency, AgendaItem, Attendance, Child, Meeting, Person
from tests.ids import id_of

AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# A Monday for the daily meeting; a Thursday for the weekly panels.
DAY = {
    "llr-drmm": date(2026, 11, 23),
    "lincs-mace-l1": date(2026, 11, 26),
    "lincs-mace-l2": date(2026, 11, 26),
}
PROFILES = sorted(DAY)


@dataclass
class Hub:
    people: dict[str, int]
    riley: int
    jordan: int


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.session() as opened:
        yield opened


def build(session: Session, profile: str) -> Hub:
    """Three agencies, a minute taker, a spare health deputy, two children; last week's panel."""
    police = Agency(key="police", name="Testshire Police (demo)", sector="police")
    health = Agency(key="health", name="Exampleton Health (demo)", sector="health")
    council = Agency(
        key="cs", name="Mockford Children's Services (demo)", sector="childrens-services"
    )
    session.add_all([police, health, council])
    session.flush()
    people = [
        Person(name="DS Ada Testwell", agency_id=id_of(police), role="chair"),
        Person(name="Bea Mockford", agency_id=id_of(health)),
        Person(name="Cal Exampleton", agency_id=id_of(council)),
        Person(name="Mo Notetaker", agency_id=id_of(police), role="minute-taker"),
        Person(name="Dev Fakeley", agency_id=id_of(health)),
    ]
    riley = Child(ref="C-RILEY001", name="Riley Example", date_of_birth=date(2012, 3, 5))
    jordan = Child(ref="C-JORDAN02", name="Jordan Sample", date_of_birth=date(2011, 2, 21))
    session.add_all([*people, riley, jordan])
    session.flush()
    ids = {p.name: id_of(p) for p in people}
    last = Meeting(profile=profile, date=date(2026, 11, 16), status="finished")
    session.add(last)
    session.flush()
    panel = ["DS Ada Testwell", "Bea Mockford", "Cal Exampleton", "Mo Notetaker"]
    session.add_all(
        Attendance(meeting_id=id_of(last), person_id=ids[n], invited=True) for n in panel
    )
    session.commit()
    return Hub(ids, id_of(riley), id_of(jordan))


def prepared(session: Session, profile: str, hub: Hub) -> prep.PrepTarget:
    """The coordinator's meeting: last week's panel plus Dev, two children, Bea's conflict."""
    target, created = prep.open_meeting(session, profile=get_profile(profile), on=DAY[profile])
    assert created
    details = prep.ItemDetails("police-report", ("cce",), "Seen with older men at a car wash.")
    riley = prep.add_child(session, target, details=details, at=AT, child_id=hub.riley)
    prep.add_child(session, target, details=details, at=AT, child_id=hub.jordan)
    prep.invite_person(session, target, person_id=hub.people["Dev Fakeley"])
    prep.record_conflict(
        session,
        target,
        item_id=riley,
        person_id=hub.people["Bea Mockford"],
        reason="Neighbour",
        at=AT,
    )
    return target


def invited_names(view: prep.PrepView) -> list[str]:
    return sorted(i.person.name for i in view.invitations)


def log_text(session: Session, meeting_id: int) -> str:
    log = build_action_log(session, meeting_id=meeting_id, generated_at=AT)
    return blocks_to_markdown(document(log))


@pytest.mark.parametrize(
    ("profile", "goes_to"),
    [
        ("llr-drmm", date(2026, 11, 24)),  # the next working day's meeting
        ("lincs-mace-l1", date(2026, 11, 27)),  # rearranged: the first free working day
        ("lincs-mace-l2", date(2026, 11, 27)),
    ],
)
def test_inquorate_meeting_moves_queue_invitations_and_conflicts(
    session: Session, profile: str, goes_to: date
) -> None:
    hub = build(session, profile)
    target = prepared(session, profile, hub)
    rules = get_profile(profile)
    plan = plan_follow_on(session, profile=rules, meeting_date=DAY[profile])
    assert plan.proposed == goes_to
    assert plan.may_choose == (profile != "llr-drmm")
    before = prep.load_view(session, target=target, drmm_profiles=["llr-drmm"])

    moved = record_inquorate(
        session,
        meeting_id=target.meeting_id,
        profile=rules,
        reason="No health",
        to_date=goes_to,
        at=AT,
    )
    assert (moved.date, moved.moved) == (goes_to, 2)

    # `prep` on the new date shows them: same queue, invitations and known conflicts.
    later, created = prep.open_meeting(session, profile=rules, on=goes_to)
    assert not created
    view = prep.load_view(session, target=later, drmm_profiles=["llr-drmm"])
    assert [s.entry.name for s in view.queue] == ["Riley Example", "Jordan Sample"]
    assert {s.entry.referral_source for s in view.queue} == {"deferred"}
    assert invited_names(view) == invited_names(before)
    assert "Dev Fakeley" in invited_names(view)
    assert [(c.person.name, c.reason, c.source) for c in view.conflicts] == [
        ("Bea Mockford", "Neighbour", "prepared")
    ]
    assert view.conflicts[0].item_id == view.queue[0].entry.item_id  # Riley's, not Jordan's

    old = session.get(Meeting, target.meeting_id)
    assert old is not None and (old.status, old.rearranged_date) == ("inquorate", goes_to)
    left = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == target.meeting_id)).all()
    assert {(i.status, i.deferred_reason) for i in left} == {("deferred", "Meeting inquorate")}
    # The inquorate meeting's log says where each child went.
    text = log_text(session, target.meeting_id)
    when = f"{goes_to:%A} {goes_to.day} {goes_to:%B %Y}"
    assert "## Where the children went" in text
    assert f"- MACE C-RILEY001: to the meeting of {when}" in text
    assert f"- MACE C-JORDAN02: to the meeting of {when}" in text
    assert "Riley Example" not in text  # the short record names no child
    assert f"**Rearranged to:** {when}" in text


def test_rearranged_date_may_be_chosen_within_the_limit(session: Session) -> None:
    profile = "lincs-mace-l2"
    hub = build(session, profile)
    target = prepared(session, profile, hub)
    rules = get_profile(profile)
    moved = record_inquorate(
        session, meeting_id=target.meeting_id, profile=rules, reason="No health",
        to_date=date(2026, 12, 8), at=AT,
    )  # fmt: skip
    assert moved.date == date(2026, 12, 8)


@pytest.mark.parametrize(
    ("profile", "to_date", "says"),
    [
        ("lincs-mace-l1", date(2026, 11, 28), "not a working day"),  # a Saturday
        ("lincs-mace-l1", date(2026, 12, 11), "more than 10 working days on"),
        ("llr-drmm", date(2026, 11, 25), "goes to the next working day, Tuesday 24 November"),
    ],
)
def test_a_wrong_date_writes_nothing(
    session: Session, profile: str, to_date: date, says: str
) -> None:
    hub = build(session, profile)
    target = prepared(session, profile, hub)
    count = len(session.exec(select(Meeting)).all())
    with pytest.raises(InquorateError, match=says):
        record_inquorate(
            session, meeting_id=target.meeting_id, profile=get_profile(profile),
            reason="No health", to_date=to_date, at=AT,
        )  # fmt: skip
    session.rollback()
    assert len(session.exec(select(Meeting)).all()) == count
    still = session.get(Meeting, target.meeting_id)
    assert still is not None and still.status == "planned"


@pytest.mark.parametrize(
    ("profile", "next_day"),
    [
        ("llr-drmm", date(2026, 11, 24)),
        ("lincs-mace-l1", date(2026, 12, 3)),
        ("lincs-mace-l2", date(2026, 12, 3)),
    ],
)
def test_deferred_and_not_reached_children_go_on_with_panel_and_conflicts(
    session: Session, profile: str, next_day: date
) -> None:
    hub = build(session, profile)
    target = prepared(session, profile, hub)
    rules = get_profile(profile)
    meetings.start(session, meeting_id=target.meeting_id, at=AT, chair_id=None)
    items = {
        i.child_id: i.id
        for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == target.meeting_id))
    }
    riley, jordan = items[hub.riley], items[hub.jordan]
    assert riley is not None and jordan is not None
    # Riley: the chair went ahead without full quorum, then deferred the child after all (F10).
    conflicts.set_quorum_override(
        session, item_id=riley, reason="Health gave a written update", gaps=("health",)
    )
    following = next_meeting_of(session, profile=rules, after=DAY[profile])
    assert following.date == next_day
    discussion.defer(
        session,
        item_id=riley,
        reason="Waiting for the strategy meeting",
        to_meeting_id=following.id,
        at=AT,
    )
    # Jordan: not reached before the end (F12).
    discussion.defer(
        session, item_id=jordan, reason="Not reached", to_meeting_id=following.id, at=AT
    )
    meetings.end(session, meeting_id=target.meeting_id, at=AT)

    later, created = prep.open_meeting(session, profile=rules, on=next_day)
    assert not created
    view = prep.load_view(session, target=later, drmm_profiles=["llr-drmm"])
    assert [s.entry.name for s in view.queue] == ["Riley Example", "Jordan Sample"]
    # The meeting made by the deferral invites the previous meeting's panel (Dev included).
    assert invited_names(view) == [
        "Bea Mockford", "Cal Exampleton", "DS Ada Testwell", "Dev Fakeley", "Mo Notetaker",
    ]  # fmt: skip
    assert [(c.person.name, c.source) for c in view.conflicts] == [("Bea Mockford", "prepared")]

    text = log_text(session, target.meeting_id)
    when = f"{next_day:%A} {next_day.day} {next_day:%B %Y}"
    # The override written before the deferral stays, with its reason.
    assert "**Per-child quorum overridden:** Health gave a written update" in text
    assert f"**Deferred to the meeting of {when}:** Waiting for the strategy meeting" in text
    assert f"**Deferred to the meeting of {when}:** Not reached" in text
