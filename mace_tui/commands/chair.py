"""``mace-tui chair``: run a meeting — attendance, statements, then each child."""

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
def chair(ctx: click.Context, date_text: str | None, **options: Any) -> None:
    """Open today's meeting of the profile and run it.

    Picks up where it was left if the app was closed mid-meeting.
    """
    settings = resolve_settings(ctx, **options)
    from mace_tui.clock import local_today, system_clock

    day = parse_date(date_text, meeting_on=local_today(system_clock))
    from mace_tui.commands.prep import check_cadence

    # No meeting is made on a day the profile does not sit (the same rule as prep's).
    check_cadence(settings, day=day or local_today(system_clock), extraordinary=False, chair=True)
    run_app(settings, mode="chair", meeting_date=day)
