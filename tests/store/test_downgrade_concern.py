"""Going back below revision 0016 is refused while persons or locations are on an agenda.

The older schema holds only children; deleting those items (and their grades) to fit it
would lose discussions without a word, so the downgrade stops before changing anything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import cast

import pytest
from alembic import command
from alembic.config import Config
from sqlmodel import select

from store import migrations
from store.agenda import concern
from store.db import Store
from store.models import AgendaItem, Meeting

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def test_a_downgrade_that_would_drop_a_person_of_concern_is_refused(store: Store) -> None:
    with store.session() as s:
        meeting = Meeting(profile="llr-drmm", date=date(2026, 11, 23))
        s.add(meeting)
        s.commit()
        person = concern.create_person(s, name="Dale Testperson", at=AT)
        s.commit()
        concern.add_subject_item(
            s, meeting=meeting, kind="person", subject_id=person.id or 0, reason="Named",
            at=AT, late=False,
        )  # fmt: skip
        s.commit()
    config = cast(Config, migrations.alembic_config(store.engine))
    with pytest.raises(RuntimeError, match=r"1 agenda item.*persons or locations of concern"):
        command.downgrade(config, "0015")
    with store.session() as s:
        kinds = s.exec(select(AgendaItem.subject_kind)).all()
    assert kinds == ["person"]  # the item is still there, unchanged


def test_a_store_of_children_only_goes_back_and_up_again(store: Store) -> None:
    config = cast(Config, migrations.alembic_config(store.engine))
    command.downgrade(config, "0015")
    assert migrations.current_revision(store.engine) == "0015"
    command.upgrade(config, "head")
    assert migrations.current_revision(store.engine) == migrations.HEAD
