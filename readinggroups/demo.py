"""`readinggroups demo`: the whole journey on sample data, through the librarian's own verbs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from .errors import WorkspaceError

SAMPLE = resources.files("readinggroups") / "demo_data"
SESSION_DATE = dt.date(2026, 11, 12)  # the day of the sample Teams report


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

    pack = workspace.make_pack(session.id)
    forms = workspace.make_forms(session.id)
    export = workspace.export_attendance()
    return "\n".join(
        [
            f"Demo workspace ready in {workspace.root}",
            f"  session pack:         {pack.relative_to(workspace.root)}",
            f"  attendees' documents: {forms[0].parent.relative_to(workspace.root)} "
            f"({forms.attendees} reflective account forms, CPD records and certificates)",
            f"  attendance export:    {export.relative_to(workspace.root)}",
            f"Try: uv run readinggroups -w {folder} bookings list {session.id}",
        ]
    )
