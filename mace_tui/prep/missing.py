"""Missing episodes on a child (R19): checked, recorded and listed while preparing.

The same checks serve the form on screen and the CSV import, so a date refused
in one is refused in the other for the same reason. A reason names the field,
never its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from mace_tui.prep.fields import FieldError, one_line, parse_date
from store.errors import UserError
from store.frozen import record
from store.models import Child, MissingEpisode

if TYPE_CHECKING:
    from store.db import Store

LABELS = {
    "started_on": "Date started",
    "ended_on": "Date ended",
    "source": "Source",
    "note": "Note",
    "child_ref": "MACE reference",
}
LIMITS = {"source": 120, "note": 2000}


class MissingError(UserError):
    """An episode that cannot be recorded; the message names the field and what to do."""


@record
class MissingDetails:
    """A checked episode, not yet recorded."""

    started_on: date
    ended_on: date | None
    source: str = ""
    note: str = ""


@record
class EpisodeRecord:
    """A recorded episode, as the screen lists it."""

    id: int
    started_on: date
    ended_on: date | None
    source: str
    note: str
    recorded_by: str

    @property
    def still_missing(self) -> bool:
        """True while no end date is recorded."""
        return self.ended_on is None


def _day(raw: Mapping[str, str], field: str, *, today: date) -> date:
    day = parse_date(raw.get(field, ""), field=field)
    if day > today:
        raise FieldError(field, "is in the future; give the day it happened.")
    return day


def check_episode(
    raw: Mapping[str, str], *, today: date, born: date | None = None
) -> tuple[MissingDetails | None, list[FieldError]]:
    """The episode typed or imported, checked; the details, or None and every problem."""
    errors: list[FieldError] = []
    started: date | None = None
    ended: date | None = None
    try:
        started = _day(raw, "started_on", today=today)
        if born is not None and started < born:
            raise FieldError("started_on", "is before the child's date of birth; check the year.")
    except FieldError as exc:
        errors.append(exc)
    if raw.get("ended_on", "").strip():
        try:
            ended = _day(raw, "ended_on", today=today)
            if started is not None and ended < started:
                raise FieldError("ended_on", "is before the date started; check both dates.")
        except FieldError as exc:
            errors.append(exc)
    texts: dict[str, str] = {}
    for field, limit in LIMITS.items():
        value = one_line(raw.get(field, "")) if field == "source" else raw.get(field, "").strip()
        if len(value) > limit:
            errors.append(FieldError(field, f"is {len(value)} characters; keep it to {limit}."))
        texts[field] = value
    if errors or started is None:
        return None, errors
    return MissingDetails(started, ended, texts["source"], texts["note"]), []


def child_born(session: Session, *, child_id: int) -> date | None:
    """The child's date of birth (for the check), or MissingError if no such child."""
    child = session.get(Child, child_id)
    if child is None:
        raise MissingError("child: this child is no longer recorded. Reload with r.")
    return child.date_of_birth


def add_episode(
    session: Session, *, child_id: int, details: MissingDetails, recorded_by: str, at: datetime
) -> int:
    """Record one episode (committed); its id."""
    child_born(session, child_id=child_id)
    episode = MissingEpisode(
        child_id=child_id,
        started_on=details.started_on,
        ended_on=details.ended_on,
        source=details.source,
        note=details.note,
        recorded_by=recorded_by,
        created_at=at,
    )
    session.add(episode)
    session.commit()
    assert episode.id is not None
    return episode.id


def end_episode(session: Session, *, episode_id: int, ended_on: date, today: date) -> None:
    """Record the day a child who was still missing came back (committed)."""
    episode = session.get(MissingEpisode, episode_id)
    if episode is None:
        raise MissingError("episode: it is no longer recorded. Reload with r.")
    if ended_on > today:
        raise MissingError(f"{LABELS['ended_on']}: is in the future; give the day it happened.")
    if ended_on < episode.started_on:
        raise MissingError(f"{LABELS['ended_on']}: is before the date started; check both dates.")
    episode.ended_on = ended_on
    session.add(episode)
    session.commit()


@record
class ChildEpisodes:
    """What the missing-episodes screen shows for one child."""

    child_id: int
    label: str
    born: date | None
    episodes: tuple[EpisodeRecord, ...]


def child_episodes(session: Session, *, child_id: int) -> ChildEpisodes:
    """The child's name and reference, date of birth and episodes (latest first)."""
    child = session.get(Child, child_id)
    if child is None:
        raise MissingError("child: this child is no longer recorded. Reload with r.")
    return ChildEpisodes(
        child_id,
        f"{child.name} ({child.ref})",
        child.date_of_birth,
        tuple(episodes(session, child_id=child_id)),
    )


def episodes(session: Session, *, child_id: int) -> list[EpisodeRecord]:
    """The child's episodes, latest first."""
    rows = session.exec(
        select(MissingEpisode)
        .where(MissingEpisode.child_id == child_id)
        .order_by(col(MissingEpisode.started_on).desc(), col(MissingEpisode.id).desc())
    )
    return [
        EpisodeRecord(e.id or 0, e.started_on, e.ended_on, e.source, e.note, e.recorded_by)
        for e in rows
    ]


def read_child_episodes(store: Store, *, child_id: int) -> ChildEpisodes:
    """The missing-episodes screen's child and episodes, in its own session."""
    with store.session() as session:
        return child_episodes(session, child_id=child_id)


def record_episode(
    store: Store, *, child_id: int, details: MissingDetails, recorded_by: str, at: datetime
) -> int:
    """Record one episode in its own session (committed); its id."""
    with store.session() as session:
        return add_episode(
            session, child_id=child_id, details=details, recorded_by=recorded_by, at=at
        )


def record_return(store: Store, *, episode_id: int, ended_on: date, today: date) -> None:
    """Record in its own session the day a child still missing came back (committed)."""
    with store.session() as session:
        end_episode(session, episode_id=episode_id, ended_on=ended_on, today=today)


__all__ = [
    "LABELS",
    "ChildEpisodes",
    "EpisodeRecord",
    "MissingDetails",
    "MissingError",
    "add_episode",
    "check_episode",
    "child_born",
    "child_episodes",
    "end_episode",
    "episodes",
    "read_child_episodes",
    "record_episode",
    "record_return",
]
