"""Meetings fall on their profile's cadence days; an extraordinary meeting is called on purpose.

``prep --date`` on a day the profile does not sit names the next day it does
and refuses, unless the coordinator asks for an extraordinary meeting.
"""

from __future__ import annotations

from datetime import date

from mace_tui.profiles import Profile
from mace_tui.rules.schedule import falls_on, next_meeting_date


def on_cadence(profile: Profile, day: date) -> bool:
    """True when ``day`` is one of the profile's usual meeting days."""
    schedule = profile.schedule
    return falls_on(
        day,
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        anchor=schedule.anchor,
        week_of_month=schedule.week_of_month,
        skip_bank_holidays=schedule.skip_bank_holidays,
    )


def next_on_cadence(profile: Profile, day: date) -> date:
    """The profile's first usual meeting day on or after ``day``."""
    schedule = profile.schedule
    return next_meeting_date(
        day,
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        anchor=schedule.anchor,
        week_of_month=schedule.week_of_month,
        skip_bank_holidays=schedule.skip_bank_holidays,
        include_after=True,
    )


def cadence_problem(profile: Profile, day: date, *, extraordinary: bool = False) -> str | None:
    """Why a new meeting cannot be made on ``day``, in one line naming the option; None if it can."""
    regular = on_cadence(profile, day)
    if regular and extraordinary:
        return (
            f"--extraordinary: {day:%A %d %B %Y} is a usual {profile.short_name} day; "
            "leave out --extraordinary."
        )
    if regular or extraordinary:
        return None
    following = next_on_cadence(profile, day)
    return (
        f"--date: {day:%A %d %B %Y} is not a {profile.short_name} day; the next one is "
        f"{following:%A %d %B %Y}. Add --extraordinary to call an extra meeting on {day:%d %B}."
    )


def new_meeting_problem(
    exists: bool, profile: Profile, day: date, *, extraordinary: bool = False, chair: bool = False
) -> str | None:
    """The one rule for every way a meeting is made on a named day (``prep``, ``chair``): a
    meeting that exists opens whatever its date; a new one falls on the profile's cadence
    unless it is asked for as extraordinary. ``chair``: words for the chair, who makes an
    extra meeting by preparing it first. None: go ahead."""
    if exists and not extraordinary:
        return None
    problem = cadence_problem(profile, day, extraordinary=extraordinary)
    if problem is None or not chair:
        return problem
    following = next_on_cadence(profile, day)
    return (
        f"{day:%A %d %B %Y} is not a {profile.short_name} day and no meeting was prepared for "
        f"it; the next {profile.short_name} is {following:%A %d %B %Y} (mace-tui chair --date "
        f"{following.isoformat()}). To hold an extra meeting that day, prepare it first: "
        f"mace-tui prep --profile {profile.key} --date {day.isoformat()} --extraordinary."
    )
