"""Running the command line in tests: in this process (quick), or as a real one (the few tests
that check what only a new process shows: the installed command, start-up imports)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Done:
    """What a command left behind, as subprocess.CompletedProcess names it."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str, cwd: Path | None = None, ok: bool = True, input: str = "") -> Done:
    """``readinggroups ARGS`` through the same entry point as the installed command
    (``readinggroups.cli:main``: its one-line errors and exit codes), in this process;
    ``input`` is what is typed at its questions."""
    import sys

    from readinggroups.cli import main

    out, err = io.StringIO(), io.StringIO()
    here, stdin = Path.cwd(), sys.stdin
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin = io.StringIO(input)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    finally:
        os.chdir(here)
        sys.stdin = stdin
    done = Done(code, out.getvalue(), err.getvalue())
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def run_process(*args: str, cwd: Path | None = None, ok: bool = True, timeout: float = 120) -> Done:
    """``readinggroups ARGS`` as a new process, as a librarian runs it."""
    finished = subprocess.run(
        [sys.executable, "-m", "readinggroups", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )
    done = Done(finished.returncode, finished.stdout, finished.stderr)
    if ok:
        assert done.returncode == 0, done.stderr
    return done
