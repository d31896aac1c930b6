"""Fetching records from PubMed's E-utilities (esearch, efetch), politely and offline-safe.

NCBI allows 3 requests a second without an API key and 10 with one; beyond that it answers 429.
Requests are spaced to stay under the limit, retried with backoff on 429 and 5xx, and answers
are cached in the workspace so a notebook re-run costs nothing. Error answers are never cached.
Only the standard library is used, so nothing more needs installing behind an NHS proxy.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ..errors import ReadingGroupsError
from .pubmed_xml import loads as parse_xml
from .record import FileRecords, normalise_doi, normalise_pmid

BATCH = 200  # PMIDs per efetch request
RETRIES = 4
SOURCE = "PubMed E-utilities"


class PubMedError(ReadingGroupsError):
    """PubMed could not be reached or refused the request."""


class PubMedClient:
    def __init__(
        self,
        *,
        base_url: str,
        email: str = "",
        api_key: str = "",
        cache: Path | None = None,
        backoff: float = 1.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.email, self.api_key = email, api_key
        self.cache = cache
        self.backoff, self.timeout, self.sleep = backoff, timeout, sleep
        self.interval = 1 / 10 if api_key else 1 / 3
        self._last = 0.0
        self.requests = 0  # made over the network, for the caller's summary

    # -- what callers use --------------------------------------------------------------------

    def fetch_pmids(self, pmids: list[str]) -> FileRecords:
        """The PubMed records of ``pmids`` (in PubMed XML), read like an imported file."""
        clean = []
        for pmid in pmids:
            checked = normalise_pmid(pmid)
            if checked is None:
                raise PubMedError(f"{pmid!r} is not a PMID — a PMID is a number such as 29768149")
            clean.append(checked)
        records, warnings = [], []
        for start in range(0, len(clean), BATCH):
            batch = clean[start : start + BATCH]
            body = self._get(
                "efetch.fcgi",
                _is_pubmed_xml,
                {"db": "pubmed", "id": ",".join(batch), "retmode": "xml", "rettype": "abstract"},
            )
            if b"<PubmedArticle" not in body.replace(b"<PubmedArticleSet", b""):
                continue  # none of these PMIDs exists: an empty set, reported below
            read = parse_xml(body.decode("utf-8"), Path(SOURCE))
            records += read.records
            warnings += read.warnings
        found = {r.pmid for r in records}
        warnings += [
            f"PMID {p}: not found in PubMed — check the number" for p in clean if p not in found
        ]
        return FileRecords(records, warnings)

    def pmids_for_dois(self, dois: list[str]) -> tuple[list[str], list[str]]:
        """(PMIDs found, warnings for DOIs PubMed does not hold)."""
        pmids, warnings = [], []
        for doi in dois:
            checked = normalise_doi(doi)
            if checked is None:
                raise PubMedError(f"{doi!r} is not a DOI — a DOI looks like 10.1056/NEJMoa1715274")
            body = self._get(
                "esearch.fcgi",
                _is_json,
                {"db": "pubmed", "term": f"{checked}[doi]", "retmode": "json"},
            )
            try:
                found = json.loads(body)["esearchresult"]["idlist"]
            except (ValueError, KeyError, TypeError) as exc:
                raise PubMedError(
                    "PubMed's search answer could not be read — try again later"
                ) from exc
            if found:
                pmids.extend(found[:1])
            else:
                warnings.append(f"DOI {checked}: not in PubMed — import it from a database export")
        return pmids, warnings

    # -- the network -----------------------------------------------------------------------

    def _get(self, endpoint: str, valid: Callable[[bytes], bool], params: dict[str, str]) -> bytes:
        """The answer to one request, from the cache or the network; only an answer that
        ``valid`` accepts is cached, so a proxy's login page is never kept."""
        query = dict(params, tool="readinggroups")
        if self.email:
            query["email"] = self.email
        # The cache key leaves out the API key and email: they do not change the answer.
        key = hashlib.sha256(
            f"{endpoint}?{urllib.parse.urlencode(sorted(params.items()))}".encode()
        ).hexdigest()
        cached = self.cache / f"{key}.cache" if self.cache else None
        if cached is not None and cached.is_file():
            return cached.read_bytes()
        if self.api_key:
            query["api_key"] = self.api_key
        url = self.base_url + endpoint + "?" + urllib.parse.urlencode(query)
        body = self._with_retries(url)
        if not valid(body):
            raise PubMedError(
                f"PubMed's answer is not what was asked for ({_error_text(body)}) — a proxy may "
                "be in the way; try again, or import a file saved from PubMed"
            )
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(".partial")
            temporary.write_bytes(body)
            temporary.replace(cached)
        return body

    def _with_retries(self, url: str) -> bytes:
        for attempt in range(RETRIES + 1):
            self._wait_for_turn()
            try:
                self.requests += 1
                with urllib.request.urlopen(url, timeout=self.timeout) as response:
                    body = response.read()
                if not _is_answer(body):
                    raise PubMedError(f"PubMed answered with an error: {_error_text(body)}")
                return body
            except urllib.error.HTTPError as problem:
                if problem.code != 429 and problem.code < 500:
                    raise PubMedError(
                        f"PubMed refused the request (HTTP {problem.code}) — check the PMIDs or "
                        "DOIs, and the API key in readinggroups.toml"
                    ) from problem
                if attempt == RETRIES:
                    raise PubMedError(
                        f"PubMed is busy or unavailable (HTTP {problem.code} after {RETRIES + 1} "
                        "tries) — try again later"
                    ) from problem
                retry_after = problem.headers.get("Retry-After") if problem.headers else None
                delay = float(retry_after) if retry_after and retry_after.isdigit() else 0
                self.sleep(max(delay, self.backoff * 2**attempt))
            except (urllib.error.URLError, TimeoutError, ConnectionError) as problem:
                reason = getattr(problem, "reason", problem)
                raise PubMedError(
                    f"cannot reach PubMed ({reason}) — check the internet connection or proxy; "
                    "a file saved from PubMed (Save → PubMed format) imports offline"
                ) from problem
        raise AssertionError("unreachable")

    def _wait_for_turn(self) -> None:
        wait = self._last + self.interval - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last = time.monotonic()


def _is_answer(body: bytes) -> bool:
    """False for E-utilities' 200-with-an-error answers, which must not be cached."""
    head = body[:2000]
    return bool(body.strip()) and b"<ERROR>" not in head and b'"ERROR"' not in head.upper()


def _is_pubmed_xml(body: bytes) -> bool:
    return b"<PubmedArticleSet" in body[:5000] or b"<PubmedArticle>" in body[:5000]


def _is_json(body: bytes) -> bool:
    try:
        return "esearchresult" in json.loads(body)
    except ValueError:
        return False


def _error_text(body: bytes) -> str:
    text = body[:300].decode("utf-8", "replace")
    return " ".join(text.split()) or "an empty answer"
