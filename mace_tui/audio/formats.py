"""A recording file's format as its name says, in words: light (no numpy), for the review
screen's first paint. Readers look at the bytes (``mace_tui.audio.recfile.file_format``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Format = Literal["sealed", "wav"]
SEALED_SUFFIX = ".sealed"


def format_words(fmt: Format | None) -> str:
    """How the review screen names a file's format."""
    if fmt == "sealed":
        return "encrypted"
    if fmt == "wav":
        return "plain WAV (older version, not encrypted)"
    return "not a recording this app can read"


def format_by_name(path: Path) -> Format | None:
    """The format a file's name suggests (cheap: for the screen; readers look at the bytes)."""
    if path.suffix == SEALED_SUFFIX:
        return "sealed"
    if path.suffix == ".wav":
        return "wav"
    return None
