"""This app's hold on a meeting's chair seat (R25): taken, kept alive, given up.

``ChairSeat.take`` holds the lease (store/seats.py) or raises ``ChairHeld`` naming
who has it; a thread renews it every few seconds and calls ``on_lost`` once, with
the new holder in words, if another seat has taken the chair over; ``release``
gives it up as the app closes.
A failed renewal (the server away) is tried again at the next beat: the lease
lasts ``LEASE_SECONDS``, so a short outage keeps the seat.
"""

from __future__ import annotations

import getpass
import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.db import Store

log = logging.getLogger(__name__)


def holder_words() -> str:
    """This seat in words: the login and the machine ("sam on hub-pc-2")."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a container): the machine alone still helps
        user = "someone"
    return f"{user} on {socket.gethostname()}"


def gone(host: str, pid: int) -> bool:
    """Is the process ``pid`` on ``host`` known to be dead? Only this machine's can be told."""
    if host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return _zombie(pid)


def _zombie(pid: int) -> bool:
    """Killed, but not yet collected by its parent (Linux's state Z): as gone as can be.

    A chair seat killed with kill -9 stays such a process for a moment, or until the
    system collects it when its terminal went with it."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[-1].split()
    except OSError:  # not Linux, or gone meanwhile
        return False
    return bool(fields) and fields[0] in ("Z", "X")


class ChairSeat:
    """One meeting's chair seat, held by this app."""

    def __init__(
        self,
        store: Store,
        *,
        meeting_id: int,
        clock: Callable[[], datetime],
        on_lost: Callable[[str], None],
        holder: str | None = None,
    ) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.holder = holder or holder_words()
        self._clock = clock
        self._on_lost = on_lost
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def take(self, *, take_over: bool = False) -> None:
        """Hold the seat (``ChairHeld`` if another live seat does), then keep it alive."""
        from store.seats import take_chair

        with self.store.session() as session:
            take_chair(
                session,
                meeting_id=self.meeting_id,
                seat=self.store.seat,
                holder=self.holder,
                at=self._clock(),
                take_over=take_over,
                host=socket.gethostname(),
                pid=os.getpid(),
                gone=gone,
            )
        if self._thread is None:
            self._thread = threading.Thread(target=self._beat, name="mace-chair-seat", daemon=True)
            self._thread.start()

    def _beat(self) -> None:
        from store import seats

        while not self._stop.wait(seats.RENEW_SECONDS):
            try:
                with self.store.session() as session:
                    held = seats.renew_chair(
                        session,
                        meeting_id=self.meeting_id,
                        seat=self.store.seat,
                        at=self._clock(),
                    )
            except Exception as exc:  # the server away: try again at the next beat
                log.warning("chair seat not renewed: %s", type(exc).__name__)
                continue
            if not held:
                self._stop.set()
                self._on_lost(self._new_holder())
                return

    def _new_holder(self) -> str:
        """Who holds the chair now, in words ("another seat" if that cannot be read)."""
        from store.seats import chair_holder

        try:
            with self.store.session() as session:
                now = chair_holder(session, meeting_id=self.meeting_id, at=self._clock())
        except Exception as exc:  # the server away: the refusal still says what happened
            log.warning("chair holder not read: %s", type(exc).__name__)
            return "another seat"
        return now.holder if now is not None else "another seat"

    def release(self) -> None:
        """Give the seat up (quietly: the app is closing)."""
        from store.seats import release_chair

        self._stop.set()
        try:
            with self.store.session() as session:
                release_chair(session, meeting_id=self.meeting_id, seat=self.store.seat)
        except Exception as exc:  # the lease then runs out by itself
            log.warning("chair seat not released: %s", type(exc).__name__)
