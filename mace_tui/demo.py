"""A made-up hub for the demo and benchmarks: agencies, people, children and meetings.

Today's DRMM has ten children on its queue, several with history (a MEDIUM
two months ago, three earlier referrals, a discharge, open actions), and the
weeks before it hold finished meetings with complete records. ``years``
adds that many years of daily meetings at a busy hub's volume.

Rows are planned in memory with their ids and written in bulk, so ten years
take seconds, not minutes. Seeding refuses a database that already holds
meetings: demo data never mixes with real records.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel, col, select

from mace_tui import demo_data as data
from mace_tui.profiles import Profile, get_profile
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.rules.outcomes import RoutingInput, route
from mace_tui.rules.schedule import falls_on
from mace_tui.rules.vocab import THRIVE_SECTIONS
from mace_tui.rules.workdays import is_working_day
from store import models as m
from store.db import sync_id_sequences
from store.errors import UserError
from store.frozen import record
from store.queries import count_meetings

DRMM = "llr-drmm"
FORM = "llr-form"
RECENT_WORKING_DAYS = 10
BUSY_HUB_PER_DAY = 12


class DemoError(UserError):
    """The demo cannot be seeded here; the message says why."""


@record
class DemoSummary:
    """What was written, for the command line to report."""

    meetings: int
    children: int
    items: int
    actions: int
    today_meeting_id: int


@dataclass
class _Story:
    """A child on today's queue whose history is planted on purpose."""

    name: str
    dob_years: int
    reason: str
    history: list[tuple[int, str, str]] = field(default_factory=list)  # (days ago, grade, outcome)
    open_actions: int = 0


def _stories() -> list[_Story]:
    return [
        _Story("Riley Example", 14, data.REASONS[0]),
        _Story("Jordan Sample", 15, data.REASONS[1], [(61, "MEDIUM", "")], open_actions=1),
        _Story(
            "Casey Testcase",
            13,
            data.REASONS[2],
            [(150, "LOW", ""), (95, "LOW", ""), (40, "LOW", "")],
        ),
        _Story(
            "Morgan Placeholder",
            16,
            data.REASONS[3],
            [(200, "MEDIUM", ""), (150, "LOW", "discharge")],
        ),
        _Story("Alex Demo", 15, data.REASONS[4], [(27, "HIGH", "")], open_actions=2),
        _Story("Sam Fictional", 12, data.REASONS[5]),
        _Story("Taylor Mockup", 17, data.REASONS[6], [(300, "LOW", "")]),
        _Story("Jamie Dummy", 14, data.REASONS[7]),
        _Story("Charlie Notreal", 16, data.REASONS[1]),
        _Story("Avery Imaginary", 13, data.REASONS[3]),
    ]


class _Plan:
    """Rows to insert, with ids assigned up front."""

    def __init__(self) -> None:
        self.rows: dict[type[SQLModel], list[dict[str, Any]]] = defaultdict(list)
        self._next: dict[type[SQLModel], int] = defaultdict(lambda: 1)

    def add(self, model: type[SQLModel], **values: Any) -> int:
        ident = self._next[model]
        self._next[model] = ident + 1
        self.rows[model].append({"id": ident, **values})
        return ident

    def write(self, session: Session) -> None:
        order = (
            m.Agency, m.Person, m.Child, m.MissingEpisode, m.ConcernPerson, m.ConcernLocation,
            m.ConcernLink, m.Meeting, m.StatementConfirmation, m.Attendance,
            m.AgendaItem, m.Conflict, m.ThriveNote, m.Grading, m.Action, m.ActionReview,
        )  # fmt: skip
        for model in order:
            rows = self.rows.get(model)
            if rows:
                session.execute(insert(model), rows)


def _at(day: date, clock: time, minutes: float = 0) -> datetime:
    local = datetime.combine(day, clock, tzinfo=LOCAL_ZONE) + timedelta(minutes=minutes)
    return local.astimezone(UTC)


class _Builder:
    def __init__(self, today: date, rng: random.Random, *, per_day: int) -> None:
        self.today = today
        self.rng = rng
        self.per_day = per_day
        self.plan = _Plan()
        self.agency: dict[str, int] = {}
        self.agency_of_person: dict[int, int] = {}
        self.person: dict[str, int] = {}
        self.last_medium: dict[int, date] = {}
        self.child_seq = 0
        self.now = _at(today, time(7, 30))
        self.drmm = get_profile(DRMM)
        self.form = get_profile(FORM)

    # -- people and children -------------------------------------------------
    def agencies_and_people(self) -> None:
        for key, name, sector, contact in data.AGENCIES:
            self.agency[key] = self.plan.add(
                m.Agency, key=key, name=name, sector=sector, contact=contact
            )
        for name, agency_key, title, role in data.PEOPLE:
            ident = self.plan.add(
                m.Person,
                name=name,
                agency_id=self.agency[agency_key],
                title=title,
                role=role,
                email=f"{name.split()[-1].lower()}@example.invalid",
                active=True,
            )
            self.person[name] = ident
            self.agency_of_person[ident] = self.agency[agency_key]

    def child(self, name: str, age: int) -> int:
        self.child_seq += 1
        born = self.today - timedelta(days=int(age * 365.25) + self.rng.randrange(0, 300))
        la = self.rng.choice(data.LOCAL_AUTHORITIES)
        return self.plan.add(
            m.Child,
            ref=f"C{self.child_seq:05d}-{self.rng.randrange(16**4):04X}",
            name=name,
            date_of_birth=born,
            local_authority=la,
            police_ref=f"DP/{self.rng.randrange(10**6):06d}/DEMO",
            la_ref=f"{la[:3].upper()}-{self.rng.randrange(10**5):05d}",
            npa=self.rng.choice(data.NPAS),
            created_at=self.now - timedelta(days=400),
        )

    def random_children(self, count: int) -> list[int]:
        ids = []
        for _ in range(count):
            name = f"{self.rng.choice(data.FIRST_NAMES)} {self.rng.choice(data.SURNAMES)}"
            ids.append(self.child(name, self.rng.randrange(10, 18)))
        return ids

    # -- meetings ------------------------------------------------------------
    def meeting(self, profile: Profile, day: date, *, status: str, stage: str) -> int:
        start = profile.schedule.start
        finished = status == "finished"
        chair = self.person[data.FORM_PANEL[0] if profile.key == FORM else data.DRMM_PANEL[0]]
        return self.plan.add(
            m.Meeting,
            profile=profile.key,
            date=day,
            status=status,
            stage=stage,
            chair_id=chair,
            scheduled_start=f"{start:%H:%M}",
            scheduled_minutes=profile.scheduled_minutes,
            started_at=_at(day, start, 2) if finished else None,
            ended_at=_at(day, start, profile.scheduled_minutes - 3) if finished else None,
            statements_confirmed_at=_at(day, start, 5) if finished else None,
            rearranged_date=None,
            inquorate_reason="",
            current_item_id=None,
            created_at=_at(day, time(12), -60 * 24),
        )

    def attendance(
        self, meeting_id: int, panel: tuple[str, ...], day: date, start: time, *, held: bool
    ) -> list[int]:
        present: list[int] = []
        for name in panel:
            person = self.person[name]
            if held and name in data.DEPUTIES and self.rng.random() < 0.12:
                deputy = self.person[data.DEPUTIES[name]]
                self._seat(meeting_id, person, "absent", day, start)
                self._seat(meeting_id, deputy, "present", day, start, deputy_for=person)
                present.append(deputy)
                continue
            self._seat(meeting_id, person, "present" if held else "expected", day, start)
            present.append(person)
        return present

    def _seat(
        self,
        meeting_id: int,
        person: int,
        status: str,
        day: date,
        start: time,
        *,
        deputy_for: int | None = None,
    ) -> None:
        self.plan.add(
            m.Attendance,
            meeting_id=meeting_id,
            person_id=person,
            status=status,
            deputy_for_id=deputy_for,
            invited=deputy_for is None,
            walk_in=False,
            joined_at=_at(day, start, 1) if status == "present" else None,
            left_at=None,
        )

    def statements(self, meeting_id: int, profile: Profile, day: date) -> None:
        for index, statement in enumerate(profile.statements):
            self.plan.add(
                m.StatementConfirmation,
                meeting_id=meeting_id,
                statement_key=statement.key,
                confirmed_at=_at(day, profile.schedule.start, 3 + index * 0.5),
            )

    def discussed_item(
        self,
        *,
        meeting_id: int,
        profile: Profile,
        day: date,
        position: int,
        child_id: int,
        present: list[int],
        grade: str | None = None,
        outcome: str = "",
        open_actions: int | None = None,
        reason: str | None = None,
    ) -> None:
        rng = self.rng
        begin = 8 + position * 4.5
        item_id = self.plan.add(
            m.AgendaItem,
            meeting_id=meeting_id,
            child_id=child_id,
            meeting_date=day,
            profile=profile.key,
            position=position,
            referral_source=rng.choice(
                ("police-report", "intelligence", "screening-tool", "partner-referral")
            ),
            exploitation_types=rng.choice(
                ("cce", "cse", "cce,missing", "cse,missing", "cce,financial")
            ),
            reason=reason or rng.choice(data.REASONS),
            status="done",
            started_at=_at(day, profile.schedule.start, begin),
            ended_at=_at(day, profile.schedule.start, begin + 4),
            deferred_reason="",
            deferred_from_id=None,
            quorum_override_reason="",
            late_change=False,
            added_at=_at(day, time(12), -60 * 24),
            removed_at=None,
        )
        if rng.random() < 0.05 and len(present) > 4:
            leaver = present[-1]
            self.plan.add(
                m.Conflict,
                item_id=item_id,
                person_id=leaver,
                reason="Knows the family outside work.",
                source=rng.choice(("prepared", "asked", "raised")),
                declared_at=_at(day, profile.schedule.start, begin),
                left_at=_at(day, profile.schedule.start, begin),
                rejoined_at=_at(day, profile.schedule.start, begin + 4),
            )
        for section in rng.sample(THRIVE_SECTIONS, k=3):
            author = rng.choice(present)
            self.plan.add(
                m.ThriveNote,
                item_id=item_id,
                section=section,
                agency_id=self.agency_of_person[author],
                person_id=author,
                kind=rng.choice(("fact", "fact", "opinion")),
                text=rng.choice(data.NOTES[section]),
                created_at=_at(day, profile.schedule.start, begin + 1),
                updated_at=_at(day, profile.schedule.start, begin + 1),
            )
        grade = grade or rng.choices(("HIGH", "MEDIUM", "LOW"), weights=(15, 45, 40))[0]
        routing = route(
            RoutingInput(
                grade=grade,
                meeting_date=day,
                last_medium=self.last_medium.get(child_id),
                crime_identified=rng.random() < 0.4,
                npa_managed=rng.random() < 0.1,
            )
        )
        if grade == "MEDIUM":
            self.last_medium[child_id] = day
        self.plan.add(
            m.Grading,
            item_id=item_id,
            child_id=child_id,
            meeting_date=day,
            profile=profile.key,
            grade=grade,
            rationale=data.RATIONALES[grade],
            significant_new_risk=False,
            crime_identified=routing.outcome == "investigation",
            npa_managed=routing.outcome == "npa-master-report",
            proposed_outcome=routing.outcome,
            outcome=outcome or routing.outcome,
            outcome_reason=routing.reason
            if not outcome
            else "Discharged: no further role for MACE.",
            override_reason=""
            if not outcome
            else "No specific role for MACE beyond current plans.",
            graded_at=_at(day, profile.schedule.start, begin + 3),
        )
        count = open_actions if open_actions is not None else rng.randrange(1, 3)
        for index in range(max(count, 1 if grade == "HIGH" else count)):
            text, agency_key = rng.choice(data.ACTIONS)
            owner = next(
                (p for p in present if self.agency_of_person[p] == self.agency[agency_key]),
                present[0],
            )
            due = day + timedelta(days=rng.randrange(5, 29))
            if open_actions is not None:
                status = "open" if index < open_actions else "complete"
            else:
                status = (
                    "complete"
                    if due < self.today - timedelta(days=3) or rng.random() < 0.5
                    else "open"
                )
            self.plan.add(
                m.Action,
                meeting_id=meeting_id,
                item_id=item_id,
                child_id=child_id,
                meeting_date=day,
                profile=profile.key,
                kind="action",
                text=text
                if not (grade == "HIGH" and index == 0)
                else "Allocate a named professional to work with the child and confirm who",
                owner=self._name_of(owner),
                owner_person_id=owner,
                agency_id=self.agency_of_person[owner],
                due=due,
                agreed=True,
                share_what="",
                share_with="",
                share_why="",
                allocated_professional=grade == "HIGH" and index == 0,
                status=status,
                created_at=_at(day, profile.schedule.start, begin + 3.5),
                updated_at=_at(day, profile.schedule.start, begin + 3.5),
            )

    def _name_of(self, person: int) -> str:
        return next(name for name, ident in self.person.items() if ident == person)

    def past_meeting(
        self,
        profile: Profile,
        day: date,
        children: list[int],
        stories: list[tuple[int, _Story, str, str]],
    ) -> None:
        meeting_id = self.meeting(profile, day, status="finished", stage="ended")
        panel = data.FORM_PANEL if profile.key == FORM else data.DRMM_PANEL
        present = self.attendance(meeting_id, panel, day, profile.schedule.start, held=True)
        self.statements(meeting_id, profile, day)
        position = 0
        for child_id, story, grade, outcome in stories:
            position += 1
            self.discussed_item(
                meeting_id=meeting_id, profile=profile, day=day, position=position, child_id=child_id,
                present=present, grade=grade, outcome=outcome,
                open_actions=story.open_actions if story.open_actions and grade else 0,
                reason=story.reason,
            )  # fmt: skip
        for child_id in children:
            position += 1
            self.discussed_item(
                meeting_id=meeting_id,
                profile=profile,
                day=day,
                position=position,
                child_id=child_id,
                present=present,
            )

    def today_meeting(self, stories: list[tuple[_Story, int]]) -> int:
        day = self.today
        profile = self.drmm
        meeting_id = self.meeting(profile, day, status="planned", stage="attendance")
        self.attendance(meeting_id, data.DRMM_PANEL, day, profile.schedule.start, held=False)
        for position, (story, child_id) in enumerate(stories, start=1):
            item_id = self.plan.add(
                m.AgendaItem,
                meeting_id=meeting_id,
                child_id=child_id,
                meeting_date=day,
                profile=profile.key,
                position=position,
                referral_source=(
                    "police-report",
                    "intelligence",
                    "screening-tool",
                    "partner-referral",
                )[position % 4],
                exploitation_types=("cce", "cse", "cce,missing", "cse,missing", "financial")[
                    position % 5
                ],
                reason=story.reason,
                status="waiting",
                started_at=None,
                ended_at=None,
                deferred_reason="",
                deferred_from_id=None,
                quorum_override_reason="",
                late_change=False,
                added_at=_at(day, time(14), -60 * 24),
                removed_at=None,
            )
            if story.name == "Avery Imaginary":
                self.plan.add(
                    m.Conflict,
                    item_id=item_id,
                    person_id=self.person["Hal Pretendy"],
                    reason="Neighbour of the child's family.",
                    source="prepared",
                    declared_at=_at(day, time(15), -60 * 24),
                    left_at=None,
                    rejoined_at=None,
                )
        return meeting_id


def _concern_history(
    builder: _Builder, rng: random.Random, *, pool: list[int], first: date
) -> None:
    """Education settings, missing episodes, persons and locations of concern (R19, R21, R22).

    Settings go on the children already planned; persons and locations are linked to
    children of the random pool (never today's planted stories) and come up at the
    FORM meetings of the history, graded, with no actions.
    """
    plan, today = builder.plan, builder.today
    for row in plan.rows[m.Child]:
        row["education_setting"] = (
            rng.choice(data.EDUCATION_SETTINGS) if rng.random() < 0.85 else ""
        )
    # Missing episodes: some children now and then, and a few HIGH/MEDIUM children lately.
    span = max((today - first).days, 1)
    for child in rng.sample(pool, k=max(3, len(pool) // 7)):
        for _ in range(rng.randrange(1, 4)):
            start = first + timedelta(days=rng.randrange(span))
            _missing(builder, rng, child, start)
    recent = [
        row["child_id"]
        for row in plan.rows[m.Grading]
        if row["grade"] in ("HIGH", "MEDIUM")
        and row["child_id"] in set(pool)
        and today - timedelta(days=13) <= row["meeting_date"] < today
    ]
    for child in rng.sample(recent, k=min(3, len(recent))):
        _missing(builder, rng, child, today - timedelta(days=rng.randrange(1, 12)))
    years = max(1, span // 365)
    places = [(town, place) for place in data.CONCERN_PLACES for town in data.CONCERN_TOWNS]
    rng.shuffle(places)
    made = _at(first, time(9), -60 * 24 * 30)
    locations: list[int] = []
    for number, (town, (place, kind, where)) in enumerate(places[: 6 + 3 * years], start=1):
        locations.append(
            plan.add(
                m.ConcernLocation,
                ref=f"L{number:04d}-DEMO",
                name=f"{town} {place}",
                kind=kind,
                address=where,
                local_authority=rng.choice(data.LOCAL_AUTHORITIES),
                created_at=made,
            )
        )
    persons: list[int] = []
    for number in range(1, 4 + 2 * years + 1):
        name = f"{rng.choice(data.CONCERN_PERSON_FIRST)} {rng.choice(data.CONCERN_PERSON_LAST)}"
        persons.append(
            plan.add(
                m.ConcernPerson,
                ref=f"P{number:04d}-DEMO",
                name=name,
                aliases=rng.choice(("", "", f"{name.split()[0][0]}-Man", "Big " + name.split()[0])),
                areas=rng.choice(data.LOCAL_AUTHORITIES),
                police_ref=f"DP/PC{number:04d}/DEMO",
                created_at=made,
            )
        )
    for subject, column, relations in (
        (locations, "concern_location_id", data.LOCATION_LINKS),
        (persons, "concern_person_id", data.PERSON_LINKS),
    ):
        for ident in subject:
            for child in rng.sample(pool, k=rng.randrange(2, 6)):
                plan.add(
                    m.ConcernLink,
                    child_id=child,
                    **{"concern_person_id": None, "concern_location_id": None, column: ident},
                    relation=rng.choice(relations),
                    created_at=made,
                )
    _concern_items(builder, rng, locations=locations, persons=persons)


def _missing(builder: _Builder, rng: random.Random, child: int, start: date) -> None:
    days = rng.choice((0, 0, 1, 1, 2, 3, None))
    ended = (
        None
        if days is None or start + timedelta(days=days) >= builder.today
        else start + timedelta(days=days)
    )
    builder.plan.add(
        m.MissingEpisode,
        child_id=child,
        started_on=start,
        ended_on=ended,
        source=rng.choice(data.MISSING_SOURCES),
        note="",
        recorded_by="Exploitation coordinator (demo)",
        created_at=_at(start, time(18)),
    )


def _concern_items(
    builder: _Builder, rng: random.Random, *, locations: list[int], persons: list[int]
) -> None:
    """Locations and persons of concern discussed and graded at the past FORM meetings."""
    plan = builder.plan
    last_position: dict[int, int] = defaultdict(int)
    for row in plan.rows[m.AgendaItem]:
        last_position[row["meeting_id"]] = max(last_position[row["meeting_id"]], row["position"])
    forms = [
        row
        for row in plan.rows[m.Meeting]
        if row["profile"] == FORM and row["status"] == "finished"
    ]
    start = builder.form.schedule.start
    for meeting in forms:
        day: date = meeting["date"]
        subjects = [("location", lid) for lid in rng.sample(locations, k=rng.randrange(1, 3))]
        if rng.random() < 0.6:
            subjects.append(("person", rng.choice(persons)))
        for kind, ident in subjects:
            position = last_position[meeting["id"]] + 1
            last_position[meeting["id"]] = position
            begin = 8 + position * 4.5
            item = plan.add(
                m.AgendaItem,
                meeting_id=meeting["id"],
                subject_kind=kind,
                child_id=None,
                concern_person_id=ident if kind == "person" else None,
                concern_location_id=ident if kind == "location" else None,
                meeting_date=day,
                profile=FORM,
                position=position,
                referral_source=rng.choice(("intelligence", "partner-referral")),
                exploitation_types=rng.choice(("cce", "cse", "cce,cse")),
                reason="Reviewed at the fortnightly meeting (demo).",
                status="done",
                started_at=_at(day, start, begin),
                ended_at=_at(day, start, begin + 4),
                deferred_reason="",
                deferred_from_id=None,
                quorum_override_reason="",
                late_change=False,
                added_at=_at(day, time(12), -60 * 24),
                removed_at=None,
            )
            grade = rng.choices(("HIGH", "MEDIUM", "LOW"), weights=(30, 50, 20))[0]
            plan.add(
                m.Grading,
                item_id=item,
                child_id=None,
                meeting_date=day,
                profile=FORM,
                grade=grade,
                rationale=data.CONCERN_RATIONALES[grade],
                significant_new_risk=False,
                crime_identified=False,
                npa_managed=False,
                proposed_outcome="",
                outcome="",
                outcome_reason="",
                override_reason="",
                graded_at=_at(day, start, begin + 3),
            )
    if forms:
        _free_items(builder, forms[-1], position=last_position[forms[-1]["id"]])


# The latest FORM's other items (R19): one MPRU consideration, one piece of any other business.
DEMO_FREE_ITEMS = (
    ("mpru", "Testshire MPRU: return home interviews running late (demo)"),
    ("aob", "School holiday patrols around Sampleton parks (demo)"),
)


def _free_items(builder: _Builder, meeting: dict[str, Any], *, position: int) -> None:
    """One MPRU and one AOB item, discussed and closed, at the latest finished FORM."""
    day: date = meeting["date"]
    start = builder.form.schedule.start
    for offset, (section, title) in enumerate(DEMO_FREE_ITEMS, start=1):
        begin = 8 + (position + offset) * 4.5
        builder.plan.add(
            m.AgendaItem,
            meeting_id=meeting["id"], subject_kind="free", child_id=None,
            concern_person_id=None, concern_location_id=None, title=title,
            free_section=section, meeting_date=day, profile=FORM, position=position + offset,
            referral_source="free", exploitation_types="", reason="", status="done",
            started_at=_at(day, start, begin), ended_at=_at(day, start, begin + 3),
            deferred_reason="", deferred_from_id=None, quorum_override_reason="",
            late_change=False, added_at=_at(day, time(12), -60 * 24), removed_at=None,
        )  # fmt: skip


def _past_dates(today: date, *, years: int) -> list[date]:
    """Working days before today: the last ten, or ``years`` years of them."""
    days: list[date] = []
    day = today - timedelta(days=1)
    horizon = today - timedelta(days=int(365.25 * years)) if years else None
    while (horizon is None and len(days) < RECENT_WORKING_DAYS) or (
        horizon is not None and day > horizon
    ):
        if is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def _working_day_near(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _track_referrals(session: Session, today: date) -> None:
    """Earlier NPA referrals as a coordinator would have tracked them (R7).

    Those from more than a month ago were sent, answered and closed; later ones were
    sent the next day and await the NPA; the latest meeting's are still to be sent.
    """
    rows = session.exec(
        select(m.Grading, m.AgendaItem)
        .join(m.AgendaItem, col(m.AgendaItem.id) == col(m.Grading.item_id))
        .where(col(m.Grading.outcome).in_(("npa-referral", "npa-master-report")))
        .where(col(m.Grading.meeting_date) < today)
    ).all()
    if not rows:
        return
    latest = max(grading.meeting_date for grading, _ in rows)
    for grading, item in rows:
        day = grading.meeting_date
        if day == latest or item.id is None or grading.child_id is None:
            continue
        sent = day + timedelta(days=1)
        closed = today - day > timedelta(days=30)
        session.add(
            m.NpaReferral(
                item_id=item.id,
                child_id=grading.child_id,
                status="closed" if closed else "sent",
                npa="Testshire Central NPA",
                sent_on=sent,
                sent_by="Exploitation coordinator (demo)",
                outcome="Safeguarding visit made; intelligence logged" if closed else "",
                outcome_on=sent + timedelta(days=9) if closed else None,
                closed_on=sent + timedelta(days=12) if closed else None,
                created_at=datetime.combine(sent, time(12, 0), tzinfo=UTC),
            )
        )
    session.commit()


def seed_demo(
    session: Session,
    *,
    today: date,
    years: int = 0,
    seed: int = 20261123,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Write the demo hub into an empty store and commit."""
    if count_meetings(session):
        raise DemoError(
            "demo: this database already holds meetings; demo data only goes into an empty one. "
            "Choose a new file with --db."
        )
    rng = random.Random(seed)
    builder = _Builder(today, rng, per_day=BUSY_HUB_PER_DAY if years else 5)
    builder.agencies_and_people()

    stories = _stories()
    story_children = [(story, builder.child(story.name, story.dob_years)) for story in stories]
    planted: dict[date, list[tuple[int, _Story, str, str]]] = defaultdict(list)
    for story, child_id in story_children:
        for days_ago, grade, outcome in story.history:
            day = _working_day_near(today - timedelta(days=days_ago))
            planted[day].append((child_id, story, grade, outcome))

    dates = sorted(set(_past_dates(today, years=years)) | set(planted))
    pool_size = max(40, int(len(dates) * builder.per_day * 0.45))
    pool = builder.random_children(pool_size)
    for index, day in enumerate(dates):
        if progress and index % 250 == 0:
            progress(f"{day:%Y-%m}")
        count = rng.randrange(builder.per_day - 2, builder.per_day + 3)
        children = rng.sample(pool, k=min(count, len(pool)))
        builder.past_meeting(builder.drmm, day, children, planted.get(day, []))
        form = builder.form.schedule
        if falls_on(day, cadence=form.cadence, weekday=form.weekday, anchor=form.anchor):
            builder.past_meeting(builder.form, day, rng.sample(pool, k=4), [])

    today_id = builder.today_meeting(story_children)
    # After every other row is planned, with its own random numbers: the rows above (and
    # their ids) are the same as before these were added.
    _concern_history(
        builder, random.Random(seed + 1), pool=pool, first=dates[0] if dates else today
    )
    builder.plan.write(session)
    sync_id_sequences(session)  # the plan chose the ids; the database hands out the next ones
    session.commit()
    _track_referrals(session, today)
    rows = builder.plan.rows
    return DemoSummary(
        meetings=len(rows[m.Meeting]),
        children=len(rows[m.Child]),
        items=len(rows[m.AgendaItem]),
        actions=len(rows[m.Action]),
        today_meeting_id=today_id,
    )
