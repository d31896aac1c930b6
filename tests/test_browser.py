"""The main notebook in JupyterLab in a real browser, used as the librarian uses it: run all,
pick the session, upload the Teams report, settle the name it could not place."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from readinggroups import Workspace
from readinggroups.demo import sample_file
from readinggroups.notebook.copies import lab_command

CHROMIUM = "/usr/bin/chromium"
TOKEN = "reading-group-test"


def _missing() -> str | None:
    if not Path(CHROMIUM).is_file():
        return f"no browser at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is not installed"
    return None


# Where the browser is missing the test says so; in CI (which installs it) it fails instead.
if (reason := _missing()) and not os.environ.get("CI"):
    pytestmark = pytest.mark.skip(reason=reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on loopback in a workspace with two sessions, the first one booked."""
    assert _missing() is None, _missing()
    ws = Workspace.create(tmp_path / "group", group="Nursing Reflective Reading Group")
    ws.update_settings(booking_link="https://forms.example.nhs.uk/book")
    ws.import_articles([sample_file("search_export.ris")])
    booked = ws.new_session(date="2026-11-12", start="14:00", title="Therapeutic engagement")
    ws.import_bookings(booked.id, sample_file("bookings.csv"))
    later = ws.new_session(date="2026-12-10", start="14:00", title="Falls")
    ws.set_current_session(later.id)  # she has to pick the booked one
    ws.copy_notebooks()
    report = tmp_path / "Therapeutic engagement - Attendance report.csv"
    shutil.copy(sample_file("teams_attendance.csv"), report)
    port = _free_port()
    extra = (
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        "--ServerApp.open_browser=False",
        "--allow-root",  # CI machines run tests as root
    )
    server = subprocess.Popen(
        lab_command(ws.root, extra=extra),
        cwd=ws.root,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "lab.log").open("w"),
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config")},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError((tmp_path / "lab.log").read_text()[-2000:])
        yield url, ws, report
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_main_notebook_runs_and_its_panels_work_in_a_real_browser(lab, tmp_path):
    from playwright.sync_api import sync_playwright

    url, ws, report = lab
    shots = Path(os.environ.get("READINGGROUPS_SCREENSHOTS", tmp_path / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        try:
            connected = []
            page.on("console", lambda m: connected.append("WebSocket" in m.text))
            page.goto(f"{url}/lab/tree/02_reading_group.ipynb?token={TOKEN}")
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            # The toolbar says idle before the kernel starts too: wait for its connection first.
            for _ in range(120):
                if any(connected):
                    break
                page.wait_for_timeout(500)
            page.wait_for_selector(
                ".jp-Notebook-ExecutionIndicator[data-status=idle]", timeout=60_000
            )
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

            # The session chooser, with the current session ("Falls") picked.
            chooser = page.locator(".widget-dropdown select").first
            chooser.wait_for(timeout=90_000)
            page.wait_for_selector("text=Attendees' documents and exports", timeout=90_000)
            # (ipywidgets shows the options' spaces as non-breaking ones)
            picked = chooser.evaluate("s => s.options[s.selectedIndex].text")
            assert picked.replace("\xa0", " ") == "10 Dec 2026 – Falls (#2)"
            page.screenshot(path=str(shots / "01-opened.png"), full_page=True)
            chooser.select_option(
                label="12 Nov 2026 – Therapeutic engagement (#1)".replace(" ", "\xa0")
            )
            page.wait_for_selector("text=Aoife", timeout=30_000)  # her bookings show
            assert ws.current_session().id == 1

            # Upload the Teams report with the attendance panel's file picker.
            with page.expect_file_chooser() as chooser_opened:
                page.get_by_role("button", name="Attendance report").click()
            chooser_opened.value.set_files(str(report))
            page.wait_for_selector("text=Rebecca T (Guest)", timeout=60_000)
            review = page.locator(".widget-vbox", has_text="Rebecca T (Guest)").last
            review.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "02-review.png"), full_page=True)
            review.locator("select").select_option(
                label="Rebecca Thornton <rebecca.thornton@example.nhs.uk>".replace(" ", "\xa0")
            )
            review.get_by_role("button", name="It is this person").click()
            page.wait_for_selector("text=recorded as Rebecca Thornton", timeout=30_000)
            page.screenshot(path=str(shots / "03-settled.png"), full_page=True)

            # The messages: what is due listed first, then sent as drafts with one click.
            send = page.get_by_role("button", name="Send what is due")
            send.scroll_into_view_if_needed()
            page.get_by_role("button", name="Check again").click()
            page.wait_for_selector("text=Your revalidation documents", timeout=30_000)
            page.screenshot(path=str(shots / "04-messages-due.png"), full_page=True)
            send.click()
            page.wait_for_selector("text=as drafts.", timeout=60_000)
            page.screenshot(path=str(shots / "05-messages-sent.png"), full_page=True)

            # Promotion: the posts and the poster with one click, the post for X shown.
            write = page.get_by_role("button", name="Write the posts and the poster")
            write.scroll_into_view_if_needed()
            write.click()
            page.wait_for_selector("text=are written.", timeout=60_000)
            assert page.get_by_text("https://forms.example.nhs.uk/book").count() >= 1
            page.screenshot(path=str(shots / "06-promoted.png"), full_page=True)

            # A month on: the survey's export uploaded, and an answer kept for the report.
            with page.expect_file_chooser() as chooser_opened:
                page.get_by_role("button", name="Survey export").click()
            chooser_opened.value.set_files(str(sample_file("followup_survey.xlsx")))
            page.wait_for_selector("text=Imported 5 responses for session 1", timeout=60_000)
            keep = page.get_by_role("button", name="Keep for the report").first
            keep.scroll_into_view_if_needed()
            keep.click()
            page.wait_for_selector("text=without a name.", timeout=30_000)
            page.screenshot(path=str(shots / "07-followup.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(shots / "failed.png"), full_page=True)
            print(f"Screenshots in {shots}")
            raise
        finally:
            browser.close()
    rebecca = next(b for b in ws.bookings(1) if b.person.name == "Rebecca Thornton")
    assert rebecca.minutes_attended == 47
    kinds = {m.kind for m in ws.messages(1)}
    assert kinds == {"documents", "missed"}
    assert (ws.root / "output" / "promotion" / "session-1" / "poster.docx").is_file()
    assert [q.who for q in ws.followup_quotes(1) if q.keep] == ["Aoife O'Neill"]
    assert len(list((ws.root / "output" / "outbox").glob("*.eml"))) == len(ws.messages(1))
    assert (ws.root / "inbox" / report.name.replace(" ", "-")).is_file() or any(
        (ws.root / "inbox").iterdir()
    )
