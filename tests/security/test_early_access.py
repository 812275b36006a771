"""The start-up head start (a forked helper reading the first screen) reads nothing for an
account the app will refuse: no child's name reaches the screen before the app's own check,
and no meeting is made on its behalf."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mace_tui.config import Settings
from mace_tui.launch import read_chair
from mace_tui.protection import os_user
from store import queries
from store.db import Store
from store.logins import save_login
from store.quickread import NotPermitted
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.sqlite_only
LATER = DEMO_TODAY + timedelta(days=1)  # no meeting yet: the slow path, which makes one


def _logins(store: Store, mine: tuple[str, ...] | None) -> None:
    with store.session() as session:
        save_login(session, os_account="someone-else", roles=("chair", "admin"))
        save_login(session, os_account=os_user(), roles=mine or ())


@pytest.mark.parametrize(
    ("mine", "allowed"),
    [
        (("chair",), True),
        (("minute-taker",), True),
        (("admin",), False),
        (("coordinator", "admin"), False),
        ((), False),  # a login with no role
    ],
)
@pytest.mark.parametrize("on", [DEMO_TODAY, LATER], ids=["quick read", "store read"])
def test_the_chairs_head_start_checks_the_login_first(
    demo_store: Store, settings: Settings, mine: tuple[str, ...], allowed: bool, on: date
) -> None:
    _logins(demo_store, mine)
    if allowed:
        opening = read_chair(settings, today=DEMO_TODAY, meeting_date=on)
        assert opening.meeting.date == on
        return
    with pytest.raises(NotPermitted):
        read_chair(settings, today=DEMO_TODAY, meeting_date=on)
    if on == LATER:  # nothing made for an account the app will refuse
        with demo_store.session() as session:
            assert queries.find_meeting(session, profile="llr-drmm", on=on) is None


def test_an_account_without_a_login_is_not_read_for(demo_store: Store, settings: Settings) -> None:
    with demo_store.session() as session:
        save_login(session, os_account="someone-else", roles=("chair",))
    with demo_store.session() as session:
        from store.models import Login

        for login in session.query(Login).all():
            if login.os_account == os_user():
                session.delete(login)
        session.commit()
    with pytest.raises(NotPermitted):
        read_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)


def test_a_store_with_no_login_yet_is_read_for_its_first_user(
    settings: Settings, demo_store: Store
) -> None:
    with demo_store.session() as session:
        from store.models import Login

        session.query(Login).delete()
        session.commit()
    opening = read_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    assert opening.meeting.date == DEMO_TODAY


@pytest.mark.parametrize(("mine", "allowed"), [(("admin",), True), ((), False)])
def test_homes_head_start_needs_a_login_with_a_role(
    demo_store: Store, settings: Settings, mine: tuple[str, ...], allowed: bool
) -> None:
    from mace_tui.launch import read_home

    _logins(demo_store, mine)
    if allowed:
        overview = read_home(settings, today=DEMO_TODAY)
        assert overview is not None and overview.queue
        return
    with pytest.raises(NotPermitted):
        read_home(settings, today=DEMO_TODAY)


@pytest.mark.parametrize(
    ("mine", "allowed"),
    [(("admin",), True), (("chair", "coordinator", "minute-taker"), False), ((), False)],
)
@pytest.mark.parametrize("quick", [True, False], ids=["quick read", "store read"])
def test_the_directorys_head_start_is_for_a_hub_admin(
    demo_store: Store,
    settings: Settings,
    mine: tuple[str, ...],
    allowed: bool,
    quick: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mace_tui.directory import early_read
    from mace_tui.launch import read_directory

    _logins(demo_store, mine)
    if not quick:  # as for PostgreSQL, or a file at another schema
        monkeypatch.setattr(early_read, "quick_directory", lambda settings: None)
    if allowed:
        assert read_directory(settings).people
        return
    with pytest.raises(NotPermitted):
        read_directory(settings)


@pytest.mark.parametrize(
    ("mine", "allowed"), [(("minute-taker",), True), (("chair",), True), (("coordinator",), False)]
)
def test_the_minute_takers_head_start_checks_the_login(
    demo_store: Store, settings: Settings, mine: tuple[str, ...], allowed: bool
) -> None:
    from mace_tui.launch import read_minutes

    _logins(demo_store, mine)
    if allowed:
        assert read_minutes(settings, today=DEMO_TODAY) is not None
        return
    with pytest.raises(NotPermitted):
        read_minutes(settings, today=DEMO_TODAY)


@pytest.mark.parametrize(
    ("mine", "allowed"), [(("admin",), True), (("chair", "coordinator", "minute-taker"), False)]
)
@pytest.mark.parametrize("quick", [True, False], ids=["quick read", "store read"])
def test_the_reviews_head_start_is_for_an_admin(
    demo_store: Store,
    settings: Settings,
    mine: tuple[str, ...],
    allowed: bool,
    quick: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mace_tui.review import early_read

    _logins(demo_store, mine)
    if not quick:  # as for PostgreSQL, or a file at another schema
        monkeypatch.setattr(early_read, "quick_rows", lambda settings: None)
    if allowed:
        found = early_read.read_review(settings, today=DEMO_TODAY)
        assert found.found == []  # the demo has no recordings
        return
    with pytest.raises(NotPermitted):
        early_read.read_review(settings, today=DEMO_TODAY)
