"""Shared fixtures: a fresh workspace per test, and paths to the real sample files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from readinggroups import Workspace
from readinggroups.demo import sample_file

DATA = Path(__file__).parent / "data"
REAL = DATA / "real"
# The demo's bookings and Teams report as they were, with a person called =HYPERLINK("x"):
# such names belong in the tests, not in the demo a librarian looks at.
BOOKINGS = DATA / "bookings" / "demo_with_hostile_name.csv"
TEAMS = DATA / "teams_attendance.csv"

# Tests never read or fill the keyring of the person running them; the one that needs a
# keyring sets up its own.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
# A developer's own shared database is never what a test uses.
os.environ.pop("READINGGROUPS_DATABASE_URL", None)


# -- both back ends -------------------------------------------------------------------------
#
# Every test runs twice: on the embedded SQLite file, and on PostgreSQL with a database of its
# own (tests/postgres.py), which every workspace the test makes or opens uses through
# $READINGGROUPS_DATABASE_URL (so commands run in another process use it too). A test about
# the SQLite file itself, or that never touches a database, is marked and runs once.

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_file: about the SQLite file itself; runs on SQLite only"
    )
    config.addinivalue_line("markers", "no_database: touches no database; runs once, on SQLite")
    config.addinivalue_line(
        "markers", "postgresql_only: about a PostgreSQL server; runs on PostgreSQL only"
    )


def pytest_collection_modifyitems(config, items):
    once = [
        item
        for item in items
        if (
            _backend_of(item) == "postgresql"
            and (item.get_closest_marker("sqlite_file") or item.get_closest_marker("no_database"))
        )
        or (_backend_of(item) == "sqlite" and item.get_closest_marker("postgresql_only"))
    ]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if item not in set(once)]


def _backend_of(item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("backend") if callspec else None


@pytest.fixture(scope="session")
def postgres_server():
    from .postgres import find_server

    server, reason = find_server()
    yield server, reason
    if server is not None:
        server.close()


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request, monkeypatch) -> str:
    """The back end this run of the test uses: "sqlite" or "postgresql"."""
    if request.param == "sqlite":
        return "sqlite"
    server, reason = request.getfixturevalue("postgres_server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed in CI: {reason}")
        pytest.skip(reason)
    url = server.new_database()
    monkeypatch.setenv("READINGGROUPS_DATABASE_URL", url)
    request.addfinalizer(lambda: server.drop(url))
    return "postgresql"


@pytest.fixture
def new_database(backend, request, monkeypatch):
    """Call it to point the workspaces opened after it at an empty database of their own: a
    new PostgreSQL database on the PostgreSQL run (returned), nothing to change on SQLite
    (None), where each folder has its own file. For restoring a backup beside its original."""

    def switch() -> str | None:
        if backend == "sqlite":
            return None
        server, _ = request.getfixturevalue("postgres_server")
        url = server.new_database()
        monkeypatch.setenv("READINGGROUPS_DATABASE_URL", url)
        request.addfinalizer(lambda: server.drop(url))
        return url

    return switch


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.create(
        tmp_path / "group",
        group="Nursing Reading Group",
        library="Library and Knowledge Service",
        facilitator="Helen Marsh",
    )


@pytest.fixture
def session(workspace: Workspace):
    """A 60-minute session with capacity 10 and one article chosen."""
    workspace.import_articles([sample_file("search_export.ris")])
    planned = workspace.new_session(
        date=dt.date(2026, 11, 12),
        start="14:00",
        minutes=60,
        title="Therapeutic engagement",
        capacity=10,
    )
    workspace.add_articles(planned.id, [9])
    return workspace.session(planned.id)


@pytest.fixture
def attended(workspace, session):
    """The demo's day: 12 booked for 10 places, one cancels, the Teams report imported."""
    workspace.import_bookings(session.id, BOOKINGS)
    workspace.cancel_booking(session.id, "tomasz.nowak@example.nhs.uk")
    workspace.import_attendance(session.id, TEAMS)
    return session


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def older_workspace(folder: Path, revision: str):
    """A workspace folder whose database stops at migration ``revision``, as an earlier
    version left it: the engine to fill it with rows (dispose of it before opening)."""
    from sqlalchemy import create_engine

    from readinggroups.store.engine import upgrade

    (folder / "readinggroups.toml").write_text("[group]\nname = 'Old group'\n")
    engine = create_engine(f"sqlite:///{folder / 'readinggroups.sqlite'}")
    upgrade(engine, revision)
    return engine
