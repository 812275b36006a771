"""The history-at-a-glance lines for one child (R16, R17 and the 3-month MEDIUM rule)."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.overview import ChildSummary
from mace_tui.widgets.child_history import describe_history, referrals_including_this
from store.queries import HistoryEntry, QueueEntry

MEETING = date(2026, 11, 24)


def summary(**extra: object) -> ChildSummary:
    entry = QueueEntry(
        item_id=1, position=1, status="waiting", child_id=1, child_ref="C-TEST0001",
        name="Riley [b]Example[/b]", date_of_birth=date(2012, 3, 5), local_authority="Exampleford",
        referral_source=str(extra.pop("source", "intelligence")), exploitation_types="cse,missing",
        reason="Seen with an adult.", late_change=False,
    )  # fmt: skip
    values: dict[str, object] = dict(
        entry=entry, age=14, history=(), drmm_referrals=0, last_medium=None,
        discharged_on=None, open_actions=0, flags=(),
    )  # fmt: skip
    values.update(extra)
    return ChildSummary(**values)  # type: ignore[arg-type]


def text(s: ChildSummary, *, counts_as_drmm: bool = True, conflicts: tuple[str, ...] = ()) -> str:
    return describe_history(
        s, meeting_date=MEETING, counts_as_drmm=counts_as_drmm, conflicts=conflicts
    )


@pytest.mark.parametrize(
    ("before", "source", "counts_as_drmm", "total"),
    [
        (0, "intelligence", True, 1),
        (2, "police-report", True, 3),
        (2, "deferred", True, 2),  # a deferral is not a new referral
        (2, "intelligence", False, 2),  # a FORM or Lincolnshire queue is not a DRMM referral
    ],
)
def test_referrals_including_this(
    before: int, source: str, counts_as_drmm: bool, total: int
) -> None:
    s = summary(drmm_referrals=before, source=source)
    assert referrals_including_this(s, counts_as_drmm=counts_as_drmm) == total


@pytest.mark.parametrize(
    ("before", "says", "flagged"),
    [
        (1, "DRMM referrals: 2 (this one included)", False),
        (2, "DRMM referrals: 3 (this one included) ⚑ 3 or more", True),
    ],
)
def test_repeat_referral_flag(before: int, says: str, flagged: bool) -> None:
    shown = text(summary(drmm_referrals=before))
    assert says in shown
    assert ("[b red]" in shown) is flagged


@pytest.mark.parametrize(
    ("last_medium", "says"),
    [
        (None, "Never graded MEDIUM."),
        (date(2026, 9, 30), "within 3 months: MEDIUM now means no new NPA referral"),
        (date(2026, 8, 24), "within 3 months"),  # exactly three months before
        (date(2026, 8, 23), "over 3 months ago: MEDIUM now means an NPA referral"),
    ],
)
def test_three_month_medium_rule(last_medium: date | None, says: str) -> None:
    assert says in text(summary(last_medium=last_medium))


def test_history_actions_discharge_and_conflicts() -> None:
    history = tuple(
        HistoryEntry(n, date(2026, 10, n), "llr-drmm", "done", grade, outcome, "")
        for n, grade, outcome in [
            (20, "MEDIUM", "npa-referral"),
            (13, "LOW", "discharge"),
            (6, "LOW", ""),
            (1, "HIGH", ""),
        ]
    )
    shown = text(
        summary(history=history, open_actions=2, discharged_on=date(2026, 10, 13)),
        conflicts=("Bea Mockford",),
    )
    assert (
        "Before: 20 Oct 2026 MEDIUM, NPA referral; 13 Oct 2026 LOW, discharged; 06 Oct 2026 LOW (+1 more)"
        in shown
    )
    assert "2 open actions" in shown
    assert "returning after discharge on 13 Oct 2026" in shown
    assert "Known conflicts: Bea Mockford" in shown


def test_names_are_escaped_and_first_time_is_said() -> None:
    shown = text(summary())
    assert "Riley \\[b]Example\\[/b]" in shown
    assert "Not discussed before." in shown and "no open actions" in shown
