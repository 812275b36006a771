"""The rows the monthly data pack (R21) counts: referrals, gradings and locations over a span.

Each function reads one span of dates in one statement on an index (the
``profile``/``subject_kind``/``meeting_date`` indexes of migration 0020) and
returns plain rows; the counting is done by ``mace_tui.datapack``. Dates come
back as ISO text (``2026-11-30``): ten thousand rows are read for a year's pack,
and text sorts and slices to its month without being parsed.

A *referral* is a child's agenda item at a meeting whose profile counts as a
DRMM, dated by its meeting: removed items and deferrals carried forward to a
later meeting are not referrals (the same rule as R16's count,
``store.queries.referral_count``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, String, cast, func, select
from sqlmodel import Session, col

from store.frozen import record
from store.models import AgendaItem, Child, ConcernLocation, Grading


@record
class ReferralRow:
    """One referral: its child, date, source, exploitation types and the child's setting."""

    child_id: int
    child_ref: str
    meeting_date: str
    referral_source: str
    exploitation_types: str
    education_setting: str


@record
class GradingRow:
    """One child's grading: when, what grade and outcome, the item's types, the child's LA."""

    child_id: int
    meeting_date: str
    grade: str
    outcome: str
    exploitation_types: str
    local_authority: str


@record
class LocationRow:
    """A location of concern on an agenda on a date."""

    location_id: int
    ref: str
    name: str
    kind: str
    local_authority: str
    meeting_date: str


def _iso(column: object) -> ColumnElement[str]:
    return cast(column, String)


def _is_referral(profiles: Sequence[str]) -> list[ColumnElement[bool]]:
    return [
        col(AgendaItem.profile).in_(list(profiles)),
        col(AgendaItem.child_id).is_not(None),
        col(AgendaItem.status) != "removed",
        col(AgendaItem.deferred_from_id).is_(None),
    ]


def referrals_between(
    session: Session, *, profiles: Sequence[str], start: date, end: date
) -> list[ReferralRow]:
    """The referrals to queues of ``profiles`` with a meeting date from ``start`` to ``end``."""
    if not profiles:
        return []
    query = (
        select(
            col(AgendaItem.child_id),
            col(Child.ref),
            _iso(AgendaItem.meeting_date),
            col(AgendaItem.referral_source),
            col(AgendaItem.exploitation_types),
            col(Child.education_setting),
        )
        .join(Child, col(Child.id) == col(AgendaItem.child_id))
        .where(*_is_referral(profiles))
        .where(col(AgendaItem.meeting_date) >= start, col(AgendaItem.meeting_date) <= end)
    )
    return [ReferralRow(*row) for row in session.connection().execute(query).all()]  # type: ignore[arg-type]


def referrals_before_of_children_referred(
    session: Session, *, profiles: Sequence[str], start: date, end: date
) -> dict[int, int]:
    """For each child referred from ``start`` to ``end``: their referrals before ``start``
    (children with none are left out), for counting a child's referrals so far (R16)."""
    if not profiles:
        return {}
    referred = (
        select(col(AgendaItem.child_id))
        .where(*_is_referral(profiles))
        .where(col(AgendaItem.meeting_date) >= start, col(AgendaItem.meeting_date) <= end)
    )
    query = (
        select(col(AgendaItem.child_id), func.count())
        .where(col(AgendaItem.child_id).in_(referred.scalar_subquery()))
        .where(*_is_referral(profiles))
        .where(col(AgendaItem.meeting_date) < start)
        .group_by(col(AgendaItem.child_id))
    )
    return {int(child or 0): int(n) for child, n in session.connection().execute(query).all()}


def child_gradings_between(session: Session, *, start: date, end: date) -> list[GradingRow]:
    """Every grading of a child with a meeting date from ``start`` to ``end``, in the order
    they were made (meeting date, then time graded, then id)."""
    query = (
        select(
            col(Grading.child_id),
            _iso(Grading.meeting_date),
            col(Grading.grade),
            col(Grading.outcome),
            col(AgendaItem.exploitation_types),
            col(Child.local_authority),
        )
        .join(AgendaItem, col(AgendaItem.id) == col(Grading.item_id))
        .join(Child, col(Child.id) == col(Grading.child_id))
        .where(col(Grading.meeting_date) >= start, col(Grading.meeting_date) <= end)
        .order_by(col(Grading.meeting_date), col(Grading.graded_at), col(Grading.id))
    )
    return [GradingRow(*row) for row in session.connection().execute(query).all()]  # type: ignore[arg-type]


def locations_on_agendas_between(session: Session, *, start: date, end: date) -> list[LocationRow]:
    """Each time a location of concern was on an agenda from ``start`` to ``end``
    (removed items and deferrals carried forward left out)."""
    query = (
        select(
            col(ConcernLocation.id),
            col(ConcernLocation.ref),
            col(ConcernLocation.name),
            col(ConcernLocation.kind),
            col(ConcernLocation.local_authority),
            _iso(AgendaItem.meeting_date),
        )
        .join(ConcernLocation, col(ConcernLocation.id) == col(AgendaItem.concern_location_id))
        .where(col(AgendaItem.subject_kind) == "location")
        .where(col(AgendaItem.meeting_date) >= start, col(AgendaItem.meeting_date) <= end)
        .where(col(AgendaItem.status) != "removed", col(AgendaItem.deferred_from_id).is_(None))
    )
    return [LocationRow(*row) for row in session.connection().execute(query).all()]  # type: ignore[arg-type]


__all__ = [
    "GradingRow",
    "LocationRow",
    "ReferralRow",
    "child_gradings_between",
    "locations_on_agendas_between",
    "referrals_before_of_children_referred",
    "referrals_between",
]
