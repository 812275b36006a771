"""Where an inquorate meeting's queue goes (R1): the next working day, or a rearranged date.

A daily meeting (DRMM) hands its queue to the next working day's meeting. A
weekly or fortnightly panel (Lincolnshire L1/L2) is rearranged within a
number of working days; the first free working day is proposed and the chair
may choose another within the limit. Weekends and England's bank holidays are
never working days.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from mace_tui.rules.workdays import add_working_days, is_working_day

NEXT_WORKING_DAY = "next-working-day"
REARRANGE = "rearrange"


class FollowOnError(ValueError):
    """No date fits, or the chosen date does not; the message names the field and what to do.

    The services turn it into a ``UserError`` (rules import nothing of the store's)."""


def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    return add_working_days(day, 1)


def latest_rearranged(meeting_date: date, within_days: int) -> date:
    """The last date a rearranged meeting may fall on: ``within_days`` working days on."""
    return add_working_days(meeting_date, within_days)


def follow_on_date(
    meeting_date: date,
    *,
    when_inquorate: str,
    within_days: int,
    taken: Collection[date] = (),
) -> date:
    """The date the queue goes to.

    ``taken``: later dates that already have a meeting of the profile. The next
    working day's meeting takes the queue even if it exists already; a
    rearranged meeting is a sitting of its own, so it skips taken dates.
    """
    if when_inquorate == NEXT_WORKING_DAY:
        return next_working_day(meeting_date)
    if when_inquorate != REARRANGE:
        raise ValueError(f"unknown when_inquorate {when_inquorate!r}")
    latest = latest_rearranged(meeting_date, within_days)
    day = next_working_day(meeting_date)
    while day in taken:
        day = next_working_day(day)
    if day > latest:
        raise FollowOnError(
            f"date: every working day up to {latest:%d %B %Y} already has a meeting; "
            "choose one of those meetings' dates."
        )
    return day


def rearranged_date_problem(meeting_date: date, chosen: date, *, within_days: int) -> str | None:
    """Why ``chosen`` cannot be the rearranged date, in words naming the field; None if it can."""
    latest = latest_rearranged(meeting_date, within_days)
    if chosen <= meeting_date:
        return f"date: {chosen:%d %B %Y} is not after the inquorate meeting; choose a later day."
    if not is_working_day(chosen):
        return (
            f"date: {chosen:%A %d %B %Y} is not a working day (weekend or bank holiday); "
            "choose a working day."
        )
    if chosen > latest:
        return (
            f"date: {chosen:%d %B %Y} is more than {within_days} working days on; "
            f"choose a day up to {latest:%A %d %B %Y}."
        )
    return None
