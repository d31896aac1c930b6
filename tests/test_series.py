"""Several series in one workspace, and sessions of two kinds: how each is planned, changed,
listed and upgraded into."""

from __future__ import annotations

import datetime as dt

import pytest

from readinggroups import Workspace
from readinggroups.errors import ReadingGroupsError
from readinggroups.statuses import SessionKind

from .commands import run
from .conftest import older_workspace


def test_a_workshop_takes_the_workshop_settings_and_a_reading_group_keeps_its_own(workspace):
    group = workspace.new_session(date="2026-12-10", start="14:00", title="Falls")
    workshop = workspace.new_session(
        date="2026-12-11",
        start="10:00",
        title="Finding the Evidence",
        kind="workshop",
        learning_outcomes=["  Search   CINAHL ", "Find full text"],
    )
    assert group.kind == SessionKind.READING_GROUP and not group.is_workshop
    assert (group.minutes, group.preparation_hours, group.series) == (60, 1.5, None)
    assert group.series_name(workspace.config.group) == "Nursing Reading Group"
    assert workshop.is_workshop
    # 90 minutes, no article to prepare, and the workshops' own series from the settings.
    assert (workshop.minutes, workshop.preparation_hours) == (90, 0.0)
    assert workshop.series_name(workspace.config.group) == "Library workshops"
    assert workshop.learning_outcomes == ["Search CINAHL", "Find full text"]
    # Skills kept current and regular learning; the informed debate of 9.3 is a reading group's.
    assert group.code_standards == ["6.2", "9.3", "22.3"]
    assert workshop.code_standards == ["6.2", "22.3"]


def test_a_named_series_is_kept_and_the_groups_own_name_means_its_own_series(workspace):
    named = workspace.new_session(
        date="2026-12-11",
        start="10:00",
        title="Search",
        kind="workshop",
        series="  Finding  the Evidence",
    )
    own = workspace.new_session(
        date="2026-12-12", start="10:00", title="Falls", series="nursing reading group"
    )
    assert named.series == "Finding the Evidence"
    assert own.series is None
    assert [s.id for s in workspace.sessions(series="FINDING THE EVIDENCE")] == [named.id]
    assert [s.id for s in workspace.sessions(series="Nursing Reading Group")] == [own.id]
    assert [s.id for s in workspace.sessions(kind="workshop")] == [named.id]


def test_the_settings_give_the_workshops_length_and_series(workspace):
    settings = workspace.root / "readinggroups.toml"
    written = settings.read_text()
    assert (
        '[workshops]\nminutes = 90\nseries = "Library workshops"\nreflective_form = false'
        in written
    )
    settings.write_text(
        written.replace("minutes = 90", "minutes = 150").replace(
            '"Library workshops"', '"Twitter for CPD"'
        )
    )
    reopened = Workspace.open(workspace.root)
    made = reopened.new_session(date="2026-12-11", start="10:00", title="Twitter", kind="workshop")
    assert made.minutes == 150 and made.series == "Twitter for CPD"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "webinar"}, "'webinar' is not a kind of session — use reading-group or workshop"),
        ({"booking_link": "forms.office.com/x"}, "paste the whole booking link, starting https://"),
        ({"survey_link": "https://x y"}, "paste the whole survey link, starting https://"),
        (
            {"kind": "workshop", "learning_outcomes": ["Search", "  "]},
            "a learning outcome is empty",
        ),
        ({"series": "x" * 201}, "a series name is at most 200 characters"),
    ],
)
def test_a_wrong_kind_link_outcome_or_series_is_one_line_and_plans_nothing(
    workspace, change, problem
):
    details = {"date": "2026-12-11", "start": "10:00", "title": "Search"} | change
    with pytest.raises(ReadingGroupsError, match=problem.replace("(", r"\(")):
        workspace.new_session(**details)
    assert workspace.sessions() == []


def test_links_of_a_session_win_over_the_groups_and_clear_back_to_them(workspace):
    workspace.update_settings(booking_link="https://forms.example.nhs.uk/book")
    assert workspace.config.booking_link == "https://forms.example.nhs.uk/book"
    made = workspace.new_session(date="2026-12-11", start="10:00", title="Falls")
    changed = workspace.edit_session(
        made.id,
        booking_link="https://libcal.example.nhs.uk/event/1",
        survey_link="https://forms.example.nhs.uk/s",
    )
    assert changed.booking_link == "https://libcal.example.nhs.uk/event/1"
    assert changed.survey_link == "https://forms.example.nhs.uk/s"
    cleared = workspace.edit_session(made.id, booking_link="", survey_link="")
    assert (cleared.booking_link, cleared.survey_link) == (None, None)
    with pytest.raises(
        ReadingGroupsError, match="group.booking_link is 'libcal' — give the web address"
    ):
        workspace.update_settings(booking_link="libcal")


def test_the_command_line_plans_lists_and_edits_workshops(workspace):
    folder = str(workspace.root)
    done = run(
        "-w", folder, "sessions", "new", "--date", "2026-12-11", "--start", "10:00",
        "--title", "Finding the Evidence", "--kind", "workshop", "--series", "Finding the Evidence",
        "--outcome", "Search CINAHL", "--outcome", "Find full text",
    )  # fmt: skip
    assert (
        "Planned the workshop 'Finding the Evidence' on 2026-12-11 at 10:00 for 90 minutes"
        in done.stdout
    )
    run(
        "-w",
        folder,
        "sessions",
        "new",
        "--date",
        "2026-12-12",
        "--start",
        "14:00",
        "--title",
        "Falls",
    )
    listed = run("-w", folder, "sessions", "list").stdout
    assert "Finding the Evidence  (workshop, Finding the Evidence)" in listed
    assert "Falls  (articles: none)" in listed
    only = run("-w", folder, "sessions", "list", "--kind", "workshop").stdout
    assert "Falls" not in only and "Finding the Evidence" in only
    run(
        "-w",
        folder,
        "sessions",
        "edit",
        "1",
        "--outcome",
        "Use PICO",
        "--booking-link",
        "https://book.example/1",
    )
    session = Workspace.open(folder).session(1)
    assert (
        session.learning_outcomes == ["Use PICO"]
        and session.booking_link == "https://book.example/1"
    )
    wrong = run("-w", folder, "sessions", "new", "--date", "2026-12-11", "--start", "10:00",
                "--title", "x", "--kind", "webinar", ok=False)  # fmt: skip
    assert (
        wrong.returncode == 2
        and "'webinar' is not one of 'reading-group', 'workshop'" in wrong.stderr
    )


@pytest.mark.sqlite_file
def test_sessions_planned_before_kinds_existed_are_reading_groups_of_the_groups_series(tmp_path):
    engine = older_workspace(tmp_path, "0010")
    with engine.begin() as db:
        db.exec_driver_sql(
            "INSERT INTO sessions (title, date, start, minutes, venue, capacity, facilitator, "
            "preparation_hours, attendance_threshold, reflective_model, code_standards, created_at) "
            "VALUES ('Old', '2025-01-09', '14:00:00', 60, 'Teams', 10, '', 1.5, 0.75, 'rolfe', "
            "'[\"6.2\"]', '2025-01-01 00:00:00')"
        )
    engine.dispose()
    workspace = Workspace.open(tmp_path)
    (old,) = workspace.sessions()
    assert old.kind == SessionKind.READING_GROUP and old.series_name("Old group") == "Old group"
    assert old.learning_outcomes is None and old.booking_link is None
    assert old.date == dt.date(2025, 1, 9)


@pytest.mark.parametrize("series", ["   ", "nursing  READING group"])
def test_a_workshop_never_joins_the_reading_groups_own_series(workspace, series):
    blank = workspace.new_session(
        date="2026-12-11", start="10:00", title="Search", kind="workshop", series="   "
    )
    assert blank.series == "Library workshops"  # a blank name is no name: the default
    if series.strip():
        with pytest.raises(ReadingGroupsError, match="a workshop needs a series of its own"):
            workspace.new_session(
                date="2026-12-12", start="10:00", title="Search", kind="workshop", series=series
            )


def test_learning_outcomes_are_refused_for_a_reading_group(workspace):
    with pytest.raises(ReadingGroupsError, match="learning outcomes are for workshops"):
        workspace.new_session(
            date="2026-12-11", start="10:00", title="Falls", learning_outcomes=["x"]
        )
    made = workspace.new_session(date="2026-12-11", start="10:00", title="Falls")
    with pytest.raises(ReadingGroupsError, match="learning outcomes are for workshops"):
        workspace.edit_session(made.id, learning_outcomes=["x"])
    assert workspace.session(made.id).learning_outcomes is None


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('series = ""', "workshops.series is empty — name the series workshops join"),
        (
            'hashtags = ["#CPD", "NHS Libraries"]',
            "promotion.hashtags has 'NHS Libraries' — a hashtag is letters, digits and _ only",
        ),
        ('hashtags = ["=cmd"]', "promotion.hashtags has '=cmd'"),
        (
            'hashtags = "#CPD"',
            "promotion.hashtags is '#CPD' — it should be a list of text such as "
            '["#NHSLibraries", "#CPD"]',
        ),
    ],
)
def test_new_settings_with_wrong_values_are_one_line_naming_them(workspace, line, said):
    settings = workspace.root / "readinggroups.toml"
    text = settings.read_text()
    key = line.split(" = ")[0]
    old = next(part for part in text.split("\n[") if f"\n{key} = " in part)
    start = old.index(f"\n{key} = ")
    end = (
        old.index("]", start) + 1
        if old[start:].lstrip("\n").startswith("hashtags = [")
        else (old.index("\n", start + 1))
    )
    settings.write_text(text.replace(old, old[:start] + "\n" + line + old[end:]))
    done = run("-w", str(workspace.root), "sessions", "list", ok=False)
    assert done.returncode == 1 and said in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
