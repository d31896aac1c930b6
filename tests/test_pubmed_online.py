"""Fetching from PubMed, against a real HTTP server on this machine serving recorded answers."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest
from werkzeug import Response

from readinggroups import Workspace
from readinggroups.articles.pubmed_online import PubMedClient, PubMedError
from readinggroups.config import CONFIG_NAME, dump

from .conftest import DATA, REAL

EFETCH = (REAL / "pubmed_xml" / "pubmed-29768149.xml").read_bytes()
FOUND = (DATA / "pubmed" / "esearch_doi.json").read_bytes()
NONE = (DATA / "pubmed" / "esearch_none.json").read_bytes()


@pytest.fixture
def online(workspace, httpserver) -> Workspace:
    """The workspace, pointed at the local server instead of NCBI."""
    config = replace(
        workspace.config,
        pubmed_url=httpserver.url_for("/"),
        pubmed_email="librarian@example.nhs.uk",
    )
    dump(config, workspace.root / CONFIG_NAME)
    return Workspace.open(workspace.root)


def test_fetch_by_pmid_stores_the_record_and_caches_the_answer(online, httpserver):
    httpserver.expect_request(
        "/efetch.fcgi",
        query_string={
            "db": "pubmed",
            "id": "29768149",
            "retmode": "xml",
            "rettype": "abstract",
            "tool": "readinggroups",
            "email": "librarian@example.nhs.uk",
        },
    ).respond_with_data(EFETCH, content_type="text/xml")
    result = online.fetch_articles(pmids=["29768149"])
    assert (len(result.new_ids), result.requests) == (1, 1)
    [article] = online.articles()
    assert article.pmid == "29768149" and article.doi == "10.1056/nejmoa1715274"
    assert article.study_design == "randomised controlled trial"
    again = online.fetch_articles(pmids=["29768149"])
    assert (again.requests, again.duplicates, len(again.new_ids)) == (0, 1, 0)  # from the cache
    assert len(httpserver.log) == 1


def test_fetch_by_doi_searches_then_fetches(online, httpserver):
    httpserver.expect_request(
        "/esearch.fcgi",
        query_string={
            "db": "pubmed",
            "term": "10.1056/nejmoa1715274[doi]",
            "retmode": "json",
            "tool": "readinggroups",
            "email": "librarian@example.nhs.uk",
        },
    ).respond_with_data(FOUND)
    httpserver.expect_request("/esearch.fcgi").respond_with_data(NONE)
    httpserver.expect_request("/efetch.fcgi").respond_with_data(EFETCH)
    result = online.fetch_articles(
        dois=["https://doi.org/10.1056/NEJMoa1715274", "10.5555/nothing"]
    )
    assert len(result.new_ids) == 1
    assert result.warnings == [
        "DOI 10.5555/nothing: not in PubMed — import it from a database export"
    ]


def test_busy_server_is_retried(online, httpserver):
    httpserver.expect_ordered_request("/efetch.fcgi").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/efetch.fcgi").respond_with_data(EFETCH)
    result = online.fetch_articles(pmids=["29768149"])
    assert (len(result.new_ids), result.requests) == (1, 2)


def test_a_server_that_keeps_failing_gives_up_and_caches_nothing(tmp_path, httpserver):
    httpserver.expect_request("/efetch.fcgi").respond_with_data("oops", status=503)
    client = PubMedClient(base_url=httpserver.url_for("/"), cache=tmp_path, backoff=0.01)
    with pytest.raises(PubMedError, match=r"busy or unavailable \(HTTP 503 after 5 tries\)"):
        client.fetch_pmids(["29768149"])
    assert len(httpserver.log) == 5 and not list(tmp_path.iterdir())


def test_an_error_answer_is_not_cached(tmp_path, httpserver):
    httpserver.expect_ordered_request("/efetch.fcgi").respond_with_data(
        "<eFetchResult><ERROR>Empty id list - nothing todo</ERROR></eFetchResult>"
    )
    httpserver.expect_ordered_request("/efetch.fcgi").respond_with_data(EFETCH)
    client = PubMedClient(base_url=httpserver.url_for("/"), cache=tmp_path, backoff=0.01)
    with pytest.raises(PubMedError, match="PubMed answered with an error: <eFetchResult><ERROR>"):
        client.fetch_pmids(["29768149"])
    assert not list(tmp_path.iterdir())
    assert len(client.fetch_pmids(["29768149"]).records) == 1
    assert len(list(tmp_path.iterdir())) == 1


def test_a_refused_request_imports_nothing(online, httpserver):
    httpserver.expect_request("/efetch.fcgi").respond_with_data("bad key", status=400)
    with pytest.raises(PubMedError, match=r"refused the request \(HTTP 400\)"):
        online.fetch_articles(pmids=["29768149"])
    assert online.articles() == []


@pytest.mark.parametrize(("api_key", "gap"), [("", 1 / 3), ("k3y", 1 / 10)])
def test_requests_are_spaced_to_the_ncbi_limit(tmp_path, httpserver, api_key, gap):
    seen: list[float] = []

    def answer(request):
        seen.append(time.monotonic())
        return Response(NONE, content_type="application/json")

    httpserver.expect_request("/esearch.fcgi").respond_with_handler(answer)
    client = PubMedClient(base_url=httpserver.url_for("/"), api_key=api_key)
    client.pmids_for_dois([f"10.5555/x.{n}" for n in range(5)])
    assert len(seen) == 5
    # NCBI's limit is a rate: the requests, taken together, never come faster than it allows.
    # One gap alone is measured where the server's thread happens to run, which on a busy
    # machine may be a few milliseconds late for one request and so early for the next:
    # each gap is only checked to be no burst.
    assert (seen[-1] - seen[0]) / (len(seen) - 1) >= gap * 0.95
    gaps = [b - a for a, b in zip(seen, seen[1:], strict=False)]
    assert min(gaps) >= gap * 0.6
    if api_key:
        assert all(request.args["api_key"] == "k3y" for request, _ in httpserver.log)


def test_offline_gives_a_clear_message(workspace):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dump(
        replace(workspace.config, pubmed_url=f"http://127.0.0.1:{port}/"),
        workspace.root / CONFIG_NAME,
    )
    with pytest.raises(PubMedError, match="cannot reach PubMed .* imports offline"):
        Workspace.open(workspace.root).fetch_articles(pmids=["29768149"])


def test_bad_identifiers_are_named(workspace):
    with pytest.raises(PubMedError, match="'PMC123' is not a PMID"):
        workspace.fetch_articles(pmids=["PMC123"])
    with pytest.raises(PubMedError, match="'nope' is not a DOI"):
        workspace.fetch_articles(dois=["nope"])


def test_a_proxy_page_is_refused_and_never_cached(tmp_path, httpserver):
    httpserver.expect_ordered_request("/efetch.fcgi").respond_with_data(
        "<html><body>Please sign in to the NHS proxy</body></html>", content_type="text/html"
    )
    httpserver.expect_ordered_request("/efetch.fcgi").respond_with_data(EFETCH)
    client = PubMedClient(base_url=httpserver.url_for("/"), cache=tmp_path)
    with pytest.raises(PubMedError, match="not what was asked for .* a proxy may be in the way"):
        client.fetch_pmids(["29768149"])
    assert not list(tmp_path.iterdir())
    assert len(client.fetch_pmids(["29768149"]).records) == 1


def test_a_pmid_pubmed_does_not_hold_is_a_warning(tmp_path, httpserver):
    httpserver.expect_request("/efetch.fcgi").respond_with_data(
        '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet>\n<PubmedArticleSet></PubmedArticleSet>'
    )
    read = PubMedClient(base_url=httpserver.url_for("/"), cache=tmp_path).fetch_pmids(["1"])
    assert read.records == [] and read.warnings == [
        "PMID 1: not found in PubMed — check the number"
    ]
