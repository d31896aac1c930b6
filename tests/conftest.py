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
