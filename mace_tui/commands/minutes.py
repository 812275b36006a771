"""``mace-tui minutes``: the minute taker's seat, following the meeting the chair runs."""

from __future__ import annotations

from typing import Any

import click

from mace_tui.commands.common import (
    common_options,
    parse_date,
    resolve_settings,
    run_app,
    user_errors,
)


@click.command()
@common_options
@click.option(
    "--date", "date_text", metavar="YYYY-MM-DD", help="The meeting's date (default: today)."
)
@click.pass_context
@user_errors
def minutes(ctx: click.Context, date_text: str | None, **options: Any) -> None:
    """Follow today's meeting of the profile as its minute taker.

    Shows the child the chair has under discussion, moving on when the chair does;
    notes and actions written here reach the chair's seat at once. The meeting is
    moved on from the chair's seat only. Several seats need one shared store: give
    the same --db postgresql+psycopg://… URL on every seat.
    """
    settings = resolve_settings(ctx, **options)
    from mace_tui.clock import local_today, system_clock

    day = parse_date(date_text, meeting_on=local_today(system_clock))
    run_app(settings, mode="minutes", meeting_date=day)
