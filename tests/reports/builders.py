"""Small, made-up meetings written straight into a store, for the action-log tests.

Each builder writes exactly what a finished meeting leaves behind, with fixed
times, so the rendered log is the same on every run. Every name is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TypedDict, Unpack

from sqlmodel import Session

from store import models as m

DRMM = "llr-drmm"
EARLIER = date(2026, 11, 2)
RICH_DAY = date(2026, 11, 16)
INQUORATE_DAY = date(2026, 11, 17)


def at(day: date, hour: int, minute: int) -> datetime:
    """A time on ``day``; November is GMT, so UK local time equals UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


class SeatExtra(TypedDict, total=False):
    """Attendance columns a test may set beyond the usual ones."""

    deputy_for_id: int | None
    invited: bool
    walk_in: bool
    left_at: datetime | None


class ItemExtra(TypedDict, total=False):
    """Agenda item columns a test may set beyond the usual ones."""

    status: str
    started_at: datetime | None
    ended_at: datetime | None
    deferred_reason: str
    quorum_override_reason: str


class ActionExtra(TypedDict, total=False):
    """Action columns a test may set beyond the usual ones."""

    kind: str
    status: str
    share_what: str
    share_with: str
    share_why: str
    allocated_professional: bool


@dataclass
class Hub:
    """Agencies and people of a tiny made-up hub."""

    agency: dict[str, int] = field(default_factory=dict)
    person: dict[str, int] = field(default_factory=dict)
    child: dict[str, int] = field(default_factory=dict)


def _add(session: Session, row: m.SQLModel) -> int:
    session.add(row)
    session.flush()
    ident = getattr(row, "id", None)
    assert ident is not None
    return ident


def hub(session: Session) -> Hub:
    """Four agencies, a handful of people and three children, some with non-ASCII names."""
    made = Hub()
    for key, name, sector, contact in (
        ("police", "Testshire Police (made up)", "police", "MACE desk"),
        ("health", "Exampleville Health (made up)", "health", "Named nurse"),
        ("cs", "Sampleburgh Children's Services (made up)", "childrens-services", "Team manager"),
        ("school", "Mockbridge Schools (made up)", "education", "Inclusion lead"),
    ):
        made.agency[key] = _add(
            session, m.Agency(key=key, name=name, sector=sector, contact=contact)
        )
    for name, agency, role in (
        ("DS Örjan Fauxley", "police", "chair"),
        ("Nurse Maëlle Pretendsworth", "health", "member"),
        ("Ciarán Notaperson", "cs", "member"),
        ("Dee Standin", "cs", "member"),
        ("Ngozi Examplé", "school", "member"),
    ):
        made.person[name] = _add(
            session, m.Person(name=name, agency_id=made.agency[agency], role=role)
        )
    for ref, name, born, la in (
        ("C90001-AAAA", "Zoë Ñandú-Øster", date(2012, 2, 29), "Sampleburgh"),
        ("C90002-BBBB", "Siân O'Hara-Łukasz", date(2011, 7, 14), "Mockbridge"),
        ("C90003-CCCC", "Jamie Ünal", date(2013, 12, 1), "Sampleburgh"),
    ):
        made.child[name] = _add(
            session,
            m.Child(
                ref=ref,
                name=name,
                date_of_birth=born,
                local_authority=la,
                police_ref=f"TP/{ref[1:6]}/FAKE",
                la_ref=f"SB-{ref[-4:]}",
                npa="Mockbridge North NPA",
            ),
        )
    session.commit()
    return made


def _meeting(session: Session, made: Hub, day: date, *, status: str = "finished") -> int:
    held = status == "finished"
    return _add(
        session,
        m.Meeting(
            profile=DRMM,
            date=day,
            status=status,
            stage="ended",
            chair_id=made.person["DS Örjan Fauxley"],
            scheduled_start="09:00",
            scheduled_minutes=60,
            started_at=at(day, 9, 2) if held else None,
            ended_at=at(day, 9, 55) if held else None,
            statements_confirmed_at=at(day, 9, 5) if held else None,
        ),
    )


def _seat(
    session: Session,
    made: Hub,
    meeting_id: int,
    name: str,
    status: str,
    day: date,
    joined: datetime | None = None,
    **extra: Unpack[SeatExtra],
) -> None:
    if joined is None and status == "present":
        joined = at(day, 9, 1)
    session.add(
        m.Attendance(
            meeting_id=meeting_id,
            person_id=made.person[name],
            status=status,
            joined_at=joined,
            **extra,
        )
    )


def _item(
    session: Session,
    made: Hub,
    meeting_id: int,
    day: date,
    child: str,
    position: int,
    **extra: Unpack[ItemExtra],
) -> int:
    return _add(
        session,
        m.AgendaItem(
            meeting_id=meeting_id,
            child_id=made.child[child],
            meeting_date=day,
            profile=DRMM,
            position=position,
            referral_source="partner-referral",
            exploitation_types="cce,missing",
            reason="Made-up referral reason for the tests.",
            **extra,
        ),
    )


def _action(
    session: Session,
    made: Hub,
    meeting_id: int,
    day: date,
    *,
    item_id: int | None,
    child: str | None,
    text: str,
    owner: str,
    agency: str,
    due: date,
    **extra: Unpack[ActionExtra],
) -> int:
    return _add(
        session,
        m.Action(
            meeting_id=meeting_id,
            item_id=item_id,
            child_id=made.child[child] if child else None,
            meeting_date=day,
            profile=DRMM,
            text=text,
            owner=owner,
            owner_person_id=made.person.get(owner),
            agency_id=made.agency[agency],
            due=due,
            agreed=True,
            **extra,
        ),
    )


def rich_meeting(session: Session, made: Hub) -> int:
    """A held meeting with everything the log can show.

    Conflicts with leave and rejoin times, a per-child quorum override, a
    grade whose outcome the panel overrode, a deferral, THRIVE notes of both
    kinds (one with Markdown characters in it), an information-sharing
    action, recordings, and reviews of two actions carried over from an
    earlier meeting. The second child on the queue was discussed first.
    """
    zoe, sian, jamie = "Zoë Ñandú-Øster", "Siân O'Hara-Łukasz", "Jamie Ünal"
    earlier = _meeting(session, made, EARLIER)
    old_item = _item(session, made, earlier, EARLIER, zoe, 1, status="done")
    carried_a = _action(
        session, made, earlier, EARLIER, item_id=old_item, child=zoe,
        text="Share the return-home interview with the hub", owner="Ciarán Notaperson",
        agency="cs", due=date(2026, 11, 9), status="complete",
    )  # fmt: skip
    carried_b = _action(
        session, made, earlier, EARLIER, item_id=old_item, child=zoe,
        text="Check the address named by the school", owner="DS Örjan Fauxley",
        agency="police", due=date(2026, 11, 12), status="not-done",
    )  # fmt: skip

    day = RICH_DAY
    meeting_id = _meeting(session, made, day)
    _seat(session, made, meeting_id, "DS Örjan Fauxley", "present", day)
    _seat(session, made, meeting_id, "Nurse Maëlle Pretendsworth", "present", day)
    _seat(session, made, meeting_id, "Ciarán Notaperson", "absent", day)
    _seat(
        session, made, meeting_id, "Dee Standin", "present", day,
        deputy_for_id=made.person["Ciarán Notaperson"], invited=False,
    )  # fmt: skip
    _seat(
        session, made, meeting_id, "Ngozi Examplé", "left", day,
        joined=at(day, 9, 20), left_at=at(day, 9, 40), walk_in=True,
    )  # fmt: skip

    # Position 1, discussed second: HIGH, with a conflict and a quorum override.
    first = _item(
        session, made, meeting_id, day, zoe, 1, status="done",
        started_at=at(day, 9, 20), ended_at=at(day, 9, 31),
        quorum_override_reason="Health's conflicted nurse left; the chair went ahead with "
        "health's written update | agreed by all.",
    )  # fmt: skip
    session.add(
        m.Conflict(
            item_id=first,
            person_id=made.person["Nurse Maëlle Pretendsworth"],
            reason="Related to the child's foster carer.",
            source="asked",
            declared_at=at(day, 9, 20),
            left_at=at(day, 9, 20),
            rejoined_at=at(day, 9, 31),
        )
    )
    session.add(
        m.Grading(
            item_id=first, child_id=made.child[zoe], meeting_date=day, profile=DRMM,
            grade="HIGH", rationale="Going missing overnight with adults not known to carers.",
            crime_identified=True, proposed_outcome="investigation", outcome="investigation",
            outcome_reason="HIGH with a crime identified: the hub investigates.",
        )
    )  # fmt: skip
    session.add(
        m.ThriveNote(
            item_id=first, section="threat", agency_id=made.agency["police"],
            person_id=made.person["DS Örjan Fauxley"], kind="fact",
            text="Adult seen collecting the child twice; vehicle *not* yet traced | check ANPR.",
        )
    )  # fmt: skip
    session.add(
        m.ThriveNote(
            item_id=first, section="engagement", agency_id=made.agency["cs"],
            person_id=made.person["Dee Standin"], kind="opinion",
            text="Trusts her foster carer; talks best after school.",
        )
    )  # fmt: skip
    _action(
        session, made, meeting_id, day, item_id=first, child=zoe,
        text="Allocate a named professional to work with Zoë and confirm who",
        owner="Dee Standin", agency="cs", due=date(2026, 11, 20), allocated_professional=True,
    )  # fmt: skip
    _action(
        session, made, meeting_id, day, item_id=first, child=zoe,
        text="Tell the school what the hub knows about the collecting adult",
        owner="DS Örjan Fauxley", agency="police", due=date(2026, 11, 18), kind="info-share",
        share_what="description of the adult and vehicle", share_with="Mockbridge Schools",
        share_why="staff can report sightings at the gate",
    )  # fmt: skip
    session.add(
        m.Recording(
            meeting_id=meeting_id, item_id=first, kind="child",
            path="/data/recordings/2026-11-16_01_C90001-AAAA.wav",
            frames=10_560_000, duration_s=660.0, state="complete",
            sha256="9f2c" * 16, started_at=at(day, 9, 20), ended_at=at(day, 9, 31),
        )
    )  # fmt: skip

    # Position 2, discussed first: MEDIUM, the panel chose another outcome than the rules.
    second = _item(
        session, made, meeting_id, day, sian, 2, status="done",
        started_at=at(day, 9, 7), ended_at=at(day, 9, 19),
    )  # fmt: skip
    session.add(
        m.Grading(
            item_id=second, child_id=made.child[sian], meeting_date=day, profile=DRMM,
            grade="MEDIUM", rationale="Clear signs of exploitation; no sign of imminent harm.",
            proposed_outcome="npa-referral", outcome="strategy",
            outcome_reason="MEDIUM: the exploitation coordinator sends a referral to the NPA.",
            override_reason="A brother is already the subject of a strategy discussion this week.",
        )
    )  # fmt: skip
    _action(
        session, made, meeting_id, day, item_id=second, child=sian,
        text="=Add Siân to Thursday's strategy discussion and send the minutes",
        owner="Ciarán Notaperson", agency="cs", due=date(2026, 11, 19),
    )  # fmt: skip
    _action(
        session, made, meeting_id, day, item_id=second, child=sian,
        text="Share attendance for the last four weeks with police",
        owner="Ngozi Examplé", agency="school", due=date(2026, 11, 23),
    )  # fmt: skip

    # Position 3: deferred for want of a conflict-free children's services member.
    _item(
        session, made, meeting_id, day, jamie, 3, status="deferred",
        deferred_reason="No children's services member free of a conflict; moved to the next meeting.",
    )  # fmt: skip

    # A meeting-level action and the introductions recording.
    _action(
        session, made, meeting_id, day, item_id=None, child=None,
        text="Circulate the updated contact list", owner="DS Örjan Fauxley",
        agency="police", due=date(2026, 11, 30),
    )  # fmt: skip
    session.add(
        m.Recording(
            meeting_id=meeting_id, item_id=None, kind="meeting",
            path="/data/recordings/2026-11-16_00_meeting.wav",
            frames=None, duration_s=None, state="failed", sha256="",
            started_at=at(day, 9, 2),
        )
    )  # fmt: skip

    session.add(
        m.ActionReview(
            action_id=carried_a, meeting_id=meeting_id, status="complete",
            note="Shared on 6 November.", given_by_id=made.person["Dee Standin"],
            reviewed_at=at(day, 9, 6),
        )
    )  # fmt: skip
    session.add(
        m.ActionReview(
            action_id=carried_b, meeting_id=meeting_id, status="not-done",
            note="Officer on leave; to be rebooked.",
            given_by_id=made.person["DS Örjan Fauxley"], reviewed_at=at(day, 9, 6),
        )
    )  # fmt: skip
    session.commit()
    return meeting_id


def inquorate_meeting(session: Session, made: Hub) -> int:
    """A meeting recorded as inquorate: health sent no one, children's services did not come."""
    day = INQUORATE_DAY
    meeting_id = _meeting(session, made, day, status="inquorate")
    meeting = session.get(m.Meeting, meeting_id)
    assert meeting is not None
    meeting.rearranged_date = day + timedelta(days=7)
    meeting.inquorate_reason = "Health and children's services could not attend."
    _seat(session, made, meeting_id, "DS Örjan Fauxley", "present", day)
    _seat(session, made, meeting_id, "Ngozi Examplé", "present", day)
    _seat(session, made, meeting_id, "Nurse Maëlle Pretendsworth", "absent", day)
    _seat(session, made, meeting_id, "Ciarán Notaperson", "expected", day)
    _item(session, made, meeting_id, day, "Jamie Ünal", 1)
    session.commit()
    return meeting_id
