"""R13 pacing: meeting clock, per-child budget and overrun."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mace_tui.rules.pacing import child_budget, format_span, meeting_pace

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOUR = timedelta(minutes=60)


@pytest.mark.parametrize(
    ("child_start_min", "children_left", "budget_min"),
    [
        (0, 12, 5),
        (30, 6, 5),
        (30, 3, 10),
        (50, 5, 2),
        (60, 2, 0),  # no time left
        (75, 2, 0),  # over time
    ],
)
def test_child_budget(child_start_min: int, children_left: int, budget_min: float) -> None:
    budget = child_budget(
        meeting_started=START,
        child_started=START + timedelta(minutes=child_start_min),
        scheduled=HOUR,
        children_left=children_left,
    )
    assert budget == timedelta(minutes=budget_min)


def test_budget_needs_the_current_child() -> None:
    with pytest.raises(ValueError):
        child_budget(meeting_started=START, child_started=START, scheduled=HOUR, children_left=0)


@pytest.mark.parametrize(
    ("now_min", "overrun_min", "over_time"),
    [(12, 0, False), (15, 0, False), (18, 3, False), (70, 55, True)],
)
def test_overrun(now_min: int, overrun_min: int, over_time: bool) -> None:
    # The child started at 10 min with 10 children left: budget 5 min.
    pace = meeting_pace(
        now=START + timedelta(minutes=now_min),
        meeting_started=START,
        scheduled=HOUR,
        child_started=START + timedelta(minutes=10),
        children_left=10,
    )
    assert pace.child_budget == timedelta(minutes=5)
    assert pace.overrun == timedelta(minutes=overrun_min)
    assert pace.over_time is over_time


def test_pace_without_a_child() -> None:
    pace = meeting_pace(now=START + timedelta(minutes=5), meeting_started=START, scheduled=HOUR)
    assert pace.remaining == timedelta(minutes=55)
    assert pace.overrun == timedelta(0)


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(seconds=5), "0:05"),
        (timedelta(minutes=4, seconds=30), "4:30"),
        (timedelta(hours=1, minutes=2, seconds=3), "1:02:03"),
        (timedelta(minutes=-3), "-3:00"),
    ],
)
def test_format_span(span: timedelta, text: str) -> None:
    assert format_span(span) == text
