"""Victim-blaming language check (R15): a hint, never a block.

Phrases live in ``language.toml`` beside this module. Matching is
case-insensitive, on word boundaries, and returns character spans so the UI
can highlight them as the chair types.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PHRASES_FILE = Path(__file__).with_name("language.toml")
_ALTERNATIVES = re.compile(r"\[([^\]]+)\]")


@dataclass(frozen=True)
class Phrase:
    """A phrase to avoid, why, and a better wording."""

    match: str
    why: str
    instead: str


@dataclass(frozen=True)
class Hit:
    """A phrase found in a text, at ``start:end``."""

    start: int
    end: int
    text: str
    phrase: Phrase


def _pattern(spec: str) -> str:
    """Turn ``putting [himself|herself] at risk`` into a regular expression."""
    parts: list[str] = []
    pos = 0
    for alt in _ALTERNATIVES.finditer(spec):
        parts.append(re.escape(spec[pos : alt.start()]))
        options = sorted(alt.group(1).split("|"), key=len, reverse=True)
        parts.append("(?:" + "|".join(re.escape(o) for o in options) + ")")
        pos = alt.end()
    parts.append(re.escape(spec[pos:]))
    body = "".join(parts)
    body = re.sub(r"(\\ )+", r"\\s+", body)
    return rf"(?<!\w){body}(?!\w)"


@lru_cache(maxsize=1)
def phrases() -> tuple[Phrase, ...]:
    """All phrases from the data file."""
    with PHRASES_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(Phrase(p["match"], p["why"], p["instead"]) for p in data["phrase"])


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], tuple[Phrase, ...]]:
    items = phrases()
    union = "|".join(f"(?P<p{i}>{_pattern(p.match)})" for i, p in enumerate(items))
    return re.compile(union, re.IGNORECASE), items


def check(text: str) -> list[Hit]:
    """Every phrase to rethink in ``text``, left to right, not overlapping."""
    pattern, items = _compiled()
    hits: list[Hit] = []
    for found in pattern.finditer(text):
        name = found.lastgroup
        assert name is not None
        hits.append(Hit(found.start(), found.end(), found.group(0), items[int(name[1:])]))
    return hits
