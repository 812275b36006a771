"""Disruption tactics (R22): an action on a person or location of concern names one, from
the profile's list or, under "other", in the chair's own words."""

from __future__ import annotations

OTHER = "other"
_OTHER_PREFIX = "other: "


def tactic_value(chosen: str, other_words: str = "") -> str:
    """What is stored for a choice: the listed tactic, or "other: <words>"."""
    if chosen.strip().casefold() == OTHER:
        words = " ".join(other_words.split())
        return f"{_OTHER_PREFIX}{words}" if words else ""
    return chosen.strip()


def split_tactic(stored: str, listed: tuple[str, ...]) -> tuple[str, str]:
    """The picker's choice and the "other" words for a stored tactic (for editing)."""
    if not stored:
        return "", ""
    if stored.startswith(_OTHER_PREFIX):
        return OTHER, stored[len(_OTHER_PREFIX) :]
    if stored in listed:
        return stored, ""
    # A tactic the profile no longer lists: kept, as words under "other".
    return OTHER, stored


def tactic_problem(chosen: str, other_words: str, *, kind: str = "action") -> str | None:
    """Why the tactic cannot be saved as it stands, or None (an information-sharing action
    needs none)."""
    if kind == "info-share":
        return None
    if not chosen.strip():
        return "Tactic: pick the disruption tactic this action uses (or other)."
    if chosen.strip().casefold() == OTHER and not other_words.strip():
        return "Tactic: say in a few words what the other tactic is."
    return None


def tactic_label(stored: str) -> str:
    """The tactic as the action log shows it."""
    if stored.startswith(_OTHER_PREFIX):
        return f"Other: {stored[len(_OTHER_PREFIX) :]}"
    return stored


__all__ = ["OTHER", "split_tactic", "tactic_label", "tactic_problem", "tactic_value"]
