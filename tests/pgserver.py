"""A throw-away PostgreSQL server for the tests and benchmarks (Debian's ``postgresql`` package).

``initdb`` and ``pg_ctl`` refuse to run as root, so as root the server runs as
the ``postgres`` system user the package creates, in a folder that user owns.
It listens on a private Unix socket only (``listen_addresses=''``) on a free
port number, trusts local connections, and is stopped with ``-m immediate``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROLE = "mace"
TEMPLATE = "mace_template"


def find_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None when the server is not installed."""
    override = os.environ.get("MACE_PG_BIN")
    candidates = [Path(override)] if override else []
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        candidates += sorted(
            (p / "bin" for p in root.iterdir() if p.name.isdigit()),
            key=lambda p: int(p.parent.name),
            reverse=True,
        )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PgServer:
    """One server process; ``url(name)`` is a SQLAlchemy URL for database ``name``."""

    bin_dir: Path
    base: Path
    port: int = field(default_factory=_free_port)
    _as_user: tuple[str, ...] = ()

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command: Sequence[str] = [*self._as_user, str(self.bin_dir / tool), *args]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    @classmethod
    def start(cls, bin_dir: Path, parent: Path | None = None) -> PgServer:
        """initdb a fresh cluster in a new folder and start it."""
        base = Path(tempfile.mkdtemp(prefix="mace-pg-", dir=parent))
        as_user: tuple[str, ...] = ()
        if os.geteuid() == 0:
            import pwd

            owner = pwd.getpwnam("postgres")
            os.chown(base, owner.pw_uid, owner.pw_gid)
            os.chmod(base, 0o755)
            # The postgres user must be able to reach the folder.
            for ancestor in base.parents:
                if ancestor == Path("/"):
                    break
                mode = ancestor.stat().st_mode
                if not mode & 0o001:
                    os.chmod(ancestor, mode | 0o001)
            as_user = ("runuser", "-u", "postgres", "--")
        server = cls(bin_dir=bin_dir, base=base, _as_user=as_user)
        server._run(
            "initdb", "-D", str(server.data), "-U", ROLE, "--auth=trust", "-E", "UTF8",
            "--no-locale", "--no-sync",
        )  # fmt: skip
        server._start()
        return server

    def _start(self) -> None:
        # Throw-away data: no waiting for the disk (fsync off) - a commit survives a server
        # crash or restart (WAL in the OS cache), not a power cut.
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' "
            "-c fsync=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l",
            str(self.base / "log"), "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop", check=False)
        if not os.environ.get("MACE_PG_KEEP"):
            shutil.rmtree(self.base, ignore_errors=True)

    def restart(self) -> None:
        """Stop and start again on the same port (a server restart mid-meeting)."""
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop", check=False)
        self._start()

    def pause(self) -> None:
        """Stop the server at once, keeping its data (the server going away mid-meeting)."""
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop", check=False)

    def resume(self) -> None:
        """Start it again after ``pause`` on the same port."""
        self._start()

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://{ROLE}@/{name}?host={self.socket_dir}&port={self.port}"

    def execute(self, sql: str) -> None:
        """Run one statement on the maintenance database, outside a transaction."""
        import psycopg

        with psycopg.connect(
            dbname="postgres", user=ROLE, host=str(self.socket_dir), port=self.port,
            autocommit=True,
        ) as conn:  # fmt: skip
            conn.execute(sql)

    def createdb(self, name: str, template: str | None = None) -> str:
        """Create database ``name`` (a copy of ``template`` when given) and return its URL."""
        copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def dropdb(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
