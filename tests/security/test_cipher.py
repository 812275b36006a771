"""The database encrypted with SQLCipher (R27): real encrypted files on disk, opened by every
command with the key kept apart from the data; a copied data folder alone reveals nothing."""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import text

from mace_tui.cipher import database_key, encrypt_store, id_file, read_id_file
from mace_tui.cli import main
from mace_tui.config import Settings, load_settings
from mace_tui.keystore import KEYRING_SERVICE, key_path, keyring_name
from mace_tui.protection import open_store
from store import migrations
from store.cipher import is_encrypted
from store.db import Store, StoreError, dispose_engine
from store.models import Agency
from tests.security.test_keyring import MemoryKeyring

pytestmark = pytest.mark.sqlite_only  # SQLCipher encrypts SQLite files

SAMPLE = Path(__file__).parents[1] / "data" / "directory.csv"
NAMES = (b"Testshire Police", b"Exampleton Health")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mace_tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def plain_sqlite_refuses(path: Path) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()


def folder_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def encrypted_with_directory(settings: Settings) -> Path:
    """`mace-tui encrypt` on a new install, then the directory imported: the scripted set-up."""
    made = run_cli("encrypt")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Encrypted the database {settings.sqlite_path}; its key is ")
    imported = run_cli("directory", "--import", str(SAMPLE))
    assert imported.returncode == 0, imported.stderr
    assert settings.sqlite_path is not None
    return settings.sqlite_path


def test_a_scripted_install_encrypts_and_every_command_opens_it(settings: Settings) -> None:
    path = encrypted_with_directory(settings)
    plain_sqlite_refuses(path)
    data = folder_bytes(settings.data_dir)
    assert not any(name in data for name in NAMES)
    store_id = read_id_file(path)
    assert store_id is not None
    key = key_path(settings.config_dir, store_id, "database")
    assert key.stat().st_mode & 0o777 == 0o600
    assert (
        key.read_text().strip().encode() not in data and bytes.fromhex(key.read_text()) not in data
    )
    assert not str(key).startswith(str(settings.data_dir))
    # Other commands open it as they would a plain one.
    exported = run_cli("directory", "--export", str(settings.data_dir.parent / "dir.csv"))
    assert exported.returncode == 0, exported.stderr
    assert "Testshire Police" in (settings.data_dir.parent / "dir.csv").read_text()
    verified = run_cli("audit", "--verify")
    assert verified.returncode == 0 and "Audit log intact" in verified.stdout
    again = run_cli("encrypt")
    assert again.returncode == 0 and "is already encrypted" in again.stdout


def test_a_copied_data_folder_alone_opens_nowhere(settings: Settings, tmp_path: Path) -> None:
    encrypted_with_directory(settings)
    copy = tmp_path / "copied"
    shutil.copytree(settings.data_dir, copy)
    plain_sqlite_refuses(copy / "mace.db")
    result = run_cli("directory", "--export", str(tmp_path / "out.csv"),
                     "--data-dir", str(copy), "--config-dir", str(tmp_path / "elsewhere"))  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert f"database file {copy / 'mace.db'} is encrypted and its key (" in line
    assert "is not on this computer. Restore that key file from your backup" in line
    assert not (tmp_path / "out.csv").exists()


def test_listing_microphones_needs_no_database_key(settings: Settings, tmp_path: Path) -> None:
    """`devices` never opens the store: a data folder whose key is elsewhere does not stop it."""
    encrypted_with_directory(settings)
    elsewhere = str(tmp_path / "elsewhere")
    refused = run_cli("audit", "--config-dir", elsewhere)
    assert refused.returncode == 2 and "is encrypted and its key" in refused.stderr
    result = run_cli("devices", "--config-dir", elsewhere)
    assert "is encrypted" not in result.stderr, result.stderr
    assert (
        "Input devices" in result.stdout
        or "No input devices" in result.stdout
        or ("PortAudio" in result.stderr)
    ), (result.stdout, result.stderr)


def test_a_wrong_key_is_one_line_naming_the_key_file(settings: Settings) -> None:
    path = encrypted_with_directory(settings)
    store_id = read_id_file(path)
    assert store_id is not None
    key = key_path(settings.config_dir, store_id, "database")
    key.write_text("ab" * 32 + "\n")
    for args in (["audit"], ["logins", "list"], []):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert result.stderr == (
            f"mace-tui: database file {path} is encrypted and the key in {key} does not open "
            "it. Restore this store's key file from your backup (see the README, Keys).\n"
        )
    key.unlink()
    result = run_cli("audit")
    assert result.returncode == 2 and f"its key ({key}, or the OS keyring)" in result.stderr


def test_a_lost_id_file_is_found_again_from_the_keys(settings: Settings) -> None:
    path = encrypted_with_directory(settings)
    store_id = read_id_file(path)
    id_file(path).unlink()
    # Without it, and without any key here: one line naming the file to restore.
    keys = settings.config_dir / "keys"
    keys.rename(settings.config_dir / "keys-away")
    lost = run_cli("audit")
    assert lost.returncode == 2 and "Traceback" not in lost.stderr
    assert f"{path.name}.store-id file beside it: restore it from your backup" in lost.stderr
    (settings.config_dir / "keys-away").rename(keys)
    # An empty id file (damaged): every database key in the config folder is tried.
    id_file(path).write_text("")
    found = run_cli("audit", "--verify")
    assert found.returncode == 0, found.stderr
    assert read_id_file(path) == store_id


def test_without_sqlcipher3_one_line_names_what_to_install(settings: Settings) -> None:
    encrypted_with_directory(settings)
    # The package made unimportable in that process (it is installed here).
    code = "import sys; sys.modules['sqlcipher3'] = None; from mace_tui.cli import main; main()"
    for args in (["audit"], ["encrypt"]):
        result = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert result.stderr == (
            "mace-tui: database encryption needs the sqlcipher3 package, which is not "
            "installed. Install it with pip install 'mace-tui[cipher]' (in a checkout: "
            "uv sync --extra cipher).\n"
        )


def test_encrypting_a_store_in_use_keeps_every_row_and_the_audit_chain(
    demo_store: Store, settings: Settings
) -> None:
    with demo_store.session() as session:
        before = session.execute(text("SELECT count(*) FROM child")).scalar_one()
    demo_store.close()
    result = CliRunner().invoke(main, ["encrypt"])
    assert result.exit_code == 0, result.output
    assert settings.sqlite_path is not None and is_encrypted(settings.sqlite_path)
    plain_sqlite_refuses(settings.sqlite_path)
    assert not list(settings.data_dir.glob("*.encrypting"))
    store = open_store(settings)
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM child")).scalar_one() == before > 0
    store.close()
    verified = run_cli("audit", "--verify")
    assert verified.returncode == 0, verified.stderr


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def test_with_key_store_keyring_the_database_key_is_in_the_keyring(
    settings: Settings, ring: MemoryKeyring
) -> None:
    (settings.config_dir / "settings.toml").write_text('key_store = "keyring"\n')
    settings = load_settings()
    store = open_store(settings)
    done = encrypt_store(settings, store, user="tester")
    store.close()
    assert "OS keyring" in done.key_at
    assert settings.sqlite_path is not None
    store_id = read_id_file(settings.sqlite_path)
    assert store_id is not None
    assert not key_path(settings.config_dir, store_id, "database").exists()
    held = ring.items[(KEYRING_SERVICE, keyring_name(store_id, "database"))]
    assert database_key(settings, settings.sqlite_path) == bytes.fromhex(held)
    dispose_engine(settings.db_url)
    again = open_store(settings)
    assert again.encrypted and again.store_id == store_id
    again.close()


def test_an_older_encrypted_store_is_upgraded_and_stays_encrypted(settings: Settings) -> None:
    store = open_store(settings)
    encrypt_store(settings, store, user="tester")
    with store.session() as session:
        session.add(Agency(key="tp", name="Testshire Police", sector="police"))
        session.commit()
    command.downgrade(migrations.alembic_config(store.engine), "0001")  # type: ignore[arg-type]
    store.close()
    assert settings.sqlite_path is not None
    upgraded = open_store(settings)
    assert upgraded.report.upgraded and upgraded.encrypted
    with upgraded.session() as session:
        assert session.execute(text("SELECT count(*) FROM agency")).scalar_one() == 1
    upgraded.close()
    plain_sqlite_refuses(settings.sqlite_path)
    assert not list(settings.data_dir.glob("*.before-upgrade"))


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


def test_a_failed_upgrade_of_an_encrypted_store_puts_it_back(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(settings)
    encrypt_store(settings, store, user="tester")
    store.close()
    newer = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "9002_fails.py").write_text(FAILING_REVISION.format(head=migrations.HEAD))
    head = migrations.HEAD
    monkeypatch.setattr(migrations, "HERE", newer)
    monkeypatch.setattr(migrations, "HEAD", "9002")
    with pytest.raises(StoreError):
        open_store(settings)
    dispose_engine(settings.db_url)
    monkeypatch.setattr(migrations, "HERE", Path(migrations.__file__).parent)
    monkeypatch.setattr(migrations, "HEAD", head)
    kept = open_store(settings)
    assert kept.encrypted and not kept.report.upgraded
    with kept.session() as session:
        columns = [r[1] for r in session.execute(text("PRAGMA table_info(person)"))]
    assert "nickname" not in columns
    kept.close()
    assert settings.sqlite_path is not None
    plain_sqlite_refuses(settings.sqlite_path)


def test_encrypt_refuses_a_postgresql_store_in_one_line() -> None:
    pytest.importorskip("psycopg")
    result = CliRunner().invoke(
        main, ["encrypt", "--db", "postgresql+psycopg://mace@localhost/mace"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "mace-tui: --db: only an SQLite store is encrypted by mace-tui; a PostgreSQL server "
        "keeps its own data (encrypt its disk or use its own encryption).\n"
    )


def test_a_deleted_id_file_is_found_again_from_the_keys(settings: Settings) -> None:
    """The README's promise for a *lost* `.store-id` file (not only an empty one): the keys in
    the config folder are tried and the file written again, instead of "not a database"."""
    path = encrypted_with_directory(settings)
    store_id = read_id_file(path)
    id_file(path).unlink()
    found = run_cli("audit", "--verify")
    assert found.returncode == 0, found.stderr
    assert "Audit log intact" in found.stdout
    assert read_id_file(path) == store_id
    assert id_file(path).stat().st_mode & 0o777 == 0o600


def test_encrypt_refused_while_another_program_has_the_file_open_leaves_nothing_behind(
    settings: Settings,
) -> None:
    """ "nothing was changed" holds: no `.store-id` beside a file that is still plain (it
    would name a key that opens nothing)."""
    path = settings.sqlite_path
    assert path is not None
    open_store(settings).close()
    # Another program (its own process: locks are per process) keeps the file open.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        ready, _, _ = select.select([holder.stdout], [], [], 60)
        assert ready and holder.stdout.readline().strip() == "open"
        result = CliRunner().invoke(main, ["encrypt"])
        assert result.exit_code == 2, result.output
        assert "another program still has it open" in result.output
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
        if holder.stdin is not None:
            holder.stdin.close()
    assert not is_encrypted(path)
    assert not id_file(path).exists()
    assert not list(settings.data_dir.glob("*.encrypting"))


HOLD_OPEN = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM sqlite_master").fetchone()
print("open", flush=True)
sys.stdin.read()
"""


@pytest.mark.parametrize("folder", ["hub#2", "hub?x=1", "hub%20a"])
def test_a_key_is_checked_on_the_file_itself_whatever_its_folder_is_called(
    tmp_path: Path, folder: str
) -> None:
    """'#', '?' and '%' in the path: the key check opens that file, not a file it makes up
    from part of the path (which any key opens, empty, and which was left behind)."""
    from store.cipher import encrypt_file, opens_with
    from store.quickread import directory_is_empty

    data = tmp_path / folder
    data.mkdir()
    path = data / "mace.db"
    with sqlite3.connect(path) as plain:
        plain.execute("CREATE TABLE agency (id INTEGER)")
        plain.execute("CREATE TABLE person (id INTEGER)")
        plain.execute("INSERT INTO agency VALUES (1)")
    plain.close()
    key = bytes(range(32))
    encrypt_file(path, key)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert opens_with(path, key)
    assert not opens_with(path, b"\x01" * 32)
    assert directory_is_empty(path, key=key) is False
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_failed_write_of_the_id_file_leaves_nothing_half_written(tmp_path: Path) -> None:
    from mace_tui.cipher import write_id_file

    path = tmp_path / "mace.db"
    id_file(path).mkdir()  # the name is taken by a folder: the rename into place fails
    with pytest.raises(OSError):
        write_id_file(path, "abc123")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mace.db.store-id"]
