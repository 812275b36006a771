"""NPA referrals after the meeting (R7): the checked draft, sending it, the NPA's answer, closing.

A referral exists for every discussed child whose outcome went to the
neighbourhood policing area; its ``npa_referral`` row is made the first time
the coordinator edits or records anything. Each step is one function that
checks its fields, writes, and appends an audit event in the same commit.
A referral still open after the profile's ``[npa] overdue_days`` is overdue.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from mace_tui.profiles import ProfileError, get_profile
from mace_tui.reports import npa_referral
from mace_tui.reports.action_log import ENDED_STATUSES
from mace_tui.reports.layout import Block
from store import models as m
from store.audit import append_event
from store.errors import UserError
from store.frozen import record

AUDIT_ACTION = "npa-referral"
STATUSES = ("draft", "sent", "outcome", "closed")
STATUS_WORDS = {
    "draft": "to send",
    "sent": "sent, awaiting the NPA",
    "outcome": "outcome received",
    "closed": "closed",
}
DEFAULT_OVERDUE_DAYS = 14


class NpaError(UserError):
    """A referral step that cannot be recorded; the message names the field and what to do."""


@record
class ReferralRow:
    """One referral as the coordinator tracks it."""

    item_id: int
    meeting_id: int
    child_id: int
    child_ref: str
    child_name: str
    meeting_date: date
    profile: str
    outcome_key: str
    status: str
    npa: str
    edited: bool
    sent_on: date | None
    sent_by: str
    outcome: str
    outcome_rationale: str
    outcome_on: date | None
    closed_on: date | None
    days_open: int
    limit_days: int

    @property
    def is_open(self) -> bool:
        """Not closed yet."""
        return self.status != "closed"

    @property
    def overdue(self) -> bool:
        """Open for longer than the profile allows."""
        return self.is_open and self.days_open > self.limit_days

    @property
    def status_words(self) -> str:
        """The status as the screen and the case list say it."""
        words = STATUS_WORDS[self.status]
        if self.status == "sent" and self.sent_on is not None:
            words = f"sent {self.sent_on:%d %b %Y}, awaiting the NPA"
        if self.overdue:
            words += f"; OVERDUE ({self.days_open} days, limit {self.limit_days})"
        return words

    @property
    def history_line(self) -> str:
        """One line for the child's history (prep and the chair's F7), overdue ones saying so."""
        to = f" to {self.npa}" if self.npa else ""
        return (
            f"Open NPA referral from the {self.meeting_date:%d %b %Y} meeting{to}: "
            f"{self.status_words}"
        )

    @property
    def short_status(self) -> str:
        """The status in a table column: ``OVERDUE 16d · sent 04/11``, ``to send``, …"""
        if self.status == "sent" and self.sent_on is not None:
            words = f"sent {self.sent_on:%d/%m}, awaiting"
        elif self.status == "closed" and self.closed_on is not None:
            words = f"closed {self.closed_on:%d/%m}"
        else:
            words = {"draft": "to send", "outcome": "outcome in"}.get(self.status, self.status)
        return f"OVERDUE {self.days_open}d · {words}" if self.overdue else words


def _limit(profile: str, config_dir: Path | None) -> int:
    try:
        return get_profile(profile, config_dir).npa_overdue_days
    except ProfileError:
        return DEFAULT_OVERDUE_DAYS


def list_referrals(
    session: Session,
    *,
    today: date,
    config_dir: Path | None = None,
    child_ids: list[int] | None = None,
) -> list[ReferralRow]:
    """Every referral to the NPA from an ended meeting: overdue first, then open, then closed."""
    query = (
        select(m.Grading, m.AgendaItem, m.Child, m.Meeting)
        .join(m.AgendaItem, col(m.AgendaItem.id) == col(m.Grading.item_id))
        .join(m.Child, col(m.Child.id) == col(m.Grading.child_id))
        .join(m.Meeting, col(m.Meeting.id) == col(m.AgendaItem.meeting_id))
        .where(col(m.Grading.outcome).in_(npa_referral.NPA_OUTCOMES))
        .where(col(m.Meeting.status).in_(ENDED_STATUSES))
        .where(col(m.AgendaItem.status) == "done")
    )
    if child_ids is not None:
        query = query.where(col(m.Grading.child_id).in_(child_ids))
    found = session.exec(query).all()
    tracked = {
        r.item_id: r
        for r in session.exec(
            select(m.NpaReferral).where(
                col(m.NpaReferral.item_id).in_([item.id for _, item, _, _ in found])
            )
        )
    }
    limits: dict[str, int] = {}
    rows = []
    for grading, item, child, meeting in found:
        assert item.id is not None and meeting.id is not None and child.id is not None
        limit = limits.setdefault(meeting.profile, _limit(meeting.profile, config_dir))
        ref = tracked.get(item.id)
        status = ref.status if ref else "draft"
        since = ref.sent_on if ref and ref.sent_on else meeting.date
        end = ref.closed_on if ref and ref.closed_on else today
        rows.append(
            ReferralRow(
                item_id=item.id,
                meeting_id=meeting.id,
                child_id=child.id,
                child_ref=child.ref,
                child_name=child.name,
                meeting_date=meeting.date,
                profile=meeting.profile,
                outcome_key=grading.outcome,
                status=status,
                npa=(ref.npa if ref and ref.npa else child.npa),
                edited=bool(ref and ref.text),
                sent_on=ref.sent_on if ref else None,
                sent_by=ref.sent_by if ref else "",
                outcome=ref.outcome if ref else "",
                outcome_rationale=ref.outcome_rationale if ref else "",
                outcome_on=ref.outcome_on if ref else None,
                closed_on=ref.closed_on if ref else None,
                days_open=max(0, (end - since).days),
                limit_days=limit,
            )
        )
    rows.sort(key=lambda r: (not r.overdue, not r.is_open, r.meeting_date, r.child_ref))
    return rows


def open_by_child(rows: list[ReferralRow]) -> dict[int, tuple[ReferralRow, ...]]:
    """The open referrals of each child, overdue first (as ``list_referrals`` sorts them)."""
    found: dict[int, list[ReferralRow]] = {}
    for row in rows:
        if row.is_open:
            found.setdefault(row.child_id, []).append(row)
    return {child: tuple(rows) for child, rows in found.items()}


def open_for_child(
    session: Session, *, child_id: int, today: date, config_dir: Path | None = None
) -> tuple[ReferralRow, ...]:
    """One child's referrals to the NPA still open, overdue first."""
    rows = list_referrals(session, today=today, config_dir=config_dir, child_ids=[child_id])
    return open_by_child(rows).get(child_id, ())


def open_summary(rows: list[ReferralRow]) -> str:
    """``NPA referrals: 2 open, 1 overdue``, or empty when none is open."""
    still = [r for r in rows if r.is_open]
    if not still:
        return ""
    late = sum(1 for r in still if r.overdue)
    text = f"NPA referrals: {len(still)} open"
    return text + (f", {late} OVERDUE" if late else "")


# -- the form ------------------------------------------------------------------


def _draft_blocks(
    session: Session, item_id: int, *, at: datetime, config_dir: Path | None
) -> list[Block]:
    item = session.get(m.AgendaItem, item_id)
    if item is None:
        raise NpaError(f"referral: agenda item {item_id} no longer exists.")
    drafts = npa_referral.build_referrals(
        session, meeting_id=item.meeting_id, generated_at=at, config_dir=config_dir
    )
    for draft in drafts:
        if draft.child.item_id == item_id:
            return npa_referral.document(draft)
    raise NpaError("referral: this child's outcome is no longer a referral to the NPA.")


def referral_text(
    session: Session, *, item_id: int, at: datetime, config_dir: Path | None = None
) -> str:
    """The form as the coordinator last saved it, or else the draft built from the discussion."""
    row = _row(session, item_id)
    if row is not None and row.text:
        return row.text
    return npa_referral.plain_text(_draft_blocks(session, item_id, at=at, config_dir=config_dir))


def referral_blocks(
    session: Session, *, item_id: int, at: datetime, config_dir: Path | None = None
) -> list[Block]:
    """The form to export: the coordinator's checked text when there is one, else the draft."""
    row = _row(session, item_id)
    if row is not None and row.text:
        return npa_referral.text_blocks(row.text)
    return _draft_blocks(session, item_id, at=at, config_dir=config_dir)


def _row(session: Session, item_id: int) -> m.NpaReferral | None:
    return session.exec(select(m.NpaReferral).where(m.NpaReferral.item_id == item_id)).first()


def _tracked(session: Session, item_id: int) -> tuple[m.NpaReferral, m.AgendaItem, m.Child]:
    item = session.get(m.AgendaItem, item_id)
    grading = session.exec(select(m.Grading).where(m.Grading.item_id == item_id)).first()
    if item is None or grading is None or grading.outcome not in npa_referral.NPA_OUTCOMES:
        raise NpaError("referral: this child's outcome is not a referral to the NPA.")
    meeting = session.get(m.Meeting, item.meeting_id)
    if meeting is None or meeting.status not in ENDED_STATUSES:
        raise NpaError("referral: the meeting has not ended yet; send the referral after it.")
    child = session.get(m.Child, item.child_id)
    assert child is not None and child.id is not None
    row = _row(session, item_id)
    if row is None:
        row = m.NpaReferral(item_id=item_id, child_id=child.id, npa=child.npa)
        session.add(row)
    return row, item, child


def _audit(
    session: Session, *, item: m.AgendaItem, child: m.Child, what: str, user: str, at: datetime
) -> None:
    append_event(
        session,
        action=AUDIT_ACTION,
        os_user=user,
        at=at,
        meeting_id=item.meeting_id,
        detail=f"NPA referral for {child.ref}: {what}",
    )


def save_text(session: Session, *, item_id: int, text: str, user: str, at: datetime) -> None:
    """Keep the coordinator's checked version of the form."""
    cleaned = text.strip()
    if not cleaned:
        raise NpaError("Form: the referral is empty; write it, or press Esc to keep the draft.")
    row, item, child = _tracked(session, item_id)
    if row.status == "closed":
        raise NpaError("Form: the referral is closed; it can no longer be changed.")
    row.text = cleaned
    row.edited_by = user[:200]
    row.edited_at = at
    _audit(session, item=item, child=child, what="form checked and edited", user=user, at=at)


def parse_day(text: str, *, field: str, today: date, earliest: date | None = None) -> date:
    """A date typed as YYYY-MM-DD, not in the future, not before ``earliest``."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise NpaError(f"{field}: write the date as YYYY-MM-DD, e.g. {today:%Y-%m-%d}.") from None
    if day > today:
        raise NpaError(f"{field}: the date is in the future; give the day it happened.")
    if earliest is not None and day < earliest:
        raise NpaError(f"{field}: the date is before {earliest:%Y-%m-%d}; check it.")
    return day


def _need(text: str, field: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise NpaError(f"{field}: {what}")
    return cleaned


def record_sent(
    session: Session,
    *,
    item_id: int,
    sent_on: str,
    npa: str,
    sent_by: str,
    user: str,
    at: datetime,
    today: date,
) -> None:
    """The referral went to ``npa`` on ``sent_on``, sent by ``sent_by``."""
    row, item, child = _tracked(session, item_id)
    if row.status != "draft":
        raise NpaError("Sent: this referral was already recorded as sent.")
    day = parse_day(sent_on, field="Sent on", today=today, earliest=item.meeting_date)
    row.npa = _need(npa, "NPA", "name the neighbourhood policing area it went to.")[:120]
    row.sent_by = _need(sent_by, "Sent by", "name who sent it.")[:200]
    row.sent_on = day
    row.status = "sent"
    _audit(session, item=item, child=child, what=f"sent on {day:%Y-%m-%d}", user=user, at=at)


def record_outcome(
    session: Session,
    *,
    item_id: int,
    outcome: str,
    rationale: str,
    received_on: str,
    user: str,
    at: datetime,
    today: date,
) -> None:
    """The NPA's answer: what it did, and its rationale for any work not done."""
    row, item, child = _tracked(session, item_id)
    if row.status != "sent":
        raise NpaError("Outcome: record the referral as sent first.")
    day = parse_day(received_on, field="Received on", today=today, earliest=row.sent_on)
    row.outcome = _need(outcome, "Outcome", "say what the NPA did.")[:2000]
    row.outcome_rationale = rationale.strip()[:2000]
    row.outcome_on = day
    row.status = "outcome"
    _audit(
        session, item=item, child=child, what=f"outcome received {day:%Y-%m-%d}", user=user, at=at
    )


def close_referral(
    session: Session, *, item_id: int, closed_on: str, user: str, at: datetime, today: date
) -> None:
    """The task is closed: nothing more is expected from the NPA."""
    row, item, child = _tracked(session, item_id)
    if row.status != "outcome":
        raise NpaError("Close: record the NPA's outcome before closing the referral.")
    day = parse_day(closed_on, field="Closed on", today=today, earliest=row.outcome_on)
    row.closed_on = day
    row.status = "closed"
    _audit(session, item=item, child=child, what=f"closed {day:%Y-%m-%d}", user=user, at=at)


__all__ = [
    "AUDIT_ACTION",
    "STATUSES",
    "NpaError",
    "ReferralRow",
    "close_referral",
    "list_referrals",
    "open_summary",
    "parse_day",
    "record_outcome",
    "record_sent",
    "referral_blocks",
    "referral_text",
    "save_text",
]
