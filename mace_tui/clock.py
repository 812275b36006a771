"""The time source, injectable so tests and snapshots can freeze it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from mace_tui.rules.deadline import LOCAL_ZONE

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """A clock that always says ``at`` (for tests and snapshots)."""
    if at.tzinfo is None:
        raise ValueError("a fixed clock needs a timezone-aware time")
    return lambda: at


def local_today(clock: Clock) -> date:
    """Today's date in the UK, where the meetings sit."""
    return clock().astimezone(LOCAL_ZONE).date()
