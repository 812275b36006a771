"""Checking a recording against the store: its SHA-256 and its frame count; each check audited."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mace_tui.audio.integrity import check_file
from mace_tui.review.access import Actor, audit, describe, find_recording
from store.db import Store
from store.review import DELETED, VERIFY_FAILED, VERIFY_PASSED, ReviewRow


@dataclass(frozen=True)
class Verification:
    """The outcome of one integrity check, in plain words."""

    recording_id: int
    ok: bool
    problems: tuple[str, ...]
    sha256: str | None
    frames: int | None

    def summary(self) -> str:
        """One or two sentences for the admin."""
        if self.ok:
            return "Intact: the file's SHA-256 and frame count match what was stored when it was recorded."
        return "Integrity check FAILED: " + "; ".join(self.problems) + "."


def check_recording(row: ReviewRow) -> Verification:
    """Compare the file on disk with the stored SHA-256 and frame count (no audit)."""
    if row.state == DELETED:
        return Verification(row.id, False, ("the file was deleted under retention",), None, None)
    found = check_file(Path(row.path), frames=row.frames, sha256=row.sha256)
    problems = []
    if not found.exists:
        problems.append(f"the file {Path(row.path).name} is not on disk")
    else:
        if not row.sha256:
            problems.append("no SHA-256 was stored for it, so it cannot be checked")
        elif not found.sha256_match:
            problems.append("its SHA-256 differs from the one stored: the file has been changed")
        if not found.frames_match:
            problems.append(
                f"it holds {_count(found.frames)} frames where {_count(row.frames)} were stored"
            )
    return Verification(row.id, not problems, tuple(problems), found.sha256, found.frames)


def verify_recording(store: Store, recording_id: int, *, actor: Actor) -> Verification:
    """Check one recording and write the check, passed or failed, to the audit log."""
    row = find_recording(store, recording_id)
    result = check_recording(row)
    detail = f"{describe(row)}: " + ("intact" if result.ok else "; ".join(result.problems))
    audit(store, actor, VERIFY_PASSED if result.ok else VERIFY_FAILED, row=row, detail=detail)
    return result


def _count(frames: int | None) -> str:
    return "an unknown number of" if frames is None else f"{frames:,}"
