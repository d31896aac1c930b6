"""`readinggroups backup` and `restore`: a consistent snapshot taken while the workspace is in
use, rebuilt in an empty folder into a workspace whose documents are the same part by part."""

from __future__ import annotations

import json
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from readinggroups import Workspace, WorkspaceError
from readinggroups.demo import sample_file

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


def test_the_key_only_when_asked_and_owner_only_when_restored(held, tmp_path):
    workspace, _ = held
    workspace.backup(tmp_path / "with-key.zip", with_key=True)
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
