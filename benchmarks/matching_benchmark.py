"""Name matching: a Teams attendance list without emails (the older list) for a session of
10,000 bookings, against reading the same list alone.

    uv run python benchmarks/matching_benchmark.py [--people 10000]

Measures in the same run:
  - baseline: reading the report (readinggroups.attendance.read_attendance), in this process;
  - inner: Workspace.import_attendance (reading, then matching every name to a booking);
  - whole command: `readinggroups attendance import SESSION FILE` from a fresh process,
    against `readinggroups --help` from a fresh process (the start-up every command pays).
Each name is folded once and looked up, so matching adds a small multiple of reading, not
a pass over every booking for every name (minutes at 10,000 names before).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Aoife", "Siobhán", "Zoë", "Priya", "Kwame", "Tomasz", "Chiamaka", "Gareth", "Fatima"]
LAST = ["O'Neill", "Ní Bhriain", "Hartley", "Raman", "Mensah", "Nowak", "Okafor", "Llewellyn"]


def name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}-{i}"


def build(folder: Path, people: int) -> tuple[Path, int, Path]:
    from readinggroups import Workspace

    ws = Workspace.create(folder / "group", group="Benchmark")
    session = ws.new_session(date="2026-11-12", start="14:00", title="Big", capacity=500)
    bookings = folder / "bookings.csv"
    rows = "".join(f"{name(i)},nurse{i}@example.nhs.uk\n" for i in range(people))
    bookings.write_text("name,email\n" + rows, encoding="utf-8")
    ws.import_bookings(session.id, bookings)
    log = ["Full Name\tUser Action\tTimestamp"]
    shown = []
    for i in range(people):  # surname first, as Teams often shows names
        first, _, last = name(i).partition(" ")
        shown.append(f"{last}, {first}")
    log += [f"{who}\tJoined\t12/11/2026, 14:00:00" for who in shown]
    log += [f"{who}\tLeft\t12/11/2026, 14:55:00" for who in shown]
    report = folder / "AttendanceList.csv"
    report.write_bytes(("\n".join(log) + "\n").encode("utf-16"))
    ws.close()
    return ws.root, session.id, report


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()

    from readinggroups import Workspace
    from readinggroups.attendance import read_attendance

    with tempfile.TemporaryDirectory() as name_:
        folder = Path(name_)
        root, session_id, report = build(folder, args.people)
        read_s, read = timed(lambda: read_attendance(report))
        ws = Workspace.open(root)
        import_s, result = timed(lambda: ws.import_attendance(session_id, report))
        matched = args.people - len(result.unmatched) - len(result.uncertain)
        print(f"{args.people:,} names without emails, {matched:,} matched to their bookings")
        print(f"  reading the report alone (baseline): {read_s:7.2f} s")
        print(f"  importing it (inner figure):         {import_s:7.2f} s  "
              f"= {import_s / read_s:.1f}x the baseline")  # fmt: skip
        command = [sys.executable, "-m", "readinggroups"]
        help_s, _ = timed(
            lambda: subprocess.run([*command, "--help"], capture_output=True, check=True)
        )
        whole_s, _ = timed(lambda: subprocess.run(
            [*command, "-w", str(root), "attendance", "import", str(session_id), str(report)],
            capture_output=True, check=True,
        ))  # fmt: skip
        print(f"  `readinggroups --help`, fresh process (baseline): {help_s:7.2f} s")
        print(f"  `readinggroups attendance import`, fresh process: {whole_s:7.2f} s  "
              f"(what the librarian waits for)")  # fmt: skip
        assert matched == args.people, "every name should match its booking"


if __name__ == "__main__":
    main()
