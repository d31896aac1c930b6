"""`readinggroups demo`: the whole journey on sample data, through the librarian's own verbs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from .errors import WorkspaceError

SAMPLE = resources.files("readinggroups") / "demo_data"
SESSION_DATE = dt.date(2026, 11, 12)  # the day of the sample Teams report


def _next_session_date(today: dt.date) -> dt.date:
    """The Thursday six weeks or so ahead: the next session is always still to come, taking
    bookings, whenever the demo is made."""
    day = today + dt.timedelta(weeks=6)
    return day + dt.timedelta(days=(3 - day.weekday()) % 7)


# Sessions before it, so that the report's months, charts and comparison of meeting monthly
# with every other month have something to show: (date, title, who came, minutes each).
EARLIER = [
    (dt.date(2026, 7, 9), "Safewards: calm-down methods", 7, 60),
    (dt.date(2026, 9, 10), "Family involvement in inpatient care", 9, 55),
    (dt.date(2026, 10, 8), "Physical health checks in serious mental illness", 8, 60),
]


# The library's search workshops, a series of their own beside the reading group: fortnightly,
# two and a half hours, with fewer places than people want (date, who came).
WORKSHOP_SERIES = "Finding the Evidence"
WORKSHOP_TITLE = "Finding the Evidence: searching CINAHL and MEDLINE"
WORKSHOP_OUTCOMES = [
    "Turn a clinical question into a search with PICO",
    "Search CINAHL and MEDLINE with subject headings and keywords",
    "Find full text through the NHS Knowledge and Library Hub and OpenAthens",
]
WORKSHOPS = [(dt.date(2026, 10, 15), 6), (dt.date(2026, 10, 29), 7)]


def sample_file(name: str) -> Path:
    return Path(str(SAMPLE / name))


def build_demo(folder: str | Path, echo: Callable[[str], None] = print) -> str:
    """Build the example workspace in ``folder`` and return a summary of what was written."""
    from .workspace import Workspace

    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise WorkspaceError(
            f"{folder} is not empty — choose a new folder for the demo, or delete this one"
        )
    workspace = Workspace.create(
        folder,
        group="Nursing Reflective Reading Group",
        library="Library and Knowledge Service",
        facilitator="Helen Marsh, Clinical Librarian",
    )
    # The group's mailbox, so the invitations and messages can be tried (to the outbox), and
    # its booking form, so a session can be promoted.
    workspace.update_settings(
        email_from="library@example.nhs.uk",
        booking_link="https://forms.example.nhs.uk/reading-group-booking",
        survey_link="https://forms.example.nhs.uk/library-follow-up",
    )
    imported = workspace.import_articles(
        [sample_file("search_export.ris"), sample_file("pubmed_export.txt")]
    )
    echo(f"Articles: {imported.summary()} from a CINAHL export and a PubMed export")

    session = workspace.new_session(
        date=SESSION_DATE,
        start="14:00",
        minutes=60,
        title="Therapeutic engagement on acute wards",
        venue="Microsoft Teams",
        capacity=10,
        code_standards=["6.2", "9.3", "22.3"],
    )
    chosen = next(a for a in workspace.articles() if "therapeutic engagement" in a.title.lower())
    workspace.add_articles(session.id, [chosen.id])
    echo(f"Session {session.id}: {session.title}, {session.date:%d %B %Y}, article {chosen.id}")

    booked = workspace.import_bookings(session.id, sample_file("bookings.csv"))
    echo(f"Bookings: {booked.summary()}")
    first = booked.booked[2]
    # He cancelled a week before, by email; recorded as then, it is not a late cancellation.
    cancelled = workspace.cancel_booking(
        session.id, first.person.email, when=dt.datetime(2026, 11, 5, 10, 0)
    )
    promoted = cancelled.promoted.person.name if cancelled.promoted else "nobody"
    echo(
        f"Cancelled: {cancelled.cancelled.person.name}; promoted from the waiting list: {promoted}"
    )

    came = workspace.import_attendance(session.id, sample_file("teams_attendance.csv"))
    echo(f"Attendance (Teams report): {came.summary()}")
    # Rebecca joined on a guest login; the librarian knows her from the sign-in chat.
    settled = workspace.settle_attendance(
        session.id,
        "Rebecca T (Guest)",
        "booked",
        email="rebecca.thornton@example.nhs.uk",
        minutes=47,
    )
    echo(f"Settled: {settled}")

    earlier = _earlier_sessions(workspace, session.id)
    echo(f"Earlier sessions, for the report's months: {earlier}")
    workshops = _workshops(workspace)
    echo(f"Workshops ({WORKSHOP_SERIES}, fortnightly): {workshops}")
    coming = workspace.new_session(
        date=_next_session_date(dt.date.today()),
        start="14:00",
        minutes=60,
        title="Compassion fatigue and restorative supervision",
        venue="Seminar Room 2, Education Centre",
        capacity=8,
    )
    workspace.import_bookings(coming.id, sample_file("bookings.csv"))
    workspace.set_current_session(session.id)
    echo(f"Next session {coming.id}: {coming.title}, {coming.date:%d %B %Y}, booking now")

    for line in _followups(workspace, session.id):
        echo(f"Follow-up a month later, {line}")
    promotion = workspace.promote(coming.id)
    echo(f"Promoted session {coming.id}: {promotion.summary().splitlines()[0]}")
    pack = workspace.make_pack(session.id)
    forms = workspace.make_forms(session.id)
    export = workspace.export_attendance()
    reported, _ = workspace.report(until=session.date)
    workspace.copy_notebooks()
    return "\n".join(
        [
            f"Demo workspace ready in {workspace.root}",
            f"  session pack:         {pack.relative_to(workspace.root)}",
            f"  attendees' documents: {forms[0].parent.relative_to(workspace.root)} "
            f"({forms.attendees} reflective account forms, CPD records and certificates)",
            f"  attendance export:    {export.relative_to(workspace.root)}",
            f"  the report:           {reported[0].relative_to(workspace.root)} (with its "
            "Impact sheet) and charts",
            f"  promotion:            {promotion.post.parent.relative_to(workspace.root)} "
            "(post.txt, post-long.txt, poster.docx)",
            "  notebooks:            01_select_articles, 02_reading_group, 03_report",
            f"Try: uv run readinggroups -w {folder} bookings list {session.id}",
            f"  or open the notebooks: uv run readinggroups lab {folder}",
        ]
    )


def _followups(workspace, session_id: int) -> list[str]:
    """The one-month follow-up for the reading group and the first workshop: asked (drafts in
    the outbox), answered in the survey (its Microsoft Forms exports; the workshop's form is
    anonymous), and the written answers worth quoting kept for the report."""
    workshop = workspace.sessions(series=WORKSHOP_SERIES)[0].id
    said = []
    for number, survey in ((session_id, "followup_survey.xlsx"),
                           (workshop, "workshop_followup_survey.xlsx")):  # fmt: skip
        asked = workspace.send(number, "followup")
        answered = workspace.import_followup(number, sample_file(survey))
        said.append(f"session {number}: {len(asked.sent)} asked. {answered.summary()}")
        # The librarian reads the written answers and keeps the two that say most.
        kept = [quote.number for quote in workspace.followup_quotes(number)[:2]]
        workspace.keep_quotes(number, kept)
    return said


def _workshops(workspace) -> str:
    """The search workshop series: booked from the sample bookings (more than its places, so
    some wait), with the sign-in sheet's attendance marked by hand."""
    made = []
    for day, came in WORKSHOPS:
        session = workspace.new_session(
            date=day,
            start="10:00",
            minutes=150,
            title=WORKSHOP_TITLE,
            kind="workshop",
            series=WORKSHOP_SERIES,
            learning_outcomes=WORKSHOP_OUTCOMES,
            venue="Library training room, Education Centre",
            capacity=8,
        )
        booked = workspace.import_bookings(session.id, sample_file("bookings.csv")).booked
        # The last booked cancels on the morning itself (a late cancellation in the figures),
        # and the first waiting takes the place.
        late = workspace.cancel_booking(
            session.id, booked[-1].person.email, when=dt.datetime.combine(day, dt.time(8, 30))
        )
        booked = [*booked[:-1], *([late.promoted] if late.promoted else [])]
        workspace.mark_attendance(session.id, [b.person.email for b in booked[:came]])
        workspace.mark_attendance(session.id, [b.person.email for b in booked[came:]], minutes=0)
        workspace.make_forms(session.id)
        made.append(f"{day:%d %B}, {came} came")
    return "; ".join(made)


def _earlier_sessions(workspace, main_session: int) -> str:
    """Sessions held before the main one, booked from the sample bookings, with the sign-in
    sheet's attendance marked by hand (the first booked came; the last booked did not)."""
    taken = {a.id for a in workspace.session(main_session).articles}
    articles = [a for a in workspace.articles() if a.id not in taken]
    made = []
    for (day, title, came, minutes), article in zip(EARLIER, articles, strict=False):
        session = workspace.new_session(
            date=day, start="14:00", minutes=60, title=title, venue="Microsoft Teams", capacity=10
        )
        workspace.add_articles(session.id, [article.id])
        booked = workspace.import_bookings(session.id, sample_file("bookings.csv")).booked
        came_emails = [b.person.email for b in booked[:came]]
        workspace.mark_attendance(session.id, came_emails, minutes=minutes)
        workspace.mark_attendance(session.id, [b.person.email for b in booked[came:]], minutes=0)
        made.append(f"{day:%B}")
    return ", ".join(made)
