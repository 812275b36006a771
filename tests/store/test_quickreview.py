"""The review list's quick read (sqlite3 alone) gives exactly what the store's query gives."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from mace_tui.config import Settings
from mace_tui.review.early_read import read_review
from mace_tui.review.integrity import verify_recording
from mace_tui.review.listing import find_recordings
from mace_tui.review.periods import retention_policy
from store.db import Store
from store.models import AgendaItem
from store.quickreview import review_rows as quick_rows
from store.recordings import add_recording, finish_recording
from store.review import ReviewFilter, mark_deleted, review_rows
from tests.conftest import DEMO_TODAY
from tests.review.fixtures import ACTOR, Recorded

pytestmark = pytest.mark.sqlite_only

AT = datetime(2026, 11, 23, 9, 3, 30, 123456, tzinfo=UTC)


def _store_rows(store: Store):
    with store.session() as session:
        return review_rows(session)


@pytest.fixture
def varied(recorded: Recorded, demo_store: Store, settings: Settings) -> None:
    """Beside the three children's recordings: checks passed and failed, a deleted file, the
    meeting's own recording (no item), ones still being made, and items about a person (two
    recordings) and a place, in older meetings."""
    first, second, third = recorded.rows
    verify_recording(demo_store, first.id, actor=ACTOR, config_dir=settings.config_dir)
    verify_recording(demo_store, second.id, actor=ACTOR, config_dir=settings.config_dir)
    recorded.path(1).write_bytes(b"not the recording")
    verify_recording(demo_store, second.id, actor=ACTOR, config_dir=settings.config_dir)
    with demo_store.session() as session:
        mark_deleted(session, recording_id=third.id, at=AT)
        session.commit()
        items = {
            kind: session.exec(
                select(AgendaItem).where(
                    col(getattr(AgendaItem, f"concern_{kind}_id")).is_not(None)
                )
            ).first()
            for kind in ("person", "location")
        }
        made = []
        # Two recordings of the person's item (a discussion recorded in two parts).
        for kind, item in [*items.items(), ("person-again", items["person"])]:
            assert item is not None and item.id is not None, kind
            made.append(
                add_recording(
                    session,
                    meeting_id=item.meeting_id,
                    item_id=item.id,
                    kind="child",
                    path=str(recorded.path(0).with_name(f"{kind}.wav")),
                    sample_rate=16_000,
                    channels=1,
                    first_frame=0,
                    started_at=AT - timedelta(days=30),
                )
            )
        finish_recording(
            session, recording_id=made[0], state="complete", frames=16_000, sha256="ab" * 32,
            ended_at=AT - timedelta(days=30, seconds=-1),
        )  # fmt: skip
        add_recording(
            session, meeting_id=recorded.meeting.id, item_id=None, kind="meeting",
            path=str(recorded.path(0).with_name("meeting.wav")), sample_rate=48_000,
            channels=2, first_frame=None, started_at=AT,
        )  # fmt: skip


def test_the_quick_list_is_the_stores(varied: None, demo_store: Store, settings: Settings) -> None:
    path = settings.sqlite_path
    assert path is not None
    slow = _store_rows(demo_store)
    assert len(slow) == 7
    # Every case is there: checks passed and failed, a deletion, no item, items about a person
    # and a place, a recording still being made.
    assert {r.verified for r in slow} == {True, False, None}
    assert "deleted" in {r.state for r in slow} and "recording" in {r.state for r in slow}
    assert any(r.item_id is None for r in slow)
    assert len({r.meeting_id for r in slow}) >= 2
    assert quick_rows(path) == slow


def test_the_helpers_list_is_the_one_the_screen_reads(
    varied: None, demo_store: Store, settings: Settings
) -> None:
    later = DEMO_TODAY + timedelta(days=20)
    kept = dataclasses.replace(settings, retention_days=10)
    days = retention_policy(kept)
    slow = find_recordings(
        demo_store, ReviewFilter(), state=None, expired_only=False, today=later, days=days
    )
    early = read_review(kept, today=later)
    assert early == slow
    assert early.expired == 6  # all but the deleted one: kept 10 days, read 20 days on
    assert [r.state for r in early.found].count("integrity failed") == 1


def test_another_schema_is_left_to_the_store(recorded: Recorded, settings: Settings) -> None:
    path = settings.sqlite_path
    assert path is not None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'older'")
    assert quick_rows(path) is None


def test_an_encrypted_store_is_read_quickly_with_its_key(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    from mace_tui.cipher import encrypt_store
    from mace_tui.review.early_read import quick_rows as helper_rows

    encrypt_store(settings, demo_store, user="tester")
    path = settings.sqlite_path
    assert path is not None
    assert quick_rows(path) is None  # without the key it is left to the store
    found = helper_rows(settings)  # the helper finds the key as the store does
    assert found is not None and len(found) == 3
    assert found == _store_rows(demo_store)
