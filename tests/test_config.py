"""Settings: defaults, environment and option overrides, private folders, clear errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mace_tui.config import SettingsError, check_db_url, load_settings, prepare


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_defaults_come_from_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MACE_DATA_DIR")
    monkeypatch.delenv("MACE_CONFIG_DIR")
    settings = load_settings()
    assert settings.data_dir == tmp_path / "home" / ".local" / "share" / "mace-tui"
    assert settings.config_dir == tmp_path / "home" / ".config" / "mace-tui"
    assert settings.recordings_dir == settings.data_dir / "recordings"
    assert settings.db_url == f"sqlite:///{settings.data_dir / 'mace.db'}"
    assert settings.profile == "llr-drmm"


def test_environment_then_option_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MACE_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("MACE_DB_URL", "sqlite:////elsewhere/x.db")
    monkeypatch.setenv("MACE_PROFILE", "llr-form")
    from_env = load_settings()
    assert from_env.data_dir == tmp_path / "env-data"
    assert from_env.db_url == "sqlite:////elsewhere/x.db"
    assert from_env.profile == "llr-form"
    from_option = load_settings(
        data_dir=tmp_path / "opt", db_url="sqlite:////o.db", profile="lincs-mace-l2"
    )
    assert from_option.data_dir == tmp_path / "opt"
    assert from_option.db_url == "sqlite:////o.db"
    assert from_option.profile == "lincs-mace-l2"


def test_settings_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MACE_AUDIO_DEVICE")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(
        'profile = "lincs-mace-l1"\naudio_device = "USB mic"\nsample_rate = 48000\nretention_days = 400\n'
    )
    settings = load_settings()
    assert (settings.profile, settings.audio_device) == ("lincs-mace-l1", "USB mic")
    assert (settings.sample_rate, settings.retention_days) == (48000, 400)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("profile = [", "settings.toml"),
        ("sample_rate = -5", "sample_rate"),
        ("retention_days = 'soon'", "retention_days"),
        ("profile = true", "'profile' must be text"),
    ],
)
def test_bad_settings_file(tmp_path: Path, content: str, says: str) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(content)
    with pytest.raises(SettingsError, match=says):
        load_settings()


def test_folders_are_created_private(settings) -> None:
    for folder in (settings.data_dir, settings.config_dir, settings.recordings_dir):
        assert folder.is_dir()
        assert mode(folder) == 0o700


def test_existing_folder_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    prepare(load_settings())
    assert mode(data) == 0o700


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_data_dir_names_the_setting(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(SettingsError, match="MACE_DATA_DIR"):
        prepare(load_settings(data_dir=locked / "data"))


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(SettingsError, match=r"--data-dir / MACE_DATA_DIR: cannot create or use"):
        prepare(load_settings(data_dir=blocker / "data"))


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://localhost/mace", "'mysql' is not supported"),
        ("sqlite://", "has no file"),
        ("sqlite:///:memory:", "has no file"),
        ("sqlite:////no/such/folder/mace.db", "does not exist"),
        ("postgresql+psycopg://", "names no server"),
    ],
)
def test_bad_db_url(url: str, says: str) -> None:
    with pytest.raises(SettingsError, match=says) as caught:
        check_db_url(url)
    assert str(caught.value).startswith("--db / MACE_DB_URL:")


def test_db_url_that_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="is a folder"):
        check_db_url(f"sqlite:///{tmp_path}")


def test_good_db_urls(tmp_path: Path) -> None:
    check_db_url(f"sqlite:///{tmp_path / 'mace.db'}")
    check_db_url(f"sqlite+pysqlite:///{tmp_path / 'mace.db'}")
    import importlib.util

    if importlib.util.find_spec("psycopg") is not None:
        check_db_url("postgresql+psycopg://hub@dbhost/mace")
