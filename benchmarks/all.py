"""Run every benchmark and print one table of figures against their budgets.

    uv run python benchmarks/all.py [--quick] [--only NAME ...] [--readme]

Each benchmark runs as its own process (so one's imports do not warm another's)
and reports its figures through benchmarks/figures.py. A benchmark that fails,
or that could not check what it measured, is shown as FAILED with its last line
of output, and the exit status is 1. ``--readme`` rewrites the table between the
``speed:begin`` / ``speed:end`` markers in README.md. ``--quick`` uses smaller
sizes for a smoke run (figures not comparable with the README's).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from figures import parse

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"

# name: (arguments for a full run, arguments for --quick)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "startup": (["--runs", "10"], ["--runs", "3"]),
    "typing_latency": (["--years", "10", "--keys", "400"], ["--years", "1", "--keys", "100"]),
    "queries": (["--years", "10"], ["--years", "1", "--calls", "50"]),
    "prep": (["--years", "10"], ["--years", "1", "--runs", "5"]),
    "action_log": (["--years", "10"], ["--years", "1", "--runs", "5"]),
    "data_pack": (["--years", "10"], ["--years", "1", "--runs", "5"]),
    "split": ([], ["--minutes", "10", "--runs", "2"]),
    "audio_capture": ([], ["--minutes", "5"]),
}


def run(name: str, args: list[str]) -> tuple[list[dict[str, object]], str]:
    """The figures one benchmark printed, and its failure (empty when it passed)."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
    )
    took = time.monotonic() - started
    figures = parse(done.stdout)
    print(f"  {name}: {len(figures)} figures in {took:.0f} s", file=sys.stderr)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["(no output)"]
        return figures, lines[-1]
    if not figures:
        return figures, "printed no figure"
    return figures, ""


def table(rows: list[tuple[str, dict[str, object] | None, str]]) -> str:
    """The Markdown table of every figure."""
    out = ["| what | benchmark | result | budget | within |", "|---|---|---|---|---|"]
    for name, fig, failure in rows:
        if fig is None:
            out.append(f"| — | `{name}.py` | **FAILED**: {failure} | | no |")
            continue
        ok = fig.get("ok")
        within = "yes" if ok is True else "**no**" if ok is False else ""
        out.append(
            f"| {fig['what']} | `{name}.py` | {fig['result']} | {fig.get('budget', '')} | {within} |"
        )
    return "\n".join(out)


def write_readme(text: str) -> None:
    """Replace the table between the markers in README.md."""
    begin, end = "<!-- speed:begin -->", "<!-- speed:end -->"
    readme = README.read_text()
    if begin not in readme or end not in readme:
        sys.exit(f"README.md has no {begin} … {end} markers")
    head, rest = readme.split(begin, 1)
    _, tail = rest.split(end, 1)
    README.write_text(f"{head}{begin}\n{text}\n{end}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), default=None)
    parser.add_argument("--readme", action="store_true", help="rewrite README.md's Speed table")
    args = parser.parse_args()
    rows: list[tuple[str, dict[str, object] | None, str]] = []
    failed = False
    for name in args.only or list(BENCHMARKS):
        full, quick = BENCHMARKS[name]
        figures, failure = run(name, quick if args.quick else full)
        rows.extend((name, fig, "") for fig in figures)
        if failure:
            failed = True
            rows.append((name, None, failure))
    text = table(rows)
    print(text)
    if args.readme:
        if args.quick or args.only:
            sys.exit("--readme takes a full run of every benchmark (drop --quick and --only)")
        write_readme(text)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
