"""A move that writes several rows is written whole or not at all (store.db.all_or_nothing).

Each store function commits its own change; a chair's move calls several. The crash trials
found a meeting recorded as ended with children still waiting: ending defers the children
not reached, brings everyone back and records the end, and a kill came between. Here the
process really dies part-way (``os._exit`` in a child process, right after the move's last
step and before its commit) and the store must hold none of the move; the same move run to
the end holds all of it. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, func, select

from mace_tui.chair import moves
from mace_tui.profiles import get_profile
from store.db import PartlyRolledBack, Store, all_or_nothing
from store.models import AgendaItem, Attendance, Conflict, Meeting, Person
from tests.app.chair_helpers import meeting_under_way
from tests.conftest import DEMO_TODAY

AT = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
PROFILE = get_profile("llr-drmm")
ROOT = Path(__file__).resolve().parents[2]


# -- the moves, as a child process runs them ---------------------------------------------------
def _open(store: Store, *, meeting_id: int, item_id: int) -> None:
    moves.open_child(store, item_id=item_id, meeting_id=meeting_id, profile=PROFILE,
                     drmm_profiles=(PROFILE.key,), config_dir=None, at=AT, seat=None)  # fmt: skip


def _defer(store: Store, *, meeting_id: int, item_id: int) -> None:
    moves.defer_child(store, item_id=item_id, reason="Police lead on leave",
                      meeting_id=meeting_id, meeting_date=AT.date(), profile=PROFILE,
                      at=AT, seat=None)  # fmt: skip


def _end(store: Store, *, meeting_id: int, item_id: int) -> None:
    with store.session() as session:
        waiting = session.exec(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.status == "waiting"
            )
        ).all()
    moves.end_meeting(store, meeting_id=meeting_id, meeting_date=AT.date(),
                      not_reached=[i for i in waiting if i is not None], profile=PROFILE,
                      at=AT, seat=None)  # fmt: skip


def _end_monthly(store: Store, *, meeting_id: int, item_id: int) -> None:
    from mace_tui.chair import monthly

    monthly.end_monthly_meeting(store, meeting_id=meeting_id, at=AT, seat=None)


def _walk_in_deputy(
    store: Store, *, meeting_id: int, item_id: int, name: str, agency_id: int, covering: int
) -> None:
    from mace_tui.chair.room import add_walk_in_deputy

    add_walk_in_deputy(store, item_id=item_id, meeting_id=meeting_id, name=name,
                       agency_id=agency_id, title="Officer", role="member", covering=covering,
                       at=AT)  # fmt: skip


def _logins(store: Store, *, args: list[str]) -> None:
    """``mace-tui logins …`` as typed: the command opens the store itself."""
    from mace_tui.cli import main

    store.close()
    main.main(args=args, prog_name="mace-tui", standalone_mode=False)


def _inquorate(store: Store, *, meeting_id: int, item_id: int) -> None:
    from mace_tui.chair.inquorate import read_follow_on
    from mace_tui.chair.stage import record_inquorate_as_typed

    plan = read_follow_on(store, profile=PROFILE, meeting_date=DEMO_TODAY)
    record_inquorate_as_typed(store, meeting_id=meeting_id, profile=PROFILE,
                              reason="No police officer could attend",
                              to_date=plan.proposed.isoformat(), at=AT)  # fmt: skip


MOVES: dict[str, Callable[..., None]] = {
    "open": _open,
    "defer": _defer,
    "end": _end,
    "end-monthly": _end_monthly,
    "walk-in-deputy": _walk_in_deputy,
    "logins": _logins,
    "inquorate": _inquorate,
}


def child_main(move: str, die_after: str, args: str) -> None:
    """In the child process: run ``move``, dying right after ``die_after`` returns (if given).

    ``move`` is one of ``MOVES``, or ``package.module:function`` for a move another test
    module defines (called as they are: with the store and the arguments)."""
    from mace_tui.config import load_settings
    from mace_tui.launch import open_store

    if die_after:
        module_name, name = die_after.rsplit(".", 1)
        module = importlib.import_module(module_name)
        real = getattr(module, name)

        def then_die(*a: Any, **k: Any) -> Any:
            real(*a, **k)
            os._exit(9)  # the laptop dies: no commit, no clean-up

        setattr(module, name, then_die)
    if ":" in move:
        module_name, name = move.split(":", 1)
        run = getattr(importlib.import_module(module_name), name)
    else:
        run = MOVES[move]
    run(open_store(load_settings()), **json.loads(args))


def run_move(move: str, die_after: str, **args: Any) -> int:
    code = (
        "import sys; from tests.store.test_all_or_nothing import child_main; "
        "child_main(*sys.argv[1:])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, move, die_after, json.dumps(args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 9), done.stderr
    return done.returncode


# -- what the store holds -----------------------------------------------------------------------
@dataclass(frozen=True)
class Held:
    item: str  # the child's status
    current: int | None  # the child under discussion
    meeting: str  # the meeting's status
    waiting: int  # children still waiting
    meetings: int  # meetings on record (a deferral may make the next one)


def held(store: Store, meeting_id: int, item_id: int) -> Held:
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        item = session.get(AgendaItem, item_id)
        assert meeting is not None and item is not None
        waiting = session.exec(
            select(func.count()).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.status == "waiting"
            )
        ).one()
        count = session.exec(select(func.count()).select_from(Meeting)).one()
        return Held(item.status, meeting.current_item_id, meeting.status, waiting, count)


def first_waiting(store: Store, meeting_id: int) -> int:
    with store.session() as session:
        item_id = session.exec(
            select(AgendaItem.id)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.status == "waiting")
            .order_by(col(AgendaItem.position))
        ).first()
    assert item_id is not None
    return item_id


def _opened(before: Held, it: Held) -> bool:
    return before.item == "waiting" and it.item == "in-discussion" and it.current is not None


def _deferred(before: Held, it: Held) -> bool:
    return before.item == "in-discussion" and it.item == "deferred"


def _ended(before: Held, it: Held) -> bool:
    return before.waiting > 0 and it.meeting == "finished" and it.waiting == 0


def _moved_on(before: Held, it: Held) -> bool:
    return before.meeting == "planned" and it.meeting == "inquorate" and it.waiting == 0


def _not_started(store: Store, *, opened: bool) -> tuple[int, int]:
    """Today's demo DRMM, not started: nobody has joined yet."""
    from store import queries

    with store.session() as session:
        found = queries.find_meeting(session, profile=PROFILE.key, on=DEMO_TODAY)
        assert found is not None and found.id is not None
        meeting_id = found.id
    return meeting_id, first_waiting(store, meeting_id)


def _daily(store: Store, *, opened: bool) -> tuple[int, int]:
    """Today's demo DRMM under way; its first child opened when ``opened``."""
    meeting_id = meeting_under_way(store, stage="cases", at=AT)
    item_id = first_waiting(store, meeting_id)
    if opened:
        _open(store, meeting_id=meeting_id, item_id=item_id)
    return meeting_id, item_id


def _monthly(store: Store, *, opened: bool) -> tuple[int, int]:
    """An actions-only meeting under way with one topic queued."""
    from store import agenda, meetings

    with store.session() as session:
        meeting, _ = agenda.find_or_create_meeting(
            session, profile="llr-monthly", on=AT.date(), start="10:00", minutes=90
        )
        item = agenda.add_free_item(session, meeting=meeting, section="aob",
                                    title="Half-term patrols", at=AT, late=False)  # fmt: skip
        session.commit()
        assert meeting.id is not None and item.id is not None
        meetings.start(session, meeting_id=meeting.id, at=AT, chair_id=None)
        return meeting.id, item.id


# (setup, move, the step after which the process dies, what the whole move leaves)
CASES = [
    pytest.param(_daily, False, "open", "store.conflicts.rejoin_all", _opened, id="open-child"),
    pytest.param(_daily, True, "defer", "store.discussion.defer", _deferred, id="defer-child"),
    pytest.param(_daily, True, "end", "store.meetings.end", _ended, id="end-meeting"),
    pytest.param(_monthly, False, "end-monthly", "store.meetings.end", _ended, id="end-monthly"),
    pytest.param(
        _not_started, False, "inquorate", "store.agenda.carry_queue", _moved_on, id="inquorate"
    ),
]


@pytest.mark.parametrize(("setup", "opened", "move", "die_after", "whole"), CASES)
def test_a_move_cut_short_by_a_crash_leaves_the_store_as_it_was(
    demo_store: Store,
    setup: Callable[..., tuple[int, int]],
    opened: bool,
    move: str,
    die_after: str,
    whole: Callable[[Held, Held], bool],
) -> None:
    meeting_id, item_id = setup(demo_store, opened=opened)
    before = held(demo_store, meeting_id, item_id)
    demo_store.close()

    assert run_move(move, die_after, meeting_id=meeting_id, item_id=item_id) == 9
    assert held(demo_store, meeting_id, item_id) == before  # none of it

    assert run_move(move, "", meeting_id=meeting_id, item_id=item_id) == 0
    assert whole(before, held(demo_store, meeting_id, item_id))  # all of it


# -- a walk-in deputy: joining and standing in for a member -------------------------------------
WALK_IN = "Robin Sampleton"


def _walk_in_setup(store: Store) -> tuple[int, int, int, int]:
    """Today's DRMM under way: (meeting, first waiting child, a member present, their agency)."""
    from store import attendance

    meeting_id = meeting_under_way(store, stage="cases", at=AT)
    item_id = first_waiting(store, meeting_id)
    with store.session() as session:
        member = attendance.meeting_attendance(session, meeting_id=meeting_id)[0]
        person = session.get(Person, member.person_id)
        assert person is not None
        return meeting_id, item_id, member.person_id, person.agency_id


def walk_in_held(store: Store, meeting_id: int, name: str) -> tuple[str, int | None] | None:
    """The walk-in's place at the meeting (status, for whom); None when they are not on record."""
    with store.session() as session:
        person = session.exec(select(Person).where(Person.name == name)).first()
        if person is None:
            return None
        row = session.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.person_id == person.id
            )
        ).first()
        return (row.status, row.deputy_for_id) if row is not None else ("not at the meeting", None)


def test_a_walk_in_deputy_cut_short_by_a_crash_is_not_half_recorded(demo_store: Store) -> None:
    """Joining and standing in for a member are one move: a crash right after the join used to
    leave the walk-in present but not recorded as anyone's deputy."""
    meeting_id, item_id, member_id, agency_id = _walk_in_setup(demo_store)
    args = {"meeting_id": meeting_id, "item_id": item_id, "name": WALK_IN,
            "agency_id": agency_id, "covering": member_id}  # fmt: skip
    demo_store.close()

    assert run_move("walk-in-deputy", "store.attendance.add_walk_in", **args) == 9
    assert walk_in_held(demo_store, meeting_id, WALK_IN) is None  # none of it

    assert run_move("walk-in-deputy", "", **args) == 0
    assert walk_in_held(demo_store, meeting_id, WALK_IN) == ("present", member_id)  # all of it


def test_a_walk_in_with_a_conflict_for_the_child_joins_but_deputises_for_no_one(
    demo_store: Store,
) -> None:
    """Kept as it was: someone on record with a conflict for this child walks in; they have
    joined the meeting (written) and the chair is told they do not count for this child."""
    from mace_tui.chair.room import add_walk_in_deputy
    from store.conflicts import ConflictError

    meeting_id, item_id, member_id, agency_id = _walk_in_setup(demo_store)
    with demo_store.session() as session:
        person = Person(name=WALK_IN, agency_id=agency_id, title="Officer", role="member")
        session.add(person)
        session.flush()
        assert person.id is not None
        session.add(Conflict(item_id=item_id, person_id=person.id, reason="Knows the family",
                             source="prepared", declared_at=AT))  # fmt: skip
        session.commit()
    with pytest.raises(ConflictError, match="has joined the meeting but has a conflict"):
        add_walk_in_deputy(demo_store, item_id=item_id, meeting_id=meeting_id, name=WALK_IN,
                           agency_id=agency_id, title="Officer", role="member",
                           covering=member_id, at=AT)  # fmt: skip
    assert walk_in_held(demo_store, meeting_id, WALK_IN) == ("present", None)


# -- a login change and its audit event -------------------------------------------------------
ACCOUNT = "jsmith"


def login_held(store: Store) -> tuple[tuple[str, ...] | None, list[str]]:
    """ACCOUNT's roles (None: no login) and the login changes in the audit log, whose chain holds."""
    from store.audit import audit_events, verify_chain
    from store.logins import list_logins

    with store.session() as session:
        roles = next((r.roles for r in list_logins(session) if r.os_account == ACCOUNT), None)
        events = [e.detail for e in audit_events(session) if e.action == "login"]
        check = verify_chain(session, seal=store.audit_seal)
    assert check.ok, check.problem
    return roles, events


@pytest.mark.parametrize(
    ("args", "die_after", "whole"),
    [
        (["logins", "add", ACCOUNT, "--role", "admin"], "store.logins.save_login",
         (("admin",), [f"{ACCOUNT}: admin"])),
        (["logins", "remove", ACCOUNT], "store.logins.remove_login",
         (None, [f"{ACCOUNT}: removed"])),
    ],
    ids=["add", "remove"],
)  # fmt: skip
def test_a_login_change_cut_short_by_a_crash_leaves_no_unaudited_change(
    store: Store, args: list[str], die_after: str, whole: tuple[object, list[str]]
) -> None:
    """`mace-tui logins add` / `remove`: the role change and its audit event commit together.
    A crash between them used to leave an account given (or stripped of) its roles with no
    event in the log."""
    from store.logins import save_login

    if args[1] == "remove":
        with store.session() as session:
            save_login(session, os_account=ACCOUNT, roles=("chair",))
    before = login_held(store)
    store.close()

    assert run_move("logins", die_after, args=args) == 9
    assert login_held(store) == before  # none of it

    assert run_move("logins", "", args=args) == 0
    assert login_held(store) == whole  # all of it


# -- the block itself -----------------------------------------------------------------------
def _meeting_status(store: Store, meeting_id: int) -> str:
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        return meeting.status


def test_the_block_commits_once_at_its_end(demo_store: Store) -> None:
    from store import discussion, meetings

    meeting_id = meeting_under_way(demo_store, stage="cases", at=AT)
    item_id = first_waiting(demo_store, meeting_id)
    with demo_store.session() as session, all_or_nothing(session):
        discussion.begin(session, item_id=item_id, at=AT)
        meetings.end(session, meeting_id=meeting_id, at=AT)
        # Another connection sees nothing of it yet.
        assert _meeting_status(demo_store, meeting_id) == "in-progress"
    assert _meeting_status(demo_store, meeting_id) == "finished"
    assert held(demo_store, meeting_id, item_id).item == "in-discussion"


class Refused(Exception):
    pass


def _raise_part_way(session: Any, meeting_id: int) -> None:
    from store import meetings

    with all_or_nothing(session):
        meetings.end(session, meeting_id=meeting_id, at=AT)
        raise Refused


def _inner_error_swallowed(session: Any, meeting_id: int) -> None:
    # The outer block carries on regardless of the inner one's error.
    with all_or_nothing(session), contextlib.suppress(Refused):
        _raise_part_way(session, meeting_id)


def _rolled_back_and_carried_on(session: Any, meeting_id: int) -> None:
    from store import meetings

    with all_or_nothing(session):
        meetings.set_stage(session, meeting_id=meeting_id, stage="ended")
        session.rollback()  # as a store function does when its own step fails
        meetings.end(session, meeting_id=meeting_id, at=AT)


@pytest.mark.parametrize(
    ("write", "raised"),
    [
        (_raise_part_way, Refused),
        (_inner_error_swallowed, PartlyRolledBack),
        (_rolled_back_and_carried_on, PartlyRolledBack),
    ],
    ids=["error-part-way", "inner-error-swallowed", "rolled-back-and-carried-on"],
)
def test_a_block_that_fails_part_way_writes_nothing(
    demo_store: Store, write: Callable[[Any, int], None], raised: type[Exception]
) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=AT)
    with demo_store.session() as session:
        with pytest.raises(raised):
            write(session, meeting_id)
        # The session is usable again, outside any block: each function commits alone.
        from store import meetings

        meetings.set_stage(session, meeting_id=meeting_id, stage="cases")
    assert _meeting_status(demo_store, meeting_id) == "in-progress"


# -- what lives outside the database waits for the commit ---------------------------------------
def _append(session: Any, n: int) -> None:
    from store.audit import append_event

    append_event(session, action="playback", os_user="admin-test", at=AT, detail=f"event {n}")


def _chain(store: Store) -> tuple[bool, int, str]:
    from store.audit import verify_chain

    with store.session() as session:
        check = verify_chain(session, seal=store.audit_seal)
    return check.ok, check.events, check.problem


@pytest.mark.parametrize("fails", [False, True], ids=["block-commits", "block-fails"])
def test_the_audit_anchor_moves_only_with_a_committed_event(store: Store, fails: bool) -> None:
    """An anchor written for an event the block then lost would read as a log cut short
    (a false alarm of tampering); it is written once the block has committed."""
    from store.audit import read_anchor

    assert store.audit_seal is not None and store.audit_seal.anchor is not None
    with store.session() as session:
        _append(session, 1)
    assert _chain(store) == (True, 1, "")
    with store.session() as session:
        with contextlib.suppress(Refused), all_or_nothing(session):
            _append(session, 2)
            anchor = read_anchor(store.audit_seal)
            assert anchor is not None and anchor.events == 1  # not ahead of the commit
            if fails:
                raise Refused
        _append(session, 3)
    assert _chain(store) == (True, 2 if fails else 3, "")


def test_losing_the_race_to_make_a_meeting_undoes_only_that(demo_store: Store) -> None:
    """A deferral makes the next meeting if it is missing; another seat may make it in the
    same instant. The loser takes the winner's meeting and its move goes on, whole."""
    from sqlalchemy import event

    from store import agenda, meetings

    meeting_id = meeting_under_way(demo_store, stage="cases", at=AT)
    day = AT.date().replace(day=30)

    raced: list[bool] = []

    def rival_first(state: Any) -> None:
        if raced or not state.is_insert:
            return
        raced.append(True)
        with demo_store.session() as rival:  # the other seat, on its own connection
            agenda.find_or_create_meeting(rival, profile=PROFILE.key, on=day, start="09:30",
                                          minutes=60)  # fmt: skip

    with demo_store.session() as session:
        with all_or_nothing(session):
            # Nothing written yet in the block: on SQLite a seat that has written holds the
            # file, so another cannot make the meeting meanwhile.
            found = session.exec(select(Meeting).where(Meeting.date == day)).first()
            assert found is None
            event.listen(session, "do_orm_execute", rival_first)  # just before its insert
            meeting, created = agenda.find_or_create_meeting(
                session, profile=PROFILE.key, on=day, start="09:00", minutes=90
            )
            assert raced and not created and meeting.scheduled_start == "09:30"  # the winner's
            meetings.set_stage(session, meeting_id=meeting_id, stage="cases")
        rows = session.exec(select(Meeting).where(Meeting.date == day)).all()
        assert [m.scheduled_start for m in rows] == ["09:30"]
        current = session.get(Meeting, meeting_id)
        assert current is not None and current.stage == "cases"


@pytest.mark.sqlite_only
def test_losing_the_race_to_make_a_meeting_leaves_the_store_free(demo_store: Store) -> None:
    """On SQLite the insert that did nothing took the file's write lock: the loser ends its
    transaction there, so other seats can write while its session stays open."""
    import sqlite3

    from store import agenda

    day = AT.date().replace(day=30)
    with demo_store.session() as rival:
        agenda.find_or_create_meeting(rival, profile=PROFILE.key, on=day, start="09:30",
                                      minutes=60)  # fmt: skip
    with demo_store.session() as session:
        # Found missing, then made by the rival meanwhile: as if it had lost the race.
        real = session.exec
        calls: list[int] = []

        def missing_at_first(statement: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            result = real(statement, *args, **kwargs)
            return _Nothing() if len(calls) == 1 else result

        session.exec = missing_at_first  # type: ignore[method-assign]
        meeting, created = agenda.find_or_create_meeting(
            session, profile=PROFILE.key, on=day, start="09:00", minutes=90
        )
        assert not created and meeting.scheduled_start == "09:30"
        path = demo_store.url.removeprefix("sqlite:///")
        other = sqlite3.connect(path, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" if the loser still held it
            other.rollback()
        finally:
            other.close()


class _Nothing:
    def first(self) -> None:
        return None
