"""Logins and roles (R18): which account may do what; refusals are audited."""

from __future__ import annotations

import contextlib
import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled, WorkerFailed

from mace_tui.access import ALL_ROLES, NEEDS, Role, parse_roles
from mace_tui.access.service import AccessRefused, require, who
from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.factory import make_app
from mace_tui.protection import open_store
from store.audit import audit_events, verify_chain
from store.db import Store
from store.logins import list_logins, remove_login, save_login
from tests.conftest import DEMO_NOW, DEMO_TODAY

ME = pwd.getpwuid(os.getuid()).pw_name


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        (
            (Role.ADMIN,),
            {
                "overview",
                "review",
                "export",
                "retention",
                "audit",
                "split",
                "logins",
                "directory",
                "encrypt",
                "amend",
            },
        ),
        ((Role.COORDINATOR,), {"overview", "prep"}),
        ((Role.CHAIR,), {"overview", "chair", "minutes", "amend"}),
        ((Role.MINUTE_TAKER,), {"overview", "chair", "minutes"}),
        ((Role.CHAIR, Role.COORDINATOR), {"overview", "chair", "minutes", "prep", "amend"}),
        (ALL_ROLES, set(NEEDS)),
        ((), set()),
    ],
)
def test_roles_decide_the_tasks(store: Store, roles: tuple[Role, ...], allowed: set[str]) -> None:
    with store.session() as session:
        save_login(session, os_account="someone-else", roles=("admin",))
        save_login(session, os_account="jtest", roles=tuple(map(str, roles)))
    current = who(store, account="jtest")
    assert {task for task in NEEDS if current.may(task)} == allowed


def test_the_first_user_of_a_store_gets_every_role_once(store: Store) -> None:
    with store.session() as session:
        remove_login(session, os_account=ME)  # the fixture's own first login
    first = who(store, account="solo")
    assert first.made_first and first.roles == ALL_ROLES
    again = who(store, account="solo")
    assert not again.made_first and again.roles == ALL_ROLES
    stranger = who(store, account="stranger")
    assert stranger.roles == () and not stranger.made_first


def test_parse_roles() -> None:
    assert parse_roles("chair, minute taker") == (Role.CHAIR, Role.MINUTE_TAKER)
    with pytest.raises(ValueError, match="'boss' is not a role"):
        parse_roles("boss")


def test_a_refusal_is_audited(store: Store) -> None:
    with store.session() as session:
        save_login(session, os_account="coord", roles=("coordinator",))
    with pytest.raises(
        AccessRefused, match="needs the admin role; the account coord has coordinator"
    ):
        require(store, "review", at=DEMO_NOW, account="coord")
    with store.session() as session:
        events = audit_events(session)
        assert verify_chain(session).ok
    assert [(e.action, e.os_user, e.detail) for e in events] == [
        ("refused", "coord", "review: needs the admin role")
    ]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mace_tui", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


def _only_coordinator(store: Store) -> None:
    with store.session() as session:
        save_login(session, os_account="hub-admin", roles=("admin",))
        save_login(session, os_account=ME, roles=("coordinator",))


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--meeting", "2026-11-19:llr-drmm", "--format", "csv", "--out", "OUT"],
        ["review", "--expired"],
        ["review", "--delete-expired", "--reason", "policy", "--yes"],
        ["review", "--export", "1", "--out", "OUT", "--reason", "SAR 2026/60"],
        ["audit", "--verify"],
        ["logins", "add", ME, "--role", "admin"],
    ],
)
def test_a_login_without_admin_is_refused_on_the_command_line_and_audited(
    demo_store: Store, settings: Settings, tmp_path: Path, args: list[str]
) -> None:
    _only_coordinator(demo_store)
    (settings.config_dir / "settings.toml").write_text("retention_days = 1\n")
    out = tmp_path / "out"
    result = run_cli(*[str(out) if a == "OUT" else a for a in args])
    assert result.returncode == 2
    assert f"needs the admin role; the account {ME} has coordinator" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not out.exists()
    with demo_store.session() as session:
        refused = [e for e in audit_events(session) if e.action == "refused"]
        assert verify_chain(session).ok
        assert [row.roles for row in list_logins(session) if row.os_account == ME] == [
            ("coordinator",)
        ]
    assert len(refused) == 1 and refused[0].os_user == ME


def test_single_person_install_is_told_once_and_can_do_everything(
    demo_store: Store, tmp_path: Path
) -> None:
    with demo_store.session() as session:
        remove_login(session, os_account=ME)  # as a store no one has used yet
    first = run_cli("audit", "--verify")
    assert first.returncode == 0, first.stderr
    assert f"{ME}, the first user, now holds every role" in first.stderr
    second = run_cli(
        "export", "--meeting", "2026-11-19:llr-drmm", "--format", "md", "--out", str(tmp_path / "o")
    )
    assert second.returncode == 0, second.stderr
    assert "first user" not in second.stderr


async def _settle(app, pilot) -> None:
    for _ in range(3):
        # The refused screens end the app: its workers are cancelled, which is expected.
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def test_the_review_screen_is_refused_without_admin(settings: Settings) -> None:
    store = open_store(settings)
    _only_coordinator(store)
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), mode="review")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
    assert app.return_code == 2
    with store.session() as session:
        assert [e.detail for e in audit_events(session)] == ["review: needs the admin role"]
    store.close()


async def test_home_keys_open_only_what_the_login_may_use(settings: Settings) -> None:
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        store = app.require_store()
        _only_coordinator(store)
        await pilot.press("v")
        await _settle(app, pilot)
        assert app.current_mode == "home"
        shown = [(n.title, n.message) for n in app._notifications]
        assert (
            "Not allowed",
            f"review: needs the admin role; the account {ME} has coordinator. "
            f"Ask an admin to run `mace-tui logins add {ME} --role admin`.",
        ) in shown
        await pilot.press("p")
        await _settle(app, pilot)
        assert app.current_mode == "prep"
        with store.session() as session:
            refused = [e.detail for e in audit_events(session) if e.action == "refused"]
    assert refused == ["review: needs the admin role"]


async def test_home_shows_no_child_to_an_account_without_a_login(settings: Settings) -> None:
    """Today's queue names children: an account the hub has not given a login is refused."""
    seeded = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    async with seeded.run_test(size=(100, 30)) as pilot:
        await _settle(seeded, pilot)
        store = seeded.require_store()
        with store.session() as session:
            save_login(session, os_account="someone-else", roles=("admin",))
            remove_login(session, os_account=ME)
    app = make_app(settings, clock=fixed_clock(DEMO_NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
    assert app.return_code == 2
    with Store.open(settings.db_url).session() as session:
        assert [e.detail for e in audit_events(session)] == [
            "the home screen: needs the coordinator, chair, minute taker or admin role"
        ]
