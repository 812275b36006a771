"""The action log of one meeting, read once from the store into plain frozen records (R11).

Every renderer (Markdown, CSV, Word, the screen) works from the ``ActionLog``
built here (see ``records``) and never touches the database, so all formats
say the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from mace_tui.profiles import Profile, ProfileError, get_profile
from mace_tui.reports.records import (
    ActionEntry,
    ActionLog,
    AgencyActions,
    Amendment,
    Attendee,
    CarriedAction,
    ChildRef,
    ChildSection,
    ConflictEntry,
    Escalation,
    MeetingInfo,
    NoteEntry,
    RecordingRef,
)
from mace_tui.rules.carryover import CLOSING
from mace_tui.rules.quorum import QuorumRule, Seat, meeting_quorum
from mace_tui.rules.vocab import (
    OPEN_ACTION_STATUSES,
    THRIVE_SECTIONS,
    role_label,
    sector_label,
)
from store import action_log_read as read
from store.action_log_read import (
    LogAction,
    LogAgency,
    LogItem,
    LogMeeting,
    LogPerson,
    LogSeat,
)
from store.errors import UserError

# Meetings whose log can be issued: they have ended, one way or the other.
ENDED_STATUSES = ("finished", "inquorate")


class ActionLogError(UserError):
    """The log cannot be built; the message says which meeting or field and what to do."""


@dataclass
class _Lookup:
    """Names of people and agencies, read once."""

    people: dict[int, LogPerson] = field(default_factory=dict)
    agencies: dict[int, LogAgency] = field(default_factory=dict)

    def person(self, ident: int | None) -> str:
        person = self.people.get(ident) if ident is not None else None
        return person.name if person else ""

    def agency_of_person(self, ident: int | None) -> LogAgency | None:
        person = self.people.get(ident) if ident is not None else None
        return self.agencies.get(person.agency_id) if person else None

    def agency(self, ident: int | None) -> LogAgency | None:
        return self.agencies.get(ident) if ident is not None else None


def ended_meeting(session: Session, *, profile: str | None, on: date | None) -> LogMeeting:
    """The ended meeting on ``on`` (of ``profile`` when given); ``on=None`` means the latest."""
    if on is None:
        latest = read.latest_meeting_in(session, statuses=ENDED_STATUSES)
        if latest is None:
            raise ActionLogError("--meeting latest: no meeting has ended yet.")
        return latest
    every = read.meetings_on(session, on=on)
    if profile is not None:
        every = [meeting for meeting in every if meeting.profile == profile]
    if not every:
        which = f"{profile} meeting" if profile else "meeting"
        raise ActionLogError(f"--meeting: there is no {which} on {on:%Y-%m-%d}.")
    if len(every) > 1:
        keys = ", ".join(f"{on:%Y-%m-%d}:{meeting.profile}" for meeting in every)
        raise ActionLogError(f"--meeting: several meetings on {on:%Y-%m-%d}; choose one of {keys}.")
    meeting = every[0]
    if meeting.status not in ENDED_STATUSES:
        raise ActionLogError(
            f"--meeting: the {meeting.profile} meeting on {on:%Y-%m-%d} is {meeting.status}; "
            "its log can be issued once the chair has ended it."
        )
    return meeting


def build_action_log(
    session: Session,
    *,
    meeting_id: int,
    generated_at: datetime,
    config_dir: Path | None = None,
) -> ActionLog:
    """Read the meeting's whole record once and return it as an ``ActionLog``."""
    meeting = read.log_meeting(session, meeting_id=meeting_id)
    if meeting is None:
        raise ActionLogError(f"action log: meeting {meeting_id} does not exist.")
    profile = _profile(meeting.profile, config_dir)
    people, agencies = read.directory(session)
    look = _Lookup(people=people, agencies=agencies)
    seats = read.seats(session, meeting_id=meeting.id)
    breaks: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for gap in read.presence_breaks(session, meeting_id=meeting.id):
        breaks[gap.person_id].append((gap.left_at, gap.back_at))
    attendance = tuple(
        replace(_attendee(seat, look), breaks=tuple(breaks.get(seat.person_id, ())))
        for seat in seats
    )
    info = _meeting_info(meeting, profile, look, seats)
    children = _children(session, meeting, look)
    actions_by_item: dict[int | None, list[ActionEntry]] = defaultdict(list)
    order_of = {c.item_id: c.order for c in children}
    child_of = {c.item_id: c.child for c in children}
    for action in read.meeting_actions(session, meeting_id=meeting.id):
        item = action.item_id
        entry = _action(action, look, child_of.get(item, ChildRef()) if item else ChildRef())
        actions_by_item[item].append(replace(entry, order=order_of.get(item, 0) if item else 0))
    recordings_by_item = _recordings(session, meeting.id)
    children = tuple(
        replace(
            c,
            actions=tuple(actions_by_item.get(c.item_id, ())),
            recordings=recordings_by_item.get(c.item_id, ()),
        )
        for c in children
    )
    meeting_actions = tuple(actions_by_item.get(None, ()))
    carried = _carried(session, meeting, look)
    escalations = _escalations(session, meeting, look, carried)
    every_action = [a for c in children for a in c.actions] + list(meeting_actions)
    amendments = _amendments(session, meeting.id)
    return ActionLog(
        version=amendments[-1].number if amendments else 1,
        amendment_reason=amendments[-1].reason if amendments else "",
        amendments=amendments,
        meeting=info,
        generated_at=generated_at,
        attendance=attendance,
        children=children,
        meeting_actions=meeting_actions,
        meeting_recordings=recordings_by_item.get(None, ()),
        carried=carried,
        agencies=_by_agency(every_action, carried, escalations, look),
        to_tell=_to_tell(info, seats, look) if not info.quorate else (),
    )


def _amendments(session: Session, meeting_id: int) -> tuple[Amendment, ...]:
    """The versions issued after the first, oldest first (R20)."""
    rows = read.later_versions(session, meeting_id=meeting_id)
    return tuple(Amendment(r.number, r.reason, r.change, r.issued_by, r.issued_at) for r in rows)


def _profile(key: str, config_dir: Path | None) -> Profile | None:
    try:
        return get_profile(key, config_dir)
    except ProfileError:
        # A profile since removed must not stop an old meeting's log from being issued.
        return None


def _meeting_info(
    meeting: LogMeeting, profile: Profile | None, look: _Lookup, seats: Iterable[LogSeat]
) -> MeetingInfo:
    missing: tuple[str, ...] = ()
    if meeting.status == "inquorate" and profile is not None:
        present = [
            Seat(
                person_id=seat.person_id,
                name="",
                sector=agency.sector,
                role=look.people[seat.person_id].role,
            )
            for seat in seats
            if seat.status == "present"
            and (agency := look.agency_of_person(seat.person_id)) is not None
        ]
        rule = QuorumRule(profile.core_sectors, profile.required_roles)
        quorum = meeting_quorum(rule, present)
        missing = tuple(sector_label(s) for s in quorum.missing_sectors) + tuple(
            role_label(r) for r in quorum.missing_roles
        )
    lost_at, lost = (None, ()) if profile is None else _quorum_lost(meeting, profile, look, seats)
    return MeetingInfo(
        id=meeting.id,
        profile_key=meeting.profile,
        profile_name=profile.name if profile else meeting.profile,
        short_name=profile.short_name if profile else meeting.profile,
        date=meeting.date,
        status=meeting.status,
        chair=look.person(meeting.chair_id),
        scheduled_start=meeting.scheduled_start,
        scheduled_minutes=meeting.scheduled_minutes,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        statements_confirmed_at=meeting.statements_confirmed_at,
        rearranged_date=meeting.rearranged_date,
        inquorate_reason=meeting.inquorate_reason,
        missing=missing,
        extraordinary=meeting.extraordinary,
        quorum_lost_at=lost_at,
        quorum_lost=lost,
    )


def _quorum_lost(
    meeting: LogMeeting, profile: Profile, look: _Lookup, seats: Iterable[LogSeat]
) -> tuple[datetime | None, tuple[str, ...]]:
    """The first moment after the start that someone's leaving broke the meeting's quorum."""
    if meeting.started_at is None:
        return None, ()
    rule = QuorumRule(profile.core_sectors, profile.required_roles)
    rows = [seat for seat in seats if seat.joined_at is not None]
    for moment in sorted({s.left_at for s in rows if s.left_at is not None}):
        if meeting.ended_at is not None and moment >= meeting.ended_at:
            break
        here = [
            Seat(
                person_id=seat.person_id,
                name="",
                sector=agency.sector,
                role=look.people[seat.person_id].role,
            )
            for seat in rows
            if seat.joined_at is not None
            and seat.joined_at <= moment
            and (seat.left_at is None or seat.left_at > moment)
            and (agency := look.agency_of_person(seat.person_id)) is not None
        ]
        quorum = meeting_quorum(rule, here)
        if not quorum.quorate:
            missing = tuple(sector_label(s) for s in quorum.missing_sectors)
            return moment, missing + tuple(role_label(r) for r in quorum.missing_roles)
    return None, ()


def _attendee(seat: LogSeat, look: _Lookup) -> Attendee:
    agency = look.agency_of_person(seat.person_id)
    person = look.people.get(seat.person_id)
    return Attendee(
        name=look.person(seat.person_id),
        agency=agency.name if agency else "",
        role=person.role if person else "",
        status=seat.status,
        joined_at=seat.joined_at,
        left_at=seat.left_at,
        deputy_for=look.person(seat.deputy_for_id),
        walk_in=seat.walk_in,
    )


def _to_tell(info: MeetingInfo, seats: Iterable[LogSeat], look: _Lookup) -> tuple[str, ...]:
    """The chair, and the point of contact of each agency that sent no one."""
    told = [f"{info.chair} (chair)"] if info.chair else []
    present_agencies = {
        agency.id
        for seat in seats
        if seat.status == "present" and (agency := look.agency_of_person(seat.person_id))
    }
    absent: dict[int, LogAgency] = {}
    for seat in seats:
        agency = look.agency_of_person(seat.person_id)
        if agency is not None and agency.id is not None and agency.id not in present_agencies:
            absent[agency.id] = agency
    for agency in absent.values():
        contact = agency.contact or "point of contact"
        told.append(f"{contact}, {agency.name}")
    return tuple(told)


def _children(session: Session, meeting: LogMeeting, look: _Lookup) -> tuple[ChildSection, ...]:
    items = read.items(session, meeting_id=meeting.id)
    if not items:
        return ()
    item_ids = [item.id for item in items]
    kids = read.children(session, ids={item.child_id for item in items if item.child_id})
    others = _concern_refs(session, items)
    conflicts: dict[int, list[ConflictEntry]] = defaultdict(list)
    for conflict in read.conflicts(session, item_ids=item_ids):
        agency = look.agency_of_person(conflict.person_id)
        conflicts[conflict.item_id].append(
            ConflictEntry(
                person=look.person(conflict.person_id),
                agency=agency.name if agency else "",
                reason=conflict.reason,
                source=conflict.source,
                declared_at=conflict.declared_at,
                left_at=conflict.left_at,
                rejoined_at=conflict.rejoined_at,
            )
        )
    cleared: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for gone in read.cleared_overrides(session, item_ids=item_ids):
        cleared[gone.item_id].append((gone.reason, gone.cleared_at))
    notes: dict[int, list[tuple[int, datetime, int, NoteEntry]]] = defaultdict(list)
    for note in read.notes(session, item_ids=item_ids):
        if not note.text.strip():
            continue
        agency = look.agency(note.agency_id) or look.agency_of_person(note.person_id)
        rank = THRIVE_SECTIONS.index(note.section) if note.section in THRIVE_SECTIONS else 99
        entry = NoteEntry(note.section, agency.name if agency else "", note.kind, note.text)
        notes[note.item_id].append((rank, note.created_at, note.id, entry))
    gradings = read.gradings(session, item_ids=item_ids)
    from store.agenda import where_children_went

    went = where_children_went(session, meeting_id=meeting.id)
    origin_ids = {item.deferred_from_id for item in items if item.deferred_from_id}
    origins = read.item_dates(session, item_ids=origin_ids)

    def discussion_order(item: LogItem) -> tuple[int, datetime | int, int]:
        # Children in the order they were discussed; those never started follow, by position.
        if item.started_at is not None:
            return (0, item.started_at, item.position)
        return (1, item.position, item.id)

    sections = []
    for item in sorted(items, key=discussion_order):
        child = kids.get(item.child_id) if item.child_id is not None else None
        grading = gradings.get(item.id)
        sections.append(
            ChildSection(
                # Numbered as on the queue and in the recordings ("Discussion 3"), in the
                # order discussed.
                order=item.position,
                item_id=item.id,
                position=item.position,
                status=item.status,
                child=ChildRef(
                    ref=child.ref,
                    name=child.name,
                    date_of_birth=child.date_of_birth,
                    local_authority=child.local_authority,
                    police_ref=child.police_ref,
                    la_ref=child.la_ref,
                )
                if child is not None
                else others[item.id],
                npa=child.npa if child is not None else "",
                kind=item.subject_kind,
                referral_source=item.referral_source,
                exploitation_types=tuple(t for t in item.exploitation_types.split(",") if t),
                reason=item.reason,
                started_at=item.started_at,
                ended_at=item.ended_at,
                conflicts=tuple(conflicts.get(item.id, ())),
                quorum_override_reason=item.quorum_override_reason,
                cleared_overrides=tuple(cleared.get(item.id, ())),
                grade=grading.grade if grading else "",
                rationale=grading.rationale if grading else "",
                proposed_outcome=grading.proposed_outcome if grading else "",
                outcome=grading.outcome if grading else "",
                team_name=grading.team_name if grading else "",
                outcome_reason=grading.outcome_reason if grading else "",
                override_reason=grading.override_reason if grading else "",
                notes=tuple(entry for *_, entry in sorted(notes.get(item.id, []))),
                deferred_reason=item.deferred_reason,
                deferred_from=origins.get(item.deferred_from_id) if item.deferred_from_id else None,
                moved_to=went.get(item.id),
                free_section=item.free_section,
            )
        )
    return tuple(sections)


def _concern_refs(session: Session, items: Sequence[LogItem]) -> dict[int, ChildRef]:
    """What the log shows of each person or location of concern (R22), or free item (R19)."""
    found: dict[int, ChildRef] = {}
    for item in items:
        if item.subject_kind == "child":
            continue
        if item.subject_kind == "free":
            # A free item (R19): its title stands where a subject's name would.
            found[item.id] = ChildRef(ref="", name=item.title)
            continue
        if item.subject_kind == "person":
            person = read.concern_person(session, person_id=item.concern_person_id)
            found[item.id] = ChildRef(ref=person.ref, name=person.name, kind="person",
                                      date_of_birth=person.date_of_birth, police_ref=person.police_ref,
                                      aliases=person.aliases)  # fmt: skip
        else:
            place = read.concern_location(session, location_id=item.concern_location_id)
            found[item.id] = ChildRef(ref=place.ref, name=place.name, kind="location",
                                      local_authority=place.local_authority,
                                      place_kind=place.kind, address=place.address)  # fmt: skip
    return found


def _action(action: LogAction, look: _Lookup, child: ChildRef) -> ActionEntry:
    agency = look.agency(action.agency_id)
    return ActionEntry(
        id=action.id,
        child=child,
        kind=action.kind,
        text=action.text,
        owner=action.owner or look.person(action.owner_person_id),
        agency=agency.name if agency else "",
        agency_key=agency.key if agency else "",
        due=action.due,
        agreed=action.agreed,
        status=action.status,
        share_what=action.share_what,
        share_with=action.share_with,
        share_why=action.share_why,
        allocated_professional=action.allocated_professional,
        topic=action.topic,
        tactic=action.tactic,
    )


def _recordings(session: Session, meeting_id: int) -> dict[int | None, tuple[RecordingRef, ...]]:
    found: dict[int | None, list[RecordingRef]] = defaultdict(list)
    for rec in read.recordings(session, meeting_id=meeting_id):
        found[rec.item_id].append(
            RecordingRef(
                id=rec.id,
                file_name=Path(rec.path).name,
                duration_s=rec.duration_s,
                sha256=rec.sha256,
                state=rec.state,
                gaps=rec.gaps,
            )
        )
    return {item: tuple(refs) for item, refs in found.items()}


def _carried(session: Session, meeting: LogMeeting, look: _Lookup) -> tuple[CarriedAction, ...]:
    """The updates given at this meeting on earlier meetings' actions (R12)."""
    reviews = read.reviews(session, meeting_id=meeting.id)
    if not reviews:
        return ()
    actions = read.actions(session, ids={r.action_id for r in reviews})
    kids = read.children(session, ids={a.child_id for a in actions.values() if a.child_id})
    # The status each action had before this meeting: its latest earlier review, else "open".
    earlier = read.statuses_before(session, action_ids=list(actions), before=meeting.date)
    # One update per action: the last word given at this meeting.
    latest: dict[int, read.LogReview] = {}
    for review in reviews:
        latest[review.action_id] = review
    carried = []
    for action_id, review in latest.items():
        action = actions[action_id]
        child = _child_ref(kids.get(action.child_id) if action.child_id else None)
        carried.append(
            CarriedAction(
                action=_action(action, look, child),
                agreed_on=action.meeting_date,
                previous_status=earlier.get(action_id, "open"),
                new_status=review.status,
                note=review.note,
                given_by=look.person(review.given_by_id),
            )
        )
    carried.sort(key=lambda c: (c.agreed_on, c.action.due or date.max, c.action.id))
    return tuple(carried)


def _child_ref(kid: read.LogChild | None) -> ChildRef:
    if kid is None:
        return ChildRef()
    return ChildRef(
        ref=kid.ref,
        name=kid.name,
        date_of_birth=kid.date_of_birth,
        local_authority=kid.local_authority,
        police_ref=kid.police_ref,
        la_ref=kid.la_ref,
    )


def _escalations(
    session: Session, meeting: LogMeeting, look: _Lookup, carried: Iterable[CarriedAction]
) -> tuple[Escalation, ...]:
    """Earlier actions for the agency's point of contact (R12): those given "not done" here,
    and those still open that were already overdue at the previous meeting of this kind."""
    found: dict[int, Escalation] = {}
    for update in carried:
        if update.new_status == "not-done":
            found[update.action.id] = Escalation(update.action, update.agreed_on, "not-done")
    previous = read.previous_meeting(
        session, profile=meeting.profile, before=meeting.date, status="finished"
    )
    if previous is not None:
        closed_here = {u.action.id for u in carried if u.new_status in CLOSING}
        overdue = read.overdue_actions(
            session, profile=meeting.profile, before=previous.date, statuses=OPEN_ACTION_STATUSES
        )
        kids = read.children(session, ids={a.child_id for a in overdue})
        for action in overdue:
            if action.id in found or action.id in closed_here:
                continue
            child = _child_ref(kids.get(action.child_id) if action.child_id else None)
            found[action.id] = Escalation(
                _action(action, look, child), action.meeting_date, "overdue", previous.date
            )
    return tuple(
        sorted(found.values(), key=lambda e: (e.action.due or date.max, e.agreed_on, e.action.id))
    )


def _by_agency(
    actions: Iterable[ActionEntry],
    carried: Iterable[CarriedAction],
    escalations: Iterable[Escalation] = (),
    look: _Lookup | None = None,
) -> tuple[AgencyActions, ...]:
    """Each agency's actions across all children, soonest due first (no agency given: last)."""
    own: dict[tuple[str, str], list[ActionEntry]] = defaultdict(list)
    updates: dict[tuple[str, str], list[CarriedAction]] = defaultdict(list)
    raise_: dict[tuple[str, str], list[Escalation]] = defaultdict(list)
    for action in actions:
        own[(action.agency_key, action.agency)].append(action)
    for update in carried:
        updates[(update.action.agency_key, update.action.agency)].append(update)
    for escalation in escalations:
        raise_[(escalation.action.agency_key, escalation.action.agency)].append(escalation)
    contacts = {a.key: a.contact for a in look.agencies.values()} if look else {}
    groups = []
    every = set(own) | set(updates) | set(raise_)
    for key, name in sorted(every, key=lambda k: (not k[1], k[1].casefold())):
        listed = sorted(own.get((key, name), []), key=lambda a: (a.due or date.max, a.order, a.id))
        groups.append(
            AgencyActions(
                key=key,
                name=name or "No agency given",
                actions=tuple(listed),
                carried=tuple(updates.get((key, name), ())),
                contact=contacts.get(key, ""),
                escalations=tuple(raise_.get((key, name), ())),
            )
        )
    return tuple(groups)


__all__ = [
    "ENDED_STATUSES",
    "ActionEntry",
    "ActionLog",
    "ActionLogError",
    "AgencyActions",
    "Attendee",
    "CarriedAction",
    "ChildRef",
    "ChildSection",
    "ConflictEntry",
    "MeetingInfo",
    "NoteEntry",
    "RecordingRef",
    "build_action_log",
    "ended_meeting",
]
