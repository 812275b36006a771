"""The audit log (R18, R27): append-only AuditEvent rows, chained, keyed and anchored.

Each event's hash is an HMAC-SHA256, under the store's audit key, of its own
fields and the previous event's hash. The key is kept outside the database (in
the config folder; see mace_tui/keystore.py), so someone who can write to the
database can neither forge an event nor edit one and recompute the chain. The
chain's length and head are also written outside the database, to an *anchor*
file, after every append and every clean check; so removing events from the
end, or every event, is found too. :func:`verify_chain` reports each problem by
kind. This module deliberately has no function that updates or deletes an event.

Appending takes the database's write lock before reading the previous hash
(the row is inserted first, then hashed, in one transaction), so two seats
appending at once cannot both chain onto the same event.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import field
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from pathlib import Path

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from store.errors import UserError
from store.frozen import record
from store.models import AuditEvent

# The "previous hash" of the first event.
GENESIS = "0" * 64
# Rows read at a time while verifying: the log may hold years of events.
_BATCH = 2000
# The key used when a store was opened without its seal (tests of other parts, old data):
# such events never pass a check made with the real key.
UNSEALED_KEY = b""
# How many problems a check lists before it stops looking.
_MAX_PROBLEMS = 200


class AuditKeyMissing(UserError):
    """Events exist but this machine has no audit key for the store; the message says what to do."""


@record
class AuditSeal:
    """What keys and anchors one store's audit chain: given by the app when it opens the store.

    ``key`` is None when the store already has events but the key is not on this
    machine: then nothing can be appended, and a check says so.
    """

    key: bytes | None
    anchor: Path | None
    key_source: str = "the audit key"


def _session_seal(session: Session) -> AuditSeal | None:
    seal = session.info.get("audit_seal")
    return seal if isinstance(seal, AuditSeal) else None


@record
class AuditRecord:
    """One stored audit event."""

    id: int
    at: datetime
    os_user: str
    action: str
    recording_id: int | None
    meeting_id: int | None
    detail: str
    reason: str
    prev_hash: str
    hash: str


def event_hash(
    *,
    id: int,
    at: datetime,
    os_user: str,
    action: str,
    recording_id: int | None,
    meeting_id: int | None,
    detail: str,
    reason: str,
    prev_hash: str,
    key: bytes = UNSEALED_KEY,
) -> str:
    """The HMAC-SHA256 (under ``key``) of an event's fields and the previous hash, 64 hex digits."""
    fields = [
        id,
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        os_user,
        action,
        recording_id,
        meeting_id,
        detail,
        reason,
        prev_hash,
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def _record(row: AuditEvent) -> AuditRecord:
    assert row.id is not None
    return AuditRecord(
        id=row.id,
        at=row.at,
        os_user=row.os_user,
        action=row.action,
        recording_id=row.recording_id,
        meeting_id=row.meeting_id,
        detail=row.detail,
        reason=row.reason,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def _lock_for_append(session: Session) -> None:
    """On PostgreSQL, serialise appenders; SQLite's first INSERT takes its write lock anyway."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE"))


def append_event(
    session: Session,
    *,
    action: str,
    os_user: str,
    at: datetime,
    recording_id: int | None = None,
    meeting_id: int | None = None,
    detail: str = "",
    reason: str = "",
) -> AuditRecord:
    """Add one event at the end of the chain and commit (with any other pending change).

    ``detail`` and ``reason`` must never hold a child's name: use the opaque reference.
    """
    if at.tzinfo is None:
        raise ValueError("at: audit times must carry a timezone")
    seal = _session_seal(session)
    if seal is not None and seal.key is None:
        raise AuditKeyMissing(
            f"audit log: {seal.key_source} for this store is not on this machine, so nothing "
            "can be written to the log. Restore it from your backup (see the README, Keys)."
        )
    key = seal.key if seal is not None and seal.key is not None else UNSEALED_KEY
    _lock_for_append(session)
    row = AuditEvent(
        at=at,
        os_user=os_user[:100],
        action=action[:40],
        recording_id=recording_id,
        meeting_id=meeting_id,
        detail=detail[:2000],
        reason=reason[:2000],
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    previous = session.exec(
        select(AuditEvent.hash)
        .where(col(AuditEvent.id) < row.id)
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    row.prev_hash = previous if previous is not None else GENESIS
    # Hash the values as they will read back (UTC, microseconds) so verify agrees.
    row.hash = event_hash(
        id=row.id,
        at=row.at,
        os_user=row.os_user,
        action=row.action,
        recording_id=row.recording_id,
        meeting_id=row.meeting_id,
        detail=row.detail,
        reason=row.reason,
        prev_hash=row.prev_hash,
        key=key,
    )
    session.add(row)
    count = session.exec(
        select(func.count()).select_from(AuditEvent).where(col(AuditEvent.id) <= row.id)
    ).one()
    session.commit()
    if seal is not None and seal.anchor is not None and seal.key is not None:
        # Not ahead of the commit: an anchor naming an event never committed reads as a log
        # cut short (inside all_or_nothing the commit comes at the block's end).
        from store.db import after_commit

        anchor = Anchor(events=count, last_id=row.id, last_hash=row.hash)
        after_commit(session, partial(write_anchor, seal, anchor))
    return _record(row)


def audit_events(
    session: Session,
    *,
    since: datetime | None = None,
    recording_id: int | None = None,
    limit: int | None = None,
) -> list[AuditRecord]:
    """Events in the order they were written, optionally from ``since`` or for one recording."""
    query = select(AuditEvent).order_by(col(AuditEvent.id))
    if since is not None:
        query = query.where(col(AuditEvent.at) >= since)
    if recording_id is not None:
        query = query.where(AuditEvent.recording_id == recording_id)
    if limit is not None:
        query = query.order_by(None).order_by(col(AuditEvent.id).desc()).limit(limit)
        return [_record(r) for r in reversed(session.exec(query).all())]
    return [_record(r) for r in session.exec(query)]


def audit_is_empty(session: Session) -> bool:
    """True when the log holds no event at all."""
    return session.exec(select(AuditEvent.id).limit(1)).first() is None


def _all_events(session: Session) -> Iterator[AuditRecord]:
    last = 0
    while True:
        rows = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.id) > last)
            .order_by(col(AuditEvent.id))
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            yield _record(row)
        last = rows[-1].id or last


@record
class Anchor:
    """The chain's length and head as last written or checked on this machine."""

    events: int
    last_id: int
    last_hash: str

    def _fields(self) -> list[object]:
        return [self.events, self.last_id, self.last_hash]


class AnchorUnreadable(Exception):
    """The anchor file is there but is not one this app wrote with this store's key."""


def _anchor_mac(key: bytes, anchor: Anchor) -> str:
    canonical = json.dumps(["anchor", *anchor._fields()], separators=(",", ":"))
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def read_anchor(seal: AuditSeal) -> Anchor | None:
    """The anchor, None if there is none yet; AnchorUnreadable if it was altered."""
    if seal.anchor is None or seal.key is None:
        return None
    try:
        raw = json.loads(seal.anchor.read_text(encoding="utf-8"))
        anchor = Anchor(int(raw["events"]), int(raw["last_id"]), str(raw["last_hash"]))
        mac = str(raw["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorUnreadable(str(seal.anchor)) from exc
    if not hmac.compare_digest(mac, _anchor_mac(seal.key, anchor)):
        raise AnchorUnreadable(str(seal.anchor))
    return anchor


def write_anchor(seal: AuditSeal, anchor: Anchor) -> None:
    """Move the anchor forward to ``anchor`` (never back), atomically, 0600.

    A failure to write it is not fatal: the event is committed, and the old anchor
    still vouches for every event up to its own head.
    """
    if seal.anchor is None or seal.key is None:
        return
    path = seal.anchor
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock_fd = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX)
            try:
                current = read_anchor(seal)
            except AnchorUnreadable:
                current = None  # a damaged anchor is reported by a check, then replaced
            if current is not None and current.last_id >= anchor.last_id:
                return
            body = {
                "events": anchor.events,
                "last_id": anchor.last_id,
                "last_hash": anchor.last_hash,
                "mac": _anchor_mac(seal.key, anchor),
            }
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(body, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        finally:
            os.close(lock_fd)


class Tamper(StrEnum):
    """Kinds of problem a check can find, in the words `mace-tui audit --verify` uses."""

    EDITED = "edited"  # an event's fields no longer match its keyed hash
    FORGED = "forged"  # an event whose hash was made without the key
    REMOVED = "removed"  # events missing from the middle of the chain
    RELINKED = "relinked"  # the link to the event before is wrong though no id is missing
    TRUNCATED = "truncated"  # events missing from the end (found by the anchor)
    EMPTIED = "emptied"  # every event removed (found by the anchor)
    REWRITTEN = "rewritten"  # the anchored head event is there but not as it was
    ANCHOR = "anchor"  # the anchor file itself was altered
    NO_KEY = "no-key"  # the key is not on this machine: nothing can be checked


@record
class ChainProblem:
    """One thing wrong with the chain: which event (None for the chain as a whole), kind, words."""

    event_id: int | None
    kind: Tamper
    text: str


@record
class ChainCheck:
    """The result of checking the whole chain."""

    events: int
    last_hash: str
    problems: tuple[ChainProblem, ...] = ()
    # False when this machine had no anchor yet (one is written now): an end cut off
    # before today cannot be told from here.
    anchored: bool = True
    notes: tuple[str, ...] = field(default=())
    # Events at the start of the log written before it was keyed (an older store upgraded):
    # hashed without a key, so only as safe as they were; the first keyed event's link and the
    # anchor fix them in place. An unkeyed event after a keyed one is forged.
    unkeyed: int = 0

    @property
    def ok(self) -> bool:
        """True when every event's hash and link are as written and the anchor agrees."""
        return not self.problems

    @property
    def bad_event_id(self) -> int | None:
        """The first event found wrong (None when intact or when the whole chain is at fault)."""
        return self.problems[0].event_id if self.problems else None

    @property
    def problem(self) -> str:
        """The first problem in words ("" when intact)."""
        return self.problems[0].text if self.problems else ""


def verify_chain(session: Session, *, seal: AuditSeal | None = None) -> ChainCheck:
    """Check every event's keyed hash and link, then the chain's end against the anchor.

    Every problem is listed (up to a limit), each with its kind, so a forged event,
    an edit, a removal in the middle and a cut-off end are told apart.
    """
    seal = seal or _session_seal(session)
    if seal is not None and seal.key is None:
        return ChainCheck(
            0,
            GENESIS,
            (
                ChainProblem(
                    None,
                    Tamper.NO_KEY,
                    f"{seal.key_source} for this store is not on this machine, so no "
                    "event can be checked; restore it from your backup",
                ),
            ),
        )
    key = seal.key if seal is not None and seal.key is not None else UNSEALED_KEY
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    previous_id = 0
    count = 0
    unkeyed = 0
    keyed_seen = False
    hashes_at: dict[int, str] = {}
    anchor: Anchor | None = None
    anchor_broken = False
    if seal is not None:
        try:
            anchor = read_anchor(seal)
        except AnchorUnreadable:
            anchor_broken = True
    for event in _all_events(session):
        count += 1
        if anchor is not None and event.id == anchor.last_id:
            hashes_at[event.id] = event.hash
        if event.prev_hash != expected_prev:
            if event.id != previous_id + 1:
                gone = (
                    f"event {previous_id + 1}"
                    if event.id == previous_id + 2
                    else f"events {previous_id + 1}–{event.id - 1}"
                )
                problems.append(
                    ChainProblem(
                        event.id, Tamper.REMOVED, f"{gone} removed before event {event.id}"
                    )
                )
            else:
                problems.append(
                    ChainProblem(
                        event.id,
                        Tamper.RELINKED,
                        f"event {event.id}: its link to event {previous_id} does not match "
                        "(an event was inserted, reordered, or changed with its hash recomputed)",
                    )
                )
        recomputed = event_hash(
            id=event.id,
            at=event.at,
            os_user=event.os_user,
            action=event.action,
            recording_id=event.recording_id,
            meeting_id=event.meeting_id,
            detail=event.detail,
            reason=event.reason,
            prev_hash=event.prev_hash,
            key=key,
        )
        if hmac.compare_digest(recomputed, event.hash):
            keyed_seen = True
        else:
            if _is_unkeyed(event) and not keyed_seen and key != UNSEALED_KEY:
                unkeyed += 1  # written before the log was keyed (an older version)
            elif _is_unkeyed(event):
                problems.append(
                    ChainProblem(
                        event.id,
                        Tamper.FORGED,
                        f"event {event.id}: its hash was made without the audit key (forged, "
                        "or edited and recomputed)",
                    )
                )
            else:
                problems.append(
                    ChainProblem(
                        event.id,
                        Tamper.EDITED,
                        f"event {event.id}: its contents do not match its keyed hash (edited "
                        "after it was written)",
                    )
                )
        expected_prev = event.hash
        previous_id = event.id
        if len(problems) >= _MAX_PROBLEMS:
            break
    if anchor_broken and seal is not None:
        problems.append(
            ChainProblem(
                None,
                Tamper.ANCHOR,
                f"the anchor file {seal.anchor} was altered or damaged, so a cut-off end "
                "cannot be ruled out",
            )
        )
    elif anchor is not None:
        if count == 0:
            problems.append(
                ChainProblem(
                    None,
                    Tamper.EMPTIED,
                    f"every event was removed: the anchor records {anchor.events} events, "
                    "the log now holds none",
                )
            )
        elif previous_id < anchor.last_id:
            problems.append(
                ChainProblem(
                    None,
                    Tamper.TRUNCATED,
                    f"the last events were removed: the anchor records {anchor.events} events "
                    f"up to event {anchor.last_id}; the log now ends at event {previous_id}",
                )
            )
        elif hashes_at.get(anchor.last_id) != anchor.last_hash:
            problems.append(
                ChainProblem(
                    anchor.last_id,
                    Tamper.REWRITTEN,
                    f"event {anchor.last_id}: not the event the anchor recorded as the head "
                    "(the chain was rewritten)",
                )
            )
    anchored = anchor is not None or count == 0
    notes: tuple[str, ...] = ()
    if seal is not None and seal.anchor is not None and not problems:
        if anchor is None and count:
            notes = (
                "This machine had no anchor for this log yet; one is written now. "
                "Events removed from the end before today cannot be detected from here.",
            )
        if count:
            write_anchor(seal, Anchor(events=count, last_id=previous_id, last_hash=expected_prev))
    return ChainCheck(count, expected_prev, tuple(problems), anchored, notes, unkeyed)


def log_is_unkeyed(session: Session) -> bool:
    """True when the log holds events and every one was hashed without a key, links intact:
    a store from before the log was keyed, which may be given its key now."""
    expected_prev = GENESIS
    count = 0
    for event in _all_events(session):
        count += 1
        if event.prev_hash != expected_prev or not _is_unkeyed(event):
            return False
        expected_prev = event.hash
    return count > 0


def anchor_head(session: Session, seal: AuditSeal) -> None:
    """Write the anchor for the log's current head (a log just given its key)."""
    last = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(1)).first()
    if last is None or last.id is None:
        return
    count = session.exec(select(func.count()).select_from(AuditEvent)).one()
    write_anchor(seal, Anchor(events=count, last_id=last.id, last_hash=last.hash))


def _fields(event: AuditRecord) -> list[object]:
    return [
        event.id,
        event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        event.os_user,
        event.action,
        event.recording_id,
        event.meeting_id,
        event.detail,
        event.reason,
        event.prev_hash,
    ]


def _plain_sha256(event: AuditRecord) -> str:
    """The old, unkeyed hash: what anyone can compute without the key."""
    canonical = json.dumps(_fields(event), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _is_unkeyed(event: AuditRecord) -> bool:
    """True when the event's hash is one anyone can compute: the old SHA-256, or no key."""
    return event.hash in (_plain_sha256(event), _with_key(event, UNSEALED_KEY))


def _with_key(event: AuditRecord, key: bytes) -> str:
    canonical = json.dumps(_fields(event), ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
