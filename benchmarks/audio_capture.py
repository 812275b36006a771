"""Benchmark: a 60-minute meeting with 20 children, captured through a virtual microphone.

Run by hand from the repository root (needs libportaudio2)::

    uv run python benchmarks/audio_capture.py                # 60 min at 20x: about 3 minutes
    uv run python benchmarks/audio_capture.py --speed 1      # the same hour in real time

The microphone is ALSA's ``file`` plugin reading a named pipe (as in
tests/audio/virtual_mic.py). A separate feeder process writes a counting
signal into the pipe at ``--speed`` times real time, so the capture is paced
like a real device and the feeder's own CPU is not counted. The meeting has
introductions, 20 children and AOB, switched as the chair would, by watching
the clock. It reports input overflows (must be 0), the recorder's memory over
the meeting (should be flat), CPU per minute of audio, and the gap at each
switch (must be 0 frames), and checks every file sample by sample.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from figures import figure

if TYPE_CHECKING:
    from store.recordings import RecordingRecord

BLOCK = 1024
CONF = """
pcm.bench_source {{
    type file
    slave.pcm "null"
    file "{dir}/played.raw"
    infile "{fifo}"
    format "raw"
}}
pcm.benchmic {{
    type plug
    slave {{ pcm "bench_source" format S16_LE rate {rate} channels 1 }}
}}
"""


def ramp_block(start: int) -> bytes:
    """Block ``start // BLOCK`` of the counting signal: frame i holds i wrapped to int16."""
    import numpy as np

    return (((np.arange(start, start + BLOCK) % 65536) - 32768).astype("<i2")).tobytes()


def feed(fifo: str, frames: int, speed: float, rate: int) -> None:
    """The feeder process: write the counting signal into the pipe at ``speed`` x real time."""
    fd = os.open(fifo, os.O_WRONLY)
    started = time.monotonic()
    for start in range(0, frames, BLOCK):
        delay = started + start / rate / speed - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        os.write(fd, ramp_block(start))
    # Keep sound coming after the last block so the recorder can stop cleanly.
    while True:
        time.sleep(BLOCK / rate / speed)
        try:
            os.write(fd, bytes(BLOCK * 2))
        except BrokenPipeError:
            return


def rss_mib() -> float:
    """This process's resident memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_meeting(store_url: str, children: int) -> tuple[int, list[tuple[int, int, str]]]:
    """A meeting with ``children`` made-up children queued."""
    from store.db import Store
    from store.models import AgendaItem, Child, Meeting

    store = Store.open(store_url)
    with store.session() as session:
        meeting = Meeting(profile="llr-drmm", date=date(2026, 11, 23))
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        queue = []
        for n in range(1, children + 1):
            child = Child(ref=f"BENCH-{n:02d}", name=f"Benchmark Child {n}")
            session.add(child)
            session.flush()
            assert child.id is not None
            item = AgendaItem(meeting_id=meeting.id, child_id=child.id, meeting_date=meeting.date,
                              profile="llr-drmm", position=n)  # fmt: skip
            session.add(item)
            session.flush()
            assert item.id is not None
            queue.append((item.id, n, child.ref))
        session.commit()
    store.close()
    return meeting.id, queue


def verify(
    rows: list[RecordingRecord], rate: int, total: int, *, config_dir: Path, store_id: str
) -> list[int]:
    """Check every (sealed) file against the counting signal; return the gap at each switch."""
    import numpy as np

    from mace_tui.audio.recfile import read_samples

    def span(row: RecordingRecord) -> tuple[int, int]:
        assert row.first_frame is not None and row.frames is not None, "a sealed file's span"
        return row.first_frame, row.frames

    gaps = [span(after)[0] - sum(span(before)) for before, after in itertools.pairwise(rows)]
    for row in rows:
        first, count = span(row)
        samples, file_rate, _ = read_samples(
            Path(row.path), config_dir=config_dir, store_id=store_id
        )
        data = samples[:, 0]
        assert file_rate == rate and len(data) == count
        frames = np.arange(first, first + count)
        expected = ((frames % 65536) - 32768).astype(np.int16)
        # After the signal's end the feeder sends silence until the recorder stops.
        expected[frames >= total] = 0
        assert np.array_equal(data, expected), f"{Path(row.path).name} differs from the input"
    return gaps


def run(minutes: float, children: int, speed: float, rate: int, *, keep: bool = False) -> None:
    work = Path(tempfile.mkdtemp(prefix="mace-audio-bench-"))
    fifo = work / "mic.raw"
    os.mkfifo(fifo)
    keepalive = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    conf = work / "asound.conf"
    conf.write_text(CONF.format(dir=work, fifo=fifo, rate=rate))
    os.environ["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{conf}"
    os.environ["JACK_NO_START_SERVER"] = "1"

    from mace_tui.audio.meeting import MeetingAudio
    from mace_tui.audio.pace import PaceLimits
    from mace_tui.config import load_settings, prepare
    from store.db import Store
    from store.recordings import meeting_recordings

    settings = load_settings(
        data_dir=work / "data", config_dir=work / "config", audio_device="benchmic"
    )
    settings = dataclasses.replace(settings, sample_rate=rate)
    prepare(settings)
    meeting_id, queue = make_meeting(settings.db_url, children)
    store = Store.open(settings.db_url)

    total = int(minutes * 60 * rate) // BLOCK * BLOCK
    intro = int(2 * 60 * rate) if minutes >= 10 else total // 10
    aob = intro
    per_child = (total - intro - aob) // children
    switches = [intro + per_child * n for n in range(children)] + [total - aob]

    # Faster than real time on purpose: the pace check is on only for a real-time run.
    pace = PaceLimits()
    audio = MeetingAudio(store=store, settings=settings, meeting_id=meeting_id,
                         meeting_date=date(2026, 11, 23), watchdog_s=10,
                         pace=pace if speed == 1 else None)  # fmt: skip
    feeder = subprocess.Popen(
        [sys.executable, __file__, "--feed", str(fifo), str(total), str(speed), str(rate)]
    )
    print(f"{minutes:g} min of audio, {children} children, {speed:g}x real time, {rate} Hz")
    status = audio.start()
    assert status.state == "idle", status.message
    audio.begin_meeting_part("Introductions")

    cpu0, wall0 = time.process_time(), time.monotonic()
    samples: list[tuple[float, float]] = [(0.0, rss_mib())]
    next_switch, next_sample = 0, time.monotonic() + 2
    while (captured := audio.status().frames_captured) < total:
        if next_switch < len(switches) and captured >= switches[next_switch]:
            if next_switch < children:
                item_id, position, ref = queue[next_switch]
                audio.begin_child(item_id=item_id, position=position, child_ref=ref)
            else:
                audio.begin_meeting_part("AOB")
            next_switch += 1
        if time.monotonic() >= next_sample:
            samples.append((captured / rate / 60, rss_mib()))
            next_sample += 2
        # The chair's screen polls status ten times a second; faster only to switch on time.
        time.sleep(min(0.1, 0.1 / speed))
    audio.end_segment()
    status = audio.status()
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    samples.append((status.frames_captured / rate / 60, rss_mib()))
    clean = audio.stop(timeout=30)
    feeder.kill()
    feeder.wait()
    os.close(keepalive)

    with store.session() as session:
        rows = meeting_recordings(session, meeting_id=meeting_id)
    gaps = verify(rows, rate, total, config_dir=settings.config_dir, store_id=store.store_id)
    audio_minutes = total / rate / 60
    settled = [rss for at, rss in samples if at >= audio_minutes * 0.1]
    print()
    print("| measure | result |")
    print("|---|---|")
    print(f"| audio captured | {audio_minutes:.1f} min in {wall:.0f} s wall ({speed:g}x) |")
    print(
        f"| files | {len(rows)} ({sum(r.kind == 'child' for r in rows)} children + introductions + AOB), all sample-exact |"
    )
    print(f"| input overflows | {status.overflows} |")
    print(
        f"| gap at each switch (frames) | max {max(gaps)}, min {min(gaps)} over {len(gaps)} switches |"
    )
    print(f"| CPU per minute of audio | {cpu / audio_minutes * 1000:.0f} ms ({cpu:.1f} s in all) |")
    print(
        f"| recorder memory (RSS) | start {samples[0][1]:.0f} MiB; after 10% of the meeting {min(settled):.0f}–{max(settled):.0f} MiB |"
    )
    print(f"| stopped cleanly | {clean} |")
    figure(
        f"capturing {audio_minutes:.0f} min with {children} children through a virtual microphone "
        "(every file checked sample by sample)",
        f"{status.overflows} overflows, max gap {max(gaps)} frames, "
        f"{cpu / audio_minutes * 1000:.0f} ms CPU per audio minute",
        budget="0 overflows, 0 frames",
        ok=status.overflows == 0 and max(gaps) == 0 and clean,
    )
    print()
    print(
        "RSS by audio minute: "
        + ", ".join(f"{at:.0f}m {rss:.0f}" for at, rss in samples[:: max(1, len(samples) // 12)])
    )
    store.close()
    if not keep:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--children", type=int, default=20)
    parser.add_argument("--speed", type=float, default=20, help="times real time (1 = a real hour)")
    parser.add_argument("--rate", type=int, default=16_000)
    parser.add_argument("--keep", action="store_true", help="keep the recordings folder")
    parser.add_argument(
        "--feed", nargs=4, metavar=("FIFO", "FRAMES", "SPEED", "RATE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.feed:
        fifo, frames, speed, rate = args.feed
        feed(fifo, int(frames), float(speed), int(rate))
    else:
        run(args.minutes, args.children, args.speed, args.rate, keep=args.keep)


if __name__ == "__main__":
    main()
