"""``mace-tui logins``: who may use the app, with which roles (admin only)."""

from __future__ import annotations

from typing import Any

import click

from mace_tui.commands.common import authorise, common_options, fail, resolve_settings, user_errors


@click.group()
def logins() -> None:
    """List, add or remove logins (operating-system accounts) and their roles.

    Roles: coordinator (prep), chair (chair), minute-taker (chair's second seat),
    admin (review, export, retention, audit, split, logins, encrypt). Until the first login
    exists, the first account to use the app is made a login with every role.
    """


@logins.command("list")
@common_options
@click.pass_context
@user_errors
def list_command(ctx: click.Context, **options: Any) -> None:
    """Every login and its roles."""
    settings = resolve_settings(ctx, **options)
    from mace_tui.protection import open_store
    from store.logins import list_logins

    store = open_store(settings)
    authorise(store, "logins", what="logins list")
    try:
        with store.session() as session:
            rows = list_logins(session)
    finally:
        store.close()
    for row in rows:
        person = f"\tperson {row.person_id}" if row.person_id is not None else ""
        click.echo(f"{row.os_account}\t{', '.join(row.roles) or '(no role)'}{person}")


@logins.command("add")
@common_options
@click.argument("account")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    help="coordinator, chair, minute-taker or admin; repeat it for several.",
)
@click.option("--person", "person_id", type=int, help="The person's id in the directory.")
@click.pass_context
@user_errors
def add_command(
    ctx: click.Context, account: str, roles: tuple[str, ...], person_id: int | None, **options: Any
) -> None:
    """Give ACCOUNT (an operating-system user name) these roles, replacing any it had."""
    from mace_tui.access import parse_roles

    try:
        chosen = tuple(r for text in roles for r in parse_roles(text))
    except ValueError as exc:
        fail(str(exc))
    if not account.strip() or len(account) > 100 or any(c.isspace() for c in account):
        fail("ACCOUNT: give the operating-system user name, e.g. jsmith.")
    settings = resolve_settings(ctx, **options)
    from mace_tui.access.events import record_login_change
    from mace_tui.protection import open_store, os_user
    from store.db import all_or_nothing
    from store.logins import save_login
    from store.types import utcnow

    store = open_store(settings)
    authorise(store, "logins", what="logins add")
    try:
        # The roles and their audit event are written together, or neither is.
        with store.session() as session, all_or_nothing(session):
            row = save_login(
                session, os_account=account, roles=tuple(map(str, chosen)), person_id=person_id
            )
            record_login_change(
                session, user=os_user(), at=utcnow(), detail=f"{account}: {', '.join(row.roles)}"
            )
    finally:
        store.close()
    click.echo(f"{row.os_account} now has: {', '.join(row.roles)}.")


@logins.command("remove")
@common_options
@click.argument("account")
@click.pass_context
@user_errors
def remove_command(ctx: click.Context, account: str, **options: Any) -> None:
    """Take ACCOUNT's login away: it can no longer use the app's tasks."""
    settings = resolve_settings(ctx, **options)
    from mace_tui.access.events import record_login_change
    from mace_tui.protection import open_store, os_user
    from store.db import all_or_nothing
    from store.logins import remove_login
    from store.types import utcnow

    store = open_store(settings)
    authorise(store, "logins", what="logins remove")
    try:
        # The removal and its audit event are written together, or neither is.
        with store.session() as session, all_or_nothing(session):
            removed = remove_login(session, os_account=account)
            if removed:
                record_login_change(
                    session, user=os_user(), at=utcnow(), detail=f"{account}: removed"
                )
    finally:
        store.close()
    if not removed:
        fail(f"ACCOUNT: {account[:100]!r} has no login; `mace-tui logins list` shows who has.")
    click.echo(f"{account} no longer has a login.")
