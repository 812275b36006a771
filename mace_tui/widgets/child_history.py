"""History at a glance for one child on the queue (R16, R17, and the 3-month rule of R7)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual.markup import escape
from textual.widgets import Static

from mace_tui.rules.flags import REPEAT_REFERRALS
from mace_tui.rules.outcomes import recent_medium
from mace_tui.rules.subject_words import FREE_SECTIONS
from mace_tui.rules.vocab import REFERRAL_SOURCES, types_label

if TYPE_CHECKING:
    from mace_tui.overview import ChildSummary
    from mace_tui.prep.npa import ReferralRow

SHOWN_DISCUSSIONS = 3
# Outcomes in a word or two, to fit a line.
OUTCOME_WORDS = {
    "investigation": "investigation",
    "ma-team": "multi-agency team",
    "npa-referral": "NPA referral",
    "npa-master-report": "NPA master report",
    "no-new-referral": "no new NPA referral",
    "advice": "advice",
    "nfa": "no further action",
    "discharge": "discharged",
    "strategy": "strategy discussion",
    "refer-other": "referred elsewhere",
}


def _day(day: date) -> str:
    return f"{day:%d %b %Y}"


def referrals_including_this(summary: ChildSummary, *, counts_as_drmm: bool) -> int:
    """DRMM referrals before this meeting, plus this one when it is a new DRMM referral."""
    this_one = counts_as_drmm and summary.entry.referral_source != "deferred"
    return summary.drmm_referrals + (1 if this_one else 0)


def describe_history(
    summary: ChildSummary,
    *,
    meeting_date: date,
    counts_as_drmm: bool,
    conflicts: Sequence[str] = (),
    npa_referrals: Sequence[ReferralRow] = (),
) -> str:
    """Markup lines: who, why, earlier discussions, open NPA referrals, referral count, MEDIUM
    rule, actions, flags."""
    entry = summary.entry
    born = (
        f"born {entry.date_of_birth:%d/%m/%Y}" if entry.date_of_birth else "date of birth unknown"
    )
    age = f" ({summary.age})" if summary.age is not None else ""
    types = types_label(entry.exploitation_types)
    source = REFERRAL_SOURCES.get(entry.referral_source, entry.referral_source)
    lines = [
        f"[b]{escape(entry.name)}[/b] · {escape(entry.child_ref)} · {born}{age}"
        f" · {escape(entry.local_authority) or 'no local authority'}",
        f"{escape(source)}{' · ' + types if types else ''} — {escape(entry.reason) or '(no reason given)'}",
    ]
    if entry.is_free:
        # A free item (R19): a title and a section, no subject and no history.
        section = FREE_SECTIONS.get(entry.free_section, entry.free_section)
        return (
            f"[b]{escape(entry.name)}[/b] · other item · {escape(section)}\n"
            "Discussed with notes and actions: no THRIVE, no grade, not recorded."
        )
    if not entry.is_child:
        # A person or a location of concern (R22): no referral count, no MEDIUM rule.
        kind = "person of concern" if entry.subject_kind == "person" else "location of concern"
        lines[0] = f"[b]{escape(entry.name)}[/b] · {escape(entry.child_ref)} · {kind}" + (
            f" · {born}{age}" if entry.date_of_birth else ""
        )
    if summary.history:
        past = "; ".join(
            f"{_day(h.meeting_date)} {h.grade or h.status}"
            + (f", {OUTCOME_WORDS.get(h.outcome, h.outcome)}" if h.outcome else "")
            for h in summary.history[:SHOWN_DISCUSSIONS]
        )
        more = len(summary.history) - SHOWN_DISCUSSIONS
        lines.append(f"Before: {escape(past)}{f' (+{more} more)' if more > 0 else ''}")
    else:
        lines.append("Not discussed before.")
    lines += referral_lines(npa_referrals)

    if not entry.is_child:
        plural = "" if summary.open_actions == 1 else "s"
        lines.append(
            f"{summary.open_actions} open action{plural}"
            if summary.open_actions
            else "no open actions"
        )
        if conflicts:
            lines.append(f"Known conflicts: {escape(', '.join(conflicts))}")
        return "\n".join(lines)
    referrals = referrals_including_this(summary, counts_as_drmm=counts_as_drmm)
    facts = [f"DRMM referrals: {referrals}" + (" (this one included)" if counts_as_drmm else "")]
    if referrals >= REPEAT_REFERRALS:
        facts[0] = f"[b red]{facts[0]} ⚑ {REPEAT_REFERRALS} or more[/]"
    plural = "" if summary.open_actions == 1 else "s"
    facts.append(
        f"{summary.open_actions} open action{plural}" if summary.open_actions else "no open actions"
    )
    if summary.discharged_on is not None:
        facts.append(f"[b magenta]returning after discharge on {_day(summary.discharged_on)}[/]")
    lines.append(" · ".join(facts))
    lines.append(_medium_rule(summary.last_medium, meeting_date))
    if conflicts:
        lines.append(f"Known conflicts: {escape(', '.join(conflicts))}")
    return "\n".join(lines)


def referral_lines(referrals: Sequence[ReferralRow]) -> list[str]:
    """Each open NPA referral on a line (R7); one open past the profile's limit in red, flagged."""
    return [
        f"[b red]⚑ {escape(r.history_line)}[/]"
        if r.overdue
        else f"[yellow]{escape(r.history_line)}[/]"
        for r in referrals
    ]


def _medium_rule(last_medium: date | None, meeting_date: date) -> str:
    """The last MEDIUM grade and what the 3-month rule makes of it."""
    if last_medium is None:
        return "Never graded MEDIUM."
    if recent_medium(meeting_date, last_medium):
        return (
            f"[yellow]Last MEDIUM {_day(last_medium)}, within 3 months: MEDIUM now means no new "
            "NPA referral unless there is significant new risk.[/]"
        )
    return f"Last MEDIUM {_day(last_medium)}, over 3 months ago: MEDIUM now means an NPA referral."


class ChildHistory(Static):
    """The highlighted child's history, or a hint when the queue is empty."""

    DEFAULT_CSS = """
    ChildHistory { height: auto; }
    """

    def show(
        self,
        summary: ChildSummary | None,
        *,
        meeting_date: date,
        counts_as_drmm: bool,
        conflicts: Sequence[str] = (),
        npa_referrals: Sequence[ReferralRow] = (),
    ) -> None:
        """Show one child's history, or clear the panel with None."""
        if summary is None:
            self.update("")
            return
        self.update(
            describe_history(
                summary,
                meeting_date=meeting_date,
                counts_as_drmm=counts_as_drmm,
                conflicts=conflicts,
                npa_referrals=npa_referrals,
            )
        )
