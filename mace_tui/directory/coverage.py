"""What each profile's core sectors and required roles are filled by, read from the directory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from mace_tui.directory.agencies import list_agencies
from mace_tui.directory.people import list_people
from mace_tui.profiles import Profile
from mace_tui.rules.coverage import Fill, RoleHolder, StaffedAgency, coverage

if TYPE_CHECKING:
    from store.db import Store


@dataclass(frozen=True)
class ProfileCoverage:
    """One profile and who fills each of its requirements."""

    profile: str
    short_name: str
    fills: tuple[Fill, ...]

    @property
    def gaps(self) -> tuple[Fill, ...]:
        """The requirements nobody fills."""
        return tuple(f for f in self.fills if not f.filled)

    def lines(self) -> list[str]:
        """One line per gap, each naming the profile, what is missing and what fixes it."""
        return [f"{self.short_name} ({self.profile}): {gap.gap_text()}" for gap in self.gaps]


def gap_summary(session: Session, *, profile: Profile) -> str:
    """One line naming what the profile lacks and the key that fixes it; empty when nothing."""
    (cov,) = profile_coverage(session, profiles=[profile])
    if not cov.gaps:
        return ""
    missing = ", ".join(f"{g.label} ({g.kind} {g.key})" for g in cov.gaps)
    return (
        f"The directory does not fill {cov.short_name}'s {missing}: quorum cannot be met. "
        "Fix it with mace-tui directory."
    )


@dataclass(frozen=True)
class SetupCounts:
    """What the set-up screen says of the directory: its size and each ticked profile's gaps."""

    agencies: int
    people: int
    coverage: tuple[ProfileCoverage, ...]


def setup_counts(store: Store, *, profiles: Sequence[Profile]) -> SetupCounts:
    """Count the active agencies and people, and say what each of ``profiles`` still lacks."""
    with store.session() as session:
        return SetupCounts(
            agencies=len(list_agencies(session, include_inactive=False)),
            people=len(list_people(session, include_inactive=False)),
            coverage=tuple(profile_coverage(session, profiles=profiles)),
        )


def profile_coverage(session: Session, *, profiles: Sequence[Profile]) -> list[ProfileCoverage]:
    """For each profile, who fills each core sector and required role now."""
    agencies = [
        StaffedAgency(name=a.name, sector=a.sector, people=a.people)
        for a in list_agencies(session, include_inactive=False)
    ]
    active_agencies = {a.name for a in agencies}
    people = [
        RoleHolder(name=p.name, role=p.role)
        for p in list_people(session, include_inactive=False)
        if p.agency in active_agencies
    ]
    return [
        ProfileCoverage(
            profile=p.key,
            short_name=p.short_name,
            fills=coverage(
                core_sectors=p.core_sectors,
                required_roles=p.required_roles,
                agencies=agencies,
                people=people,
            ),
        )
        for p in profiles
    ]


def gap_lines(session: Session, *, profiles: Sequence[Profile]) -> list[str]:
    """Every unfilled requirement of these profiles, one line each (empty when all are filled)."""
    return [line for cov in profile_coverage(session, profiles=profiles) for line in cov.lines()]


def read_gap_summary(store: Store, *, profile: Profile) -> str:
    """``gap_summary`` in a unit of work of its own (the line above the register)."""
    with store.session() as session:
        return gap_summary(session, profile=profile)
