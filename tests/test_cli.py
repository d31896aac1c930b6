"""The command line, run as a librarian runs it: a real process per command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from readinggroups.cli import cli
from readinggroups.demo import sample_file

from .commands import run, run_process
from .conftest import BOOKINGS, TEAMS, write


def test_the_whole_journey_from_the_command_line(tmp_path):
    group = tmp_path / "group"
    run(
        "init",
        str(group),
        "--group",
        "Nursing Reading Group",
        "--library",
        "LKS",
        "--facilitator",
        "Helen Marsh",
    )
    w = ["-w", str(group)]
    imported = run(
        *w,
        "articles",
        "import",
        str(sample_file("search_export.ris")),
        str(sample_file("pubmed_export.txt")),
    )
    assert "Imported 18 new, 3 duplicates" in imported.stdout
    again = run(*w, "articles", "import", str(sample_file("pubmed_export.txt")))
    assert "Imported 0 new, 5 duplicates" in again.stdout

    listed = run(*w, "articles", "list", "--csv").stdout.splitlines()
    assert listed[0] == "id,title,authors,journal,year,doi,pmid"
    assert len(listed) == 19

    created = run(
        *w,
        "sessions",
        "new",
        "--date",
        "2026-11-12",
        "--start",
        "14:00",
        "--minutes",
        "60",
        "--title",
        "Therapeutic engagement",
        "--capacity",
        "10",
    )
    session = created.stdout.strip().splitlines()[-1]
    assert session == "1"
    run(*w, "sessions", "add-article", session, "9")
    assert "Therapeutic engagement  (articles: 9)" in run(*w, "sessions", "list").stdout

    booked = run(*w, "bookings", "import", session, str(BOOKINGS))
    assert "10 booked, 2 on the waiting list" in booked.stdout
    cancelled = run(*w, "bookings", "cancel", session, "tomasz.nowak@example.nhs.uk")
    assert "Promoted from the waiting list: Daniel Ashworth" in cancelled.stdout
    came = run(*w, "attendance", "import", session, str(TEAMS))
    assert "8 attended, 1 partial, 1 no-show" in came.stdout
    listing = run(*w, "bookings", "list", session).stdout
    assert "partial     Gareth Llewellyn <gareth.llewellyn@example.nhs.uk> (32 min)" in listing

    pack = run(*w, "pack", session, "--out", str(tmp_path / "pack")).stdout
    assert "Wrote" in pack and len(list((tmp_path / "pack").glob("*.docx"))) == 1
    forms = run(*w, "forms", session, "--out", str(tmp_path / "forms")).stdout
    assert "Wrote 27 documents for 9 attendees" in forms
    zoe = next((tmp_path / "forms").glob("reflective-account_*Zoë-Hartley*.docx"))
    assert any(
        "Zoë Hartley" in cell.text
        for t in Document(str(zoe)).tables
        for row in t.rows
        for cell in row.cells
    )
    run(*w, "export", "attendance", "--out", str(tmp_path / "a.csv"))
    assert "Gareth Llewellyn" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")


def test_the_workspace_is_found_from_the_current_folder(tmp_path):
    run("init", str(tmp_path / "g"), "--group", "G")
    (tmp_path / "g" / "sub").mkdir()
    assert "No articles yet" in run("articles", "list", cwd=tmp_path / "g" / "sub").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["articles", "list"], "no workspace here or above"),
        (["-w", "{ws}", "articles", "import", "{bad}"], "bad.ris: this is a binary file"),
        (
            [
                "-w",
                "{ws}",
                "sessions",
                "new",
                "--date",
                "12/11/2026",
                "--start",
                "14:00",
                "--title",
                "T",
            ],
            "date '12/11/2026' should look like 2026-11-12",
        ),
        (["-w", "{ws}", "pack", "7"], "there is no session 7"),
        (["-w", "{ws}", "bookings", "import", "1", "{missing}"], "nope.csv: no such file"),
        (
            [
                "-w",
                "{ws}",
                "sessions",
                "new",
                "--date",
                "2026-11-12",
                "--start",
                "14:00",
                "--title",
                "T",
                "--standard",
                "26",
            ],
            "'26' is not a standard of the Code",
        ),
    ],
)
def test_a_mistake_gives_one_line_and_a_failing_exit_code(tmp_path, args, message):
    ws = tmp_path / "ws"
    run("init", str(ws), "--group", "G")
    bad = tmp_path / "bad.ris"
    bad.write_bytes(b"\x00\x01\x02\x03binary")
    names = {"ws": str(ws), "bad": str(bad), "missing": str(tmp_path / "nope.csv")}
    done = run(*[a.format(**names) for a in args], cwd=tmp_path, ok=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert message in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["sessions", "new", "--minutes", "lots"],
        ["init", "", "--group", "G"],
        ["articles", "mark", "1"],
        ["nonsense"],
    ],
)
def test_a_bad_option_is_one_line_and_exit_code_2(tmp_path, args):
    done = run(*args, ok=False, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("Error: ")
    assert not (tmp_path / "readinggroups.toml").exists()


def all_commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("command", list(all_commands()), ids=" ".join)
def test_every_command_has_help(command):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output and len(result.output.splitlines()) > 3


def test_every_command_is_in_the_readme():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for command in all_commands():
        assert f"readinggroups {' '.join(command)}" in readme, command


def test_help_does_not_load_the_heavy_libraries():
    code = (
        "import sys, readinggroups.cli\n"
        "heavy = [m for m in ('sqlalchemy', 'pandas', 'docx', 'docxtpl', 'alembic') if m in sys.modules]\n"
        "print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_bookings_file_with_a_hostile_name_goes_through_the_cli(tmp_path):
    ws = tmp_path / "ws"
    run("init", str(ws), "--group", "G")
    run("-w", str(ws), "articles", "import", str(sample_file("search_export.ris")))
    run(
        "-w", str(ws), "sessions", "new", "--date", "2026-11-12", "--start", "14:00", "--title", "T"
    )
    run("-w", str(ws), "sessions", "add-article", "1", "1")
    write(tmp_path / "b.csv", 'name,email\n"=HYPERLINK(""x"")",h@example.nhs.uk\n')
    run("-w", str(ws), "bookings", "import", "1", str(tmp_path / "b.csv"))
    write(tmp_path / "a.csv", "email,minutes\nh@example.nhs.uk,60\n")
    run("-w", str(ws), "attendance", "import", "1", str(tmp_path / "a.csv"))
    run("-w", str(ws), "forms", "1", "--out", str(tmp_path / "f"))
    [form] = (tmp_path / "f").glob("reflective-account_*.docx")
    assert any(
        '=HYPERLINK("x")' in c.text
        for t in Document(str(form)).tables
        for r in t.rows
        for c in r.cells
    )
    run("-w", str(ws), "export", "attendance", "--out", str(tmp_path / "x.csv"))
    assert '\'=HYPERLINK(""x"")' in (tmp_path / "x.csv").read_text(encoding="utf-8-sig")


def test_documents_commands_for_after_the_session(tmp_path):
    folder = tmp_path / "demo"
    run("demo", str(folder))
    w = ["-w", str(folder)]
    edited = run(*w, "sessions", "edit", "1", "--link", "https://teams.example/join/1").stdout
    assert "joining link: https://teams.example/join/1" in edited
    mine = run(*w, "sessions", "edit", "1", "--question", "What stood out?").stdout
    assert "1 discussion questions of its own" in mine
    assert "say what to change" in run(*w, "sessions", "edit", "1", ok=False).stderr

    bundled = run(*w, "forms", "1", "--zip", "--out", str(tmp_path / "zip")).stdout
    assert "Wrote" in bundled and "forms_2026-11-12_session-1.zip" in bundled

    logged = run(*w, "cpd-log", "ZOE.HARTLEY@example.nhs.uk", "--out", str(tmp_path / "log"))
    # The demo's reading group runs July to November, and she came to a search workshop too.
    assert "Zoë Hartley: 5 sessions from" in logged.stdout
    assert "of 35 hours" in logged.stdout and "of 20 participatory" in logged.stdout
    [log] = (tmp_path / "log").glob("cpd-log_*.docx")

    number = next(
        row.cells[6].text
        for table in Document(str(log)).tables
        if len(table.columns) == 8
        for row in table.rows[1:]
    )
    verified = run(*w, "certificates", "verify", number.lower()).stdout
    assert f"{number} is genuine: Zoë Hartley <zoe.hartley@example.nhs.uk>" in verified
    assert "1 hour of group discussion (participatory), and 1.5 hours of preparatory" in verified
    wrong = run(*w, "certificates", "verify", "RG-0000-0000", ok=False)
    assert wrong.returncode == 1 and "no certificate RG-0000-0000" in wrong.stderr

    copied = run(*w, "templates", "copy").stdout
    assert "Copied 6 templates" in copied
    assert "already in" in run(*w, "templates", "copy").stdout


def test_a_new_process_answers_help_and_a_mistake_in_one_line(tmp_path):
    # Most command-line tests run in this process; these run it as a librarian does.
    helped = run_process("--help")
    assert "Usage: readinggroups" in helped.stdout
    wrong = run_process("-w", str(tmp_path / "nowhere"), "sessions", "list", ok=False)
    assert wrong.returncode == 1
    assert wrong.stderr.count("\n") == 1 and "is not a workspace" in wrong.stderr
    assert "Traceback" not in wrong.stderr
