"""Research before the meeting (R23): the coordinator's record of what each agency sent.

Functions take a Session and plain values and return plain records; each edit
commits before it returns. Which asked agencies sent nothing is worked out
per subject here, for the preparation screen, the case list and the forms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from mace_tui.prep.fields import FieldError, one_line, parse_date
from store import research as store_research
from store.frozen import record
from store.research import AgencyName, NewResearch, ResearchRow

if TYPE_CHECKING:
    from store.db import Store

KINDS = {"fact": "fact", "f": "fact", "opinion": "opinion", "o": "opinion"}
KINDS.update({"professional opinion": "opinion", "prof opinion": "opinion"})
MAX_TEXT = 8000
MAX_CONTRIBUTOR = 200


@record
class Contribution:
    """One piece of research as the screens and reports show it."""

    id: int
    agency: str
    contributor: str
    kind: str
    text: str
    received: date
    meeting_date: date


@record
class AgencyResearch:
    """Everything one agency sent on one subject, oldest first."""

    agency: str
    entries: tuple[Contribution, ...]


@record
class AskedAgency:
    """An agency asked for research, and whether someone from it is invited to attend."""

    id: int
    name: str
    attending: bool


@record
class SubjectResearch:
    """The research on one agenda item: by agency, and the asked agencies that sent nothing."""

    item_id: int
    by_agency: tuple[AgencyResearch, ...]
    missing: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many contributions there are."""
        return sum(len(a.entries) for a in self.by_agency)


@record
class MeetingResearch:
    """The research for a whole queue: who was asked, and each item's research."""

    asked: tuple[AskedAgency, ...]
    agencies: tuple[AgencyName, ...]
    items: Mapping[int, SubjectResearch]

    def for_item(self, item_id: int) -> SubjectResearch:
        """One item's research (empty, with every asked agency missing, if none was sent)."""
        found = self.items.get(item_id)
        if found is not None:
            return found
        return SubjectResearch(item_id, (), tuple(a.name for a in self.asked))


def _contribution(row: ResearchRow) -> Contribution:
    return Contribution(
        id=row.id,
        agency=row.agency.name,
        contributor=row.contributor,
        kind=row.kind,
        text=row.text,
        received=row.received,
        meeting_date=row.meeting_date,
    )


def group_by_agency(rows: Sequence[ResearchRow]) -> tuple[AgencyResearch, ...]:
    """Contributions grouped by agency name, agencies in alphabetical order."""
    groups: dict[str, list[Contribution]] = {}
    for row in sorted(rows, key=lambda r: (r.agency.name.casefold(), r.received, r.id)):
        groups.setdefault(row.agency.name, []).append(_contribution(row))
    return tuple(AgencyResearch(name, tuple(entries)) for name, entries in groups.items())


def meeting_research(
    session: Session, *, meeting_id: int, item_ids: Sequence[int]
) -> MeetingResearch:
    """Who was asked for the meeting and what each queued item has (one unit of work)."""
    asked_rows = store_research.asked(session, meeting_id=meeting_id)
    attending = store_research.attending_agency_ids(session, meeting_id=meeting_id)
    asked = tuple(AskedAgency(a.id, a.name, a.id in attending) for a in asked_rows)
    rows = store_research.for_items(session, item_ids=item_ids)
    items: dict[int, SubjectResearch] = {}
    for item_id in item_ids:
        mine = [r for r in rows if r.item_id == item_id]
        sent = {r.agency.id for r in mine}
        missing = tuple(a.name for a in asked if a.id not in sent)
        items[item_id] = SubjectResearch(item_id, group_by_agency(mine), missing)
    return MeetingResearch(
        asked=asked, agencies=tuple(store_research.agencies(session)), items=items
    )


def reader(store: Store, *, meeting_id: int, item_id: int) -> Callable[[], SubjectResearch]:
    """A function that reads one item's research in its own session (for a thread worker)."""

    def read() -> SubjectResearch:
        with store.session() as session:
            found = meeting_research(session, meeting_id=meeting_id, item_ids=[item_id])
        return found.for_item(item_id)

    return read


# -- checking what was typed or imported ---------------------------------------------------


def parse_kind(text: str) -> str:
    """``fact`` or ``opinion`` from the word (or its first letter)."""
    value = one_line(text).lower()
    if not value:
        raise FieldError("kind", "is empty; write fact or opinion.")
    kind = KINDS.get(value)
    if kind is None:
        raise FieldError("kind", "is neither fact nor opinion; write one of those.")
    return kind


def check_text(text: str) -> str:
    """What the agency holds: required, kept as written (paragraphs included)."""
    value = text.strip()
    if not value:
        raise FieldError("text", "is empty; write what the agency holds on the subject.")
    if len(value) > MAX_TEXT:
        raise FieldError("text", f"is longer than {MAX_TEXT} characters; shorten it.")
    return value


def check_contributor(text: str) -> str:
    """Who sent it: a name or a team, required so the form can list it."""
    value = one_line(text)
    if not value:
        raise FieldError("person", "is empty; name who sent the research (a person or a team).")
    if len(value) > MAX_CONTRIBUTOR:
        raise FieldError("person", f"is longer than {MAX_CONTRIBUTOR} characters; shorten it.")
    return value


def check_received(text: str, *, meeting_date: date) -> date:
    """The day the research arrived: a real date, not after the meeting."""
    received = parse_date(text, field="received")
    if received > meeting_date:
        raise FieldError("received", "is after the meeting date; check the date.")
    return received


def check_contribution(
    *,
    item_id: int,
    agency_id: int | None,
    contributor: str,
    kind: str,
    text: str,
    received: str,
    meeting_date: date,
) -> tuple[NewResearch | None, list[FieldError]]:
    """Check one contribution field by field; every problem is returned, not just the first."""
    errors: list[FieldError] = []
    values: dict[str, object] = {}
    checks = (
        ("contributor", lambda: check_contributor(contributor)),
        ("kind", lambda: parse_kind(kind)),
        ("text", lambda: check_text(text)),
        ("received", lambda: check_received(received, meeting_date=meeting_date)),
    )
    if agency_id is None:
        errors.append(FieldError("agency", "is not chosen; pick the agency that sent it."))
    for name, check in checks:
        try:
            values[name] = check()
        except FieldError as exc:
            errors.append(exc)
    if errors or agency_id is None:
        return None, errors
    entry = NewResearch(
        item_id=item_id,
        agency_id=agency_id,
        contributor=str(values["contributor"]),
        kind=str(values["kind"]),
        text=str(values["text"]),
        received=values["received"],  # type: ignore[arg-type]
    )
    return entry, []


# -- edits: each one commits -----------------------------------------------------------------


def add_contribution(session: Session, entry: NewResearch, *, at: datetime) -> int:
    """Store one checked contribution; its id."""
    try:
        (research_id,) = store_research.add(session, [entry], at=at)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return research_id


def remove_contribution(session: Session, *, research_id: int) -> None:
    """Delete a contribution entered by mistake."""
    store_research.remove(session, research_id=research_id)
    session.commit()


def ask_agency(session: Session, *, meeting_id: int, agency_id: int, at: datetime) -> bool:
    """Record that an agency was asked for research; False when it already was."""
    added = store_research.ask(session, meeting_id=meeting_id, agency_id=agency_id, at=at)
    session.commit()
    return added


def unask_agency(session: Session, *, meeting_id: int, agency_id: int) -> None:
    """Forget that an agency was asked."""
    store_research.unask(session, meeting_id=meeting_id, agency_id=agency_id)
    session.commit()


__all__ = [
    "AgencyResearch",
    "AskedAgency",
    "Contribution",
    "MeetingResearch",
    "SubjectResearch",
    "add_contribution",
    "ask_agency",
    "check_contribution",
    "group_by_agency",
    "meeting_research",
    "parse_kind",
    "reader",
    "remove_contribution",
    "unask_agency",
]
