"""Keys live in the config folder, per store and purpose, private, made once."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mace_tui.keystore import KeyFileError, find_key, get_or_create_key, key_path


def test_a_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    first = get_or_create_key(tmp_path, "abc123", "recordings")
    again = get_or_create_key(tmp_path, "abc123", "recordings")
    assert first == again and len(first) == 32
    path = key_path(tmp_path, "abc123", "recordings")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(("store", "purpose"), [("abc123", "audit"), ("def456", "recordings")])
def test_keys_differ_by_store_and_purpose(tmp_path: Path, store: str, purpose: str) -> None:
    base = get_or_create_key(tmp_path, "abc123", "recordings")
    assert get_or_create_key(tmp_path, store, purpose) != base


def test_a_missing_key_is_not_made_by_looking(tmp_path: Path) -> None:
    assert find_key(tmp_path, "abc123", "audit") is None
    assert not (tmp_path / "keys").exists()


def test_a_damaged_key_file_is_named(tmp_path: Path) -> None:
    path = key_path(tmp_path, "abc123", "audit")
    path.parent.mkdir(parents=True)
    path.write_text("not a key")
    with pytest.raises(KeyFileError, match=r"audit\.key: not a key this app wrote"):
        find_key(tmp_path, "abc123", "audit")


@pytest.mark.parametrize("bad", ["../x", "a/b", ""])
def test_store_ids_cannot_escape_the_keys_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        key_path(tmp_path, bad, "audit")
