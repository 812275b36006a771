"""Splitting an external recording by the stored timeline: sample-exact, offset, refusals, filing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from click.testing import CliRunner

from mace_tui.audio.sealed import read_header
from mace_tui.audio.split import SplitProblem
from mace_tui.cli import main
from mace_tui.config import Settings
from mace_tui.review.external import split_into_meeting
from mace_tui.review.integrity import verify_recording
from store.audit import audit_events, verify_chain
from store.db import Store
from store.recordings import meeting_recordings
from tests.audio.fixtures import DemoMeeting
from tests.recordings import holds_plain, read_audio
from tests.review.fixtures import ACTOR
from tests.review.timeline import SPANS, Stored, external_signal, store_timeline

RATE = 16_000


@pytest.fixture
def stored(demo_store: Store, demo_meeting: DemoMeeting) -> Stored:
    return store_timeline(demo_store, demo_meeting.id)


def write(path: Path, signal: np.ndarray, *, rate: int = RATE, **kw: str) -> Path:
    sf.write(path, signal, rate, **kw)
    return path


def split(store: Store, settings: Settings, stored: Stored, path: Path, offset: float = 0.0):
    return split_into_meeting(
        store,
        recordings_dir=settings.recordings_dir,
        source_path=path,
        meeting_id=stored.meeting_id,
        offset_s=offset,
        actor=ACTOR,
        config_dir=settings.config_dir,
    )


@pytest.mark.parametrize(
    ("fmt", "subtype", "offset"),
    [("WAV", "PCM_16", 0.0), ("FLAC", "PCM_16", 0.0), ("WAV", "PCM_16", 7.25), ("WAV", "PCM_24", 3.000017)],
)  # fmt: skip
def test_each_child_gets_exactly_its_discussions_samples(
    demo_store: Store, settings: Settings, stored: Stored, tmp_path: Path,
    fmt: str, subtype: str, offset: float,
) -> None:  # fmt: skip
    signal, cuts = external_signal(rate=RATE, minutes=10, offset=offset)
    suffix = ".flac" if fmt == "FLAC" else ".wav"
    source = write(tmp_path / f"call{suffix}", signal, format=fmt, subtype=subtype)
    result = split(demo_store, settings, stored, source, offset)

    assert [(f.cut.start, f.cut.end) for f in result.files] == cuts
    dtype = "int32" if subtype == "PCM_24" else "int16"
    original, _ = sf.read(source, dtype=dtype)
    for made, (a, b) in zip(result.files, cuts, strict=True):
        samples, rate = read_audio(made.path, dtype=dtype)
        assert rate == RATE
        assert np.array_equal(samples, original[a:b])
        assert read_header(made.path).subtype == subtype
        # Sealed: the cut's samples are not in the file as PCM.
        assert not holds_plain(made.path, signal[a:b])
    # Each file is one discussion's tone only: its first and last samples are the tone's.
    if subtype == "PCM_16":
        first, _ = read_audio(result.files[0].path, dtype="int16")
        assert first[0] == signal[cuts[0][0]] != 0


def test_without_the_offset_the_cuts_are_shifted(
    demo_store: Store, settings: Settings, stored: Stored, tmp_path: Path
) -> None:
    signal, cuts = external_signal(rate=RATE, minutes=10, offset=7.25)
    source = write(tmp_path / "call.wav", signal)
    result = split(demo_store, settings, stored, source, 0.0)
    assert [f.cut.start for f in result.files] == [a - 116_000 for a, _ in cuts]


def test_cuts_are_filed_as_the_meetings_recordings_and_audited(
    demo_store: Store, settings: Settings, stored: Stored, tmp_path: Path
) -> None:
    signal, _ = external_signal(rate=RATE, minutes=10, offset=0)
    result = split(demo_store, settings, stored, write(tmp_path / "call.wav", signal))
    with demo_store.session() as session:
        rows = meeting_recordings(session, meeting_id=stored.meeting_id)
        events = audit_events(session)
        assert verify_chain(session).ok
    assert [(r.kind, r.item_id, r.state) for r in rows] == [
        ("external", item, "complete") for item in stored.item_ids
    ]
    for row, made, ref, position in zip(
        rows, result.files, stored.refs, stored.positions, strict=True
    ):
        assert row.frames == made.frames and row.sha256 == made.sha256
        assert Path(row.path).name == f"2026-11-23_{position:02d}_{ref}_external.sealed"
        assert oct(Path(row.path).stat().st_mode & 0o777) == "0o600"
        assert verify_recording(demo_store, row.id, actor=ACTOR, config_dir=settings.config_dir).ok
    assert [e.action for e in events[:5]] == ["split"] * 5
    assert "frames 561975-2424000 of call.wav" in events[0].detail
    with pytest.raises(SplitProblem, match="already has 5 recordings cut from an external file"):
        split(demo_store, settings, stored, tmp_path / "call.wav")


@pytest.mark.parametrize(
    ("minutes", "offset", "says"),
    [
        (9.5, 0.0, "timeline is longer than call.wav: discussion 5 ends at 9:42 in the file, which holds 9:30 of audio (discussions past the end: 5)"),
        (10, 30.0, "discussions past the end: 5"),
        (10, -40.0, "discussion 1 starts 0:05 before call.wav begins (offset -40 s)"),
    ],
)  # fmt: skip
def test_a_timeline_the_file_does_not_cover_is_reported_and_nothing_written(
    demo_store: Store, settings: Settings, stored: Stored, tmp_path: Path,
    minutes: float, offset: float, says: str,
) -> None:  # fmt: skip
    signal, _ = external_signal(rate=RATE, minutes=minutes, offset=0, spans=SPANS[:4])
    source = write(tmp_path / "call.wav", signal)
    with pytest.raises(SplitProblem, match=says.replace("(", r"\(").replace(")", r"\)")):
        split(demo_store, settings, stored, source, offset)
    assert not list(settings.recordings_dir.rglob("*.wav"))
    assert not list(settings.recordings_dir.rglob("*.sealed"))
    with demo_store.session() as session:
        assert meeting_recordings(session, meeting_id=stored.meeting_id) == []


def test_other_formats_are_refused_with_how_to_convert(
    demo_store: Store, settings: Settings, stored: Stored, tmp_path: Path
) -> None:
    signal, _ = external_signal(rate=RATE, minutes=0.2, offset=0)
    ogg = write(tmp_path / "call.ogg", signal, format="OGG", subtype="VORBIS")
    with pytest.raises(SplitProblem, match=r"only WAV and FLAC can be split.*ffmpeg -i call.ogg"):
        split(demo_store, settings, stored, ogg)
    mp3 = tmp_path / "call.mp3"
    mp3.write_bytes(b"ID3\x03\x00 not really audio")
    with pytest.raises(SplitProblem, match=r"not a WAV or FLAC recording.*sox call.mp3 call.wav"):
        split(demo_store, settings, stored, mp3)
    with pytest.raises(SplitProblem, match="does not exist"):
        split(demo_store, settings, stored, tmp_path / "nowhere.wav")


def test_a_meeting_without_discussion_times_has_nothing_to_cut_by(
    demo_store: Store, settings: Settings, demo_meeting: DemoMeeting, tmp_path: Path
) -> None:
    signal, _ = external_signal(rate=RATE, minutes=0.2, offset=0, spans=[])
    source = write(tmp_path / "call.wav", signal)
    with pytest.raises(SplitProblem, match="nothing to cut it by"):
        split_into_meeting(
            demo_store, recordings_dir=settings.recordings_dir, source_path=source,
            meeting_id=demo_meeting.id, offset_s=0, actor=ACTOR, config_dir=settings.config_dir,
        )  # fmt: skip


def test_split_command(demo_store: Store, stored: Stored, tmp_path: Path) -> None:
    signal, cuts = external_signal(rate=RATE, minutes=10, offset=7.25)
    source = write(tmp_path / "call.wav", signal)
    runner = CliRunner()
    result = runner.invoke(
        main, ["split", str(source), "--meeting", "2026-11-23:llr-drmm", "--offset", "7.25"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    assert f"frames {cuts[0][0]}-{cuts[0][1]}" in lines[0]
    assert (
        lines[-1]
        == "Cut 5 discussions from call.wav (10 min 00 s, 16000 Hz) and filed them with the meeting."
    )

    bad = runner.invoke(main, ["split", str(tmp_path / "x.wav"), "--meeting", "2026-11-23"])
    assert bad.exit_code == 2
    assert "FILE:" in bad.stderr and "does not exist" in bad.stderr
    none = runner.invoke(main, ["split", str(source), "--meeting", "2031-01-01"])
    assert none.exit_code == 2
    assert "--meeting: there is no meeting on 2031-01-01" in none.stderr


# -- all the cuts' rows, or none ----------------------------------------------------------------
def split_in_child(store: Store, *, meeting_id: int, source: str) -> None:
    """In a child process (tests.store.test_all_or_nothing.run_move): split as the command does."""
    from mace_tui.config import load_settings

    settings = load_settings()
    split_into_meeting(
        store, recordings_dir=settings.recordings_dir, source_path=Path(source),
        meeting_id=meeting_id, offset_s=0.0, actor=ACTOR, config_dir=settings.config_dir,
    )  # fmt: skip


def split_rows(store: Store, meeting_id: int) -> tuple[int, int]:
    """(the meeting's recordings, split events in the audit log); the chain must hold."""
    with store.session() as session:
        rows = meeting_recordings(session, meeting_id=meeting_id)
        events = [e for e in audit_events(session) if e.action == "split"]
        check = verify_chain(session, seal=store.audit_seal)
    assert check.ok, check.problem
    return len(rows), len(events)


def test_a_split_killed_part_way_registers_no_cut_and_can_be_run_again(
    demo_store: Store, settings: Settings, stored: Stored, tmp_path: Path
) -> None:
    """The process dies right after the first cut is registered, before the rest: none of the
    rows is written (it used to leave one child registered, and a second run refused with
    "already has 1 recordings cut from an external file")."""
    from tests.store.test_all_or_nothing import run_move

    signal, _ = external_signal(rate=RATE, minutes=10, offset=0)
    source = write(tmp_path / "call.wav", signal)
    demo_store.close()
    move = "tests.review.test_split:split_in_child"
    args = {"meeting_id": stored.meeting_id, "source": str(source)}

    assert run_move(move, "mace_tui.review.external._register", **args) == 9
    assert split_rows(demo_store, stored.meeting_id) == (0, 0)  # none of it

    assert run_move(move, "", **args) == 0
    assert split_rows(demo_store, stored.meeting_id) == (5, 5)  # all of it


def test_a_cut_refused_part_way_leaves_no_row_and_no_file(
    demo_store: Store,
    settings: Settings,
    stored: Stored,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fake ``external._register`` that fails on the second cut (after registering the first
    as the real one does): nothing is registered, so every cut file is removed, not only those
    after the first."""
    from mace_tui.review import external

    real = external._register
    calls: list[int] = []

    def second_fails(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(external, "_register", second_fails)
    signal, _ = external_signal(rate=RATE, minutes=10, offset=0)
    source = write(tmp_path / "call.wav", signal)
    with pytest.raises(OSError, match="No space left"):
        split(demo_store, settings, stored, source)
    assert split_rows(demo_store, stored.meeting_id) == (0, 0)
    assert not list(settings.recordings_dir.rglob("*.sealed"))

    monkeypatch.setattr(external, "_register", real)
    split(demo_store, settings, stored, source)
    assert split_rows(demo_store, stored.meeting_id) == (5, 5)


class Interrupted(BaseException):
    pass


def test_cuts_whose_rows_are_committed_stay_whatever_follows(
    demo_store: Store,
    settings: Settings,
    stored: Stored,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Interrupted after the rows are committed (a fake ``store.audit.write_anchor`` raising,
    as Ctrl-C there would): the files the rows name are not removed."""
    import store.audit

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise Interrupted

    monkeypatch.setattr(store.audit, "write_anchor", interrupted)
    signal, _ = external_signal(rate=RATE, minutes=10, offset=0)
    with pytest.raises(Interrupted):
        split(demo_store, settings, stored, write(tmp_path / "call.wav", signal))
    with demo_store.session() as session:
        rows = meeting_recordings(session, meeting_id=stored.meeting_id)
    assert len(rows) == 5 and all(Path(r.path).exists() for r in rows)
