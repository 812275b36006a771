"""The NPA referrals screen's units of work (R7), each on its own session: read the list and a
referral's form, keep the checked form, record a step (sent, the NPA's outcome, closed).

The checks, the writes and the audit are in ``mace_tui.prep.npa``; these only give each one
its own transaction, for a screen that hands in plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mace_tui.prep import npa

if TYPE_CHECKING:
    from store.db import Store

# Each step the screen records, by its key.
STEP_RECORDERS: dict[str, Callable[..., None]] = {
    "sent": npa.record_sent,
    "outcome": npa.record_outcome,
    "close": npa.close_referral,
}


def read_referrals(store: Store, *, today: date, config_dir: Path | None) -> list[npa.ReferralRow]:
    """Every referral from an ended meeting: overdue first, then open, then closed."""
    with store.session() as session:
        return npa.list_referrals(session, today=today, config_dir=config_dir)


def read_referral_text(store: Store, *, item_id: int, at: datetime, config_dir: Path | None) -> str:
    """The form as last kept, or else the draft built from the discussion."""
    with store.session() as session:
        return npa.referral_text(session, item_id=item_id, at=at, config_dir=config_dir)


def keep_referral_text(store: Store, *, item_id: int, text: str, user: str, at: datetime) -> None:
    """Keep the coordinator's checked version of the form (audited)."""
    with store.session() as session:
        npa.save_text(session, item_id=item_id, text=text, user=user, at=at)


def record_step(
    store: Store,
    *,
    step: str,
    item_id: int,
    values: Mapping[str, str],
    user: str,
    at: datetime,
    today: date,
) -> None:
    """Record one step of a referral from the fields typed (``NpaError`` names a bad field)."""
    record = STEP_RECORDERS[step]
    with store.session() as session:
        record(session, item_id=item_id, user=user, at=at, today=today, **values)


__all__ = [
    "STEP_RECORDERS",
    "keep_referral_text",
    "read_referral_text",
    "read_referrals",
    "record_step",
]
