"""The hub as a whole: whether it is set up yet, and which profiles it runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.models import Agency, HubProfile, Person


def is_empty(session: Session) -> bool:
    """True when the directory holds no agency and no person: a fresh install."""
    agencies = session.exec(select(func.count()).select_from(Agency)).one()
    people = session.exec(select(func.count()).select_from(Person)).one()
    return not agencies and not people


def hub_profiles(session: Session) -> list[str]:
    """The profile keys the hub chose at set-up, in the order chosen."""
    rows = session.exec(select(HubProfile).order_by(col(HubProfile.added_at))).all()
    return [r.profile for r in rows]


def set_hub_profiles(session: Session, *, profiles: Sequence[str], at: datetime) -> None:
    """Record which profiles the hub runs (replacing the earlier choice)."""
    chosen = list(dict.fromkeys(profiles))
    for row in session.exec(select(HubProfile)).all():
        if row.profile not in chosen:
            session.delete(row)
    have = set(session.exec(select(HubProfile.profile)).all())
    session.add_all(HubProfile(profile=p, added_at=at) for p in chosen if p not in have)
    session.commit()
