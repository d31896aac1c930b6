"""Start-up speed: how long a librarian waits for a quick command, from a fresh process.

    uv run python benchmarks/startup_benchmark.py [--rounds 7]

Builds the demo workspace in a temporary folder, then times, in the same run and interleaved
round by round (so a machine that slows down slows every command alike), each as a whole new
process:
  - `python -c "import sqlalchemy.orm"`: the baseline, the least any command that reads the
    database must load;
  - `readinggroups sessions list` on the demo workspace (target: at most 1.3x the baseline);
  - `readinggroups articles list`, `readinggroups bookings list 1` and `readinggroups --help`.
Each figure is the median of the rounds, wall-clock seconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.3


def command() -> list[str]:
    """The installed `readinggroups` beside this Python, else `python -m readinggroups`."""
    installed = Path(sys.executable).with_name("readinggroups")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "readinggroups"]


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="skip the first, uncounted run of each command"
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="readinggroups-startup-"))
    try:
        demo = folder / "demo-group"
        subprocess.run([*command(), "demo", str(demo)], check=True, stdout=subprocess.DEVNULL)
        cli = [*command(), "-w", str(demo)]
        commands = {
            "import sqlalchemy.orm (baseline)": [sys.executable, "-c", "import sqlalchemy.orm"],
            "readinggroups sessions list": [*cli, "sessions", "list"],
            "readinggroups articles list": [*cli, "articles", "list"],
            "readinggroups bookings list 1": [*cli, "bookings", "list", "1"],
            "readinggroups --help": [*command(), "--help"],
        }
        if not args.no_warm_up:
            for argv in commands.values():  # warm the file cache: the first run is slow
                timed(argv)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, argv in commands.items():
                times[name].append(timed(argv))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians["import sqlalchemy.orm (baseline)"]
    print(f"start-up, whole process, median of {args.rounds} interleaved rounds (wall seconds)")
    for name, seconds in medians.items():
        ratio = "" if "baseline" in name else f"  {seconds / baseline:.2f}x the baseline"
        print(f"  {name:<34} {seconds:6.3f} s{ratio}")
    ratio = medians["readinggroups sessions list"] / baseline
    verdict = "met" if ratio <= TARGET else "missed"
    print(f"sessions list: {ratio:.2f}x the baseline (target <= {TARGET}x): {verdict}")


if __name__ == "__main__":
    main()
