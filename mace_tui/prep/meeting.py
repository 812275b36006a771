"""Preparing one meeting: open (or create) it, read what the screen shows, make each edit.

Every edit is one unit of work that commits before it returns, so closing the
terminal at any moment loses nothing. Lateness is decided here, from the
profile's deadline and the clock reading the caller passes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlmodel import Session

from mace_tui.directory.coverage import gap_summary
from mace_tui.overview import ChildSummary, summarise_queue
from mace_tui.prep.deadline import deadline_for, late_after_change
from mace_tui.prep.fields import ChildDetails, ItemDetails, optional_text
from mace_tui.profiles import Profile
from mace_tui.rules.vocab import role_label, sector_label
from store import agenda, queries
from store.agenda import AgendaError, Invitation, KnownConflict, LateChanges, PersonChoice
from store.frozen import record


@record
class PrepTarget:
    """The meeting being prepared."""

    profile: Profile
    meeting_id: int
    meeting_date: date
    deadline: datetime | None


@record
class PrepView:
    """Everything the preparation screen shows, read in one unit of work."""

    target: PrepTarget
    status: str
    scheduled_start: str
    scheduled_minutes: int
    queue: tuple[ChildSummary, ...]
    conflicts: tuple[KnownConflict, ...]
    invitations: tuple[Invitation, ...]
    missing: tuple[str, ...]
    late: LateChanges
    can_undo: bool
    people: tuple[PersonChoice, ...] = ()
    # What the directory does not fill for the profile (R1, R26): one line, or empty.
    directory_gap: str = ""
    extraordinary: bool = False

    @property
    def editable(self) -> bool:
        """True until the meeting starts."""
        return self.status in agenda.EDITABLE_STATUSES

    @property
    def late_adds(self) -> bool:
        """True while the meeting runs: a child may still be added, as a late change (R25)."""
        return self.status in agenda.LATE_ADD_STATUSES

    def conflicts_for(self, item_id: int) -> tuple[KnownConflict, ...]:
        """The known conflicts of one queued child."""
        return tuple(c for c in self.conflicts if c.item_id == item_id)


def open_meeting(
    session: Session, *, profile: Profile, on: date, extraordinary: bool = False
) -> tuple[PrepTarget, bool]:
    """The meeting of ``profile`` on ``on``, created with the standing panel and the last meeting's panel invited.

    A new meeting must fall on the profile's cadence unless it is ``extraordinary``;
    an existing one (a rearranged meeting, say) opens whatever its date.
    """
    from mace_tui.prep.cadence import new_meeting_problem

    exists = agenda.meeting_on(session, profile=profile.key, on=on) is not None
    problem = new_meeting_problem(exists, profile, on, extraordinary=extraordinary)
    if problem:
        raise AgendaError(problem)
    start = profile.schedule.start
    meeting, created = agenda.find_or_create_meeting(
        session,
        profile=profile.key,
        on=on,
        start=f"{start:%H:%M}",
        minutes=profile.scheduled_minutes,
        extraordinary=extraordinary,
    )
    assert meeting.id is not None
    target = PrepTarget(
        profile=profile,
        meeting_id=meeting.id,
        meeting_date=meeting.date,
        deadline=deadline_for(profile, meeting.date),
    )
    return target, created


def find_target(session: Session, *, profile: Profile, on: date) -> PrepTarget:
    """The meeting to prepare without creating it: ``meeting_id`` 0 when it does not exist
    yet (its queue is empty). For checking a file before anything is written."""
    meeting = agenda.find_meeting(session, profile=profile.key, on=on)
    return PrepTarget(
        profile=profile,
        meeting_id=meeting.id if meeting is not None and meeting.id is not None else 0,
        meeting_date=on,
        deadline=deadline_for(profile, on),
    )


class SummaryCache:
    """Children's history summaries, read once per screen: history does not change while preparing."""

    def __init__(self) -> None:
        self._summaries: dict[tuple[str, int, bool], ChildSummary] = {}

    @staticmethod
    def _key(entry: queries.QueueEntry) -> tuple[str, int, bool]:
        # A deferral is not a new referral, so the flags depend on it.
        return (entry.subject_kind, entry.subject_id, entry.referral_source == "deferred")

    def summaries(
        self,
        session: Session,
        *,
        entries: Sequence[queries.QueueEntry],
        target: PrepTarget,
        drmm_profiles: Sequence[str],
    ) -> tuple[ChildSummary, ...]:
        """Each entry's summary; those not read yet are read together (five queries for the
        whole queue, not five a child)."""
        missing = {self._key(e): e for e in entries if self._key(e) not in self._summaries}
        if missing:
            read = summarise_queue(
                session,
                entries=list(missing.values()),
                meeting_date=target.meeting_date,
                drmm_profiles=drmm_profiles,
                on_drmm_queue=target.profile.counts_as_drmm,
            )
            self._summaries.update(zip(missing, read, strict=True))
        return tuple(replace(self._summaries[self._key(e)], entry=e) for e in entries)

    def summary(
        self,
        session: Session,
        *,
        entry: queries.QueueEntry,
        target: PrepTarget,
        drmm_profiles: Sequence[str],
    ) -> ChildSummary:
        """The child's summary for this queue entry, read on first use."""
        [found] = self.summaries(
            session, entries=[entry], target=target, drmm_profiles=drmm_profiles
        )
        return found


def load_view(
    session: Session,
    *,
    target: PrepTarget,
    drmm_profiles: Sequence[str],
    cache: SummaryCache | None = None,
) -> PrepView:
    """The queue with each child's history, the invitations, conflicts and late changes."""
    cache = cache or SummaryCache()
    meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
    entries = queries.meeting_queue(session, meeting_id=target.meeting_id)
    queue = cache.summaries(session, entries=entries, target=target, drmm_profiles=drmm_profiles)
    invitations = tuple(agenda.invitations(session, meeting_id=target.meeting_id))
    return PrepView(
        target=target,
        status=meeting.status,
        scheduled_start=meeting.scheduled_start,
        scheduled_minutes=meeting.scheduled_minutes,
        queue=queue,
        conflicts=tuple(agenda.known_conflicts(session, meeting_id=target.meeting_id)),
        invitations=invitations,
        missing=missing_from_panel(target.profile, invitations),
        late=agenda.late_changes(session, meeting_id=target.meeting_id),
        can_undo=agenda.last_removed_item(session, meeting_id=target.meeting_id) is not None,
        people=tuple(agenda.people(session)),
        directory_gap=gap_summary(session, profile=target.profile),
        extraordinary=meeting.extraordinary,
    )


def missing_from_panel(profile: Profile, invitations: Sequence[Invitation]) -> tuple[str, ...]:
    """Core agencies and required roles nobody invited covers, in words."""
    sectors = {i.person.sector for i in invitations}
    roles = {i.person.role for i in invitations}
    missing = [sector_label(s) for s in profile.core_sectors if s not in sectors]
    missing += [role_label(r) for r in profile.required_roles if r not in roles]
    return tuple(missing)


# -- edits: each one commits ---------------------------------------------------------


def add_child(
    session: Session,
    target: PrepTarget,
    *,
    details: ItemDetails,
    at: datetime,
    child_id: int | None = None,
    new_child: ChildDetails | None = None,
) -> int:
    """Put an existing or a new child on the queue; the item's id."""
    meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
    agenda.ensure_editable(meeting, adding=True)
    if new_child is not None:
        twin = agenda.same_child(
            session, name=new_child.name, date_of_birth=new_child.date_of_birth
        )
        if twin is not None:
            raise AgendaError(
                f"child: a child with this name and date of birth is already recorded "
                f"(MACE reference {twin.ref}). Search for them instead of adding a new record."
            )
        child = agenda.create_child(
            session,
            name=new_child.name,
            date_of_birth=new_child.date_of_birth,
            local_authority=new_child.local_authority,
            police_ref=new_child.police_ref,
            la_ref=new_child.la_ref,
            npa=new_child.npa,
            at=at,
        )
        child_id = child.id
    if child_id is None:
        raise ValueError("add_child needs a child_id or a new_child")
    item_id = _put_on_queue(session, target, child_id=child_id, details=details, at=at)
    session.commit()
    return item_id


def _put_on_queue(
    session: Session, target: PrepTarget, *, child_id: int, details: ItemDetails, at: datetime
) -> int:
    """Add a child, or put back the row of a child removed from this queue earlier."""
    meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
    earlier = agenda.item_for_child(session, meeting_id=target.meeting_id, child_id=child_id)
    if earlier is not None and earlier.status == "removed":
        assert earlier.id is not None
        item = agenda.restore_item(
            session,
            item_id=earlier.id,
            late=late_after_change(at=at, deadline=target.deadline, was_late=earlier.late_change),
            details=(details.referral_source, details.types_text, details.reason),
        )
    else:
        item = agenda.add_item(
            session,
            meeting=meeting,
            child_id=child_id,
            referral_source=details.referral_source,
            exploitation_types=details.types_text,
            reason=details.reason,
            at=at,
            late=late_after_change(at=at, deadline=target.deadline, was_late=False),
        )
    assert item.id is not None
    return item.id


def edit_item(session: Session, target: PrepTarget, *, item_id: int, details: ItemDetails) -> None:
    """Change why a queued child is there."""
    agenda.update_item(
        session,
        item_id=item_id,
        referral_source=details.referral_source,
        exploitation_types=details.types_text,
        reason=details.reason,
    )
    session.commit()


def move(session: Session, target: PrepTarget, *, item_id: int, offset: int) -> int:
    """Move a child up (negative) or down the queue; the new position."""
    position = agenda.move_item(session, item_id=item_id, offset=offset)
    session.commit()
    return position


def remove(session: Session, target: PrepTarget, *, item_id: int, at: datetime) -> None:
    """Take a child off the queue, marking a late change after the deadline."""
    item = agenda.get_item(session, item_id=item_id)
    late = late_after_change(at=at, deadline=target.deadline, was_late=item.late_change)
    agenda.remove_item(session, item_id=item_id, at=at, late=late)
    session.commit()


def undo_removal(session: Session, target: PrepTarget, *, at: datetime) -> int | None:
    """Put the most recently removed child back; their item id, or None if none was removed."""
    item = agenda.last_removed_item(session, meeting_id=target.meeting_id)
    if item is None or item.id is None:
        return None
    late = late_after_change(at=at, deadline=target.deadline, was_late=item.late_change)
    agenda.restore_item(session, item_id=item.id, late=late)
    session.commit()
    return item.id


def record_conflict(
    session: Session, target: PrepTarget, *, item_id: int, person_id: int, reason: str, at: datetime
) -> None:
    """Record that a person has a conflict for a queued child; the chair sees it later."""
    reason = optional_text(reason, field="conflict_reason")
    agenda.add_known_conflict(session, item_id=item_id, person_id=person_id, reason=reason, at=at)
    session.commit()


def drop_conflict(session: Session, target: PrepTarget, *, conflict_id: int) -> None:
    """Delete a conflict recorded while preparing."""
    agenda.remove_known_conflict(session, conflict_id=conflict_id)
    session.commit()


def invite_person(session: Session, target: PrepTarget, *, person_id: int) -> None:
    """Expect a person at the meeting."""
    agenda.invite(session, meeting_id=target.meeting_id, person_id=person_id)
    session.commit()


def withdraw_invitation(session: Session, target: PrepTarget, *, attendance_id: int) -> None:
    """Withdraw an invitation."""
    agenda.uninvite(session, attendance_id=attendance_id)
    session.commit()
