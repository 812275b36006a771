"""Where segment files go and what they are called: dates, positions, opaque refs — never names.

A file name is seen by anyone browsing the recordings folder, so it carries
only the meeting date, the child's place on the queue and the child's opaque
reference (R18). The name is claimed by creating the file exclusively, so two
segments can never share a file, even for a child discussed twice.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from mace_tui.audio.wavfile import create_private

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
SUFFIX = ".wav"


def safe_part(text: str, *, fallback: str) -> str:
    """``text`` reduced to letters, digits, ``-`` and ``_`` (and never empty)."""
    cleaned = _UNSAFE.sub("-", text.strip()).strip("-")
    return cleaned[:40] or fallback


def meeting_folder(recordings_dir: Path, *, meeting_date: date, meeting_id: int) -> Path:
    """The folder holding one meeting's segments."""
    return recordings_dir / f"{meeting_date:%Y-%m-%d}-meeting-{meeting_id}"


def child_stem(*, meeting_date: date, position: int, child_ref: str) -> str:
    """``2026-11-23_03_C1042``: date, queue position, opaque child reference."""
    return f"{meeting_date:%Y-%m-%d}_{position:02d}_{safe_part(child_ref, fallback='child')}"


def meeting_part_stem(*, meeting_date: date, label: str) -> str:
    """``2026-11-23_meeting_introductions`` for a part of the meeting not about one child."""
    return f"{meeting_date:%Y-%m-%d}_meeting_{safe_part(label.lower(), fallback='part')}"


def claim_path(folder: Path, stem: str) -> Path:
    """Create and return a new private file ``stem.wav`` (or ``stem-2.wav``…) in ``folder``."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    for attempt in range(1, 1000):
        name = stem if attempt == 1 else f"{stem}-{attempt}"
        path = folder / f"{name}{SUFFIX}"
        try:
            create_private(path)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder}: too many files named {stem}")
