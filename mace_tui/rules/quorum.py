"""Quorum of a meeting (R1) and of one child's discussion given conflicts (R2)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from mace_tui.rules.vocab import role_label, sector_label
from store.frozen import record


@record
class Seat:
    """Someone in the room: a member or a named deputy, with their agency's sector and role."""

    person_id: int
    name: str
    sector: str
    role: str = "member"
    agency: str = ""


@record
class QuorumRule:
    """What must be represented: each core sector, and each required role."""

    core_sectors: tuple[str, ...]
    required_roles: tuple[str, ...] = ()


@record
class Quorum:
    """The result of a quorum check: what is missing, if anything."""

    missing_sectors: tuple[str, ...] = ()
    missing_roles: tuple[str, ...] = ()

    @property
    def quorate(self) -> bool:
        """True when nothing required is missing."""
        return not self.missing_sectors and not self.missing_roles

    def describe(self) -> str:
        """One line saying whether the meeting is quorate and, if not, what is missing."""
        if self.quorate:
            return "Quorate"
        missing = [sector_label(s) for s in self.missing_sectors]
        missing += [role_label(r).lower() for r in self.missing_roles]
        return "Not quorate: no " + ", no ".join(missing)


def meeting_quorum(rule: QuorumRule, present: Iterable[Seat]) -> Quorum:
    """R1: every core sector and required role must have someone present."""
    seats = list(present)
    sectors = {seat.sector for seat in seats}
    roles = {seat.role for seat in seats}
    return Quorum(
        missing_sectors=tuple(s for s in rule.core_sectors if s not in sectors),
        missing_roles=tuple(r for r in rule.required_roles if r not in roles),
    )


def child_quorum(rule: QuorumRule, present: Iterable[Seat], conflicted: Collection[int]) -> Quorum:
    """R2: quorum for one child once everyone with a conflict has left."""
    return meeting_quorum(rule, (s for s in present if s.person_id not in conflicted))
