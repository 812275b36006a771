"""Meeting profiles: TOML files describing one kind of meeting.

The shipped profiles live beside this module; users add their own as
``<config dir>/profiles/*.toml`` (a user file with a shipped key replaces it).
A malformed file is reported with its path, the key and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field
from datetime import date, time
from pathlib import Path
from typing import Any

from mace_tui.rules.review_rules import ReviewRules
from mace_tui.rules.vocab import GRADES, ROLES, SECTORS, WEEKDAYS
from store.errors import UserError
from store.frozen import record

SHIPPED_DIR = Path(__file__).parent
# A century: the longest retention anything accepts (dates overflow long after).
MAX_RETENTION_DAYS = 36_500
CADENCES = ("weekdays", "weekly", "fortnightly", "monthly")
MEETING_AUDIO = ("separate", "off")
# What happens to an inquorate meeting's queue (R1): the next working day's meeting
# takes it (a daily meeting), or a meeting is rearranged within so many working days.
WHEN_INQUORATE = ("next-working-day", "rearrange")
# The disruption tactic every profile offers, for what its own list does not name (R22).
OTHER_TACTIC = "other"
MAX_TACTIC = 200
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ProfileError(UserError):
    """A profile file cannot be used; the message names the file, key and reason."""


@record
class Statement:
    """An opening statement the chair confirms before the first child (R4)."""

    key: str
    title: str
    text: str


@record
class Schedule:
    """When the meeting sits."""

    cadence: str
    start: time
    minutes: int
    weekday: int | None = None  # Monday = 0
    anchor: date | None = None
    week_of_month: int | None = None
    skip_bank_holidays: bool = True


@record
class Profile:
    """One kind of meeting: cadence, quorum, agenda, statements, risk scale."""

    key: str
    name: str
    short_name: str
    area: str
    schedule: Schedule
    core_sectors: tuple[str, ...]
    required_roles: tuple[str, ...]
    agenda: tuple[str, ...]
    statements: tuple[Statement, ...]
    risk_scale: Mapping[str, str]
    discuss_children: bool = True
    counts_as_drmm: bool = False
    list_due: time | None = None
    record_per_child: bool = True
    meeting_audio: str = "separate"
    when_inquorate: str = "rearrange"
    rearrange_within_days: int = 10
    # How long this kind of meeting's recordings are kept, in days ([retention]
    # recordings_days); None: the settings' retention_days applies.
    recordings_days: int | None = None
    # The recording form (R24) also carries the subject's earlier research and discussions.
    form_history: bool = False
    # An NPA referral still open after this many days is flagged as overdue (R7).
    npa_overdue_days: int = 14
    # An actions-only meeting's items: themes and data, each with actions (R21).
    topics: tuple[str, ...] = ()
    # Disruption tactics an action on a person or location of concern names (R22);
    # OTHER_TACTIC is always the last choice.
    tactics: tuple[str, ...] = ()
    # A review meeting whose agenda is proposed from data (R19): its [review] table; None
    # for a profile without one.
    review: ReviewRules | None = None
    source: Path = field(default=SHIPPED_DIR)

    @property
    def scheduled_minutes(self) -> int:
        """The meeting's scheduled length."""
        return self.schedule.minutes


class _Reader:
    """Typed access to a parsed TOML table, with errors naming file and key."""

    def __init__(self, path: Path, data: Mapping[str, Any], prefix: str = "") -> None:
        self.path = path
        self.data = data
        self.prefix = prefix

    def fail(self, key: str, reason: str) -> ProfileError:
        return ProfileError(f"{self.path}: key '{self.prefix}{key}': {reason}")

    def table(self, key: str, *, required: bool = True) -> _Reader:
        value = self.data.get(key)
        if value is None and not required:
            return _Reader(self.path, {}, f"{self.prefix}{key}.")
        if not isinstance(value, dict):
            raise self.fail(key, "missing" if value is None else "must be a table")
        return _Reader(self.path, value, f"{self.prefix}{key}.")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.fail(key, "missing")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be non-empty text")
        return value.strip()

    def integer(self, key: str, *, low: int, high: int, default: int | None = None) -> int:
        value = self.data.get(key, default)
        if value is None:
            raise self.fail(key, "missing")
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.fail(key, f"must be a whole number from {low} to {high}, not {value!r}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {value!r}")
        return value

    def clock(self, key: str, *, required: bool = True) -> time | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not _TIME_RE.match(value):
            raise self.fail(key, f"must be a time as HH:MM (24-hour), not {value!r}")
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in options:
            raise self.fail(key, f"must be one of {', '.join(options)}, not {value!r}")
        return str(value)

    def texts(self, key: str, *, options: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of text")
        if options is not None:
            for item in value:
                if item not in options:
                    raise self.fail(key, f"{item!r} is not one of {', '.join(options)}")
        return tuple(value)


def _schedule(reader: _Reader) -> Schedule:
    cadence = reader.choice("cadence", CADENCES)
    weekday = None
    if cadence != "weekdays":
        weekday = WEEKDAYS.index(reader.choice("weekday", WEEKDAYS))
    anchor = None
    if cadence == "fortnightly":
        raw = reader.data.get("anchor")
        if not isinstance(raw, date):
            raise reader.fail("anchor", "must be a date (YYYY-MM-DD) the meeting fell on")
        anchor = raw
        if anchor.weekday() != weekday:
            raise reader.fail("anchor", f"{anchor} is not a {WEEKDAYS[weekday or 0]}")
    week = reader.integer("week_of_month", low=1, high=4) if cadence == "monthly" else None
    start = reader.clock("start")
    assert start is not None
    return Schedule(
        cadence=cadence,
        start=start,
        minutes=reader.integer("minutes", low=5, high=480),
        weekday=weekday,
        anchor=anchor,
        week_of_month=week,
        skip_bank_holidays=reader.flag("skip_bank_holidays", True),
    )


def _statements(reader: _Reader) -> tuple[Statement, ...]:
    raw = reader.data.get("statements", [])
    if not isinstance(raw, list):
        raise reader.fail("statements", "must be an array of tables ([[statements]])")
    statements: list[Statement] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise reader.fail(f"statements[{index}]", "must be a table")
        item = _Reader(reader.path, entry, f"statements[{index}].")
        key = item.text("key")
        if not _KEY_RE.match(key):
            raise item.fail("key", "use lower-case letters, digits and dashes")
        statements.append(Statement(key=key, title=item.text("title"), text=item.text("text")))
    keys = [s.key for s in statements]
    if len(set(keys)) != len(keys):
        raise reader.fail("statements", "two statements share a key")
    return tuple(statements)


def _tactics(reader: _Reader) -> tuple[str, ...]:
    """The profile's disruption tactics, each once, with "other" last whatever the file says."""
    listed = reader.texts("tactics")
    unknown = set(reader.data) - {"tactics"}
    if unknown:
        raise reader.fail(sorted(unknown)[0][:40], "unknown key; use tactics")
    seen: list[str] = []
    for index, tactic in enumerate(listed):
        words = tactic.strip()
        if not words or len(words) > MAX_TACTIC:
            raise reader.fail(f"tactics[{index}]", f"must be text of 1 to {MAX_TACTIC} characters")
        if words.casefold() in (s.casefold() for s in seen):
            raise reader.fail(f"tactics[{index}]", "is listed twice")
        if words.casefold() != OTHER_TACTIC:
            seen.append(words)
    return (*seen, OTHER_TACTIC)


def _topics(reader: _Reader, discuss_children: bool) -> tuple[str, ...]:
    topics = tuple(t.strip() for t in reader.texts("topics"))
    if any(not t or len(t) > MAX_TACTIC for t in topics):
        raise reader.fail("topics", f"each topic must be text of 1 to {MAX_TACTIC} characters")
    if not discuss_children and not topics:
        raise reader.fail(
            "topics", "an actions-only meeting (discuss_children = false) needs topics"
        )
    return topics


def _review(reader: _Reader) -> ReviewRules | None:
    """The [review] table: the agenda proposed from data, and its numbers (R19)."""
    if not reader.data:
        return None
    keys = ("proposal", "missing_days", "high_review_days", "quiet_discussions", "oversight_days")
    unknown = sorted(set(reader.data) - set(keys))
    if unknown:
        raise reader.fail(unknown[0][:40], f"unknown key; use {', '.join(keys)}")
    reader.choice("proposal", ("form",), "form")
    default = ReviewRules()
    return ReviewRules(
        missing_days=reader.integer("missing_days", low=1, high=366, default=default.missing_days),
        high_review_days=reader.integer(
            "high_review_days", low=1, high=3660, default=default.high_review_days
        ),
        quiet_discussions=reader.integer(
            "quiet_discussions", low=0, high=20, default=default.quiet_discussions
        ),
        oversight_days=reader.integer(
            "oversight_days", low=1, high=366, default=default.oversight_days
        ),
    )


def parse_profile(path: Path, data: Mapping[str, Any]) -> Profile:
    """Build a Profile from parsed TOML, or raise ProfileError naming the key."""
    reader = _Reader(path, data)
    key = reader.text("key")
    if key != path.stem:
        raise reader.fail("key", f"{key!r} must match the file name {path.stem!r}")
    if not _KEY_RE.match(key):
        raise reader.fail("key", "use lower-case letters, digits and dashes")
    quorum = reader.table("quorum")
    risk = reader.table("risk")
    risk_scale = {grade: risk.text(grade) for grade in GRADES}
    unknown = set(risk.data) - set(GRADES)
    if unknown:
        raise risk.fail(sorted(unknown)[0], f"unknown grade; use {', '.join(GRADES)}")
    recording = reader.table("recording", required=False)
    preparation = reader.table("preparation", required=False)
    retention = reader.table("retention", required=False)
    forms = reader.table("forms", required=False)
    npa = reader.table("npa", required=False)
    recordings_days = None
    if "recordings_days" in retention.data:
        recordings_days = retention.integer("recordings_days", low=1, high=MAX_RETENTION_DAYS)
    unknown_retention = set(retention.data) - {"recordings_days"}
    if unknown_retention:
        raise retention.fail(sorted(unknown_retention)[0][:40], "unknown key; use recordings_days")
    statements = _statements(reader)
    discuss_children = reader.flag("discuss_children", True)
    review = _review(reader.table("review", required=False))
    return Profile(
        key=key,
        name=reader.text("name"),
        short_name=reader.text("short_name"),
        area=reader.text("area", ""),
        schedule=_schedule(reader.table("schedule")),
        core_sectors=quorum.texts("core_sectors", options=SECTORS),
        when_inquorate=quorum.choice("when_inquorate", WHEN_INQUORATE, "rearrange"),
        rearrange_within_days=quorum.integer("rearrange_within_days", low=1, high=60, default=10),
        required_roles=quorum.texts("required_roles", options=ROLES),
        agenda=reader.texts("agenda"),
        statements=statements,
        risk_scale=risk_scale,
        discuss_children=discuss_children,
        counts_as_drmm=reader.flag("counts_as_drmm", False),
        list_due=preparation.clock("list_due", required=False),
        record_per_child=recording.flag("per_child", True),
        meeting_audio=recording.choice("meeting_audio", MEETING_AUDIO, "separate"),
        recordings_days=recordings_days,
        form_history=forms.flag("history", False),
        npa_overdue_days=npa.integer("overdue_days", low=1, high=365, default=14),
        topics=_topics(reader, discuss_children),
        tactics=_tactics(reader.table("disruption", required=False)),
        review=review,
        source=path,
    )


def load_profile_file(path: Path) -> Profile:
    """Read and check one profile file."""
    import tomllib  # here: the UI process is handed its profile ready-made (mace_tui/handoff.py)

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except UnicodeDecodeError as exc:
        raise ProfileError(
            f"{path}: line {_line_of(exc)} is not UTF-8 text. Save it as UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: {exc}") from None
    except ValueError:
        raise ProfileError(f"{path}: holds a value TOML cannot read. Fix the file.") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read it ({exc.strerror}).") from None
    return parse_profile(path, data)


@record
class LoadedProfiles:
    """Every profile read for one configuration folder."""

    profiles: dict[str, Profile]
    # A user's profile file that cannot be used, by its file name's key: only the
    # commands that ask for that profile fail; the others go on without it.
    broken: dict[str, ProfileError]


# What was read, by configuration folder (a few at most; tests use many: the oldest goes).
_LOADED: dict[Path | None, LoadedProfiles] = {}
_KEPT = 8


def loaded_profiles(config_dir: Path | None) -> LoadedProfiles:
    """Every profile for ``config_dir``, as read (once) here: what the command process hands
    the UI process, which then reads no profile file itself (mace_tui/handoff.py)."""
    loaded = _LOADED.get(config_dir)
    if loaded is None:
        loaded = _read_all(config_dir)
        adopt_profiles(config_dir, loaded)
    return loaded


def adopt_profiles(config_dir: Path | None, loaded: LoadedProfiles) -> None:
    """Take ``loaded`` as what ``config_dir``'s profiles are (read by the command process)."""
    _LOADED[config_dir] = loaded
    while len(_LOADED) > _KEPT:
        del _LOADED[next(iter(_LOADED))]


def _read_all(config_dir: Path | None) -> LoadedProfiles:
    profiles = {p.key: p for p in map(load_profile_file, sorted(SHIPPED_DIR.glob("*.toml")))}
    broken: dict[str, ProfileError] = {}
    if config_dir is not None:
        user_dir = config_dir / "profiles"
        if user_dir.is_dir():
            for path in sorted(user_dir.glob("*.toml")):
                try:
                    profile = load_profile_file(path)
                except ProfileError as exc:
                    broken[path.stem] = exc
                    continue
                profiles[profile.key] = profile
    return LoadedProfiles(profiles, broken)


def load_profiles(config_dir: Path | None = None) -> dict[str, Profile]:
    """Every usable profile: the shipped ones, then the user's from ``config_dir/profiles``."""
    return dict(loaded_profiles(config_dir).profiles)


def profile_problems(config_dir: Path | None) -> list[str]:
    """One line per user profile file that cannot be used (and is left out)."""
    return [
        f"{exc} (this profile is left out)" for exc in loaded_profiles(config_dir).broken.values()
    ]


def get_profile(key: str, config_dir: Path | None = None) -> Profile:
    """One profile by key, or a ProfileError: the file's own problem, or the known keys."""
    loaded = loaded_profiles(config_dir)
    if key in loaded.broken:
        raise loaded.broken[key]
    try:
        return loaded.profiles[key]
    except KeyError:
        known = ", ".join(sorted(loaded.profiles))
        raise ProfileError(
            f"profile: {key!r} is not a known profile. Choose one of: {known}."
        ) from None


def clear_cache() -> None:
    """Forget loaded profiles (after a user edits a file, and in tests)."""
    _LOADED.clear()


def _line_of(exc: UnicodeDecodeError) -> int:
    """The line (from 1) holding the byte that is not UTF-8; the byte itself is never shown."""
    return bytes(exc.object[: exc.start]).count(b"\n") + 1
