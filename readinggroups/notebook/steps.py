"""What the notebooks do with the values in their parameters cell, step by step.

These are the headless path: papermill (or a librarian who prefers typing) sets the
parameters and every step runs without a click. Each step is safe to run again: it finds
what is already there, changes only what differs, and says what it did. The widgets in
``widgets.py`` offer the same steps as buttons.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from . import show, values
from .values import ParameterError

if TYPE_CHECKING:
    from ..attendance.bookings import AttendanceImport
    from ..report import LibraryReport
    from ..store import ReadingSession
    from ..workspace import Workspace

DEFAULT_GROUP = "Nursing Reflective Reading Group"


def open_workspace(
    folder: str | os.PathLike | None,
    *,
    group: str | None = None,
    library: str | None = None,
    facilitator: str | None = None,
) -> Workspace:
    """The workspace in ``folder``, made there the first time; with None, the one this
    notebook is in. A library or facilitator given that differs from the workspace's
    settings replaces them (and says so), rather than being quietly ignored."""
    from .. import config
    from ..workspace import Workspace

    if values.text(folder, "WORKSPACE") is None:
        try:
            ws = Workspace.open()
        except WorkspaceError:
            raise ParameterError(
                "WORKSPACE",
                f"this notebook is not inside a workspace ({Path.cwd()}) — put the notebook in "
                "your workspace (readinggroups notebooks copy) or give the folder",
                '"my-reading-group"',
            ) from None
    elif (Path(os.fspath(folder)) / config.CONFIG_NAME).is_file():  # type: ignore[arg-type]
        ws = Workspace.open(folder)
    else:
        ws = Workspace.create(
            folder,  # type: ignore[arg-type]
            group=values.text(group, "GROUP") or DEFAULT_GROUP,
            library=values.text(library, "LIBRARY"),
            facilitator=values.text(facilitator, "FACILITATOR"),
        )
        print(f"Made the workspace {ws.config.group!r} in {ws.root}")
        return _warned(ws)
    for line in ws.update_settings(
        library=values.text(library, "LIBRARY"), facilitator=values.text(facilitator, "FACILITATOR")
    ):
        print(line)
    return _warned(ws)


def _warned(ws: Workspace) -> Workspace:
    """``ws``, after saying what every command says of a workspace in a synced or network
    folder."""
    if warning := ws.shared_folder_warning():
        print(f"Warning: {warning}")
    return ws


def import_articles(ws: Workspace, exports: object) -> None:
    paths = values.files(exports, "SEARCH_EXPORTS", example='["cinahl.ris", "pubmed.txt"]')
    if not paths:
        return
    imported = ws.import_articles(paths)
    print(imported.summary())
    if imported.merged:
        print(f"{len(imported.merged)} duplicates merged (see 01_select_articles for each one)")
    for line in imported.warnings:
        print(line)


def plan_session(
    ws: Workspace,
    session: object = None,
    *,
    date: object = None,
    start: object = None,
    title: object = None,
    minutes: object = None,
    venue: object = None,
    capacity: object = None,
    standards: object = None,
    kind: object = None,
    outcomes: object = None,
    booking_link: object = None,
) -> ReadingSession | None:
    """The session to work on, made current for every notebook: the one numbered, else the
    one on ``date`` called ``title`` (planned the first time, as a reading group or of the
    ``kind`` given), else the current one. Any detail given that differs from the session's is
    changed on it."""
    changes: dict[str, object] = {
        "minutes": values.number(minutes, "MINUTES", example="60"),
        "venue": values.text(venue, "VENUE"),
        "capacity": values.number(capacity, "CAPACITY", example="10"),
        "code_standards": values.words(standards, "CODE_STANDARDS", example='"6.2, 9.3"') or None,
        "learning_outcomes": values.words(
            outcomes, "OUTCOMES", example='["Search CINAHL with subject headings"]'
        )
        or None,
        "booking_link": values.text(booking_link, "BOOKING_LINK"),
    }
    number = values.numbers(session, "SESSION", example="2")
    day, named = values.text(date, "SESSION_DATE"), values.text(title, "TITLE")
    found: ReadingSession | None
    if number:
        found = ws.session(number[0])
        changes["title"] = named
    elif day and named:
        found = ws.new_session(
            date=day,
            start=values.text(start, "START") or "14:00",
            title=named,
            kind=values.text(kind, "KIND") or "reading-group",
            **{k: v for k, v in changes.items() if v is not None},  # type: ignore[arg-type]
        )
        print(
            f"Session {found.id} was planned before: carrying on with it."
            if found.already_planned
            else f"Planned session {found.id}."
        )
    elif day or named:
        missing = "TITLE" if day else "SESSION_DATE"
        raise ParameterError(missing, "a new session needs both a date and a title", '"..."')
    else:
        found = ws.current_session()
        if found is None:
            print("No session planned yet: choose New… in the list below, or set SESSION_DATE.")
            return None
    different = {k: v for k, v in changes.items() if v is not None and _differs(found, k, v)}
    if different:
        change = ws.change_session(found.id, **different)  # type: ignore[arg-type]
        print(f"Changed {', '.join(sorted(different))} on session {found.id}.")
        if change.capacity is not None:
            print(change.capacity.summary())
    return ws.set_current_session(found.id)


def _differs(session: ReadingSession, name: str, value: object) -> bool:
    if name == "code_standards":
        from ..planning import checked_references

        return checked_references(value) != list(session.code_standards)  # type: ignore[arg-type]
    return getattr(session, name) != value


def choose_articles(
    ws: Workspace, session: ReadingSession | None, *, article: object, reject: object
) -> ReadingSession | None:
    """Reject articles with a reason, and put the one wanted on the session: by number, or by
    words from its title when they fit exactly one article."""
    for article_id, reason in values.reasons(
        reject, "REJECT", example='{3: "behind a paywall"}'
    ).items():
        ws.mark_articles([article_id], "rejected", reason)
    wanted = _articles_meant(ws, article)
    if wanted and session is None:
        raise ParameterError("ARTICLE", "plan or choose a session first", "9")
    if wanted and session is not None:
        ws.mark_articles(wanted, "shortlisted")
        session = ws.add_articles(session.id, wanted)
    return session


def _articles_meant(ws: Workspace, article: object) -> list[int]:
    example = '9 (its number), or "therapeutic engagement" (words from its title)'
    if values.text(article, "ARTICLE") is None:
        return []
    try:
        return values.numbers(article, "ARTICLE", example=example)
    except ParameterError:
        pass
    words = str(article).strip().casefold()
    found = [a for a in ws.articles() if words in (a.title or "").casefold()]
    if len(found) == 1:
        return [found[0].id]
    if not found:
        raise ParameterError("ARTICLE", f"no article's title contains {str(article)!r}", example)
    listed = "; ".join(f"{a.id}: {a.title[:60]}" for a in found[:5])
    raise ParameterError(
        "ARTICLE", f"{len(found)} titles contain {str(article)!r} ({listed}) — give its number", "9"
    )


def book(
    ws: Workspace, session: ReadingSession | None, *, bookings: object, cancel: object
) -> None:
    path = values.one_file(bookings, "BOOKINGS_FILE", example='"bookings.csv"')
    if session is None:
        return
    if path is not None:
        print(ws.import_bookings(session.id, path).summary())
    for email in values.words(cancel, "CANCEL", example='["aoife.byrne@example.nhs.uk"]'):
        print(ws.cancel_booking(session.id, email).summary())


def record_attendance(
    ws: Workspace, session: ReadingSession | None, *, report: object, settle: object
) -> AttendanceImport | None:
    """Import the attendance report, after settling the names listed in ``settle``: a name
    as the report shows it, with the booked person's email, "walk-in EMAIL" or "ignore"."""
    path = values.one_file(report, "ATTENDANCE_REPORT", example='"attendance.csv"')
    if path is None or session is None:
        return None
    decisions = _settlements(settle)
    came = ws.import_attendance(session.id, path)
    if decisions:
        presences = {p.name: p for p, _ in came.to_review}
        for name, (decision, email) in decisions.items():
            minutes = presences[name].minutes if name in presences else None
            print(ws.settle_attendance(session.id, name, decision, email=email, minutes=minutes))
        came = ws.import_attendance(session.id, path)
    print(came.summary())
    for presence, maybe in came.to_review:
        could_be = ", ".join(b.person.email for b in maybe) or "nobody booked"
        print(f"To settle: {presence.name} ({presence.minutes} min), could be {could_be}")
    return came


def _settlements(settle: object) -> dict[str, tuple[str, str | None]]:
    example = '{"Rebecca T (Guest)": "rebecca.thornton@example.nhs.uk"}'
    if values.text(settle, "SETTLE") is None:
        return {}
    if not isinstance(settle, dict):
        raise ParameterError("SETTLE", "give each name with what it is", example)
    found: dict[str, tuple[str, str | None]] = {}
    for name, what in settle.items():
        said = str(what).strip()
        if said.casefold() == "ignore":
            found[str(name)] = ("ignore", None)
        elif said.casefold().startswith("walk-in"):
            found[str(name)] = ("walk-in", said[len("walk-in") :].strip() or None)
        else:
            found[str(name)] = ("booked", said)
    return found


def make_pack(ws: Workspace, session: ReadingSession | None, *, make: bool, pdf: bool):
    """Write the session pack when asked; links to what was written."""
    if not make or session is None:
        return None
    path = ws.make_pack(session.id, pdf=pdf)
    return show.links([path, *([path.with_suffix(".pdf")] if pdf else [])], "The session pack:")


def promote(ws: Workspace, session: ReadingSession | None, *, make: bool, pdf: bool):
    """Write the posts and the poster when asked: the post for X, and links to the files."""
    if not make or session is None:
        return None
    return show.post(ws.promote(session.id, pdf=pdf))


def make_documents(
    ws: Workspace, session: ReadingSession | None, *, make: bool, pdf: bool, bundle: bool
):
    """Write the attendees' documents and the attendance export when asked; links to them."""
    if not make or session is None:
        return None
    made = ws.make_forms(session.id, pdf=pdf, bundle=bundle)
    print(made.summary())
    return show.links([*made, ws.export_attendance()], "Written:")


def import_followup(ws: Workspace, session: ReadingSession | None, *, survey: object) -> None:
    """Import the follow-up survey's export when one is given (again: its answers replaced,
    never added twice)."""
    path = values.one_file(survey, "FOLLOWUP_SURVEY", example='"Follow-up survey.xlsx"')
    if path is None or session is None:
        return
    done = ws.import_followup(session.id, path)
    print("\n".join([done.summary(), *done.warnings]))


def messages_due(ws: Workspace, session: ReadingSession | None):
    """What would go for the session today, sending nothing: a table to read first."""
    import pandas as pd

    if session is None:
        return None
    batches = ws.send_due(session_id=session.id, dry_run=True)
    rows = [row for batch in batches for row in batch.rows()]
    held = " ".join(batch.summary() for batch in batches if batch.held_back)
    columns = ["kind", "name", "email", "subject", "attached", "size_mb"]
    return show.table(
        pd.DataFrame(rows, columns=columns),
        caption=held or (None if rows else "Nothing is due to send for this session."),
    )


def send(ws: Workspace, session: ReadingSession | None, *, send: object) -> None:
    """Send what SEND says: "due" for everything due for the session, or one kind. What has
    gone before does not go again, so running this twice sends nothing more."""
    from ..messages import KINDS

    kind = values.text(send, "SEND")
    if kind is None or session is None:
        return
    kind = kind.strip().lower()
    if kind != "due" and kind not in KINDS:
        raise ParameterError(
            "SEND", f"{kind!r} is not a kind of message: use \"due\" or one of "
            f"{', '.join(KINDS)}", '"due"',
        )  # fmt: skip
    batches = ws.send_due(session_id=session.id) if kind == "due" else [ws.send(session.id, kind)]
    sent = [batch.summary() for batch in batches if batch.planned or batch.held_back]
    print("\n".join(sent) if sent else "Nothing to send: everyone has had what is due.")


def messages_sent(ws: Workspace, session: ReadingSession | None):
    """The record of what went to whom for the session."""
    import pandas as pd

    from ..messages.sending import sent_rows

    if session is None:
        return None
    rows = sent_rows(ws.messages(session.id))
    return show.table(pd.DataFrame(rows), caption=None if rows else "Nothing sent yet.")


def side_by_side(report: LibraryReport, which: str):
    """The report's comparison of series (``which``: "kinds" for attendance, "impact" for
    the follow-up's figures), or a line saying there is only one series so far."""
    import pandas as pd

    if which == "kinds":
        found = report.kinds
    else:
        found = report.impact.series if report.impact is not None else None
    if found is None or len(found.groupby(["kind", "series"])) < 2:
        return show.table(
            pd.DataFrame(), caption="Only one series so far: nothing to set it beside yet."
        )
    return show.table(found)


def kept_quotes(report: LibraryReport):
    """The follow-up's written answers kept for the report, or a line saying none are yet."""
    quotes = report.impact.quotes if report.impact is not None else None
    if quotes is None or quotes.empty:
        import pandas as pd

        return show.table(pd.DataFrame(), caption="No quotes kept yet.")
    return show.table(quotes)
