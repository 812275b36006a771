"""``mace-tui audit``: print the audit log of recording access, or check its hash chain (R18)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

import click

from mace_tui.commands.common import common_options, parse_date, resolve_settings, user_errors


@click.command()
@common_options
@click.option(
    "--since", "since_text", metavar="YYYY-MM-DD", help="Only events on or after this date (UTC)."
)
@click.option(
    "--verify",
    is_flag=True,
    help="Check that no event was changed, removed or reordered; exit status 1 if one was.",
)
@click.pass_context
@user_errors
def audit(ctx: click.Context, since_text: str | None, verify: bool, **options: Any) -> None:
    """Print who played, exported, checked, cut or deleted which recording, when and why.

    Events are only ever added. Each carries a hash of the one before, so
    --verify finds any event altered directly in the database.
    """
    since = parse_date(since_text, option="--since")
    settings = resolve_settings(ctx, **options)
    from store.audit import audit_events, verify_chain
    from store.db import Store

    store = Store.open(settings.db_url)
    try:
        with store.session() as session:
            if verify:
                check = verify_chain(session)
            else:
                start = datetime.combine(since, datetime.min.time(), UTC) if since else None
                events = audit_events(session, since=start)
    finally:
        store.close()
    if verify:
        if check.ok:
            click.echo(
                f"Audit log intact: {check.events} events, every hash and link as written. "
                f"Last hash: {check.last_hash}"
            )
            return
        click.echo(
            f"mace-tui: audit log BROKEN at event {check.bad_event_id}: {check.problem}. "
            f"The {check.events - 1} events before it are intact.",
            err=True,
        )
        sys.exit(1)
    if not events:
        click.echo("No audit events" + (f" since {since:%Y-%m-%d}." if since else "."))
        return
    click.echo("id\ttime (UTC)\tuser\taction\trecording\tmeeting\treason\tdetail")
    for event in events:
        click.echo(
            "\t".join(
                [
                    str(event.id),
                    f"{event.at:%Y-%m-%d %H:%M:%S}",
                    event.os_user,
                    event.action,
                    str(event.recording_id or "-"),
                    str(event.meeting_id or "-"),
                    _one_line(event.reason) or "-",
                    _one_line(event.detail),
                ]
            )
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())
