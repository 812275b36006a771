"""The store on a real SQLite file and a real PostgreSQL server: migrations, timestamps, checks."""

from __future__ import annotations

import shutil
import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from store import migrations
from store.db import Store, StoreError, dispose_engine
from store.models import Agency, Child, Grading, Meeting, metadata
from tests.ids import id_of


@pytest.mark.sqlite_only
def test_sqlite_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


@pytest.mark.sqlite_only
def test_database_file_is_private(settings, store: Store) -> None:
    with store.session() as session:
        session.add(Agency(key="a", name="A", sector="police"))
        session.commit()
    db = settings.sqlite_path
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600


@pytest.mark.sqlite_only
def test_existing_database_file_is_tightened(settings) -> None:
    db = settings.sqlite_path
    db.touch(mode=0o644)
    db.chmod(0o644)
    Store.open(settings.db_url).close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_one_engine_per_url(settings) -> None:
    first = Store.open(settings.db_url)
    second = Store.open(settings.db_url)
    assert first.engine is second.engine
    first.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with store.session() as session:
        session.add(Child(ref="C1", name="Test Child"))
        session.commit()
        session.add(
            Grading(
                item_id=999, child_id=1, meeting_date=date(2026, 1, 1), profile="x", grade="LOW"
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_grade_must_be_on_the_scale(store: Store) -> None:
    with store.session() as session:
        session.add(Meeting(profile="llr-drmm", date=date(2026, 1, 1)))
        session.commit()
        if store.engine.dialect.name == "sqlite":
            session.execute(text("PRAGMA foreign_keys=OFF"))
        session.add(
            Grading(
                item_id=1, child_id=1, meeting_date=date(2026, 1, 1), profile="x", grade="SEVERE"
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_timestamps_come_back_timezone_aware_in_utc(store: Store) -> None:
    plus_one = timezone(timedelta(hours=1))
    started = datetime(2026, 6, 1, 10, 0, tzinfo=plus_one)
    with store.session() as session:
        session.add(Meeting(profile="llr-drmm", date=date(2026, 6, 1), started_at=started))
        session.commit()
    with store.session() as session:
        meeting = session.get(Meeting, 1)
        assert meeting is not None
        assert meeting.started_at == started
        assert meeting.started_at.tzinfo == UTC
        assert meeting.created_at.tzinfo == UTC


def test_naive_timestamp_is_refused(store: Store) -> None:
    with store.session() as session:
        session.add(
            Meeting(profile="llr-drmm", date=date(2026, 6, 1), started_at=datetime(2026, 6, 1, 9))
        )
        with pytest.raises(StatementError, match="naive datetime"):
            session.commit()


def test_head_constant_matches_the_scripts(store: Store) -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config(store.engine))  # type: ignore[arg-type]
    assert script.get_current_head() == migrations.HEAD


def test_migrations_build_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), metadata
        )
    assert diff == []


@pytest.mark.empty_database
def test_fresh_database_is_created_and_reported(settings) -> None:
    opened = Store.open(settings.db_url)
    assert opened.report.created
    assert opened.report.message() == "Created a new, empty database."
    opened.close()
    again = Store.open(settings.db_url)
    assert again.report.message() is None
    assert migrations.current_revision(again.engine) == migrations.HEAD
    again.close()


def test_database_from_a_newer_version_is_refused(settings) -> None:
    opened = Store.open(settings.db_url)
    with opened.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    opened.close()
    with pytest.raises(
        StoreError, match="schema version 9999, which this version of mace-tui does not know"
    ):
        Store.open(settings.db_url)


SECOND_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.add_column(sa.Column("phone", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.drop_column("phone")
"""


def test_older_database_is_upgraded_and_says_so(settings, tmp_path: Path, monkeypatch) -> None:
    opened = Store.open(settings.db_url)
    with opened.session() as session:
        session.add(Agency(key="kept", name="Kept", sector="police"))
        session.commit()
    opened.close()
    # A later version of the app ships a second migration.
    newer = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "9001_phone.py").write_text(SECOND_REVISION.format(head=migrations.HEAD))
    monkeypatch.setattr(migrations, "HERE", newer)
    head = migrations.HEAD
    monkeypatch.setattr(migrations, "HEAD", "9001")
    upgraded = Store.open(settings.db_url)
    assert upgraded.report.upgraded
    assert upgraded.report.message() == f"Upgraded the database from version {head} to 9001."
    with upgraded.engine.connect() as conn:
        assert conn.execute(text("SELECT key, phone FROM agency")).all() == [("kept", None)]
    upgraded.close()


def test_downgraded_database_is_upgraded(settings) -> None:
    opened = Store.open(settings.db_url)
    command.downgrade(migrations.alembic_config(opened.engine), "base")  # type: ignore[arg-type]
    dispose_engine(settings.db_url)
    again = Store.open(settings.db_url)
    assert migrations.current_revision(again.engine) == migrations.HEAD
    assert again.report.created  # from no revision at all
    again.close()


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="holds tables this app did not create"):
        Store.open(f"sqlite:///{path}")


def test_every_store_has_its_own_id(tmp_path: Path) -> None:
    one = Store.open(f"sqlite:///{tmp_path / 'one.db'}")
    two = Store.open(f"sqlite:///{tmp_path / 'two.db'}")
    assert len(one.store_id) == 32 and one.store_id != two.store_id
    kept = one.store_id
    one.close()
    assert Store.open(f"sqlite:///{tmp_path / 'one.db'}").store_id == kept


def _populated(settings) -> None:
    """A store with rows that other tables point at (a meeting, its register)."""
    from datetime import date

    from store.models import Attendance, Meeting, Person

    opened = Store.open(settings.db_url)
    with opened.session() as session:
        agency = Agency(key="testshire-police", name="Testshire Police", sector="police")
        session.add(agency)
        session.flush()
        person = Person(name="Pat Placeholder", agency_id=id_of(agency))
        meeting = Meeting(profile="llr-drmm", date=date(2026, 12, 1))
        session.add_all([person, meeting])
        session.flush()
        session.add(Attendance(meeting_id=id_of(meeting), person_id=id_of(person)))
        session.commit()
    opened.close()


@pytest.mark.sqlite_only  # PRAGMA / sqlite_master: about SQLite itself
def test_a_populated_database_is_upgraded_through_every_migration(settings) -> None:
    _populated(settings)
    opened = Store.open(settings.db_url)
    command.downgrade(migrations.alembic_config(opened.engine), "0001")  # type: ignore[arg-type]
    dispose_engine(settings.db_url)
    again = Store.open(settings.db_url)
    assert again.report.upgraded
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM attendance")).scalar_one() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    again.close()


FAILING_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "9002"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("nickname", sa.String(40), nullable=True))
    raise RuntimeError("a migration that fails half-way")


def downgrade() -> None:
    pass
"""


@pytest.mark.sqlite_only  # PRAGMA / sqlite_master: about SQLite itself
def test_a_failed_upgrade_leaves_the_database_as_it_was(
    settings, tmp_path: Path, monkeypatch
) -> None:
    _populated(settings)
    newer = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "9002_fails.py").write_text(FAILING_REVISION.format(head=migrations.HEAD))
    head = migrations.HEAD
    monkeypatch.setattr(migrations, "HERE", newer)
    monkeypatch.setattr(migrations, "HEAD", "9002")
    with pytest.raises(StoreError):
        Store.open(settings.db_url)
    dispose_engine(settings.db_url)
    monkeypatch.setattr(migrations, "HERE", migrations.Path(migrations.__file__).parent)
    monkeypatch.setattr(migrations, "HEAD", head)
    kept = Store.open(settings.db_url)
    assert not kept.report.upgraded and not kept.report.created
    with kept.engine.connect() as conn:
        columns = [row[1] for row in conn.execute(text("PRAGMA table_info(person)"))]
        assert "nickname" not in columns
        assert conn.execute(text("SELECT count(*) FROM attendance")).scalar_one() == 1
    kept.close()
    assert not list(Path(settings.data_dir).glob("*.before-upgrade"))
