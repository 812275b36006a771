"""The hub as a whole: whether it is set up yet, and which profiles it runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from mace_tui.profiles import Profile
from store.models import Agency, HubProfile, NamedDeputy, PanelMember, Person

if TYPE_CHECKING:
    from store.db import Store


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
    _choose_profiles(session, profiles=profiles, at=at)
    session.commit()


def _choose_profiles(session: Session, *, profiles: Sequence[str], at: datetime) -> None:
    chosen = list(dict.fromkeys(profiles))
    for row in session.exec(select(HubProfile)).all():
        if row.profile not in chosen:
            session.delete(row)
    have = set(session.exec(select(HubProfile.profile)).all())
    session.add_all(HubProfile(profile=p, added_at=at) for p in chosen if p not in have)


def fill_empty_panels(session: Session, *, profiles: Sequence[Profile]) -> dict[str, int]:
    """Give each profile with no standing panel one: its core agencies' people, its roles, the chairs.

    A named deputy is left out (the member they stand in for is invited; the deputy
    comes when asked), so a panel is not everyone twice.

    A profile whose panel the hub admin already chose is left alone. Returns
    how many people joined each profile's panel.
    """
    added = _fill_panels(session, profiles=profiles)
    session.commit()
    return added


def _fill_panels(session: Session, *, profiles: Sequence[Profile]) -> dict[str, int]:
    rows = session.exec(
        select(Person.id, Person.role, Agency.sector)
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(col(Person.active).is_(True), col(Agency.active).is_(True))
    ).all()
    deputies = set(session.exec(select(NamedDeputy.deputy_id)).all())
    added: dict[str, int] = {}
    for profile in profiles:
        has_panel = session.exec(
            select(PanelMember.id).where(PanelMember.profile == profile.key)
        ).first()
        if has_panel is not None:
            continue
        chosen = [
            person_id
            for person_id, role, sector in rows
            if person_id not in deputies
            and (
                sector in profile.core_sectors or role in profile.required_roles or role == "chair"
            )
        ]
        session.add_all(PanelMember(profile=profile.key, person_id=p or 0) for p in chosen)
        added[profile.key] = len(chosen)
    return added


def remember_hub_profiles(store: Store, *, profiles: Sequence[str], at: datetime) -> bool:
    """Keep the profiles ticked at set-up once the directory holds anyone (a set-up left
    before its end still knows what the hub runs); False, and nothing kept, while it is empty."""
    with store.session() as session:
        if is_empty(session):
            return False
        set_hub_profiles(session, profiles=profiles, at=at)
        return True


def start_hub(store: Store, *, profiles: Sequence[Profile], at: datetime) -> dict[str, int]:
    """The end of set-up: record the profiles the hub runs and give each a standing panel
    (see ``fill_empty_panels``, whose counts are returned), in one transaction: both, or
    neither."""
    with store.session() as session:
        _choose_profiles(session, profiles=[p.key for p in profiles], at=at)
        added = _fill_panels(session, profiles=profiles)
        session.commit()
        return added
