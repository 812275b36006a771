"""Which actions name a disruption tactic (R22): those on a person or location of concern."""

from __future__ import annotations

from mace_tui.profiles import Profile
from store.states import SubjectKind

# The subjects whose actions disrupt someone or somewhere, rather than protect a child.
DISRUPTED = (SubjectKind.PERSON.value, SubjectKind.LOCATION.value)


def tactics_for(subject_kind: str, profile: Profile) -> tuple[str, ...]:
    """The tactics the action form offers for a subject of this kind (none for a child)."""
    return profile.tactics if subject_kind in DISRUPTED else ()


__all__ = ["DISRUPTED", "tactics_for"]
