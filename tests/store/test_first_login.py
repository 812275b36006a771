"""The first login of an empty store (R18): two seats asking in the same instant make one,
and no login is ever made and then taken back (a crash between left two accounts holding
every role)."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event

from store.db import Store
from store.logins import first_login, list_logins, remove_login

EVERY_ROLE = ("admin", "chair", "coordinator", "minute-taker")


def test_two_seats_on_an_empty_store_make_one_first_login(store: Store) -> None:
    with store.session() as session:
        for login in list_logins(session):  # the fixture's own first login
            remove_login(session, os_account=login.os_account)
    this_seat = threading.get_ident()
    rival: list[Any] = []
    threads: list[threading.Thread] = []
    statements: list[str] = []

    def the_rival() -> None:
        with store.session() as other:
            rival.append(first_login(other, os_account="rival-seat", roles=EVERY_ROLE))

    def just_before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement.strip().upper())
        if threads or threading.get_ident() != this_seat:
            return
        if statement.strip().upper().startswith("INSERT INTO LOGIN"):
            # The other seat asks just before this one writes; on PostgreSQL it waits for
            # this one (the lock), on SQLite it finishes first.
            thread = threading.Thread(target=the_rival)
            threads.append(thread)
            thread.start()
            thread.join(timeout=1.0)

    event.listen(store.engine, "before_cursor_execute", just_before)
    try:
        with store.session() as session:
            mine = first_login(session, os_account="this-seat", roles=EVERY_ROLE)
        threads[0].join(timeout=30)
    finally:
        event.remove(store.engine, "before_cursor_execute", just_before)
    with store.session() as session:
        logins = list_logins(session)
    assert len(logins) == 1 and rival and (mine is None) != (rival[0] is None)
    assert logins[0].os_account == ("this-seat" if mine is not None else "rival-seat")
    assert not any(s.startswith("DELETE FROM LOGIN") for s in statements)


def test_a_store_with_a_login_makes_no_first_login(store: Store) -> None:
    with store.session() as session:
        before = list_logins(session)
        assert before  # the fixture's
        assert first_login(session, os_account="late-seat", roles=EVERY_ROLE) is None
        assert list_logins(session) == before
