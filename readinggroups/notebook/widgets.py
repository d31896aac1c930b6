"""The notebook as an app: pickers, lists and buttons for each step, no Python needed.

One :class:`App` holds the workspace and the session being worked on; each panel is one
step (session, articles, bookings, pack, attendance, documents) and redraws itself when the
session changes. Every button does one Workspace verb, shows what happened in the panel's
status line (a library error as its one-line message), and is safe to press twice.
Uploaded files are saved in the workspace's ``inbox/`` folder before they are imported, so
what was imported stays beside the data.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..errors import ReadingGroupsError
from . import errors, show

if TYPE_CHECKING:
    from ..attendance.bookings import AttendanceImport
    from ..store import ReadingSession
    from ..workspace import Workspace

NEW = 0  # the session chooser's "New…"
WIDE = w.Layout(width="32em")


def session_label(session: ReadingSession) -> str:
    """ "26 Nov 2026 – Delirium on our wards (#2)"."""
    label = f"{session.date:%d %b %Y} – {session.title} (#{session.id})"
    return f"{label} – cancelled" if session.cancelled else label


def _message(text: str) -> str:
    return f"<div style='color:#1b5e20'>{html.escape(text).replace(chr(10), '<br>')}</div>"


class Panel(w.VBox):
    """A step: its widgets, a status line and an output area for progress bars."""

    def __init__(self, app: App, title: str) -> None:
        self.app = app
        self.status = w.HTML()
        self.out = w.Output()
        self.body = w.VBox()
        super().__init__(
            [w.HTML(f"<h3>{html.escape(title)}</h3>"), self.body, self.status, self.out]
        )
        app.panels.append(self)

    def say(self, text: str) -> None:
        self.status.value = _message(text)

    def guarded(self, action: Callable[..., object]) -> Callable[..., None]:
        """``action`` as a button handler: a library error shows in the status line (a
        handler's exception would otherwise vanish into the kernel's log)."""

        @functools.wraps(action)
        def run(*args: Any) -> None:
            try:
                with self.out:
                    self.out.clear_output()
                    action(*args)
            except ReadingGroupsError as error:
                self.status.value = errors.render(error)["text/html"]

        return run

    def button(self, description: str, action: Callable[..., object], **kwargs: Any) -> w.Button:
        # As wide as its words: the default width cuts "Make the attendees' documents" short.
        kwargs.setdefault("layout", w.Layout(width="fit-content", min_width="8em"))
        button = w.Button(description=description, **kwargs)
        button.on_click(self.guarded(action))
        return button

    def file_picker(
        self,
        description: str,
        accept: str,
        then: Callable[[list[Path]], object],
        *,
        multiple: bool = False,
    ) -> w.FileUpload:
        """A file picker whose files, once chosen, are saved into the workspace's ``inbox/``
        and handed to ``then``."""
        picker = w.FileUpload(
            description=description, accept=accept, multiple=multiple, layout=WIDE
        )

        def chosen(change: dict) -> None:
            if change["new"]:  # clearing the picker also tells its observers
                then(self.app.save_upload(picker))

        picker.observe(self.guarded(chosen), names="value")
        return picker

    def refresh(self) -> None:
        """Redraw for the app's current session."""


class App:
    """The workspace and the session being worked on, shared by every panel."""

    def __init__(self, ws: Workspace, session: ReadingSession | None = None) -> None:
        self.ws = ws
        self.panels: list[Panel] = []
        self.session_id = session.id if session else None
        self.attendance: dict[int, AttendanceImport] = {}  # the last import, per session

    @property
    def session(self) -> ReadingSession | None:
        return self.ws.session(self.session_id) if self.session_id else None

    def choose(self, session_id: int | None) -> None:
        if session_id:
            self.ws.set_current_session(session_id)
        self.session_id = session_id or None
        self.refresh()

    def refresh(self) -> None:
        for panel in self.panels:
            panel.refresh()

    def needs_session(self) -> ReadingSession:
        session = self.session
        if session is None:
            raise ReadingGroupsError("choose a session first (step 1), or plan a new one")
        return session

    def save_upload(self, upload: w.FileUpload) -> list[Path]:
        """Save the files just uploaded into ``inbox/``; the paths saved."""
        from ..documents.filenames import safe_stem
        from ..files import write_atomically

        inbox = self.ws.root / "inbox"
        inbox.mkdir(exist_ok=True)
        saved = []
        for item in upload.value:
            name = Path(str(item["name"]))
            target = inbox / f"{safe_stem(name.stem, 'upload')}{name.suffix.lower()[:8]}"
            content = bytes(item["content"])
            number = 2
            while target.exists() and target.read_bytes() != content:
                target = target.with_stem(f"{target.stem.rsplit('~', 1)[0]}~{number}")
                number += 1
            write_atomically(target, content)
            saved.append(target)
        return saved

    # -- the panels, in the order she uses them ---------------------------------------------

    def session_panel(self) -> SessionPanel:
        return SessionPanel(self)

    def articles_panel(self) -> ArticlesPanel:
        return ArticlesPanel(self)

    def bookings_panel(self) -> BookingsPanel:
        return BookingsPanel(self)

    def pack_panel(self) -> PackPanel:
        return PackPanel(self)

    def promotion_panel(self) -> PromotionPanel:
        return PromotionPanel(self)

    def attendance_panel(self) -> AttendancePanel:
        return AttendancePanel(self)

    def documents_panel(self) -> DocumentsPanel:
        return DocumentsPanel(self)

    def messages_panel(self) -> MessagesPanel:
        return MessagesPanel(self)

    def followup_panel(self) -> FollowUpPanel:
        return FollowUpPanel(self)


def _prose(text: str, layout: w.Layout | None = None) -> w.HTML:
    """Wrapped text at reading line spacing (a widget's HTML spaces every line like a
    button's height)."""
    body = f'<div style="line-height:1.4;padding:0.25em 0">{text}</div>'
    return w.HTML(body, layout=layout) if layout else w.HTML(body)


class SessionPanel(Panel):
    """Choose the session, or plan a new one; change its details; cancel it."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "The session")
        self.chooser = w.Dropdown(description="Session", layout=w.Layout(width="48em"))
        self.date = w.DatePicker(description="Date")
        self.start = w.Text(description="Starts", value="14:00", layout=w.Layout(width="14em"))
        self.title = w.Text(description="Title", layout=WIDE)
        self.minutes = w.BoundedIntText(description="Minutes", min=1, max=480, value=60)
        self.venue = w.Text(description="Venue", layout=WIDE)
        self.capacity = w.BoundedIntText(description="Places", min=1, max=500, value=10)
        self.standards = w.Text(description="Code", placeholder="e.g. 6.2, 9.3", layout=WIDE)
        self.save = self.button("Save", self._save, button_style="primary")
        self.reason = w.Text(
            placeholder="why, e.g. facilitator unwell", layout=w.Layout(width="20em")
        )
        self.cancel = self.button("Cancel this session", self._cancel, button_style="danger")
        self.chooser.observe(self.guarded(self._chosen), names="value")
        self.body.children = [
            self.chooser,
            self.date,
            self.start,
            self.title,
            self.minutes,
            self.venue,
            self.capacity,
            self.standards,
            self.save,
            w.HBox([self.cancel, self.reason]),
        ]
        self._fill_chooser()
        self._fill_form()

    def _fill_chooser(self) -> None:
        options = [(session_label(s), s.id) for s in self.app.ws.sessions()]
        self._filling = True
        try:
            self.chooser.options = [*options, ("New…", NEW)]
            self.chooser.value = self.app.session_id or NEW
        finally:
            self._filling = False

    def _fill_form(self) -> None:
        session, config = self.app.session, self.app.ws.config
        if session is None:
            self.date.value, self.title.value = None, ""
            self.minutes.value, self.venue.value = config.session_minutes, config.venue
            self.capacity.value = config.capacity
            self.standards.value = ", ".join(config.code_standards)
            self.save.description = "Plan this session"
            self.cancel.disabled = True
            return
        self.date.value, self.start.value = session.date, f"{session.start:%H:%M}"
        self.title.value, self.minutes.value = session.title, session.minutes
        self.venue.value, self.capacity.value = session.venue or "", session.capacity
        self.standards.value = ", ".join(session.code_standards)
        self.save.description = "Save changes"
        self.cancel.disabled = session.cancelled

    def _chosen(self, change: dict) -> None:
        if not self._filling:
            self.app.choose(change["new"] or None)

    def refresh(self) -> None:
        self._fill_chooser()
        self._fill_form()

    def _details(self) -> dict[str, Any]:
        from .values import words

        return {
            "minutes": self.minutes.value,
            "venue": self.venue.value.strip() or None,
            "capacity": self.capacity.value,
            "code_standards": words(self.standards.value, "Code", example="6.2, 9.3") or None,
        }

    def _save(self, _: object = None) -> None:
        if not isinstance(self.date.value, dt.date):
            raise ReadingGroupsError("pick the session's date")
        session = self.app.session
        if session is None:
            planned = self.app.ws.new_session(
                date=self.date.value,
                start=self.start.value,
                title=self.title.value,
                **self._details(),
            )
            word = "was planned before" if planned.already_planned else "is planned"
            self.app.choose(planned.id)
            self.say(f"{session_label(planned)} {word}.")
            return
        if self.date.value != session.date or self.start.value.strip() != f"{session.start:%H:%M}":
            raise ReadingGroupsError(
                "a session keeps its day and time (its bookings were made for them) — cancel it "
                "and plan a new one to move it"
            )
        change = self.app.ws.change_session(session.id, title=self.title.value, **self._details())
        self.app.refresh()
        moved = f"\n{change.capacity.summary()}" if change.capacity else ""
        self.say(f"Saved {session_label(change.session)}.{moved}")

    def _cancel(self, _: object = None) -> None:
        session = self.app.needs_session()
        ended = self.app.ws.cancel_session(session.id, reason=self.reason.value or None)
        self.app.refresh()
        self.say(ended.summary())


class ArticlesPanel(Panel):
    """Upload search exports; the shortlist with choose and reject on each row."""

    def __init__(self, app: App, limit: int = 15) -> None:
        super().__init__(app, "Articles")
        self.limit = limit
        self.upload = self.file_picker(
            "Search exports", ".ris,.txt,.nbib,.xml,.bib,.csv,.xlsx", self._uploaded, multiple=True
        )
        self.query = w.Text(description="Mentions", placeholder="e.g. delirium", layout=WIDE)
        this_year = dt.date.today().year
        self.since = w.Dropdown(
            description="Published",
            options=[("any year", 0)] + [(f"since {y}", y) for y in range(this_year, 1989, -1)],
            value=0,
            layout=w.Layout(width="14em"),
        )
        self.chosen = w.VBox()
        self.rows = w.VBox()
        filters = w.HBox([self.query, self.since, self.button("Show", lambda _: self.refresh())])
        self.body.children = [
            self.upload,
            filters,
            w.HTML("<b>On this session</b>"),
            self.chosen,
            w.HTML("<b>Shortlist, best first</b>"),
            self.rows,
        ]
        self.refresh()

    def _uploaded(self, paths: list[Path]) -> None:
        imported = self.app.ws.import_articles(paths)
        self.say("\n".join([imported.summary(), *imported.warnings]))
        self.refresh()

    def refresh(self) -> None:
        session = self.app.session
        self.chosen.children = [
            w.HBox(
                [
                    _prose(f"{a.id}: {html.escape(a.title)}", WIDE),
                    self.button("Take off", functools.partial(self._take_off, a.id)),
                ]
            )
            for a in (session.articles if session else [])
        ] or [w.HTML("<em>No article chosen yet.</em>")]
        table = self.app.ws.shortlist(
            query=self.query.value.strip() or None,
            since=self.since.value or None,
            limit=self.limit + len(session.articles if session else []),
        )
        on_session = {a.id for a in session.articles} if session else set()
        rows = [row for row in table.to_dict("records") if row["id"] not in on_session]
        self.rows.children = [self._row(row) for row in rows] or [
            w.HTML("<em>No articles yet: upload your search exports above.</em>")
        ]

    def _row(self, row: dict) -> w.Widget:
        reasons = "; ".join(row["reasons"]) if isinstance(row["reasons"], list) else row["reasons"]
        facts = ", ".join(
            str(row[k])
            for k in ("journal", "year", "design")
            if row.get(k) == row.get(k) and row.get(k)
        )
        text = (
            f"<b>{row['id']}: {html.escape(str(row['title']))}</b><br>{html.escape(facts)}"
            f"<br><small>Score {row['score']:g}: {html.escape(str(reasons))}</small>"
        )
        reason = w.Text(placeholder="reason to reject", layout=w.Layout(width="14em"))
        return w.HBox(
            [
                _prose(text, w.Layout(width="40em")),
                w.VBox(
                    [
                        self.button(
                            "Choose",
                            functools.partial(self._choose, row["id"]),
                            button_style="success",
                        ),
                        w.HBox(
                            [
                                reason,
                                self.button(
                                    "Reject", functools.partial(self._reject, row["id"], reason)
                                ),
                            ]
                        ),
                    ]
                ),
            ]
        )

    def _choose(self, article_id: int, _: object = None) -> None:
        session = self.app.needs_session()
        self.app.ws.mark_articles([article_id], "shortlisted")
        self.app.ws.add_articles(session.id, [article_id])
        self.refresh()
        self.say(f"Article {article_id} is on {session_label(session)}.")

    def _take_off(self, article_id: int, _: object = None) -> None:
        session = self.app.needs_session()
        self.app.ws.remove_articles(session.id, [article_id])
        self.refresh()
        self.say(f"Article {article_id} is off {session_label(session)}.")

    def _reject(self, article_id: int, reason: w.Text, _: object = None) -> None:
        if not reason.value.strip():
            raise ReadingGroupsError("type the reason to reject it (e.g. behind a paywall) first")
        self.app.ws.mark_articles([article_id], "rejected", reason.value.strip())
        self.refresh()
        self.say(f"Article {article_id} rejected: {reason.value.strip()}.")


class BookingsPanel(Panel):
    """Upload the bookings; the list, with a cancel button for each place."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "Bookings")
        self.upload = self.file_picker("Bookings file", ".csv,.xlsx,.txt", self._uploaded)
        self.rows = w.VBox()
        self.body.children = [self.upload, self.rows]
        self.refresh()

    def _uploaded(self, paths: list[Path]) -> None:
        session = self.app.needs_session()
        self.say(self.app.ws.import_bookings(session.id, paths[0]).summary())
        self.app.refresh()

    def refresh(self) -> None:
        from ..attendance.bookings import BOOKED, WAITLISTED

        session = self.app.session
        bookings = self.app.ws.bookings(session.id) if session else []
        rows = []
        for booking in bookings:
            person = booking.person
            text = (
                f"{html.escape(person.name)} &lt;{html.escape(person.email)}&gt; "
                f"{html.escape(person.team or '')} — <b>{html.escape(str(booking.status))}</b>"
            )
            row: list[w.Widget] = [_prose(text, w.Layout(width="36em"))]
            if booking.status in (BOOKED, WAITLISTED) and not (session and session.cancelled):
                row.append(self.button("Cancel", functools.partial(self._cancel, person.email)))
            rows.append(w.HBox(row))
        self.rows.children = rows or [w.HTML("<em>Nobody booked yet.</em>")]

    def _cancel(self, email: str, _: object = None) -> None:
        session = self.app.needs_session()
        self.say(self.app.ws.cancel_booking(session.id, email).summary())
        self.app.refresh()


class PackPanel(Panel):
    def __init__(self, app: App) -> None:
        super().__init__(app, "Session pack")
        self.pdf = w.Checkbox(description="Also as PDF", value=False)
        self.links = w.HTML()
        self.body.children = [
            w.HBox([self.button("Write the session pack", self._make), self.pdf]),
            self.links,
        ]

    def _make(self, _: object = None) -> None:
        session = self.app.needs_session()
        path = self.app.ws.make_pack(session.id, pdf=self.pdf.value)
        made = [path, *([path.with_suffix(".pdf")] if self.pdf.value else [])]
        self.links.value = show.links(made, "Written:")._repr_html_()
        self.say(f"The pack for {session_label(session)} is written.")


class PromotionPanel(Panel):
    """Write the posts and the poster that tell people about the session."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "Promotion")
        self.pdf = w.Checkbox(description="Poster also as PDF", value=False)
        self.post = w.HTML()
        self.body.children = [
            w.HBox([self.button("Write the posts and the poster", self._make), self.pdf]),
            self.post,
        ]

    def _make(self, _: object = None) -> None:
        session = self.app.needs_session()
        done = self.app.ws.promote(session.id, pdf=self.pdf.value)
        self.post.value = show.post(done)._repr_html_()
        self.say(f"The posts and the poster for {session_label(session)} are written.")


class AttendancePanel(Panel):
    """Upload the Teams or Zoom report; settle each name it could not place."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "Attendance")
        self.upload = self.file_picker("Attendance report", ".csv,.tsv,.txt,.xlsx", self._uploaded)
        self.review = w.VBox()
        self.table = w.HTML()
        self.body.children = [self.upload, self.review, self.table]
        self.refresh()

    def _uploaded(self, paths: list[Path]) -> None:
        self.record(self.app.needs_session(), paths[0])

    def record(self, session: ReadingSession, path: Path) -> None:
        came = self.app.ws.import_attendance(session.id, path)
        self.app.attendance[session.id] = came
        self.say(came.summary())
        self.app.refresh()

    def refresh(self) -> None:
        session = self.app.session
        came = self.app.attendance.get(session.id) if session else None
        rows = (
            [self._review_row(session, p, maybe) for p, maybe in came.to_review]
            if came and session
            else []
        )
        self.review.children = (
            [w.HTML("<b>Names the report could not place</b>"), *rows] if rows else []
        )
        frame = self.app.ws.attendance_table(session.id) if session else None
        if frame is not None and not frame.empty:
            columns = ["name", "email", "team", "status", "minutes_attended", "participatory_hours"]
            self.table.value = show.table(frame, columns)._repr_html_()
        else:
            self.table.value = ""

    def _review_row(self, session: ReadingSession, presence: Any, maybe: list) -> w.Widget:
        from ..attendance.bookings import CANCELLED, PRESENT

        # Anyone not yet placed as present: the name is most likely one of the no-shows.
        booked = [
            b
            for b in self.app.ws.bookings(session.id)
            if b.attendance not in PRESENT and b.status != CANCELLED
        ]
        people = {b.person.email: b for b in [*maybe, *booked]}  # the likely ones first
        who = w.Dropdown(
            options=[(f"{b.person.name} <{email}>", email) for email, b in people.items()],
            layout=w.Layout(width="24em"),
        )
        email = w.Text(placeholder="their email, for a walk-in", layout=w.Layout(width="20em"))
        said = (
            f"<b>{html.escape(presence.name)}</b> {html.escape(presence.email or '')}, "
            f"{presence.minutes} min"
        )
        settle = functools.partial(self._settle, session, presence)
        return w.VBox(
            [
                _prose(said),
                w.HBox(
                    [
                        who,
                        self.button(
                            "It is this person",
                            lambda _: settle("booked", who.value),
                            disabled=not people,
                        ),
                    ]
                ),
                w.HBox(
                    [email, self.button("Add as walk-in", lambda _: settle("walk-in", email.value))]
                ),
                self.button("Ignore", lambda _: settle("ignore", None)),
            ],
            layout=w.Layout(border="1px solid #ddd", padding="0.3em", margin="0.2em 0"),
        )

    def _settle(
        self, session: ReadingSession, presence: Any, decision: str, email: str | None
    ) -> None:
        said = self.app.ws.settle_attendance(
            session.id, presence.name, decision, email=email, minutes=presence.minutes
        )
        came = self.app.attendance[session.id]
        came.uncertain = [(p, m) for p, m in came.uncertain if p is not presence]
        came.unmatched = [p for p in came.unmatched if p is not presence]
        self.app.refresh()
        self.say(said)


class DocumentsPanel(Panel):
    """The attendees' documents and the exports, each with links to what was made."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "Attendees' documents and exports")
        self.pdf = w.Checkbox(description="Also as PDF", value=False)
        self.bundle = w.Checkbox(description="As one .zip", value=False)
        self.links = w.HTML()
        self.body.children = [
            w.HBox(
                [
                    self.button(
                        "Make the attendees' documents", self._make, button_style="primary"
                    ),
                    self.pdf,
                    self.bundle,
                ]
            ),
            w.HBox([self.button("Export attendance and people", self._export)]),
            self.links,
        ]

    def _make(self, _: object = None) -> None:
        session = self.app.needs_session()
        made = self.app.ws.make_forms(session.id, pdf=self.pdf.value, bundle=self.bundle.value)
        self.links.value = show.links(made, made.summary())._repr_html_()
        self.say(made.summary())

    def _export(self, _: object = None) -> None:
        made = [self.app.ws.export_attendance(), self.app.ws.export_people()]
        self.links.value = show.links(made, "Exported:")._repr_html_()
        self.say("Exported attendance and people.")


class FollowUpPanel(Panel):
    """A month on: upload the follow-up survey's export; keep the written answers worth
    showing in the report, or take them off it."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "Follow-up survey")
        self.upload = self.file_picker(
            "Survey export", ".xlsx,.csv,.txt", self._uploaded
        )  # fmt: skip
        self.rows = w.VBox()
        self.body.children = [self.upload, _prose("<b>What they did differently</b>"), self.rows]
        self.refresh()

    def _uploaded(self, paths: list[Path]) -> None:
        session = self.app.needs_session()
        done = self.app.ws.import_followup(session.id, paths[0])
        self.say(" ".join([done.summary(), *done.warnings]))
        self.app.refresh()

    def refresh(self) -> None:
        session = self.app.session
        quotes = self.app.ws.followup_quotes(session.id) if session else []
        rows = []
        for quote in quotes:
            mark = " — <b>kept</b>" if quote.keep else ""
            text = f"{html.escape(quote.who)}: {html.escape(quote.text)}{mark}"
            keep = not quote.keep
            label = "Keep for the report" if keep else "Take off the report"
            change = functools.partial(self._keep, quote.number, keep)
            rows.append(w.HBox([_prose(text, w.Layout(width="44em")), self.button(label, change)]))
        self.rows.children = rows or [w.HTML("<em>No written answers imported yet.</em>")]

    def _keep(self, number: int, keep: bool, _: object = None) -> None:
        session = self.app.needs_session()
        self.app.ws.keep_quotes(session.id, [number], keep=keep)
        self.say(
            "Kept for the report's Impact sheet, without a name."
            if keep
            else "Taken off the report."
        )
        self.refresh()


class MessagesPanel(Panel):
    """What is due to send for the session (a dry run, nothing sent), a button to send it, and
    the record of what went to whom."""

    def __init__(self, app: App) -> None:
        super().__init__(app, "Messages")
        self.due = w.HTML()
        self.record = w.HTML()
        self.body.children = [
            w.HBox(
                [
                    self.button("Send what is due", self._send, button_style="primary"),
                    self.button("Check again", self._check),
                ]
            ),
            self.due,
            _prose("<b>Sent so far</b>"),
            self.record,
        ]
        self.refresh()

    def refresh(self) -> None:
        from . import steps

        try:
            shown = steps.messages_due(self.app.ws, self.app.session)
        except ReadingGroupsError as problem:  # e.g. no mailbox set yet: say what to do
            self.due.value = f"<em>{html.escape(str(problem))}</em>"
        else:
            self.due.value = shown._repr_html_() if shown else "<em>Choose a session first.</em>"
        record = steps.messages_sent(self.app.ws, self.app.session)
        self.record.value = record._repr_html_() if record else ""

    def _check(self, _: object = None) -> None:
        self.refresh()
        self.say("Checked: the table shows what would go now.")

    def _send(self, _: object = None) -> None:
        session = self.app.needs_session()
        batches = self.app.ws.send_due(session_id=session.id)
        sent = sum(len(b.sent) for b in batches)
        refused = [email for b in batches for email, _ in b.refused]
        where = "to the mail server" if self.app.ws.config.email_transport == "smtp" else (
            "to output/outbox/ as drafts"
        )  # fmt: skip
        text = f"Sent {sent} message{'s' * (sent != 1)} {where}."
        if refused:
            text += f" Refused by the server: {', '.join(refused)}."
        held = " ".join(b.summary() for b in batches if b.held_back)
        self.refresh()
        said = text if sent or refused else "Nothing to send: everyone has had what is due."
        self.say(f"{said} {held}".strip())
