"""Property tests: whatever text or bytes an importer is fed, it returns records or says why.

The only acceptable outcomes are records (with tidy fields) or the project's own error; any
other exception would reach a librarian as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinggroups import ReadingGroupsError
from readinggroups.articles import FORMAT_NAMES, read_records
from readinggroups.articles.dedupe import derived

# Touches no database: runs once, not again on PostgreSQL.
pytestmark = pytest.mark.no_database

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text that looks enough like each format to get past the sniffing and into the parsers.
TAG = st.sampled_from(
    [
        "TY",
        "TI",
        "T1",
        "AU",
        "PY",
        "DO",
        "AB",
        "ER",
        "JO",
        "KW",
        "PMID",
        "FAU",
        "LID",
        "DP",
        "PT",
        "XX",
    ]
)
LINE = st.one_of(
    st.builds(
        lambda t, sep, v: f"{t}{sep}{v}",
        TAG,
        st.sampled_from(["  - ", " - ", "- ", "-"]),
        st.text(max_size=40),
    ),
    st.builds(lambda v: "      " + v, st.text(max_size=40)),
    st.text(max_size=60),
)
EXPORT_LIKE = st.lists(LINE, max_size=30).map("\n".join)
STARTS = st.sampled_from(
    [
        "",
        "TY  - JOUR\n",
        "PMID- 1\n",
        "@article{k,\n",
        "Title,Authors\n",
        "<?xml version='1.0'?><PubmedArticleSet>",
        "\ufeff",
    ]
)


def check(path: Path, format: str | None = None) -> None:
    try:
        read = read_records(path, format)
    except ReadingGroupsError as error:
        message = str(error)
        assert message.startswith(path.name) and "\n" not in message
        return
    assert read.records
    for record in read.records:
        assert record.title == record.title.strip()
        assert record.title or record.doi or record.pmid or record.pmcid or record.abstract
        assert all(isinstance(a, str) and a for a in record.authors)
        assert record.doi is None or record.doi.startswith("10.")
        assert record.pmid is None or record.pmid.isdigit()
        assert record.year is None or 1800 <= record.year <= 2099
        derived(record)  # derived fields work on anything a parser returns


@SETTINGS
@given(start=STARTS, body=EXPORT_LIKE)
def test_any_export_like_text(tmp_path, start, body):
    path = tmp_path / "export.txt"
    path.write_text(start + body, encoding="utf-8", errors="surrogatepass")
    check(path)


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_any_bytes(tmp_path, data):
    path = tmp_path / "export.ris"
    path.write_bytes(data)
    check(path)


@pytest.mark.parametrize("format", FORMAT_NAMES)
@SETTINGS
@given(text=st.text(max_size=500))
def test_any_text_as_each_named_format(tmp_path, format, text):
    path = tmp_path / "export.dat"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    check(path, format)
