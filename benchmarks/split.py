"""Splitting a 60-minute 48 kHz recording into 20 children: our cutter versus sox, in one run.

Makes a one-hour mono 16-bit WAV with sox, plans 20 discussions on it, then
times, alternately and ``--runs`` times each, (a) ``mace_tui.audio.split``
writing the 20 per-child files, sealed (encrypted) and hashed as `mace-tui split`
files them, and (b) ``sox FILE out.wav trim Ns =Ms`` for the same
cuts by sample number, one process per cut. Every file of both is checked to
hold the same samples. Prints medians and the ratio.

    uv run python benchmarks/split.py [--minutes 60] [--rate 48000] [--children 20] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import soundfile as sf
from figures import figure

from mace_tui.audio.sealed import open_samples
from mace_tui.audio.split import Discussion, cut_source, inspect_source, plan_cuts

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# A throw-away key for the sealed cuts (a store's key is 32 random bytes too).
KEY = bytes(range(32))


def discussions(minutes: float, children: int) -> list[Discussion]:
    """Children spread over the meeting after 2 minutes of introductions, 10 s apart."""
    usable = minutes * 60 - 120 - 60
    each = usable / children - 10
    found = []
    at = 120.0
    for n in range(children):
        found.append(
            Discussion(
                item_id=n + 1,
                position=n + 1,
                child_ref=f"C{n + 1:05d}-TEST",
                started_at=START + timedelta(seconds=at),
                ended_at=START + timedelta(seconds=at + each, microseconds=137),
            )
        )
        at += each + 10
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--rate", type=int, default=48_000)
    parser.add_argument("--children", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("sox") is None:
        sys.exit("sox is not installed (Debian package sox).")

    work = Path(tempfile.mkdtemp(prefix="mace-split-bench-"))
    try:
        source_path = work / "meeting.wav"
        subprocess.run(
            ["sox", "-n", "-r", str(args.rate), "-c", "1", "-b", "16", str(source_path),
             "synth", str(args.minutes * 60), "sine", "300-3000", "vol", "0.3"],
            check=True,
        )  # fmt: skip
        source = inspect_source(source_path)
        cuts = plan_cuts(
            discussions(args.minutes, args.children), zero=START, offset_s=0, source=source
        )
        # Warm the page cache so neither side pays for the first read alone.
        with source_path.open("rb") as handle:
            while handle.read(1 << 24):
                pass

        ours_times: list[float] = []
        sox_times: list[float] = []
        for run in range(args.runs):
            ours_dir, sox_dir = work / f"ours-{run}", work / f"sox-{run}"
            sox_dir.mkdir()

            def ours(target: Path = ours_dir) -> list[Path]:
                stems = [f"cut-{c.discussion.position:02d}" for c in cuts]
                made = cut_source(
                    source, cuts, folder=target, stems=stems, key=KEY, store_id="benchmark"
                )
                return [f.path for f in made]

            def sox(target: Path = sox_dir) -> list[Path]:
                made = []
                for cut in cuts:
                    out = target / f"cut-{cut.discussion.position:02d}.wav"
                    subprocess.run(
                        [
                            "sox",
                            str(source_path),
                            str(out),
                            "trim",
                            f"{cut.start}s",
                            f"={cut.end}s",
                        ],
                        check=True,
                    )
                    made.append(out)
                return made

            order = [("ours", ours), ("sox", sox)]
            if run % 2:
                order.reverse()
            made: dict[str, list[Path]] = {}
            for name, job in order:
                started = time.perf_counter()
                made[name] = job()
                took = time.perf_counter() - started
                (ours_times if name == "ours" else sox_times).append(took)
            for a, b in zip(made["ours"], made["sox"], strict=True):
                x = open_samples(a, KEY)[0][:, 0]
                y, _ = sf.read(b, dtype="int16")
                assert np.array_equal(x, y), f"{a.name}: the two cutters disagree"
            shutil.rmtree(ours_dir)
            shutil.rmtree(sox_dir)

        total = sum(c.frames for c in cuts) / args.rate
        ours_med, sox_med = statistics.median(ours_times), statistics.median(sox_times)
        print(
            f"{args.minutes:g} min at {args.rate} Hz, {args.children} cuts "
            f"({total / 60:.1f} min of audio cut), {args.runs} runs each; all cuts identical"
        )
        print("| cutter | median s | min s | max s |")
        print("|---|---|---|---|")
        for name, times in (
            ("mace-tui (cut + seal + SHA-256)", ours_times),
            ("sox trim", sox_times),
        ):
            print(
                f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} |"
            )
        print(f"ratio mace-tui / sox: {ours_med / sox_med:.2f}")
        figure(
            f"splitting {args.minutes:g} min at {args.rate} Hz into {args.children} (cuts identical to sox's)",
            f"{ours_med:.2f} s vs sox {sox_med:.2f} s: {ours_med / sox_med:.2f}×",
            budget="≤ sox",
            ok=ours_med <= sox_med * 1.1,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
