"""What a kill -9 costs: N random trials on the installed command in tmux.

    uv run python benchmarks/crash_trials.py [--trials 30] [--audio-trials N] [--seed N] [--hogs]

Walks the demo meeting once to a child under discussion, then for each trial
reopens a copy, does one thing a chair does (types a note at 150 ms a key for a
random 3–12 s, saves an action, closes the child, ends the meeting) and kills
the app with SIGKILL at a random moment in it. Each trial checks the store
(``PRAGMA integrity_check``, committed rows, nothing half-written, the typing
lost) and reopens the chair to see it come back where the store says. With
``--hogs`` two processes spin on the CPU beside the app throughout.

Then N recording trials (``--audio-trials``, default as many): the real capture
stack records a child from the virtual ALSA microphone (tests/audio/virtual_mic.py)
fed at real time, is killed with SIGKILL at a random moment 0.5–4 s in, and the
leftover is recovered as the next start does (tests/audio/kill_trials.py); the
frames captured before the kill and missing from the recovered file are lost.

It checks that it measured what it claims before printing a figure: every
trial ran its kind to the kill, typing trials typed something and read the
note back, and every kind ran at least once, and every recording trial ran to its kill and was
recovered; otherwise it fails loudly (exit 2, NOT MEASURED).
Goal (issue #15): 0 committed rows lost, ≤ 1 s of typing, ≤ 1 audio block (1024
frames), 100 % reopened right.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e import crash

if TYPE_CHECKING:
    from tests.audio.kill_trials import AudioOutcome


def audio_trials(
    folder: Path, count: int, seed: int, hogs: bool
) -> tuple[list[AudioOutcome], str | None]:
    """The recording kill trials, or why they did not run."""
    try:
        import sounddevice  # noqa: F401

        from tests.audio.kill_trials import AudioTrialFailed, run_audio_trials
    except (ImportError, OSError) as exc:
        return [], f"the audio stack is missing ({type(exc).__name__}: {exc})"
    if not Path("/usr/share/alsa/alsa.conf").is_file():
        return [], "ALSA's base configuration /usr/share/alsa/alsa.conf is missing"
    try:
        with crash.cpu_hogs(2 if hogs else 0):
            return list(run_audio_trials(folder, count, random.Random(seed))), None
    except (AudioTrialFailed, AssertionError) as exc:
        return [], f"a recording trial failed to run ({exc})"


# One capture block: what a killed recording may lose at most (issue #15).
AUDIO_BLOCK = 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--hogs", action="store_true", help="two CPU hogs beside the app")
    parser.add_argument(
        "--audio-trials", type=int, default=None, help="recordings killed (default: --trials)"
    )
    args = parser.parse_args()
    audio_count = args.trials if args.audio_trials is None else args.audio_trials
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    with tempfile.TemporaryDirectory(prefix="mace-crash-") as folder:
        outcomes = crash.run_trials(
            Path(folder), args.trials, seed=seed, hogs_from=0 if args.hogs else None
        )
        recordings, audio_missing = audio_trials(
            Path(folder) / "audio", audio_count, seed, args.hogs
        )

    # Did we measure what we say? Fail loudly rather than print a figure that means nothing.
    kinds = {o.kind for o in outcomes}
    missing = set(crash.KINDS) - kinds if args.trials >= len(crash.KINDS) else set()
    typing = [o for o in outcomes if o.kind == "typing"]
    problems = []
    if len(outcomes) != args.trials:
        problems.append(f"{len(outcomes)} trials ran, {args.trials} asked for")
    if missing:
        problems.append(f"no trial of: {', '.join(sorted(missing))}")
    if any(o.chars_typed == 0 or o.seconds_typed < 2.5 for o in typing):
        problems.append("a typing trial typed nothing (or under 3 s): the note was not reached")
    if any(not o.integrity for o in outcomes):
        problems.append("a trial never checked the store")
    if audio_missing:
        problems.append(f"audio frames lost: {audio_missing}")
    elif audio_count < 1 or len(recordings) != audio_count:
        problems.append(f"{len(recordings)} recording trials ran, {audio_count} asked for (≥ 1)")
    elif any(o.captured == 0 for o in recordings):
        problems.append("a recording trial captured nothing before its kill")
    if problems:
        print("crash_trials: NOT MEASURED — " + "; ".join(problems), file=sys.stderr)
        return 2

    def lost_seconds(o: crash.Outcome) -> float:
        return o.chars_lost * crash.KEY_GAP

    print(f"seed {seed}{' · two CPU hogs beside the app' if args.hogs else ''}")
    print(
        f"{'trial':>5}  {'kind':<7} {'typed':>9} {'lost':>9}  {'rows lost':>9}  integrity  reopened  store after the kill"
    )
    for n, o in enumerate(outcomes):
        typed = f"{o.chars_typed} ch" if o.kind in ("typing", "close", "end") else "—"
        lost = f"{o.chars_lost} ch" if typed != "—" else "—"
        print(
            f"{n:>5}  {o.kind:<7} {typed:>9} {lost:>9}  {o.rows_lost:>9}  {o.integrity:<9}  "
            f"{'yes' if o.reopened_right else 'NO':<8}  {o.state}"
        )
    worst = max(outcomes, key=lambda o: o.chars_lost)
    reopened = sum(o.reopened_right for o in outcomes)
    print()
    print(f"{'recording':>9}  {'captured':>9}  {'recovered':>9}  {'lost':>5}  exact")
    for n, rec in enumerate(recordings):
        print(
            f"{n:>9}  {rec.captured:>9}  {rec.recovered:>9}  {rec.lost:>5}  "
            f"{'yes' if rec.exact else 'NO'}"
        )
    audio_lost = max(rec.lost for rec in recordings)
    garbled = sum(not rec.exact for rec in recordings)
    audio_ok = audio_lost <= AUDIO_BLOCK and not garbled
    print()
    print(f"trials:                 {len(outcomes)} ({', '.join(sorted(kinds))})")
    print(f"committed rows lost:    {sum(o.rows_lost for o in outcomes)}")
    print(f"half-written:           {sum(bool(o.half_written) for o in outcomes)}")
    print(f"integrity check ok:     {sum(o.integrity == 'ok' for o in outcomes)}/{len(outcomes)}")
    print(
        f"max characters lost:    {worst.chars_lost} (≈ {lost_seconds(worst):.2f} s of typing at "
        f"{crash.KEY_GAP * 1000:.0f} ms a key; bound {crash.TYPING_BOUND:.0f} s: "
        f"{'held' if all(o.lost_within_bound for o in outcomes) else 'BROKEN'})"
    )
    print(
        f"audio frames lost:      {audio_lost} at most in {len(recordings)} recordings killed "
        f"(bound {AUDIO_BLOCK} frames, one block: {'held' if audio_ok else 'BROKEN'}; "
        f"recovered frames not exactly as fed: {garbled})"
    )
    print(
        f"reopened at the right place: {reopened}/{len(outcomes)} ({100 * reopened // len(outcomes)} %)"
    )
    failed = [n for n, o in enumerate(outcomes) if not o.ok]
    if not audio_ok:
        for rec in recordings:
            print(f"recording: {rec}", file=sys.stderr)
        return 1
    if failed:
        for n in failed:
            print(f"trial {n} FAILED: {outcomes[n]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
