"""The register after the start (R1, R2): each change rechecks quorum for the meeting and the child.

A late arrival, a deputy arriving or someone leaving early changes who is in
the room. The meeting as a whole may lose quorum; the child under discussion
may too, and then the chair is offered the same ways forward as for a
conflict of interest (a deputy, a deferral, or an override with a reason).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mace_tui.chair.attendance import quorum_rule, seats
from mace_tui.chair.room import RoomView
from mace_tui.profiles import Profile
from mace_tui.rules.quorum import Quorum, meeting_quorum
from store.frozen import record

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.db import Store


@record
class RegisterCheck:
    """Quorum for the meeting now, and the room of the child under discussion (if any)."""

    meeting: Quorum
    child: RoomView | None = None

    @property
    def child_blocked(self) -> bool:
        """The child under discussion cannot go on as the room is now."""
        return self.child is not None and not self.child.room.can_proceed

    def words(self) -> str:
        """What the chair needs to know, plainly; empty when all is well."""
        parts = []
        if not self.meeting.quorate:
            missing = self.meeting.describe().removeprefix("Not quorate: ")
            parts.append(
                f"The meeting has lost quorum ({missing}): "
                "no child can go ahead without a deputy or an override."
            )
        if self.child is not None and not self.child.room.can_proceed:
            parts.append(
                f"{self.child.child_name}: {self.child.room.describe()}. "
                "Escape goes back to choose: deputy, defer or override."
            )
        return " ".join(parts)


def check_register(session: Session, *, meeting_id: int, profile: Profile) -> RegisterCheck:
    """Quorum for the meeting and for the child under discussion, read in one unit of work."""
    from mace_tui.chair.room import load_room
    from store import attendance
    from store.models import AgendaItem, Meeting

    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    people = attendance.meeting_attendance(session, meeting_id=meeting_id)
    quorum = meeting_quorum(quorum_rule(profile), seats(people))
    child = None
    current = session.get(AgendaItem, meeting.current_item_id) if meeting.current_item_id else None
    # A free item (MPRU, AOB; R19) has no room of its own: the meeting's quorum is its quorum.
    if current is not None and current.id is not None and current.subject_kind != "free":
        child = load_room(session, item_id=current.id, profile=profile)
    return RegisterCheck(quorum, child)


def read_register_check(store: Store, *, meeting_id: int, profile: Profile) -> RegisterCheck:
    """``check_register`` in a unit of work of its own."""
    with store.session() as session:
        return check_register(session, meeting_id=meeting_id, profile=profile)


def register_words(store: Store, *, meeting_id: int, profile: Profile) -> str:
    """Between children: what to say if the meeting has lost quorum ("" if nothing)."""
    with store.session() as session:
        return check_register(session, meeting_id=meeting_id, profile=profile).words()
