"""Links made during a discussion (R22): a child with a person or location of concern.

The chair links the subject under discussion with another on the same queue (by its
position) or with a new person or location, saying what the link is; a link made in
error is removed; a linked subject on the same queue is one key away. A linked subject
not on the queue is described by its role, never named (research scope), unless an
information-sharing action covers it (``mace_tui.rules.research_scope``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from store.errors import UserError
from store.frozen import record

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.db import Store

_NEW = re.compile(r"^(person|location)\s*:\s*(?P<name>[^;]+?)\s*;\s*(?P<relation>.+)$", re.I)
_ON_QUEUE = re.compile(r"^(?P<position>\d+)\s+(?P<relation>.+)$")


class LinkError(UserError):
    """A link line that cannot be used; the message says what to type."""


@record
class LinkWanted:
    """What the chair typed: a queue position, or a new person or location; and the relation."""

    relation: str
    position: int | None = None
    new_kind: str = ""
    new_name: str = ""


@record
class LinkRow:
    """One link of the subject under discussion, as the chair sees it."""

    link_id: int
    text: str
    # The linked subject's agenda item on this queue (None: not on it).
    item_id: int | None


HOW = (
    "Type a queue position and the link (“3 seen with”), or a new person or location: "
    "“person: name; recruited by” or “location: name; goes to”."
)


def parse_link(line: str, *, subject_kind: str) -> LinkWanted:
    """Read a link line; LinkError naming what is missing (the typed words are not repeated)."""
    text = " ".join(line.split())
    found = _ON_QUEUE.match(text)
    if found:
        return LinkWanted(relation=found["relation"], position=int(found["position"]))
    found = _NEW.match(text)
    if found:
        if subject_kind != "child":
            raise LinkError(
                "link: a person or location links with a child; give the child's queue position."
            )
        return LinkWanted(
            relation=found["relation"], new_kind=found[1].lower(), new_name=found["name"]
        )
    raise LinkError(f"link: {HOW}")


def discussion_links(store: Store, *, item_id: int) -> list[LinkRow]:
    """The links of the item's subject; the other end named only when on the same queue."""
    with store.session() as session:
        return _links(session, item_id=item_id)


def _links(session: Session, *, item_id: int) -> list[LinkRow]:
    from mace_tui.prep.concern import link_lines, shares_in_force
    from store import agenda, queries
    from store.agenda import concern

    item = agenda.get_item(session, item_id=item_id)
    kind, subject_id, _ = concern.subject_of(session, item)
    queue = queries.meeting_queue(session, meeting_id=item.meeting_id)
    items = {(e.subject_kind, e.subject_id): e.item_id for e in queue}
    rows = concern.links(
        session,
        child_ids=[subject_id] if kind == "child" else [],
        person_ids=[subject_id] if kind == "person" else [],
        location_ids=[subject_id] if kind == "location" else [],
    )
    shares = shares_in_force(session, meeting_id=item.meeting_id)
    texts = link_lines(rows, seen_from=kind, on_agenda=set(items), shares=shares)
    found = []
    for row, text in zip(rows, texts, strict=True):
        other = ("child", row.child_id) if kind != "child" else (row.subject_kind, row.subject_id)
        found.append(LinkRow(link_id=row.id, text=text, item_id=items.get(other)))
    return found


def add_link(store: Store, *, item_id: int, wanted: LinkWanted, at: datetime) -> None:
    """Make the link (and the new person or location), committed; LinkError if it cannot be."""
    with store.session() as session:
        _add_link(session, item_id=item_id, wanted=wanted, at=at)


def _add_link(session: Session, *, item_id: int, wanted: LinkWanted, at: datetime) -> None:
    from mace_tui.prep.concern import link_on_queue
    from store import agenda, queries
    from store.agenda import concern

    item = agenda.get_item(session, item_id=item_id)
    if wanted.position is not None:
        queue = queries.meeting_queue(session, meeting_id=item.meeting_id)
        other = next((e for e in queue if e.position == wanted.position), None)
        if other is None:
            raise LinkError(f"link: no subject at queue position {wanted.position}.")
        if (other.subject_kind == "child") == (item.subject_kind == "child"):
            raise LinkError("link: a link joins a child with a person or a location of concern.")
        link_on_queue(
            session, item_id=item_id, other_item_id=other.item_id, relation=wanted.relation, at=at
        )
        return
    assert item.child_id is not None
    if wanted.new_kind == "person":
        subject = concern.create_person(session, name=wanted.new_name, at=at)
        subject_id = subject.id
    else:
        # Its kind and address can be completed in preparation; "street or area" until then.
        made = concern.create_location(session, name=wanted.new_name, kind="street-or-area", at=at)
        subject_id = made.id
    assert subject_id is not None
    concern.link(
        session,
        child_id=item.child_id,
        kind=wanted.new_kind,
        subject_id=subject_id,
        relation=wanted.relation,
        at=at,
    )
    session.commit()


def remove_link(store: Store, *, link_id: int) -> None:
    """Remove a link made in error (committed)."""
    from store.agenda import concern

    with store.session() as session:
        concern.unlink(session, link_id=link_id)
        session.commit()


__all__ = [
    "HOW",
    "LinkError",
    "LinkRow",
    "LinkWanted",
    "add_link",
    "discussion_links",
    "parse_link",
    "remove_link",
]
