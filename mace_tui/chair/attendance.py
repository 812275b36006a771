"""The room at a glance: who counts for quorum, what is missing, who must be told (R1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from datetime import date, datetime
from typing import TYPE_CHECKING

from mace_tui.profiles import Profile
from mace_tui.rules.quorum import Quorum, QuorumRule, Seat, meeting_quorum
from mace_tui.rules.vocab import sector_label
from mace_tui.rules.workdays import rearranged_date
from store.frozen import record
from store.meeting_records import AgencyRecord, AttendanceRecord, MeetingRecord, QueueEntry

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.db import Store


def seats(people: Sequence[AttendanceRecord]) -> list[Seat]:
    """Everyone in the room now, as the quorum rules see them."""
    return [
        Seat(person_id=p.person_id, name=p.name, sector=p.sector, role=p.role, agency=p.agency)
        for p in people
        if p.in_room
    ]


def quorum_rule(profile: Profile) -> QuorumRule:
    """The profile's quorum requirements."""
    return QuorumRule(profile.core_sectors, profile.required_roles)


@record
class AttendanceView:
    """What the attendance screen shows."""

    meeting: MeetingRecord
    people: tuple[AttendanceRecord, ...]
    quorum: Quorum
    agencies: tuple[AgencyRecord, ...]
    queue: tuple[QueueEntry, ...]
    # Named deputies (directory) who could stand in now, by member person id (R1, R26).
    named_deputies: dict[int, tuple[tuple[int, str, str], ...]] = field(default_factory=dict)

    def deputies_for(self, person: AttendanceRecord) -> tuple[tuple[int, str, str], ...]:
        """The named deputies to offer for ``person``: only when they are not in the room."""
        if person.in_room or person.deputy_for_id is not None:
            return ()
        return self.named_deputies.get(person.person_id, ())


def load_attendance(session: Session, *, meeting_id: int, profile: Profile) -> AttendanceView:
    """The meeting, its people, quorum, agencies and queue, read in one unit of work."""
    from store import attendance, queries
    from store.models import Meeting

    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    people = attendance.meeting_attendance(session, meeting_id=meeting_id)
    return AttendanceView(
        meeting=queries.meeting_record(meeting),
        people=tuple(people),
        quorum=meeting_quorum(quorum_rule(profile), seats(people)),
        agencies=tuple(attendance.agencies(session)),
        queue=tuple(queries.meeting_queue(session, meeting_id=meeting_id)),
        named_deputies={
            member: tuple(found)
            for member, found in attendance.named_deputies(session, meeting_id=meeting_id).items()
        },
    )


@record
class InquorateNotice:
    """The rearranged date and who must be told (R1)."""

    rearranged: date
    missing: tuple[str, ...]
    tell: tuple[str, ...]


def inquorate_notice(
    *,
    meeting_date: date,
    quorum: Quorum,
    agencies: Sequence[AgencyRecord],
    chair: str | None,
) -> InquorateNotice:
    """For an inquorate meeting: the latest rearranged date, what is missing, whom to tell."""
    tell: list[str] = [f"The chair{f' ({chair})' if chair else ''}"]
    for sector in quorum.missing_sectors:
        contacts = [
            f"{a.name}: {a.contact or 'point of contact'}" for a in agencies if a.sector == sector
        ]
        tell.extend(
            contacts or [f"{sector_label(sector)}: no agency on record — find their contact"]
        )
    missing = [sector_label(s) for s in quorum.missing_sectors]
    missing += [r.replace("-", " ") for r in quorum.missing_roles]
    if quorum.missing_roles:
        tell.append("Business support: arrange a minute taker")
    return InquorateNotice(
        rearranged=rearranged_date(meeting_date), missing=tuple(missing), tell=tuple(tell)
    )


def mark(session: Session, *, meeting_id: int, person_id: int, now: str, at: datetime) -> None:
    """Mark someone on the register: ``now`` is "present", "absent" or "left" (at ``at``)."""
    from store import attendance

    if now == "present":
        attendance.mark_present(session, meeting_id=meeting_id, person_id=person_id, at=at)
    elif now == "absent":
        attendance.mark_absent(session, meeting_id=meeting_id, person_id=person_id)
    elif now == "left":
        attendance.mark_left(session, meeting_id=meeting_id, person_id=person_id, at=at)
    else:
        raise ValueError(f"no such mark: {now}")


def read_attendance(store: Store, *, meeting_id: int, profile: Profile) -> AttendanceView:
    """The register as it stands now (``load_attendance`` in a unit of work of its own)."""
    with store.session() as session:
        return load_attendance(session, meeting_id=meeting_id, profile=profile)


def mark_person(store: Store, *, meeting_id: int, person_id: int, now: str, at: datetime) -> None:
    """``mark`` in a unit of work of its own."""
    with store.session() as session:
        mark(session, meeting_id=meeting_id, person_id=person_id, now=now, at=at)


def deputise(
    store: Store, *, meeting_id: int, deputy_id: int, for_person_id: int, at: datetime
) -> None:
    """``deputy_id`` is here as deputy for ``for_person_id`` (who is then marked absent)."""
    from store import attendance

    with store.session() as session:
        attendance.set_deputy(
            session, meeting_id=meeting_id, deputy_id=deputy_id, for_person_id=for_person_id, at=at
        )


def walk_in(
    store: Store,
    *,
    meeting_id: int,
    name: str,
    agency_id: int,
    title: str,
    role: str,
    at: datetime,
) -> int:
    """Someone not on the register has joined the meeting; their person id."""
    from store import attendance

    with store.session() as session:
        return attendance.add_walk_in(
            session,
            meeting_id=meeting_id,
            name=name,
            agency_id=agency_id,
            title=title,
            role=role,
            at=at,
        )
