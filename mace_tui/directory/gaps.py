"""What each profile's core sectors and required roles are filled by, from the directory's
lists, and the directory screen's view made from them.

Pure (no database): the store path (``coverage``, ``view``) and the start-up helper's
quick read (``early_read``) both build the view here, so the two cannot differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mace_tui.directory.records import AgencyEntry, DirectoryView, PersonEntry
from mace_tui.profiles import Profile, load_profiles
from mace_tui.rules.coverage import Fill, RoleHolder, StaffedAgency, coverage
from store.frozen import record


@record
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


def coverage_of(
    agencies: Sequence[AgencyEntry], people: Sequence[PersonEntry], *, profiles: Sequence[Profile]
) -> list[ProfileCoverage]:
    """For each profile, who among the active agencies and people fills each requirement
    (``agencies`` and ``people`` may hold inactive ones: they are left out here)."""
    staffed = [
        StaffedAgency(name=a.name, sector=a.sector, people=a.people) for a in agencies if a.active
    ]
    active_agencies = {a.name for a in staffed}
    holders = [
        RoleHolder(name=p.name, role=p.role)
        for p in people
        if p.active and p.agency in active_agencies
    ]
    return [
        ProfileCoverage(
            profile=p.key,
            short_name=p.short_name,
            fills=coverage(
                core_sectors=p.core_sectors,
                required_roles=p.required_roles,
                agencies=staffed,
                people=holders,
            ),
        )
        for p in profiles
    ]


def directory_view(
    agencies: Sequence[AgencyEntry],
    people: Sequence[PersonEntry],
    *,
    hub_profiles: Sequence[str],
    app_profile: Profile,
    config_dir: Path | None,
) -> DirectoryView:
    """Both lists (inactive ones included), checked against the profiles the hub runs (or
    the app's own profile when it chose none the app knows)."""
    shipped = load_profiles(config_dir)
    chosen = [shipped[k] for k in hub_profiles if k in shipped] or [app_profile]
    return DirectoryView(
        agencies=tuple(agencies),
        people=tuple(people),
        profiles=tuple(chosen),
        gaps=tuple(
            line for cov in coverage_of(agencies, people, profiles=chosen) for line in cov.lines()
        ),
    )
