"""A library network in one shared database: 20 libraries x 3 series x 24 sessions x 30
bookings (about 43,000 bookings of 6,000 nurses, with attendance and follow-ups), on SQLite and
on PostgreSQL.

    uv run python benchmarks/network_benchmark.py [--backend sqlite|postgresql|both]
        [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]
        [--libraries 20] [--series 3] [--sessions 24] [--bookings 30] [--runs 3] [--keep DIR]

For each back end it builds the network (each library's workspace made with Workspace.create,
then the sessions, people, bookings, follow-up messages and survey responses written in bulk:
how long that took is shown but is not a measured figure), then measures in the same run:
  - baseline: a bare pandas read of the tables the report is made of (sessions, bookings,
    people, followup_responses, messages), in this process and from a fresh process;
  - the report (of the whole network where Workspace.report takes network=True, else of the
    first library's workspace: the output says which was timed), the attendance, people and
    sessions exports, one nurse's CPD log, `sessions list` and a 30-row bookings import,
    each as a whole command from a fresh process (what the librarian waits for, with its peak
    memory) and as an inner figure (the Workspace call in this process, already started);
  - the SQL statements the report issues, at the full network and at one with half the
    sessions a series: they should be equal (no query per session).
Each time is the median of --runs runs, wall-clock seconds, after one uncounted warm-up run.
Targets: the report at most 5x the baseline; its peak memory under 1 GB.

PostgreSQL is used through --postgres-url, the server's admin connection: a throwaway database
(rg_bench_PID_...) is created for each network and dropped afterwards; a server that cannot be
reached is said so and that back end is skipped. With --keep DIR the workspaces (and their
databases) are kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RATIO_TARGET = 5.0
MEMORY_LIMIT_MB = 1024
TABLES = ("sessions", "bookings", "people", "followup_responses", "messages")

# The group's own series is None (named in readinggroups.toml); the rest are workshops.
NAMED_SERIES = ["Finding the Evidence", "Critical Appraisal Skills", "Searching the Databases"]
TRUSTS = ["Northgate", "Riverside", "St Aidan's", "Moorland", "Harbourside", "Kingsbridge",
          "Ashworth", "Fenwick", "Llanfair", "Coleridge"]  # fmt: skip
FIRST = ["Aoife", "Siobhán", "Zoë", "Priya", "Kwame", "Tomasz", "Chiamaka", "Gareth", "Fatima",
         "Niamh", "Oluwaseun", "Rhiannon", "Mei", "Dariusz", "Grace"]  # fmt: skip
LAST = ["O'Neill", "Ní Bhriain", "Hartley", "Raman", "Mensah", "Nowak", "Okafor", "Llewellyn",
        "Campbell", "Begum", "Kowalski", "Adeyemi", "Price", "Chen"]  # fmt: skip
ROLES = ["Staff Nurse", "Charge Nurse", "Midwife", "Nursing Associate", "Ward Sister",
         "Community Nurse", "Clinical Nurse Specialist"]  # fmt: skip
PARTS = ["RNA", "RNA", "RNA", "RNMH", "RNC", "RM", "NAR"]
FOLLOWUP_CHOICES = ["Yes", "Not yet", "No"]
CONTRIBUTED = ["Patient care or service delivery", "Your own professional development",
               "Shared with colleagues", "New knowledge", "New ideas"]  # fmt: skip
REASONS = ["No time or opportunity", "Not relevant to my role", "Other"]

# The whole-process baseline: start Python, load pandas and SQLAlchemy, read every table.
BARE_READ = """
import sys
import pandas as pd
from sqlalchemy import create_engine
engine = create_engine(sys.argv[1])
with engine.connect() as connection:
    for table in sys.argv[2:]:
        pd.read_sql_query(f"SELECT * FROM {table}", connection)
engine.dispose()
"""

# Runs the commands it is given, one JSON list a line, and answers each with its seconds, its
# peak memory (os.wait4: this child's alone), its exit code and, if it failed, its output.
LAUNCHER = """
import json, os, subprocess, sys, tempfile, time
for line in sys.stdin:
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        child = subprocess.Popen(json.loads(line), stdout=output, stderr=output)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = code = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode(errors="replace") if code else ""
    print(json.dumps([seconds, usage.ru_maxrss, code, text]), flush=True)
"""


def cli() -> list[str]:
    return [sys.executable, "-m", "readinggroups"]


# -- the databases ------------------------------------------------------------------------------


class Postgres:
    """Throwaway databases on a PostgreSQL server, made and dropped through its admin URL."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.made: list[str] = []

    def _run(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql)

    def unreachable(self) -> str | None:
        """Why the server cannot be used, or None."""
        try:
            self._run("SELECT 1")
        except Exception as problem:  # any failure to connect means: skip this back end
            return str(problem).strip().splitlines()[0] if str(problem).strip() else repr(problem)
        return None

    def new(self, suffix: str) -> str:
        from sqlalchemy.engine import make_url

        name = f"rg_bench_{os.getpid()}_{suffix}"
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._run(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        for name in self.made:
            self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()


# -- building the network -----------------------------------------------------------------------


@dataclass
class Network:
    url: str
    folders: list[Path]
    sessions: int
    people: int
    bookings: int
    followups: int
    responses: int
    nurse: str  # the nurse who attended most, across the libraries: her CPD log is timed
    seconds: float


def build(url: str, root: Path, args: argparse.Namespace, sessions_a_series: int) -> Network:
    """The network in the database at ``url``: the workspaces through the API (so their rows
    and settings are real), everything else in bulk, one transaction a table (the API would
    take tens of minutes for 43,000 bookings, and building is not what is measured)."""
    from sqlalchemy import create_engine

    from readinggroups import Workspace
    from readinggroups.statuses import BookingStatus, Outcome, SessionKind
    from readinggroups.store.engine import server_url
    from readinggroups.store.models import (
        Booking,
        FollowUpResponse,
        Message,
        Person,
        ReadingSession,
    )

    started = time.perf_counter()
    rng = random.Random(2026)  # the same network every run
    folders, workspace_ids = [], []
    for n in range(args.libraries):
        trust = f"{TRUSTS[n % len(TRUSTS)]}{'' if n < len(TRUSTS) else f' {n // len(TRUSTS)}'}"
        ws = Workspace.create(
            root / f"library-{n + 1:02}",
            group=f"{trust} Nursing Reading Group",
            library=f"{trust} NHS Trust Library and Knowledge Service",
            database=url,
        )
        folders.append(ws.root)
        workspace_ids.append(ws.store.workspace_id)
        config = ws.config
        ws.close()

    # Sessions a fortnight apart, every one over (the report counts sessions up to today) and
    # its follow-up a month later sent too.
    today = dt.date.today()
    first = today - dt.timedelta(days=14 * sessions_a_series + 60)
    session_rows: list[dict[str, Any]] = []
    for w, workspace_id in enumerate(workspace_ids):
        for s in range(args.series):
            workshop = s > 0
            name = None if s == 0 else NAMED_SERIES[(s - 1) % len(NAMED_SERIES)]
            if s > len(NAMED_SERIES):
                name = f"{name} {s}"
            for j in range(sessions_a_series):
                day = first + dt.timedelta(days=14 * j + 3 * s + w % 5)
                session_rows.append(
                    {
                        "workspace_id": workspace_id,
                        "title": f"{name or 'Reading group'}: session {j + 1}",
                        "date": day,
                        "start": dt.time(12, 30) if workshop else dt.time(14, 0),
                        "minutes": config.session_minutes,
                        "venue": config.venue,
                        "capacity": max(args.bookings, config.capacity),
                        "facilitator": "Helen Marsh",
                        "preparation_hours": 0.0 if workshop else config.preparation_hours,
                        "attendance_threshold": config.attendance_threshold,
                        "hours_credit": config.hours_credit,
                        "hours_round_down_minutes": config.hours_round_down_minutes,
                        "reflective_model": config.reflective_model,
                        "code_standards": list(config.code_standards),
                        "created_at": dt.datetime.combine(day, dt.time()) - dt.timedelta(days=42),
                        "attendance_recorded_at": dt.datetime.combine(day, dt.time(17)),
                        "calendar_sequence": 0,
                        "kind": SessionKind.WORKSHOP if workshop else SessionKind.READING_GROUP,
                        "series": name,
                        "learning_outcomes": ["Search a database with subject headings"]
                        if workshop
                        else None,
                    }
                )

    total = len(session_rows) * args.bookings
    # About 7 bookings a nurse, as in the issue (43,200 bookings, 6,000 people).
    people_count = max(args.bookings, round(total / 7.2))
    people_rows = [
        {
            "name": f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]}",
            "email": f"nurse{i:05}@example.nhs.uk",
            "role": ROLES[i % len(ROLES)],
            "team": f"Ward {i % 40 + 1}",
            "nmc_pin": f"{i % 100:02}A{i % 10000:04}E",
            "register_part": PARTS[i % len(PARTS)],
            "site": None,
            "revalidation_date": None,
        }
        for i in range(people_count)
    ]

    engine = create_engine(server_url(url))
    try:
        session_ids = insert_returning(engine, ReadingSession.__table__, session_rows)
        person_ids = insert_returning(engine, Person.__table__, people_rows)

        # Each nurse mostly books her own library's sessions, and now and then another's: a
        # person is one person across the network, so the libraries share people.
        block = max(1, people_count // args.libraries)
        bookings, messages, responses = [], [], []
        attended: Counter[int] = Counter()
        for row, session_id in zip(session_rows, session_ids, strict=True):
            home = workspace_ids.index(row["workspace_id"]) * block
            chosen: set[int] = set()
            while len(chosen) < args.bookings:
                if rng.random() < 0.8:
                    chosen.add((home + rng.randrange(block)) % people_count)
                else:
                    chosen.add(rng.randrange(people_count))
            starts = dt.datetime.combine(row["date"], row["start"])
            minutes, threshold = row["minutes"], row["attendance_threshold"]
            for n, index in enumerate(sorted(chosen)):
                person_id = person_ids[index]
                # As attendance imports write them: attended at or over the threshold's
                # share of the session, partial under it, no-show with 0 minutes.
                draw = rng.random()
                if draw < 0.75:
                    outcome = Outcome.ATTENDED
                    attended_minutes = rng.randint(int(threshold * minutes + 0.999), minutes)
                elif draw < 0.87:
                    outcome = Outcome.PARTIAL
                    attended_minutes = rng.randint(15, int(threshold * minutes) - 1)
                else:
                    outcome, attended_minutes = Outcome.NO_SHOW, 0
                bookings.append(
                    {
                        "session_id": session_id,
                        "person_id": person_id,
                        "status": BookingStatus.BOOKED,
                        "booked_at": starts - dt.timedelta(days=rng.randint(2, 30), minutes=n),
                        "attendance": outcome,
                        "minutes_attended": attended_minutes,
                    }
                )
                if outcome == Outcome.NO_SHOW:
                    continue
                attended[index] += 1
                # The follow-up survey a month later, to those who came; about a third answer.
                sent_at = starts + dt.timedelta(days=30, hours=-5)
                messages.append(
                    {
                        "session_id": session_id,
                        "person_id": person_id,
                        "kind": "followup",
                        "message_id": f"<followup.{session_id}.{person_id}@example.nhs.uk>",
                        "sequence": 0,
                        "sent_at": sent_at,
                        "transport": "smtp",
                        "outcome": "sent",
                        "detail": None,
                    }
                )
                if rng.random() < 0.3:
                    responses.append(response(rng, session_id, person_id, sent_at))

        write(engine, Booking.__table__, bookings)
        write(engine, Message.__table__, messages)
        write(engine, FollowUpResponse.__table__, responses)
        if engine.dialect.name == "postgresql":
            # The planner's statistics, as autovacuum would have them on a network that grew
            # over two years rather than in a few seconds.
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()
    nurse = str(people_rows[attended.most_common(1)[0][0]]["email"])
    return Network(
        url=url,
        folders=folders,
        sessions=len(session_rows),
        people=people_count,
        bookings=len(bookings),
        followups=len(messages),
        responses=len(responses),
        nurse=nurse,
        seconds=time.perf_counter() - started,
    )


def response(rng: random.Random, session_id: int, person_id: int, sent: dt.datetime) -> dict:
    """One answer to the follow-up survey, as importing the survey's export keeps it."""
    used = rng.choice(FOLLOWUP_CHOICES)
    contributed = rng.sample(CONTRIBUTED, rng.randint(1, 3)) if used == "Yes" else []
    reasons = [] if used == "Yes" else rng.sample(REASONS, 1)
    changed = "I now check the evidence before changing a care plan." if used == "Yes" else None
    reflection = rng.choice(FOLLOWUP_CHOICES)
    return {
        "session_id": session_id,
        "person_id": person_id,
        "response_id": str(person_id),
        "submitted_at": sent + dt.timedelta(days=rng.randint(0, 10), hours=3),
        "used_since": used,
        "used_in_reflection": reflection,
        "changed": changed,
        "contributed": contributed,
        "reasons": reasons,
        "answers": {
            "Have you used what you learned at this session since?": used,
            "Did you use this session in a reflective account for your revalidation?": reflection,
        },
        "keep": changed is not None and rng.random() < 0.1,
        "keep_named": False,
        "erased": False,
        "source_file": "followup_survey.xlsx",
        "imported_at": sent + dt.timedelta(days=14),
    }


def insert_returning(engine, table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` (one executemany, one transaction), their new ids in the same order:
    the database gives the ids, so that the API adding rows later does not collide."""
    with engine.begin() as connection:
        stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        return list(connection.execute(stmt, rows).scalars())


def write(engine, table, rows: list[dict]) -> None:
    if rows:
        with engine.begin() as connection:
            connection.execute(table.insert(), rows)


# -- measuring ------------------------------------------------------------------------------------


class Launcher:
    """Runs each whole command as a fresh process from a small Python process started before
    this one grew: on Linux a child's peak memory (ru_maxrss) starts from its parent's size at
    the fork, so commands started from here would all show this process's hundreds of MB."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def run(self, argv: list[str]) -> tuple[float, float]:
        """Run ``argv``: its wall-clock seconds and its own peak memory in MB."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(argv) + "\n")
        self.process.stdin.flush()
        seconds, peak, code, output = json.loads(self.process.stdout.readline())
        if code:
            sys.exit(f"{' '.join(argv)} failed:\n{output}")
        # ru_maxrss is in KiB on Linux, in bytes on macOS.
        return seconds, peak / (1024 * 1024 if sys.platform == "darwin" else 1024)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def inner(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bare_read(url: str) -> Callable[[], object]:
    """The in-process baseline: pandas reading every table the report is made of."""
    import pandas as pd
    from sqlalchemy import create_engine

    from readinggroups.store.engine import server_url

    engine = create_engine(server_url(url))

    def read() -> None:
        with engine.connect() as connection:
            for table in TABLES:
                pd.read_sql_query(f"SELECT * FROM {table}", connection)

    return read


def report_call(ws) -> tuple[Callable[..., Any], str]:
    """Workspace.report of the whole network where it takes network=True, else of this
    workspace alone; and which it is."""
    if "network" in inspect.signature(ws.report).parameters:
        return (lambda out: ws.report(out, network=True)), "Workspace.report(network=True)"
    return ws.report, "Workspace.report() (one library: network=True not available)"


def report_command() -> tuple[list[str], str]:
    """`readinggroups report --network` where the command has it, else `report`."""
    shown = subprocess.run([*cli(), "report", "--help"], capture_output=True, text=True).stdout
    if "--network" in shown:
        return ["report", "--network"], "readinggroups report --network"
    return ["report"], "readinggroups report (one library: --network not available)"


def statements(ws, out: Path) -> int:
    """How many SQL statements the report issues, its database already open."""
    from sqlalchemy import event

    engine = ws.store.open().kw["bind"]
    count = 0

    def counted(*_: object) -> None:
        nonlocal count
        count += 1

    call, _ = report_call(ws)
    event.listen(engine, "before_cursor_execute", counted)
    try:
        call(out)
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


@dataclass
class Figure:
    what: str
    kind: str  # "whole command" (a fresh process) or "inner" (this process)
    seconds: float
    peak_mb: float | None = None


def measure(
    network: Network, work: Path, runs: int, launcher: Launcher
) -> tuple[list[Figure], str, str]:
    """Every figure of one back end's network: whole commands, then inner figures."""
    from readinggroups import Workspace

    folder = network.folders[0]
    ws = Workspace.open(folder)
    # A bookings import needs a session it has not filled yet: one new session (still to come,
    # so outside the report) and one CSV of 30 nurses, half already known, for every run.
    imports = iter(range(10_000))

    def new_import() -> tuple[int, Path]:
        n = next(imports)
        planned = ws.new_session(
            date=dt.date.today() + dt.timedelta(days=30 + n),
            start="14:00",
            title=f"Bookings import {n}",
            capacity=500,
        )
        csv = work / f"bookings-{n}.csv"
        rows = [f"Known Nurse {i},nurse{i:05}@example.nhs.uk" for i in range(15)]
        rows += [f"New Nurse {n}-{i},new.{n}.{i}@example.nhs.uk" for i in range(15, 30)]
        csv.write_text("name,email\n" + "\n".join(rows) + "\n", encoding="utf-8")
        return planned.id, csv

    from readinggroups.store.engine import server_url

    url = server_url(network.url).render_as_string(hide_password=False)
    report_argv, report_name = report_command()
    base = [*cli(), "-w", str(folder)]
    out = work / "out"
    commands: dict[str, Callable[[], list[str]]] = {
        "python: pandas read of the tables (baseline)": lambda: [
            sys.executable, "-c", BARE_READ, url, *TABLES
        ],
        report_name: lambda: [*base, *report_argv, "--out", str(out / "report")],
        "readinggroups export attendance": lambda: [
            *base, "export", "attendance", "--out", str(out / "attendance.xlsx")
        ],
        "readinggroups export people": lambda: [
            *base, "export", "people", "--out", str(out / "people.xlsx")
        ],
        "readinggroups export sessions": lambda: [
            *base, "export", "sessions", "--out", str(out / "sessions.xlsx")
        ],
        "readinggroups cpd-log EMAIL": lambda: [
            *base, "cpd-log", network.nurse, "--out", str(out / "cpd")
        ],
        "readinggroups sessions list": lambda: [*base, "sessions", "list"],
        "readinggroups bookings import SESSION FILE": lambda: [
            *base, "bookings", "import", *(str(part) for part in new_import())
        ],
    }  # fmt: skip
    # Interleaved round by round (a machine that slows down slows every command alike); the
    # first round warms the file cache and is not counted.
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    for round_ in range(runs + 1):
        for name, argv in commands.items():
            seconds, peak = launcher.run(argv())
            if round_:
                times[name].append(seconds)
                peaks[name] = max(peaks[name], peak)
    figures = [
        Figure(name, "whole command", statistics.median(times[name]), peaks[name])
        for name in commands
    ]

    report, report_inner = report_call(ws)

    def import_bookings() -> None:
        session_id, csv = new_import()
        ws.import_bookings(session_id, csv)

    actions: dict[str, Callable[[], object]] = {
        "pandas read of the tables (baseline)": bare_read(network.url),
        report_inner: lambda: report(out / "report-inner"),
        "Workspace.export_attendance": lambda: ws.export_attendance(out / "a.xlsx"),
        "Workspace.export_people": lambda: ws.export_people(out / "p.xlsx"),
        "Workspace.export_sessions": lambda: ws.export_sessions(out / "s.xlsx"),
        "Workspace.cpd_log": lambda: ws.cpd_log(network.nurse, out / "cpd-inner"),
        "Workspace.sessions": ws.sessions,
        "Workspace.import_bookings (30 rows)": import_bookings,
    }
    inner_times: dict[str, list[float]] = {name: [] for name in actions}
    for round_ in range(runs + 1):  # the first round loads the modules: not counted
        for name, action in actions.items():
            seconds = inner(action)
            if round_:
                inner_times[name].append(seconds)
    figures += [
        Figure(name, "inner", statistics.median(values)) for name, values in inner_times.items()
    ]
    ws.close()
    return figures, report_name, report_inner


def report_statements(folder: Path, out: Path) -> int:
    from readinggroups import Workspace

    ws = Workspace.open(folder)
    try:
        call, _ = report_call(ws)
        call(out)  # the first report loads what it needs; the count is of the next
        return statements(ws, out)
    finally:
        ws.close()


# -- one back end ---------------------------------------------------------------------------------


def run_backend(
    backend: str,
    args: argparse.Namespace,
    root: Path,
    postgres: Postgres | None,
    launcher: Launcher,
) -> bool:
    """Build, measure and print one back end; False when it was skipped."""
    half = max(1, args.sessions // 2)
    label = "SQLite" if backend == "sqlite" else "PostgreSQL"
    if backend == "postgresql":
        assert postgres is not None
        reason = postgres.unreachable()
        if reason is not None:
            print(f"\n{label}: {args.postgres_url} cannot be reached ({reason}): skipped")
            return False
        url, half_url = postgres.new("full"), postgres.new("half")
    else:
        (root / "full").mkdir(parents=True)
        (root / "half").mkdir(parents=True)
        url = f"sqlite:///{root / 'full' / 'network.sqlite'}"
        half_url = f"sqlite:///{root / 'half' / 'network.sqlite'}"

    network = build(url, root / "full", args, args.sessions)
    half_network = build(half_url, root / "half", args, half)
    work = root / "work"
    work.mkdir()
    figures, report_name, report_inner = measure(network, work, args.runs, launcher)
    counts = (
        report_statements(network.folders[0], work / "count-full"),
        report_statements(half_network.folders[0], work / "count-half"),
    )

    print(
        f"\n{label}: {args.libraries} libraries x {args.series} series x {args.sessions} "
        f"sessions x {args.bookings} bookings = {network.bookings:,} bookings of "
        f"{network.people:,} people, {network.followups:,} follow-ups sent, "
        f"{network.responses:,} responses"
    )
    print(
        f"  built in {network.seconds:.1f} s (half-size network: {half_network.seconds:.1f} s) "
        "- setting up, not a measured figure"
    )
    print(f"  median of {args.runs} runs after a warm-up, wall seconds:")
    print(f"  {'what':<62} {'seconds':>8}  {'figure':<14} {'peak MB':>8}")
    baselines = {f.kind: f.seconds for f in figures if "baseline" in f.what}
    for f in figures:
        memory = f"{f.peak_mb:8.0f}" if f.peak_mb is not None else ""
        times = "" if "baseline" in f.what else f"  {f.seconds / baselines[f.kind]:.1f}x baseline"
        print(f"  {f.what:<62} {f.seconds:8.3f}  {f.kind:<14} {memory:>8}{times}")

    by_name = {f.what: f for f in figures}
    grows = "equal" if counts[0] == counts[1] else "grows with the sessions"
    print(
        f"  SQL statements the report issues: {counts[0]:,} at {args.sessions} sessions a "
        f"series, {counts[1]:,} at {half}: {grows} (target: equal)"
    )
    for name, kind in ((report_inner, "inner"), (report_name, "whole command")):
        ratio = by_name[name].seconds / baselines[kind]
        verdict = "met" if ratio <= RATIO_TARGET else "missed"
        print(
            f"  report, {kind}: {ratio:.1f}x the pandas read (target <= {RATIO_TARGET:g}x): "
            f"{verdict}"
        )
    peak = by_name[report_name].peak_mb or 0.0
    verdict = "met" if peak < MEMORY_LIMIT_MB else "missed"
    print(f"  peak memory of `{report_name}`: {peak:.0f} MB (limit 1 GB): {verdict}")
    if "not available" in report_inner:
        print(
            "  note: the baseline reads every library's rows, the report one library's: "
            "the ratio is not the target's until report(network=True) is there"
        )
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--postgres-url",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="the server's admin connection, to create and drop a throwaway database",
    )
    parser.add_argument("--libraries", type=int, default=20)
    parser.add_argument("--series", type=int, default=3, help="series a library (default 3)")
    parser.add_argument("--sessions", type=int, default=24, help="sessions a series")
    parser.add_argument("--bookings", type=int, default=30, help="bookings a session")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--keep", type=Path, help="keep the workspaces (and databases) here")
    args = parser.parse_args()

    # A developer's own shared database would take every workspace made here (and every
    # command run from here) somewhere else: the networks are in the URLs given.
    os.environ.pop("READINGGROUPS_DATABASE_URL", None)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    postgres = Postgres(args.postgres_url) if "postgresql" in backends else None
    top = args.keep or Path(tempfile.mkdtemp(prefix="readinggroups-network-"))
    launcher = Launcher()  # now, while this process is small
    try:
        for backend in backends:
            run_backend(backend, args, top / backend, postgres, launcher)
    finally:
        launcher.close()
        if args.keep:
            kept = ", ".join(postgres.made) if postgres and postgres.made else "none"
            print(f"\nkept: the workspaces in {args.keep}; PostgreSQL databases: {kept}")
        else:
            shutil.rmtree(top, ignore_errors=True)
            if postgres is not None and postgres.made:
                postgres.drop_all()


if __name__ == "__main__":
    main()
