"""History queries on a small hand-built store: what counts, what does not, in what order."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from store import queries
from store.db import Store
from store.models import Action, Agency, AgendaItem, Child, Grading, Meeting
from tests.ids import id_of

DRMM = ("llr-drmm",)


class Hub:
    """Adds rows with the fewest words, for readable tests."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.agency = Agency(key="police", name="Demoshire Police (demo)", sector="police")
        self.child = Child(ref="C1", name="Riley Example")
        self.other = Child(ref="C2", name="Jordan Sample")
        session.add_all([self.agency, self.child, self.other])
        session.commit()
        self.meetings: dict[tuple[str, date], Meeting] = {}

    def meeting(self, day: date, profile: str = "llr-drmm") -> Meeting:
        key = (profile, day)
        if key not in self.meetings:
            m = Meeting(profile=profile, date=day, status="finished")
            self.s.add(m)
            self.s.commit()
            self.meetings[key] = m
        return self.meetings[key]

    def item(self, day: date, *, child: Child | None = None, profile: str = "llr-drmm",
             status: str = "done", grade: str | None = None, outcome: str = "",
             deferred_from: int | None = None) -> AgendaItem:  # fmt: skip
        child = child or self.child
        m = self.meeting(day, profile)
        item = AgendaItem(meeting_id=id_of(m), child_id=id_of(child), meeting_date=day, profile=profile,
                          position=1, status=status, deferred_from_id=deferred_from)  # fmt: skip
        self.s.add(item)
        self.s.commit()
        if grade:
            self.s.add(Grading(item_id=id_of(item), child_id=id_of(child), meeting_date=day, profile=profile,
                               grade=grade, outcome=outcome, rationale="r"))  # fmt: skip
            self.s.commit()
        return item

    def action(self, item: AgendaItem, *, status: str = "open", due: date | None = None,
               child: Child | None = None) -> Action:  # fmt: skip
        child = child or self.child
        action = Action(meeting_id=item.meeting_id, item_id=item.id, child_id=child.id,
                        meeting_date=item.meeting_date, profile=item.profile, text=f"act {item.id}",
                        owner="Pat Sampleby", agency_id=self.agency.id, due=due or item.meeting_date,
                        status=status)  # fmt: skip
        self.s.add(action)
        self.s.commit()
        return action


@pytest.fixture
def hub(store: Store):
    with store.session() as session:
        yield Hub(session)


def test_child_history_newest_first_with_grades(hub: Hub) -> None:
    hub.item(date(2026, 9, 1), grade="MEDIUM", outcome="npa-referral")
    hub.item(date(2026, 10, 1), grade="LOW", outcome="advice")
    hub.item(date(2026, 10, 15), status="deferred")
    hub.item(date(2026, 10, 20), status="removed")  # taken off the list: not a discussion
    hub.item(date(2026, 11, 23), status="waiting")  # today's, not yet discussed
    hub.item(date(2026, 10, 5), child=hub.other, grade="HIGH")
    history = queries.child_history(hub.s, child_id=id_of(hub.child), before=date(2026, 11, 23))
    assert [(h.meeting_date, h.status, h.grade, h.outcome) for h in history] == [
        (date(2026, 10, 15), "deferred", None, None),
        (date(2026, 10, 1), "done", "LOW", "advice"),
        (date(2026, 9, 1), "done", "MEDIUM", "npa-referral"),
    ]
    assert len(queries.child_history(hub.s, child_id=id_of(hub.child), limit=1)) == 1


def test_last_medium_date_is_before_the_meeting(hub: Hub) -> None:
    hub.item(date(2026, 5, 1), grade="MEDIUM")
    hub.item(date(2026, 9, 14), grade="MEDIUM")
    hub.item(date(2026, 10, 1), grade="HIGH")
    hub.item(date(2026, 11, 23), grade="MEDIUM")  # the current meeting does not count
    hub.item(date(2026, 10, 2), child=hub.other, grade="MEDIUM")
    assert queries.last_medium_date(
        hub.s, child_id=id_of(hub.child), before=date(2026, 11, 23)
    ) == date(2026, 9, 14)
    assert (
        queries.last_medium_date(hub.s, child_id=id_of(hub.child), before=date(2026, 5, 1)) is None
    )


def test_referral_count_counts_drmm_queue_entries_only(hub: Hub) -> None:
    first = hub.item(date(2026, 6, 1), grade="LOW")
    hub.item(date(2026, 7, 1), status="deferred")
    hub.item(date(2026, 7, 2), deferred_from=first.id)  # carried forward: not a new referral
    hub.item(date(2026, 8, 1), status="removed")
    hub.item(date(2026, 8, 5), profile="llr-form")  # a review meeting is not a referral
    hub.item(date(2026, 9, 1), grade="MEDIUM")
    hub.item(date(2026, 9, 2), child=hub.other)
    assert queries.referral_count(hub.s, child_id=id_of(hub.child), profiles=DRMM) == 3
    assert (
        queries.referral_count(
            hub.s, child_id=id_of(hub.child), profiles=DRMM, before=date(2026, 7, 2)
        )
        == 2
    )


def test_last_discharge_date(hub: Hub) -> None:
    hub.item(date(2026, 3, 1), grade="LOW", outcome="discharge")
    hub.item(date(2026, 4, 1), grade="LOW", outcome="advice")
    assert queries.last_discharge_date(
        hub.s, child_id=id_of(hub.child), before=date(2026, 11, 23)
    ) == date(2026, 3, 1)


def test_open_actions_for_child(hub: Hub) -> None:
    item = hub.item(date(2026, 10, 1), grade="HIGH")
    late = hub.action(item, due=date(2026, 10, 20))
    early = hub.action(item, status="in-progress", due=date(2026, 10, 8))
    hub.action(item, status="complete")
    hub.action(item, status="not-possible")
    other_item = hub.item(date(2026, 10, 1), child=hub.other, grade="LOW")
    hub.action(other_item, child=hub.other)
    found = queries.open_actions_for_child(hub.s, child_id=id_of(hub.child))
    assert [a.id for a in found] == [early.id, late.id]
    assert found[0].agency == "Demoshire Police (demo)"


def test_carried_actions_same_profile_earlier_and_open(hub: Hub) -> None:
    old = hub.item(date(2026, 11, 4), grade="HIGH", profile="llr-form")
    open_one = hub.action(old)
    hub.action(old, status="complete")
    drmm = hub.item(date(2026, 11, 10), grade="HIGH")
    hub.action(drmm)  # another profile's action
    today = hub.item(date(2026, 11, 18), grade="HIGH", profile="llr-form")
    hub.action(today)  # from the meeting itself: not carried
    carried = queries.carried_actions(hub.s, profile="llr-form", before=date(2026, 11, 18))
    assert [a.id for a in carried] == [open_one.id]


def test_meeting_queue_in_order_without_removed(hub: Hub) -> None:
    m = hub.meeting(date(2026, 11, 23))
    for position, (child, status) in enumerate(
        [(hub.other, "waiting"), (hub.child, "removed"), (hub.child, "waiting")]
    ):
        hub.s.add(AgendaItem(meeting_id=id_of(m), child_id=id_of(child), meeting_date=m.date, profile=m.profile,
                             position=3 - position, status=status))  # fmt: skip
    hub.s.commit()
    queue = queries.meeting_queue(hub.s, meeting_id=id_of(m))
    assert [(e.position, e.name) for e in queue] == [(1, "Riley Example"), (3, "Jordan Sample")]
    found = queries.find_meeting(hub.s, profile="llr-drmm", on=date(2026, 11, 23))
    assert found is not None and found.id == m.id
    assert queries.find_meeting(hub.s, profile="llr-form", on=date(2026, 11, 23)) is None


def test_queue_wide_queries_agree_with_the_per_child_ones(demo_store: Store) -> None:
    from tests.conftest import DEMO_TODAY

    with demo_store.session() as s:
        ids = list(range(1, 30))
        histories = queries.histories(s, child_ids=ids, before=DEMO_TODAY)
        mediums = queries.last_medium_dates(s, child_ids=ids, before=DEMO_TODAY)
        discharges = queries.last_discharge_dates(s, child_ids=ids, before=DEMO_TODAY)
        referrals = queries.referral_counts(s, child_ids=ids, profiles=DRMM, before=DEMO_TODAY)
        actions = queries.open_action_counts(s, child_ids=ids, before=DEMO_TODAY)
        for child in ids:
            assert histories[child] == queries.child_history(
                s, child_id=child, before=DEMO_TODAY, limit=10
            )
            assert mediums[child] == queries.last_medium_date(s, child_id=child, before=DEMO_TODAY)
            assert discharges[child] == queries.last_discharge_date(
                s, child_id=child, before=DEMO_TODAY
            )
            assert referrals[child] == queries.referral_count(
                s, child_id=child, profiles=DRMM, before=DEMO_TODAY
            )
            assert actions[child] == len(
                queries.open_actions_for_child(s, child_id=child, before=DEMO_TODAY)
            )
        assert any(histories.values()) and any(mediums.values()) and any(discharges.values())
        assert any(referrals.values()) and any(actions.values())
