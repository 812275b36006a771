"""Outcome routing from the risk grade and the child's history (R7)."""

from __future__ import annotations

import calendar
from datetime import date

from mace_tui.rules.subject_words import noun
from store.frozen import record

OUTCOMES: dict[str, str] = {
    "investigation": "Investigation by the exploitation hub",
    "ma-team": "Managed by a named multi-agency team",
    "npa-referral": "Referral to the neighbourhood policing area (NPA)",
    "npa-master-report": "Added to the NPA's master management report",
    "no-new-referral": "No new NPA referral (graded MEDIUM within 3 months)",
    "advice": "Advice and guidance to the agencies involved",
    "nfa": "No further action",
    "discharge": "Discharged from MACE",
    "strategy": "Strategy discussion",
    "refer-other": "Referred to another agency",
}
# The outcome that needs the team's name (R7: "a named multi-agency team").
TEAM_OUTCOME = "ma-team"
# Outcomes that need a written rationale of their own, beyond the grade's (R17).
NEEDS_RATIONALE = frozenset({"discharge"})
REPEAT_MEDIUM_MONTHS = 3


@record
class RoutingInput:
    """What the panel decided and what the store knows about the child."""

    grade: str
    meeting_date: date
    last_medium: date | None = None
    significant_new_risk: bool = False
    crime_identified: bool = False
    npa_managed: bool = False
    # child, person or location (R22): a person or location has no professional allocated.
    subject: str = "child"


@record
class Routing:
    """The outcome the rules propose, why, and what it obliges."""

    outcome: str
    reason: str
    steps: tuple[str, ...] = ()
    needs_allocated_professional: bool = False

    @property
    def label(self) -> str:
        """The outcome in words."""
        return OUTCOMES[self.outcome]


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's end."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def recent_medium(meeting_date: date, last_medium: date | None) -> bool:
    """True when the child was graded MEDIUM within the 3 months before this meeting."""
    if last_medium is None or last_medium >= meeting_date:
        return False
    return last_medium >= months_before(meeting_date, REPEAT_MEDIUM_MONTHS)


def _crime_step(crime_identified: bool) -> str:
    if crime_identified:
        return "Add the information to the crime report for the investigating officer."
    return "Create a safeguarding report and send an occurrence task to the NPA."


def route(inp: RoutingInput) -> Routing:
    """The outcome the rules propose for a grade, with the reason as text."""
    grade = inp.grade.upper()
    child = inp.subject == "child"
    if grade == "HIGH":
        allocate = (
            "Allocate a professional to engage and work with the child."
            if child
            else f"Name the agency that leads the disruption of {noun(inp.subject)}."
        )
        if inp.crime_identified:
            return Routing(
                "investigation",
                "HIGH with a crime identified: the hub investigates.",
                ("Start an investigation within the hub.", allocate),
                needs_allocated_professional=child,
            )
        return Routing(
            "ma-team",
            "HIGH with no criminal investigation: name the multi-agency team that will lead.",
            ("Name the multi-agency team managing the safeguarding work.", allocate),
            needs_allocated_professional=child,
        )
    if grade == "MEDIUM":
        if recent_medium(inp.meeting_date, inp.last_medium) and not inp.significant_new_risk:
            return Routing(
                "no-new-referral",
                f"MEDIUM, but graded MEDIUM on {inp.last_medium:%Y-%m-%d} — no new NPA referral "
                "unless a significant new risk is recorded.",
            )
        recent_note = ""
        if recent_medium(inp.meeting_date, inp.last_medium):
            recent_note = (
                f" A significant new risk is recorded since MEDIUM on {inp.last_medium:%Y-%m-%d}."
            )
        if inp.npa_managed:
            return Routing(
                "npa-master-report",
                f"MEDIUM and already managed by the NPA: add {noun(inp.subject)} to the NPA's "
                "master management report." + recent_note,
                ("Add the information to the NPA's master management report.",),
            )
        return Routing(
            "npa-referral",
            "MEDIUM: the exploitation coordinator sends a referral to the NPA." + recent_note,
            (
                "Send the NPA a referral summarising the risk, safeguarding and disruption options.",
                _crime_step(inp.crime_identified),
            ),
        )
    if grade == "LOW":
        return Routing(
            "advice",
            "LOW: advice and guidance to the agencies already involved; no MACE-led plan.",
        )
    raise ValueError(f"unknown grade {inp.grade!r}; use HIGH, MEDIUM or LOW")


def outcome_label(key: str) -> str:
    """The words for an outcome key (the key itself if unknown)."""
    return OUTCOMES.get(key, key)
