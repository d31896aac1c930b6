"""A workspace in one file and back: the database as one consistent snapshot, the settings,
the library's own templates and logo, the librarian's notebooks, and the pseudonym key only
when asked for.

The snapshot is taken with SQLite's online backup, so commands and notebooks may go on using
the workspace while it is made: it holds what was saved when it started, never half of a
change. Documents and exports are not kept: they are made again from what is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

from .config import CONFIG_NAME
from .errors import WorkspaceError
from .followup import QUESTIONS_NAME

DATABASE = "readinggroups.sqlite"
MANIFEST = "readinggroups-backup.json"
KEY = ".pseudonym-key"
# What a backup may hold besides the database: the names restore will write, and no others.
_FILES = (CONFIG_NAME, QUESTIONS_NAME, "logo.png", "logo.jpg", KEY)
_FOLDERS = ("templates", "notebooks")
_NOTEBOOK_SUFFIXES = (".ipynb",)
# Notebooks are copied into the workspace root; a backup keeps them under notebooks/.


def make_backup(root: Path, database: Path, out: Path, *, with_key: bool = False) -> list[str]:
    """Write the backup of the workspace in ``root`` to ``out`` (a .zip); the names it holds."""
    import sqlite3

    from .files import atomic_path

    members: dict[str, Path] = {}
    for name in _FILES:
        if name == KEY and not with_key:
            continue
        if (root / name).is_file():
            members[name] = root / name
    templates = root / "templates"
    if templates.is_dir():
        for path in sorted(templates.glob("*.docx")):
            members[f"templates/{path.name}"] = path
    for path in sorted(root.glob("*.ipynb")):
        members[f"notebooks/{path.name}"] = path

    with atomic_path(out, app="the zip program") as temporary:
        snapshot = temporary.with_name(temporary.name + ".sqlite")
        try:
            source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
            target = sqlite3.connect(snapshot)
            try:
                with target:
                    source.backup(target)  # a consistent copy, page by page, while in use
                target.execute("PRAGMA journal_mode = DELETE")  # one file, no journal beside
            finally:
                source.close()
                target.close()
            digests = {DATABASE: _digest(snapshot)}
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(snapshot, DATABASE)
                for name, path in members.items():
                    archive.write(path, name)
                    digests[name] = _digest(path)
                made = dt.datetime.now().astimezone().isoformat(timespec="seconds")
                record = {"made": made, "files": digests}
                archive.writestr(MANIFEST, json.dumps(record, indent=2))
        finally:
            snapshot.unlink(missing_ok=True)
    return [DATABASE, *members]


def restore_backup(backup: Path, folder: Path) -> list[str]:
    """Rebuild a workspace in ``folder`` (new or empty) from ``backup``; the names written.
    Checked first, whole: a damaged or foreign file writes nothing."""
    import shutil
    import tempfile

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise WorkspaceError(
            f"{folder} is not empty — restore into a new or empty folder, so nothing there is "
            "overwritten"
        )
    try:
        archive = zipfile.ZipFile(backup)
    except FileNotFoundError as problem:
        raise WorkspaceError(f"{backup}: no such file — check the name and folder") from problem
    except (zipfile.BadZipFile, OSError) as problem:
        raise WorkspaceError(
            f"{backup}: not a readinggroups backup (not a zip file) — choose the file "
            "`readinggroups backup` wrote"
        ) from problem
    with archive:
        manifest = _manifest(archive, backup)
        for name in manifest:
            if not _allowed(name):
                raise WorkspaceError(
                    f"{backup}: holds {name!r}, which no readinggroups backup holds — "
                    "it was not made by `readinggroups backup`; nothing restored"
                )
        folder.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then moved into place whole: a failure half-way leaves no workspace.
        staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=folder.parent))
        try:
            _unpack(archive, manifest, staging, backup)
            if folder.exists():
                folder.rmdir()  # empty, as checked
            staging.rename(folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return sorted(manifest)


def _unpack(archive: zipfile.ZipFile, manifest: dict[str, str], staging: Path, backup: Path):
    import os
    import shutil
    import sqlite3

    for member, digest in manifest.items():
        target = staging / member
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archive.open(member) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
        except (KeyError, zipfile.BadZipFile, OSError) as problem:
            raise WorkspaceError(
                f"{backup}: {member} cannot be read ({problem}) — the backup is damaged"
            ) from problem
        if _digest(target) != digest:
            raise WorkspaceError(
                f"{backup}: {member} does not match the backup's own record — the backup is "
                "damaged; use another one"
            )
    for private in (DATABASE, KEY):  # names, emails and PINs; the key to the pseudonyms
        if (staging / private).exists():
            os.chmod(staging / private, 0o600)
    check = sqlite3.connect(staging / DATABASE)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as problem:
        ok = str(problem)
    finally:
        check.close()
    if ok != "ok":
        raise WorkspaceError(f"{backup}: its database is damaged ({ok}) — use another backup")
    _point_at_restored_database(staging / CONFIG_NAME)
    notebooks = staging / "notebooks"
    if notebooks.is_dir():
        for notebook in notebooks.glob("*.ipynb"):
            notebook.replace(staging / notebook.name)  # beside the data, as she had them
        notebooks.rmdir()

    return sorted(manifest)


def _point_at_restored_database(settings: Path) -> None:
    """The restored settings use the restored database, wherever the original one was."""
    import dataclasses

    from . import config

    if not settings.is_file():
        raise WorkspaceError(f"the backup holds no {CONFIG_NAME} — use another backup")
    found = config.load(settings)
    default = config.DEFAULT_DATABASE_URL
    if found.database_url != default:
        config.dump(dataclasses.replace(found, database_url=default), settings)


def _manifest(archive: zipfile.ZipFile, backup: Path) -> dict[str, str]:
    try:
        record = json.loads(archive.read(MANIFEST))
        files = record["files"]
    except (KeyError, ValueError, TypeError) as problem:
        raise WorkspaceError(
            f"{backup}: not a readinggroups backup (no {MANIFEST} in it) — choose the file "
            "`readinggroups backup` wrote"
        ) from problem
    if not isinstance(files, dict) or DATABASE not in files:
        raise WorkspaceError(f"{backup}: a backup without a database — use another one")
    return {str(k): str(v) for k, v in files.items()}


def _allowed(name: str) -> bool:
    if name == DATABASE or name in _FILES:
        return True
    folder, _, file = name.partition("/")
    return (
        folder in _FOLDERS
        and file != ""
        and "/" not in file
        and "\\" not in file
        and not file.startswith(".")
        and file.endswith(".docx" if folder == "templates" else _NOTEBOOK_SUFFIXES)
    )


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()
