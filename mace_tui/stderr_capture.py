"""Keep C libraries' diagnostics off the screen while the app runs.

PortAudio and ALSA print warnings ("ALSA lib pcm.c: … Unknown PCM") straight
to file descriptor 2, from any thread, whenever a device is opened or probed.
Textual draws the whole screen on that same descriptor (``sys.__stderr__``),
so such a line lands in the middle of the chair's screen. While the app runs,
descriptor 2 goes to a private log file instead, and Textual draws on a
duplicate of the terminal, as does Python's ``sys.stderr``: Textual prints its exit
message (a refusal, say) and any crash there while it shuts down, still inside the
capture. Everything is put back when the app ends.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

LOG_NAME = "diagnostics.log"


@contextlib.contextmanager
def stderr_captured(folder: Path | None) -> Iterator[Path | None]:
    """Send descriptor 2 to ``folder/diagnostics.log`` for the duration; yields the log's path.

    Without a folder, or when stderr is not a real descriptor (as under some test
    runners), nothing changes.
    """
    original = sys.__stderr__
    try:
        fd = original.fileno() if original is not None else -1
    except (OSError, ValueError, io.UnsupportedOperation):
        fd = -1
    if original is None or folder is None or fd != 2:
        yield None
        return
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        log = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError:
        yield None
        return
    original.flush()
    saved = os.dup(2)
    terminal = os.fdopen(os.dup(2), "w", encoding=original.encoding, errors="replace")
    os.dup2(log, 2)
    os.close(log)
    # What Textual's driver draws on (typeshed marks it Final, hence setattr).
    setattr(sys, "__stderr__", terminal)  # noqa: B010
    # Where Textual prints its exit message as it shuts down (its error console writes
    # to sys.stderr): the terminal, not the log.
    python_stderr, sys.stderr = sys.stderr, terminal
    handler: logging.StreamHandler[io.TextIOWrapper] | None = None
    try:
        # The app's own log lines (a failed write's error type, never a child's details): to
        # the log too. Without a handler they were lost (Textual swallows what is printed on
        # sys.stderr while it runs).
        handler = _log_handler()
        yield path
    finally:
        if handler is not None:
            for name in OUR_LOGGERS:
                logging.getLogger(name).removeHandler(handler)
            handler.close()
            with contextlib.suppress(OSError, ValueError):
                handler.stream.close()
        sys.stderr = python_stderr
        setattr(sys, "__stderr__", original)  # noqa: B010
        with contextlib.suppress(OSError, ValueError):
            terminal.flush()
        os.dup2(saved, 2)
        os.close(saved)
        with contextlib.suppress(OSError, ValueError):
            terminal.close()


# The loggers of our own packages: only their lines reach the log. Other libraries' may
# carry what they were given (a query's values), and ours log an error's type only.
OUR_LOGGERS = ("mace_tui", "store")


class _TypesOnly(logging.Formatter):
    """A log line with its time, level and logger; an exception by its type alone, never its
    message or traceback (which may hold a child's details, R18)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatException(self, ei: Any) -> str:
        kind = ei[0]
        return f"  ({kind.__name__})" if kind is not None else ""

    def formatStack(self, stack_info: str) -> str:
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = None  # not another handler's full traceback
        return super().format(record)


def _log_handler() -> logging.StreamHandler[io.TextIOWrapper]:
    """A handler writing our packages' warnings and errors, with their time, to descriptor 2
    (the log)."""
    stream = os.fdopen(os.dup(2), "w", encoding="utf-8", errors="replace")
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(_TypesOnly())
    for name in OUR_LOGGERS:
        logging.getLogger(name).addHandler(handler)
    return handler
