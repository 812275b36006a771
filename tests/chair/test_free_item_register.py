"""The register while a free item (MPRU, AOB; R19) is under discussion: only the meeting's
quorum applies to it, so losing a member speaks of the meeting, never of "this child", and
does not send the chair back to choose a deputy, deferral or override for the item."""

from __future__ import annotations

from datetime import UTC, datetime

from mace_tui.chair.register import check_register
from mace_tui.profiles import get_profile
from store import agenda, attendance, discussion, queries
from store.db import Store
from tests.app.chair_helpers import meeting_under_way
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def test_a_free_item_under_discussion_has_no_room_of_its_own(demo_store: Store) -> None:
    drmm = get_profile("llr-drmm")
    with demo_store.session() as s:
        meeting = queries.find_meeting(s, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None and meeting.id is not None
        item = agenda.add_free_item(
            s, meeting=meeting, section="aob", title="Half-term patrols", at=START, late=False
        )
        s.commit()
        item_id, meeting_id = item.id, meeting.id
    assert item_id is not None
    meeting_under_way(demo_store, stage="cases", at=START)
    with demo_store.session() as s:
        discussion.begin(s, item_id=item_id, at=START)
        healthy = check_register(s, meeting_id=meeting_id, profile=drmm)
        assert healthy.words() == "" and not healthy.child_blocked
        for person in attendance.meeting_attendance(s, meeting_id=meeting_id):
            if person.sector == "health" and person.in_room:
                attendance.mark_left(s, meeting_id=meeting_id, person_id=person.person_id, at=START)
        s.commit()
        check = check_register(s, meeting_id=meeting_id, profile=drmm)
    assert not check.meeting.quorate
    assert check.words().startswith("The meeting has lost quorum")
    assert "this child" not in check.words() and "Half-term patrols" not in check.words()
    assert not check.child_blocked
