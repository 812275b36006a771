"""Conflicts of interest for one child (R3) and what they do to that child's quorum (R2).

A person with a conflict is out of the room for that child: they do not
count towards quorum, cannot own an action and cannot author a note. When
their leaving uncovers a core agency or a required role, the child cannot
be discussed until a deputy joins, the child is deferred, or the chair
writes an override reason.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from mace_tui.rules.quorum import Quorum, QuorumRule, Seat, child_quorum
from mace_tui.rules.vocab import role_label, sector_label
from store.frozen import record

# Where a conflict came from: recorded while preparing, declared when the child
# came up, raised during the discussion; "cleared" is a prepared one the chair set aside.
CONFLICT_SOURCES = ("prepared", "asked", "raised", "cleared")
ACTIVE_SOURCES = ("prepared", "asked", "raised")


# The subject under discussion, in the room's words (R22).
THIS = {"child": "this child", "person": "this person", "location": "this location"}


@record
class ChildRoom:
    """Quorum for one child once the conflicted have left, and whether the child may proceed."""

    rule: QuorumRule
    quorum: Quorum
    conflicted: frozenset[int]
    override_reason: str = ""
    # The gaps (missing sectors and roles) the override was written for; None when not known
    # (an override written before the gaps were kept with it): such an override stands for any
    # gap, as it did then.
    override_gaps: frozenset[str] | None = None
    # Who left, by the sector or role they were covering (for the words).
    left_by_need: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # child, person or location (R22): the words name the kind of subject.
    kind: str = "child"

    @property
    def this(self) -> str:
        """``this child``, ``this person`` or ``this location``."""
        return THIS.get(self.kind, THIS["child"])

    @property
    def gaps(self) -> frozenset[str]:
        """What the child's quorum is missing now: sectors and roles."""
        return frozenset((*self.quorum.missing_sectors, *self.quorum.missing_roles))

    @property
    def override_stands(self) -> bool:
        """A reason is written, and for every gap there is now (R2): an override written for
        one gap does not cover another that opened after it."""
        if not self.override_reason.strip():
            return False
        return self.override_gaps is None or self.gaps <= self.override_gaps

    @property
    def override_stale(self) -> bool:
        """A reason is written but the gap has grown past what it was written for."""
        return bool(self.override_reason.strip()) and not self.override_stands

    @property
    def can_proceed(self) -> bool:
        """Quorate for this child, or an override stands for the gap there is."""
        return self.quorum.quorate or self.override_stands

    @property
    def overridden(self) -> bool:
        """Not quorate, and the chair went ahead with a reason written for this gap."""
        return not self.quorum.quorate and self.override_stands

    def missing_labels(self) -> list[str]:
        """Each missing requirement in a word or two: ``Health``, ``Minute taker``."""
        return [sector_label(s) for s in self.quorum.missing_sectors] + [
            role_label(r) for r in self.quorum.missing_roles
        ]

    def missing_words(self) -> list[str]:
        """Each missing requirement in words, with who had to leave for it."""
        left = dict(self.left_by_need)
        words = []
        for need in (*self.quorum.missing_sectors, *self.quorum.missing_roles):
            label = sector_label(need) if need in self.quorum.missing_sectors else role_label(need)
            names = left.get(need, ())
            words.append(
                f"{label} ({', '.join(names)} {'has' if len(names) == 1 else 'have'} a conflict)"
                if names
                else label
            )
        return words

    def describe(self) -> str:
        """One line: quorate for this child, or what is missing and why."""
        if self.quorum.quorate:
            return f"Quorate for {self.this}"
        missing = "; no ".join(self.missing_words())
        if self.overridden:
            return f"Quorum overridden for {self.this}: no {missing}"
        if self.override_stale:
            return (
                f"Not quorate for {self.this}: no {missing} (the override does not cover this gap)"
            )
        return f"Not quorate for {self.this}: no {missing}"

    def short(self) -> str:
        """``Not quorate for this child: no Health`` (no names), for a header line."""
        if self.quorum.quorate:
            return f"Quorate for {self.this}"
        missing = ", no ".join(self.missing_labels())
        if self.overridden:
            return f"Quorum overridden (no {missing})"
        return f"Not quorate for {self.this}: no {missing}"


def child_room(
    rule: QuorumRule,
    present: Iterable[Seat],
    conflicted: Collection[int],
    *,
    override_reason: str = "",
    override_gaps: Collection[str] | None = None,
    kind: str = "child",
) -> ChildRoom:
    """R2: this subject's quorum with everyone in ``conflicted`` out of the room."""
    seats = list(present)
    out = frozenset(conflicted)
    quorum = child_quorum(rule, seats, out)
    left: list[tuple[str, tuple[str, ...]]] = []
    for need in quorum.missing_sectors:
        names = tuple(s.name for s in seats if s.person_id in out and s.sector == need)
        left.append((need, names))
    for need in quorum.missing_roles:
        names = tuple(s.name for s in seats if s.person_id in out and s.role == need)
        left.append((need, names))
    return ChildRoom(
        rule=rule,
        quorum=quorum,
        conflicted=out,
        override_reason=override_reason,
        override_gaps=None if override_gaps is None else frozenset(override_gaps),
        left_by_need=tuple(left),
        kind=kind,
    )


def quorum_problem(room: ChildRoom) -> str | None:
    """Why the child's discussion cannot close while inquorate (None when it can)."""
    if room.can_proceed:
        return None
    override = "a new override reason" if room.override_stale else "an override reason"
    return (
        f"Not quorate for {room.this}: no {'; no '.join(room.missing_words())}. "
        f"Add a deputy or write {override} (F6), or defer {room.this} (F10)."
    )


def can_take_part(person_id: int | None, conflicted: Collection[int]) -> bool:
    """False for a person who is out of the room for this child: no notes, no actions."""
    return person_id is None or person_id not in conflicted


def deputy_candidates(
    room: ChildRoom, people: Sequence[Seat], in_room: Collection[int]
) -> list[Seat]:
    """People who could join as a deputy for what is missing: right sector or role, not in the room,
    and not conflicted for this child."""
    sectors = set(room.quorum.missing_sectors)
    roles = set(room.quorum.missing_roles)
    return [
        p
        for p in people
        if p.person_id not in in_room
        and p.person_id not in room.conflicted
        and (p.sector in sectors or p.role in roles)
    ]
