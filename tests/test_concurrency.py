"""Two commands at once (a notebook and the CLI, or two librarians): real processes raced
from a barrier, for a few rounds each. Each unit of work takes SQLite's write lock when it
starts, so nothing counted at the start of one is changed by another before it ends."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from readinggroups import Workspace
from readinggroups.demo import sample_file

from . import racing
from .conftest import TEAMS, write

ROUNDS = 3


def _people(n: int) -> list[tuple[str, str]]:
    return [(f"Nurse {i}", f"nurse.{i}@example.nhs.uk") for i in range(n)]


def test_the_last_places_are_never_overbooked(tmp_path):
    for round_ in range(ROUNDS):
        ws = Workspace.create(tmp_path / f"group-{round_}", group="G")
        earlier = ws.new_session(date="2026-10-08", start="14:00", title="Earlier")
        later = ws.new_session(date="2026-11-12", start="14:00", title="Later", capacity=5)
        people = _people(8)
        for name, email in people:  # already known to the workspace, as in the report
            ws.book(earlier.id, name=name, email=email)
        results = racing.race(racing.book, [(ws.root, later.id, n, e) for n, e in people])
        assert sorted(results) == ["booked"] * 5 + ["waitlisted"] * 3, results
        statuses = [b.status for b in ws.bookings(later.id)]
        assert statuses.count("booked") == 5 and statuses.count("waitlisted") == 3


def test_the_same_cancellation_twice_at_once_promotes_one_person(tmp_path):
    for round_ in range(ROUNDS):
        ws = Workspace.create(tmp_path / f"group-{round_}", group="G")
        session = ws.new_session(date="2026-11-12", start="14:00", title="S", capacity=2)
        people = _people(5)
        for name, email in people:
            ws.book(session.id, name=name, email=email)
        first = people[0][1]
        results = racing.race(racing.cancel, [(ws.root, session.id, first)] * 2)
        promoted, refused = sorted(results, key=lambda r: r.startswith("error"))
        assert promoted == people[2][1], results
        assert refused.startswith("error:") and "already cancelled" in refused, results
        statuses = {b.person.email: b.status for b in ws.bookings(session.id)}
        assert list(statuses.values()).count("booked") == 2, statuses
        assert statuses[people[3][1]] == statuses[people[4][1]] == "waitlisted"


def test_two_form_runs_at_once_issue_certificates_that_verify(workspace, session, tmp_path):
    import re

    from .test_documents import text_of

    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    workspace.import_attendance(session.id, TEAMS)
    for round_ in range(ROUNDS):
        outs = [tmp_path / f"one-{round_}", tmp_path / f"two-{round_}"]
        calls = [(workspace.root, session.id, out) for out in outs]
        results = racing.race(racing.make_forms, calls)
        assert results[0] == results[1] and results[0] > 0, results
        # Every number printed on a certificate, by either run, is one that verifies.
        printed = {
            number
            for out in outs
            for path in out.glob("certificate_*.docx")
            for number in re.findall(r"RG-[0-9A-Z]{4}-[0-9A-Z]{4}", text_of(path))
        }
        assert len(printed) == results[0] // 3, printed
        for number in printed:
            assert workspace.verify_certificate(number).booking.certificate_number == number


@pytest.mark.parametrize("dois", [False, True], ids=["without-dois", "with-dois"])
def test_two_imports_at_once_store_each_article_once(tmp_path, dois):
    records = "".join(
        f"TY  - JOUR\nTI  - Article number {i} about wards\nAU  - Author, A\nPY  - 2024\n"
        + (f"DO  - 10.1234/ward.{i}\n" if dois else "")
        + "JO  - Nursing Times\nER  - \n\n"
        for i in range(40)
    )
    export = write(tmp_path / "no-dois.ris", records)
    for round_ in range(ROUNDS):
        ws = Workspace.create(tmp_path / f"group-{round_}", group="G")
        results = racing.race(racing.import_articles, [(ws.root, export)] * 2)
        assert sorted(results) == [0, 40], results
        assert len(ws.articles()) == 40


def test_two_daily_sends_at_once_send_each_message_once(tmp_path):
    """Two librarians' `send --due` (or a scheduled task and a notebook) at the same moment:
    each message is claimed before it goes, so each person gets one confirmation."""
    soon = dt.date.today() + dt.timedelta(days=20)
    for round_ in range(ROUNDS):
        ws = Workspace.create(tmp_path / f"group-{round_}", group="G")
        ws.update_settings(email_from="library@example.nhs.uk")
        session = ws.new_session(date=soon, start="14:00", title="Falls", capacity=5)
        for name, email in _people(7):
            ws.book(session.id, name=name, email=email)
        results = racing.race(racing.send_due, [(ws.root,), (ws.root,), (ws.root,)])
        assert all(isinstance(n, int) for n in results), results
        assert sum(results) == 7  # five confirmations and two waiting-list notices, once each
        sent = [(m.person_id, m.kind) for m in ws.messages(session.id) if m.outcome == "sent"]
        assert len(sent) == len(set(sent)) == 7
        assert len(list((ws.root / "output" / "outbox").rglob("*.eml"))) == 7
        assert sum(s.sent.__len__() for s in ws.send_due()) == 0  # nothing left to send


def test_the_same_bookings_imported_at_once_make_each_person_once(tmp_path):
    for round_ in range(ROUNDS):
        ws = Workspace.create(tmp_path / f"group-{round_}", group="G")
        session = ws.new_session(date="2026-11-12", start="14:00", title="S", capacity=10)
        path = sample_file("bookings.csv")
        results = racing.race(racing.import_bookings, [(ws.root, session.id, path)] * 3)
        assert not [r for r in results if r.startswith(("error", "crash"))], results
        people = ws.people_table()
        assert len(people) == len(set(people["email"])) == len(ws.bookings(session.id))
        booked = [b.status for b in ws.bookings(session.id)]
        assert booked.count("booked") == 10


def test_two_first_anonymised_exports_at_once_share_one_key(workspace, session, tmp_path):
    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    outs = [tmp_path / "a.csv", tmp_path / "b.csv"]
    racing.race(racing.export_anonymised, [(workspace.root, out) for out in outs])
    assert outs[0].read_text() == outs[1].read_text()
    key = workspace.root / ".pseudonym-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not [p for p in workspace.root.iterdir() if p.name.startswith(".writing-")]


@pytest.mark.sqlite_file
def test_the_database_and_the_key_are_readable_by_their_owner_only(workspace, session):
    workspace.export_people(workspace.root / "people.csv", anonymise=True)
    for name in ("readinggroups.sqlite", ".pseudonym-key"):
        assert stat.S_IMODE((workspace.root / name).stat().st_mode) == 0o600, name


@pytest.mark.parametrize("weak", ["", "\n", "abc123", "not a key at all, but long enough......"])
def test_a_weak_pseudonym_key_is_refused(workspace, session, weak):
    (workspace.root / ".pseudonym-key").write_text(weak)
    with pytest.raises(Exception, match="too weak to keep pseudonyms private"):
        workspace.export_people(workspace.root / "people.csv", anonymise=True)
    assert not (workspace.root / "people.csv").exists()


@pytest.mark.sqlite_file
def test_a_busy_database_says_so_without_mentioning_a_server(workspace, monkeypatch):
    import sqlite3

    from readinggroups import WorkspaceError
    from readinggroups.store import engine

    monkeypatch.setattr(engine, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(workspace.root / "readinggroups.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, and not letting go
    try:
        again = Workspace.open(workspace.root)
        with pytest.raises(WorkspaceError) as caught:
            again.new_session(date=dt.date(2026, 12, 10), start="14:00", title="Falls")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(caught.value)
    assert "database is locked" in message and "another readinggroups command" in message
    assert "server" not in message
    assert os.path.exists(workspace.root / "readinggroups.sqlite")


@pytest.mark.postgresql_only
def test_a_busy_shared_database_says_so(workspace, monkeypatch):
    """On PostgreSQL a colleague's command holding the database past the wait ends this one
    with the same advice, not a hang."""
    from sqlalchemy import create_engine

    from readinggroups import WorkspaceError
    from readinggroups.store import engine

    monkeypatch.setattr(engine, "BUSY_SECONDS", 0.3)
    holder = create_engine(engine.server_url(os.environ["READINGGROUPS_DATABASE_URL"]))
    with holder.connect() as connection:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({engine.NETWORK_LOCK})")
        again = Workspace.open(workspace.root)
        with pytest.raises(WorkspaceError) as caught:
            again.new_session(date=dt.date(2026, 12, 10), start="14:00", title="Falls")
        connection.rollback()
    holder.dispose()
    assert "lock timeout" in str(caught.value)
    assert "another readinggroups command or notebook kept it busy" in str(caught.value)
    assert Workspace.open(workspace.root).sessions() == []


def test_threads_booking_through_the_api_at_once_never_overbook(tmp_path):
    import threading

    ws = Workspace.create(tmp_path / "group", group="G")
    session = ws.new_session(date="2026-11-12", start="14:00", title="S", capacity=4)
    people = _people(10)
    barrier = threading.Barrier(len(people))
    results: list[str] = []

    def book(name: str, email: str) -> None:
        mine = Workspace.open(ws.root)  # a notebook's workspace, and the CLI's, side by side
        mine.sessions()
        barrier.wait()
        results.append(str(mine.book(session.id, name=name, email=email).booking.status))

    threads = [threading.Thread(target=book, args=person) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(results) == ["booked"] * 4 + ["waitlisted"] * 6


@pytest.mark.sqlite_file
def test_a_full_disk_says_so_and_keeps_what_was_saved(workspace, monkeypatch, tmp_path):
    from readinggroups import WorkspaceError
    from readinggroups.store import engine

    workspace.new_session(date="2026-11-12", start="14:00", title="Kept")
    pragmas = engine._sqlite_pragmas

    def full(connection, record):  # SQLite's own cap stands in for a full disk
        pragmas(connection, record)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(engine, "_sqlite_pragmas", full)
    again = Workspace.open(workspace.root)
    export = write(tmp_path / "big.ris", "".join(
        f"TY  - JOUR\nTI  - Article {i}\nAB  - {'x' * 3000}\nER  - \n\n" for i in range(200)
    ))  # fmt: skip
    with pytest.raises(WorkspaceError) as caught:
        again.import_articles([export])
    assert "full" in str(caught.value) and "nothing was saved" in str(caught.value)
    assert "server" not in str(caught.value)
    monkeypatch.undo()
    assert [s.title for s in Workspace.open(workspace.root).sessions()] == ["Kept"]
    assert Workspace.open(workspace.root).articles() == []
