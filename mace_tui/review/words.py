"""Short wordings the review's lists, files and messages share."""

from __future__ import annotations

from pathlib import Path


def meeting_name(profile_key: str, config_dir: Path | None = None) -> str:
    """The profile's full name, or its key when the profile is not installed here."""
    from mace_tui.profiles import ProfileError, get_profile

    try:
        return get_profile(profile_key, config_dir).name
    except ProfileError:
        return profile_key


def short_name(profile_key: str, config_dir: Path | None = None) -> str:
    """The profile's short name (DRMM, FORM…), or its key."""
    from mace_tui.profiles import ProfileError, get_profile

    try:
        return get_profile(profile_key, config_dir).short_name
    except ProfileError:
        return profile_key


def clock(seconds: float) -> str:
    """``1:02:05`` or ``4:07``: a position or a length on a player."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration_text(seconds: float) -> str:
    """``7 min 05 s``, ``1 h 02 min``, ``42 s``."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def days_text(days: int) -> str:
    """``1 day``, ``30 days``."""
    return f"{days} day{'s' if days != 1 else ''}"


def size_text(size: int | None) -> str:
    """``9.6 MB``, ``512 kB``; a dash when unknown."""
    if size is None:
        return "—"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


__all__ = ["clock", "days_text", "duration_text", "meeting_name", "short_name", "size_text"]
