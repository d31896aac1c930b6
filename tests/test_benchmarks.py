"""The benchmark scripts still run (on a few records: the figures themselves are not tested)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Touches no database: runs once, not again on PostgreSQL.
pytestmark = pytest.mark.no_database

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_import_benchmark_runs():
    out = run("import_benchmark.py", "--records", "300", "--repeat", "1")
    assert "rispy.load alone (baseline)" in out
    assert "our RIS     import" in out and "270 new, 30 duplicates" in out
    assert "our MEDLINE import" in out


def test_forms_benchmark_runs():
    out = run("forms_benchmark.py", "--attendees", "12", "--naive", "3")
    assert "12 reflective account forms" in out
    assert "(a) naive docxtpl" in out and "(b) zip floor" in out


def test_startup_benchmark_runs():
    out = run("startup_benchmark.py", "--rounds", "1", "--no-warm-up")
    assert "import sqlalchemy.orm (baseline)" in out
    for name in ("sessions list", "articles list", "bookings list 1", "--help"):
        assert f"readinggroups {name}" in out
    assert "sessions list:" in out and "the baseline (target <= 1.3x)" in out


def test_matching_benchmark_runs():
    out = run("matching_benchmark.py", "--people", "200")
    assert "200 names without emails, 200 matched to their bookings" in out
    assert "reading the report alone (baseline)" in out and "fresh process" in out


def test_sending_benchmark_runs():
    out = run("sending_benchmark.py", "--attendees", "6")
    assert "6 documents messages" in out and "bare smtplib" in out and "peak memory" in out


@pytest.mark.no_database  # it makes its own network's database
def test_network_benchmark_runs():
    out = run(
        "network_benchmark.py",
        *("--libraries", "2", "--series", "1", "--sessions", "3", "--bookings", "4"),
        *("--runs", "1", "--backend", "sqlite"),
    )
    assert "SQLite: 2 libraries x 1 series x 3 sessions x 4 bookings = 24 bookings" in out
    assert "pandas read of the tables (baseline)" in out and "readinggroups report" in out
    for name in ("export attendance", "export people", "export sessions", "cpd-log EMAIL",
                 "sessions list", "bookings import SESSION FILE"):  # fmt: skip
        assert f"readinggroups {name}" in out
    assert "whole command" in out and "inner" in out
    assert "SQL statements the report issues:" in out and "at 3 sessions a series" in out
    assert "report, inner:" in out and "(target <= 5x)" in out
    assert "peak memory of `readinggroups report" in out and "(limit 1 GB)" in out
