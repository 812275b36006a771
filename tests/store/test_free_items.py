"""Free agenda items (R19): MPRU considerations and any other business, on SQLite and PostgreSQL.

A free item has no subject but a title and a section; an item about a subject has no
title. The check holds that in the database; the store functions refuse bad input with
a message naming the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import cast

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store import agenda, migrations, queries
from store.agenda import AgendaError
from store.db import Store
from store.models import AgendaItem, Child, Meeting
from tests.ids import id_of

DAY = date(2026, 12, 2)
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def hub(store: Store) -> Iterator[tuple[Session, Meeting, Child]]:
    with store.session() as s:
        child = Child(ref="C-TEST0001", name="Ellis Examplewood")
        meeting = Meeting(profile="llr-form", date=DAY)
        s.add_all([child, meeting])
        s.commit()
        yield s, meeting, child


# (kind, child filled, title, section) → may be stored
FREE_RULE = [
    ("free", False, "Testshire MPRU referral pathway", "mpru", True),
    ("free", False, "Half-term patrols", "aob", True),
    ("free", False, "", "aob", False),  # no title
    ("free", False, "Half-term patrols", "", False),  # no section
    ("free", False, "Half-term patrols", "minutes", False),  # not a free section
    ("free", True, "Half-term patrols", "aob", False),  # a free item has no subject
    ("child", True, "Half-term patrols", "", False),  # a child's item has no title
    ("child", True, "", "aob", False),  # nor a section
    ("child", True, "", "", True),
]


@pytest.mark.parametrize(("kind", "child", "title", "section", "allowed"), FREE_RULE)
def test_an_item_is_one_subject_or_a_free_item_with_a_title(
    hub: tuple[Session, Meeting, Child],
    kind: str,
    child: bool,
    title: str,
    section: str,
    allowed: bool,
) -> None:
    s, meeting, who = hub
    item = AgendaItem(
        meeting_id=id_of(meeting), subject_kind=kind, meeting_date=DAY, profile="llr-form",
        position=1, child_id=who.id if child else None, title=title, free_section=section,
        added_at=AT,
    )  # fmt: skip
    s.add(item)
    if allowed:
        s.commit()
        assert item.id is not None
    else:
        with pytest.raises(IntegrityError):
            s.commit()
        s.rollback()


def test_free_items_sit_last_mpru_before_aob_and_show_on_the_queue(
    hub: tuple[Session, Meeting, Child],
) -> None:
    s, meeting, child = hub
    agenda.add_free_item(s, meeting=meeting, section="aob", title="Half-term patrols", at=AT, late=False)  # fmt: skip
    agenda.add_free_item(s, meeting=meeting, section="mpru", title="  MPRU   pathway ", at=AT, late=False)  # fmt: skip
    agenda.add_item(s, meeting=meeting, child_id=id_of(child), referral_source="review",
                    exploitation_types="cce", reason="HIGH", at=AT, late=False)  # fmt: skip
    s.commit()
    queue = queries.meeting_queue(s, meeting_id=id_of(meeting))
    # A child added after them goes at the end; the FORM proposal orders sections when accepted.
    assert [(e.name, e.subject_kind, e.free_section) for e in queue] == [
        ("MPRU pathway", "free", "mpru"),
        ("Half-term patrols", "free", "aob"),
        ("Ellis Examplewood", "child", ""),
    ]
    assert queue[0].is_free and queue[0].child_ref == "" and not queue[2].is_free


TITLE_RULE = [
    ("", "title: a free item needs a title"),
    ("   ", "title: a free item needs a title"),
    ("x" * 201, "title: at most 200 characters"),
]


@pytest.mark.parametrize(("title", "message"), TITLE_RULE)
def test_a_bad_title_is_refused_naming_the_field_not_the_text(
    hub: tuple[Session, Meeting, Child], title: str, message: str
) -> None:
    s, meeting, _ = hub
    with pytest.raises(AgendaError, match=message) as raised:
        agenda.add_free_item(s, meeting=meeting, section="aob", title=title, at=AT, late=False)
    assert "xxxx" not in str(raised.value)
    assert s.exec(select(AgendaItem)).all() == []


def test_a_free_item_is_retitled_moved_and_removed(hub: tuple[Session, Meeting, Child]) -> None:
    s, meeting, _ = hub
    item = agenda.add_free_item(s, meeting=meeting, section="aob", title="Patrols", at=AT, late=False)  # fmt: skip
    s.commit()
    agenda.retitle_free_item(s, item_id=id_of(item), title="Half-term patrols", section="mpru")
    s.commit()
    assert (item.title, item.free_section) == ("Half-term patrols", "mpru")
    with pytest.raises(AgendaError, match="section:"):
        agenda.retitle_free_item(s, item_id=id_of(item), title="x", section="later")
    with pytest.raises(AgendaError, match="title:"):
        agenda.retitle_free_item(s, item_id=id_of(item), title="")
    s.rollback()
    agenda.remove_item(s, item_id=id_of(item), at=AT, late=False)
    s.commit()
    assert queries.meeting_queue(s, meeting_id=id_of(meeting)) == []
    agenda.restore_item(s, item_id=id_of(item), late=False)
    s.commit()
    assert [e.name for e in queries.meeting_queue(s, meeting_id=id_of(meeting))] == [
        "Half-term patrols"
    ]


def test_going_back_below_0021_is_refused_while_a_free_item_exists(store: Store) -> None:
    with store.session() as s:
        meeting = Meeting(profile="llr-form", date=DAY)
        s.add(meeting)
        s.commit()
        agenda.add_free_item(s, meeting=meeting, section="aob", title="Patrols", at=AT, late=False)  # fmt: skip
        s.commit()
    config = cast(Config, migrations.alembic_config(store.engine))
    with pytest.raises(RuntimeError, match=r"1 agenda item.*free items"):
        command.downgrade(config, "0020")
    # Later revisions may have gone back one by one; 0021 itself stood, free items and all.
    assert migrations.current_revision(store.engine) in ("0021", migrations.HEAD)
    with store.session() as s:
        # The title alone: a later revision's column (0024) may have gone with it.
        assert list(s.exec(select(AgendaItem.title))) == ["Patrols"]


def test_a_store_without_free_items_goes_back_to_0020_and_up_again(store: Store) -> None:
    config = cast(Config, migrations.alembic_config(store.engine))
    command.downgrade(config, "0020")
    assert migrations.current_revision(store.engine) == "0020"
    command.upgrade(config, "head")
    assert migrations.current_revision(store.engine) == migrations.HEAD


def test_a_deferred_free_item_goes_to_the_next_meeting_with_its_title_and_open_actions(
    hub: tuple[Session, Meeting, Child],
) -> None:
    from store import actions, carryover, discussion

    s, meeting, _ = hub
    later = Meeting(profile="llr-form", date=date(2026, 12, 16))
    s.add(later)
    s.commit()
    item = agenda.add_free_item(s, meeting=meeting, section="mpru", title="MPRU pathway", at=AT, late=False)  # fmt: skip
    s.commit()
    discussion.begin(s, item_id=id_of(item), at=AT)
    actions.save_action(
        s, action_id=None, item_id=id_of(item), meeting_id=id_of(meeting), kind="action",
        text="Write to the MPRU lead", owner="Lou Specimen", owner_person_id=None,
        agency_id=None, due=date(2026, 12, 10), agreed=True, at=AT,
    )  # fmt: skip
    s.commit()
    discussion.defer(s, item_id=id_of(item), reason="Lead away", to_meeting_id=id_of(later), at=AT)
    queue = queries.meeting_queue(s, meeting_id=id_of(later))
    assert [(e.name, e.subject_kind, e.free_section) for e in queue] == [
        ("MPRU pathway", "free", "mpru")
    ]
    carried = carryover.meeting_carryover(s, meeting_id=id_of(later))
    assert [c.text for c in carried] == ["Write to the MPRU lead"]


def test_two_other_items_on_one_queue_never_share_a_title(
    hub: tuple[Session, Meeting, Child],
) -> None:
    """Removed, then added again, then the removed one put back: two items with one title
    could not be told apart in the log; each step that would make the pair is refused."""
    s, meeting, _ = hub

    def add(title: str, section: str = "aob") -> AgendaItem:
        item = agenda.add_free_item(
            s, meeting=meeting, section=section, title=title, at=AT, late=False
        )
        s.commit()
        return item

    first = add("Half-term patrols")
    with pytest.raises(AgendaError, match=r"^title: an other item with this title") as raised:
        add("half-term  PATROLS", "mpru")
    assert "patrols" not in str(raised.value).casefold()
    s.rollback()
    other = add("School holiday plans")
    with pytest.raises(AgendaError, match=r"^title:"):
        agenda.retitle_free_item(s, item_id=id_of(other), title="Half-term patrols")
    s.rollback()
    agenda.retitle_free_item(s, item_id=id_of(first), title="Half-term patrols", section="mpru")
    agenda.remove_item(s, item_id=id_of(first), at=AT, late=False)
    s.commit()
    again = add("Half-term patrols")
    with pytest.raises(AgendaError, match=r"^queue: an other item with this title"):
        agenda.restore_item(s, item_id=id_of(first), late=False)
    s.rollback()
    titles = [e.name for e in queries.meeting_queue(s, meeting_id=id_of(meeting))]
    assert sorted(titles) == ["Half-term patrols", "School holiday plans"]
    # Once the new one has another title, the removed one can come back.
    agenda.retitle_free_item(s, item_id=id_of(again), title="Half-term patrols (north)")
    agenda.restore_item(s, item_id=id_of(first), late=False)
    s.commit()
    assert len(queries.meeting_queue(s, meeting_id=id_of(meeting))) == 3
