"""The protective marking every output carries (R11): first and last line, header and footer."""

from __future__ import annotations

CLASSIFICATION = "OFFICIAL-SENSITIVE"
HANDLING = "Do not print. Do not forward without the chair's agreement."
MARKING = f"{CLASSIFICATION} — {HANDLING}"


def marking_line(version: str | None = None) -> str:
    """The single line put at the top and bottom of every file we write."""
    return MARKING if version is None else f"{MARKING} ({version})"
