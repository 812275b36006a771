"""The audit log: append-only, hash-chained, printed and verified by `mace-tui audit`."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

import store.audit as audit_module
from mace_tui.cli import main
from mace_tui.config import Settings
from store.audit import GENESIS, append_event, audit_events, verify_chain
from store.db import Store

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def write_events(store: Store, count: int = 5) -> None:
    with store.session() as session:
        for n in range(count):
            append_event(
                session,
                action=["playback", "export", "verify", "delete", "split"][n % 5],
                os_user="admin-test",
                at=START + timedelta(days=n, microseconds=123_456),
                detail=f"discussion {n + 1} (C{n:05d})",
                reason="request REF-1" if n % 2 else "",
            )


def audit_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


def alter(settings: Settings, sql: str, *params: object) -> None:
    """Change the database behind the app's back, as someone with the file (or server) could."""
    if settings.sqlite_path is not None:
        with closing(sqlite3.connect(settings.sqlite_path)) as db, db:
            db.execute(sql, params)
        return
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(settings.db_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as pg:
        pg.execute(sql.replace("?", "%s"), params)


def test_each_event_chains_onto_the_one_before(store: Store) -> None:
    write_events(store)
    with store.session() as session:
        events = audit_events(session)
        check = verify_chain(session)
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert len({e.hash for e in events}) == 5
    assert check.ok and check.events == 5 and check.last_hash == events[-1].hash


@pytest.mark.parametrize(
    ("sql", "params", "bad", "problem"),
    [
        ("UPDATE audit_event SET reason = ? WHERE id = 3", ("nothing to see",), 3, "do not match its keyed hash"),
        ("UPDATE audit_event SET os_user = ? WHERE id = 2", ("someone-else",), 2, "do not match its keyed hash"),
        ("UPDATE audit_event SET at = ? WHERE id = 4", ("2026-01-01 00:00:00.000000",), 4, "do not match its keyed hash"),
        ("UPDATE audit_event SET action = ? WHERE id = 1", ("verify",), 1, "do not match its keyed hash"),
        ("DELETE FROM audit_event WHERE id = ?", (3,), 4, "event 3 removed before event 4"),
        ("UPDATE audit_event SET hash = ? WHERE id = 2", ("0" * 64,), 2, "do not match its keyed hash"),
    ],
)  # fmt: skip
def test_altering_any_stored_event_is_found_at_that_event(
    store: Store, settings: Settings, sql: str, params: tuple[object, ...], bad: int, problem: str
) -> None:
    write_events(store)
    alter(settings, sql, *params)
    with store.session() as session:
        check = verify_chain(session)
    assert not check.ok
    assert check.bad_event_id == bad
    assert problem in check.problem


def test_rehashing_an_altered_event_without_the_key_is_found_at_that_event(
    store: Store, settings: Settings
) -> None:
    write_events(store)
    with store.session() as session:
        second = audit_events(session)[1]
    forged = audit_module.event_hash(
        id=second.id, at=second.at, os_user=second.os_user, action=second.action,
        recording_id=None, meeting_id=None, detail="forged", reason=second.reason,
        prev_hash=second.prev_hash,
    )  # fmt: skip
    alter(settings, "UPDATE audit_event SET detail = 'forged', hash = ? WHERE id = 2", forged)
    with store.session() as session:
        check = verify_chain(session)
    assert check.bad_event_id == 2
    assert check.problems[0].kind == audit_module.Tamper.FORGED


def test_the_store_offers_no_way_to_change_or_remove_an_event() -> None:
    public = [name for name in dir(audit_module) if not name.startswith("_")]
    assert not [
        n for n in public if any(w in n.lower() for w in ("update", "delete", "edit", "remove"))
    ]


def test_audit_verify_passes_then_fails_with_status_1_naming_the_event(
    store: Store, settings: Settings
) -> None:
    write_events(store)
    code, out, _ = audit_cli("--verify")
    assert code == 0
    assert "Audit log intact: 5 events" in out

    alter(settings, "UPDATE audit_event SET reason = 'changed' WHERE id = 2")
    code, out, err = audit_cli("--verify")
    assert code == 1
    assert "audit log BROKEN (5 events read): 1 problem." in err
    assert "[edited] event 2: its contents do not match its keyed hash" in err


def test_audit_prints_events_since_a_date(store: Store) -> None:
    write_events(store)
    code, out, _ = audit_cli("--since", "2026-11-22")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("id\ttime (UTC)\tuser\taction")
    assert [line.split("\t")[3] for line in lines[1:]] == ["verify", "delete", "split"]
    assert "2026-11-22 09:00:00\tadmin-test\tverify" in lines[1]
    assert lines[2].split("\t")[6] == "request REF-1"


def test_audit_with_no_events_and_a_bad_date(store: Store) -> None:
    code, out, _ = audit_cli()
    assert (code, out.strip()) == (0, "No audit events.")
    code, _, err = audit_cli("--since", "2026-13-01")
    assert code == 2
    assert "--since: '2026-13-01' is not a real date" in err


def test_times_must_carry_a_zone(store: Store) -> None:
    with store.session() as session, pytest.raises(ValueError, match="timezone"):
        append_event(session, action="playback", os_user="x", at=datetime(2026, 1, 1))


def test_two_seats_appending_at_once_keep_one_unbroken_chain(store: Store) -> None:
    import threading

    def seat(name: str) -> None:
        for n in range(25):
            with store.session() as session:
                append_event(
                    session, action="verify", os_user=name, at=START + timedelta(seconds=n)
                )

    threads = [threading.Thread(target=seat, args=(f"seat-{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with store.session() as session:
        check = verify_chain(session)
        events = audit_events(session)
    assert check.ok and check.events == 75
    assert len({e.prev_hash for e in events}) == 75
