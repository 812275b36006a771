"""R7 outcome routing, including the 3-month MEDIUM rule."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.rules.outcomes import RoutingInput, months_before, recent_medium, route

MEETING = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("inp", "outcome", "allocate", "reason_has"),
    [
        (RoutingInput("HIGH", MEETING, crime_identified=True), "investigation", True, "crime"),
        (RoutingInput("HIGH", MEETING), "ma-team", True, "multi-agency team"),
        (RoutingInput("MEDIUM", MEETING), "npa-referral", False, "referral to the NPA"),
        (RoutingInput("MEDIUM", MEETING, npa_managed=True), "npa-master-report", False, "master"),
        (
            RoutingInput("MEDIUM", MEETING, last_medium=date(2026, 9, 14)),
            "no-new-referral",
            False,
            "MEDIUM, but graded MEDIUM on 2026-09-14 — no new NPA referral unless a significant new risk is recorded.",
        ),
        (
            RoutingInput(
                "MEDIUM", MEETING, last_medium=date(2026, 9, 14), significant_new_risk=True
            ),
            "npa-referral",
            False,
            "significant new risk is recorded since MEDIUM on 2026-09-14",
        ),
        (
            RoutingInput("MEDIUM", MEETING, last_medium=date(2026, 8, 22)),  # 3 months and a day
            "npa-referral",
            False,
            "referral",
        ),
        (
            RoutingInput("MEDIUM", MEETING, last_medium=date(2026, 8, 23)),  # exactly 3 months
            "no-new-referral",
            False,
            "2026-08-23",
        ),
        (
            RoutingInput("MEDIUM", MEETING, last_medium=date(2026, 9, 1), npa_managed=True),
            "no-new-referral",
            False,
            "no new NPA referral",
        ),
        (RoutingInput("LOW", MEETING), "advice", False, "LOW"),
        (RoutingInput("low", MEETING), "advice", False, "LOW"),
    ],
)
def test_route(inp: RoutingInput, outcome: str, allocate: bool, reason_has: str) -> None:
    routing = route(inp)
    assert routing.outcome == outcome
    assert routing.needs_allocated_professional is allocate
    assert reason_has in routing.reason


@pytest.mark.parametrize(
    ("crime", "step"),
    [(True, "crime report"), (False, "safeguarding report")],
)
def test_medium_referral_steps_depend_on_crime(crime: bool, step: str) -> None:
    routing = route(RoutingInput("MEDIUM", MEETING, crime_identified=crime))
    assert any(step in s for s in routing.steps)


def test_unknown_grade_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown grade"):
        route(RoutingInput("SEVERE", MEETING))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 23), 3, date(2026, 8, 23)),
        (date(2026, 5, 31), 3, date(2026, 2, 28)),  # clamped to February's end
        (date(2028, 5, 31), 3, date(2028, 2, 29)),  # leap year
        (date(2026, 2, 15), 3, date(2025, 11, 15)),  # across a year
        (date(2026, 1, 31), -1, date(2026, 2, 28)),  # forwards
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("last", "recent"),
    [
        (None, False),
        (date(2026, 11, 23), False),  # the same meeting is not "previous"
        (date(2026, 11, 24), False),  # a later date is not previous
        (date(2026, 11, 22), True),
        (date(2026, 8, 23), True),
        (date(2026, 8, 22), False),
    ],
)
def test_recent_medium(last: date | None, recent: bool) -> None:
    assert recent_medium(MEETING, last) is recent
