"""A workspace in one file and back: the database as one consistent snapshot, the settings,
the library's own templates and logo, the librarian's notebooks, and the pseudonym key only
when asked for.

The snapshot is always a SQLite file holding the workspace. From the embedded database it is
taken with SQLite's online backup; from a shared PostgreSQL database, the workspace's rows are
copied into a new file (store/transfer.py) in one transaction. Either way commands and
notebooks may go on using the workspace meanwhile: it holds what was saved when it started,
never half of a change. Restoring puts the file back as the embedded database, or copies the
workspace into a shared database, so a backup also moves a workspace between the two.
Documents and exports are not kept: they are made again from what is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .config import CONFIG_NAME
from .errors import WorkspaceError
from .followup import QUESTIONS_NAME

if TYPE_CHECKING:
    from sqlalchemy import Engine

DATABASE = "readinggroups.sqlite"
MANIFEST = "readinggroups-backup.json"
KEY = ".pseudonym-key"
# What a backup may hold besides the database: the names restore will write, and no others.
_FILES = (CONFIG_NAME, QUESTIONS_NAME, "logo.png", "logo.jpg", KEY)
_FOLDERS = ("templates", "notebooks")
_NOTEBOOK_SUFFIXES = (".ipynb",)
# Notebooks are copied into the workspace root; a backup keeps them under notebooks/.


def sqlite_snapshot(database: Path, snapshot: Path) -> None:
    """A consistent copy of the SQLite file ``database``, page by page, while it is in use."""
    import sqlite3

    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(snapshot)
    try:
        with target:
            source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one file, no journal beside
    finally:
        source.close()
        target.close()


def server_snapshot(engine: Engine, key: str, snapshot: Path) -> None:
    """Workspace ``key`` of the shared database behind ``engine``, copied into a new SQLite
    file ``snapshot`` with its ids as they are."""
    from sqlalchemy import create_engine

    from .store.engine import upgrade
    from .store.transfer import copy_workspace

    target = create_engine(f"sqlite:///{snapshot}")
    try:
        upgrade(target)
        # One transaction on each side: the source's is the one a writer would wait for.
        with engine.begin() as source, target.begin() as into:
            copy_workspace(source, key, into, keep_ids=True)
    finally:
        target.dispose()


def make_backup(
    root: Path, out: Path, snapshot: Callable[[Path], None], *, with_key: bool = False
) -> list[str]:
    """Write the backup of the workspace in ``root`` to ``out`` (a .zip), its database as
    ``snapshot`` writes it into the file it is given; the names it holds."""
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
        copy = temporary.with_name(temporary.name + ".sqlite")
        try:
            snapshot(copy)
            digests = {DATABASE: _digest(copy)}
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(copy, DATABASE)
                for name, path in members.items():
                    archive.write(path, name)
                    digests[name] = _digest(path)
                made = dt.datetime.now().astimezone().isoformat(timespec="seconds")
                record = {"made": made, "files": digests}
                archive.writestr(MANIFEST, json.dumps(record, indent=2))
        finally:
            copy.unlink(missing_ok=True)
    return [DATABASE, *members]


def restore_backup(backup: Path, folder: Path, database: str | None = None) -> list[str]:
    """Rebuild a workspace in ``folder`` (new or empty) from ``backup``; the names written.
    Checked first, whole: a damaged or foreign file writes nothing.

    Its database becomes the folder's embedded SQLite file, or with ``database`` (or
    $READINGGROUPS_DATABASE_URL) is copied into that database: a shared one it joins."""
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
            _place_database(staging, database)
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
    notebooks = staging / "notebooks"
    if notebooks.is_dir():
        for notebook in notebooks.glob("*.ipynb"):
            notebook.replace(staging / notebook.name)  # beside the data, as she had them
        notebooks.rmdir()

    return sorted(manifest)


def _place_database(staging: Path, database: str | None) -> None:
    """The restored settings use the restored database: the backup's file as the embedded
    database, wherever the original one was; or, with a database to restore into, the
    workspace copied into it (and the file gone). Only ``database`` given here is written into
    the settings: $READINGGROUPS_DATABASE_URL stays this machine's own."""
    import dataclasses
    import os

    from . import config

    settings = staging / CONFIG_NAME
    if not settings.is_file():
        raise WorkspaceError(f"the backup holds no {CONFIG_NAME} — use another backup")
    found = config.load(settings)
    target = (database or "").strip() or os.environ.get(config.DATABASE_ENV, "").strip()
    url = config.DEFAULT_DATABASE_URL if not database else target
    key = found.workspace
    if target and not key:
        # A workspace from before databases were shared has no key of its own ("default"):
        # in a shared database it gets one, so that every library's can move there.
        from .store.network import new_key

        key = new_key(found.group)
    if (found.database_url, found.workspace) != (url, key):
        config.dump(dataclasses.replace(found, database_url=url, workspace=key), settings)
    if target:
        _copy_into(staging / DATABASE, target, found.workspace, key, staging)
        (staging / DATABASE).unlink()


def _copy_into(file: Path, url: str, key: str, as_key: str, folder: Path) -> None:
    """The workspace ``key`` in the backup's file copied into the database at ``url``, as
    workspace ``as_key``."""
    from sqlalchemy import create_engine

    from .store.engine import database_errors, open_database, upgrade
    from .store.transfer import copy_workspace
    from .store.unit import DEFAULT_WORKSPACE

    source = create_engine(f"sqlite:///{file}")
    try:
        upgrade(source)  # a backup made by an earlier version: its own file, brought up to date
        target = open_database(url, folder=folder).kw["bind"]
        try:
            with database_errors(url), source.connect() as old, target.begin() as new:
                copy_workspace(old, key or DEFAULT_WORKSPACE, new, as_key=as_key)
        finally:
            target.dispose()
    finally:
        source.dispose()


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
