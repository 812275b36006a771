"""Flags on a child from their history (R16, R17) and the 3-month MEDIUM rule (R7)."""

from __future__ import annotations

from datetime import date

from store.frozen import record

REPEAT_REFERRALS = 3


@record
class Flag:
    """A short marker for the queue and a sentence for the child's header."""

    key: str
    short: str
    text: str


def child_flags(
    *,
    meeting_date: date,
    drmm_referrals: int,
    last_discussed: date | None = None,
    last_grade: str | None = None,
    last_medium: date | None = None,
    discharged_on: date | None = None,
    open_actions: int = 0,
) -> list[Flag]:
    """The flags to show for a child coming up at a meeting on ``meeting_date``."""
    # Here, not at the top: the UI receives flags (from the start-up helper) before it needs
    # the outcome rules, which import the calendar.
    from mace_tui.rules.outcomes import recent_medium

    flags: list[Flag] = []
    if drmm_referrals >= REPEAT_REFERRALS:
        flags.append(
            Flag("repeat", f"{drmm_referrals}×", f"{drmm_referrals} referrals to the DRMM")
        )
    if discharged_on is not None:
        flags.append(
            Flag(
                "returning",
                "RET",
                f"Returning after discharge from MACE on {discharged_on:%d %b %Y}",
            )
        )
    if recent_medium(meeting_date, last_medium):
        flags.append(
            Flag("medium-3m", "M<3m", f"Graded MEDIUM on {last_medium:%d %b %Y}, within 3 months")
        )
    if last_discussed is not None:
        grade = f" ({last_grade})" if last_grade else ""
        brief = {"MEDIUM": "MED"}.get(last_grade or "", last_grade or "")
        short = f"prev {brief + ' ' if brief else ''}{last_discussed:%d %b}"
        flags.append(Flag("seen", short, f"Discussed before: {last_discussed:%d %b %Y}{grade}"))
    if open_actions:
        plural = "s" if open_actions != 1 else ""
        flags.append(Flag("actions", f"{open_actions} open", f"{open_actions} open action{plural}"))
    return flags


def age_on(date_of_birth: date | None, day: date) -> int | None:
    """Age in whole years on ``day``."""
    if date_of_birth is None:
        return None
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
