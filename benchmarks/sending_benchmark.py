"""Sending speed: the documents messages for a session of attendees (three attachments each)
to an SMTP server on this machine, against bare smtplib sending the same messages built
beforehand, in the same run.

    uv run python benchmarks/sending_benchmark.py [--attendees 300]

Measures:
  - baseline: smtplib.SMTP.send_message for each pre-built message over one connection;
  - ours: Workspace.send(SESSION, "documents") — recipients, templates, MIME, the send and the
    record of each message — with the rate limit lifted;
  - peak memory of ours (tracemalloc), at the full batch and at a tenth of it, to show it
    stays flat as the batch grows;
  - what the librarian waits for, each from a fresh process: `readinggroups send SESSION
    documents --yes --resend` against a Python process that reads the same messages, built
    beforehand, from files and sends them with smtplib.
Target: at most 1.5x the baseline's time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# The whole-process baseline: read the pre-built messages and send each over one connection.
BARE_CHILD = """
import pathlib, smtplib, sys
port, folder = int(sys.argv[1]), pathlib.Path(sys.argv[2])
with smtplib.SMTP("127.0.0.1", port) as server:
    for path in sorted(folder.glob("*.eml")):
        server.sendmail("library@example.nhs.uk", ["nurse@example.nhs.uk"], path.read_bytes())
"""


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(folder: Path, attendees: int, port: int):
    from readinggroups import Workspace
    from readinggroups.demo import sample_file

    ws = Workspace.create(folder / "group", group="Benchmark Reading Group")
    path = ws.root / "readinggroups.toml"
    text = path.read_text()
    changes = [
        ('from = ""', 'from = "library@example.nhs.uk"'),
        ('transport = "outbox"', 'transport = "smtp"'),
        ('host = ""', 'host = "127.0.0.1"'),
        ("port = 587", f"port = {port}"),
        ('security = "starttls"', 'security = "none"'),
        ("rate_per_minute = 30", "rate_per_minute = 10000"),
    ]
    for old, new in changes:
        text = text.replace(old, new)
    path.write_text(text)
    ws = Workspace.open(ws.root)
    ws.import_articles([sample_file("search_export.ris")])
    session = ws.new_session(
        date=dt.date(2026, 11, 12), start="14:00", title="Benchmark", capacity=500
    )
    ws.add_articles(session.id, [9])
    emails = [f"nurse{i}@example.nhs.uk" for i in range(attendees)]
    for i, email in enumerate(emails):
        ws.book(session.id, name=f"Nurse {i} O'Neill", email=email)
    ws.mark_attendance(session.id, emails)
    ws.make_forms(session.id)
    return ws, session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attendees", type=int, default=300)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    from readinggroups.messages.compose import build as build_message
    from readinggroups.messages.delivery import plan

    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as name:
            ws, session = build(Path(name), args.attendees, port)
            with ws.store.unit() as unit:
                batch = plan(unit.db, unit.session(session.id), "documents", ws.config, ws.root)
            messages = [
                build_message(p.draft, "library@example.nhs.uk", "Library") for p in batch.planned
            ]
            start = time.perf_counter()
            with smtplib.SMTP("127.0.0.1", port) as server:
                for message in messages:
                    server.send_message(message)
            bare = time.perf_counter() - start

            start = time.perf_counter()
            sent = ws.send(session.id, "documents")
            ours = time.perf_counter() - start
            # Memory apart (tracing slows Python): a tenth of the batch, then all of it again.
            peaks = []
            for share in (10, 1):
                tracemalloc.start()
                again = ws.send(session.id, "documents", resend=True, dry_run=True)
                again.planned = again.planned[: len(again.planned) // share]
                again.dry_run = False
                from readinggroups.messages.delivery import deliver

                deliver(ws.store, again, ws.config, ws.root)
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()

            # What she waits for: the whole command, against the whole bare process.
            from readinggroups.messages.compose import on_the_wire

            built = Path(name) / "built"
            built.mkdir()
            for n, message in enumerate(messages):
                (built / f"{n:05}.eml").write_bytes(on_the_wire(message))
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", BARE_CHILD, str(port), str(built)], check=True)
            bare_whole = time.perf_counter() - start
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "readinggroups", "-w", str(ws.root), "send",
                 str(session.id), "documents", "--yes", "--resend"],
                check=True, capture_output=True,
            )  # fmt: skip
            ours_whole = time.perf_counter() - start

            size = sum(len(bytes(m)) for m in messages) / len(messages) / 1e6
            print(
                f"{len(sent.sent):,} documents messages of {size:.2f} MB (three attachments each)"
            )
            print(f"  bare smtplib, messages built beforehand (baseline): {bare:6.2f} s, "
                  f"{len(messages) / bare:6.1f} messages/s")  # fmt: skip
            print(f"  readinggroups send (plan, build, send, record):     {ours:6.2f} s, "
                  f"{len(sent.sent) / ours:6.1f} messages/s = {ours / bare:.2f}x the baseline "
                  "(target <= 1.5x)")  # fmt: skip
            print("  whole commands from a fresh process (what the librarian waits for):")
            print(f"    bare smtplib script (baseline):                   {bare_whole:6.2f} s")
            print(f"    readinggroups send SESSION documents --yes:       {ours_whole:6.2f} s "
                  f"= {ours_whole / bare_whole:.2f}x the baseline")  # fmt: skip
            tenth, whole = (peak / 1e6 for peak in peaks)
            print(f"  peak memory: {tenth:.1f} MB for a tenth of the batch, {whole:.1f} MB for all")
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
