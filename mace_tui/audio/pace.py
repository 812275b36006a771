"""Checking a stream's pace against the wall clock: a device must deliver in real time.

A broken driver, or ALSA's file plugin after its pipe closes, can hand over
sound far faster than real time (minutes of "audio" a second) or slower than
it. Neither is a recording of the meeting, so the capture compares the frames
delivered with the time that passed since its first block. ``slack_s`` allows
for the bursts every device has (buffers filled before the first callback,
a scheduler hiccup); ``tolerance`` is the steady drift allowed (a few percent;
real sound cards are within a fraction of one). A pause in delivery longer
than ``restart_s`` (a device that hiccuped; one silent for long is the
watchdog's business) starts the measure again: a stall is not a slow clock.
In the first ``warmup_s`` after a (re)start up to ``slack_s`` of sound may
arrive at once without counting (what was buffered before it: a device's,
or a pipe's, backlog); the measure starts after it. A restart forgives a
pause only after a run of at least ``slack_s`` of sound: runs shorter than
that, one after another (a trickle of blocks with pauses between them, each
too short for the watchdog), are measured together, pauses included, by the
same rule, so a stream delivering a block now and then is still slow.
"""

from __future__ import annotations

from store.frozen import record


@record
class PaceLimits:
    """How far a stream may run ahead of, or behind, the wall clock before it is stopped."""

    tolerance: float = 0.05
    slack_s: float = 2.0
    restart_s: float = 0.5
    warmup_s: float = 0.5


class PaceCheck:
    """Fed every block (on the audio thread: no locks, no allocation worth the name)."""

    def __init__(self, sample_rate: int, limits: PaceLimits) -> None:
        self.sample_rate = sample_rate
        self.limits = limits
        self._started: float | None = None
        self._last = 0.0
        self._warm_until = 0.0
        self._backlog = 0
        self._frames = 0
        # The current run (since the last restart): when it began, and all it delivered.
        self._run_start = 0.0
        self._run_frames = 0
        # Short runs one after another, measured together: since when, and what they held.
        self._span_start: float | None = None
        self._span_frames = 0

    def observe(self, now: float, frames: int) -> float | None:
        """Count ``frames`` delivered at ``now``; the pace (delivered ÷ real) when out of bounds."""
        if self._started is None or now - self._last > self.limits.restart_s:
            trickle = self._after_pause(now, frames) if self._started is not None else None
            # The first block (after a pause) only starts the clock: no pace yet.
            self._started = self._last = self._run_start = now
            self._warm_until = now + self.limits.warmup_s
            self._frames = self._backlog = 0
            self._run_frames = frames
            return trickle
        self._last = now
        self._run_frames += frames
        if now < self._warm_until:
            self._backlog += frames
            if self._backlog <= self.limits.slack_s * self.sample_rate:
                # Still draining a backlog: the measure starts after it.
                self._started = now
                self._frames = 0
                return None
        self._frames += frames
        elapsed = now - self._started
        delivered = self._frames / self.sample_rate
        allowed = self.limits.tolerance * elapsed + self.limits.slack_s
        if delivered - elapsed > allowed or elapsed - delivered > allowed:
            return delivered / elapsed if elapsed > 0 else float("inf")
        return None

    def _after_pause(self, now: float, frames: int) -> float | None:
        """A pause ended the run: forgive it after a long run, else measure the short runs
        together, pauses included; the pace when out of bounds."""
        if self._run_frames >= self.limits.slack_s * self.sample_rate:
            self._span_start = None
            return None
        if self._span_start is None:
            self._span_start, self._span_frames = self._run_start, 0
        self._span_frames += self._run_frames
        elapsed = now - self._span_start
        delivered = (self._span_frames + frames) / self.sample_rate
        allowed = self.limits.tolerance * elapsed + self.limits.slack_s
        if elapsed - delivered > allowed or delivered - elapsed > allowed:
            return delivered / elapsed if elapsed > 0 else float("inf")
        return None
