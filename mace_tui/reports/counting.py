"""Counting a queue's subjects in words: light (no records), so the home screen's first
paint need not import the action log's records (see mace_tui/reports/words.py)."""

from __future__ import annotations

SUBJECT_WORDS = (
    ("child", "child", "children"),
    ("person", "person of concern", "persons of concern"),
    ("location", "location of concern", "locations of concern"),
    ("free", "other item", "other items"),
)


def subjects_counted(kinds: tuple[str, ...] | list[str]) -> str:
    """How many subjects of each kind, e.g. "4 children, 1 person of concern" (children
    always named, the other kinds only when there are some)."""
    parts = []
    for kind, one, many in SUBJECT_WORDS:
        n = sum(1 for k in kinds if k == kind)
        if n or kind == "child":
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)
