"""The watchdog: notices a capture stream that stopped delivering sound, ended, or ran off pace.

When a device's clock dies PortAudio simply stops calling back: no error, no
status, nothing to catch. The only sign is time passing without a block, so
a small thread looks at the stream's last block a few times a second. The
capture itself notes a stream whose pace is wrong (it takes no more blocks
from it); the watchdog names it. Each tick it also lets the meeting look at
the stream (``on_tick``: a retried stream that delivered sound is recording).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from mace_tui.audio import problems
from mace_tui.audio.capture import Capture


class Watchdog:
    """Calls ``on_fault(capture, line, gap_reason)`` when the current capture fails."""

    def __init__(
        self,
        *,
        current: Callable[[], Capture | None],
        on_fault: Callable[[Capture, str, str], None],
        stall_s: float,
        on_tick: Callable[[Capture], None] | None = None,
    ) -> None:
        self.current = current
        self.on_fault = on_fault
        self.on_tick = on_tick
        self.stall_s = stall_s
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mace-audio-watchdog", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def halt(self) -> None:
        """Stop watching (the thread ends within one interval)."""
        self._halt.set()

    def _run(self) -> None:
        interval = min(0.25, self.stall_s / 4)
        while not self._halt.wait(interval):
            capture = self.current()
            if capture is None:
                continue
            name = capture.device.name
            if capture.pace_fault is not None:
                line = problems.clock_wrong(name, capture.pace_fault)
                self.on_fault(capture, line, problems.GAP_CLOCK)
            elif capture.ended:
                self.on_fault(capture, problems.stream_ended(name), problems.GAP_ENDED)
            elif time.monotonic() - capture.last_block_at > self.stall_s:
                line = problems.stream_stalled(name, self.stall_s)
                self.on_fault(capture, line, problems.GAP_STALLED)
            elif self.on_tick is not None:
                self.on_tick(capture)
