"""Choosing articles: the shortlist's score and reasons, marks, and the discussion history."""

from __future__ import annotations

import datetime as dt

import pytest

from readinggroups import ReadingGroupsError
from readinggroups.articles.select import page_count
from readinggroups.demo import sample_file

from .conftest import DATA, write

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def imported(workspace):
    workspace.import_articles(
        [
            sample_file("search_export.ris"),
            sample_file("pubmed_export.txt"),
            DATA / "articles" / "cinahl.ris",
        ]
    )
    return workspace


def test_every_row_explains_its_score(imported):
    table = imported.shortlist(limit=None, today=TODAY)
    assert list(table.columns) == [
        "id",
        "score",
        "title",
        "journal",
        "year",
        "design",
        "status",
        "reasons",
    ]
    assert len(table) == 21
    for row in table.itertuples():
        points = sum(int(part.split(" ", 1)[0]) for part in row.reasons.split("; "))
        assert points == row.score, row.reasons
    assert table["score"].is_monotonic_decreasing


def test_a_hand_worked_score(imported):
    table = imported.shortlist(query="therapeutic engagement", limit=None, today=TODAY)
    row = table[table["title"].str.startswith("'Being with, not doing to'")].iloc[0]
    assert row.reasons == (
        "+2 recent (2024); +1 has an abstract; +2 qualitative study: a CASP checklist fits; "
        "+1 nursing journal; +1 12 pages: readable in the preparation time; "
        "+4 topic in title (therapeutic, engagement)"
    )
    assert row.score == 11 and table.iloc[0]["id"] == row.id


def test_retracted_articles_sink_to_the_bottom_with_a_warning(imported):
    table = imported.shortlist(limit=None, today=TODAY)
    last = table.iloc[-1]
    assert last.title.startswith("RETRACTED:") and "RETRACTED: do not use" in last.reasons


def test_filters(imported):
    qualitative = imported.shortlist(design="qualitative", limit=None, today=TODAY)
    assert set(qualitative["design"]) == {"qualitative study"} and len(qualitative) >= 5
    assert set(imported.shortlist(design="rct", limit=None)["design"]) == {
        "randomised controlled trial"
    }
    assert (imported.shortlist(since=2024, limit=None)["year"] >= 2024).all()
    assert len(imported.shortlist(limit=3)) == 3
    with pytest.raises(ReadingGroupsError, match="unknown study design 'poem'"):
        imported.shortlist(design="poem")


def test_has_abstract_filter(workspace, tmp_path):
    workspace.import_articles(
        [
            write(
                tmp_path / "a.ris",
                "TY  - JOUR\nTI  - With abstract here\nAB  - Yes\nER  - \n\n"
                "TY  - JOUR\nTI  - Without any abstract\nER  - \n",
            )
        ]
    )
    assert list(workspace.shortlist(has_abstract=True)["title"]) == ["With abstract here"]


def test_recently_discussed_articles_are_marked_down(imported):
    session = imported.new_session(date=TODAY - dt.timedelta(days=30), start="14:00", title="T")
    imported.add_articles(session.id, [9])
    row = imported.shortlist(limit=None, today=TODAY).set_index("id").loc[9]
    assert "-5 discussed in this group on 2026-10-22" in row.reasons
    history = imported.discussed()
    assert history.iloc[0][["session_id", "article_id"]].tolist() == [session.id, 9]


def test_rejected_articles_leave_the_shortlist_and_keep_their_note(imported):
    imported.mark_articles([1, 2], "rejected", "behind a paywall")
    imported.mark_articles([3], "shortlisted")
    table = imported.shortlist(limit=None)
    assert not {1, 2} & set(table["id"])
    assert table.set_index("id").loc[3, "status"] == "shortlisted"
    article = imported.article(1)
    assert (article.status, article.status_note) == ("rejected", "behind a paywall")
    imported.mark_articles([1], None)
    assert imported.article(1).status_note is None
    with pytest.raises(ReadingGroupsError, match="status 'maybe'"):
        imported.mark_articles([1], "maybe")


@pytest.mark.parametrize(
    ("pages", "count"),
    [("211-222", 12), ("1790-805", 16), ("e12345", None), (None, None), ("5-5", 1)],
)
def test_page_count(pages, count):
    assert page_count(pages) == count
