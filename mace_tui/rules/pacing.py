"""Meeting pacing (R13): elapsed against scheduled, each child's budget and overrun."""

from __future__ import annotations

from datetime import datetime, timedelta

from store.frozen import record


@record
class Pace:
    """The meeting clock and the current child's share of the time left."""

    elapsed: timedelta
    scheduled: timedelta
    child_elapsed: timedelta | None = None
    child_budget: timedelta | None = None

    @property
    def remaining(self) -> timedelta:
        """Scheduled time not yet used (negative once over time)."""
        return self.scheduled - self.elapsed

    @property
    def over_time(self) -> bool:
        """True once the meeting has run past its scheduled length."""
        return self.elapsed > self.scheduled

    @property
    def overrun(self) -> timedelta:
        """How far the current child is past its budget (zero if within it)."""
        if self.child_elapsed is None or self.child_budget is None:
            return timedelta(0)
        return max(timedelta(0), self.child_elapsed - self.child_budget)


def child_budget(
    *, meeting_started: datetime, child_started: datetime, scheduled: timedelta, children_left: int
) -> timedelta:
    """Time left when the child's discussion began, shared among the children still to go."""
    if children_left <= 0:
        raise ValueError("children_left counts the current child, so it is at least 1")
    left = scheduled - (child_started - meeting_started)
    return max(timedelta(0), left / children_left)


def meeting_pace(
    *,
    now: datetime,
    meeting_started: datetime,
    scheduled: timedelta,
    child_started: datetime | None = None,
    children_left: int = 0,
) -> Pace:
    """The pace at ``now``; ``children_left`` includes the child under discussion."""
    elapsed = max(timedelta(0), now - meeting_started)
    if child_started is None or children_left <= 0:
        return Pace(elapsed=elapsed, scheduled=scheduled)
    return Pace(
        elapsed=elapsed,
        scheduled=scheduled,
        child_elapsed=max(timedelta(0), now - child_started),
        child_budget=child_budget(
            meeting_started=meeting_started,
            child_started=child_started,
            scheduled=scheduled,
            children_left=children_left,
        ),
    )


def format_span(span: timedelta) -> str:
    """``m:ss`` (or ``h:mm:ss``), with a minus sign for negative spans."""
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
