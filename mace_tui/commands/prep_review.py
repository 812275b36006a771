"""``mace-tui prep --propose``: the review meeting's agenda from data (R19), on the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mace_tui.rules.form_proposal import FREE_SECTIONS, SECTIONS

if TYPE_CHECKING:
    from mace_tui.prep.meeting import PrepTarget
    from store.db import Store


def print_proposal(store: Store, target: PrepTarget, *, accept: bool) -> None:
    """Print the proposal by section with reasons; with ``accept``, put it all on the queue."""
    from mace_tui.clock import system_clock
    from mace_tui.prep.form_review import Accepted, load_proposal
    from mace_tui.prep.form_review import accept as accept_entries

    with store.session() as session:
        view = load_proposal(session, target=target)
    proposal = view.proposal
    since = proposal.last_review
    short = target.profile.short_name
    click.echo(
        f"{short} of {target.meeting_date:%A %d %B %Y}: agenda proposed from data "
        + (f"(last {short} {since:%d %b %Y})." if since else f"(no earlier {short} recorded).")
    )
    carried = view.carried_actions
    click.echo(
        f"First: {carried} open action{'' if carried == 1 else 's'} from earlier "
        f"{target.profile.short_name} meetings (carried over)."
    )
    for key, title in SECTIONS:
        rows = [r for r in view.rows if r.entry.section == key]
        click.echo(f"\n{title}")
        if not rows:
            click.echo("  (added by the coordinator)" if key in FREE_SECTIONS else "  (none)")
        for row in rows:
            mark = " [on the queue]" if row.on_queue else ""
            if row.entry.kind == "free":
                click.echo(f"  {row.entry.name} (other item){mark}")
                continue
            click.echo(f"  {row.entry.name} ({row.entry.ref}): {row.entry.why}{mark}")
    if accept:
        entries = [
            Accepted(r.entry.section, r.entry.kind, r.entry.subject_id, r.entry.why)
            for r in view.rows
            if r.entry.kind != "free"
        ]
        with store.session() as session:
            added = accept_entries(session, target, entries=entries, at=system_clock())
        click.echo(
            f"\nPut {added} entr{'y' if added == 1 else 'ies'} on the queue, in section order."
        )
