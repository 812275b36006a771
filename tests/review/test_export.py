"""Exporting a copy: WAV or FLAC, a marked sidecar, private files, never overwriting; audited."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import TypedDict

import numpy as np
import pytest
import soundfile as sf

from mace_tui.reports.marking import marking_line
from mace_tui.review.access import ReviewProblem
from mace_tui.review.export import export_recording
from store.audit import audit_events, verify_chain
from store.db import Store
from tests.review.fixtures import ACTOR, Recorded


class Keys(TypedDict):
    config_dir: Path


def KEYS(recorded: Recorded) -> Keys:
    """Where the store's keys are (the config folder)."""
    return {"config_dir": recorded.config_dir}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_wav_copy_is_the_decrypted_recording_with_a_marked_sidecar(
    recorded: Recorded, demo_store: Store, tmp_path: Path
) -> None:
    row = recorded.rows[1]
    entry = recorded.meeting.queue[1]
    out = tmp_path / "requests"
    done = export_recording(
        demo_store, row.id, out, reason="Court order CO-17", actor=ACTOR, **KEYS(recorded)
    )

    assert done.audio == out / f"{Path(row.path).stem}_OFFICIAL-SENSITIVE.wav"
    samples, rate = sf.read(done.audio, dtype="int16")
    assert (rate, sf.info(str(done.audio)).subtype) == (16_000, "PCM_16")
    assert np.array_equal(samples, recorded.signals[1])
    assert done.sha256 != row.sha256  # the original is the encrypted file
    assert done.sidecar == done.audio.with_suffix(".txt")
    lines = done.sidecar.read_text(encoding="utf-8").splitlines()
    assert lines[0] == lines[-1] == marking_line()
    text = "\n".join(lines)
    for expected in (
        "Meeting: Daily Risk Management Meeting (llr-drmm), Monday 23 November 2026",
        f"Discussion: {entry.position} on the queue",
        f"Child reference: {entry.child_ref}",
        f"Duration: 1 s (0.512 s, {len(recorded.signals[1]):,} frames at 16000 Hz, 1 channel)",
        f"SHA-256 of the original (stored when it was recorded): {row.sha256}",
        f"SHA-256 of this copy: {done.sha256}",
        "plain WAV decrypted from the encrypted original: the same samples",
        "Exported by: admin-test (operating-system account)",
        "Exported at: 2026-11-24 10:00:00 UTC",
        "Reason given: Court order CO-17",
        "OFFICIAL-SENSITIVE",
    ):
        assert expected in text
    for part in entry.name.split():
        assert part not in text
    assert mode(done.audio) == mode(done.sidecar) == 0o600
    assert mode(out) == 0o700
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_flac_copy_holds_the_same_samples(
    recorded: Recorded, demo_store: Store, tmp_path: Path
) -> None:
    row = recorded.rows[2]
    done = export_recording(
        demo_store, row.id, tmp_path, reason="SAR 2026/44", actor=ACTOR, audio_format="flac",
        **KEYS(recorded),
    )  # fmt: skip
    assert done.audio.suffix == ".flac"
    samples, rate = sf.read(done.audio, dtype="int16")
    assert rate == 16_000
    assert np.array_equal(samples, recorded.signals[2])
    assert "FLAC, lossless: the same samples" in done.sidecar.read_text(encoding="utf-8")


def test_exporting_again_never_replaces_a_file(
    recorded: Recorded, demo_store: Store, tmp_path: Path
) -> None:
    row = recorded.rows[0]
    stem = f"{Path(row.path).stem}_OFFICIAL-SENSITIVE"
    # Someone's unrelated file already holds the second sidecar name.
    (tmp_path / f"{stem}-2.txt").write_text("keep me")
    first = export_recording(
        demo_store, row.id, tmp_path, reason="first", actor=ACTOR, **KEYS(recorded)
    )
    second = export_recording(
        demo_store, row.id, tmp_path, reason="second", actor=ACTOR, **KEYS(recorded)
    )
    assert first.audio.name == f"{stem}.wav"
    assert second.audio.name == f"{stem}-3.wav"
    assert second.sidecar.name == f"{stem}-3.txt"
    assert (tmp_path / f"{stem}-2.txt").read_text() == "keep me"
    assert not (tmp_path / f"{stem}-2.wav").exists()
    assert "Reason given: first" in first.sidecar.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("reason", "folder", "says"),
    [
        ("  ", "out", "Reason: say who asked for this copy and why"),
        ("ok", "missing-parent/out", "does not exist; create it first"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    recorded: Recorded, demo_store: Store, tmp_path: Path, reason: str, folder: str, says: str
) -> None:
    with pytest.raises(ReviewProblem, match=says):
        export_recording(
            demo_store, recorded.rows[0].id, tmp_path / folder, reason=reason, actor=ACTOR,
            **KEYS(recorded),
        )  # fmt: skip
    assert not (tmp_path / "out").exists()
    with demo_store.session() as session:
        assert [e.action for e in audit_events(session)] == []


def test_a_damaged_recording_is_not_exported(
    recorded: Recorded, demo_store: Store, tmp_path: Path
) -> None:
    path = recorded.path(0)
    path.write_bytes(path.read_bytes()[:-2])
    out = tmp_path / "out"
    with pytest.raises(ReviewProblem, match="Not exported: Integrity check FAILED"):
        export_recording(
            demo_store, recorded.rows[0].id, out, reason="request", actor=ACTOR, **KEYS(recorded)
        )
    assert not out.exists()
    with demo_store.session() as session:
        assert [e.action for e in audit_events(session)] == ["verify-failed"]


def test_every_export_is_audited_with_who_and_why(
    recorded: Recorded, demo_store: Store, tmp_path: Path
) -> None:
    row = recorded.rows[1]
    done = export_recording(
        demo_store, row.id, tmp_path, reason="Court order CO-17", actor=ACTOR, **KEYS(recorded)
    )
    with demo_store.session() as session:
        events = audit_events(session)
        assert verify_chain(session).ok
    assert [(e.action, e.recording_id, e.os_user, e.reason) for e in events] == [
        ("export", row.id, "admin-test", "Court order CO-17")
    ]
    assert str(done.audio) in events[0].detail
    assert events[0].at == ACTOR.now
