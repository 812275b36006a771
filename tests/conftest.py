"""Shared fixtures: every test gets its own data and config folders under tmp_path."""

from __future__ import annotations

import itertools
import signal
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mace_tui.access.service import who
from mace_tui.config import Settings, load_settings, prepare
from mace_tui.protection import open_store
from store.db import Store, dispose_engine
from tests.pgserver import TEMPLATE, PgServer, find_bin_dir

# The virtual microphone and the audio fixtures, registered once for every test
# folder (importing a session fixture into several modules makes one per module).
pytest_plugins = [
    "tests.audio.virtual_mic",
    "tests.audio.fixtures",
    "tests.audio.load",
    "tests.review.fixtures",
    "tests.machine_lock",
]

# A Monday; the demo's "today" in tests and snapshots.
DEMO_TODAY = date(2026, 11, 23)
DEMO_NOW = datetime(2026, 11, 23, 8, 45, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real home directory and settings."""
    for name in (
        "MACE_DB_URL",
        "MACE_PROFILE",
        "MACE_RECORDINGS_DIR",
        "MACE_EXPORT_DIR",
        "MACE_CACHE_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    # No test records from whatever microphone happens to be the default (the
    # virtual one of the audio tests, once set up): those that record name theirs.
    monkeypatch.setenv("MACE_AUDIO_DEVICE", "test-no-microphone")
    monkeypatch.setenv("MACE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MACE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))


# Test folders whose tests run on both backends (the store and the services over it):
# every test there that uses a store or settings runs once on SQLite, once on PostgreSQL.
BOTH_BACKENDS = ("store", "prep", "reports", "review", "services")
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: the test is about SQLite itself (files, pragmas, quickread)"
    )
    config.addinivalue_line(
        "markers", "empty_database: on PostgreSQL, start from an empty database, not migrated"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the store and service tests on SQLite and PostgreSQL."""
    if "backend" not in metafunc.fixturenames:
        return
    if any(
        mark.args and mark.args[0] == "backend"
        for mark in metafunc.definition.iter_markers("parametrize")
    ):
        return  # the test chose its backend itself
    folder = Path(str(metafunc.definition.path)).parent.name
    if folder not in BOTH_BACKENDS or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    metafunc.parametrize("backend", BACKENDS, indirect=True, scope="function")


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` unless the test is parametrised (``pytest_generate_tests``)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | None]:
    """A real PostgreSQL server for the whole run, always stopped; None when not installed.

    Its folder is its own (not pytest's numbered temp folders, which a concurrent run
    may prune while the server still uses them), removed when it stops.
    """
    bin_dir = find_bin_dir()
    if bin_dir is None:
        yield None
        return
    server = PgServer.start(bin_dir)
    # A run stopped with SIGTERM (a timeout, CI cancelling) still stops the server:
    # turned into KeyboardInterrupt, pytest runs the session's finalizers.
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        # A migrated template: each test's database is a copy of it (fast, and the same schema).
        url = server.createdb(TEMPLATE)
        Store.open(url).close()
        yield server
    finally:
        server.stop()
        if previous is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


_DB_NUMBERS = itertools.count(1)


@pytest.fixture
def pg_url(
    pg_server: PgServer | None, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test, set as MACE_DB_URL."""
    if pg_server is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (uv sync installs it with the dev group)")
    name = f"t{next(_DB_NUMBERS)}"
    empty = request.node.get_closest_marker("empty_database") is not None
    url = pg_server.createdb(name, template=None if empty else TEMPLATE)
    monkeypatch.setenv("MACE_DB_URL", url)
    yield url
    dispose_engine(url)
    pg_server.dropdb(name)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> str | None:
    """The PostgreSQL URL when the test runs on PostgreSQL; None for the SQLite default."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return None


@pytest.fixture
def settings(tmp_path: Path, db_url: str | None) -> Settings:
    """Settings on fresh folders, already created (on PostgreSQL when the backend says so)."""
    result = load_settings()
    prepare(result)
    return result


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """A freshly created store (an SQLite file, or a PostgreSQL database: ``backend``), sealed
    as the app seals it (audit key, anchor).

    Its first login (this account, every role) is made already, as on any store in use.
    """
    opened = open_store(settings)
    who(opened)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(settings: Settings) -> Iterator[Store]:
    """A store holding the demo hub, with today's DRMM on DEMO_TODAY."""
    from mace_tui.demo import seed_demo

    opened = open_store(settings)
    who(opened)
    with opened.session() as session:
        seed_demo(session, today=DEMO_TODAY)
    yield opened
    opened.close()
