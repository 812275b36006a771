"""A grade reads as the risk to a child, posed by a person, or at a location (R22); a person or
location needs no professional allocated to a child before the discussion closes."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.chair.closing import close_problems
from mace_tui.profiles import get_profile
from mace_tui.rules.outcomes import RoutingInput, route
from mace_tui.rules.subject_words import grade_definition
from store.records import GradingRecord

DAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("kind", "grade", "says", "never"),
    [
        ("child", "HIGH", "risk to the child", "this person"),
        ("person", "HIGH", "risk posed by this person", "the child is"),
        ("person", "LOW", "risk posed by this person", "the child is"),
        ("location", "MEDIUM", "risk at this location", "the child is"),
        ("location", "", "", "child"),
    ],
)
def test_the_grade_names_what_it_measures(kind: str, grade: str, says: str, never: str) -> None:
    text = grade_definition(kind, grade, get_profile("llr-drmm").risk_scale)
    assert says in text
    assert never not in text


@pytest.mark.parametrize(
    ("subject", "crime", "allocated", "step"),
    [
        ("child", False, True, "work with the child"),
        ("child", True, True, "work with the child"),
        ("person", False, False, "disruption of this person"),
        ("location", True, False, "disruption of this location"),
    ],
)
def test_high_asks_for_a_professional_only_for_a_child(
    subject: str, crime: bool, allocated: bool, step: str
) -> None:
    routing = route(RoutingInput("HIGH", DAY, crime_identified=crime, subject=subject))
    assert routing.needs_allocated_professional is allocated
    assert any(step in s for s in routing.steps)


@pytest.mark.parametrize(
    ("subject", "blocked"), [("child", True), ("person", False), ("location", False)]
)
def test_closing_a_high_without_an_allocation(subject: str, blocked: bool) -> None:
    routing = route(RoutingInput("HIGH", DAY, subject=subject))
    grading = GradingRecord(1, "HIGH", "Seen with children nightly", False, False, False,
                            routing.outcome, routing.outcome, "", "", "Testshire Team")  # fmt: skip
    problems = close_problems(
        grading=grading, routing=routing, actions=[], today=DAY, subject_kind=subject
    )
    assert any("allocating a named professional" in p.text for p in problems) is blocked
