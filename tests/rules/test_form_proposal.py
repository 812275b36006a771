"""R19: the fortnightly review's agenda proposed from grades and missing episodes.

Each section's criterion, table-driven, with dates either side of its boundary.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mace_tui.rules.form_proposal import (
    GradeRecord,
    MissingSpell,
    ReviewRules,
    SubjectRecord,
    propose_form,
)

MEETING = date(2026, 12, 9)  # a Wednesday
LAST_FORM = date(2026, 11, 25)


def ago(days: int) -> date:
    return MEETING - timedelta(days=days)


def child(*grades: GradeRecord, missing: tuple[MissingSpell, ...] = ()) -> SubjectRecord:
    return SubjectRecord("child", 1, "Ellis Examplewood", "C-1", tuple(grades), missing)


def person(*grades: GradeRecord) -> SubjectRecord:
    return SubjectRecord("person", 7, "Morgan Madeupson", "P-7", tuple(grades))


def placed(subject: SubjectRecord, *, last: date | None = LAST_FORM) -> tuple[str | None, str]:
    proposal = propose_form([subject], meeting_date=MEETING, last_review=last)
    if not proposal.entries:
        return None, ""
    (entry,) = proposal.entries
    return entry.section, entry.why


H, M, L = "HIGH", "MEDIUM", "LOW"


@pytest.mark.parametrize(
    ("missing", "grade", "section"),
    [
        # Ended 13, 14, 15 days before the meeting: the window is the 14 days before it.
        ((MissingSpell(ago(20), ago(13)),), M, "missing"),
        ((MissingSpell(ago(20), ago(14)),), M, "missing"),
        ((MissingSpell(ago(20), ago(15)),), M, "medium"),
        # Still missing, started long ago: it overlaps the window.
        ((MissingSpell(ago(40)),), H, "missing"),
        # Started on the meeting day: not before the meeting.
        ((MissingSpell(MEETING),), M, "medium"),
        ((MissingSpell(ago(1), ago(1)),), M, "missing"),
        # LOW children are not reviewed for missing.
        ((MissingSpell(ago(3), ago(2)),), L, None),
    ],
)
def test_missing_in_the_last_14_days(
    missing: tuple[MissingSpell, ...], grade: str, section: str | None
) -> None:
    subject = child(GradeRecord(ago(5), grade), missing=missing)
    assert placed(subject)[0] == section


def test_missing_reason_names_the_episode_and_grade() -> None:
    still = child(GradeRecord(ago(5), M), missing=(MissingSpell(date(2026, 11, 24)),))
    assert placed(still)[1] == "MEDIUM on 04 Dec · missing since 24 Nov (still missing)"
    one_day = child(
        GradeRecord(date(2025, 9, 2), H), missing=(MissingSpell(date(2026, 11, 30), ago(9)),)
    )
    assert placed(one_day)[1] == "HIGH since 02 Sep 2025 · missing 30 Nov"
    span = child(GradeRecord(ago(5), H), missing=(MissingSpell(ago(20), ago(12)),))
    assert placed(span)[1] == "HIGH since 04 Dec · missing 19 Nov to 27 Nov"


@pytest.mark.parametrize(
    ("high_days", "section"),
    [(83, "high-children"), (84, "high-children"), (85, "downgrade")],
)
def test_high_for_longer_than_the_review_period(high_days: int, section: str) -> None:
    # Every grade records new risk, so only the length of the HIGH run counts.
    subject = child(GradeRecord(ago(high_days), H, new_risk=True), GradeRecord(ago(3), H, True))
    assert placed(subject)[0] == section


def test_a_lower_grade_breaks_the_high_run() -> None:
    subject = child(
        GradeRecord(ago(200), H, True), GradeRecord(ago(60), M), GradeRecord(ago(10), H, True)
    )
    section, why = placed(subject)
    assert section == "high-children"
    assert why == f"HIGH since {ago(10):%d %b}"


@pytest.mark.parametrize(
    ("grades", "missing", "section"),
    [
        # HIGH at the last two discussions, no new risk: a downgrade consideration.
        ((GradeRecord(ago(30), H), GradeRecord(ago(5), H)), (), "downgrade"),
        # New risk at one of them: not.
        ((GradeRecord(ago(30), H, True), GradeRecord(ago(5), H)), (), "high-children"),
        ((GradeRecord(ago(30), H), GradeRecord(ago(5), H, True)), (), "high-children"),
        # Only one discussion so far: not enough to suggest a downgrade.
        ((GradeRecord(ago(5), H),), (), "high-children"),
        # The earlier of the two was MEDIUM: a new HIGH, not a downgrade.
        ((GradeRecord(ago(30), M), GradeRecord(ago(5), H)), (), "high-children"),
        # Missing since the first of them (outside the 14 days): not a downgrade.
        (
            (GradeRecord(ago(40), H), GradeRecord(ago(20), H)),
            (MissingSpell(ago(30), ago(28)),),
            "high-children",
        ),
        # Missing before the first of them: still a downgrade consideration.
        (
            (GradeRecord(ago(40), H), GradeRecord(ago(20), H)),
            (MissingSpell(ago(50), ago(48)),),
            "downgrade",
        ),
    ],
)
def test_quiet_high_discussions_suggest_a_downgrade(
    grades: tuple[GradeRecord, ...], missing: tuple[MissingSpell, ...], section: str
) -> None:
    assert placed(child(*grades, missing=missing))[0] == section


def test_downgrade_reason_says_why() -> None:
    subject = child(GradeRecord(date(2026, 9, 2), H), GradeRecord(date(2026, 11, 18), H))
    assert placed(subject)[1] == (
        "HIGH since 02 Sep · HIGH for 14 weeks (review after 12) · "
        "no new risk at the last 2 discussions (02 Sep, 18 Nov)"
    )


@pytest.mark.parametrize(
    ("grades", "section"),
    [
        ((GradeRecord(ago(5), H, True),), "high-persons"),
        ((GradeRecord(ago(100), H, True), GradeRecord(ago(5), H, True)), "downgrade"),
        ((GradeRecord(ago(30), H), GradeRecord(ago(5), H)), "downgrade"),
        # Persons are not in the medium oversight (R19 names children).
        ((GradeRecord(ago(5), M),), None),
    ],
)
def test_persons_of_concern(grades: tuple[GradeRecord, ...], section: str | None) -> None:
    assert placed(person(*grades))[0] == section


@pytest.mark.parametrize(
    ("graded_on", "at_review", "section"),
    [
        (LAST_FORM - timedelta(days=1), False, None),
        # On the day of the last review: at another meeting counts, at the review itself not.
        (LAST_FORM, False, "medium"),
        (LAST_FORM, True, None),
        (LAST_FORM + timedelta(days=1), False, "medium"),
        (ago(1), False, "medium"),
        # On the meeting day itself (or later): not before the meeting.
        (MEETING, False, None),
    ],
)
def test_medium_oversight_since_the_last_review(
    graded_on: date, at_review: bool, section: str | None
) -> None:
    subject = child(GradeRecord(graded_on, M, at_review=at_review))
    assert placed(subject)[0] == section


@pytest.mark.parametrize(("days", "section"), [(13, "medium"), (14, "medium"), (15, None)])
def test_medium_oversight_without_an_earlier_review(days: int, section: str | None) -> None:
    assert placed(child(GradeRecord(ago(days), M)), last=None)[0] == section


def test_latest_grade_decides() -> None:
    # HIGH then LOW: not proposed; HIGH then MEDIUM since the last review: oversight.
    assert placed(child(GradeRecord(ago(40), H), GradeRecord(ago(5), L)))[0] is None
    assert placed(child(GradeRecord(ago(40), H), GradeRecord(ago(5), M)))[0] == "medium"


def test_discharged_subjects_are_not_proposed() -> None:
    subject = child(GradeRecord(ago(5), H, outcome="discharge"))
    assert placed(subject)[0] is None


def test_sections_come_in_order_and_each_subject_once() -> None:
    subjects = [
        SubjectRecord("child", 1, "Ari Sample", "C-1", (GradeRecord(ago(5), M),)),
        SubjectRecord("child", 2, "Bo Testcase", "C-2", (GradeRecord(ago(20), H, True),)),
        SubjectRecord("child", 3, "Cy Fiction", "C-3", (GradeRecord(ago(50), H, True),)),
        SubjectRecord("person", 4, "Dee Invented", "P-4", (GradeRecord(ago(9), H, True),)),
        SubjectRecord(
            "child", 5, "Eve Madeup", "C-5", (GradeRecord(ago(9), H, True),),
            (MissingSpell(ago(2)),),
        ),
    ]  # fmt: skip
    proposal = propose_form(subjects, meeting_date=MEETING, last_review=LAST_FORM)
    assert [(e.section, e.subject_id) for e in proposal.entries] == [
        ("high-children", 3),  # HIGH the longest first
        ("high-children", 2),
        ("high-persons", 4),
        ("medium", 1),
        ("missing", 5),
    ]
    assert proposal.section("mpru") == ()


def test_review_rules_change_the_numbers() -> None:
    subject = child(GradeRecord(ago(20), M), missing=(MissingSpell(ago(25), ago(20)),))
    rules = ReviewRules(missing_days=28)
    proposal = propose_form([subject], meeting_date=MEETING, last_review=None, rules=rules)
    assert proposal.entries[0].section == "missing"


def test_mpru_and_aob_are_the_last_sections_in_the_seeds_order() -> None:
    from mace_tui.rules.form_proposal import FREE_SECTIONS, SECTION_KEYS

    assert SECTION_KEYS[-2:] == ("mpru", "aob")
    assert {"mpru", "aob"} == FREE_SECTIONS
