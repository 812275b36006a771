"""The fortnightly review's agenda proposed from data (R19).

A pure function over plain records: each subject's grades (with the meeting
date of each) and, for a child, its missing episodes. Nothing here reads the
store; ``mace_tui.prep.review`` builds the records.

Each subject is proposed once, in the first section that applies, in this order:

1. **Missing in the last N days** (N = ``missing_days``, 14): a child whose
   latest grade is HIGH or MEDIUM with a missing episode that overlaps the N
   days before the meeting (started before the meeting day and not ended
   more than N days before it).
2. **Downgrade considerations**: a child or person of concern whose latest
   grade is HIGH and either
   - has been HIGH without a break for more than ``high_review_days`` (84) days
     before the meeting (counted from the first grade of the unbroken HIGH run), or
   - was graded HIGH at each of its last ``quiet_discussions`` (2) discussions
     with no significant new risk recorded at any of them (and, for a child, no
     missing episode started since the first of them).
3. **High-risk children** / **High-risk persons of concern**: latest grade HIGH.
4. **Medium-risk oversight**: a child whose latest grade is MEDIUM, given on or
   after the day of the last review, except a grade given at that review itself
   (it was discussed there). With no earlier review, grades from the
   ``oversight_days`` (14) days before the meeting count.

Only grades dated before the meeting day count. A subject whose latest outcome
is a discharge from MACE (R17) is not proposed. MPRU considerations and any
other business have no data behind them: the coordinator adds to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from mace_tui.rules.review_rules import ReviewRules
from store.frozen import record

HIGH, MEDIUM = "HIGH", "MEDIUM"
DISCHARGE = "discharge"

SECTIONS: tuple[tuple[str, str], ...] = (
    ("high-children", "High-risk children"),
    ("high-persons", "High-risk persons"),
    ("downgrade", "Downgrade considerations"),
    ("medium", "Medium-risk oversight"),
    ("missing", "Missing (HIGH/MEDIUM)"),
    ("mpru", "MPRU considerations"),
    ("aob", "Any other business"),
)
SECTION_TITLES = dict(SECTIONS)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
# Sections with no data behind them: only what the coordinator adds.
FREE_SECTIONS = frozenset({"mpru", "aob"})


@record
class GradeRecord:
    """One grade given to a subject at one meeting."""

    on: date
    grade: str
    new_risk: bool = False
    outcome: str = ""
    # Given at a meeting of the review's own profile (a FORM).
    at_review: bool = False


@record
class MissingSpell:
    """A missing episode: from, and to (None while the child is still missing)."""

    started_on: date
    ended_on: date | None = None


@record
class SubjectRecord:
    """A child or a person of concern with its grades and (a child's) missing episodes."""

    kind: str  # child | person
    subject_id: int
    name: str
    ref: str
    grades: tuple[GradeRecord, ...] = ()
    missing: tuple[MissingSpell, ...] = ()


@record
class ProposedEntry:
    """One subject proposed for one section, and why it is there."""

    section: str
    kind: str
    subject_id: int
    name: str
    ref: str
    why: str
    # Sorts entries within a section (smallest first), then by name: the date a HIGH run or
    # a MEDIUM grade began, or the latest missing episode's start negated (latest first).
    order: int


@record
class FormProposal:
    """The proposed agenda: entries in section order."""

    meeting_date: date
    last_review: date | None
    oversight_from: date
    entries: tuple[ProposedEntry, ...]

    def section(self, key: str) -> tuple[ProposedEntry, ...]:
        """The entries of one section, in order."""
        return tuple(e for e in self.entries if e.section == key)


def day_text(day: date, meeting_date: date) -> str:
    """A date as "02 Sep", with the year when it is not the meeting's year."""
    return f"{day:%d %b}" if day.year == meeting_date.year else f"{day:%d %b %Y}"


def _missing_text(spell: MissingSpell, meeting_date: date) -> str:
    start = day_text(spell.started_on, meeting_date)
    if spell.ended_on is None:
        return f"missing since {start} (still missing)"
    if spell.ended_on == spell.started_on:
        return f"missing {start}"
    return f"missing {start} to {day_text(spell.ended_on, meeting_date)}"


def recent_missing(
    spells: Iterable[MissingSpell], *, meeting_date: date, days: int
) -> list[MissingSpell]:
    """The episodes overlapping the ``days`` days before the meeting, latest first."""
    window_start = meeting_date - timedelta(days=days)
    found = [
        s
        for s in spells
        if s.started_on < meeting_date and (s.ended_on is None or s.ended_on >= window_start)
    ]
    return sorted(found, key=lambda s: s.started_on, reverse=True)


def high_since(grades: tuple[GradeRecord, ...]) -> date:
    """The first grade of the unbroken HIGH run that ends with the latest grade."""
    start = grades[-1].on
    for grade in reversed(grades):
        if grade.grade != HIGH:
            break
        start = grade.on
    return start


def _downgrade_reasons(
    subject: SubjectRecord, grades: tuple[GradeRecord, ...], meeting_date: date, rules: ReviewRules
) -> list[str]:
    reasons: list[str] = []
    since = high_since(grades)
    held = (meeting_date - since).days
    if held > rules.high_review_days:
        reasons.append(f"HIGH for {held // 7} weeks (review after {rules.high_review_days // 7})")
    last = grades[-rules.quiet_discussions :]
    if (
        rules.quiet_discussions > 0
        and len(last) == rules.quiet_discussions
        and all(g.grade == HIGH and not g.new_risk for g in last)
        and not any(s.started_on >= last[0].on for s in subject.missing)
    ):
        dates = ", ".join(day_text(g.on, meeting_date) for g in last)
        reasons.append(f"no new risk at the last {len(last)} discussions ({dates})")
    return reasons


def _place(
    subject: SubjectRecord,
    *,
    meeting_date: date,
    last_review: date | None,
    oversight_from: date,
    rules: ReviewRules,
) -> ProposedEntry | None:
    grades = tuple(sorted((g for g in subject.grades if g.on < meeting_date), key=lambda g: g.on))
    if not grades:
        return None
    latest = grades[-1]
    if latest.outcome == DISCHARGE:
        return None

    def entry(section: str, why: str, order: int) -> ProposedEntry:
        return ProposedEntry(
            section, subject.kind, subject.subject_id, subject.name, subject.ref, why, order
        )

    grade_text = (
        f"HIGH since {day_text(high_since(grades), meeting_date)}"
        if latest.grade == HIGH
        else f"{latest.grade} on {day_text(latest.on, meeting_date)}"
    )
    is_child = subject.kind == "child"
    if is_child and latest.grade in (HIGH, MEDIUM):
        spells = recent_missing(subject.missing, meeting_date=meeting_date, days=rules.missing_days)
        if spells:
            why = f"{grade_text} · {_missing_text(spells[0], meeting_date)}"
            if len(spells) > 1:
                why += f" · {len(spells)} episodes in {rules.missing_days} days"
            return entry("missing", why, -spells[0].started_on.toordinal())
    if latest.grade == HIGH:
        since = high_since(grades)
        reasons = _downgrade_reasons(subject, grades, meeting_date, rules)
        if reasons:
            return entry("downgrade", " · ".join([grade_text, *reasons]), since.toordinal())
        section = "high-children" if is_child else "high-persons"
        return entry(section, grade_text, since.toordinal())
    if is_child and latest.grade == MEDIUM:
        if last_review is None:
            recent = latest.on >= oversight_from
        else:
            # A grade given at the last review itself was discussed there.
            recent = latest.on > last_review or (latest.on == last_review and not latest.at_review)
        if recent:
            return entry("medium", f"graded {grade_text}", latest.on.toordinal())
    return None


def propose_form(
    subjects: Iterable[SubjectRecord],
    *,
    meeting_date: date,
    last_review: date | None,
    rules: ReviewRules | None = None,
) -> FormProposal:
    """The review's agenda from the subjects' grades and missing episodes (R19)."""
    rules = rules or ReviewRules()
    oversight_from = last_review or meeting_date - timedelta(days=rules.oversight_days)
    placed = [
        e
        for s in subjects
        if (
            e := _place(
                s,
                meeting_date=meeting_date,
                last_review=last_review,
                oversight_from=oversight_from,
                rules=rules,
            )
        )
        is not None
    ]
    order = {key: n for n, key in enumerate(SECTION_KEYS)}
    placed.sort(key=lambda e: (order[e.section], e.order, e.name.casefold(), e.subject_id))
    return FormProposal(meeting_date, last_review, oversight_from, tuple(placed))


__all__ = [
    "FREE_SECTIONS",
    "SECTIONS",
    "SECTION_KEYS",
    "SECTION_TITLES",
    "FormProposal",
    "GradeRecord",
    "MissingSpell",
    "ProposedEntry",
    "ReviewRules",
    "SubjectRecord",
    "day_text",
    "high_since",
    "propose_form",
    "recent_missing",
]
