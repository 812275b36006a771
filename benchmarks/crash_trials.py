"""What a kill -9 costs: N random trials on the installed command in tmux.

    uv run python benchmarks/crash_trials.py [--trials 30] [--seed N] [--hogs]

Walks the demo meeting once to a child under discussion, then for each trial
reopens a copy, does one thing a chair does (types a note at 150 ms a key for a
random 3–12 s, saves an action, closes the child, ends the meeting) and kills
the app with SIGKILL at a random moment in it. Each trial checks the store
(``PRAGMA integrity_check``, committed rows, nothing half-written, the typing
lost) and reopens the chair to see it come back where the store says. With
``--hogs`` two processes spin on the CPU beside the app throughout.

It checks that it measured what it claims before printing a figure: every
trial ran its kind to the kill, typing trials typed something and read the
note back, and every kind ran at least once; otherwise it fails loudly.
Goal (issue #15): 0 committed rows lost, ≤ 1 s of typing, 100 % reopened right.
"""

from __future__ import annotations

import sys

# benchmarks/typing.py shadows the standard library's typing when this folder comes
# first on sys.path (run as a script): put the folder last.
sys.path.append(sys.path.pop(0))

import argparse
import random
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e import crash


def microphone() -> str | None:
    """The default input device's name, or None where there is none."""
    try:
        import sounddevice as sd

        device = sd.query_devices(kind="input")
    except Exception:
        return None
    return str(device.get("name")) if device else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--hogs", action="store_true", help="two CPU hogs beside the app")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    with tempfile.TemporaryDirectory(prefix="mace-crash-") as folder:
        outcomes = crash.run_trials(
            Path(folder), args.trials, seed=seed, hogs_from=0 if args.hogs else None
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
    mic = microphone()
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
        "audio frames lost:      "
        + (
            f"not measured here (input '{mic}' present; tests/audio/test_crash.py measures it)"
            if mic
            else "not measured: no microphone on this machine"
        )
    )
    print(
        f"reopened at the right place: {reopened}/{len(outcomes)} ({100 * reopened // len(outcomes)} %)"
    )
    failed = [n for n, o in enumerate(outcomes) if not o.ok]
    if failed:
        for n in failed:
            print(f"trial {n} FAILED: {outcomes[n]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
