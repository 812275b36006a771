"""Writing output files: private (0600), whole or not at all, never over an existing file.

A file is written under a hidden temporary name in the target folder, flushed
to disk, then linked to its final name; linking fails if the name is taken,
so an existing file is never replaced. When the name is taken we pick the
next free one (``name-2.md``, ``name-3.md``, …) and say which path was
written. A failure part-way leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from store.errors import UserError

FILE_MODE = 0o600
FOLDER_MODE = 0o700
MAX_COPIES = 999


class OutputError(UserError):
    """An output cannot be written; the message names the folder or file and what to do."""


def prepare_folder(folder: Path, *, field: str = "--out") -> Path:
    """The folder to write into, created (0700) if its parent exists."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{field}: {folder} is a file; name a folder to write into.")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise OutputError(
                f"{field}: {folder.parent} does not exist; create it first or choose another folder."
            )
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except OSError as exc:
            raise OutputError(f"{field}: cannot create {folder} ({exc.strerror}).") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{field}: {folder} is not writable; choose another folder.")
    return folder.resolve()


def candidates(folder: Path, stem: str, suffix: str) -> list[Path]:
    """The names tried in turn: ``stem.suffix``, then ``stem-2.suffix``, …"""
    names = [f"{stem}{suffix}"] + [f"{stem}-{n}{suffix}" for n in range(2, MAX_COPIES + 1)]
    return [folder / name for name in names]


def write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` to the first free name in ``folder``; return the path written."""
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{stem}.", suffix=".partial")
    temp = Path(temp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, FILE_MODE)
        target = _link_to_free_name(temp, folder, stem, suffix, data)
        _sync_folder(folder)
        return target
    except OSError as exc:
        raise OutputError(f"{folder / (stem + suffix)}: cannot write ({_reason(exc)}).") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _link_to_free_name(temp: Path, folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    for target in candidates(folder, stem, suffix):
        try:
            os.link(temp, target)
            return target
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            # A filesystem without hard links: create the name exclusively and copy.
            return _exclusive_copy(folder, stem, suffix, data)
    raise OSError(errno.EEXIST, f"{MAX_COPIES} copies already exist")


def _exclusive_copy(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    for target in candidates(folder, stem, suffix):
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except OSError:
            target.unlink(missing_ok=True)
            raise
        return target
    raise OSError(errno.EEXIST, f"{MAX_COPIES} copies already exist")


def _sync_folder(folder: Path) -> None:
    """Make the new name itself survive a power cut (not every platform allows this)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full; free some space or choose another folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; choose another folder"
    return exc.strerror or type(exc).__name__
