"""Writing output files so that a crash, Ctrl-C or a file open in Word never leaves half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ReadingGroupsError


@contextmanager
def atomic_path(path: Path, *, app: str = "Word") -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; it replaces ``path`` when the block ends.

    ``app`` names the program to close when the old file is locked (Word, Excel).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            dir=path.parent, prefix=scratch_prefix(), suffix=path.suffix
        )
        os.close(handle)
    except OSError as problem:
        raise ReadingGroupsError(
            f"cannot write to {path.parent} ({problem.strerror}) — choose a folder you can "
            "write to (--out), or check the disk is not full"
        ) from problem
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp makes files only their owner can read; a document on a shared drive should
        # get the permissions any new file there would.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except PermissionError as exc:
        temporary.unlink(missing_ok=True)
        raise ReadingGroupsError(
            f"cannot replace {path} — close it in {app} and try again"
        ) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# Files and folders being written are named ".writing-PID-..." beside where they will go:
# hidden, and owned by a process that can be asked whether it is still running.
_SCRATCH = ".writing-"


def scratch_prefix() -> str:
    return f"{_SCRATCH}{os.getpid()}-"


@contextmanager
def scratch_folder(beside: Path) -> Iterator[Path]:
    """A private folder inside ``beside`` to write into before moving the results into place;
    removed when the block ends, and by the next run if this one is killed. It stays in the
    workspace (not the system's temporary folder): what is written there names people."""
    remove_leftovers(beside)
    beside.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=scratch_prefix(), dir=beside) as name:
        yield Path(name)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove what a run killed part-way left in ``folder``: ".writing-" files and folders of
    processes no longer running (another run's, still writing, are left alone)."""
    import shutil

    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(_SCRATCH) or _writer_running(entry.name):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
        except OSError:
            pass  # in use or already gone: the next run tries again
    return removed


def _writer_running(name: str) -> bool:
    pid = name[len(_SCRATCH) :].partition("-")[0]
    if not pid.isdigit():
        return False  # written before names carried the process: long finished
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)  # asks only whether it exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's running process, or a system that cannot say
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


def create_private(path: Path, data: bytes) -> bool:
    """Write ``path``, readable by its owner only, unless it already exists; whether this call
    made it. The data is complete before the file appears, and of two calls at once one wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=scratch_prefix())  # owner-only
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)  # fails if the file is there: no replacing a key
        except FileExistsError:
            return False
        except OSError:  # a drive without hard links: create it exclusively instead
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return False
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
        return True
    finally:
        temporary.unlink(missing_ok=True)
