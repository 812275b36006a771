"""FORM and monthly meetings fall on their cadence days; an extraordinary one is asked for."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from mace_tui.clock import local_today, system_clock
from mace_tui.prep.cadence import cadence_problem, next_on_cadence, on_cadence
from mace_tui.profiles import get_profile

D = date


@pytest.mark.parametrize(
    ("profile", "day", "says"),
    [
        # FORM: every other Wednesday from the anchor, Wednesday 7 January 2026.
        ("llr-form", D(2026, 1, 7), None),
        ("llr-form", D(2027, 1, 6), None),  # 26 fortnights on
        ("llr-form", D(2027, 1, 13), "the next one is Wednesday 20 January 2027"),  # off week
        ("llr-form", D(2027, 1, 7), "the next one is Wednesday 20 January 2027"),  # a Thursday
        # Monthly: the 4th Tuesday.
        ("llr-monthly", D(2027, 1, 26), None),
        ("llr-monthly", D(2027, 1, 19), "the next one is Tuesday 26 January 2027"),  # 3rd Tuesday
        ("llr-monthly", D(2027, 1, 27), "the next one is Tuesday 23 February 2027"),
        # Weekdays and weekly ones too, around weekends and bank holidays.
        ("llr-drmm", D(2026, 12, 25), "the next one is Tuesday 29 December 2026"),
        ("lincs-mace-l1", D(2026, 12, 1), "the next one is Thursday 03 December 2026"),
    ],
)
def test_cadence_problem(profile: str, day: date, says: str | None) -> None:
    problem = cadence_problem(get_profile(profile), day)
    if says is None:
        assert problem is None
    else:
        assert problem is not None and problem.startswith("--date: ") and says in problem
        assert "--extraordinary" in problem


def test_extraordinary_is_for_days_off_the_cadence() -> None:
    form = get_profile("llr-form")
    assert cadence_problem(form, D(2027, 1, 13), extraordinary=True) is None
    problem = cadence_problem(form, D(2027, 1, 6), extraordinary=True)
    assert problem is not None and problem.startswith("--extraordinary: ")


@pytest.mark.parametrize("profile", ["llr-form", "llr-monthly"])
def test_cadence_is_well_defined_every_day_for_two_years(profile: str) -> None:
    # Every date has a next meeting date, and it is a meeting date.
    loaded = get_profile(profile)
    day = D(2026, 1, 1)
    while day < D(2028, 1, 1):
        following = next_on_cadence(loaded, day)
        assert following >= day and on_cadence(loaded, following)
        day += timedelta(days=11)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mace_tui", "prep", *args],
        capture_output=True,
        text=True,
        env={**os.environ},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def meetings(tmp_path: Path) -> list[tuple[str, str, int]]:
    with closing(sqlite3.connect(tmp_path / "data" / "mace.db")) as db:
        return db.execute(
            "SELECT profile, date, extraordinary FROM meeting ORDER BY date"
        ).fetchall()


def _dates(profile: str) -> tuple[date, date]:
    """A usual day of the profile some weeks from now, and a day after it that is not one."""
    loaded = get_profile(profile)
    usual = next_on_cadence(loaded, local_today(system_clock) + timedelta(days=30))
    off = usual + timedelta(days=1)
    assert not on_cadence(loaded, off)
    return usual, off


@pytest.mark.parametrize("profile", ["llr-form", "llr-monthly"])
def test_prep_on_a_day_off_the_cadence_refuses_in_one_line(tmp_path: Path, profile: str) -> None:
    _usual, off = _dates(profile)
    loaded = get_profile(profile)
    result = run(
        tmp_path,
        "--profile",
        profile,
        "--date",
        off.isoformat(),
        "--export-list",
        str(tmp_path / "l"),
    )
    assert result.returncode == 2
    following = next_on_cadence(loaded, off)
    assert result.stderr.count("\n") == 1
    assert (
        f"is not a {loaded.short_name} day; the next one is {following:%A %d %B %Y}"
        in result.stderr
    )
    assert not (tmp_path / "l.md").exists()


@pytest.mark.parametrize("profile", ["llr-form", "llr-monthly"])
def test_extraordinary_meeting_is_made_and_marked(tmp_path: Path, profile: str) -> None:
    usual, off = _dates(profile)
    made = run(
        tmp_path,
        "--profile",
        profile,
        "--date",
        off.isoformat(),
        "--extraordinary",
        "--export-list",
        str(tmp_path / "l"),
    )
    assert made.returncode == 0, made.stderr
    assert "Created the extraordinary" in made.stderr
    assert (profile, off.isoformat(), 1) in meetings(tmp_path)
    assert "(extraordinary meeting)" in (tmp_path / "l.md").read_text()
    assert "(extraordinary meeting)" in (tmp_path / "l.csv").read_text(encoding="utf-8-sig")
    # Opening it again needs no flag: it exists.
    again = run(
        tmp_path,
        "--profile",
        profile,
        "--date",
        off.isoformat(),
        "--export-list",
        str(tmp_path / "m"),
    )
    assert again.returncode == 0, again.stderr
    # A usual day is not extraordinary, and one is not called on it.
    regular = run(
        tmp_path,
        "--profile",
        profile,
        "--date",
        usual.isoformat(),
        "--export-list",
        str(tmp_path / "n"),
    )
    assert regular.returncode == 0, regular.stderr
    assert (profile, usual.isoformat(), 0) in meetings(tmp_path)
    wrong = run(tmp_path, "--profile", profile, "--date", usual.isoformat(), "--extraordinary")
    assert wrong.returncode == 2 and "--extraordinary: " in wrong.stderr
    alone = run(tmp_path, "--profile", profile, "--extraordinary")
    assert alone.returncode == 2 and "--extraordinary: give the --date" in alone.stderr


@pytest.mark.parametrize("profile", ["llr-form", "llr-monthly"])
def test_chair_on_a_day_off_the_cadence_refuses_and_makes_no_meeting(
    tmp_path: Path, profile: str
) -> None:
    """Issue 12: ``chair`` keeps prep's rule; it names the next proper date and how to call an
    extra meeting, and creates nothing."""
    _usual, off = _dates(profile)
    loaded = get_profile(profile)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mace_tui",
            "chair",
            "--profile",
            profile,
            "--date",
            off.isoformat(),
        ],
        capture_output=True,
        text=True,
        env={**os.environ},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    following = next_on_cadence(loaded, off)
    assert result.stderr.count("\n") == 1
    assert f"is not a {loaded.short_name} day" in result.stderr
    assert f"the next {loaded.short_name} is {following:%A %d %B %Y}" in result.stderr
    assert "--extraordinary" in result.stderr
    db = tmp_path / "data" / "mace.db"
    assert not db.exists() or meetings(tmp_path) == []


@pytest.mark.parametrize(
    ("exists", "day", "extraordinary", "refused"),
    [
        (False, D(2027, 1, 6), False, False),  # a FORM day
        (False, D(2027, 1, 13), False, True),  # not one (the off week)
        (True, D(2027, 1, 13), False, False),  # prepared already (extraordinary or rearranged)
        (False, D(2027, 1, 13), True, False),  # asked for as extraordinary
        (False, D(2027, 1, 6), True, True),  # extraordinary on a usual day
    ],
)
def test_one_rule_for_making_a_meeting(
    exists: bool, day: date, extraordinary: bool, refused: bool
) -> None:
    from mace_tui.prep.cadence import new_meeting_problem

    form = get_profile("llr-form")
    for chair in (False, True):
        problem = new_meeting_problem(exists, form, day, extraordinary=extraordinary, chair=chair)
        assert (problem is not None) == refused
