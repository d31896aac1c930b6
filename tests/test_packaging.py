"""The installed package, not just the source tree: a wheel carries its templates and samples."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Touches no database: runs once, not again on PostgreSQL.
pytestmark = pytest.mark.no_database

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the wheel")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("readinggroups-*.whl")
    return built


def test_wheel_holds_templates_migrations_and_sample_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "readinggroups/templates/reflective_account.docx",
        "readinggroups/templates/session_pack.docx",
        "readinggroups/store/migrations/env.py",
        "readinggroups/store/migrations/versions/0001_initial.py",
        "readinggroups/demo_data/search_export.ris",
        "readinggroups/demo_data/teams_attendance.csv",
        "readinggroups/demo_data/followup_survey.xlsx",
        "readinggroups/templates/followup_questions.toml",
        "readinggroups/templates/email/followup.txt",
        "readinggroups/templates/email/followup-reminder.txt",
        "readinggroups/py.typed",  # the type hints are part of what it ships
    ):
        assert needed in names


def test_installed_wheel_runs_the_demo_outside_the_source_tree(wheel, tmp_path):
    uv = shutil.which("uv")
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    subprocess.run(
        [uv, "venv", "--python", sys.executable, str(venv)],
        check=True,
        capture_output=True,
        env=env,
    )
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run(
        [uv, "pip", "install", "--python", str(python), str(wheel)],
        check=True,
        capture_output=True,
        env=env,
        timeout=600,
    )
    done = subprocess.run(
        [str(python), "-m", "readinggroups", "demo", "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    # Three documents per attendee, from the five templates inside the installed package.
    assert len(list((tmp_path / "demo" / "output" / "forms" / "session-1").glob("*.docx"))) == 30
    assert "[questions.used_since]" in (tmp_path / "demo" / "followup_questions.toml").read_text()
    where = subprocess.run(
        [
            str(python),
            "-c",
            "from readinggroups.documents.render import template_path;"
            "print(template_path('session_pack.docx'))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout
    assert str(venv) in where  # found inside the installed package, not this checkout
