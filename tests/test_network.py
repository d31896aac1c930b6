"""A library network on one database: workspaces that each see their own sessions and
articles while a nurse is one person across them; joining a colleague's workspace; a shared
database's schema upgraded only when asked, and never by an older client; the warning about
a workspace in a synced or network folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from readinggroups import NotFoundError, Workspace, WorkspaceError
from readinggroups.demo import sample_file
from readinggroups.errors import SchemaError
from readinggroups.store.engine import HEAD_REVISION, server_url, upgrade

from .commands import run

NURSE = ("Siobhán O'Neill", "siobhan.oneill@example.nhs.uk")


def _shared(tmp_path: Path) -> str:
    """One database for several workspaces: a SQLite file on the SQLite run (on the
    PostgreSQL run $READINGGROUPS_DATABASE_URL, the test's own database, takes over)."""
    return f"sqlite:///{tmp_path / 'network.sqlite'}"


def _library(tmp_path: Path, name: str, library: str) -> Workspace:
    return Workspace.create(tmp_path / name, group="Nursing Reading Group", library=library,
                            database=_shared(tmp_path))  # fmt: skip


def test_each_workspace_sees_its_own_sessions_and_articles_and_a_nurse_is_one_person(tmp_path):
    whittington = _library(tmp_path, "whittington", "Whittington Health Library")
    royal_free = _library(tmp_path, "royal-free", "Royal Free Library")
    assert whittington.config.workspace != royal_free.config.workspace
    for ws in (whittington, royal_free):  # the same export in both: the same DOIs twice
        assert ws.import_articles([sample_file("search_export.ris")]).summary().startswith("16 new")
    ours = whittington.new_session(date="2026-11-12", start="14:00", title="Engagement")
    theirs = royal_free.new_session(date="2026-11-19", start="12:30", title="Sepsis")
    whittington.add_articles(ours.id, [1])
    assert [s.title for s in whittington.sessions()] == ["Engagement"]
    assert [s.title for s in royal_free.sessions()] == ["Sepsis"]
    with pytest.raises(NotFoundError, match=f"there is no session {theirs.id}"):
        whittington.book(theirs.id, name=NURSE[0], email=NURSE[1])
    assert len(royal_free.articles()) == 16
    # The same nurse books with both libraries: one person, one CPD log across both.
    whittington.import_bookings(ours.id, sample_file("bookings.csv"))
    whittington.book(ours.id, name=NURSE[0], email=NURSE[1])
    royal_free.book(theirs.id, name=NURSE[0], email=NURSE[1].upper())
    engine = create_engine(server_url(os.environ.get("READINGGROUPS_DATABASE_URL")
                                      or _shared(tmp_path)))  # fmt: skip
    with engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT count(*) FROM people WHERE email = :e"), {"e": NURSE[1]}
            ).scalar()
            == 1
        )
    engine.dispose()
    whittington.mark_attendance(ours.id, [NURSE[1]])
    royal_free.mark_attendance(theirs.id, [NURSE[1]])
    # Her CPD log, from either library, has both sessions: it is her record, not a library's.
    for ws in (whittington, royal_free):
        _, log = ws.cpd_log(NURSE[1], tmp_path / ws.root.name, today=dt.date(2026, 12, 1))
        topics = sorted(e["topic"].split(":")[0] for e in log.entries)
        assert topics == ["Engagement", "Sepsis"], log.entries
    # A certificate checks from anywhere in the network; each library's figures are its own.
    [theirs_booking] = royal_free.bookings(theirs.id)
    assert (
        whittington.verify_certificate(theirs_booking.certificate_number).booking.session.title
        == "Sepsis"
    )
    people = royal_free.people_table()
    assert list(people["email"]) == [NURSE[1]]
    assert len(whittington.people_table()) == 1 + len(whittington.bookings(ours.id)) - 1


def test_a_colleague_joins_the_workspace_and_works_on_the_same_sessions(tmp_path):
    url = _shared(tmp_path)
    said = run("init", str(tmp_path / "helen"), "--group", "Journal Club", "--library",
               "Whittington Health Library", "--database", url).stdout  # fmt: skip
    first = Workspace.open(tmp_path / "helen")
    key = first.config.workspace
    assert f"--workspace {key}" in said
    first.new_session(date="2026-12-10", start="13:00", title="Falls", capacity=2)
    joined = run("init", str(tmp_path / "amir"), "--database", url, "--workspace", key).stdout
    assert joined.startswith("Joined the workspace for Journal Club")
    second = Workspace.open(tmp_path / "amir")
    assert second.config.library == "Whittington Health Library"
    assert [s.title for s in second.sessions()] == ["Falls"]
    status = run("-w", str(second.root), "db", "status").stdout
    assert f"Schema: {HEAD_REVISION} (up to date)" in status
    assert (
        f"{key}: Journal Club, Whittington Health Library — 1 sessions  ← this workspace" in status
    )
    wrong = run("init", str(tmp_path / "x"), "--database", url, "--workspace", "nope", ok=False)
    assert wrong.returncode == 1 and f"{key} (Journal Club" in wrong.stderr
    lone = run("init", str(tmp_path / "y"), "--workspace", key, ok=False)
    assert lone.returncode == 2 and "--database" in lone.stderr
    assert not (tmp_path / "y" / "readinggroups.toml").exists()


def _older_database(tmp_path: Path, backend: str, postgres_server) -> str:
    """A database at schema 0011 holding a session and a person, as the previous version
    left it; the test's workspaces use it."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'older.sqlite'}"
    else:
        url = postgres_server[0].empty_database()
        os.environ["READINGGROUPS_DATABASE_URL"] = url  # undone by the backend fixture
    engine = create_engine(server_url(url))
    upgrade(engine, "0011")
    with engine.begin() as db:
        db.execute(text(
            "INSERT INTO sessions (title, date, start, minutes, venue, capacity, facilitator, "
            "preparation_hours, attendance_threshold, reflective_model, code_standards, "
            "created_at, kind) VALUES ('Kept', '2025-01-09', '14:00:00', 60, 'Teams', 10, '', "
            "1.5, 0.75, 'rolfe', '[\"6.2\"]', '2025-01-01 00:00:00', 'reading-group')"
        ))  # fmt: skip
        db.execute(text("INSERT INTO people (name, email) VALUES ('Aoife', 'aoife@x.nhs.uk')"))
        # Rows that point at the session and the article: SQLite rebuilds those tables.
        db.execute(
            text(
                "INSERT INTO articles (title, authors, keywords, publication_types, imported_at, doi)"
                " VALUES ('Kept article', '[]', '[]', '[]', '2025-01-01 00:00:00', '10.1/kept')"
            )
        )
        db.execute(
            text("INSERT INTO session_articles (session_id, article_id, position) VALUES (1, 1, 1)")
        )
        db.execute(text(
            "INSERT INTO bookings (session_id, person_id, status, booked_at, attendance, "
            "minutes_attended) VALUES (1, 1, 'booked', '2025-01-02 09:00:00', 'attended', 60)"
        ))  # fmt: skip
    engine.dispose()
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "readinggroups.toml").write_text(
        f"[group]\nname = 'Old group'\n\n[database]\nurl = '{url}'\n"
    )
    return url


def _revision(url: str) -> str:
    engine = create_engine(server_url(url))
    with engine.connect() as connection:
        found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    return found


def test_a_shared_database_is_upgraded_only_when_asked(
    tmp_path, backend, postgres_server, monkeypatch
):
    monkeypatch.setenv(
        "READINGGROUPS_DATABASE_URL", os.environ.get("READINGGROUPS_DATABASE_URL", "")
    )
    url = _older_database(tmp_path, backend, postgres_server)
    folder = tmp_path / "old"
    if backend == "sqlite":  # one librarian's own file: upgraded when opened, as always
        opened = Workspace.open(folder)
        assert [s.title for s in opened.sessions()] == ["Kept"]
        assert _revision(url) == HEAD_REVISION
        assert [b.person.email for b in opened.bookings(1)] == ["aoife@x.nhs.uk"]
        assert [a.title for a in opened.session(1).articles] == ["Kept article"]
        return
    refused = run("-w", str(folder), "sessions", "list", ok=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert (
        f"is at schema 0011 and this version of readinggroups needs {HEAD_REVISION}"
        in refused.stderr
    )
    assert "run `readinggroups db upgrade` once" in refused.stderr
    assert _revision(url) == "0011"  # nobody's database changed under them
    status = run("-w", str(folder), "db", "status").stdout
    assert "Schema: 0011; this version of readinggroups needs" in status
    said = run("-w", str(folder), "db", "upgrade").stdout
    assert f"from schema 0011 to {HEAD_REVISION}" in said
    assert _revision(url) == HEAD_REVISION
    # What was there is the workspace "default", which a settings file without a key names.
    opened = Workspace.open(folder)
    assert [s.title for s in opened.sessions()] == ["Kept"]
    assert [b.person.email for b in opened.bookings(1)] == ["aoife@x.nhs.uk"]
    assert [a.title for a in opened.session(1).articles] == ["Kept article"]
    assert "up to date" in run("-w", str(folder), "db", "upgrade").stdout


def test_a_client_older_than_the_database_refuses_on_both_back_ends(workspace):
    url = workspace.store.url
    workspace.store.open()
    workspace.close()
    engine = create_engine(server_url(url) if "://" in url else url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        engine = create_engine(f"sqlite:///{workspace.root / 'readinggroups.sqlite'}")
    with engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    again = Workspace.open(workspace.root)
    with pytest.raises(SchemaError, match="was upgraded by a newer readinggroups .schema 0099"):
        again.sessions()
    shown = run("-w", str(workspace.root), "db", "upgrade", ok=False)
    assert shown.returncode == 1 and "update readinggroups" in shown.stderr
    assert "Traceback" not in shown.stderr


def test_a_workspace_in_a_synced_folder_is_warned_about(tmp_path, backend):
    folder = tmp_path / "OneDrive - Whittington Health" / "reading-group"
    made = run("init", str(folder), "--group", "Nursing Reading Group")
    listed = run("-w", str(folder), "sessions", "list")
    if backend == "sqlite":
        for shown in (made, listed):
            assert "Warning: " in shown.stderr and "OneDrive folder" in shown.stderr
            assert "--database postgresql://" in shown.stderr
    else:  # the data is on the server: nothing to warn about
        assert "Warning" not in made.stderr + listed.stderr
    plain = run("-w", str(tmp_path / "plain"), "sessions", "list", ok=False)
    assert "OneDrive" not in plain.stderr


@pytest.mark.sqlite_file
def test_database_url_at_the_top_of_the_settings_and_from_the_environment(tmp_path, monkeypatch):
    ws = Workspace.create(tmp_path / "g", group="G")
    settings = ws.root / "readinggroups.toml"
    text_ = settings.read_text().replace('url = "sqlite:///readinggroups.sqlite"\n', "")
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    settings.write_text(f'database_url = "{elsewhere}"\n' + text_)
    assert Workspace.open(ws.root).store.url == elsewhere
    settings.write_text(text_ + f'database_url = "{elsewhere}"\n')  # appended: under a heading
    with pytest.raises(
        WorkspaceError, match=r"database_url is under \[workshops\] — put it at the top"
    ):
        Workspace.open(ws.root)
    settings.write_text(text_)
    monkeypatch.setenv("READINGGROUPS_DATABASE_URL", elsewhere)
    assert Workspace.open(ws.root).store.url == elsewhere


def test_the_notebooks_say_so_too(tmp_path, backend, capsys):
    from readinggroups.notebook.steps import open_workspace

    folder = tmp_path / "Dropbox" / "reading-group"
    open_workspace(str(folder), group="Nursing Reading Group")
    open_workspace(str(folder))
    said = capsys.readouterr().out
    if backend == "sqlite":
        assert said.count("Warning: ") == 2 and "Dropbox folder" in said
    else:
        assert "Warning" not in said


@pytest.mark.sqlite_file  # about the address given (on the PostgreSQL run the test's own wins)
@pytest.mark.parametrize(
    "url", ["postgresql://postgres:p@ss:w#rd@127.0.0.1/db", "postgresql://x@127.0.0.1:notaport/db"]
)
def test_an_address_that_cannot_be_read_is_one_line_without_the_password(tmp_path, url):
    shown = run("init", str(tmp_path / "g"), "--group", "G", "--database", url, ok=False)
    assert shown.returncode == 1 and "Traceback" not in shown.stderr
    assert "is not a database address" in shown.stderr and "%40" in shown.stderr
    assert "w#rd" not in shown.stderr and "p@ss" not in shown.stderr
    assert not (tmp_path / "g").exists()  # no half-made workspace left behind
