"""Planning sessions safely: planning the same session again finds it, articles come off as
they went on, and places change with people moving on or off the waiting list in order."""

from __future__ import annotations

import datetime as dt

import pytest

from readinggroups import NotFoundError, ReadingGroupsError

from .commands import run
from .conftest import BOOKINGS


def test_planning_the_same_session_again_finds_it(workspace):
    first = workspace.new_session(date="2026-12-10", start="14:00", title="Delirium on our wards")
    again = workspace.new_session(
        date="2026-12-10", start="15:00", title="  delirium on  our wards "
    )
    assert (first.already_planned, again.already_planned) == (False, True)
    assert again.id == first.id and again.start.hour == 14  # kept as it was
    assert [s.id for s in workspace.sessions()] == [first.id]
    other_day = workspace.new_session(
        date="2027-01-14", start="14:00", title="Delirium on our wards"
    )
    assert other_day.id != first.id and not other_day.already_planned


def test_sessions_new_from_the_command_line_says_it_already_existed(workspace):
    w = ("-w", str(workspace.root))
    args = ("sessions", "new", "--date", "2026-12-10", "--start", "14:00", "--title", "Falls")
    made = run(*w, *args).stdout.splitlines()
    again = run(*w, *args).stdout.splitlines()
    assert made[-1] == again[-1] == "1"  # the id stays on the last line for scripts
    assert "was already planned" in again[0]


def test_an_article_comes_off_a_session_and_the_rest_keep_their_order(workspace, session):
    workspace.add_articles(session.id, [3, 5])
    assert [a.id for a in workspace.session(session.id).articles] == [9, 3, 5]
    left = workspace.remove_articles(session.id, [3])
    assert [a.id for a in left.articles] == [9, 5]
    assert [link.position for link in left.links] == [1, 2]
    workspace.add_articles(session.id, [3])
    assert [a.id for a in workspace.session(session.id).articles] == [9, 5, 3]
    with pytest.raises(ReadingGroupsError, match="article 7 is not on session 1"):
        workspace.remove_articles(session.id, [7])
    with pytest.raises(NotFoundError, match="there is no article 999"):
        workspace.remove_articles(session.id, [999])
    said = run("-w", str(workspace.root), "sessions", "remove-article", "1", "9", "5", "3")
    assert "has no article now" in said.stdout


def test_more_places_take_the_first_waiting_and_fewer_put_the_latest_back(workspace, session):
    workspace.import_bookings(session.id, BOOKINGS)  # 12 for 10 places

    def statuses():
        return {b.person.name: b.status for b in workspace.bookings(session.id)}

    waiting = [name for name, status in statuses().items() if status == "waitlisted"]
    assert len(waiting) == 2
    grown = workspace.set_capacity(session.id, 11)
    assert [b.person.name for b in grown.promoted] == waiting[:1]  # the first to wait
    assert statuses()[waiting[0]] == "booked" and statuses()[waiting[1]] == "waitlisted"
    booked_order = [b.person.name for b in workspace.bookings(session.id) if b.status == "booked"]
    shrunk = workspace.set_capacity(session.id, 9)
    assert [b.person.name for b in shrunk.waitlisted] == booked_order[9:]  # the latest booked
    assert sum(1 for s in statuses().values() if s == "booked") == 9
    assert shrunk.summary().startswith("Session 1 now has 9 places; back on the waiting list: ")


def test_editing_title_venue_length_and_references(workspace, session):
    w = ("-w", str(workspace.root))
    run(*w, "sessions", "edit", "1", "--title", "Engagement", "--venue", "Room 2",
        "--minutes", "90", "--standard", "22.3", "--standard", "6.2")  # fmt: skip
    edited = workspace.session(session.id)
    assert (edited.title, edited.venue, edited.minutes) == ("Engagement", "Room 2", 90)
    assert edited.code_standards == ["6.2", "22.3"]
    said = run(*w, "sessions", "edit", "1", "--capacity", "1", "--standard", "6.7", ok=False)
    assert said.returncode == 1 and "standard 6 has paragraphs 6.1 and 6.2" in said.stderr
    assert workspace.session(session.id).capacity == 10  # nothing changed by the refused edit


def test_length_and_places_are_fixed_once_attendance_is_recorded(workspace, attended):
    for change in ({"minutes": 90}, {"date": "2026-11-13"}, {"start": "15:00"}):
        with pytest.raises(ReadingGroupsError, match="time and length can no longer change"):
            workspace.edit_session(attended.id, **change)
    with pytest.raises(ReadingGroupsError, match="its places can no longer change"):
        workspace.set_capacity(attended.id, 20)
    # One edit, one transaction: a refused part leaves the rest of the session as it was.
    said = run("-w", str(workspace.root), "sessions", "edit", str(attended.id),
               "--title", "Renamed", "--capacity", "20", ok=False)  # fmt: skip
    assert said.returncode == 1 and "its places can no longer change" in said.stderr
    assert workspace.session(attended.id).title == "Therapeutic engagement"
    assert workspace.edit_session(attended.id, title="Renamed").title == "Renamed"


def test_a_cancelled_session_keeps_its_bookings_but_leaves_the_figures(workspace, session):
    workspace.import_bookings(session.id, BOOKINGS)
    other = workspace.new_session(date="2026-11-19", start="14:00", title="Falls")
    workspace.book(other.id, name="Siobhán O'Neill", email="siobhan.oneill@example.nhs.uk")
    ended = workspace.cancel_session(other.id, reason="facilitator unwell")
    assert ended.action == "cancelled" and ended.bookings == 1
    assert "facilitator unwell" in ended.summary() and "kept" in ended.summary()
    cancelled = workspace.session(other.id)
    assert cancelled.cancelled and cancelled.cancel_reason == "facilitator unwell"
    assert len(workspace.bookings(other.id)) == 1  # kept, so she can be told
    # It takes nothing more, and no figure counts it.
    for refused in (
        lambda: workspace.book(other.id, name="Ann", email="ann@example.nhs.uk"),
        lambda: workspace.make_pack(other.id),
        lambda: workspace.add_articles(other.id, [9]),
    ):
        with pytest.raises(ReadingGroupsError, match="was cancelled on .* unwell"):
            refused()
    assert other.id not in set(workspace.sessions_table()["session_id"])
    assert "siobhan.oneill@example.nhs.uk" not in set(workspace.people_table()["email"])
    # Cancelling again changes nothing, and says so.
    assert workspace.cancel_session(other.id).action == "already cancelled"
    listed = run("-w", str(workspace.root), "sessions", "list").stdout
    assert f"{other.id:>4}" in listed and "CANCELLED" in listed


def test_a_session_that_took_place_is_cancelled_only_by_force_and_its_certificates_go(
    workspace, attended
):
    documents = workspace.make_forms(attended.id)
    numbers = list(workspace.attendance_table(attended.id)["certificate_number"].dropna())
    assert documents.attendees == len(numbers) > 0
    w = ("-w", str(workspace.root))
    refused = run(*w, "sessions", "cancel", str(attended.id), ok=False)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert not workspace.session(attended.id).cancelled  # nothing changed
    assert workspace.verify_certificate(numbers[0]).person.name
    said = run(*w, "sessions", "cancel", str(attended.id), "--reason", "recorded in error",
               "--force").stdout  # fmt: skip
    assert f"{len(numbers)} certificate(s) withdrawn" in said
    with pytest.raises(ReadingGroupsError, match="withdrawn on .*recorded in error"):
        workspace.verify_certificate(numbers[0])
    checked = run(*w, "certificates", "verify", numbers[1], ok=False)
    assert checked.returncode == 1 and "withdrawn" in checked.stderr


def test_deleting_a_session_removes_it_and_its_bookings(workspace, session):
    workspace.import_bookings(session.id, BOOKINGS)
    mistake = workspace.new_session(date="2026-11-12", start="14:00", title="Typo'd title")
    workspace.book(mistake.id, name='=HYPERLINK("x")', email="odd@example.nhs.uk")
    said = run("-w", str(workspace.root), "sessions", "delete", str(mistake.id)).stdout
    assert "deleted, with its 1 booking(s)" in said
    assert [s.id for s in workspace.sessions()] == [session.id]
    with pytest.raises(NotFoundError, match=f"no session {mistake.id}"):
        workspace.session(mistake.id)
    assert len(workspace.bookings(session.id)) == 12  # the other session untouched


def test_deleting_a_session_that_took_place_needs_force_and_withdraws_certificates(
    workspace, attended
):
    workspace.make_forms(attended.id)
    number = workspace.attendance_table(attended.id)["certificate_number"].dropna().iloc[0]
    with pytest.raises(ReadingGroupsError, match="has taken place"):
        workspace.delete_session(attended.id)
    assert workspace.verify_certificate(number)
    ended = workspace.delete_session(attended.id, force=True)
    assert number in ended.withdrawn and not workspace.sessions()
    with pytest.raises(ReadingGroupsError, match="Therapeutic engagement.*session deleted"):
        workspace.verify_certificate(number)
    # A withdrawn number is never issued again.
    from readinggroups.store import WithdrawnCertificate

    with workspace.store.unit() as unit:
        assert unit.db.get(WithdrawnCertificate, number).person_email


def test_discussed_lists_only_sessions_held(workspace, session):
    soon = workspace.new_session(date="2027-03-04", start="14:00", title="Still to come")
    workspace.add_articles(soon.id, [3])
    off = workspace.new_session(date="2026-10-01", start="14:00", title="Called off")
    workspace.add_articles(off.id, [5])
    workspace.cancel_session(off.id)
    held = workspace.discussed(today=dt.date(2026, 12, 2))
    assert list(held["session_id"]) == [session.id]
