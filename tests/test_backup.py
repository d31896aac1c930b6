"""`readinggroups backup` and `restore`: a consistent snapshot taken while the workspace is in
use, rebuilt in an empty folder into a workspace whose documents are the same part by part."""

from __future__ import annotations

import json
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from readinggroups import Workspace, WorkspaceError
from readinggroups.demo import sample_file
from readinggroups.store.engine import server_url

from .commands import run
from .conftest import TEAMS


def _parts(folder: Path) -> dict[str, dict[str, bytes]]:
    """Every document in ``folder``, as its zip parts."""
    found = {}
    for path in sorted(folder.glob("*.docx")):
        with zipfile.ZipFile(path) as docx:
            found[path.name] = {name: docx.read(name) for name in docx.namelist()}
    return found


@pytest.fixture
def held(workspace, session):
    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    workspace.import_attendance(session.id, TEAMS)
    workspace.export_people(workspace.root / "p.csv", anonymise=True)  # makes the key
    (workspace.root / "templates").mkdir()
    run("-w", str(workspace.root), "templates", "copy", "--force")
    return workspace, session


@pytest.mark.sqlite_file
def test_a_backup_taken_mid_write_restores_to_the_same_documents(held, tmp_path):
    workspace, session = held
    original = workspace.make_forms(session.id, tmp_path / "before")
    # Someone else is part-way through a change when the backup is taken: it is not in it.
    other = sqlite3.connect(workspace.root / "readinggroups.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE sessions SET title = 'Half-made change'")
    try:
        shown = run("-w", str(workspace.root), "backup", str(tmp_path / "group.zip")).stdout
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "readinggroups.sqlite" in shown and "templates/certificate.docx" in shown
    assert "pseudonym key is not in it" in shown
    with zipfile.ZipFile(tmp_path / "group.zip") as archive:
        assert ".pseudonym-key" not in archive.namelist()
        assert "followup_questions.toml" in archive.namelist()  # the librarian's own wording
    said = run("restore", str(tmp_path / "group.zip"), str(tmp_path / "restored")).stdout
    assert "Restored Nursing Reading Group" in said
    restored = Workspace.open(tmp_path / "restored")
    assert restored.session(session.id).title == session.title
    assert stat.S_IMODE((restored.root / "readinggroups.sqlite").stat().st_mode) == 0o600
    again = restored.make_forms(session.id, tmp_path / "after")
    assert len(again) == len(original) > 0
    assert _parts(tmp_path / "after") == _parts(tmp_path / "before")
    numbers = {b.certificate_number for b in restored.bookings(session.id)} - {None}
    assert numbers and all(restored.verify_certificate(n) for n in numbers)


def test_the_key_only_when_asked_and_owner_only_when_restored(held, tmp_path, new_database):
    workspace, _ = held
    workspace.backup(tmp_path / "with-key.zip", with_key=True)
    new_database()
    restored = Workspace.restore(tmp_path / "with-key.zip", tmp_path / "r")
    key = restored.root / ".pseudonym-key"
    assert key.read_bytes() == (workspace.root / ".pseudonym-key").read_bytes()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    a = workspace.export_people(tmp_path / "a.csv", anonymise=True).read_text()
    b = restored.export_people(tmp_path / "b.csv", anonymise=True).read_text()
    assert a == b  # the same pseudonyms from the restored workspace


def _tampered(source: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            name, data = change(item.filename, old.read(item.filename))
            if name is not None:
                new.writestr(name, data)
    return out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda n, d: (n, d[:-10] + b"0123456789") if n.endswith(".sqlite") else (n, d),
            "does not match",
        ),
        (
            lambda n, d: (None, d) if n == "readinggroups-backup.json" else (n, d),
            "not a readinggroups backup",
        ),
        (
            lambda n, d: (
                (n, json.dumps({"files": {**json.loads(d)["files"], "../x": "0"}}).encode())
                if n == "readinggroups-backup.json"
                else (n, d)
            ),
            "holds '../x'",
        ),
    ],
    ids=["damaged", "no-record", "escaping-name"],
)
def test_a_damaged_or_foreign_backup_restores_nothing(held, tmp_path, change, message):
    workspace, _ = held
    workspace.backup(tmp_path / "good.zip")
    bad = _tampered(tmp_path / "good.zip", tmp_path / "bad.zip", change)
    shown = run("restore", str(bad), str(tmp_path / "r"), ok=False)
    assert shown.returncode == 1 and message in shown.stderr and "Traceback" not in shown.stderr
    assert not (tmp_path / "r").exists() and not (tmp_path / "x").exists()
    assert not list(tmp_path.glob(".restoring-*"))


def test_restore_never_writes_over_a_folder_in_use(held, tmp_path):
    workspace, _ = held
    workspace.backup(tmp_path / "b.zip")
    with pytest.raises(WorkspaceError, match="is not empty"):
        Workspace.restore(tmp_path / "b.zip", workspace.root)


def _everything(ws: Workspace, session_id: int, out: Path) -> tuple:
    """What a workspace gives its users, to compare after a move."""
    ws.make_forms(session_id, out)
    people = ws.export_people(out / "people.csv").read_text()
    numbers = sorted(b.certificate_number or "" for b in ws.bookings(session_id))
    return _parts(out), people, numbers


@pytest.mark.postgresql_only
def test_a_workspace_moves_onto_a_shared_database_and_back(tmp_path, monkeypatch, postgres_server):
    """SQLite -> PostgreSQL -> SQLite by backup and restore: the same documents, people and
    certificates each time; the shared database's other library stays out of the backup."""
    server, _ = postgres_server
    monkeypatch.delenv("READINGGROUPS_DATABASE_URL")  # a workspace on its own SQLite file
    workspace = Workspace.create(tmp_path / "local", group="Nursing Reading Group")
    workspace.import_articles([sample_file("search_export.ris")])
    session = workspace.new_session(date="2026-11-12", start="14:00", title="Engagement")
    workspace.add_articles(session.id, [9])
    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    workspace.import_attendance(session.id, TEAMS)
    before = _everything(workspace, session.id, tmp_path / "before")
    workspace.backup(tmp_path / "local.zip", with_key=True)

    shared = server.new_database()
    said = run("restore", str(tmp_path / "local.zip"), str(tmp_path / "on-server"),
               "--database", shared).stdout  # fmt: skip
    assert "Restored Nursing Reading Group" in said
    moved = Workspace.open(tmp_path / "on-server")
    assert not (moved.root / "readinggroups.sqlite").exists()
    assert moved.config.database_url == shared
    assert _everything(moved, moved.sessions()[0].id, tmp_path / "server") == before
    # Another library joins the database, with one of the same nurses.
    other = Workspace.create(tmp_path / "other", group="Journal Club", library="Royal Free",
                             database=shared)  # fmt: skip
    theirs = other.new_session(date="2026-11-19", start="12:00", title="Sepsis", capacity=5)
    nurse = workspace.bookings(session.id)[0].person
    other.book(theirs.id, name=nurse.name, email=nurse.email)
    other.book(theirs.id, name="Siobhán O'Neill", email="siobhan.oneill@example.nhs.uk")

    moved.backup(tmp_path / "server.zip", with_key=True)
    back = Workspace.restore(tmp_path / "server.zip", tmp_path / "back")
    assert (back.root / "readinggroups.sqlite").is_file()
    assert _everything(back, session.id, tmp_path / "back-docs") == before
    assert [s.title for s in back.sessions()] == [session.title]
    emails = back.export_people(tmp_path / "p.csv").read_text()
    assert "siobhan.oneill" not in emails  # the other library's nurse is not in this backup
    server.drop(shared)


@pytest.mark.postgresql_only
def test_restoring_over_a_workspace_the_database_holds_changes_nothing(held, tmp_path):
    workspace, _ = held
    workspace.backup(tmp_path / "b.zip")
    shown = run("restore", str(tmp_path / "b.zip"), str(tmp_path / "again"), ok=False)
    assert shown.returncode == 1 and "already holds the workspace" in shown.stderr
    assert "Traceback" not in shown.stderr and not (tmp_path / "again").exists()
    assert len(workspace.sessions()) == 1


def _keyless(folder: Path) -> None:
    """The workspace as a version before shared databases left it, upgraded: no key in its
    settings, and "default" in its SQLite file."""
    with sqlite3.connect(folder / "readinggroups.sqlite") as db:
        db.execute("UPDATE workspaces SET key = 'default'")
    settings = folder / "readinggroups.toml"
    settings.write_text(
        "\n".join(
            line for line in settings.read_text().splitlines() if not line.startswith("workspace =")
        )  # fmt: skip
    )


@pytest.mark.postgresql_only
def test_libraries_from_before_shared_databases_all_move_into_one(
    tmp_path, monkeypatch, postgres_server
):
    """Each older workspace is "default" in its own file: in the shared database each gets a
    key of its own; an erased nurse keeps a placeholder of her own there; and a folder without
    a key never opens someone else's workspace through READINGGROUPS_DATABASE_URL."""
    server, _ = postgres_server
    monkeypatch.delenv("READINGGROUPS_DATABASE_URL")
    shared = server.new_database()
    for name in ("north", "south"):
        ws = Workspace.create(tmp_path / name, group=f"{name.title()} Reading Group")
        session = ws.new_session(date="2026-11-12", start="14:00", title=f"{name} session")
        ws.import_bookings(session.id, sample_file("bookings.csv"))
        ws.forget(ws.bookings(session.id)[0].person.email)
        ws.close()
        _keyless(ws.root)
        Workspace.open(ws.root).backup(tmp_path / f"{name}.zip")
        run("restore", str(tmp_path / f"{name}.zip"), str(tmp_path / f"{name}-shared"),
            "--database", shared)  # fmt: skip
    north, south = (Workspace.open(tmp_path / f"{n}-shared") for n in ("north", "south"))
    assert north.config.workspace != south.config.workspace != ""
    assert [s.title for s in north.sessions()] == ["north session"]
    assert [s.title for s in south.sessions()] == ["south session"]
    engine = create_engine(server_url(shared))
    with engine.connect() as connection:
        placeholders = connection.execute(
            text("SELECT id, email FROM people WHERE email LIKE '%@erased.invalid'")
        ).all()
    engine.dispose()
    assert len(placeholders) == 2
    assert all(email == f"erased-{id_}@erased.invalid" for id_, email in placeholders)
    # Erasing someone else there still works (no placeholder is taken twice).
    assert south.forget(south.bookings(south.sessions()[0].id)[1].person.email).people

    monkeypatch.setenv("READINGGROUPS_DATABASE_URL", shared)
    shown = run("-w", str(tmp_path / "north"), "sessions", "list", ok=False)
    assert shown.returncode == 1 and "has no key for the shared database" in shown.stderr
    assert "north session" not in shown.stdout + shown.stderr
    server.drop(shared)
