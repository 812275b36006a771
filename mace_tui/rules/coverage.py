"""Which agency fills each core sector of a profile, who fills each required role, and what is unfilled.

Pure: it is given the directory as plain tuples. A core sector is filled by an
active agency of that sector with at least one active person (nobody else can
represent it, R1); a required role by an active person with that role.
"""

from __future__ import annotations

from collections.abc import Sequence

from mace_tui.rules.vocab import role_label, sector_label
from store.frozen import record


@record
class StaffedAgency:
    """An active agency and how many active people it has."""

    name: str
    sector: str
    people: int


@record
class RoleHolder:
    """An active person (in an active agency) and their role."""

    name: str
    role: str


@record
class Fill:
    """One requirement of a profile and who fills it (empty: unfilled)."""

    kind: str  # "sector" or "role"
    key: str
    by: tuple[str, ...]
    # Agencies of the sector that have nobody active: named so the fix is clear.
    empty_agencies: tuple[str, ...] = ()

    @property
    def filled(self) -> bool:
        """True when someone can represent it."""
        return bool(self.by)

    @property
    def label(self) -> str:
        """The words for the sector or role."""
        return sector_label(self.key) if self.kind == "sector" else role_label(self.key)

    def gap_text(self) -> str:
        """What is missing and how to fix it, in one line."""
        if self.kind == "role":
            return (
                f"{self.label}: nobody active has the role '{self.key}' — "
                f"give someone that role in the directory."
            )
        if self.empty_agencies:
            names = ", ".join(self.empty_agencies)
            return f"{self.label}: {names} has nobody active — add a person to it in the directory."
        return (
            f"{self.label}: no active agency has the sector '{self.key}' — "
            f"add one in the directory with sector {self.key}."
        )


def coverage(
    *,
    core_sectors: Sequence[str],
    required_roles: Sequence[str],
    agencies: Sequence[StaffedAgency],
    people: Sequence[RoleHolder],
) -> tuple[Fill, ...]:
    """Each core sector, then each required role, with who fills it."""
    fills: list[Fill] = []
    for sector in core_sectors:
        of_sector = [a for a in agencies if a.sector == sector]
        fills.append(
            Fill(
                kind="sector",
                key=sector,
                by=tuple(a.name for a in of_sector if a.people > 0),
                empty_agencies=tuple(a.name for a in of_sector if a.people == 0),
            )
        )
    for role in required_roles:
        fills.append(
            Fill(kind="role", key=role, by=tuple(p.name for p in people if p.role == role))
        )
    return tuple(fills)
