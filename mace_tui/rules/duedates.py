"""Quick entry of due dates: ``+3d``, ``+2w``, ``fri``, ``tomorrow``, ``2026-12-01``, ``1/12/2026``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from mace_tui.rules.outcomes import months_before
from mace_tui.rules.vocab import WEEKDAYS

_RELATIVE = re.compile(r"^\+\s*(\d{1,3})\s*([dwm])$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class DueDateError(ValueError):
    """The text is not a date the app understands; the message says what is accepted."""


HELP = "Use +3d, +2w, +1m, today, tomorrow, a weekday (fri), 2026-12-01 or 1/12/2026."


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DueDateError(f"Due date: not a real date. {HELP}") from None


def parse_due(text: str, *, today: date) -> date:
    """Turn quick entry into a date relative to ``today``; raise DueDateError if it is not one."""
    raw = text.strip().lower()
    if not raw:
        raise DueDateError(f"Due date: empty. {HELP}")
    if raw == "today":
        return today
    if raw in ("tomorrow", "tmrw"):
        return today + timedelta(days=1)
    if match := _RELATIVE.match(raw):
        count, unit = int(match[1]), match[2]
        if unit == "d":
            return today + timedelta(days=count)
        if unit == "w":
            return today + timedelta(weeks=count)
        return months_before(today, -count)
    for index, (short, full) in enumerate(zip(WEEKDAYS, _FULL_DAYS, strict=True)):
        if raw in (short, full):
            ahead = (index - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    if match := _ISO.match(raw):
        return _make(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _UK.match(raw):
        year = int(match[3])
        if year < 100:
            year += 2000
        return _make(year, int(match[2]), int(match[1]), text)
    raise DueDateError(f"Due date: not understood. {HELP}")
