"""Work done by several real processes at once, for the concurrency tests.

Each worker opens the workspace itself (as a second command or notebook would), waits at the
barrier so that all of them start together, does one thing, and puts what happened on the
queue: a short result, or the one-line error a librarian would see.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from readinggroups import ReadingGroupsError, Workspace


def race(work: Callable[..., Any], calls: list[tuple], *, timeout: float = 120) -> list[Any]:
    """Run ``work(barrier, *args)`` once per ``calls`` entry, each in a process of its own,
    all released at once; their results (or error messages), in no particular order."""
    context = multiprocessing.get_context("spawn")  # fresh interpreters, as separate commands
    barrier = context.Barrier(len(calls))
    results = context.Queue()
    processes = [
        context.Process(target=_run, args=(work, barrier, results, args)) for args in calls
    ]
    for process in processes:
        process.start()
    found = [results.get(timeout=timeout) for _ in processes]
    for process in processes:
        process.join(timeout=timeout)
        assert process.exitcode == 0, f"a racing process ended with {process.exitcode}"
    return found


def _run(work, barrier, results, args) -> None:
    try:
        results.put(work(barrier, *args))
    except ReadingGroupsError as error:
        results.put(f"error: {error}")
    except BaseException as error:  # the test shows it, rather than hanging on the queue
        results.put(f"crash: {type(error).__name__}: {error}")


def book(barrier, root: Path, session_id: int, name: str, email: str) -> str:
    ws = Workspace.open(root)
    ws.sessions()  # opened before the race, as an open notebook is
    barrier.wait()
    return str(ws.book(session_id, name=name, email=email).booking.status)


def cancel(barrier, root: Path, session_id: int, email: str) -> str:
    ws = Workspace.open(root)
    ws.sessions()
    barrier.wait()
    result = ws.cancel_booking(session_id, email)
    return result.promoted.person.email if result.promoted else "nobody promoted"


def make_forms(barrier, root: Path, session_id: int, out: Path) -> int:
    ws = Workspace.open(root)
    ws.sessions()
    barrier.wait()
    return len(ws.make_forms(session_id, out))


def import_articles(barrier, root: Path, path: Path) -> int:
    ws = Workspace.open(root)
    ws.sessions()
    barrier.wait()
    return len(ws.import_articles([path]).new_ids)


def export_anonymised(barrier, root: Path, out: Path) -> str:
    ws = Workspace.open(root)
    barrier.wait()
    return str(ws.export_people(out, anonymise=True))


def send_due(barrier, root: Path) -> int:
    ws = Workspace.open(root)
    ws.sessions()
    barrier.wait()
    return sum(len(sending.sent) for sending in ws.send_due())


def import_bookings(barrier, root: Path, session_id: int, path: Path) -> str:
    ws = Workspace.open(root)
    ws.sessions()
    barrier.wait()
    return ws.import_bookings(session_id, path).summary()
