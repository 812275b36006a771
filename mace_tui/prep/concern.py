"""Persons and locations of concern while preparing: added to a queue, linked with children (R22).

Functions taking a session and plain values; no Textual here. What the case
list says about links follows the research scope of R22: a subject on the
agenda is named, a linked one that is not is described by its role only, unless an
information-sharing action covers it (``mace_tui.rules.research_scope``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlmodel import Session

from mace_tui.overview import ChildSummary
from mace_tui.prep.concern_words import LINK_WORDS, LOCATION_KINDS
from mace_tui.prep.deadline import late_after_change
from mace_tui.prep.meeting import PrepTarget
from mace_tui.reports.case_list import CaseListEntry
from mace_tui.rules.flags import age_on
from mace_tui.rules.research_scope import ShareAction, shown_as
from mace_tui.rules.subject_words import FREE_SECTIONS
from mace_tui.rules.vocab import REFERRAL_SOURCES
from store import agenda
from store.actions import share_actions
from store.agenda import AgendaError, concern
from store.frozen import record
from store.models import AgendaItem, ConcernLocation, ConcernPerson, Meeting

__all__ = ["LINK_WORDS", "LOCATION_KINDS"]


@record
class PersonDetails:
    """A new person of concern, as typed or imported."""

    name: str
    aliases: str = ""
    date_of_birth: date | None = None
    areas: str = ""
    police_ref: str = ""


@record
class LocationDetails:
    """A new location of concern, as typed or imported."""

    name: str
    kind: str
    address: str = ""
    local_authority: str = ""


def _late(target: PrepTarget, at: datetime) -> bool:
    return late_after_change(at=at, deadline=target.deadline, was_late=False)


def add_person(
    session: Session,
    target: PrepTarget,
    *,
    reason: str,
    at: datetime,
    person_id: int | None = None,
    new_person: PersonDetails | None = None,
) -> int:
    """Put an existing or a new person of concern on the queue; the item's id (committed)."""
    meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
    agenda.ensure_editable(meeting, adding=True)
    if new_person is not None:
        person_id = concern.create_person(
            session,
            name=new_person.name,
            aliases=new_person.aliases,
            date_of_birth=new_person.date_of_birth,
            areas=new_person.areas,
            police_ref=new_person.police_ref,
            at=at,
        ).id
    if person_id is None:
        raise ValueError("add_person needs a person_id or a new_person")
    return _queue_subject(session, target, meeting, "person", person_id, reason=reason, at=at)


def add_location(
    session: Session,
    target: PrepTarget,
    *,
    reason: str,
    at: datetime,
    location_id: int | None = None,
    new_location: LocationDetails | None = None,
) -> int:
    """Put an existing or a new location of concern on the queue; the item's id (committed)."""
    meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
    agenda.ensure_editable(meeting, adding=True)
    if new_location is not None:
        location_id = concern.create_location(
            session,
            name=new_location.name,
            kind=new_location.kind,
            address=new_location.address,
            local_authority=new_location.local_authority,
            at=at,
        ).id
    if location_id is None:
        raise ValueError("add_location needs a location_id or a new_location")
    return _queue_subject(session, target, meeting, "location", location_id, reason=reason, at=at)


def _queue_subject(
    session: Session,
    target: PrepTarget,
    meeting: Meeting,
    kind: str,
    subject_id: int,
    *,
    reason: str,
    at: datetime,
) -> int:
    item = concern.add_subject_item(
        session,
        meeting=meeting,
        kind=kind,
        subject_id=subject_id,
        reason=reason,
        at=at,
        late=_late(target, at),
    )
    session.commit()
    assert item.id is not None
    return item.id


def link_on_queue(
    session: Session, *, item_id: int, other_item_id: int, relation: str, at: datetime
) -> None:
    """Link two queue entries, a child and a person or location, in either order (committed)."""
    first = agenda.get_item(session, item_id=item_id)
    second = agenda.get_item(session, item_id=other_item_id)
    child, other = (first, second) if first.subject_kind == "child" else (second, first)
    if child.subject_kind != "child" or other.subject_kind == "child":
        raise AgendaError("link: a link joins a child with a person or a location of concern.")
    assert child.child_id is not None
    subject_id = (
        other.concern_person_id if other.subject_kind == "person" else other.concern_location_id
    )
    assert subject_id is not None
    concern.link(
        session,
        child_id=child.child_id,
        kind=other.subject_kind,
        subject_id=subject_id,
        relation=relation,
        at=at,
    )
    session.commit()


# -- what a list or a screen says about links (research scope, R22 with R9) -----------


def link_lines(
    links: Sequence[concern.LinkRecord],
    *,
    seen_from: str,
    on_agenda: set[tuple[str, int]],
    shares: Collection[ShareAction] = (),
) -> tuple[str, ...]:
    """One line per link, seen from a child (``seen_from='child'``) or from a person or location.

    The other end is named only when it is on the agenda or an information-sharing action
    in ``shares`` covers it (``rules.research_scope``); otherwise by its role.
    """
    lines = []
    for link in links:
        if seen_from == "child":
            key = (link.subject_kind, link.subject_id)
            other = shown_as(
                link.subject_name, link.subject_kind, on_agenda=key in on_agenda, actions=shares
            )
            lines.append(f"{link.relation}: {other}")
        else:
            key = ("child", link.child_id)
            other = shown_as(link.child_name, "child", on_agenda=key in on_agenda, actions=shares)
            lines.append(f"{other} ({link.relation})")
    return tuple(lines)


def shares_in_force(session: Session, *, meeting_id: int) -> list[ShareAction]:
    """The information-sharing actions that may name a linked subject at this meeting."""
    meeting = agenda.get_meeting(session, meeting_id=meeting_id)
    return [
        ShareAction(text=text, share_what=what, share_why=why, status=status, this_meeting=here)
        for text, what, why, status, here in share_actions(
            session, meeting_id=meeting_id, meeting_date=meeting.date
        )
    ]


def queue_links(
    session: Session, *, meeting_id: int, entries: Sequence[tuple[str, int, int]]
) -> dict[int, tuple[str, ...]]:
    """For each queue entry ``(kind, subject id, item id)``, its links described as above."""
    on_agenda = {(kind, subject_id) for kind, subject_id, _ in entries}
    shares = shares_in_force(session, meeting_id=meeting_id)
    found: dict[int, tuple[str, ...]] = {}
    for kind, subject_id, item_id in entries:
        if kind == "free":  # a free item (R19) has no subject, so no links
            found[item_id] = ()
            continue
        rows = concern.links(
            session,
            child_ids=[subject_id] if kind == "child" else [],
            person_ids=[subject_id] if kind == "person" else [],
            location_ids=[subject_id] if kind == "location" else [],
        )
        found[item_id] = link_lines(rows, seen_from=kind, on_agenda=on_agenda, shares=shares)
    return found


def concern_entries(session: Session, *, queue: Sequence[ChildSummary]) -> dict[int, CaseListEntry]:
    """The case list's entries for the persons, locations and other items on the queue, by
    item id."""
    found: dict[int, CaseListEntry] = {}
    for summary in queue:
        entry = summary.entry
        if entry.child_id is not None:
            continue
        item = session.get(AgendaItem, entry.item_id)
        assert item is not None
        found[entry.item_id] = subject_entry(
            session,
            item,
            position=entry.position,
            late_change=entry.late_change,
            referral_source=entry.referral_source,
            reason=entry.reason,
        )
    return found


def removed_subject(session: Session, item: AgendaItem) -> CaseListEntry:
    """A person, location or other item taken off the list after the deadline."""
    entry = subject_entry(
        session,
        item,
        position=None,
        late_change=True,
        referral_source=item.referral_source,
        reason=item.reason,
    )
    return replace(entry, removed=True)


def subject_entry(
    session: Session,
    item: AgendaItem,
    *,
    position: int | None,
    late_change: bool,
    referral_source: str,
    reason: str,
) -> CaseListEntry:
    """The case list's entry for an item about a person or a location, or an other item."""
    if item.concern_person_id is None and item.concern_location_id is None:
        # A free item (R19): its title and section, nothing about a subject.
        return CaseListEntry(
            position=position, ref="", name=item.title, date_of_birth=None, age=None,
            local_authority="", police_ref="", la_ref="", npa="", referral_source="",
            exploitation_types="", reason=FREE_SECTIONS.get(item.free_section, ""),
            late_change=late_change, kind="free",
        )  # fmt: skip
    source = REFERRAL_SOURCES.get(referral_source, referral_source)
    if item.concern_person_id is not None:
        person = session.get(ConcernPerson, item.concern_person_id)
        assert person is not None
        detail = [f"aka {person.aliases}" if person.aliases else "", person.areas]
        return CaseListEntry(
            position=position,
            ref=person.ref,
            name=person.name,
            date_of_birth=person.date_of_birth,
            age=age_on(person.date_of_birth, entry_date(item)),
            local_authority="",
            police_ref=person.police_ref,
            la_ref="",
            npa="",
            referral_source=source,
            exploitation_types="",
            reason=reason,
            notes=tuple(d for d in detail if d),
            late_change=late_change,
            kind="person",
        )
    place = session.get(ConcernLocation, item.concern_location_id)
    assert place is not None
    return CaseListEntry(
        position=position,
        ref=place.ref,
        name=place.name,
        date_of_birth=None,
        age=None,
        local_authority=place.local_authority,
        police_ref="",
        la_ref="",
        npa="",
        referral_source=source,
        exploitation_types="",
        reason=reason,
        notes=tuple(d for d in (LOCATION_KINDS.get(place.kind, place.kind), place.address) if d),
        late_change=late_change,
        kind="location",
    )


def entry_date(item: AgendaItem) -> date:
    """The meeting's date of an item (for ages)."""
    return item.meeting_date
