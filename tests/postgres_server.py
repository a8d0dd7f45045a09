"""A throwaway PostgreSQL server for tests: initdb + pg_ctl on a temporary folder, listening on 127.0.0.1."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# initdb refuses to run as root: as root the server runs as this unprivileged user.
SERVER_USER = "postgres"


def find_bin(name: str) -> str | None:
    """A PostgreSQL program from PATH or from Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server; `url(db)` names a database on it."""

    root: Path
    port: int
    prefix: list[str]
    pg_ctl: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER if self.prefix else _current_user()}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, self.pg_ctl, "-D", str(self.root / "data"), "-m", "immediate", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


def _current_user() -> str:
    import getpass

    return getpass.getuser()


def start_server() -> PostgresServer:
    """Create a cluster in a temporary folder and start it; raises RuntimeError saying what is missing."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL is not installed (initdb/pg_ctl not found); run `make system-deps`")
    root = Path(tempfile.mkdtemp(prefix="rasad-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        entry = pwd.getpwnam(SERVER_USER)
        os.chown(root, entry.pw_uid, entry.pw_gid)
        os.chmod(root, 0o700)
        prefix = [shutil.which("runuser") or "runuser", "-u", SERVER_USER, "--"]
    port = _free_port()
    data, log = root / "data", root / "server.log"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        [*prefix, initdb, "-D", str(data), "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
         "-U", SERVER_USER if prefix else _current_user()],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
    result = subprocess.run(
        [*prefix, pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
        capture_output=True, env=env, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        message = log.read_text(errors="replace") if log.exists() else result.stderr
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {message[-2000:]}")
    return PostgresServer(root, port, prefix, pg_ctl)
