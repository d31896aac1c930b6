"""Creating, finding and opening workspaces; settings; the database's migrations."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect

from readinggroups import ConfigError, Workspace, WorkspaceError
from readinggroups.store import Base
from readinggroups.store.engine import upgrade


@pytest.mark.sqlite_file
def test_create_writes_settings_and_database(tmp_path: Path):
    ws = Workspace.create(tmp_path / "g", group="Reading Group", library="LKS", facilitator="Helen")
    text = (tmp_path / "g" / "readinggroups.toml").read_text()
    assert 'name = "Reading Group"' in text and 'library = "LKS"' in text
    assert "attendance_threshold = 0.75" in text and "preparation_hours = 1.5" in text
    assert (tmp_path / "g" / "readinggroups.sqlite").is_file()
    reopened = Workspace.open(tmp_path / "g")
    assert reopened.config == ws.config


def test_create_refuses_an_existing_workspace(workspace):
    with pytest.raises(WorkspaceError, match="already holds a workspace"):
        Workspace.create(workspace.root, group="Again")


def test_open_finds_the_workspace_from_env_then_cwd_and_parents(workspace, tmp_path, monkeypatch):
    inner = workspace.root / "notes" / "deeper"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    monkeypatch.delenv("READINGGROUPS_WORKSPACE", raising=False)
    assert Workspace.open().root == workspace.root
    other = Workspace.create(tmp_path / "other", group="Other")
    monkeypatch.setenv("READINGGROUPS_WORKSPACE", str(other.root))
    assert Workspace.open().root == other.root


def test_open_without_a_workspace_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("READINGGROUPS_WORKSPACE", raising=False)
    with pytest.raises(WorkspaceError, match="readinggroups init"):
        Workspace.open()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[group]\nname = 'G'\n[sessions]\nattendance_threshold = 75\n", "between 0 and 1"),
        ("[group]\nname = 'G'\n[sessions]\nminutes = 'sixty'\n", "sessions.minutes is 'sixty'"),
        ("[group\nname = 'G'\n", "not valid TOML"),
        ("[sessions]\nminutes = 60\n", "no \\[group\\] name"),
    ],
)
def test_a_broken_settings_file_names_the_setting(tmp_path, toml, message):
    (tmp_path / "readinggroups.toml").write_text(toml)
    with pytest.raises(ConfigError, match=message):
        Workspace.open(tmp_path)


def test_hostile_settings_files_are_one_line_each(tmp_path):
    from .commands import run

    path = tmp_path / "readinggroups.toml"
    cases = {
        "x = " + "[" * 2000 + "]" * 2000 + "\n": "nested too deeply",
        "[group]\nname = 'G'\n[a]\nb = " + "{c=" * 1500 + "1" + "}" * 1500: "nested too deeply",
        'group = "G"\n': "group is a heading, not a setting: write \\[group\\] on a line",
        "# " + "x" * 2_000_000 + "\n": "far too large for a settings file",
        "[group]\nname = 'G'\n\x00\x01": "not valid TOML",
    }
    for text, message in cases.items():
        path.write_text(text)
        with pytest.raises(ConfigError, match=message):
            Workspace.open(tmp_path)
        shown = run("-w", str(tmp_path), "sessions", "list", ok=False)
        assert shown.returncode == 1 and "Traceback" not in shown.stderr
        assert len(shown.stderr.strip().splitlines()) == 1, shown.stderr


def test_a_settings_file_saved_with_a_byte_order_mark_is_read(workspace):
    path = workspace.root / "readinggroups.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Windows Notepad may save it
    assert Workspace.open(workspace.root).config.group == "Nursing Reading Group"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300) | st.binary(max_size=300))
def test_any_settings_file_opens_or_gives_the_settings_error(tmp_path, content):
    path = tmp_path / "readinggroups.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    try:
        assert Workspace.open(tmp_path).config.group.strip()
    except ConfigError as error:
        assert "readinggroups.toml" in str(error) and "\n" not in str(error).strip()


def test_migrations_build_exactly_the_schema_the_models_describe(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() is not None
        assert compare_metadata(context, Base.metadata) == []
    assert {"articles", "sessions", "session_articles", "people", "bookings"} <= set(
        inspect(engine).get_table_names()
    )


@pytest.mark.sqlite_file
def test_opening_again_does_not_touch_an_up_to_date_database(workspace):
    database = workspace.root / "readinggroups.sqlite"
    before = database.stat().st_mtime_ns
    Workspace.open(workspace.root).articles()
    assert database.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[group]\nname = 'G'\n[sessions]\nminuts = 90\n",
            "unknown setting sessions.minuts — did you mean minutes?",
        ),
        (
            "[group]\nname = 'G'\n[sesions]\nminutes = 90\n",
            r"unknown section \[sesions\] — did you mean \[sessions\]?",
        ),
        (
            "[group]\nname = 'G'\n[sessions]\npreparation_hours = 1000\n",
            "preparation_hours is 1000.0 — use a value from 0 to 20",
        ),
        (
            "[group]\nname = 'G'\n[sessions]\nreflective_model = 'banana'\n",
            "reflective_model is 'banana'",
        ),
        (
            "[group]\nname = 'G'\n[sessions]\ncode_standards = ['30']\n",
            "'30' is not a standard of the Code",
        ),
    ],
)
def test_misspelt_and_implausible_settings_are_named_with_the_file(tmp_path, toml, message):
    (tmp_path / "readinggroups.toml").write_text(toml)
    with pytest.raises(ConfigError, match=message) as raised:
        Workspace.open(tmp_path)
    assert str(raised.value).startswith(str(tmp_path / "readinggroups.toml"))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("garbage", "database.url 'garbage' is not a database address"),
        ("mysql://x/y", "SQLite .* or a shared PostgreSQL server"),
        ("postgresql://nobody@db.invalid/y", "and that the database server is running"),
        ("sqlite:////nonexistent/dir/x.sqlite", "unable to open database file"),
    ],
)
@pytest.mark.sqlite_file
def test_an_unusable_database_setting_is_one_clear_error(workspace, url, message):
    path = workspace.root / "readinggroups.toml"
    path.write_text(
        path.read_text().replace('url = "sqlite:///readinggroups.sqlite"', f'url = "{url}"')
    )
    with pytest.raises(WorkspaceError, match=message):
        Workspace.open(workspace.root).sessions()


@pytest.mark.sqlite_file
def test_a_damaged_database_file_is_one_clear_error(workspace):
    workspace.close()  # as when nothing has it open: an open one reads on from its journal
    (workspace.root / "readinggroups.sqlite").write_bytes(b"garbage" * 100)
    with pytest.raises(WorkspaceError, match="file is not a database.*restore a backup"):
        Workspace.open(workspace.root).sessions()


@pytest.mark.sqlite_file
def test_a_read_only_database_is_one_clear_error(workspace):
    database = workspace.root / "readinggroups.sqlite"
    path = workspace.root / "readinggroups.toml"
    # SQLite's own read-only mode stands in for a read-only share (root ignores chmod).
    path.write_text(
        path.read_text().replace(
            'url = "sqlite:///readinggroups.sqlite"',
            f'url = "sqlite:///file:{database}?mode=ro&uri=true"',
        )
    )
    with pytest.raises(WorkspaceError, match="readonly database.*check that you can write"):
        Workspace.open(workspace.root).new_session(date="2026-11-12", start="14:00", title="T")


@pytest.mark.sqlite_file
def test_upgrading_a_first_version_database_keeps_and_enriches_its_articles(tmp_path):
    """A workspace made before migration 0002 upgrades in place when opened."""
    from sqlalchemy import text

    from .conftest import older_workspace

    engine = older_workspace(tmp_path, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (title, authors, keywords, publication_types, year, doi, "
                "imported_at) VALUES (:title, :authors, '[]', :types, 2023, '10.5555/old', "
                "'2026-01-01 00:00:00.000000')"
            ),
            {
                "title": "Safewards on acute wards: a systematic review",
                "authors": '["Pemberton, Lucy"]',
                "types": '["Systematic Review"]',
            },
        )
    engine.dispose()
    [article] = Workspace.open(tmp_path).articles()
    assert article.doi == "10.5555/old" and article.study_design == "systematic review"
    assert article.match_key == "safewards on acute wards a systematic review|2023|pemberton"


@pytest.mark.sqlite_file
def test_a_new_database_has_pages_large_enough_for_articles(workspace):
    import sqlite3

    from readinggroups.store.engine import PAGE_SIZE

    database = sqlite3.connect(workspace.root / "readinggroups.sqlite")
    assert database.execute("PRAGMA page_size").fetchone() == (PAGE_SIZE,)
    assert PAGE_SIZE > 4096  # an article with its abstract fills half a default page


def test_the_head_revision_constant_is_the_newest_migration():
    # Opening a current database skips Alembic by comparing against this constant: a new
    # migration that forgot it would leave every workspace un-upgraded.
    from alembic.script import ScriptDirectory

    from readinggroups.store.engine import HEAD_REVISION, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_a_current_database_opens_without_loading_alembic(workspace):
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from readinggroups import Workspace\n"
        f"print(len(Workspace.open({str(workspace.root)!r}).sessions()))\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["0", "False"]


@pytest.mark.sqlite_file
def test_an_older_database_is_still_upgraded_when_opened(tmp_path):
    from readinggroups.store.engine import HEAD_REVISION, current_revision

    from .conftest import older_workspace

    engine = older_workspace(tmp_path, "0003")
    engine.dispose()
    assert Workspace.open(tmp_path).sessions() == []
    with engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
        assert "register_part" in {c["name"] for c in inspect(connection).get_columns("people")}
