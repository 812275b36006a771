"""Keys in the OS keyring when asked for (key_store = "keyring"), else files, with one line.

No OS keyring runs here (no desktop session), so ``MemoryKeyring`` stands in
for one: a named fake behind the real ``keyring`` package's interface.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import soundfile as sf
from click.testing import CliRunner
from keyring.backend import KeyringBackend
from keyring.backends import fail

from mace_tui.audio.recfile import SealedSinkFactory, read_samples, reading_key
from mace_tui.cli import main
from mace_tui.config import Settings, SettingsError, load_settings
from mace_tui.keystore import KEYRING_SERVICE, find_key, key_path, keyring_name
from mace_tui.protection import audit_seal
from store.db import Store
from tests.audio.fixtures import DemoMeeting
from tests.review.timeline import external_signal, store_timeline

STORE = "0123456789abcdef0123456789abcdef"


class MemoryKeyring(KeyringBackend):
    """Stands in for the OS keyring (which cannot run here): passwords in a dict."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def settings_with(tmp_path: Path, text: str):
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.toml").write_text(text)
    return load_settings(config_dir=config, data_dir=tmp_path / "data")


def test_new_keys_go_to_the_keyring_when_asked_and_are_found_there(
    tmp_path: Path, ring: MemoryKeyring
) -> None:
    settings = settings_with(tmp_path, 'key_store = "keyring"\n')
    assert settings.use_keyring and settings.warnings == ()
    made = SealedSinkFactory(config_dir=settings.config_dir, store_id=STORE, keyring=True).key()
    assert not key_path(settings.config_dir, STORE, "recordings").exists()
    assert ring.items[(KEYRING_SERVICE, keyring_name(STORE, "recordings"))] == made.hex()
    assert reading_key(settings.config_dir, STORE) == made
    # The audit key of a new store goes there too.
    store = Store.open(settings.db_url)
    try:
        seal = audit_seal(settings, store)
        assert seal.key is not None
        assert not key_path(settings.config_dir, store.store_id, "audit").exists()
        assert find_key(settings.config_dir, store.store_id, "audit") == seal.key
    finally:
        store.close()


def test_a_key_file_is_used_before_the_keyring(tmp_path: Path, ring: MemoryKeyring) -> None:
    settings = settings_with(tmp_path, "")
    made = SealedSinkFactory(config_dir=settings.config_dir, store_id=STORE).key()
    assert key_path(settings.config_dir, STORE, "recordings").exists() and ring.items == {}
    ring.items[(KEYRING_SERVICE, keyring_name(STORE, "recordings"))] = "cd" * 32
    assert reading_key(settings.config_dir, STORE) == made


def test_without_a_keyring_keys_are_files_and_one_line_says_so(tmp_path: Path) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        settings = settings_with(tmp_path, 'key_store = "keyring"\n')
        made = SealedSinkFactory(config_dir=settings.config_dir, store_id=STORE, keyring=True).key()
    finally:
        keyring.set_keyring(before)
    (line,) = settings.warnings
    assert line.startswith('key_store = "keyring": no OS keyring can be used here')
    assert str(settings.config_dir / "keys") in line
    assert bytes.fromhex(key_path(settings.config_dir, STORE, "recordings").read_text()) == made


def test_an_unknown_key_store_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match='key_store must be "file" or "keyring"'):
        settings_with(tmp_path, 'key_store = "vault"\n')


def test_split_makes_a_missing_recordings_key_in_the_keyring_as_the_recorder_does(
    demo_store: Store, demo_meeting: DemoMeeting, settings: Settings, tmp_path: Path,
    ring: MemoryKeyring,
) -> None:  # fmt: skip
    (settings.config_dir / "settings.toml").write_text('key_store = "keyring"\n')
    store_timeline(demo_store, demo_meeting.id)
    signal, _cuts = external_signal(rate=16_000, minutes=10, offset=0.0)
    source = tmp_path / "call.wav"
    sf.write(source, signal, 16_000)
    result = CliRunner().invoke(main, ["split", str(source), "--meeting", "2026-11-23:llr-drmm"])
    assert result.exit_code == 0, result.output
    store_id = demo_store.store_id
    assert not key_path(settings.config_dir, store_id, "recordings").exists()
    made = ring.items[(KEYRING_SERVICE, keyring_name(store_id, "recordings"))]
    assert reading_key(settings.config_dir, store_id) == bytes.fromhex(made)
    # The cuts open with that key: one plays back in full.
    cut = Path(result.stdout.splitlines()[0].split("\t")[0])
    assert read_samples(cut, config_dir=settings.config_dir, store_id=store_id)[0].size > 0
