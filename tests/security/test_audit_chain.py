"""The audit chain is keyed and anchored (R27): every kind of tampering is found and named."""

from __future__ import annotations

import json
import os
import pwd
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mace_tui.config import Settings
from mace_tui.keystore import key_path
from mace_tui.protection import anchor_path, open_store
from store.audit import (
    GENESIS,
    Tamper,
    _plain_sha256,
    append_event,
    audit_events,
    verify_chain,
)
from store.db import Store

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def write_events(store: Store, count: int = 6) -> None:
    with store.session() as session:
        for n in range(count):
            append_event(
                session,
                action="playback",
                os_user="admin-test",
                at=START + timedelta(minutes=n),
                detail=f"discussion {n + 1} (C{n:05d})",
            )


def sql(settings: Settings, statement: str, *params: object) -> None:
    """Change the database behind the app's back, as anyone holding the file could."""
    assert settings.sqlite_path is not None
    with sqlite3.connect(settings.sqlite_path) as db:
        db.execute(statement, params)


def recompute_without_key(settings: Settings, store: Store, from_id: int) -> None:
    """What a forger does: rewrite every hash from ``from_id`` on, unkeyed, links and all."""
    with store.session() as session:
        events = audit_events(session)
    prev = GENESIS
    for event in events:
        if event.id >= from_id:
            from dataclasses import replace

            fixed = replace(event, prev_hash=prev)
            new_hash = _plain_sha256(fixed)
            sql(
                settings,
                "UPDATE audit_event SET prev_hash=?, hash=? WHERE id=?",
                prev,
                new_hash,
                event.id,
            )
            prev = new_hash
        else:
            prev = event.hash


def check(store: Store):
    with store.session() as session:
        return verify_chain(session)


def test_an_untouched_chain_is_intact_and_anchored(store: Store, settings: Settings) -> None:
    write_events(store)
    result = check(store)
    assert result.ok and result.events == 6 and result.anchored
    anchor = json.loads(anchor_path(settings.config_dir, store.store_id).read_text())
    assert (anchor["events"], anchor["last_id"]) == (6, 6)
    assert not str(anchor_path(settings.config_dir, store.store_id)).startswith(
        str(settings.data_dir)
    )


def _edit_field(settings: Settings, store: Store) -> None:
    sql(settings, "UPDATE audit_event SET detail='nothing happened' WHERE id=3")


def _delete_middle(settings: Settings, store: Store) -> None:
    sql(settings, "DELETE FROM audit_event WHERE id IN (3, 4)")


def _forge_row(settings: Settings, store: Store) -> None:
    with store.session() as session:
        last = audit_events(session)[-1]
    from dataclasses import replace

    forged = replace(last, id=7, prev_hash=last.hash, detail="a forged alibi", os_user="someone")
    sql(
        settings,
        "INSERT INTO audit_event (id, at, os_user, action, detail, reason, prev_hash, hash) "
        "VALUES (7, ?, 'someone', 'playback', 'a forged alibi', '', ?, ?)",
        last.at.strftime("%Y-%m-%d %H:%M:%S.%f"),
        last.hash,
        _plain_sha256(forged),
    )


def _delete_last(settings: Settings, store: Store) -> None:
    sql(settings, "DELETE FROM audit_event WHERE id >= 5")


def _edit_and_recompute(settings: Settings, store: Store) -> None:
    sql(settings, "UPDATE audit_event SET os_user='nobody' WHERE id=2")
    recompute_without_key(settings, store, from_id=2)


def _delete_all(settings: Settings, store: Store) -> None:
    sql(settings, "DELETE FROM audit_event")


@pytest.mark.parametrize(
    ("tamper", "kind", "first_event", "says"),
    [
        (_edit_field, Tamper.EDITED, 3, "event 3: its contents do not match its keyed hash"),
        (_delete_middle, Tamper.REMOVED, 5, "events 3–4 removed before event 5"),
        (_forge_row, Tamper.FORGED, 7, "event 7: its hash was made without the audit key"),
        (_delete_last, Tamper.TRUNCATED, None, "the anchor records 6 events up to event 6; the log now ends at event 4"),
        (_edit_and_recompute, Tamper.FORGED, 2, "event 2: its hash was made without the audit key"),
        (_delete_all, Tamper.EMPTIED, None, "every event was removed: the anchor records 6 events"),
    ],
)  # fmt: skip
def test_each_kind_of_tampering_is_found_and_named(
    store: Store, settings: Settings, tamper, kind: Tamper, first_event: int | None, says: str
) -> None:
    write_events(store)
    assert check(store).ok
    tamper(settings, store)
    result = check(store)
    assert not result.ok
    assert result.problems[0].kind == kind
    assert result.problems[0].event_id == first_event
    assert says in result.problems[0].text


def test_edit_and_recompute_flags_every_rewritten_event(store: Store, settings: Settings) -> None:
    write_events(store)
    _edit_and_recompute(settings, store)
    result = check(store)
    assert [(p.event_id, p.kind) for p in result.problems] == [
        *((n, Tamper.FORGED) for n in range(2, 7)),
        (6, Tamper.REWRITTEN),  # and the anchor knew the head by another hash
    ]


def test_an_altered_anchor_is_reported(store: Store, settings: Settings) -> None:
    write_events(store)
    path = anchor_path(settings.config_dir, store.store_id)
    body = json.loads(path.read_text())
    body["events"], body["last_id"] = 4, 4
    path.write_text(json.dumps(body))
    _delete_last(settings, store)
    result = check(store)
    assert [p.kind for p in result.problems] == [Tamper.ANCHOR]


def test_without_the_key_nothing_is_written_and_the_check_says_why(
    store: Store, settings: Settings
) -> None:
    write_events(store)
    key_path(settings.config_dir, store.store_id, "audit").unlink()
    store.close()
    reopened = open_store(settings)
    result = check(reopened)
    assert [p.kind for p in result.problems] == [Tamper.NO_KEY]
    from store.audit import AuditKeyMissing

    with reopened.session() as session, pytest.raises(AuditKeyMissing, match="Restore it"):
        append_event(session, action="playback", os_user="x", at=START)
    reopened.close()


def test_the_key_is_not_in_the_database_nor_the_data_folder(
    store: Store, settings: Settings
) -> None:
    write_events(store)
    key = key_path(settings.config_dir, store.store_id, "audit").read_text().strip()
    assert settings.sqlite_path is not None
    data_bytes = b"".join(p.read_bytes() for p in settings.data_dir.rglob("*") if p.is_file())
    assert key.encode() not in data_bytes and bytes.fromhex(key) not in data_bytes


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mace_tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_verify_on_the_command_line_lists_each_problem_and_exits_1(
    store: Store, settings: Settings
) -> None:
    write_events(store)
    ok = run_cli("audit", "--verify")
    assert ok.returncode == 0, ok.stderr
    assert "Audit log intact: 6 events" in ok.stdout and "matches the anchor" in ok.stdout
    _edit_field(settings, store)
    _delete_last(settings, store)
    broken = run_cli("audit", "--verify")
    assert broken.returncode == 1
    assert "[edited] event 3: its contents do not match its keyed hash" in broken.stderr
    assert "[truncated] the last events were removed" in broken.stderr


def test_the_os_account_is_recorded_whatever_the_environment_says(
    demo_store: Store, settings: Settings, tmp_path: Path
) -> None:
    demo_store.close()
    me = pwd.getpwuid(os.getuid()).pw_name
    result = run_cli(
        "export", "--meeting", "2026-11-19:llr-drmm", "--format", "csv", "--out", str(tmp_path / "out"),
        env={"LOGNAME": "anyone", "USER": "anyone", "USERNAME": "anyone"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reopened = open_store(settings)
    with reopened.session() as session:
        events = audit_events(session)
        assert verify_chain(session).ok
    reopened.close()
    exports = [e for e in events if e.action == "export-log"]
    assert len(exports) == 1
    assert exports[0].os_user == me != "anyone"
    assert "action log v1 of llr-drmm 2026-11-19" in exports[0].detail
    assert ".csv" in exports[0].detail


def older_store(settings: Settings, events: int = 3) -> None:
    """A store as the version before the keyed chain left it: plain SHA-256 hashes, no key."""
    old = Store.open(settings.db_url)  # opened unsealed, as that version did
    write_events(old, events)
    recompute_without_key(settings, old, from_id=1)
    assert not key_path(settings.config_dir, old.store_id, "audit").exists()
    old.close()


def test_an_older_stores_unkeyed_events_are_told_apart_from_forged_ones(
    settings: Settings,
) -> None:
    older_store(settings)
    upgraded = open_store(settings)  # the new version opens it: the log gets its key now
    assert key_path(settings.config_dir, upgraded.store_id, "audit").exists()
    with upgraded.session() as session:
        for n in range(2):
            append_event(session, action="playback", os_user="admin-test", at=START, detail=f"{n}")
    result = check(upgraded)
    assert result.ok and (result.events, result.unkeyed) == (5, 3)
    upgraded.close()
    ok = run_cli("audit", "--verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(
        "Audit log intact: 3 earlier unkeyed events (written before the log was keyed), "
        "then keyed chain intact: 2 events, every keyed hash and link as written, and its end "
        "matches the anchor."
    )


def test_an_older_stores_unkeyed_events_cannot_be_rewritten_or_added_to_afterwards(
    settings: Settings,
) -> None:
    older_store(settings)
    upgraded = open_store(settings)
    write_events(upgraded, 1)  # event 4, keyed
    # Rewriting an unkeyed event (hashes recomputed up to the keyed one) breaks its link.
    sql(settings, "UPDATE audit_event SET detail='nothing happened' WHERE id=2")
    with upgraded.session() as session:
        events = audit_events(session)
    prev = events[0].hash
    for event in events[1:3]:
        from dataclasses import replace

        fixed = replace(
            event, prev_hash=prev, detail="nothing happened" if event.id == 2 else event.detail
        )
        prev = _plain_sha256(fixed)
        sql(
            settings,
            "UPDATE audit_event SET prev_hash=?, hash=? WHERE id=?",
            fixed.prev_hash,
            prev,
            event.id,
        )
    assert [(p.kind, p.event_id) for p in check(upgraded).problems] == [(Tamper.RELINKED, 4)]
    # An unkeyed event after a keyed one is forged, not "earlier".
    _forge_row_after(settings, upgraded)
    kinds = [(p.kind, p.event_id) for p in check(upgraded).problems]
    assert (Tamper.FORGED, 5) in kinds
    upgraded.close()


def _forge_row_after(settings: Settings, store: Store) -> None:
    with store.session() as session:
        last = audit_events(session)[-1]
    from dataclasses import replace

    forged = replace(
        last, id=last.id + 1, prev_hash=last.hash, detail="a forged alibi", os_user="someone"
    )
    sql(
        settings,
        "INSERT INTO audit_event (id, at, os_user, action, detail, reason, prev_hash, hash) "
        "VALUES (?, ?, 'someone', 'playback', 'a forged alibi', '', ?, ?)",
        forged.id,
        last.at.strftime("%Y-%m-%d %H:%M:%S.%f"),
        last.hash,
        _plain_sha256(forged),
    )


def test_a_keyed_log_whose_key_is_lost_gets_no_new_key(store: Store, settings: Settings) -> None:
    write_events(store)
    key_path(settings.config_dir, store.store_id, "audit").unlink()
    store.close()
    reopened = open_store(settings)
    assert not key_path(settings.config_dir, reopened.store_id, "audit").exists()
    reopened.close()
