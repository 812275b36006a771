"""One chair seat per meeting (R25): a lease row, renewed while the seat is alive.

The chair's seat takes the lease when it opens a meeting and renews it every
``RENEW_SECONDS``. A lease not renewed for ``LEASE_SECONDS`` is free: a seat that
was killed (kill -9, a lost laptop) locks nobody out for longer than that, and one
whose process is known to be gone (``gone(host, pid)``, asked by the caller: the
same machine, no such process) is free at once. A live
lease is taken from another seat only when asked (``take_over``), and the seat that
lost it finds out at its next renewal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store.errors import UserError
from store.frozen import record
from store.models import SeatLease

LEASE_SECONDS = 30
RENEW_SECONDS = 5
CHAIR = "chair"

Gone = Callable[[str, int], bool]


@record
class Holder:
    """Who holds a meeting's chair seat, and how long ago it last renewed."""

    holder: str
    seat: str
    seen_seconds_ago: int


class ChairHeld(UserError):
    """The meeting's chair seat is held by a live seat elsewhere."""

    def __init__(self, holder: Holder) -> None:
        self.holder = holder
        super().__init__(
            f"This meeting already has a chair: {holder.holder} holds the chair's seat "
            f"(last heard from {holder.seen_seconds_ago} s ago). Only one seat can run a "
            "meeting. Follow it as the minute taker (mace-tui minutes), or take the chair "
            f"over if that seat has stopped; a stopped seat frees it by itself within "
            f"{LEASE_SECONDS} s."
        )


class ChairLost(UserError):
    """Another seat has taken this meeting's chair over: this one no longer moves it."""

    def __init__(self, holder: str) -> None:
        self.holder = holder
        super().__init__(
            f"{holder} has the chair now: this seat no longer moves the meeting. "
            "Notes typed here are still saved."
        )


def check_chair(session: Session, *, meeting_id: int, seat: str) -> None:
    """Before a change that moves the meeting on: ``ChairLost`` if another seat holds its
    chair. The lease row is locked (shared) until the change commits, so a take-over
    waits for it or it sees the take-over; no lease at all (released, or never taken) lets
    the change through."""
    query = select(SeatLease).where(SeatLease.meeting_id == meeting_id, SeatLease.role == CHAIR)
    lease = session.exec(query.with_for_update(read=True)).first()
    if lease is not None and lease.seat != seat:
        raise ChairLost(lease.holder)


def _lease(session: Session, meeting_id: int) -> SeatLease | None:
    query = select(SeatLease).where(SeatLease.meeting_id == meeting_id, SeatLease.role == CHAIR)
    return session.exec(query.with_for_update()).first()


def _holder(lease: SeatLease, at: datetime) -> Holder:
    age = max(0, int((at - lease.heartbeat_at).total_seconds()))
    return Holder(lease.holder, lease.seat, age)


def _alive(lease: SeatLease, at: datetime, gone: Gone | None = None) -> bool:
    if gone is not None and lease.pid and gone(lease.host, lease.pid):
        return False
    return at - lease.heartbeat_at < timedelta(seconds=LEASE_SECONDS)


def chair_holder(session: Session, *, meeting_id: int, at: datetime) -> Holder | None:
    """The live holder of the meeting's chair seat, if any."""
    lease = session.exec(
        select(SeatLease).where(SeatLease.meeting_id == meeting_id, SeatLease.role == CHAIR)
    ).first()
    if lease is None or not _alive(lease, at):
        return None
    return _holder(lease, at)


def take_chair(
    session: Session,
    *,
    meeting_id: int,
    seat: str,
    holder: str,
    at: datetime,
    take_over: bool = False,
    host: str = "",
    pid: int = 0,
    gone: Gone | None = None,
) -> None:
    """Hold the meeting's chair seat; ``ChairHeld`` if a live seat elsewhere holds it
    (unless ``take_over``). Taking it again from the same seat only renews it.
    ``host``/``pid``: this process; ``gone(host, pid)``: is that process known to be dead?"""
    lease = _lease(session, meeting_id)
    if lease is None:
        session.add(
            SeatLease(
                meeting_id=meeting_id,
                role=CHAIR,
                holder=holder[:200],
                seat=seat,
                host=host[:200],
                pid=pid,
                taken_at=at,
                heartbeat_at=at,
            )
        )
        try:
            session.commit()
        except IntegrityError:  # another seat took it in the same moment
            session.rollback()
            theirs = chair_holder(session, meeting_id=meeting_id, at=at)
            if theirs is None or take_over:
                take_chair(
                    session,
                    meeting_id=meeting_id,
                    seat=seat,
                    holder=holder,
                    at=at,
                    take_over=True,
                    host=host,
                    pid=pid,
                )
                return
            raise ChairHeld(theirs) from None
        return
    if lease.seat != seat and _alive(lease, at, gone) and not take_over:
        held = _holder(lease, at)
        session.rollback()
        raise ChairHeld(held)
    if lease.seat != seat:
        lease.taken_at = at
    lease.seat = seat
    lease.host, lease.pid = host[:200], pid
    lease.holder = holder[:200]
    lease.heartbeat_at = at
    session.commit()


def renew_chair(session: Session, *, meeting_id: int, seat: str, at: datetime) -> bool:
    """Say this seat is alive; False if it no longer holds the chair (taken over)."""
    lease = _lease(session, meeting_id)
    if lease is None or lease.seat != seat:
        session.rollback()
        return False
    lease.heartbeat_at = at
    session.commit()
    return True


def release_chair(session: Session, *, meeting_id: int, seat: str) -> None:
    """Give the chair's seat up (the app closing); someone else's lease is left alone."""
    lease = _lease(session, meeting_id)
    if lease is not None and lease.seat == seat:
        session.delete(lease)
    session.commit()
