"""Settings: where data lives, which database, which profile and audio device.

Every path comes from platformdirs and can be overridden by an environment
variable or a command-line option, so tests never touch a real home
directory. Nothing here imports the database stack: the UI paints first and
opens the store afterwards.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

APP_NAME = "mace-tui"
DEFAULT_PROFILE = "llr-drmm"
DEFAULT_SAMPLE_RATE = 16_000
SETTINGS_FILE = "settings.toml"

# Dialects the store is written and tested for.
SUPPORTED_DIALECTS = ("sqlite", "postgresql")
_URL_RE = re.compile(
    r"^(?P<dialect>[A-Za-z][A-Za-z0-9_]*)(?:\+(?P<driver>[A-Za-z0-9_]+))?://(?P<rest>.*)$"
)


class SettingsError(Exception):
    """A setting has a value the app cannot use; the message says which and what to do."""

    user_facing = True


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one run of the app."""

    data_dir: Path
    config_dir: Path
    recordings_dir: Path
    db_url: str
    cache_dir: Path | None = None
    profile: str = DEFAULT_PROFILE
    audio_device: str | None = None
    sample_rate: int = DEFAULT_SAMPLE_RATE
    retention_days: int | None = None

    @property
    def sqlite_path(self) -> Path | None:
        """The database file when the store is SQLite, else None."""
        return sqlite_path(self.db_url)

    def with_db(self, db_url: str) -> Settings:
        """A copy pointing at another database."""
        return replace(self, db_url=db_url)


def sqlite_path(db_url: str) -> Path | None:
    """The file behind an ``sqlite:///`` URL, or None for other dialects."""
    match = _URL_RE.match(db_url)
    if not match or match["dialect"] != "sqlite":
        return None
    rest = match["rest"]
    if not rest.startswith("/") or rest == "/":
        return None
    return Path(rest[1:].split("?", 1)[0])


def check_db_url(db_url: str, *, source: str = "--db / MACE_DB_URL") -> None:
    """Refuse a database URL the store cannot use, naming the setting."""
    match = _URL_RE.match(db_url)
    if not match:
        raise SettingsError(
            f"{source}: {db_url!r} is not a database URL. "
            "Use sqlite:///path/to/mace.db or postgresql+psycopg://user@host/dbname."
        )
    dialect = match["dialect"].lower()
    if dialect not in SUPPORTED_DIALECTS:
        raise SettingsError(
            f"{source}: the database kind {dialect!r} is not supported. "
            "Use sqlite:///path/to/mace.db or postgresql+psycopg://user@host/dbname."
        )
    if dialect == "sqlite":
        path = sqlite_path(db_url)
        if path is None or str(path) in ("", ":memory:"):
            raise SettingsError(
                f"{source}: {db_url!r} has no file. An in-memory database would lose "
                "everything on exit; use sqlite:///path/to/mace.db."
            )
        if path.is_dir():
            raise SettingsError(f"{source}: {path} is a folder; name a database file inside it.")
        parent = path.parent
        if not parent.exists():
            raise SettingsError(
                f"{source}: the folder {parent} does not exist. Create it or choose another path."
            )
        if not os.access(parent, os.W_OK | os.X_OK):
            raise SettingsError(
                f"{source}: cannot write in {parent}. Choose a folder you can write to."
            )
    elif not match["rest"]:
        raise SettingsError(f"{source}: {db_url!r} names no server or database.")
    else:
        _check_postgres_driver(match["driver"], source=source)


POSTGRES_INSTALL = "pip install 'mace-tui[postgres]' (in a checkout: uv sync --extra postgres)"


def _check_postgres_driver(driver: str | None, *, source: str) -> None:
    """PostgreSQL goes through psycopg 3, an optional extra: say plainly when it is missing."""
    if driver not in (None, "psycopg"):
        raise SettingsError(
            f"{source}: the PostgreSQL driver {driver!r} is not supported. "
            "Use postgresql+psycopg://user@host/dbname."
        )
    if driver is None:
        raise SettingsError(
            f"{source}: name the driver: postgresql+psycopg://user@host/dbname "
            "(plain postgresql:// means psycopg2, which mace-tui does not use)."
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise SettingsError(
            f"{source}: a PostgreSQL database needs the psycopg package, which is not "
            f"installed. Install it with {POSTGRES_INSTALL}."
        ) from None


def _read_settings_file(config_dir: Path) -> dict[str, object]:
    path = config_dir / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}. Fix the file or move it away.") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read it ({exc.strerror}).") from None


def _file_str(values: Mapping[str, object], key: str, path: Path) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise SettingsError(f"{path}: key {key!r} must be text, not {type(value).__name__}.")
    return str(value)


def _positive_int(raw: str | None, *, source: str) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{source}: {raw!r} is not a whole number.") from None
    if value <= 0:
        raise SettingsError(f"{source}: {value} must be greater than zero.")
    return value


def load_settings(
    *,
    data_dir: str | Path | None = None,
    config_dir: str | Path | None = None,
    recordings_dir: str | Path | None = None,
    db_url: str | None = None,
    profile: str | None = None,
    audio_device: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings: command-line option, then environment, then settings file, then default."""
    env = os.environ if env is None else env
    cfg = Path(config_dir or env.get("MACE_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))
    file_values = _read_settings_file(cfg)
    file_path = cfg / SETTINGS_FILE

    data = Path(
        data_dir
        or env.get("MACE_DATA_DIR")
        or _file_str(file_values, "data_dir", file_path)
        or platformdirs.user_data_dir(APP_NAME)
    )
    recordings = Path(
        recordings_dir
        or env.get("MACE_RECORDINGS_DIR")
        or _file_str(file_values, "recordings_dir", file_path)
        or data / "recordings"
    )
    url = (
        db_url
        or env.get("MACE_DB_URL")
        or _file_str(file_values, "db_url", file_path)
        or f"sqlite:///{data / 'mace.db'}"
    )
    cache = Path(env.get("MACE_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))
    rate_raw = env.get("MACE_SAMPLE_RATE") or _file_str(file_values, "sample_rate", file_path)
    retention_raw = _file_str(file_values, "retention_days", file_path)
    return Settings(
        data_dir=data.expanduser(),
        config_dir=cfg.expanduser(),
        recordings_dir=recordings.expanduser(),
        db_url=url,
        cache_dir=cache.expanduser(),
        profile=profile
        or env.get("MACE_PROFILE")
        or _file_str(file_values, "profile", file_path)
        or DEFAULT_PROFILE,
        audio_device=audio_device
        or env.get("MACE_AUDIO_DEVICE")
        or _file_str(file_values, "audio_device", file_path),
        sample_rate=_positive_int(rate_raw, source="sample_rate") or DEFAULT_SAMPLE_RATE,
        retention_days=_positive_int(retention_raw, source=f"{file_path}: retention_days"),
    )


def ensure_private_dir(path: Path, *, setting: str) -> None:
    """Create ``path`` (and parents) readable only by this user, or explain why not (R18)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SettingsError(
            f"{setting}: cannot create or use {path} ({reason}). "
            f"Choose a folder you can write to with {setting}."
        ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise SettingsError(
            f"{setting}: cannot write to {path}. Choose a folder you can write to with {setting}."
        )


def prepare(settings: Settings) -> None:
    """Create the data, config and recordings folders (0700) and check the database URL."""
    ensure_private_dir(settings.data_dir, setting="--data-dir / MACE_DATA_DIR")
    ensure_private_dir(settings.config_dir, setting="--config-dir / MACE_CONFIG_DIR")
    ensure_private_dir(settings.recordings_dir, setting="--recordings-dir / MACE_RECORDINGS_DIR")
    check_db_url(settings.db_url)
