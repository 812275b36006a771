"""Seat-to-seat latency: a note saved on one seat → read on another through the change feed.

    uv run python benchmarks/seats.py [--notes 200] [--typists 5 --seconds 60]

Two handles on one store stand for two seats (as two processes would hold):
seat A saves a THRIVE note (its own session, committed); seat B's change feed
hears of it (PostgreSQL: LISTEN/NOTIFY; SQLite: the PRAGMA data_version poll,
every 0.1 s), and B reads the notes until the new one is there. The time from
A's save starting to B holding the note is one sample. Runs on an SQLite file
and on a private PostgreSQL server started for the run (Debian's postgresql
package, as tests/pgserver.py does). Goal (issue #13): median ≤ 250 ms, p99 ≤ 1 s.

``--typists N`` then has N seats (threads, each with its own store handle) type
notes into the same child for ``--seconds``: each seat keeps editing its note
(a save every 0.1–0.3 s, as the autosave would) and starts a new one now and
then. At the end every note must hold the last text its seat saved (0 lost or
overwritten edits); commit latency median and p99 are printed.

``--shared`` then has the same N seats edit ONE note for ``--seconds``: each reads
the note, types a moment, and saves over the version it read (as a seat's
autosave does). A save from an older version must be refused (StaleSave), never
written: every accepted save must be over a different version, one after another,
so 0 are overwritten without being told.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import select

from mace_tui.demo import seed_demo
from store import discussion
from store.db import Store, dispose_engine
from store.models import AgendaItem
from tests.pgserver import PgServer, find_bin_dir

TODAY = date(2026, 11, 23)
AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def measure(url: str, notes: int) -> list[float]:
    a = Store.open(url)
    with a.session() as session:
        seed_demo(session, today=TODAY)
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_date == TODAY)).first()
        assert item is not None and item.id is not None
        item_id = item.id
    b = Store.open(url)
    heard = threading.Event()
    feed = b.follow(lambda _meeting: heard.set())
    samples: list[float] = []
    saves: list[float] = []
    rng = random.Random(13)
    try:
        for number in range(notes):
            time.sleep(rng.uniform(0.05, 0.25))  # seats do not save in step with the poll
            text = f"Benchmark note {number}"
            heard.clear()
            started = time.perf_counter()
            with a.session() as session:
                discussion.save_note(
                    session, note_id=None, item_id=item_id, section="threat", agency_id=None,
                    person_id=None, kind="fact", text=text, at=AT,
                )  # fmt: skip
            saves.append((time.perf_counter() - started) * 1000)
            while True:
                if not heard.wait(5):
                    raise SystemExit(f"note {number} never arrived")
                heard.clear()
                with b.session() as session:
                    if any(n.text == text for n in discussion.notes(session, item_id=item_id)):
                        break
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        feed.stop()
        a.close()
        dispose_engine(url)
    print(f"  (the save itself: median {statistics.median(saves):.1f} ms)")
    return samples


def typists(url: str, seats: int, seconds: float) -> None:
    first = Store.open(url)
    with first.session() as session:
        if not session.exec(select(AgendaItem)).first():
            seed_demo(session, today=TODAY)
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_date == TODAY)).first()
        assert item is not None and item.id is not None
        item_id = item.id
    latencies: list[float] = []
    expected: dict[int, str] = {}
    lock = threading.Lock()
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    def seat(number: int) -> None:
        store = Store.open(url)
        rng = random.Random(number)
        note_id: int | None = None
        edits = 0
        while time.perf_counter() < deadline:
            time.sleep(rng.uniform(0.1, 0.3))
            if note_id is None or rng.random() < 0.05:
                note_id, edits = None, 0
            edits += 1
            text = f"Seat {number} note edit {edits}"
            started = time.perf_counter()
            try:
                with store.session() as session:
                    saved = discussion.save_note(
                        session, note_id=note_id, item_id=item_id, section="risk",
                        agency_id=None, person_id=None, kind="fact", text=text, at=AT,
                    )  # fmt: skip
            except Exception as exc:
                with lock:
                    errors.append(type(exc).__name__)
                continue
            took = (time.perf_counter() - started) * 1000
            note_id = saved
            with lock:
                latencies.append(took)
                expected[saved] = text

    threads = [threading.Thread(target=seat, args=(n,)) for n in range(seats)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with first.session() as session:
        stored = {n.id: n.text for n in discussion.notes(session, item_id=item_id)}
    lost = sum(1 for note_id, text in expected.items() if stored.get(note_id) != text)
    print(
        f"  {seats} seats for {seconds:.0f} s: {len(latencies)} saves, {len(expected)} notes, "
        f"{lost} lost or overwritten, {len(errors)} refused ({', '.join(sorted(set(errors))) or '-'})"
    )
    report("  commit", latencies)
    first.close()
    dispose_engine(url)


def shared(url: str, seats: int, seconds: float) -> None:
    """N seats editing one note: accepted saves form one chain of versions; the rest refused."""
    from store.versions import StaleSave

    first = Store.open(url)
    with first.session() as session:
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_date == TODAY)).first()
        assert item is not None and item.id is not None
        item_id = item.id
        start = discussion.save_note_checked(
            session, note_id=None, item_id=item_id, section="harm", agency_id=None,
            person_id=None, kind="fact", text="shared", at=AT,
        )  # fmt: skip
    accepted: list[int] = []  # the version each accepted save was made over
    refused: list[int] = []
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def seat(number: int) -> None:
        store = Store.open(url)
        rng = random.Random(number)
        while time.perf_counter() < deadline:
            with store.session() as session:
                read = discussion.note(session, note_id=start.id)
            assert read is not None
            time.sleep(rng.uniform(0.05, 0.2))  # typing over what was read
            began = time.perf_counter()
            try:
                with store.session() as session:
                    discussion.save_note_checked(
                        session, note_id=start.id, item_id=item_id, section="harm",
                        agency_id=None, person_id=None, kind="fact",
                        text=f"seat {number} over version {read.version}", at=AT,
                        expected_version=read.version,
                    )  # fmt: skip
            except StaleSave:
                with lock:
                    refused.append(read.version)
                continue
            with lock:
                accepted.append(read.version)
                latencies.append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=seat, args=(n,)) for n in range(seats)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with first.session() as session:
        final = discussion.note(session, note_id=start.id)
    assert final is not None
    chain = sorted(accepted) == list(range(1, len(accepted) + 1))
    overwritten = len(accepted) - len(set(accepted))
    print(
        f"  {seats} seats on one note for {seconds:.0f} s: {len(accepted)} saves accepted, "
        f"{len(refused)} refused as stale (both versions shown), {overwritten} overwritten "
        f"untold; versions one chain: {chain}; final version {final.version}"
    )
    report("  commit", latencies)
    first.close()
    dispose_engine(url)


def report(name: str, samples: list[float]) -> None:
    samples.sort()
    p99 = samples[max(0, int(len(samples) * 0.99) - 1)]
    print(
        f"{name:12} n={len(samples):4}  median {statistics.median(samples):7.1f} ms  "
        f"p99 {p99:7.1f} ms  max {samples[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--typists", type=int, default=0, help="seats typing at once")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--shared", action="store_true", help="the typists edit one note")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mace-seats-") as folder:
        url = f"sqlite:///{Path(folder) / 'seats.db'}"
        report("SQLite", measure(url, args.notes))
        if args.typists:
            typists(url, args.typists, args.seconds)
        if args.typists and args.shared:
            shared(url, args.typists, args.seconds)
    bin_dir = find_bin_dir()
    if bin_dir is None:
        print("PostgreSQL: skipped (initdb/pg_ctl not installed)")
        return
    server = PgServer.start(bin_dir)
    try:
        url = server.createdb("seats")
        report("PostgreSQL", measure(url, args.notes))
        if args.typists:
            typists(url, args.typists, args.seconds)
        if args.typists and args.shared:
            shared(url, args.typists, args.seconds)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
