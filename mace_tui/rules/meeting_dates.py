"""Which meeting dates make sense: none more than two years ahead, none from long ago.

A typo such as ``9999-12-31`` or ``1926-12-01`` would otherwise create a
meeting nobody can find again. Pure: no store, no Textual.
"""

from __future__ import annotations

from datetime import date

YEARS_AHEAD = 2
YEARS_BACK = 10


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def meeting_date_problem(day: date, *, today: date) -> str | None:
    """Why ``day`` cannot be a meeting's date, or None when it can."""
    latest = _years_from(today, YEARS_AHEAD)
    earliest = _years_from(today, -YEARS_BACK)
    if day > latest:
        return (
            f"{day.isoformat()} is more than {YEARS_AHEAD} years ahead; "
            f"give a date up to {latest.isoformat()}."
        )
    if day < earliest:
        return (
            f"{day.isoformat()} is more than {YEARS_BACK} years ago; "
            f"give a date from {earliest.isoformat()} on."
        )
    return None
