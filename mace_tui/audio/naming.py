"""Where segment files go and what they are called: dates, positions, opaque refs — never names.

A file name is seen by anyone browsing the recordings folder, so it carries
only the meeting date, the child's place on the queue and the child's opaque
reference (R18). Each store writes under its own folder, ``store-<store id>``
(R27): stores sharing a recordings folder never see each other's files as
their own, and :func:`file_store_id` reads a file's store back from its path. The name is claimed by creating the file exclusively, so two
segments can never share a file, even for a child discussed twice.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from mace_tui.audio.wavfile import create_private
from store.frozen import record

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
# New segments are sealed (encrypted); plain ``.wav`` files are from earlier versions.
SUFFIX = ".sealed"
SUFFIXES = (SUFFIX, ".wav")
_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}-meeting-(?P<id>\d+)$")
_STORE = re.compile(r"^store-(?P<id>[0-9a-f]{32})$")
_CHILD = re.compile(r"^\d{4}-\d{2}-\d{2}_(?P<pos>\d+)_(?P<rest>[A-Za-z0-9_-]+)$")
_PART = re.compile(r"^\d{4}-\d{2}-\d{2}_meeting_[A-Za-z0-9_-]+$")


def safe_part(text: str, *, fallback: str) -> str:
    """``text`` reduced to letters, digits, ``-`` and ``_`` (and never empty)."""
    cleaned = _UNSAFE.sub("-", text.strip()).strip("-")
    return cleaned[:40] or fallback


def store_folder(recordings_dir: Path, store_id: str) -> Path:
    """The folder holding one store's recordings."""
    return recordings_dir / f"store-{store_id}"


def meeting_folder(
    recordings_dir: Path, *, store_id: str, meeting_date: date, meeting_id: int
) -> Path:
    """The folder holding one meeting's segments, inside its store's folder."""
    return store_folder(recordings_dir, store_id) / f"{meeting_date:%Y-%m-%d}-meeting-{meeting_id}"


def folder_store_id(folder: Path) -> str | None:
    """The store id in a store folder's name, or None for any other folder."""
    match = _STORE.match(folder.name)
    return match["id"] if match else None


def file_store_id(path: Path) -> str | None:
    """The store a recording file belongs to, read from its path (None: written before store ids)."""
    for parent in path.parents:
        found = folder_store_id(parent)
        if found is not None:
            return found
    return None


def other_store(path: Path, store_id: str) -> str | None:
    """The other store's id when ``path`` lies in another store's folder, else None."""
    owner = file_store_id(path)
    return owner if owner is not None and owner != store_id else None


def child_stem(*, meeting_date: date, position: int, child_ref: str) -> str:
    """``2026-11-23_03_C1042``: date, queue position, opaque child reference."""
    return f"{meeting_date:%Y-%m-%d}_{position:02d}_{safe_part(child_ref, fallback='child')}"


def meeting_part_stem(*, meeting_date: date, label: str) -> str:
    """``2026-11-23_meeting_introductions`` for a part of the meeting not about one child."""
    return f"{meeting_date:%Y-%m-%d}_meeting_{safe_part(label.lower(), fallback='part')}"


def recording_files(folder: Path, pattern: str = "*") -> list[Path]:
    """The recording files (sealed, or WAV from earlier versions) matching ``pattern`` + suffix."""
    return sorted(p for suffix in SUFFIXES for p in folder.glob(f"{pattern}{suffix}"))


def claim_path(folder: Path, stem: str) -> Path:
    """Create and return a new private file ``stem.sealed`` (or ``stem-2.sealed``…) in ``folder``.

    A name is free only when no earlier version's ``stem.wav`` holds it either.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    for attempt in range(1, 1000):
        name = stem if attempt == 1 else f"{stem}-{attempt}"
        path = folder / f"{name}{SUFFIX}"
        if any((folder / f"{name}{other}").exists() for other in SUFFIXES if other != SUFFIX):
            continue
        try:
            create_private(path)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder}: too many files named {stem}")


@record
class ParsedName:
    """What a segment file's name says about it."""

    kind: str
    position: int | None = None
    # The reference, possibly followed by ``-2``…: compare with :meth:`names_child`.
    rest: str = ""

    def names_child(self, child_ref: str) -> bool:
        """True when this name was made for the child with ``child_ref``."""
        ref = safe_part(child_ref, fallback="child")
        return self.rest == ref or re.fullmatch(re.escape(ref) + r"-\d+", self.rest) is not None


def folder_meeting_id(folder: Path) -> int | None:
    """The meeting id in a meeting folder's name, or None for any other folder."""
    match = _FOLDER.match(folder.name)
    return int(match["id"]) if match else None


def parse_segment_name(path: Path) -> ParsedName | None:
    """Read a segment file's name back: a child's (position, reference) or a meeting part."""
    if path.suffix not in SUFFIXES:
        return None
    if _PART.match(path.stem):
        return ParsedName("meeting")
    match = _CHILD.match(path.stem)
    if match:
        return ParsedName("child", int(match["pos"]), match["rest"])
    return None
