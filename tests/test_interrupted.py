"""A `forms` run stopped part-way, by SIGTERM or kill -9: nothing naming attendees is left
half-written in the workspace or in the system's temporary folder, and the next run finishes
the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from readinggroups import Workspace

ATTENDEES = 120


@pytest.fixture
def big_session(tmp_path):
    from readinggroups.demo import sample_file

    ws = Workspace.create(tmp_path / "group", group="G")
    ws.import_articles([sample_file("search_export.ris")])
    session = ws.new_session(date="2026-11-12", start="14:00", title="Big", capacity=ATTENDEES)
    ws.add_articles(session.id, [1])
    people = [(f"Nurse {i}", f"nurse.{i}@example.nhs.uk") for i in range(ATTENDEES)]
    for name, email in people:
        ws.book(session.id, name=name, email=email)
    ws.mark_attendance(session.id, [email for _, email in people])
    ws.close()
    return ws, session


def _start_forms(ws: Workspace, session_id: int, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "readinggroups",
            "-w",
            str(ws.root),
            "forms",
            str(session_id),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _scratch(folder: Path) -> list[Path]:
    return [p for p in folder.glob(".writing-*")] if folder.is_dir() else []


def _wait_for_scratch(process: subprocess.Popen, folder: Path) -> None:
    """Until the run is part-way: writing into its scratch folder, some documents done."""
    for _ in range(600):
        found = _scratch(folder)
        if found and len(list(found[0].rglob("*.docx"))) >= 6:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the forms run never got part-way")


def _system_temp() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("readinggroups-*")}


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
def test_sigterm_removes_what_it_was_writing(big_session, zipped):
    ws, session = big_session
    folder = ws.root / "output" / "forms" / f"session-{session.id}"
    temp_before = _system_temp()
    run = _start_forms(ws, session.id, *(["--zip"] if zipped else []))
    _wait_for_scratch(run, folder)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 143 and err.strip() == "Stopped."
    assert _scratch(folder) == [] and _system_temp() <= temp_before
    assert not list(folder.glob("*.docx")) and not list(folder.glob("*.zip"))


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
def test_after_kill_9_the_next_run_cleans_up_and_finishes(big_session, zipped):
    ws, session = big_session
    folder = ws.root / "output" / "forms" / f"session-{session.id}"
    extra = ["--zip"] if zipped else []
    temp_before = _system_temp()
    run = _start_forms(ws, session.id, *extra)
    _wait_for_scratch(run, folder)
    os.kill(run.pid, signal.SIGKILL)
    run.communicate(timeout=60)
    assert _scratch(folder), "kill -9 leaves the scratch folder (nothing can remove it then)"
    assert _system_temp() <= temp_before  # but never anything in the system's temp folder
    again = _start_forms(ws, session.id, *extra)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert _scratch(folder) == []
    if zipped:
        assert len(list(folder.glob("*.zip"))) == 1
    else:
        assert len(list(folder.glob("*.docx"))) == 3 * ATTENDEES
