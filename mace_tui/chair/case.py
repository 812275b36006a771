"""Everything the case screen shows for one child, read in one unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from mace_tui.overview import ChildSummary
from mace_tui.profiles import Profile
from mace_tui.rules.conflicts import ChildRoom
from store.frozen import record
from store.records import (
    ActionDetail,
    AgencyRecord,
    AttendanceRecord,
    GradingRecord,
    MeetingRecord,
    NoteRecord,
    QueueEntry,
)

if TYPE_CHECKING:
    from pathlib import Path

    from sqlmodel import Session

    from mace_tui.prep.npa import ReferralRow
    from mace_tui.rules.outcomes import Routing
    from store.carryover import CarriedItem
    from store.conflicts import ItemConflict
    from store.models import AgendaItem


@record
class QueueState:
    """The meeting and its queue, with the child under discussion (if any)."""

    meeting: MeetingRecord
    queue: tuple[QueueEntry, ...]
    summaries: tuple[ChildSummary, ...] = ()
    # Queue numbers of children discussed under a quorum override (R2), for the header.
    quorum_overrides: tuple[int, ...] = ()

    @property
    def current(self) -> QueueEntry | None:
        """The child whose discussion is open."""
        return next((e for e in self.queue if e.status == "in-discussion"), None)

    @property
    def next_waiting(self) -> QueueEntry | None:
        """The first child still waiting."""
        return next((e for e in self.queue if e.status == "waiting"), None)

    def left(self) -> int:
        """Children not yet done or deferred, the current one included."""
        return sum(1 for e in self.queue if e.status in ("waiting", "in-discussion"))

    def number_of(self, item_id: int) -> int:
        """The child's number on the queue, as the recordings and the action log give it."""
        return next(e.position for e in self.queue if e.item_id == item_id)


@record
class CaseView:
    """One child's discussion: who they are, what was said, the grade and the actions."""

    meeting_date: date
    summary: ChildSummary
    notes: tuple[NoteRecord, ...]
    grading: GradingRecord | None
    actions: tuple[ActionDetail, ...]
    people: tuple[AttendanceRecord, ...]
    agencies: tuple[AgencyRecord, ...]
    conflicts: tuple[ItemConflict, ...] = ()
    room: ChildRoom | None = None
    earlier: tuple[CarriedItem, ...] = ()
    # The child's referrals to the NPA still open, shown under F7 with the earlier actions (R7).
    npa_referrals: tuple[ReferralRow, ...] = ()

    @property
    def item_id(self) -> int:
        """The agenda item under discussion."""
        return self.summary.entry.item_id

    @property
    def conflicted(self) -> frozenset[int]:
        """Who is out of the room for this child (R3)."""
        return frozenset(c.person_id for c in self.conflicts if c.active)

    @property
    def taking_part(self) -> tuple[AttendanceRecord, ...]:
        """Everyone in the room for this child: present and without a conflict."""
        return tuple(p for p in self.people if p.in_room and p.person_id not in self.conflicted)

    @property
    def excluded_owners(self) -> tuple[str, ...]:
        """Names that cannot own an action or author a note for this child."""
        return tuple(c.name for c in self.conflicts if c.active)

    def routing(self, grading: GradingRecord | None = None) -> Routing | None:
        """What the rules propose for the grade as it stands (R7)."""
        grading = grading or self.grading
        if grading is None or not grading.grade:
            return None
        from mace_tui.rules.outcomes import RoutingInput, route

        return route(
            RoutingInput(
                grade=grading.grade,
                meeting_date=self.meeting_date,
                last_medium=self.summary.last_medium,
                significant_new_risk=grading.significant_new_risk,
                crime_identified=grading.crime_identified,
                npa_managed=grading.npa_managed,
                subject=self.summary.entry.subject_kind,
            )
        )


def load_queue(
    session: Session, *, meeting_id: int, profile: Profile, drmm_profiles: Sequence[str]
) -> QueueState:
    """The meeting and its queue, each child with history flags."""
    from sqlmodel import col, select

    from mace_tui.overview import summarise_queue
    from store import queries
    from store.models import AgendaItem, Meeting

    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    entries = tuple(queries.meeting_queue(session, meeting_id=meeting_id))
    overridden = session.exec(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id, AgendaItem.quorum_override_reason != "")
        .order_by(col(AgendaItem.position))
    ).all()
    return QueueState(
        quorum_overrides=standing_overrides(session, overridden, profile),
        meeting=queries.meeting_record(meeting),
        queue=entries,
        summaries=summarise_queue(
            session,
            entries=entries,
            meeting_date=meeting.date,
            drmm_profiles=drmm_profiles,
            on_drmm_queue=profile.counts_as_drmm,
        ),
    )


def standing_overrides(
    session: Session, items: Sequence[AgendaItem], profile: Profile
) -> tuple[int, ...]:
    """The queue numbers of ``items`` (each with an override written) whose override stands.

    A child still to be closed is checked against its room now: an override the gap has
    grown past is left out (R2), though a crash may have kept it in the store. A closed or
    deferred child keeps its override as written: it stood when the child was closed (the
    close checks it; a deferral clears one that did not), and the room has moved on since.
    """
    from mace_tui.chair.room import room_of
    from store import attendance, conflicts

    open_now = ("waiting", "in-discussion")
    people: list[AttendanceRecord] | None = None
    numbers: list[int] = []
    for item in items:
        written_for = conflicts.override_gaps(item)
        if item.status in open_now and written_for is not None:
            assert item.id is not None
            if people is None:
                people = attendance.meeting_attendance(session, meeting_id=item.meeting_id)
            room = room_of(
                people,
                conflicts.item_conflicts(session, item_id=item.id),
                profile,
                override_reason=item.quorum_override_reason,
                override_gaps=written_for,
            )
            if room.override_stale:
                continue
        numbers.append(item.position)
    return tuple(numbers)


def load_case(
    session: Session,
    *,
    entry: QueueEntry,
    meeting_id: int,
    meeting_date: date,
    profile: Profile,
    drmm_profiles: Sequence[str],
    config_dir: Path | None = None,
) -> CaseView:
    """The child's summary, notes, grading, actions, and the people and agencies to pick from."""
    from mace_tui.chair.room import item_room
    from mace_tui.overview import summarise_child
    from mace_tui.prep.npa import open_for_child
    from store import actions, attendance, carryover, conflicts, discussion
    from store.models import AgendaItem

    summary = summarise_child(
        session,
        entry=entry,
        meeting_date=meeting_date,
        drmm_profiles=drmm_profiles,
        on_drmm_queue=profile.counts_as_drmm,
    )
    people = tuple(attendance.meeting_attendance(session, meeting_id=meeting_id))
    found = tuple(conflicts.item_conflicts(session, item_id=entry.item_id))
    item = session.get(AgendaItem, entry.item_id)
    assert item is not None
    return CaseView(
        meeting_date=meeting_date,
        summary=summary,
        notes=tuple(discussion.notes(session, item_id=entry.item_id)),
        grading=discussion.grading(session, item_id=entry.item_id),
        actions=tuple(actions.item_actions(session, item_id=entry.item_id)),
        people=people,
        agencies=tuple(attendance.agencies(session)),
        conflicts=found,
        room=item_room(people, found, profile, item),
        earlier=tuple(
            carryover.subject_carryover(
                session, meeting_id=meeting_id, kind=entry.subject_kind, subject_id=entry.subject_id
            )
        ),
        npa_referrals=open_for_child(
            session, child_id=entry.child_id, today=meeting_date, config_dir=config_dir
        )
        if entry.child_id is not None
        else (),
    )
