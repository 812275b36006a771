"""An action as the chair's editor returns it for saving (R8, R9), and who can own one."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from store.frozen import record


@record
class OwnerChoice:
    """Someone in the room who can own an action."""

    name: str
    person_id: int
    agency_id: int


@record
class ActionInput:
    """What the editor returns for saving."""

    action_id: int | None
    kind: str
    text: str
    owner: str
    owner_person_id: int | None
    agency_id: int | None
    due: date | None
    agreed: bool
    share_what: str
    share_with: str
    share_why: str
    allocated_professional: bool
    # The disruption tactic (R22), for an action on a person or location of concern.
    tactic: str = ""

    def as_saved(self) -> dict[str, Any]:
        """The fields as ``store.actions.save_action`` takes them (the same names)."""
        return asdict(self)
