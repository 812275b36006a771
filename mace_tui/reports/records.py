"""The action log as plain frozen records: what every renderer and the screen read (R11).

Nothing here touches the database; ``mace_tui.reports.action_log`` fills these
from the store once. The log knows its version (R20): amendments will issue
version 2, 3, … with a reason; until then every log is version 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from datetime import date, datetime

from store.frozen import record


@record
class MeetingInfo:
    """The meeting the log is for."""

    id: int
    profile_key: str
    profile_name: str
    short_name: str
    date: dt.date
    status: str
    chair: str
    scheduled_start: str
    scheduled_minutes: int
    started_at: datetime | None
    ended_at: datetime | None
    statements_confirmed_at: datetime | None
    rearranged_date: dt.date | None = None
    inquorate_reason: str = ""
    # Sectors or roles no one covered (filled for an inquorate meeting).
    missing: tuple[str, ...] = ()
    # Called off the profile's cadence on purpose (``prep --extraordinary``).
    extraordinary: bool = False
    # When someone leaving first left a core agency or required role with no one (R1).
    quorum_lost_at: datetime | None = None
    quorum_lost: tuple[str, ...] = ()

    @property
    def quorate(self) -> bool:
        """False when the meeting was recorded as inquorate (R1)."""
        return self.status != "inquorate"


@record
class Attendee:
    """One person on the meeting's attendance list."""

    name: str
    agency: str
    role: str
    status: str
    joined_at: datetime | None
    left_at: datetime | None
    deputy_for: str = ""
    walk_in: bool = False
    # Earlier times they left and came back, (left, back) (R1).
    breaks: tuple[tuple[datetime, datetime], ...] = ()


@record
class ConflictEntry:
    """A declared conflict of interest for one child, with leave and rejoin times (R3)."""

    person: str
    agency: str
    reason: str
    source: str
    declared_at: datetime | None
    left_at: datetime | None
    rejoined_at: datetime | None


@record
class NoteEntry:
    """A THRIVE note, attributed to an agency and marked fact or opinion (R5)."""

    section: str
    agency: str
    kind: str
    text: str


@record
class ChildRef:
    """Who an action is about, as the per-agency lists and the CSV show it."""

    ref: str = ""
    name: str = ""
    date_of_birth: date | None = None
    local_authority: str = ""
    police_ref: str = ""
    la_ref: str = ""
    # child, person or location (R22): each kind is shown with its own fields.
    kind: str = "child"
    # A person of concern's other names, separated by semicolons.
    aliases: str = ""
    # A location of concern's kind (premises, street-or-area, online) and address.
    place_kind: str = ""
    address: str = ""


@record
class ActionEntry:
    """One action agreed at the meeting (R8) or an information-sharing action (R9)."""

    id: int
    child: ChildRef
    kind: str
    text: str
    owner: str
    agency: str
    agency_key: str
    due: date | None
    agreed: bool
    status: str
    share_what: str = ""
    share_with: str = ""
    share_why: str = ""
    allocated_professional: bool = False
    # The child's number on the queue, for sorting ties; 0 for meeting-level actions.
    order: int = 0
    # A meeting-level action's topic at an actions-only meeting (R21); "" for the whole meeting.
    topic: str = ""
    # The disruption tactic of an action on a person or location of concern (R22).
    tactic: str = ""


@record
class CarriedAction:
    """An action from an earlier meeting and the update given at this one (R12)."""

    action: ActionEntry
    agreed_on: date
    previous_status: str
    new_status: str
    note: str
    given_by: str


@record
class RecordingRef:
    """Which audio file holds a discussion, and how to check it is intact (R10)."""

    id: int
    file_name: str
    duration_s: float | None
    sha256: str
    state: str
    # Audio a fault kept out: (seconds into the file, seconds lost, why).
    gaps: tuple[tuple[float, float, str], ...] = ()


@record
class ChildSection:
    """One child's discussion, as it happened."""

    order: int  # the number on the queue (as in the recordings); sections come in discussion order
    item_id: int
    position: int
    status: str
    child: ChildRef
    npa: str
    referral_source: str
    exploitation_types: tuple[str, ...]
    reason: str
    started_at: datetime | None
    ended_at: datetime | None
    conflicts: tuple[ConflictEntry, ...] = ()
    quorum_override_reason: str = ""
    # Overrides written and later cleared (quorum back, or the room changed): (reason, when).
    cleared_overrides: tuple[tuple[str, datetime], ...] = ()
    grade: str = ""
    rationale: str = ""
    proposed_outcome: str = ""
    outcome: str = ""
    outcome_reason: str = ""
    team_name: str = ""  # the named multi-agency team, for that outcome (R7)
    override_reason: str = ""
    notes: tuple[NoteEntry, ...] = ()
    # child, person or location (R22): the log has a section per kind.
    kind: str = "child"
    actions: tuple[ActionEntry, ...] = ()
    recordings: tuple[RecordingRef, ...] = ()
    deferred_reason: str = ""
    deferred_from: date | None = None
    # The later meeting a deferred child (or an inquorate meeting's queue) went to.
    moved_to: date | None = None
    # A free item's section ("mpru", "aob", R19); its title is ``child.name``.
    free_section: str = ""

    @property
    def deferred(self) -> bool:
        """True when the child was moved to the next meeting."""
        return self.status == "deferred"

    @property
    def outcome_overridden(self) -> bool:
        """True when the panel chose another outcome than the rules proposed."""
        return bool(self.override_reason) or (
            bool(self.proposed_outcome) and self.outcome != self.proposed_outcome
        )


@record
class Escalation:
    """An earlier action to raise with its agency's point of contact (R12): not done, or
    overdue at this meeting and the one before."""

    action: ActionEntry
    agreed_on: date
    # "not-done": said at this meeting; "overdue": already overdue at ``previous_meeting``.
    reason: str
    previous_meeting: date | None = None


@record
class AgencyActions:
    """What one agency takes away: its actions, soonest due first, its carried updates, and the
    actions to escalate to its point of contact."""

    key: str
    name: str
    actions: tuple[ActionEntry, ...]
    carried: tuple[CarriedAction, ...] = ()
    contact: str = ""
    escalations: tuple[Escalation, ...] = ()


@record
class Amendment:
    """An issued version after the first: why, what changed, who issued it and when (R20)."""

    number: int
    reason: str
    change: str
    issued_by: str
    issued_at: datetime


@record
class ActionLog:
    """Everything the action log says, ready to render."""

    meeting: MeetingInfo
    generated_at: datetime
    attendance: tuple[Attendee, ...]
    children: tuple[ChildSection, ...] = ()
    meeting_actions: tuple[ActionEntry, ...] = ()
    meeting_recordings: tuple[RecordingRef, ...] = ()
    carried: tuple[CarriedAction, ...] = ()
    agencies: tuple[AgencyActions, ...] = ()
    # Who must be told of an inquorate meeting: the chair and absent agencies' contacts.
    to_tell: tuple[str, ...] = ()
    # R20: room for amendments; a new version carries the reason it was issued.
    version: int = 1
    amendment_reason: str = ""
    # Every amendment up to this version, oldest first (empty for version 1).
    amendments: tuple[Amendment, ...] = ()
    # Set when the log was narrowed to one agency (the --agency export).
    agency_filter: str = ""
    notes_included: bool = True

    @property
    def version_label(self) -> str:
        """How every output names this version of the log."""
        return f"version {self.version}"

    @property
    def short_record(self) -> bool:
        """An inquorate meeting gets the short record: who came, who did not, when it sits again."""
        return not self.meeting.quorate

    @property
    def actions(self) -> tuple[ActionEntry, ...]:
        """Every action agreed at the meeting, children's in discussion order, then the meeting's."""
        return tuple(a for c in self.children for a in c.actions) + self.meeting_actions

    def agency(self, name_or_key: str) -> AgencyActions | None:
        """The agency whose key or name (any case) is ``name_or_key``, if it has anything here."""
        wanted = name_or_key.strip().casefold()
        for entry in self.agencies:
            if wanted in (entry.key.casefold(), entry.name.casefold()):
                return entry
        return None

    def for_agency(self, agency: AgencyActions) -> ActionLog:
        """The log narrowed to one agency: its actions and updates, no other child's details."""
        return replace(
            self,
            children=(),
            meeting_actions=(),
            meeting_recordings=(),
            carried=agency.carried,
            agencies=(agency,),
            agency_filter=agency.name,
        )

    def without_notes(self) -> ActionLog:
        """The log with the THRIVE notes left out (they are optional in a circulated copy)."""
        children = tuple(replace(c, notes=()) for c in self.children)
        return replace(self, children=children, notes_included=False)
