"""The tables of the store: the meeting's own nouns, one class each.

Enumerated values are plain strings (see ``store.vocab``) so the same schema
runs on SQLite and PostgreSQL. Tables the history queries read carry
``child_id`` directly rather than reaching it through a join: measured, the
join was ten times slower.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, Index, MetaData, UniqueConstraint, false
from sqlalchemy import text as sql_text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from store.states import (
    ActionStatus,
    AttendanceStatus,
    ItemStatus,
    LocationKind,
    MeetingStage,
    MeetingStatus,
    RecordingState,
    one_of,
    one_subject_or_free,
)
from store.types import UTCDateTime, utcnow

# Stable constraint names, so migrations can alter tables on SQLite (batch mode).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def _version() -> Any:
    """A row's version: 1 when made, one more at every update (R25).

    SQLAlchemy's ``version_id_col`` writes ``UPDATE … WHERE version = <as read>``, so a
    seat saving a row another seat has changed since it was read updates nothing and is
    refused, never a silent overwrite.
    """
    return Field(default=1, sa_column_kwargs={"server_default": sql_text("1")})


class Versioned:
    """Rows two seats may both edit: every update checks and moves the version (R25)."""

    @declared_attr  # type: ignore[arg-type]
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    """A timezone-aware timestamp column."""
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True, index=index)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=index)


class StoreInfo(SQLModel, table=True):
    """The store's own identity: one row, written when the schema is created (R27).

    Recordings and keys carry ``store_id`` so that one store never adopts, plays or
    deletes another's files, even when both share a recordings folder.
    """

    __tablename__ = "store_info"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(primary_key=True)  # always 1 (the check)
    store_id: str = Field(max_length=32)
    created_at: dt.datetime = _ts(nullable=False)


class Agency(SQLModel, table=True):
    """An organisation taking part: a police force, a health trust, a council's children's services."""

    __tablename__ = "agency"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=60)
    name: str = Field(max_length=200)
    # How the agency is named in tight columns, e.g. "TP" for Testshire Police (R26).
    short_name: str = Field(default="", max_length=40)
    # What the agency counts as for quorum: police, health, childrens-services, ...
    sector: str = Field(max_length=40, index=True)
    # The agency's point of contact for MACE escalations (told when a meeting is inquorate).
    contact: str = Field(default="", max_length=300)
    # Made inactive instead of deleted: earlier meetings keep its name (R26).
    active: bool = Field(default=True)


class Person(SQLModel, table=True):
    """A professional who attends or is invited: member, deputy, chair, minute taker."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    title: str = Field(default="", max_length=200)
    # The part the person plays in meetings; profiles may require one (e.g. minute-taker).
    role: str = Field(default="member", max_length=40)
    email: str = Field(default="", max_length=300)
    active: bool = Field(default=True)


class NamedDeputy(SQLModel, table=True):
    """A person named in the directory to stand in for a member (R1, R26)."""

    __tablename__ = "named_deputy"
    __table_args__ = (UniqueConstraint("member_id", "deputy_id", name="member_deputy"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="person.id", index=True)
    deputy_id: int = Field(foreign_key="person.id", index=True)


class PanelMember(SQLModel, table=True):
    """Someone normally invited to every meeting of a profile: its standing panel (R26)."""

    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("profile", "person_id", name="profile_person"),)

    id: int | None = Field(default=None, primary_key=True)
    profile: str = Field(max_length=60, index=True)
    person_id: int = Field(foreign_key="person.id", index=True)


class HubProfile(SQLModel, table=True):
    """A meeting profile this hub runs, chosen at set-up (R26)."""

    __tablename__ = "hub_profile"

    profile: str = Field(primary_key=True, max_length=60)
    added_at: dt.datetime = _ts(nullable=False)


class Child(SQLModel, table=True):
    """A child discussed at MACE meetings."""

    __tablename__ = "child"

    id: int | None = Field(default=None, primary_key=True)
    # Opaque reference for file names and logs: never the child's name (R18).
    ref: str = Field(unique=True, max_length=20)
    name: str = Field(max_length=200, index=True)
    date_of_birth: dt.date | None = Field(default=None, index=True)
    local_authority: str = Field(default="", max_length=120)
    police_ref: str = Field(default="", max_length=60, index=True)
    la_ref: str = Field(default="", max_length=60, index=True)
    npa: str = Field(default="", max_length=120)
    # The school, college or other education setting the child attends, in words (R21's
    # data pack counts the settings that feature in referrals).
    education_setting: str = Field(
        default="", max_length=200, sa_column_kwargs={"server_default": ""}
    )
    created_at: dt.datetime = _ts(nullable=False)


class MissingEpisode(SQLModel, table=True):
    """A dated episode of a child going missing (R19: the FORM looks at recent ones)."""

    __tablename__ = "missing_episode"
    __table_args__ = (CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates"),)

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    started_on: dt.date = Field(index=True)
    # Empty while the child is still missing.
    ended_on: dt.date | None = None
    # Where the episode was reported from (a police log number, "imported", ...).
    source: str = Field(default="", max_length=120)
    note: str = Field(default="", max_length=2000)
    recorded_by: str = Field(default="", max_length=200)
    created_at: dt.datetime = _ts(nullable=False)


class ConcernPerson(SQLModel, table=True):
    """A person of concern: someone suspected of exploiting children (R22)."""

    __tablename__ = "concern_person"

    id: int | None = Field(default=None, primary_key=True)
    # Opaque reference for file names and logs: never the person's name (R18).
    ref: str = Field(unique=True, max_length=20)
    name: str = Field(max_length=200, index=True)
    # Other names the person is known by, separated by semicolons.
    aliases: str = Field(default="", max_length=1000)
    date_of_birth: dt.date | None = None
    # Known addresses or areas, in words.
    areas: str = Field(default="", max_length=2000)
    police_ref: str = Field(default="", max_length=60, index=True)
    created_at: dt.datetime = _ts(nullable=False)


class ConcernLocation(SQLModel, table=True):
    """A location of concern: premises, a street or area, or an online space (R22)."""

    __tablename__ = "concern_location"
    __table_args__ = (CheckConstraint(one_of("kind", LocationKind), name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, max_length=20)
    name: str = Field(max_length=200, index=True)
    # premises, street-or-area, online
    kind: str = Field(max_length=20)
    # A postal address, or a description where there is none (an online space).
    address: str = Field(default="", max_length=2000)
    local_authority: str = Field(default="", max_length=120)
    created_at: dt.datetime = _ts(nullable=False)


class ConcernLink(SQLModel, table=True):
    """A child linked to a person or a location of concern, and what the link is (R22)."""

    __tablename__ = "concern_link"
    __table_args__ = (
        CheckConstraint(
            "(concern_person_id IS NULL) <> (concern_location_id IS NULL)", name="one_subject"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    concern_person_id: int | None = Field(default=None, foreign_key="concern_person.id", index=True)
    concern_location_id: int | None = Field(
        default=None, foreign_key="concern_location.id", index=True
    )
    # What the link is, in words: "seen with", "goes to", "recruited by", ...
    relation: str = Field(max_length=100)
    created_at: dt.datetime = _ts(nullable=False)


class Meeting(SQLModel, table=True):
    """One sitting of a meeting profile on one date."""

    __tablename__ = "meeting"
    __table_args__ = (
        UniqueConstraint("profile", "date", name="profile_date"),
        Index("ix_meeting_profile_date", "profile", "date"),
        CheckConstraint(one_of("status", MeetingStatus), name="status"),
        CheckConstraint(one_of("stage", MeetingStage), name="stage"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile: str = Field(max_length=60)
    date: dt.date
    # planned, in-progress, finished, inquorate, cancelled
    status: str = Field(default=MeetingStatus.PLANNED, max_length=20, index=True)
    # attendance, statements, carry-over, cases, ended: where the chair left off
    stage: str = Field(default=MeetingStage.ATTENDANCE, max_length=20)
    chair_id: int | None = Field(default=None, foreign_key="person.id")
    scheduled_start: str = Field(default="09:00", max_length=5)
    scheduled_minutes: int = Field(default=60)
    started_at: dt.datetime | None = _ts()
    ended_at: dt.datetime | None = _ts()
    statements_confirmed_at: dt.datetime | None = _ts()
    rearranged_date: dt.date | None = None
    inquorate_reason: str = Field(default="", max_length=2000)
    current_item_id: int | None = Field(default=None)
    # Called off the profile's cadence on purpose (e.g. `prep --extraordinary`); marked everywhere.
    extraordinary: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: dt.datetime = _ts(nullable=False)


class StatementConfirmation(SQLModel, table=True):
    """The chair's confirmation that one opening statement was read (R4)."""

    __tablename__ = "statement_confirmation"
    __table_args__ = (UniqueConstraint("meeting_id", "statement_key", name="meeting_statement"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    statement_key: str = Field(max_length=60)
    confirmed_at: dt.datetime = _ts(nullable=False)


class Attendance(SQLModel, table=True):
    """A person's presence at a meeting, with join and leave times (R1)."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id", name="meeting_person"),
        CheckConstraint(one_of("status", AttendanceStatus), name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    # expected, present, absent, left
    status: str = Field(default="expected", max_length=20)
    deputy_for_id: int | None = Field(default=None, foreign_key="person.id")
    invited: bool = Field(default=True)
    walk_in: bool = Field(default=False)
    joined_at: dt.datetime | None = _ts()
    left_at: dt.datetime | None = _ts()


class PresenceBreak(SQLModel, table=True):
    """A time someone left the meeting and came back (R1).

    ``attendance.left_at`` holds only the latest leaving; each return keeps the
    earlier leaving here, so the register and the log can say "left 09:40, back 09:55".
    """

    __tablename__ = "presence_break"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    left_at: dt.datetime = _ts(nullable=False)
    back_at: dt.datetime = _ts(nullable=False)


class ClearedOverride(SQLModel, table=True):
    """A per-child quorum override that stopped standing, with its reason (R2).

    ``agenda_item.quorum_override_reason`` holds the override in force; clearing it
    (quorum back, or the room changed) keeps the reason written here.
    """

    __tablename__ = "cleared_override"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id", index=True)
    reason: str = Field(default="", max_length=2000)
    cleared_at: dt.datetime = _ts(nullable=False)


class ProposalDrop(SQLModel, table=True):
    """An entry of the FORM proposal (R19) the coordinator dropped when accepting it: shown
    dropped, not ticked, when the proposal is opened again for the same meeting."""

    __tablename__ = "proposal_drop"
    __table_args__ = (
        UniqueConstraint("meeting_id", "subject_kind", "subject_id", name="meeting_subject"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    subject_kind: str = Field(max_length=20)
    subject_id: int
    dropped_by: str = Field(default="", max_length=200)
    dropped_at: dt.datetime = _ts(nullable=False)


class AgendaItem(Versioned, SQLModel, table=True):
    """A subject on a meeting's queue, and the discussion of it (R22).

    The subject is a child, a person of concern or a location of concern:
    ``subject_kind`` says which, and exactly the one column of that kind is
    filled (the ``subject`` check). A free item (MPRU considerations, any other
    business) has no subject but a title and a section.
    """

    __tablename__ = "agenda_item"
    __table_args__ = (
        Index("ix_agenda_item_meeting_position", "meeting_id", "position"),
        Index("ix_agenda_item_child_meeting_date", "child_id", "meeting_date"),
        Index("ix_agenda_item_person_meeting_date", "concern_person_id", "meeting_date"),
        Index("ix_agenda_item_location_meeting_date", "concern_location_id", "meeting_date"),
        # The monthly data pack (R21) reads a month of referrals, or of one kind of subject.
        Index("ix_agenda_item_profile_meeting_date", "profile", "meeting_date"),
        Index("ix_agenda_item_kind_meeting_date", "subject_kind", "meeting_date"),
        CheckConstraint(one_of("status", ItemStatus), name="status"),
        CheckConstraint(one_subject_or_free(), name="subject"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    # child, person, location
    subject_kind: str = Field(
        default="child", max_length=20, sa_column_kwargs={"server_default": "child"}
    )
    child_id: int | None = Field(default=None, foreign_key="child.id")
    concern_person_id: int | None = Field(default=None, foreign_key="concern_person.id")
    concern_location_id: int | None = Field(default=None, foreign_key="concern_location.id")
    # A free item (subject_kind "free", R19): its title and section ("mpru" or "aob").
    title: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    free_section: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    # Copied from the meeting so history reads one table.
    meeting_date: dt.date
    profile: str = Field(max_length=60)
    position: int
    # police-report, intelligence, screening-tool, partner-referral, deferred
    referral_source: str = Field(default="police-report", max_length=40)
    # comma-separated: cse, cce, trafficking, missing, financial
    exploitation_types: str = Field(default="", max_length=200)
    reason: str = Field(default="", max_length=4000)
    # waiting, in-discussion, done, deferred, removed
    status: str = Field(default="waiting", max_length=20)
    started_at: dt.datetime | None = _ts()
    ended_at: dt.datetime | None = _ts()
    deferred_reason: str = Field(default="", max_length=2000)
    deferred_from_id: int | None = Field(default=None, foreign_key="agenda_item.id")
    # Set when a per-child quorum failure was overridden (R2); shown in the action log.
    quorum_override_reason: str = Field(default="", max_length=2000)
    # What the override was written for: the missing sectors and roles, sorted, comma-separated.
    # It stands only while the child's gaps are among these (R2). "" on an override written
    # before this column existed: not known, so it stands as it did then.
    quorum_override_gaps: str = Field(
        default="", max_length=1000, sa_column_kwargs={"server_default": ""}
    )
    late_change: bool = Field(default=False)
    added_at: dt.datetime = _ts(nullable=False)
    removed_at: dt.datetime | None = _ts()
    version: int = _version()


class Conflict(SQLModel, table=True):
    """A person's conflict of interest for one child's discussion (R3)."""

    __tablename__ = "conflict"
    __table_args__ = (UniqueConstraint("item_id", "person_id", name="item_person"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    reason: str = Field(default="", max_length=1000)
    # prepared (by the coordinator), asked (at the start of the child), raised (mid-discussion)
    source: str = Field(default="prepared", max_length=20)
    declared_at: dt.datetime = _ts(nullable=False)
    left_at: dt.datetime | None = _ts()
    rejoined_at: dt.datetime | None = _ts()


class ThriveNote(Versioned, SQLModel, table=True):
    """One note in a THRIVE section, attributed to an agency, fact or opinion (R5)."""

    __tablename__ = "thrive_note"
    __table_args__ = (
        CheckConstraint("kind IN ('fact', 'opinion')", name="kind"),
        Index("ix_thrive_note_item_section", "item_id", "section"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id")
    # threat, harm, risk, investigation, vulnerabilities, engagement
    section: str = Field(max_length=20)
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    kind: str = Field(default="fact", max_length=10)
    text: str = Field(default="")
    created_at: dt.datetime = _ts(nullable=False)
    updated_at: dt.datetime = _ts(nullable=False)
    version: int = _version()


class Grading(Versioned, SQLModel, table=True):
    """The panel's risk grade, rationale and outcome for one discussion (R6, R7)."""

    __tablename__ = "grading"
    __table_args__ = (
        CheckConstraint("grade IN ('HIGH', 'MEDIUM', 'LOW')", name="grade"),
        Index("ix_grading_child_grade_date", "child_id", "grade", "meeting_date"),
        # The monthly data pack (R21) reads the gradings of a span of months.
        Index("ix_grading_meeting_date", "meeting_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id", unique=True)
    # Empty when the subject is a person or a location of concern (R22).
    child_id: int | None = Field(default=None, foreign_key="child.id")
    meeting_date: dt.date
    profile: str = Field(max_length=60)
    grade: str = Field(max_length=10)
    rationale: str = Field(default="")
    significant_new_risk: bool = Field(default=False)
    crime_identified: bool = Field(default=False)
    npa_managed: bool = Field(default=False)
    # The routing the rules proposed, and what was decided.
    proposed_outcome: str = Field(default="", max_length=40)
    outcome: str = Field(default="", max_length=40)
    outcome_reason: str = Field(default="", max_length=2000)
    override_reason: str = Field(default="", max_length=2000)
    # The named multi-agency team, when that is the outcome (R7).
    team_name: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    graded_at: dt.datetime = _ts(nullable=False)
    version: int = _version()


class Action(Versioned, SQLModel, table=True):
    """A SMART action agreed at a meeting (R8), or an information-sharing action (R9)."""

    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_child_status", "child_id", "status"),
        Index("ix_action_profile_status_date", "profile", "status", "meeting_date"),
        CheckConstraint(one_of("status", ActionStatus), name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id", index=True)
    child_id: int | None = Field(default=None, foreign_key="child.id")
    meeting_date: dt.date
    profile: str = Field(max_length=60)
    # action, info-share
    kind: str = Field(default="action", max_length=20)
    text: str = Field(default="")
    owner: str = Field(default="", max_length=200)
    owner_person_id: int | None = Field(default=None, foreign_key="person.id")
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    due: dt.date | None = None
    agreed: bool = Field(default=False)
    share_what: str = Field(default="", max_length=2000)
    share_with: str = Field(default="", max_length=500)
    share_why: str = Field(default="", max_length=2000)
    allocated_professional: bool = Field(default=False)
    # open, in-progress, complete, not-possible, not-done
    status: str = Field(default="open", max_length=20)
    # A meeting-level action's theme at an actions-only meeting (R21); "" for the whole meeting.
    topic: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    # The disruption tactic an action on a person or location of concern names (R22).
    tactic: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    created_at: dt.datetime = _ts(nullable=False)
    updated_at: dt.datetime = _ts(nullable=False)
    version: int = _version()


class ActionReview(SQLModel, table=True):
    """A carried-over action's update given at a later meeting (R12)."""

    __tablename__ = "action_review"

    __table_args__ = (CheckConstraint(one_of("status", ActionStatus), name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    status: str = Field(max_length=20)
    note: str = Field(default="", max_length=2000)
    given_by_id: int | None = Field(default=None, foreign_key="person.id")
    reviewed_at: dt.datetime = _ts(nullable=False)


class Recording(SQLModel, table=True):
    """An audio file: one child's discussion, or the meeting's introductions and AOB (R10)."""

    __tablename__ = "recording"
    __table_args__ = (CheckConstraint(one_of("state", RecordingState), name="state"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id", index=True)
    # child, meeting, external
    kind: str = Field(default="child", max_length=20)
    path: str = Field(max_length=1000)
    sample_rate: int = Field(default=16_000)
    channels: int = Field(default=1)
    frames: int | None = None
    duration_s: float | None = None
    sha256: str = Field(default="", max_length=64)
    # recording, complete, recovered, missing, failed, deleted
    state: str = Field(default="recording", max_length=20, index=True)
    # Index of the first frame in the meeting's capture stream.
    first_frame: int | None = None
    # The store that made the file (R27): its folder is ``store-<store_id>``.
    store_id: str = Field(default="", max_length=32, sa_column_kwargs={"server_default": ""})
    paused_s: float = Field(default=0.0)
    started_at: dt.datetime = _ts(nullable=False)
    ended_at: dt.datetime | None = _ts()


class RecordingPause(SQLModel, table=True):
    """A pause in a child's recording, e.g. a sensitive aside."""

    __tablename__ = "recording_pause"

    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", index=True)
    paused_at: dt.datetime = _ts(nullable=False)
    resumed_at: dt.datetime | None = _ts()
    reason: str = Field(default="", max_length=500)


class Login(SQLModel, table=True):
    """An operating-system account that may use the app, and its roles (R18).

    ``roles`` holds role names separated by commas (coordinator, chair,
    minute-taker, admin); ``person_id`` links the account to someone in the
    directory when known.
    """

    __tablename__ = "login"

    id: int | None = Field(default=None, primary_key=True)
    os_account: str = Field(unique=True, max_length=100)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    roles: str = Field(default="", max_length=200)
    created_at: dt.datetime = _ts(nullable=False)


class RecordingGap(SQLModel, table=True):
    """Audio missing from a recording through a fault, not a choice (R10).

    ``at_s`` is where in the file the gap falls (0 for a gap before a segment
    that a retry opened); ``lost_s`` how long it is; ``reason`` what happened,
    in plain words. A pause (the chair's choice) is a RecordingPause instead.
    """

    __tablename__ = "recording_gap"

    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", index=True)
    at_s: float = Field(default=0.0)
    lost_s: float = Field(default=0.0)
    reason: str = Field(default="", max_length=300)
    noted_at: dt.datetime = _ts(nullable=False)


class SeatLease(SQLModel, table=True):
    """Who holds a meeting's chair seat, and when that seat last said it is alive (R25).

    One row per meeting and role. A seat renews ``heartbeat_at`` every few seconds; a
    lease not renewed for ``store.seats.LEASE_SECONDS`` is free, so a seat killed
    without closing never locks the meeting.
    """

    __tablename__ = "seat_lease"
    __table_args__ = (UniqueConstraint("meeting_id", "role", name="meeting_role"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    role: str = Field(default="chair", max_length=20)
    # Who, in words: the login and the machine ("sam on hub-pc-2").
    holder: str = Field(max_length=200)
    # The holding seat's own id (``Store.seat``): only it renews or gives up the lease.
    seat: str = Field(max_length=32)
    # Where the holding process runs: a process on this machine that is gone frees it at once.
    host: str = Field(default="", max_length=200)
    pid: int = Field(default=0)
    taken_at: dt.datetime = _ts(nullable=False)
    heartbeat_at: dt.datetime = _ts(nullable=False)


class ResearchRequest(SQLModel, table=True):
    """An agency asked to send research on every subject of a meeting's queue (R23).

    Whether it attends or only contributes follows from the invitations: an
    agency none of whose people is invited is a contributing agency.
    """

    __tablename__ = "research_request"
    __table_args__ = (UniqueConstraint("meeting_id", "agency_id", name="meeting_agency"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    asked_at: dt.datetime = _ts(nullable=False)


class Research(SQLModel, table=True):
    """What one agency holds on one agenda item's subject, sent before the meeting (R23).

    Keyed by the agenda item, so any kind of subject can have research; ``child_id``
    is copied for the child's history (empty for subjects that are not children).
    """

    __tablename__ = "research"
    __table_args__ = (
        CheckConstraint("kind IN ('fact', 'opinion')", name="kind"),
        Index("ix_research_child_received", "child_id", "received"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id", index=True)
    child_id: int | None = Field(default=None, foreign_key="child.id")
    agency_id: int = Field(foreign_key="agency.id")
    # Who sent it, as they signed it: contributors need not be in the directory.
    contributor: str = Field(default="", max_length=200)
    kind: str = Field(default="fact", max_length=10)
    text: str = Field(default="")
    received: dt.date
    created_at: dt.datetime = _ts(nullable=False)


class NpaReferral(SQLModel, table=True):
    """A referral to the neighbourhood policing area for one child's discussion (R7).

    Made when the coordinator first edits or records the drafted form; ``text`` is the
    form as the coordinator checked it (empty: the draft as built from the discussion).
    The referral moves draft → sent (date, to which NPA, by whom) → outcome (the NPA's
    answer, with its rationale for work not done) → closed.
    """

    __tablename__ = "npa_referral"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'sent', 'outcome', 'closed')", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id", unique=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    status: str = Field(default="draft", max_length=20, index=True)
    text: str = Field(default="")
    edited_by: str = Field(default="", max_length=200)
    edited_at: dt.datetime | None = _ts()
    npa: str = Field(default="", max_length=120)
    sent_on: dt.date | None = None
    sent_by: str = Field(default="", max_length=200)
    outcome: str = Field(default="", max_length=2000)
    outcome_rationale: str = Field(default="", max_length=2000)
    outcome_on: dt.date | None = None
    closed_on: dt.date | None = None
    created_at: dt.datetime = _ts(nullable=False)


class LogVersion(SQLModel, table=True):
    """An issued version of a meeting's action log, kept exactly as issued (R20).

    Version 1 is the log as it stood when first amended (or issued); each
    amendment adds the next number with its reason, what changed, who and when.
    ``content`` is the Markdown as issued: earlier versions are read back, never rebuilt.
    """

    __tablename__ = "log_version"
    __table_args__ = (UniqueConstraint("meeting_id", "number", name="meeting_number"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    number: int
    reason: str = Field(default="", max_length=2000)
    change: str = Field(default="", max_length=4000)
    issued_by: str = Field(default="", max_length=200)
    issued_at: dt.datetime = _ts(nullable=False)
    content: str = Field(default="")


class AuditEvent(SQLModel, table=True):
    """An access to a recording or record, chained by hash so tampering shows (R18)."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = _ts(nullable=False, index=True)
    os_user: str = Field(max_length=100)
    # playback, export, verify, delete, split, ...
    action: str = Field(max_length=40)
    recording_id: int | None = Field(default=None, foreign_key="recording.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    detail: str = Field(default="", max_length=2000)
    reason: str = Field(default="", max_length=2000)
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


__all__ = [
    "Action",
    "ActionReview",
    "Agency",
    "AgendaItem",
    "Attendance",
    "AuditEvent",
    "Child",
    "ConcernLink",
    "ConcernLocation",
    "ConcernPerson",
    "Conflict",
    "Grading",
    "HubProfile",
    "LogVersion",
    "Login",
    "Meeting",
    "NamedDeputy",
    "NpaReferral",
    "PanelMember",
    "Person",
    "Recording",
    "RecordingGap",
    "RecordingPause",
    "Research",
    "ResearchRequest",
    "SeatLease",
    "StatementConfirmation",
    "StoreInfo",
    "ThriveNote",
    "metadata",
]
