"""R1: the date an inquorate meeting's queue goes to, for each kind of profile.

DRMM (``next-working-day``): the next working day's meeting. Lincolnshire
L1/L2 (``rearrange``): the first free working day, and the chair may choose
any working day up to 10 working days on. Weekends and England's bank
holidays are skipped.
"""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.profiles import get_profile
from mace_tui.rules.followon import (
    FollowOnError,
    follow_on_date,
    latest_rearranged,
    rearranged_date_problem,
)

D = date


@pytest.mark.parametrize(
    ("profile", "inquorate_on", "taken", "goes_to"),
    [
        # DRMM: the next working day, whether or not its meeting exists already.
        ("llr-drmm", D(2026, 11, 23), (), D(2026, 11, 24)),  # Monday → Tuesday
        ("llr-drmm", D(2026, 11, 27), (), D(2026, 11, 30)),  # Friday → Monday
        ("llr-drmm", D(2026, 11, 23), (D(2026, 11, 24),), D(2026, 11, 24)),  # joins it
        ("llr-drmm", D(2026, 8, 28), (), D(2026, 9, 1)),  # summer bank holiday Monday
        ("llr-drmm", D(2026, 12, 24), (), D(2026, 12, 29)),  # Christmas, Boxing Day moved
        ("llr-drmm", D(2027, 3, 25), (), D(2027, 3, 30)),  # Good Friday, Easter Monday
        ("llr-drmm", D(2026, 12, 31), (), D(2027, 1, 4)),  # New Year's Day, weekend
        # Lincolnshire: the first free working day for a meeting of its own.
        ("lincs-mace-l1", D(2026, 11, 26), (), D(2026, 11, 27)),  # Thursday → Friday
        ("lincs-mace-l2", D(2026, 11, 26), (D(2026, 11, 27),), D(2026, 11, 30)),  # Friday taken
        ("lincs-mace-l2", D(2026, 12, 24), (), D(2026, 12, 29)),
        ("lincs-mace-l1", D(2027, 3, 25), (D(2027, 3, 30),), D(2027, 3, 31)),
        ("lincs-mace-l1", D(2026, 8, 27), (D(2026, 8, 28),), D(2026, 9, 1)),
    ],
)
def test_follow_on_date(
    profile: str, inquorate_on: date, taken: tuple[date, ...], goes_to: date
) -> None:
    rules = get_profile(profile)
    got = follow_on_date(
        inquorate_on,
        when_inquorate=rules.when_inquorate,
        within_days=rules.rearrange_within_days,
        taken=taken,
    )
    assert got == goes_to


@pytest.mark.parametrize(
    ("profile", "rule", "days"),
    [
        ("llr-drmm", "next-working-day", 10),
        ("llr-form", "rearrange", 10),
        ("llr-monthly", "rearrange", 10),
        ("lincs-mace-l1", "rearrange", 10),
        ("lincs-mace-l2", "rearrange", 10),
    ],
)
def test_each_shipped_profile_says_what_happens_when_inquorate(
    profile: str, rule: str, days: int
) -> None:
    loaded = get_profile(profile)
    assert (loaded.when_inquorate, loaded.rearrange_within_days) == (rule, days)


@pytest.mark.parametrize(
    ("inquorate_on", "latest"),
    [
        (D(2026, 11, 26), D(2026, 12, 10)),  # two weeks of working days
        (D(2026, 12, 24), D(2027, 1, 12)),  # Christmas, Boxing Day (moved), New Year skipped
        (D(2027, 3, 25), D(2027, 4, 12)),  # Good Friday and Easter Monday skipped
    ],
)
def test_latest_rearranged_date_is_ten_working_days_on(inquorate_on: date, latest: date) -> None:
    assert latest_rearranged(inquorate_on, 10) == latest


def test_no_free_day_within_the_limit_is_said() -> None:
    day = D(2026, 11, 26)
    every = {D(2026, 11, 27), D(2026, 11, 30)} | {D(2026, 12, n) for n in range(1, 11)}
    with pytest.raises(FollowOnError, match="date: every working day up to 10 December 2026"):
        follow_on_date(day, when_inquorate="rearrange", within_days=10, taken=every)


@pytest.mark.parametrize(
    ("chosen", "says"),
    [
        (D(2026, 12, 3), None),
        (D(2026, 12, 10), None),  # the last allowed day
        (D(2026, 11, 26), "is not after the inquorate meeting"),
        (D(2026, 11, 28), "Saturday 28 November 2026 is not a working day"),
        (D(2026, 12, 11), "more than 10 working days on; choose a day up to Thursday 10 December"),
        (D(2026, 12, 25), "not a working day"),
    ],
)
def test_chosen_rearranged_date(chosen: date, says: str | None) -> None:
    problem = rearranged_date_problem(D(2026, 11, 26), chosen, within_days=10)
    if says is None:
        assert problem is None
    else:
        assert problem is not None and problem.startswith("date: ") and says in problem
