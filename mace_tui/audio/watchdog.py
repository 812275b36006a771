"""The watchdog: notices a capture stream that stopped delivering sound, or ended by itself.

When a device's clock dies PortAudio simply stops calling back: no error, no
status, nothing to catch. The only sign is time passing without a block, so
a small thread looks at the stream's last block a few times a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from mace_tui.audio import problems
from mace_tui.audio.capture import Capture


class Watchdog:
    """Calls ``on_fault(capture, line)`` when the current capture stalls or ends."""

    def __init__(
        self,
        *,
        current: Callable[[], Capture | None],
        on_fault: Callable[[Capture, str], None],
        stall_s: float,
    ) -> None:
        self.current = current
        self.on_fault = on_fault
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
            if capture.ended:
                self.on_fault(capture, problems.stream_ended(capture.device.name))
            elif time.monotonic() - capture.last_block_at > self.stall_s:
                self.on_fault(capture, problems.stream_stalled(capture.device.name, self.stall_s))
