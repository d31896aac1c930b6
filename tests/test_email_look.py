"""What a nurse sees: the HTML body of every kind of message, opened in a real browser
(Debian's chromium), read back as the browser shows it, and kept as a screenshot to look at
(READINGGROUPS_SCREENSHOTS names a folder to keep them in)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinggroups import Workspace
from readinggroups.demo import sample_file
from readinggroups.messages import KINDS
from readinggroups.messages.compose import build

from .conftest import TEAMS
from .test_browser import CHROMIUM, _missing

if (reason := _missing()) and not os.environ.get("CI"):
    pytestmark = pytest.mark.skip(reason=reason)

HOSTILE = 'Zoë <b>O\'Neill</b> =HYPERLINK("x")'


@contextlib.contextmanager
def message_page(tmp_path: Path) -> Iterator[tuple[object, Path]]:
    """A page of Debian's chromium, as wide as a mail reader's, to open messages in, and the
    folder their screenshots are kept in."""
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("READINGGROUPS_SCREENSHOTS", tmp_path / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            yield browser.new_page(viewport={"width": 800, "height": 700}), shots
        finally:
            browser.close()


def opened(page, draft, sender: str, name: str) -> str:
    """The message made from ``draft`` opened on ``page``: its text as the browser shows it."""
    message = build(draft, sender, name)
    page.set_content(message.get_body(("html",)).get_content())
    return page.inner_text("body")


@pytest.fixture
def drafts(workspace: Workspace, session):
    """One draft of every kind, the first to the person with the awkward name."""
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('from = ""', 'from = "library@example.nhs.uk"'))
    ws = Workspace.open(workspace.root)
    found = {}

    def keep(sending):
        for planned in sending.planned:
            found.setdefault(sending.kind, planned.draft)
            if HOSTILE in planned.draft.to_name:
                found[sending.kind] = planned.draft

    # Attendance recorded on the fixture's session: documents and missed-you notes.
    ws.import_bookings(session.id, sample_file("bookings.csv"))
    ws.import_attendance(session.id, TEAMS)
    ws.make_forms(session.id)  # a dry run makes nothing; these are opened below
    keep(ws.send(session.id, "documents", dry_run=True))
    ws.edit_session(session.id, survey_link="https://forms.office.com/r/Abc?id=1&x=2")
    keep(ws.send(session.id, "followup", dry_run=True))
    ws.send(session.id, "followup")
    keep(ws.send(session.id, "followup-reminder", dry_run=True))
    # One to come: confirmations, the waiting list, the pack, the reminder, then changes.
    day = dt.date.today() + dt.timedelta(days=1)
    coming = ws.new_session(date=day, start="14:00", title="Handover", capacity=10,
                            venue="Microsoft Teams")  # fmt: skip
    ws.add_articles(coming.id, [9])
    keep(ws.send(session.id, "missed", dry_run=True))  # with the session to come in it
    ws.edit_session(coming.id, online_link="https://teams.microsoft.com/l/meetup-join/19%3a1")
    ws.book(coming.id, name=HOSTILE, email="zoe.oneill@example.nhs.uk")
    ws.import_bookings(coming.id, sample_file("bookings.csv"))
    ws.make_pack(coming.id)
    for kind in ("booked", "waiting", "pack", "reminder"):
        keep(ws.send(coming.id, kind, dry_run=True))
    ws.send(coming.id, "booked")
    ws.cancel_booking(coming.id, "zoe.oneill@example.nhs.uk")
    keep(ws.send(coming.id, "released", dry_run=True))
    keep(ws.send(coming.id, "promoted", dry_run=True))
    ws.edit_session(coming.id, start="15:00")
    keep(ws.send(coming.id, "updated", dry_run=True))
    ws.cancel_session(coming.id, reason="facilitator unwell")
    keep(ws.send(coming.id, "cancelled", dry_run=True))
    assert sorted(found) == sorted(KINDS)
    return ws, found


def test_every_kind_reads_well_in_a_browser(drafts, tmp_path):
    ws, found = drafts
    with message_page(tmp_path) as (page, shots):
        for kind, draft in found.items():
            shown = opened(page, draft, "library@example.nhs.uk", ws.config.group)
            assert shown.startswith(f"Dear {draft.to_name},"), kind
            assert "{{" not in shown and "{%" not in shown
            assert page.locator("b").count() == 0  # a name's markup stays text
            plain = " ".join(draft.text.split())
            assert " ".join(shown.split()) == plain  # the same words as the plain text
            paragraphs = page.locator("p").all_inner_texts()
            assert paragraphs[-1].split("\n")[0] == ws.config.facilitator  # signed apart
            if draft.kind in ("booked", "promoted", "updated", "reminder"):
                assert any(p.startswith("Join online: https://") for p in paragraphs), kind
            for link in page.locator("a").all():
                assert link.get_attribute("href").startswith("https://")
            assert page.evaluate("document.body.scrollWidth") <= 800  # no sideways scroll
            page.screenshot(path=str(shots / f"email-{kind}.png"), full_page=True)
    assert HOSTILE in found["booked"].to_name
    assert len(list(shots.glob("email-*.png"))) == len(KINDS)
