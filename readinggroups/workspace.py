"""The Workspace: one reading group's settings, database and output folders.

Notebooks and the command line both work through these verbs, and each verb is a few lines
handing over to the module that owns its concern:

- articles: ``collection.py`` (import, fetch, shortlist, marks, history), with one reader
  per export format in ``articles/``;
- planning sessions: ``planning.py``;
- bookings, cancellations and attendance: ``attendance/bookings.py``;
- documents: ``documents/`` (pack, forms, CPD log), certificates ``attendance/certificates.py``;
- promoting a session: ``promotion.py`` (the posts), the poster ``documents/poster.py``;
- figures, exports and the report: ``reporting.py``;
- the follow-up survey a month after each session: ``followup.py`` (its questions, imports and
  quotes) and ``impact.py`` (its figures).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config as _config
from .dates import parse_date, years_before
from .errors import WorkspaceError
from .store.unit import DEFAULT_WORKSPACE, Store

if TYPE_CHECKING:
    import pandas as pd

    from .articles.dedupe import ArticleImport
    from .attendance.bookings import AttendanceImport, Booked, BookingImport, Cancellation
    from .attendance.certificates import Certificate
    from .documents.cpd import CPDLog
    from .documents.forms import AttendeeDocuments
    from .documents.settings import DocumentSettings
    from .followup import FollowUpImport, Quote
    from .messages.sending import Sending
    from .planning import CapacityChange, SessionChange, SessionEnded
    from .privacy import Erased
    from .promotion import Promotion
    from .report import LibraryReport
    from .store import Article, Booking, FollowUpResponse, Message, Person, ReadingSession

ENV_VAR = "READINGGROUPS_WORKSPACE"


class Workspace:
    """A reading group's folder: ``readinggroups.toml``, the database and ``output/``."""

    def __init__(self, root: Path, config: _config.Config) -> None:
        self.root = Path(root).resolve()
        self.config = config
        self.store = Store(
            config.database,
            self.root,
            workspace=config.workspace or DEFAULT_WORKSPACE,
            group=config.group,
            library=config.library,
        )

    def close(self) -> None:
        """Close the database connections (they open again when next needed)."""
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- finding and creating -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: str | os.PathLike,
        *,
        group: str | None = None,
        library: str | None = None,
        facilitator: str | None = None,
        database: str | None = None,
        workspace: str | None = None,
    ) -> Workspace:
        """Make a new workspace in ``folder`` (created if needed) and its database.

        ``database`` is a shared database's address (a library network's PostgreSQL server):
        the folder becomes a new workspace in it for ``group``, or, given the ``workspace`` key
        a colleague's workspace shows (`readinggroups db status`), joins that one, taking its
        group's name and library from the database. Without ``database`` it is the embedded
        SQLite file (or $READINGGROUPS_DATABASE_URL's database)."""
        if not str(folder).strip():
            raise WorkspaceError(
                "give a folder for the workspace, e.g. `readinggroups init my-group`"
            )
        root = Path(folder)
        if (root / _config.CONFIG_NAME).exists():
            raise WorkspaceError(
                f"{root} already holds a workspace — open it, or choose another folder"
            )
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{root} is a file — choose a folder for the workspace")
        made_folder = not root.exists()
        root.mkdir(parents=True, exist_ok=True)
        try:
            return cls._create_in(root, group, library, facilitator, database, workspace)
        except BaseException:
            if made_folder and not any(root.iterdir()):
                root.rmdir()  # a database that could not be reached leaves no empty folder
            raise

    @classmethod
    def _create_in(
        cls,
        root: Path,
        group: str | None,
        library: str | None,
        facilitator: str | None,
        database: str | None,
        workspace: str | None,
    ) -> Workspace:
        values: dict[str, Any] = {}
        if database and database.strip():
            values["database_url"] = database.strip()
        if workspace:
            from .store.network import existing_workspace

            found = existing_workspace(values.get("database_url"), root, workspace.strip())
            values.update(
                workspace=found.key,
                group=found.group_name or (group or "").strip(),
                library=found.library or (library or "").strip() or _config.Config.library,
            )
        elif not group or not group.strip():
            raise WorkspaceError(
                "give the group's name (--group NAME), or join a colleague's workspace in a "
                "shared database with --workspace KEY (`readinggroups db status` lists them)"
            )
        else:
            from .store.network import new_key

            values.update(group=group.strip(), workspace=new_key(group))
        if library and not workspace:
            values["library"] = library.strip()
        if facilitator:
            values["facilitator"] = facilitator.strip()
        config = _config.Config(**values)
        made = cls(root, config)
        # The database is made (or joined) before the settings are written: a server that
        # cannot be reached leaves no half-made workspace behind.
        made.store.open()
        _config.dump(config, root / _config.CONFIG_NAME)
        made.copy_followup_questions()
        return made

    @classmethod
    def open(cls, folder: str | os.PathLike | None = None) -> Workspace:
        """Open the workspace in ``folder``; without one, $READINGGROUPS_WORKSPACE, else the
        current folder or the nearest parent holding a readinggroups.toml."""
        if folder is None and os.environ.get(ENV_VAR):
            folder = os.environ[ENV_VAR]
        if folder is not None:
            root = Path(folder)
            if root.is_file():
                raise WorkspaceError(f"{root} is a file, not a workspace folder")
            if not (root / _config.CONFIG_NAME).is_file():
                raise WorkspaceError(
                    f"{root} is not a workspace (no {_config.CONFIG_NAME}) — create one with "
                    f"`readinggroups init {root} --group NAME`"
                )
        else:
            here = Path.cwd()
            found = next(
                (p for p in (here, *here.parents) if (p / _config.CONFIG_NAME).is_file()), None
            )
            if found is None:
                raise WorkspaceError(
                    f"no workspace here or above {here} — pass --workspace DIR, set {ENV_VAR}, "
                    "or create one with `readinggroups init DIR --group NAME`"
                )
            root = found
        return cls(root, _config.load(root / _config.CONFIG_NAME))

    def __repr__(self) -> str:
        return f"<Workspace {self.config.group!r} at {self.root}>"

    def shared_folder_warning(self) -> str | None:
        """What is wrong with keeping this workspace's SQLite file where it is (a synced
        OneDrive, SharePoint or Dropbox folder, a network drive), and what to do instead;
        None where it is safe or the database is a server."""
        from .store.engine import sqlite_file

        database = sqlite_file(self.store.url, self.root)
        if database is None:
            return None
        from .store.location import shared_folder_risk

        risk = shared_folder_risk(database.parent)
        if risk is None:
            return None
        return (
            f"{risk}. Keep the workspace on this computer's own disk, or share it through a "
            "PostgreSQL database: `readinggroups backup FILE`, then `readinggroups restore FILE "
            "DIR --database postgresql://user@host/name` (colleagues join with "
            "`readinggroups init DIR --database URL --workspace KEY`)"
        )

    # -- folders and settings ---------------------------------------------------------------

    @property
    def output(self) -> Path:
        return self.root / "output"

    def output_folder(self, *parts: str) -> Path:
        folder = self.output.joinpath(*parts)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def update_settings(self, **settings: str | None) -> list[str]:
        """Change the group's name, library, facilitator, mailbox (``email_from``), booking
        link (``booking_link``) or follow-up survey link (``survey_link``) in
        readinggroups.toml. Values left None, or the same as now, are skipped. Says what
        changed, one line each."""
        import dataclasses

        allowed = {"group", "library", "facilitator", "email_from", "booking_link", "survey_link"}
        if unknown := set(settings) - allowed:
            raise WorkspaceError(
                f"{', '.join(sorted(unknown))}: not a setting that can be changed here"
            )
        changed: dict[str, Any] = {
            name: value.strip()
            for name, value in settings.items()
            if value and value.strip() and value.strip() != getattr(self.config, name)
        }
        if changed:
            self.config = dataclasses.replace(self.config, **changed)  # checked again on the way
            _config.dump(self.config, self.root / _config.CONFIG_NAME)
        return [
            f"The {name} is now {value!r} (in {_config.CONFIG_NAME})."
            for name, value in changed.items()
        ]

    @property
    def document_settings(self) -> DocumentSettings:
        """What the documents print about the group, and the library's templates and logo."""
        from .documents.settings import DocumentSettings

        cfg = self.config
        return DocumentSettings.of_folder(
            self.root,
            group=cfg.group,
            library=cfg.library,
            facilitator=cfg.facilitator,
            access_link=cfg.access_link,
            workshop_reflective_form=cfg.workshop_reflective_form,
        )

    # -- articles -----------------------------------------------------------------------------

    def import_articles(
        self,
        paths: Iterable[str | os.PathLike],
        *,
        format: str | None = None,
        mapping: dict[str, str] | None = None,
        strict: bool = False,
    ) -> ArticleImport:
        """Import search exports as one transaction: every file is read before anything is
        stored, so a broken file leaves the workspace as it was.

        Records that cannot be used are skipped with a warning, or refused with ``strict``.
        ``mapping`` names CSV/Excel columns the importer does not recognise, e.g.
        ``{"title": "Article Title"}``.
        """
        from . import collection

        return collection.import_files(
            self.store, paths, format=format, mapping=mapping, strict=strict
        )

    def fetch_articles(
        self, *, pmids: Iterable[str] = (), dois: Iterable[str] = ()
    ) -> ArticleImport:
        """Fetch records from PubMed by PMID or DOI and store them like an import.

        Uses the email and API key in readinggroups.toml ([pubmed]); answers are cached in
        the workspace's cache/ folder, so asking again works offline.
        """
        from . import collection

        cache = self.root / "cache" / "pubmed"
        return collection.fetch(self.store, self.config, cache, pmids=pmids, dois=dois)

    def articles(self) -> list[Article]:
        with self.store.unit() as unit:
            return unit.articles()

    def article(self, article_id: int) -> Article:
        from .store import Article

        with self.store.unit() as unit:
            return unit.get(Article, article_id)

    def articles_table(self) -> pd.DataFrame:
        """The articles as a table for a notebook: one row each, authors joined."""
        from .frames import articles_frame

        return articles_frame(self.articles())

    def shortlist(
        self,
        *,
        since: int | None = None,
        query: str | None = None,
        design: str | None = None,
        has_abstract: bool = False,
        limit: int | None = 20,
        include_rejected: bool = False,
        today: dt.date | None = None,
    ) -> pd.DataFrame:
        """Articles ranked for the next session, best first, with the reasons for each score.

        ``query`` keeps articles mentioning any of its words; ``design`` keeps one study
        design ('qualitative', 'rct', ...); rejected articles are left out unless asked for.
        """
        from . import collection

        with self.store.unit() as unit:
            return collection.shortlist(
                unit,
                since=since,
                query=query,
                design=design,
                has_abstract=has_abstract,
                limit=limit,
                include_rejected=include_rejected,
                today=today,
            )

    def mark_articles(
        self, article_ids: Iterable[int], status: str | None, note: str | None = None
    ) -> list[Article]:
        """Mark articles 'shortlisted' or 'rejected' (with a note), or clear the mark (None)."""
        from . import collection

        with self.store.unit() as unit:
            return collection.mark(unit, article_ids, status, note)

    def discussed(self, today: dt.date | None = None) -> pd.DataFrame:
        """Every article the group has discussed, newest session first: sessions held by
        ``today``, not those still to come nor cancelled ones."""
        from . import collection

        with self.store.unit() as unit:
            return collection.discussed(unit, today)

    # -- planning sessions ----------------------------------------------------------------------

    def new_session(
        self,
        *,
        date: dt.date | str,
        start: dt.time | str,
        title: str,
        minutes: int | None = None,
        venue: str | None = None,
        capacity: int | None = None,
        facilitator: str | None = None,
        preparation_hours: float | None = None,
        code_standards: Iterable[str] | None = None,
        reflective_model: str | None = None,
        kind: str = "reading-group",
        series: str | None = None,
        learning_outcomes: Iterable[str] | None = None,
        booking_link: str | None = None,
        survey_link: str | None = None,
    ) -> ReadingSession:
        """Plan a session: a reading group, or a workshop (``kind="workshop"``, with its
        ``learning_outcomes``); anything not given comes from readinggroups.toml."""
        from . import planning

        with self.store.unit() as unit:
            planned = planning.new_session(
                unit,
                self.config,
                date=date,
                start=start,
                title=title,
                minutes=minutes,
                venue=venue,
                capacity=capacity,
                facilitator=facilitator,
                preparation_hours=preparation_hours,
                code_standards=code_standards,
                reflective_model=reflective_model,
                kind=kind,
                series=series,
                learning_outcomes=learning_outcomes,
                booking_link=booking_link,
                survey_link=survey_link,
            )
        found = self.session(planned.id)
        found.already_planned = planned.already_planned
        return found

    def session(self, session_id: int) -> ReadingSession:
        with self.store.unit() as unit:
            return unit.session(session_id)

    def sessions(
        self, *, kind: str | None = None, series: str | None = None
    ) -> list[ReadingSession]:
        """Every session in date order; only those of one ``kind`` (reading-group, workshop)
        or one ``series`` (by name, case aside; the group's name is its own series) if given."""
        from .planning import of_series

        with self.store.unit() as unit:
            found = unit.sessions()
        if kind is not None:
            found = [s for s in found if s.kind == kind]
        if series is not None:
            found = of_series(found, series, self.config.group)
        return found

    def add_articles(self, session_id: int, article_ids: Iterable[int]) -> ReadingSession:
        """Choose articles for a session, in the order given after any already chosen."""
        from . import planning

        with self.store.unit() as unit:
            planning.add_articles(unit, session_id, article_ids)
        return self.session(session_id)

    def remove_articles(self, session_id: int, article_ids: Iterable[int]) -> ReadingSession:
        """Take articles off a session; the others keep their order."""
        from . import planning

        with self.store.unit() as unit:
            planning.remove_articles(unit, session_id, article_ids)
        return self.session(session_id)

    def edit_session(
        self,
        session_id: int,
        *,
        online_link: str | None = None,
        questions: Iterable[str] | None = None,
        title: str | None = None,
        venue: str | None = None,
        minutes: int | None = None,
        code_standards: Iterable[str] | None = None,
        date: dt.date | str | None = None,
        start: dt.time | str | None = None,
        booking_link: str | None = None,
        survey_link: str | None = None,
        learning_outcomes: Iterable[str] | None = None,
    ) -> ReadingSession:
        """Change a session: its joining link, booking and survey links, a workshop's learning
        outcomes, its own discussion questions (an empty list goes back to the reflective
        model's), title, venue, length, Code references, day or start time. A change to what
        invitations say makes `send SESSION updated` due."""
        return self.change_session(
            session_id,
            online_link=online_link,
            booking_link=booking_link,
            survey_link=survey_link,
            learning_outcomes=learning_outcomes,
            questions=questions,
            title=title,
            venue=venue,
            minutes=minutes,
            code_standards=code_standards,
            date=date,
            start=start,
        ).session

    def set_capacity(self, session_id: int, capacity: int) -> CapacityChange:
        """Change a session's places; says who came off or went back on the waiting list."""
        change = self.change_session(session_id, capacity=capacity).capacity
        assert change is not None  # asked for
        return change

    def change_session(
        self, session_id: int, *, capacity: int | None = None, **details
    ) -> SessionChange:
        """Any of edit_session's changes and the places, in one go: a refused part changes
        nothing. Says who moved on or off the waiting list."""
        from . import planning

        with self.store.unit() as unit:
            changed = planning.change_session(unit, session_id, capacity=capacity, **details)
        # Read back afresh, with its articles, as session() gives it.
        return planning.SessionChange(self.session(session_id), changed.capacity)

    def cancel_session(
        self, session_id: int, *, reason: str | None = None, force: bool = False
    ) -> SessionEnded:
        """Cancel a session: its bookings are kept (so the people on it can be told) but it
        takes no more and leaves every figure. Once its attendance is recorded this is refused
        unless ``force``, which withdraws its certificates. Cancelling again changes nothing."""
        from . import planning

        with self.store.unit() as unit:
            return planning.cancel_session(unit, session_id, reason=reason, force=force)

    def delete_session(self, session_id: int, *, force: bool = False) -> SessionEnded:
        """Delete a session planned by mistake, with its bookings. Once its attendance is
        recorded this is refused unless ``force``, which withdraws its certificates."""
        from . import planning

        with self.store.unit() as unit:
            return planning.delete_session(unit, session_id, force=force)

    def current_session(self, today: dt.date | None = None) -> ReadingSession | None:
        """The session the notebooks carry on with: the one last chosen (set_current_session),
        else the next to come, else the latest; None before any is planned."""
        from . import planning

        with self.store.unit() as unit:
            return planning.current_session(unit, today or dt.date.today())

    def set_current_session(self, session_id: int) -> ReadingSession:
        """Make this the session the notebooks carry on with."""
        from . import planning

        with self.store.unit() as unit:
            planning.set_current(unit, session_id)
        return self.session(session_id)

    def sessions_short_of_bookings(
        self, today: dt.date | None = None
    ) -> list[tuple[ReadingSession, int]]:
        """Sessions in the coming week with fewer registrants booked than the minimum
        (sessions.minimum_bookings): (session, registrants booked), to promote or cancel."""
        from . import planning

        with self.store.unit() as unit:
            return planning.short_of_bookings(
                unit, self.config.minimum_bookings, today or dt.date.today()
            )

    # -- bookings and attendance ------------------------------------------------------------------

    def import_bookings(self, session_id: int, path: str | os.PathLike) -> BookingImport:
        """Book everyone in a bookings CSV, in file order; past capacity they wait."""
        from .attendance.bookings import book_all
        from .attendance.people import read_bookings

        people, warnings = read_bookings(Path(path))
        with self.store.unit() as unit:
            return book_all(unit.db, unit.open_session(session_id), people, warnings)

    def book(
        self,
        session_id: int,
        *,
        name: str,
        email: str,
        role: str | None = None,
        team: str | None = None,
        nmc_pin: str | None = None,
        register: str | None = None,
    ) -> Booked:
        """Book one person (or add them to the waiting list); says whether they already were.
        ``register`` is their part of the NMC register (RNA, RM, ..., or none)."""
        from .attendance.bookings import book_one
        from .attendance.people import person_details

        details = person_details(
            name=name, email=email, role=role, team=team, nmc_pin=nmc_pin, register=register
        )
        with self.store.unit() as unit:
            return book_one(unit.db, unit.open_session(session_id), details)

    def cancel_booking(
        self, session_id: int, email: str, *, when: dt.datetime | None = None
    ) -> Cancellation:
        """Cancel someone's place; the first person waiting is promoted into it. ``when`` is
        when they cancelled (local time), if not now: it decides whether it was late."""
        from .attendance.bookings import cancel_by_email

        with self.store.unit() as unit:
            return cancel_by_email(
                unit.db,
                unit.session(session_id),
                email,
                late_hours=self.config.late_cancellation_hours,
                when=when,
            )

    def bookings(self, session_id: int) -> list[Booking]:
        with self.store.unit() as unit:
            return unit.bookings(session_id)

    def import_attendance(self, session_id: int, path: str | os.PathLike) -> AttendanceImport:
        """Read an attendance report and set each booking's outcome (replacing earlier ones)."""
        from .attendance import read_attendance
        from .attendance.bookings import record_attendance

        report = read_attendance(Path(path), self.config.time_zone)
        with self.store.unit() as unit:
            return record_attendance(unit.db, unit.open_session(session_id), report, Path(path))

    def mark_attendance(
        self,
        session_id: int,
        emails: Iterable[str],
        *,
        minutes: int | None = None,
        name: str | None = None,
    ) -> list[Booking]:
        """Mark people as having come, by hand (a sign-in sheet, or a name left for review):
        for ``minutes`` (default the whole session; 0 marks a no-show). Someone not booked is
        added as a walk-in when ``name`` is given."""
        from .attendance.bookings import mark

        with self.store.unit() as unit:
            return mark(
                unit.db, unit.open_session(session_id), list(emails), minutes=minutes, name=name
            )

    def settle_attendance(
        self,
        session_id: int,
        name: str,
        decision: str,
        *,
        email: str | None = None,
        minutes: int | None = None,
    ) -> str:
        """Settle a name the attendance report could not place: ``decision`` "booked" (the
        booked person with ``email``), "walk-in" (added, with ``email``) or "ignore". It stays
        settled when the report is imported again. ``minutes`` as the report shows them."""
        from .attendance.bookings import settle

        with self.store.unit() as unit:
            return settle(
                unit.db,
                unit.open_session(session_id),
                name,
                decision,
                email=email,
                minutes=minutes,
            )

    # -- documents ------------------------------------------------------------------------------

    def make_pack(
        self, session_id: int, out: str | os.PathLike | None = None, *, pdf: bool = False
    ) -> Path:
        """Write the session pack (.docx) and return its path; ``pdf`` adds a PDF beside it."""
        from .attendance.bookings import booked_people
        from .documents.pack import make_pack

        with self.store.unit() as unit:
            session = unit.open_session(session_id)
            booked = booked_people(unit.db, session)
        folder = Path(out) if out else self.output_folder("packs")
        return make_pack(self.document_settings, session, booked, folder, pdf=pdf)

    def make_forms(
        self,
        session_id: int,
        out: str | os.PathLike | None = None,
        *,
        bundle: bool = False,
        pdf: bool = False,
    ) -> AttendeeDocuments:
        """Write each attendee's reflective account form, CPD record and certificate.

        ``bundle`` writes one .zip with a folder per attendee instead (and returns its path);
        ``pdf`` adds a PDF of each document, made by LibreOffice in one run. The result lists
        the paths and knows how many attendees they are for.
        """
        from .attendance.certificates import numbered_attendees
        from .documents.forms import make_forms
        from .documents.pdf import require_soffice

        if pdf:
            require_soffice()  # before any work, so the advice comes first
        with self.store.unit() as unit:
            session = unit.open_session(session_id)
            present, too_short = numbered_attendees(unit.db, session)
        folder = Path(out) if out else self.output_folder("forms", f"session-{session_id}")
        settings = self.document_settings
        return make_forms(
            settings, session, present, folder, bundle=bundle, pdf=pdf, too_short=too_short
        )

    def promote(
        self,
        session_id: int,
        out: str | os.PathLike | None = None,
        *,
        pdf: bool = False,
        today: dt.date | None = None,
    ) -> Promotion:
        """Write what promotes a session into ``out`` (default output/promotion/session-N):
        post.txt for X (at most 280 characters as X counts them), post-long.txt for LinkedIn,
        a Teams channel or the staff bulletin, and poster.docx with a QR code for the booking
        link (the session's, else group.booking_link); ``pdf`` adds poster.pdf."""
        from .documents.pdf import require_soffice
        from .documents.poster import make_poster
        from .promotion import Promotion, announce, write_posts

        if pdf:
            require_soffice()  # before any work, so the advice comes first
        with self.store.unit() as unit:
            news = announce(
                unit.open_session(session_id), self.config, today=today or dt.date.today()
            )
        folder = Path(out) if out else self.output_folder("promotion", f"session-{session_id}")
        poster, poster_pdf = make_poster(self.document_settings, news, folder, pdf=pdf)
        post, long_post, short = write_posts(news, folder)
        return Promotion(post, long_post, poster, poster_pdf, short, list(news.notes))

    def verify_certificate(self, number: str) -> Certificate:
        """The certificate with this number (who, which session, the hours); NotFoundError if
        none was issued."""
        from .attendance.certificates import verify

        with self.store.unit() as unit:
            return verify(unit.db, number)

    def cpd_log(
        self,
        email: str,
        out: str | os.PathLike | None = None,
        *,
        revalidation: dt.date | str | None = None,
        today: dt.date | None = None,
    ) -> tuple[Path, CPDLog]:
        """Write one nurse's CPD log of the sessions they attended in their current
        revalidation period, with totals; ``revalidation`` records their revalidation date."""
        from .attendance.records import attended_by
        from .documents.cpd import cpd_log, write_cpd_log

        day = parse_date(revalidation) if revalidation is not None else None
        with self.store.unit() as unit:
            person, attended = attended_by(unit.db, email, revalidation=day)
            log = cpd_log(
                person, attended, today or dt.date.today(), asked=day, group=self.config.group
            )
        folder = Path(out) if out else self.output_folder("cpd-logs")
        return write_cpd_log(self.document_settings, log, folder), log

    def copy_templates(self, force: bool = False) -> list[Path]:
        """Copy the shipped Word templates into the workspace's templates/ folder, where
        edited copies take over from the shipped ones. Existing copies are kept unless
        ``force``."""
        from .documents.render import copy_templates

        return copy_templates(self.root / "templates", force=force)

    def copy_notebooks(self, force: bool = False) -> list[Path]:
        """Put the notebooks into the workspace, where the librarian works on her own copies
        beside her data. Copies already there are hers and kept unless ``force``."""
        from .notebook.copies import copy_notebooks

        return copy_notebooks(self.root, force=force)

    # -- figures, exports and the report --------------------------------------------------------

    def attendance_table(self, session_id: int | None = None) -> pd.DataFrame:
        """One row per booking (of one session, or of all), as the attendance export holds it."""
        from . import reporting

        with self.store.unit() as unit:
            return reporting.attendance_table(unit, session_id, self.config.group)

    def people_table(self, since: dt.date | str | None = None) -> pd.DataFrame:
        """One row per person: sessions booked and attended, no-shows, CPD hours."""
        from . import reporting

        with self.store.unit() as unit:
            return reporting.people_table(unit, self.config, _since(since))

    def sessions_table(self, since: dt.date | str | None = None) -> pd.DataFrame:
        """One row per session: booked, waiting, cancelled (late), came, no-show rate, hours."""
        from . import reporting

        with self.store.unit() as unit:
            return reporting.sessions_table(unit, self.config, _since(since))

    def export_attendance(
        self,
        out: str | os.PathLike | None = None,
        *,
        since: dt.date | str | None = None,
        anonymise: bool = False,
    ) -> Path:
        """Write the attendance table as .csv or .xlsx (by the extension), formulas defused."""
        return self._export("attendance", self.attendance_table(), out, _since(since), anonymise)

    def export_people(
        self,
        out: str | os.PathLike | None = None,
        *,
        since: dt.date | str | None = None,
        anonymise: bool = False,
    ) -> Path:
        """Write the people table (see people_table) as .csv or .xlsx."""
        return self._export("people", self.people_table(since), out, None, anonymise)

    def export_sessions(
        self,
        out: str | os.PathLike | None = None,
        *,
        since: dt.date | str | None = None,
        anonymise: bool = False,
    ) -> Path:
        """Write the sessions table (see sessions_table) as .csv or .xlsx; ``anonymise`` leaves
        out the titles and series' names (the free text in it, where a name may have been
        typed)."""
        return self._export("sessions", self.sessions_table(since), out, None, anonymise)

    def report(
        self,
        out: str | os.PathLike | None = None,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        network: bool = False,
    ) -> tuple[list[Path], LibraryReport]:
        """The library's report: per session and per month, monthly against every other
        month (each series' schedule worked out on its own), and, with more than one series,
        each kind of session, series and schedule side by side; written as report.xlsx and PNG
        charts into ``out`` (default output/report).
        Sessions from ``since`` up to ``until`` (default today: sessions still to come would
        count as empty ones).
        With ``network``, every workspace's sessions in the shared database (a library
        network's), each series named by its own group, and the Libraries and Library series
        tables: per library, and per group and series within it (default folder
        output/network-report)."""
        from . import reporting
        from .report import write

        last = parse_date(until) if until is not None else dt.date.today()
        from .followup import load_questions

        questions = load_questions(self.root)
        with self.store.unit(network=network) as unit:
            report = reporting.report(
                unit,
                self.config,
                since=_since(since),
                until=last,
                questions=questions,
                network=network,
            )
        folder = Path(out) if out else self.output_folder("network-report" if network else "report")
        return write(report, folder), report

    # -- messages -------------------------------------------------------------------------------

    def send(
        self,
        session_id: int,
        kind: str,
        *,
        dry_run: bool = False,
        resend: bool = False,
        today: dt.date | None = None,
        asked_before: dt.datetime | None = None,
    ) -> Sending:
        """Send the messages of ``kind`` for a session that have not gone yet (every one,
        with ``resend``), through email.transport, each recorded as it goes; with
        ``dry_run``, only say what would go. Kinds: booked, waiting, promoted, updated,
        released, pack, reminder, documents, missed, cancelled, followup, followup-reminder.
        Given ``today``, the follow-up's reminder goes only to those whose follow-up went
        followup.reminder_days before, and never to those asked at ``asked_before`` or later
        (UTC: the start of a `send --due` that has just sent their follow-up)."""
        from .messages.delivery import deliver, plan

        reminded_before = None
        if today is not None and kind == "followup-reminder":
            waited = today - dt.timedelta(days=self.config.followup_reminder_days)
            reminded_before = dt.datetime.combine(waited, dt.time.max)
            if asked_before is not None:
                reminded_before = min(reminded_before, asked_before)

        def planned(pack: Path | None = None) -> Sending:
            with self.store.unit() as unit:
                return plan(
                    unit.db, unit.session(session_id), kind, self.config, self.root,
                    pack=pack, resend=resend, reminded_before=reminded_before,
                )  # fmt: skip

        if dry_run:  # writes nothing: what is still to be made is listed as such
            from .documents.pack import check_has_pack, pack_name

            with self.store.unit() as unit:
                session = unit.session(session_id)
                if kind == "pack":
                    check_has_pack(session)  # as the real send would say
                name = pack_name(session)
            sending = planned(self.output / "packs" / name)
            sending.dry_run = True
            return sending
        sending = planned()
        # What is attached is made only when someone is to get it: the pack afresh (it
        # lists who is booked), the attendees' documents when they are not made yet.
        if kind == "pack" and sending.planned:
            sending = planned(self.make_pack(session_id))
        elif any(not path.is_file() for p in sending.planned for path in p.draft.attachments):
            self.make_forms(session_id)
            sending = planned()
        return deliver(self.store, sending, self.config, self.root)

    def send_due(
        self,
        *,
        today: dt.date | str | None = None,
        dry_run: bool = False,
        session_id: int | None = None,
        kinds: Iterable[str] | None = None,
    ) -> list[Sending]:
        """Everything due on ``today`` (default today) across all sessions (or one): booking
        confirmations and waiting-list notices, invitations brought up to date after a change
        and taken back from people whose place went, the pack and the reminder so many days
        before (email.pack_days_before, email.reminder_days_before), documents and missed-you
        notes once attendance is recorded, notices of cancelled sessions, and the follow-up
        survey followup.delay_days after a session with its one reminder; only ``kinds`` if
        given. What has gone before is not sent again; a follow-up with no survey link to
        give is held back, saying what to set."""
        from .attendance.bookings import attendance_recorded
        from .messages.sending import NoSurveyLink, Sending, due_kinds

        day = _since(today) or dt.date.today()
        # A follow-up this run sends is never reminded in the same run, whatever --today says.
        started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        wanted = None if kinds is None else set(kinds)
        with self.store.unit() as unit:
            sessions = unit.sessions() if session_id is None else [unit.session(session_id)]
            due = [
                (s.id, kind)
                for s in sessions
                for kind in due_kinds(
                    s,
                    day,
                    self.config.pack_days_before,
                    self.config.reminder_days_before,
                    attendance_recorded(unit.db, s),
                    self.config.followup_delay_days,
                    self.config.followup_reminder_days,
                )  # fmt: skip
                if (wanted is None or kind in wanted)
                and not (s.cancelled and not unit.bookings(s.id))
            ]
        batches = []
        for sid, kind in due:
            try:
                batches.append(
                    self.send(sid, kind, dry_run=dry_run, today=day, asked_before=started)
                )
            except NoSurveyLink as problem:  # the other sessions' messages still go
                batches.append(Sending(self.session(sid), kind, [], held_back=str(problem)))
        return batches

    # -- the follow-up survey ----------------------------------------------------------------

    def copy_followup_questions(self) -> Path:
        """Put the follow-up survey's questions file (followup_questions.toml) in the workspace
        for the librarian to edit, unless it is there already; its path."""
        from .files import write_atomically
        from .followup import QUESTIONS_NAME, questions_file

        path = self.root / QUESTIONS_NAME
        if not path.is_file():
            write_atomically(path, questions_file(self.root).read_bytes())
        return path

    def import_followup(self, session_id: int, path: str | os.PathLike) -> FollowUpImport:
        """Read the follow-up survey's export (Microsoft Forms .xlsx, or CSV) for a session:
        each response matched by email to someone credited with the session, or counted as
        anonymous; importing the same export again replaces its responses rather than adding
        them twice."""
        from .followup import import_responses, load_questions

        with self.store.unit() as unit:
            session = unit.session(session_id)
            questions = load_questions(self.root, workshop=session.is_workshop)
            return import_responses(unit.db, session, Path(path), questions)

    def followup_responses(self, session_id: int | None = None) -> list[FollowUpResponse]:
        """The follow-up responses imported (for one session, or all)."""
        from .followup import responses

        with self.store.unit() as unit:
            if session_id is not None:
                unit.session(session_id)
            return responses(unit.db, session_id)

    def followup_quotes(self, session_id: int) -> list[Quote]:
        """The session's written answers to "What have you done differently ...", numbered."""
        from .followup import quotes

        with self.store.unit() as unit:
            unit.session(session_id)
            return quotes(unit.db, session_id)

    def keep_quotes(
        self, session_id: int, numbers: Iterable[int], *, keep: bool = True, named: bool = False
    ) -> list[Quote]:
        """Keep the quotes ``numbers`` for the report's Impact sheet (without a name unless
        ``named``), or with ``keep`` False take them off it."""
        from .followup import mark_quotes

        with self.store.unit() as unit:
            unit.session(session_id)
            return mark_quotes(unit.db, session_id, list(numbers), keep=keep, named=named)

    def followup_table(self, since: dt.date | str | None = None) -> pd.DataFrame:
        """One row per follow-up response: the session, who answered (or anonymous), and what
        they answered, for the library's annual statistics."""
        from .impact import responses_frame

        with self.store.unit() as unit:
            return responses_frame(unit, _since(since))

    def export_followup(
        self,
        out: str | os.PathLike | None = None,
        *,
        since: dt.date | str | None = None,
        anonymise: bool = False,
    ) -> Path:
        """Write the follow-up table (see followup_table) as .csv or .xlsx; ``anonymise`` makes
        names and emails pseudonyms and leaves out the written answers (a name may be in them)."""
        from .impact import anonymised_responses

        frame = self.followup_table(since)
        if anonymise:
            frame = anonymised_responses(frame, self.pseudonym_key())
        return self._export("followup", frame, out, None, anonymise)

    def messages(self, session_id: int | None = None) -> list[Message]:
        """The record of what was sent to whom (for one session, or all), oldest first: each
        message's kind, person, time, how it went (outbox or SMTP) and what happened."""
        from sqlalchemy import select

        from .store import Message, ReadingSession

        with self.store.unit() as unit:
            # Joined to the sessions, so only this workspace's messages show.
            query = select(Message).join(ReadingSession).order_by(Message.sent_at, Message.id)
            if session_id is not None:
                unit.session(session_id)  # a session that does not exist is an error
                query = query.where(Message.session_id == session_id)
            return list(unit.db.scalars(query))

    # -- calendars ------------------------------------------------------------------------------

    def invite(self, session_id: int, out: str | os.PathLike) -> Path:
        """Write the calendar invitation for a session to ``out`` (.ics): from the group's
        mailbox (email.from) to everyone booked; for a cancelled session, its cancellation."""
        from .attendance.bookings import BOOKED
        from .files import write_atomically
        from .invitations import invitation

        with self.store.unit() as unit:
            session = unit.session(session_id)
            booked = [b.person for b in unit.bookings(session_id) if b.status == BOOKED]
            data = invitation(
                session,
                group=self.config.group,
                organiser=self.config.email_from,
                attendees=[(p.name, p.email) for p in booked],
                time_zone=self.config.time_zone,
            )
        write_atomically(Path(out), data)
        return Path(out)

    def calendar(self, out: str | os.PathLike, *, today: dt.date | None = None) -> Path:
        """Write the sessions still to come (from ``today``) as one calendar to publish."""
        from .files import write_atomically
        from .invitations import published

        day = today or dt.date.today()
        with self.store.unit() as unit:
            coming = [s for s in unit.sessions(cancelled=False) if s.date >= day]
            data = published(coming, group=self.config.group, time_zone=self.config.time_zone)
        write_atomically(Path(out), data)
        return Path(out)

    # -- keeping the workspace safe ---------------------------------------------------------

    def backup(self, out: str | os.PathLike, *, with_key: bool = False) -> list[str]:
        """Write the workspace to one .zip ``out``: a consistent snapshot of the database (others
        may go on using it meanwhile), the settings, the library's templates and logo, the
        notebooks, and the pseudonym key only ``with_key``. The names it holds."""
        from functools import partial

        from .backup import make_backup, server_snapshot, sqlite_snapshot
        from .store.engine import sqlite_file

        database = sqlite_file(self.store.url, self.root)
        if database is None:  # a shared database: this workspace's rows, not the network's
            snapshot = partial(server_snapshot, self.store.open().kw["bind"], self.store.key)
        elif not database.is_file():
            raise WorkspaceError(f"{database}: no database yet — there is nothing to back up")
        else:
            snapshot = partial(sqlite_snapshot, database)
        return make_backup(self.root, Path(out), snapshot, with_key=with_key)

    @classmethod
    def restore(
        cls,
        backup: str | os.PathLike,
        folder: str | os.PathLike,
        *,
        database: str | None = None,
    ) -> Workspace:
        """Rebuild the workspace kept in ``backup`` in ``folder`` (new or empty), and open it.
        With ``database`` (a shared PostgreSQL database's address) its data goes into that
        database rather than an embedded file: how a workspace moves onto a network's server."""
        from .backup import restore_backup

        restore_backup(Path(backup), Path(folder), database)
        return cls.open(folder)

    def export_person(self, email: str, out: str | os.PathLike) -> Path:
        """Write everything held about the person with ``email`` to the .xlsx ``out``, a sheet
        each for their details, bookings, withdrawn certificates and settled names (a UK GDPR
        subject access request)."""
        from .exports import write_sheets
        from .privacy import find_person, person_record

        path = Path(out)
        if path.suffix.lower() != ".xlsx":
            raise WorkspaceError(f"{path.name}: give an .xlsx file for the person's record")
        with self.store.unit(network=True) as unit:  # all they have in a shared database
            record = person_record(unit.db, find_person(unit.db, email))
        return write_sheets(record, path)

    def forget(self, email: str) -> Erased:
        """Erase the person with ``email`` (a UK GDPR erasure request): their details go,
        their bookings stay as anonymous counts, their certificates verify as withdrawn
        without naming anyone, their documents in output/ are removed, and the database is
        rewritten so no trace stays in it."""
        from .privacy import find_person

        with self.store.unit(network=True) as unit:
            people = [find_person(unit.db, email)]
        return self._erase(people)

    def purge(self, before: dt.date | str | None = None, *, dry_run: bool = False) -> Erased:
        """Erase everyone with no session on or after ``before`` (default: today less the
        retention period, privacy.retention_years), as :meth:`forget` does; with ``dry_run``,
        only say who that would be (their ids)."""
        from .privacy import Erased, inactive_since

        cutoff = _since(before) or years_before(dt.date.today(), self.config.retention_years)
        # Inactive across the whole of a shared database: a nurse who comes to another
        # library's sessions is still active.
        with self.store.unit(network=True) as unit:
            people = inactive_since(unit.db, cutoff)
            if dry_run:
                return Erased.would_erase(unit.db, people)
        return self._erase(people)

    def _erase(self, people: list[Person]) -> Erased:
        from .privacy import erase, remove_documents

        # A person is one person across a shared database: erased everywhere in it.
        with self.store.unit(network=True) as unit:
            done = erase(unit.db, [unit.db.merge(p) for p in people])
        remove_documents(self.root / "output", done)
        self.store.compact()  # no trace left in the database file
        return done

    def pseudonym_key(self) -> bytes:
        """The workspace's key for pseudonyms, made on first use and kept beside the settings:
        the same person gets the same pseudonym in every anonymised export."""
        from . import reporting

        return reporting.pseudonym_key(self.root)

    def _export(
        self,
        what: str,
        frame: pd.DataFrame,
        out: str | os.PathLike | None,
        since: dt.date | None,
        anonymise: bool,
    ) -> Path:
        from . import reporting

        key = self.pseudonym_key() if anonymise else None
        where = Path(out) if out else None  # an empty name, like none, means the default
        folder = where.parent if where else self.output_folder("exports")
        return reporting.export(what, frame, where, folder, since=since, key=key)


def _since(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else parse_date(value)
