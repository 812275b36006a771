"""What each profile's core sectors and required roles are filled by, read from the directory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlmodel import Session

from mace_tui.directory.agencies import list_agencies
from mace_tui.directory.gaps import ProfileCoverage, coverage_of
from mace_tui.directory.people import list_people
from mace_tui.profiles import Profile
from store.frozen import record

if TYPE_CHECKING:
    from store.db import Store


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


@record
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
    return coverage_of(
        list_agencies(session, include_inactive=False),
        list_people(session, include_inactive=False),
        profiles=profiles,
    )


def gap_lines(session: Session, *, profiles: Sequence[Profile]) -> list[str]:
    """Every unfilled requirement of these profiles, one line each (empty when all are filled)."""
    return [line for cov in profile_coverage(session, profiles=profiles) for line in cov.lines()]


def read_gap_summary(store: Store, *, profile: Profile) -> str:
    """``gap_summary`` in a unit of work of its own (the line above the register)."""
    with store.session() as session:
        return gap_summary(session, profile=profile)
