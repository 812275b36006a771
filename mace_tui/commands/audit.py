"""``mace-tui audit``: print the audit log of recording access, or check its hash chain (R18)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from mace_tui.commands.common import (
    authorise,
    common_options,
    parse_date,
    resolve_settings,
    user_errors,
)
from mace_tui.reports.cells import csv_cell

if TYPE_CHECKING:
    from store.audit import ChainCheck, ChainProblem


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

    Events are only ever added. Each carries a keyed hash of itself and of the
    one before, and the chain's end is anchored outside the database, so
    --verify finds an event edited, forged, removed from the middle or the
    end, or every event removed.
    """
    since = parse_date(since_text, option="--since")
    settings = resolve_settings(ctx, **options)
    from mace_tui.protection import open_store
    from store.audit import audit_events, verify_chain

    store = open_store(settings)
    authorise(store, "audit", what="audit")
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
        _report(check)
        return
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
    # Folded to one line, and shown as text if this output is opened in a spreadsheet.
    return csv_cell(text, one_line=True)


def _report(check: ChainCheck) -> None:
    """Intact: one line and exit 0. Otherwise every problem, by kind, and exit 1."""
    if check.ok:
        if check.unkeyed:
            keyed = check.events - check.unkeyed
            head = (
                f"Audit log intact: {check.unkeyed} earlier unkeyed events (written before the "
                f"log was keyed), then keyed chain intact: {keyed} events, every keyed hash and "
                "link as written"
            )
        else:
            head = f"Audit log intact: {check.events} events, every keyed hash and link as written"
        click.echo(
            head
            + (", and its end matches the anchor." if check.anchored else ".")
            + f" Last hash: {check.last_hash}"
        )
        for note in check.notes:
            click.echo(note)
        return
    lines = _grouped(check.problems)
    click.echo(
        f"mace-tui: audit log BROKEN ({check.events} events read): "
        f"{len(check.problems)} problem{'s' if len(check.problems) != 1 else ''}.",
        err=True,
    )
    for line in lines:
        click.echo(f"  {line}", err=True)
    sys.exit(1)


def _grouped(problems: tuple[ChainProblem, ...]) -> list[str]:
    """One line per problem, runs of the same kind on consecutive events folded into one."""
    lines: list[str] = []
    run: list[ChainProblem] = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        if len(run) == 1:
            lines.append(f"[{first.kind}] {first.text}")
        else:
            rest = first.text.removeprefix(f"event {first.event_id}: ")
            lines.append(f"[{first.kind}] events {first.event_id}–{last.event_id}: {rest}")
        run.clear()

    for problem in problems:
        if (
            run
            and problem.kind == run[-1].kind
            and problem.event_id is not None
            and run[-1].event_id is not None
            and problem.event_id == run[-1].event_id + 1
        ):
            run.append(problem)
            continue
        flush()
        run.append(problem)
    flush()
    return lines
