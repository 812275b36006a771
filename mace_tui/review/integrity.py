"""Checking a recording against the store: its SHA-256 and its frame count; each check audited."""

from __future__ import annotations

from pathlib import Path

from mace_tui.audio.integrity import check_file
from mace_tui.review.access import Actor, audit, describe, find_recording
from store.db import Store
from store.frozen import record
from store.review import DELETED, VERIFY_FAILED, VERIFY_PASSED, ReviewRow


@record
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


def check_recording(
    row: ReviewRow, *, config_dir: Path | None = None, store_id: str | None = None
) -> Verification:
    """Compare the file on disk with the stored SHA-256 and frame count (no audit).

    With ``config_dir`` and ``store_id``, a sealed file's every block is also
    opened with the store's key (a wrong or missing key is a problem named).
    """
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
        if config_dir is not None and store_id is not None and not problems:
            from mace_tui.audio.recfile import check_blocks, file_format

            path = Path(row.path)
            if file_format(path) == "sealed":
                trouble = check_blocks(path, config_dir=config_dir, store_id=store_id)
                if trouble is not None:
                    problems.append(trouble.rstrip("."))
    return Verification(row.id, not problems, tuple(problems), found.sha256, found.frames)


def verify_recording(
    store: Store, recording_id: int, *, actor: Actor, config_dir: Path | None = None
) -> Verification:
    """Check one recording and write the check, passed or failed, to the audit log.

    With ``config_dir`` (where the keys are), an encrypted file is also opened
    block by block with the store's key.
    """
    row = find_recording(store, recording_id)
    result = check_recording(row, config_dir=config_dir, store_id=store.store_id)
    detail = f"{describe(row)}: " + ("intact" if result.ok else "; ".join(result.problems))
    audit(store, actor, VERIFY_PASSED if result.ok else VERIFY_FAILED, row=row, detail=detail)
    return result


def _count(frames: int | None) -> str:
    return "an unknown number of" if frames is None else f"{frames:,}"
