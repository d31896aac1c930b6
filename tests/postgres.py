"""A PostgreSQL server for the suite's second run, and a database of its own for each test.

The server is $READINGGROUPS_TEST_DATABASE_URL's (CI and the development machines: the local
server, as a user allowed to create databases), else a throwaway one started from the installed
PostgreSQL binaries in a temporary folder. Each test gets a new database copied from a template
that is migrated once, so a test sees a database as new as a SQLite file in tmp_path.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

TEST_URL_ENV = "READINGGROUPS_TEST_DATABASE_URL"


class Server:
    """A PostgreSQL server the tests may create and drop databases on."""

    def __init__(self, url: str, *, stop: subprocess.Popen | None = None, data: Path | None = None):
        from sqlalchemy.engine import make_url

        from readinggroups.store.engine import server_url

        self.url = server_url(url)
        self._stop, self._data = stop, data
        # Names unique to this process: several runs (and xdist workers) share one server.
        self.prefix = f"rg_test_{os.getpid()}_"
        self.template = f"{self.prefix}template"
        self._made = 0
        self._admin = None
        self.make_url = make_url

    def admin(self):
        from sqlalchemy import create_engine

        if self._admin is None:
            self._admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        return self._admin

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def prepare(self) -> None:
        """Drop what earlier runs that were stopped left, then make the migrated template."""
        from sqlalchemy import create_engine, text

        from readinggroups.store.engine import upgrade

        with self.admin().connect() as connection:
            names = connection.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE 'rg\\_test\\_%'")
            ).scalars()
            for name in list(names):
                pid = name.split("_")[2]
                if pid.isdigit() and not _alive(int(pid)):
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{self.template}"'))
        engine = create_engine(self.url_of(self.template))
        upgrade(engine)
        engine.dispose()

    def new_database(self) -> str:
        """A new database at the current schema, for one test; its address."""
        return self._create(f'TEMPLATE "{self.template}"')

    def empty_database(self) -> str:
        """A new database readinggroups has never used (no schema): its address."""
        return self._create("")

    def _create(self, options: str) -> str:
        from sqlalchemy import text

        self._made += 1
        name = f"{self.prefix}{self._made}"
        with self.admin().connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" {options}'))
        return self.url_of(name)

    def drop(self, url: str) -> None:
        from sqlalchemy import text

        name = self.make_url(url).database
        with self.admin().connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        from sqlalchemy import text

        if self._admin is not None:
            with contextlib.suppress(Exception), self.admin().connect() as connection:
                names = connection.execute(
                    text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                    {"p": self.prefix.replace("_", "\\_") + "%"},
                ).scalars()
                for name in list(names):
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self._admin.dispose()
        if self._stop is not None:
            self._stop.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._stop.wait(20)
        if self._data is not None:
            shutil.rmtree(self._data, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_server() -> tuple[Server | None, str]:
    """The server to test on, or None and why there is none."""
    url = os.environ.get(TEST_URL_ENV, "").strip()
    if url:
        server = Server(url)
        try:
            server.prepare()
        except Exception as problem:  # the reason is the skip's (or, in CI, the failure's)
            return None, f"{TEST_URL_ENV}={url} cannot be used: {problem}"
        return server, ""
    return _throwaway()


def _binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return versions[0].parent if versions else None


def _throwaway() -> tuple[Server | None, str]:
    """A server of our own in a temporary folder, from the installed binaries."""
    binaries = _binaries()
    if binaries is None:
        return None, (
            f"no PostgreSQL to test on: set {TEST_URL_ENV} (e.g. "
            "postgresql://postgres@127.0.0.1:5432/postgres) or install PostgreSQL"
        )
    data = Path(tempfile.mkdtemp(prefix="rg-postgres-"))
    # PostgreSQL refuses to run as root: as root, run it as the postgres user the package made.
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(data, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        subprocess.run(
            [*run_as, str(binaries / "initdb"), "-D", str(data / "db"), "-U", "postgres",
             "--auth=trust", "--no-sync"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        server = subprocess.Popen(
            [*run_as, str(binaries / "postgres"), "-D", str(data / "db"), "-p", str(port),
             "-h", "127.0.0.1", "-k", str(data), "-c", "fsync=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as problem:
        shutil.rmtree(data, ignore_errors=True)
        return None, f"could not start a throwaway PostgreSQL from {binaries}: {problem}"
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    for _ in range(100):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            break
        time.sleep(0.1)
    made = Server(url, stop=server, data=data)
    for _ in range(30):
        try:
            made.prepare()
            return made, ""
        except Exception as problem:  # still starting up
            last = problem
            time.sleep(0.3)
    made.close()
    return None, f"a throwaway PostgreSQL from {binaries} did not start: {last}"
