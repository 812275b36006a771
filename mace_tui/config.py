"""Settings: where data lives, which database, which profile and audio device.

Every path comes from platformdirs and can be overridden by an environment
variable or a command-line option, so tests never touch a real home
directory. Nothing here imports the database stack: the UI paints first and
opens the store afterwards.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import platformdirs

from store.errors import UserError
from store.frozen import record

APP_NAME = "mace-tui"
DEFAULT_PROFILE = "llr-drmm"
DEFAULT_SAMPLE_RATE = 16_000
SETTINGS_FILE = "settings.toml"

# Dialects the store is written and tested for, and the drivers each may name.
SUPPORTED_DIALECTS = ("sqlite", "postgresql")
_DRIVERS = {"sqlite": (None, "pysqlite"), "postgresql": ("psycopg",)}
_URL_HINT = "Use sqlite:///path/to/mace.db or postgresql+psycopg://user@host/dbname."
# Keys settings.toml may hold; anything else is warned about, with the nearest of these.
KNOWN_KEYS = (
    "data_dir",
    "recordings_dir",
    "db_url",
    "profile",
    "audio_device",
    "sample_rate",
    "retention_days",
    "export_dir",
    "keys",
    "key_store",
)
KEY_STORES = ("file", "keyring")
# Longest retention accepted: a century. Beyond it dates overflow and nothing is ever expired.
MAX_RETENTION_DAYS = 36_500
SQLITE_MAGIC = b"SQLite format 3\x00"
# Beside an encrypted database: the file naming its store, and so its key (mace_tui/cipher.py).
STORE_ID_SUFFIX = ".store-id"
_URL_RE = re.compile(
    r"^(?P<dialect>[A-Za-z][A-Za-z0-9_]*)(?:\+(?P<driver>[A-Za-z0-9_]+))?://(?P<rest>.*)$"
)


class SettingsError(UserError):
    """A setting has a value the app cannot use; the message says which and what to do."""


@record
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
    # Things worth saying that do not stop the command (e.g. an unknown key in settings.toml).
    warnings: tuple[str, ...] = ()
    # Where exports are proposed: the user's documents, never the (possibly throw-away) data
    # folder, so a demo's exports outlive the demo.
    export_dir: Path | None = None
    # The [keys] table of settings.toml: binding id → key(s), e.g. ("case.close", "ctrl+e").
    keys: tuple[tuple[str, str], ...] = ()
    # Where new keys go: "file" (the config folder's keys/) or "keyring" (the OS keyring).
    key_store: str = "file"

    @property
    def use_keyring(self) -> bool:
        """True when new keys should go to the OS keyring (key_store = "keyring")."""
        return self.key_store == "keyring"

    @property
    def proposed_export_dir(self) -> Path:
        """The folder the export dialogs propose first."""
        return self.export_dir or Path(platformdirs.user_documents_dir()) / APP_NAME

    @property
    def sqlite_path(self) -> Path | None:
        """The database file when the store is SQLite, else None."""
        return sqlite_path(self.db_url)

    def with_db(self, db_url: str) -> Settings:
        """A copy pointing at another database."""
        return replace(self, db_url=db_url)


def normalise_db_url(db_url: str) -> str:
    """The URL with its scheme in lower case (``SQLITE:///x`` is ``sqlite:///x``)."""
    scheme, sep, rest = db_url.strip().partition("://")
    return scheme.lower() + sep + rest if sep else db_url.strip()


def is_database_file(path: Path) -> bool:
    """True when ``path`` is missing, empty, an SQLite database, or an encrypted one (the file
    naming its store lies beside it); False for any other file."""
    if path.with_name(path.name + STORE_ID_SUFFIX).is_file():
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # unreadable: the store reports that itself
    return head in (b"", SQLITE_MAGIC)


def sqlite_path(db_url: str) -> Path | None:
    """The file behind an ``sqlite:///`` URL, or None for other dialects."""
    match = _URL_RE.match(db_url)
    if not match or match["dialect"].lower() != "sqlite":
        return None
    rest = match["rest"]
    if not rest.startswith("/") or rest == "/":
        return None
    return Path(rest[1:].split("?", 1)[0])


POSTGRES_INSTALL = "pip install 'mace-tui[postgres]' (in a checkout: uv sync --extra postgres)"


def _psycopg_imports() -> bool:
    """Whether the PostgreSQL driver (an optional extra) can be imported."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False
    return True


def check_db_url(db_url: str, *, source: str = "--db / MACE_DB_URL") -> None:
    """Refuse a database URL the store cannot use, naming the setting."""
    match = _URL_RE.match(db_url)
    if not match:
        raise SettingsError(f"{source}: this is not a database URL. {_URL_HINT}")
    dialect = match["dialect"].lower()
    if dialect not in SUPPORTED_DIALECTS:
        raise SettingsError(
            f"{source}: the database kind {dialect!r} is not supported. {_URL_HINT}"
        )
    driver = match["driver"].lower() if match["driver"] else None
    if driver not in _DRIVERS[dialect]:
        if dialect == "sqlite" and driver is not None and "cipher" in driver:
            raise SettingsError(
                f"{source}: the driver {driver!r} is not supported. Use sqlite:///path/to/mace.db; "
                "the database's encryption is chosen at set-up, not in the URL (see the README)."
            )
        raise SettingsError(
            f"{source}: the driver {driver or '(none)'!r} is not supported. {_URL_HINT}"
        )
    if dialect == "postgresql" and not match["rest"]:
        raise SettingsError(f"{source}: the URL names no server or database. {_URL_HINT}")
    if dialect == "postgresql" and not _psycopg_imports():
        raise SettingsError(
            f"{source}: a PostgreSQL database needs the psycopg package, which is not "
            f"installed. Install it with {POSTGRES_INSTALL}."
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
        if not is_database_file(path):
            raise SettingsError(
                f"{source}: {path} exists and is not a database (it was left as it is). "
                "Name a new file or an existing mace-tui database (an encrypted one needs the "
                f"{path.name}{STORE_ID_SUFFIX} file beside it: restore it from your backup)."
            )
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
        raise SettingsError(f"{source}: the URL names no server or database. {_URL_HINT}")


def _read_settings_file(config_dir: Path) -> dict[str, object]:
    path = config_dir / SETTINGS_FILE
    if not path.is_file():
        return {}
    import tomllib  # only when there is a settings file: start-up stays light

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except UnicodeDecodeError as exc:
        raise SettingsError(
            f"{path}: line {_line_of(exc)} is not UTF-8 text. "
            "Save the file as UTF-8, or move it away."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}. Fix the file or move it away.") from None
    except ValueError:
        # tomllib lets a few out-of-range literals through as plain ValueError.
        raise SettingsError(f"{path}: holds a value TOML cannot read. Fix the file.") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read it ({exc.strerror}).") from None


def _unknown_keys(values: Mapping[str, object], path: Path) -> tuple[str, ...]:
    """One warning per key settings.toml holds that the app does not know, with the nearest one."""
    warnings = []
    for key in values:
        if key in KNOWN_KEYS:
            continue
        import difflib

        near = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}?" if near else f"known keys: {', '.join(KNOWN_KEYS)}."
        warnings.append(f"{path}: unknown key {key[:40]!r} is ignored; {hint}")
    return tuple(warnings)


_KEY_NAME = re.compile(r"^[a-z0-9_+\-]+$")


def _keys(values: Mapping[str, object], path: Path) -> tuple[tuple[str, str], ...]:
    """The ``[keys]`` table: each binding id (as the command palette and README list them)
    with the key or keys (comma-separated) that should run it instead."""
    table = values.get("keys", {})
    if not isinstance(table, Mapping):
        raise SettingsError(
            f'{path}: keys must be a table, e.g. [keys] then case.close = "ctrl+e".'
        )
    found: list[tuple[str, str]] = []
    for binding_id, keys in table.items():
        if isinstance(keys, Mapping):
            # case.close = "…" in TOML is a nested table {"case": {"close": "…"}}.
            found += [(f"{binding_id}.{k}", v) for k, v in _keys({"keys": keys}, path)]
            continue
        names = [k.strip() for k in keys.split(",")] if isinstance(keys, str) else []
        if not names or not all(_KEY_NAME.match(n) for n in names):
            raise SettingsError(
                f'{path}: [keys] {binding_id} must be a key name such as "f8" or '
                f'"ctrl+e" (several separated by commas).'
            )
        found.append((str(binding_id), ",".join(names)))
    return tuple(found)


def _file_str(values: Mapping[str, object], key: str, path: Path) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise SettingsError(f"{path}: key {key!r} must be text, not {type(value).__name__}.")
    if "\x00" in str(value):
        raise SettingsError(f"{path}: key {key!r} holds a NUL character; remove it.")
    return str(value)


def _positive_int(raw: str | None, *, source: str, high: int) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        value = int(raw.strip()) if len(raw) <= 20 else None
    except ValueError:
        value = None
    if value is None:
        raise SettingsError(f"{source}: not a whole number; give one from 1 to {high}.")
    if not 1 <= value <= high:
        raise SettingsError(f"{source}: must be a whole number from 1 to {high}.")
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
    warnings = _unknown_keys(file_values, file_path)

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
    url = normalise_db_url(
        db_url
        or env.get("MACE_DB_URL")
        or _file_str(file_values, "db_url", file_path)
        or f"sqlite:///{data / 'mace.db'}"
    )
    cache = Path(env.get("MACE_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))
    rate_raw = env.get("MACE_SAMPLE_RATE") or _file_str(file_values, "sample_rate", file_path)
    retention_raw = _file_str(file_values, "retention_days", file_path)
    export_raw = env.get("MACE_EXPORT_DIR") or _file_str(file_values, "export_dir", file_path)
    key_store = _key_store(file_values, file_path)
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
        sample_rate=_positive_int(
            rate_raw,
            source="MACE_SAMPLE_RATE"
            if env.get("MACE_SAMPLE_RATE")
            else f"{file_path}: sample_rate",
            high=384_000,
        )
        or DEFAULT_SAMPLE_RATE,
        retention_days=_positive_int(
            retention_raw, source=f"{file_path}: retention_days", high=MAX_RETENTION_DAYS
        ),
        warnings=warnings + _key_store_warning(key_store, cfg),
        export_dir=Path(export_raw).expanduser() if export_raw else None,
        keys=_keys(file_values, file_path),
        key_store=key_store,
    )


def _key_store(values: Mapping[str, object], path: Path) -> str:
    value = _file_str(values, "key_store", path)
    if value is None:
        return "file"
    if value not in KEY_STORES:
        raise SettingsError(
            f'{path}: key_store must be "file" or "keyring" (the OS keyring), not {value[:20]!r}.'
        )
    return value


def _key_store_warning(key_store: str, config_dir: Path) -> tuple[str, ...]:
    """One line when the OS keyring is asked for but cannot be used here."""
    if key_store != "keyring":
        return ()
    from mace_tui.keystore import os_keyring

    if os_keyring() is not None:
        return ()
    return (
        'key_store = "keyring": no OS keyring can be used here (install mace-tui[keyring] and '
        f"run in a desktop session); new keys are kept as files in {config_dir / 'keys'} instead.",
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
    from mace_tui.cipher import find_lost_id_file  # it imports this module

    find_lost_id_file(settings)  # an encrypted file whose .store-id was lost: its key names it
    check_db_url(settings.db_url)


def _line_of(exc: UnicodeDecodeError) -> int:
    """The line (from 1) holding the byte that is not UTF-8; the byte itself is never shown."""
    return bytes(exc.object[: exc.start]).count(b"\n") + 1
