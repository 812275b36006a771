"""A per-child quorum override stands only for the gaps it was written for (R2), and the store
says so on every read: not only once a second unit of work has cleared it.

The room changes (another agency leaves for the child) and commits; the override written for
the smaller gap used to be cleared in a second commit, by screens remembering the gap from
before. Here the process really dies between the two (``os._exit`` right after the conflict
is written, as tests/store/test_all_or_nothing.py does), and a fresh read must show the child
unable to go ahead. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlmodel import col, select

from mace_tui.chair import moves
from mace_tui.chair.room import (
    change_room,
    declare_conflict,
    load_room,
    override_quorum,
    reread_room,
)
from mace_tui.config import Settings
from mace_tui.profiles import get_profile
from store import attendance, conflicts
from store.db import Store
from store.models import AgendaItem, ClearedOverride
from tests.app.chair_helpers import meeting_under_way
from tests.conftest import DEMO_TODAY
from tests.store.test_all_or_nothing import first_waiting, run_move

AT = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
PROFILE = get_profile("llr-drmm")
REASON = "Health sent a written update before the meeting"
# Today's demo DRMM: one nurse (health) and two police officers in the room.
NURSE, OFFICER, OTHER_OFFICER = "Bea Mockford", "DS Ada Testwell", "Pat Sampleby"


def person(store: Store, meeting_id: int, name: str) -> int:
    with store.session() as session:
        people = attendance.meeting_attendance(session, meeting_id=meeting_id)
    return next(p.person_id for p in people if p.name == name)


def leaves(store: Store, *, item_id: int, person_id: int) -> None:
    """The room step (F6, c) during the discussion: someone declares a conflict and leaves;
    then the room is read again, which clears an override that no longer stands."""
    declare = partial(declare_conflict, item_id=item_id, person_id=person_id,
                      reason="Arrested the child's brother", source="raised", at=AT)  # fmt: skip
    change_room(store, declare, item_id=item_id, profile=PROFILE, started=True, at=AT)


def under_an_override(store: Store) -> tuple[int, int]:
    """Riley's discussion under way with the nurse out, an override written for no Health,
    and one of the two police officers out too (Police still covered)."""
    meeting_id = meeting_under_way(store, stage="cases", at=AT)
    item_id = first_waiting(store, meeting_id)
    opened(store, meeting_id, item_id)
    leaves(store, item_id=item_id, person_id=person(store, meeting_id, NURSE))
    override_quorum(store, item_id=item_id, reason=REASON, profile=PROFILE, at=AT)
    leaves(store, item_id=item_id, person_id=person(store, meeting_id, OFFICER))
    with store.session() as session:
        room = load_room(session, item_id=item_id, profile=PROFILE).room
    assert room.overridden and room.gaps == {"health"}
    return meeting_id, item_id


def opened(store: Store, meeting_id: int, item_id: int) -> moves.OpenedChild:
    """The chair's seat opens (or, after a restart, resumes) the child's discussion."""
    return moves.open_child(store, item_id=item_id, meeting_id=meeting_id, profile=PROFILE,
                            drmm_profiles=(PROFILE.key,), config_dir=None, at=AT,
                            seat=None)  # fmt: skip


def crashed(store: Store) -> tuple[int, int]:
    """The second officer leaves too; the process dies once the conflict is committed,
    before the room is read again (nothing cleared the override)."""
    meeting_id, item_id = under_an_override(store)
    other = person(store, meeting_id, OTHER_OFFICER)
    store.close()
    move = "tests.store.test_override_gaps:leaves"
    assert run_move(move, "store.conflicts.declare", item_id=item_id, person_id=other) == 9
    with store.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None and item.quorum_override_reason == REASON  # still written
        assert other in conflicts.conflicted_ids(session, item_id=item_id)  # the change is in
    return meeting_id, item_id


def test_after_a_crash_the_override_no_longer_stands_and_the_child_cannot_close(
    demo_store: Store, settings: Settings, backend: str
) -> None:
    meeting_id, item_id = crashed(demo_store)

    with demo_store.session() as session:
        room = load_room(session, item_id=item_id, profile=PROFILE).room
    assert room.gaps == {"health", "police"}
    assert not room.can_proceed and not room.overridden and room.override_stale

    # The restarted seat resumes the child: the case view and the queue's numbers agree.
    again = opened(demo_store, meeting_id, item_id)
    assert again.case.room is not None and not again.case.room.can_proceed
    assert again.state.quorum_overrides == ()
    if backend == "sqlite":
        from mace_tui.launch import read_minutes

        # The minute taker's quick first read cannot judge the room: the normal path answers.
        assert read_minutes(settings, today=DEMO_TODAY) is None

    problems = moves.close_child(demo_store, case=again.case, meeting_id=meeting_id,
                                 profile=PROFILE, today=DEMO_TODAY,
                                 at=AT + timedelta(minutes=5), seat=None)  # fmt: skip
    [inquorate] = [p for p in problems if p.tab is None]
    assert inquorate.text.startswith("Not quorate for this child: no Police")
    assert "no Health" in inquorate.text
    assert "write a new override reason (F6)" in inquorate.text
    with demo_store.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None and item.status == "in-discussion"

    # The room step read after the restart clears it, says so, and keeps its reason.
    read = reread_room(demo_store, item_id=item_id, profile=PROFILE, started=True, at=AT)
    assert read.cleared == "The override was written for a different gap; it needs a new reason."
    assert read.cleared_reason == REASON and read.view.room.override_reason == ""
    with demo_store.session() as session:
        assert conflicts.cleared_overrides(session, item_id=item_id) == [(REASON, AT)]


def test_a_child_deferred_after_the_crash_is_not_logged_as_discussed_under_the_override(
    demo_store: Store,
) -> None:
    from mace_tui.reports.action_log import build_action_log
    from mace_tui.reports.layout import child_facts

    meeting_id, item_id = crashed(demo_store)
    later = AT + timedelta(minutes=3)
    moves.defer_child(demo_store, item_id=item_id, reason="No police or health cover",
                      meeting_id=meeting_id, meeting_date=DEMO_TODAY, profile=PROFILE,
                      at=later, seat=None)  # fmt: skip
    with demo_store.session() as session:
        log = build_action_log(session, meeting_id=meeting_id, generated_at=later)
    [section] = [c for c in log.children if c.item_id == item_id]
    assert section.quorum_override_reason == ""
    assert section.cleared_overrides == ((REASON, later),)
    facts = str(child_facts(section))
    assert "Per-child quorum overridden" not in facts and "without full quorum" not in facts
    assert "Quorum override, later cleared" in facts


def test_the_override_service_reads_the_gaps_itself(demo_store: Store) -> None:
    # No way to hand it the gaps: it reads them in its own unit of work.
    assert "gaps" not in inspect.signature(override_quorum).parameters
    meeting_id = meeting_under_way(demo_store, stage="cases", at=AT)
    item_id = first_waiting(demo_store, meeting_id)
    opened(demo_store, meeting_id, item_id)
    nurse = person(demo_store, meeting_id, NURSE)
    leaves(demo_store, item_id=item_id, person_id=nurse)

    def stored() -> tuple[str, str]:
        with demo_store.session() as session:
            item = session.get(AgendaItem, item_id)
            assert item is not None
            return item.quorum_override_reason, item.quorum_override_gaps

    # A screen that thought more was missing: the override covers what is missing, no more.
    override_quorum(demo_store, item_id=item_id, reason=REASON, profile=PROFILE, at=AT,
                    seen=("health", "police", "childrens-services"))  # fmt: skip
    assert stored() == (REASON, "health")

    # Both officers leave (from another seat, say: no reread here); a screen still showing
    # only Health is refused, and nothing changes.
    for name in (OFFICER, OTHER_OFFICER):
        declare_conflict(demo_store, item_id=item_id,
                         person_id=person(demo_store, meeting_id, name),
                         reason="Arrested the child's brother", source="raised",
                         at=AT)  # fmt: skip
    with pytest.raises(conflicts.ConflictError, match="there is no Police for this child now"):
        override_quorum(demo_store, item_id=item_id, reason="Police briefed", profile=PROFILE,
                        at=AT, seen=("health",))  # fmt: skip
    assert stored() == (REASON, "health")

    # A quorate child has nothing to override.
    other = next(i for i in queue(demo_store, meeting_id) if i != item_id)
    with pytest.raises(conflicts.ConflictError, match="no override is needed"):
        override_quorum(demo_store, item_id=other, reason="Just in case", profile=PROFILE)


def queue(store: Store, meeting_id: int) -> list[int]:
    with store.session() as session:
        rows = session.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id))
        return [i for i in rows if i is not None]


def test_an_outgrown_reason_is_not_taken_again_unchanged(demo_store: Store) -> None:
    """The override written for no Health is cleared once Police is missing too; its words
    are offered to edit, but given back unchanged they would cover a gap they never named."""
    meeting_id, item_id = under_an_override(demo_store)
    other = person(demo_store, meeting_id, OTHER_OFFICER)
    declare = partial(declare_conflict, item_id=item_id, person_id=other,
                      reason="Arrested the child's brother", source="raised", at=AT)  # fmt: skip
    read = change_room(demo_store, declare, item_id=item_id, profile=PROFILE, started=True, at=AT)
    assert read.outgrown and read.cleared_reason == REASON
    for same in (REASON, f"  {REASON.upper()} "):
        with pytest.raises(conflicts.ConflictError, match="written when less was missing"):
            override_quorum(demo_store, item_id=item_id, reason=same, profile=PROFILE, at=AT,
                            outgrown=read.cleared_reason)  # fmt: skip
    with demo_store.session() as session:
        assert not load_room(session, item_id=item_id, profile=PROFILE).room.can_proceed
    edited = f"{REASON}; police briefed by phone"
    override_quorum(demo_store, item_id=item_id, reason=edited, profile=PROFILE, at=AT,
                    outgrown=read.cleared_reason)  # fmt: skip
    with demo_store.session() as session:
        room = load_room(session, item_id=item_id, profile=PROFILE).room
    assert room.overridden and room.override_reason == edited


def test_a_replaced_override_keeps_the_old_reason(demo_store: Store) -> None:
    meeting_id, item_id = under_an_override(demo_store)
    leaves(demo_store, item_id=item_id, person_id=person(demo_store, meeting_id, OTHER_OFFICER))
    # The reread cleared it (the gap grew); write one, then replace it with another.
    override_quorum(demo_store, item_id=item_id, reason="Police briefed by phone",
                    profile=PROFILE, at=AT + timedelta(minutes=1))  # fmt: skip
    # The same words again (the dialog starts from them) keep nothing twice.
    override_quorum(demo_store, item_id=item_id, reason="Police briefed by phone",
                    profile=PROFILE, at=AT + timedelta(minutes=2))  # fmt: skip
    override_quorum(demo_store, item_id=item_id, reason="Health and police sent updates",
                    profile=PROFILE, at=AT + timedelta(minutes=3))  # fmt: skip
    with demo_store.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        assert (item.quorum_override_reason, item.quorum_override_gaps) == (
            "Health and police sent updates", "health,police",
        )  # fmt: skip
        kept = session.exec(
            select(ClearedOverride.reason, ClearedOverride.cleared_at)
            .where(ClearedOverride.item_id == item_id)
            .order_by(col(ClearedOverride.cleared_at))
        ).all()
    assert [tuple(k) for k in kept] == [
        (REASON, AT),
        ("Police briefed by phone", AT + timedelta(minutes=3)),
    ]


def test_an_override_written_before_its_gaps_were_kept_stands_as_it_did(
    demo_store: Store,
) -> None:
    """A row from before migration 0024 has a reason and no gaps: not known, so it stands."""
    meeting_id, item_id = under_an_override(demo_store)
    with demo_store.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        item.quorum_override_gaps = ""
        session.add(item)
        session.commit()
    leaves(demo_store, item_id=item_id, person_id=person(demo_store, meeting_id, OTHER_OFFICER))
    with demo_store.session() as session:
        room = load_room(session, item_id=item_id, profile=PROFILE).room
    assert room.gaps == {"health", "police"} and room.overridden and room.can_proceed
