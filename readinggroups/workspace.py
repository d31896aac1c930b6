"""The Workspace: one reading group's settings, database and output folders.

Notebooks and the command line both work through these verbs; nothing else touches the database.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from . import config as _config
from .errors import NotFoundError, ReadingGroupsError, WorkspaceError

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session

    from .articles.dedupe import ArticleImport
    from .attendance.bookings import AttendanceImport, BookingImport, Cancellation
    from .documents.cpd import CPDLog
    from .report import Report
    from .store import Article, Booking, ReadingSession

ENV_VAR = "READINGGROUPS_WORKSPACE"


class Workspace:
    """A reading group's folder: ``readinggroups.toml``, the database and ``output/``."""

    def __init__(self, root: Path, config: _config.Config) -> None:
        self.root = Path(root).resolve()
        self.config = config
        self._sessions = None

    # -- finding and creating -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: str | os.PathLike,
        *,
        group: str,
        library: str | None = None,
        facilitator: str | None = None,
    ) -> Workspace:
        """Make a new workspace in ``folder`` (created if needed) and its database."""
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
        values = {"group": group.strip()}
        if library:
            values["library"] = library.strip()
        if facilitator:
            values["facilitator"] = facilitator.strip()
        config = _config.Config(**values)
        root.mkdir(parents=True, exist_ok=True)
        _config.dump(config, root / _config.CONFIG_NAME)
        workspace = cls(root, config)
        workspace._db_factory()  # create the database now, so a broken setup shows at once
        return workspace

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
            root = next(
                (p for p in (here, *here.parents) if (p / _config.CONFIG_NAME).is_file()), None
            )
            if root is None:
                raise WorkspaceError(
                    f"no workspace here or above {here} — pass --workspace DIR, set {ENV_VAR}, "
                    "or create one with `readinggroups init DIR --group NAME`"
                )
        return cls(root, _config.load(root / _config.CONFIG_NAME))

    def __repr__(self) -> str:
        return f"<Workspace {self.config.group!r} at {self.root}>"

    # -- folders and database ---------------------------------------------------------------

    @property
    def output(self) -> Path:
        return self.root / "output"

    def output_folder(self, *parts: str) -> Path:
        folder = self.output.joinpath(*parts)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _db_factory(self):
        if self._sessions is None:
            from .store import open_database

            self._sessions = open_database(self.config.database_url, folder=self.root)
        return self._sessions

    @contextmanager
    def _db(self) -> Iterator[Session]:
        """One transaction: everything in the block is saved together, or nothing is."""
        from .store.engine import database_errors

        factory = self._db_factory()
        with database_errors(self.config.database_url), factory.begin() as db:
            yield db

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
        from .articles import read_records
        from .articles.dedupe import ArticleImport, store_records

        result = ArticleImport()
        batches = []
        # A large export makes hundreds of thousands of small objects that all live until the
        # import ends; the cycle collector would walk them again and again for nothing.
        with _collector_paused():
            for path in paths:
                read = read_records(Path(path), format, mapping=mapping, strict=strict)
                batches.append(read.records)
                result.warnings.extend(read.warnings)
                result.files[Path(path).name] = len(read.records)
            with self._db() as db:
                store_records(db, batches, result)
            # Freed while the collector still sleeps, so waking it finds nothing left to walk.
            del batches, read
        return result

    def fetch_articles(
        self, *, pmids: Iterable[str] = (), dois: Iterable[str] = ()
    ) -> ArticleImport:
        """Fetch records from PubMed by PMID or DOI and store them like an import.

        Uses the email and API key in readinggroups.toml ([pubmed]); answers are cached in
        the workspace's cache/ folder, so asking again works offline.
        """
        from .articles.dedupe import ArticleImport, store_records
        from .articles.pubmed_online import PubMedClient

        pmids, dois = list(pmids), list(dois)
        if not pmids and not dois:
            raise ReadingGroupsError("name at least one PMID or DOI to fetch")
        client = PubMedClient(
            base_url=self.config.pubmed_url,
            email=self.config.pubmed_email,
            api_key=self.config.pubmed_api_key,
            cache=self.root / "cache" / "pubmed",
        )
        found, warnings = client.pmids_for_dois(dois) if dois else ([], [])
        read = client.fetch_pmids(list(dict.fromkeys(pmids + found)))
        result = ArticleImport(warnings=warnings + read.warnings)
        result.files["PubMed"] = len(read.records)
        result.requests = client.requests
        with self._db() as db:
            store_records(db, [read.records], result)
        return result

    def articles(self) -> list[Article]:
        from sqlalchemy import select

        from .store import Article

        with self._db() as db:
            return list(db.scalars(select(Article).order_by(Article.id)))

    def article(self, article_id: int) -> Article:
        from .store import Article

        with self._db() as db:
            return _get(db, Article, article_id, "article", "readinggroups articles list")

    def articles_table(self) -> pd.DataFrame:
        """The articles as a table for a notebook: one row each, authors joined."""
        from .tables import articles_frame

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
        from .articles.select import REJECTED, design_named, matches, score
        from .tables import shortlist_frame

        wanted = None
        if design:
            try:
                wanted = design_named(design)
            except ValueError as problem:
                raise ReadingGroupsError(str(problem)) from None
        words = [w for w in (query or "").lower().split() if len(w) > 2]
        last_discussed = self._last_discussed()
        scored = []
        for article in self.articles():
            if (
                (since and (article.year or 0) < since)
                or (wanted and article.study_design != wanted)
                or (has_abstract and not article.abstract)
                or (article.status == REJECTED and not include_rejected)
                or (words and not matches(article, words))
            ):
                continue
            scored.append(
                score(
                    article,
                    today=today or dt.date.today(),
                    query_words=words,
                    discussed_on=last_discussed.get(article.id),
                )
            )
        scored.sort(key=lambda s: (-s.score, -(s.article.year or 0), s.article.id))
        return shortlist_frame(scored[:limit] if limit else scored)

    def mark_articles(
        self, article_ids: Iterable[int], status: str | None, note: str | None = None
    ) -> list[Article]:
        """Mark articles 'shortlisted' or 'rejected' (with a note), or clear the mark (None)."""
        from .articles.select import STATUSES
        from .store import Article

        if status is not None and status not in STATUSES:
            raise ReadingGroupsError(f"status {status!r}: use one of {', '.join(STATUSES)}")
        with self._db() as db:
            marked = []
            for article_id in article_ids:
                article = _get(db, Article, article_id, "article", "readinggroups articles list")
                article.status, article.status_note = status, (note or None) if status else None
                marked.append(article)
            return marked

    def discussed(self) -> pd.DataFrame:
        """Every article this group has chosen for a session, newest session first."""
        import pandas as pd

        rows = [
            {
                "session_id": s.id,
                "session_date": s.date.isoformat(),
                "session_title": s.title,
                "article_id": a.id,
                "article_title": a.title,
            }
            for s in reversed(self.sessions())
            for a in s.articles
        ]
        return pd.DataFrame(
            rows,
            columns=["session_id", "session_date", "session_title", "article_id", "article_title"],
        )

    def _last_discussed(self) -> dict[int, dt.date]:
        from sqlalchemy import func, select

        from .store import ReadingSession, SessionArticle

        with self._db() as db:
            rows = db.execute(
                select(SessionArticle.article_id, func.max(ReadingSession.date))
                .join(ReadingSession, ReadingSession.id == SessionArticle.session_id)
                .group_by(SessionArticle.article_id)
            )
            return {article_id: day for article_id, day in rows}

    # -- sessions -----------------------------------------------------------------------------

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
    ) -> ReadingSession:
        """Plan a session; anything not given comes from readinggroups.toml."""
        from . import nmc, reflection
        from .store import ReadingSession

        cfg = self.config
        try:
            checked = [nmc.check_reference(r) for r in code_standards or cfg.code_standards]
        except ValueError as problem:
            raise ReadingGroupsError(f"Code standard: {problem}") from problem
        standards = [r.ref for r in nmc.in_code_order(checked)]
        model = reflective_model or cfg.reflective_model
        try:
            reflection.model(model)
        except ValueError as problem:
            raise ReadingGroupsError(str(problem)) from None
        if not title.strip():
            raise ReadingGroupsError("the session needs a title")
        session = ReadingSession(
            title=title.strip(),
            date=_date(date),
            start=_time(start),
            minutes=_bounded(minutes or cfg.session_minutes, "minutes", 480),
            venue=(venue or cfg.venue).strip(),
            capacity=_bounded(capacity or cfg.capacity, "capacity", 500),
            facilitator=(facilitator or cfg.facilitator).strip(),
            preparation_hours=cfg.preparation_hours
            if preparation_hours is None
            else preparation_hours,
            attendance_threshold=cfg.attendance_threshold,
            reflective_model=model.lower(),
            code_standards=standards,
        )
        with self._db() as db:
            db.add(session)
        return self.session(session.id)

    def session(self, session_id: int) -> ReadingSession:
        from .store import ReadingSession

        with self._db() as db:
            return _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")

    def sessions(self) -> list[ReadingSession]:
        from sqlalchemy import select

        from .store import ReadingSession

        with self._db() as db:
            return list(db.scalars(select(ReadingSession).order_by(ReadingSession.date)))

    def add_articles(self, session_id: int, article_ids: Iterable[int]) -> ReadingSession:
        """Choose articles for a session, in the order given after any already chosen."""
        from .store import Article, ReadingSession, SessionArticle

        with self._db() as db:
            session = _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
            chosen = {link.article_id for link in session.links}
            for article_id in article_ids:
                _get(db, Article, article_id, "article", "readinggroups articles list")
                if article_id not in chosen:
                    session.links.append(
                        SessionArticle(article_id=article_id, position=len(session.links) + 1)
                    )
                    chosen.add(article_id)
        return self.session(session_id)

    # -- bookings -----------------------------------------------------------------------------

    def import_bookings(self, session_id: int, path: str | os.PathLike) -> BookingImport:
        """Book everyone in a bookings CSV, in file order; past capacity they wait."""
        from .attendance.bookings import BookingImport, book, upsert_person
        from .attendance.people import read_bookings
        from .store import ReadingSession

        people, warnings = read_bookings(Path(path))
        result = BookingImport(warnings=warnings)
        with self._db() as db:
            session = _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
            for details in people:
                book(db, session, upsert_person(db, details, result.warnings), result)
        return result

    def book(
        self,
        session_id: int,
        *,
        name: str,
        email: str,
        role: str | None = None,
        team: str | None = None,
        nmc_pin: str | None = None,
    ) -> Booking:
        """Book one person (or add them to the waiting list)."""
        from .attendance.bookings import BookingImport, book, upsert_person
        from .attendance.people import PersonDetails, check_email, check_pin, pin_advice
        from .store import ReadingSession
        from .textfile import clean

        checked = check_email(email)
        if checked is None:
            raise ReadingGroupsError(f"{email!r} is not an email address")
        pin = check_pin(nmc_pin) if nmc_pin else None
        if nmc_pin and pin is None:
            raise ReadingGroupsError(f"{nmc_pin!r} is not an NMC PIN: {pin_advice(nmc_pin)}")
        details = PersonDetails(clean(name), checked, clean(role) or None, clean(team) or None, pin)
        with self._db() as db:
            session = _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
            return book(
                db, session, upsert_person(db, details), BookingImport(), rebook_cancelled=True
            )

    def cancel_booking(
        self, session_id: int, email: str, *, when: dt.datetime | None = None
    ) -> Cancellation:
        """Cancel someone's place; the first person waiting is promoted into it. ``when`` is
        when they cancelled (local time), if not now: it decides whether it was late."""
        from sqlalchemy import select

        from .attendance.bookings import CANCELLED, cancel
        from .attendance.people import normalise_email
        from .store import Booking, Person, ReadingSession

        with self._db() as db:
            _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
            booking = db.scalars(
                select(Booking)
                .join(Person)
                .where(Booking.session_id == session_id, Person.email == normalise_email(email))
            ).first()
            if booking is None or booking.status == CANCELLED:
                state = "is already cancelled" if booking else "has no booking"
                raise NotFoundError(
                    f"{email} {state} on session {session_id} — see "
                    f"`readinggroups bookings list {session_id}`"
                )
            recorded = db.scalars(
                select(Booking.id).where(
                    Booking.session_id == session_id, Booking.attendance.is_not(None)
                )
            ).first()
            if recorded is not None:
                raise ReadingGroupsError(
                    f"session {session_id} has taken place (its attendance is recorded), so "
                    "bookings can no longer be cancelled"
                )
            return cancel(db, booking, when)

    def bookings(self, session_id: int) -> list[Booking]:
        with self._db() as db:
            return self._bookings(db, session_id)

    # -- attendance ---------------------------------------------------------------------------

    def import_attendance(self, session_id: int, path: str | os.PathLike) -> AttendanceImport:
        """Read an attendance report and set each booking's outcome (replacing earlier ones)."""
        from .attendance import read_attendance
        from .attendance.bookings import record_attendance
        from .store import ReadingSession

        report = read_attendance(Path(path))
        with self._db() as db:
            session = _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
            return record_attendance(db, session, report, Path(path))

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
        from .store import ReadingSession

        with self._db() as db:
            session = _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
            return mark(db, session, list(emails), minutes=minutes, name=name)

    # -- documents and exports ------------------------------------------------------------------

    def make_pack(
        self, session_id: int, out: str | os.PathLike | None = None, *, pdf: bool = False
    ) -> Path:
        """Write the session pack (.docx) and return its path; ``pdf`` adds a PDF beside it."""
        from .documents.pack import write_pack

        if pdf:
            from .documents.pdf import require_soffice

            require_soffice()
        session = self.session(session_id)
        booked = sorted(
            (b.person for b in self.bookings(session_id) if b.status == "booked"),
            key=lambda person: person.name.casefold(),
        )
        folder = Path(out) if out else self.output_folder("packs")
        path = write_pack(self, session, booked, folder)
        if pdf:
            _pdfs([path])
        return path

    def make_forms(
        self,
        session_id: int,
        out: str | os.PathLike | None = None,
        *,
        bundle: bool = False,
        pdf: bool = False,
    ) -> list[Path]:
        """Write each attendee's reflective account form, CPD record and certificate.

        ``bundle`` writes one .zip with a folder per attendee instead (and returns its path);
        ``pdf`` adds a PDF of each document, made by LibreOffice in one run.
        """
        from .attendance.bookings import PRESENT
        from .attendance.certificates import assign_numbers
        from .documents.forms import write_attendee_documents

        if pdf:
            from .documents.pdf import require_soffice

            require_soffice()  # before any work, so the advice comes first
        session = self.session(session_id)
        with self._db() as db:
            present = [b for b in self._bookings(db, session_id) if b.attendance in PRESENT]
            if not present:
                raise ReadingGroupsError(
                    f"nobody is recorded as attending session {session_id} — import the "
                    f"attendance first: `readinggroups attendance import {session_id} REPORT`"
                )
            assign_numbers(db, present)
        folder = Path(out) if out else self.output_folder("forms", f"session-{session_id}")
        import tempfile

        if not bundle:
            from .documents.forms import replace_documents

            # Written aside first: a template that fails halfway leaves the folder as it was.
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=".writing-", dir=folder) as scratch:
                written = write_attendee_documents(self, session, present, Path(scratch))
                made = written + (_pdfs(written) if pdf else [])
                return replace_documents(made, folder, session, present)

        from .documents.bundle import zip_folder

        with tempfile.TemporaryDirectory(prefix="readinggroups-forms-") as scratch:
            written = write_attendee_documents(
                self, session, present, Path(scratch), per_attendee_folders=True
            )
            if pdf:
                _pdfs(written)
            name = f"forms_{session.date.isoformat()}_session-{session_id}.zip"
            return [zip_folder(Path(scratch), folder / name)]

    def verify_certificate(self, number: str) -> Booking:
        """The attendance a certificate number was given for; NotFoundError if none."""
        from sqlalchemy import select

        from .attendance.certificates import normalise
        from .store import Booking

        wanted = normalise(number)
        if wanted is None:
            raise NotFoundError(
                f"{number!r} is not a certificate number — they look like RG-7K3M-Q9XD"
            )
        with self._db() as db:
            found = db.scalars(select(Booking).where(Booking.certificate_number == wanted)).first()
        if found is None:
            raise NotFoundError(
                f"no certificate {wanted} was issued by this workspace — check the number"
            )
        from .attendance.bookings import PRESENT, display_status

        if found.attendance not in PRESENT:
            raise ReadingGroupsError(
                f"{wanted} was issued to {found.person.name} for session {found.session_id}, "
                f"but the attendance record no longer shows them attending (now: "
                f"{display_status(found)}) — the certificate is withdrawn"
            )
        return found

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
        from sqlalchemy import select

        from .attendance.bookings import PRESENT
        from .attendance.certificates import assign_numbers
        from .documents.cpd import cpd_log, write_cpd_log
        from .store import Booking, Person

        address = email.strip().lower()
        with self._db() as db:
            person = db.scalars(select(Person).where(Person.email == address)).first()
            if person is None:
                raise NotFoundError(
                    f"nobody with the email {email!r} has booked a session — check the address"
                )
            if revalidation is not None:
                person.revalidation_date = _date(revalidation)
            attended = list(
                db.scalars(
                    select(Booking).where(
                        Booking.person_id == person.id, Booking.attendance.in_(PRESENT)
                    )
                )
            )
            assign_numbers(db, attended)
            log = cpd_log(person, attended, today or dt.date.today(), self.config.hours)
        folder = Path(out) if out else self.output_folder("cpd-logs")
        return write_cpd_log(self, log, folder), log

    def edit_session(
        self,
        session_id: int,
        *,
        online_link: str | None = None,
        questions: Iterable[str] | None = None,
    ) -> ReadingSession:
        """Set a session's online joining link, or its own discussion questions (an empty
        list goes back to the reflective model's)."""
        from .store import ReadingSession

        with self._db() as db:
            session = _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
            if online_link is not None:
                link = online_link.strip()
                if link and (
                    not link.startswith(("https://", "http://"))
                    or any(ch.isspace() or ch in "\"'<>" for ch in link)
                ):
                    raise ReadingGroupsError(
                        f"{online_link!r} is not a web address — paste the whole joining link, "
                        "starting https://"
                    )
                session.online_link = link or None
            if questions is not None:
                asked = [" ".join(q.split()) for q in questions]
                if any(not q for q in asked):
                    raise ReadingGroupsError("a discussion question is empty — write it out")
                session.questions = asked or None
        return self.session(session_id)

    def copy_templates(self, force: bool = False) -> list[Path]:
        """Copy the shipped Word templates into the workspace's templates/ folder, where
        edited copies take over from the shipped ones. Existing copies are kept unless
        ``force``."""
        from .documents.render import shipped_templates

        folder = self.root / "templates"
        folder.mkdir(exist_ok=True)
        copied = []
        for template in shipped_templates():
            target = folder / template.name
            if target.exists() and not force:
                continue
            from .files import write_atomically

            write_atomically(target, template.read_bytes())
            copied.append(target)
        return copied

    def _bookings(self, db, session_id: int) -> list[Booking]:
        from sqlalchemy import select

        from .store import Booking, ReadingSession

        _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
        return list(
            db.scalars(
                select(Booking)
                .where(Booking.session_id == session_id)
                .order_by(Booking.booked_at, Booking.id)
            )
        )

    def attendance_table(self, session_id: int | None = None) -> pd.DataFrame:
        """One row per booking (of one session, or of all), as the attendance export holds it."""
        from sqlalchemy import select

        from .store import Booking, ReadingSession
        from .tables import attendance_frame

        query = select(Booking).join(ReadingSession)
        if session_id is not None:
            query = query.where(Booking.session_id == session_id)
        with self._db() as db:
            if session_id is not None:
                _get(db, ReadingSession, session_id, "session", "readinggroups sessions list")
            bookings = list(
                db.scalars(
                    query.order_by(
                        ReadingSession.date, ReadingSession.id, Booking.booked_at, Booking.id
                    )
                )
            )
        return attendance_frame(bookings, self.config.hours)

    def export_attendance(
        self,
        out: str | os.PathLike | None = None,
        *,
        since: dt.date | str | None = None,
        anonymise: bool = False,
    ) -> Path:
        """Write the attendance table as .csv or .xlsx (by the extension), formulas defused."""
        return self._export("attendance", self.attendance_table(), out, since, anonymise)

    def people_table(self, since: dt.date | str | None = None) -> pd.DataFrame:
        """One row per person: sessions booked and attended, no-shows, CPD hours."""
        from .tables import people_frame

        return people_frame(
            self._all_bookings(since), self.config.hours, self.config.late_cancellation_hours
        )

    def sessions_table(self, since: dt.date | str | None = None) -> pd.DataFrame:
        """One row per session: booked, waiting, cancelled (late), came, no-show rate, hours."""
        from .tables import sessions_frame

        sessions = [s for s in self.sessions() if since is None or s.date >= _date(since)]
        return sessions_frame(
            sessions,
            self._all_bookings(since),
            self.config.hours,
            self.config.late_cancellation_hours,
        )

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
        """Write the sessions table (see sessions_table) as .csv or .xlsx; it names nobody, so
        ``anonymise`` changes nothing."""
        return self._export("sessions", self.sessions_table(since), out, None, False)

    def sessions_short_of_bookings(self, today: dt.date | None = None) -> list[tuple]:
        """Sessions in the coming week with fewer registrants booked than the minimum
        (sessions.minimum_bookings): (session, registrants booked), to promote or cancel."""
        from .attendance.bookings import BOOKED
        from .nmc import NOT_REGISTERED

        today = today or dt.date.today()
        short = []
        for session in self.sessions():
            if not today <= session.date <= today + dt.timedelta(days=7):
                continue
            registrants = sum(
                1
                for b in self.bookings(session.id)
                if b.status == BOOKED and b.person.register_part != NOT_REGISTERED
            )
            if registrants < self.config.minimum_bookings:
                short.append((session, registrants))
        return short

    def report(
        self,
        out: str | os.PathLike | None = None,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> tuple[list[Path], Report]:
        """The library's report: per session and per month, and monthly against every other
        month; written as report.xlsx and PNG charts into ``out`` (default output/report).
        Sessions from ``since`` up to ``until`` (default today: sessions still to come would
        count as empty ones)."""
        from .report import build, write

        last = _date(until) if until is not None else dt.date.today()
        sessions = [
            s
            for s in self.sessions()
            if s.date <= last and (since is None or s.date >= _date(since))
        ]
        if not sessions:
            raise ReadingGroupsError(
                "no sessions have taken place to report on" + (f" since {since}" if since else "")
            )
        report = build(
            sessions,
            self._all_bookings(since),
            self.config.hours,
            self.config.late_cancellation_hours,
        )
        folder = Path(out) if out else self.output_folder("report")
        return write(report, folder), report

    def pseudonym_key(self) -> bytes:
        """The workspace's key for pseudonyms, made on first use and kept beside the settings:
        the same person gets the same pseudonym in every anonymised export."""
        import secrets

        path = self.root / ".pseudonym-key"
        if not path.is_file():
            from .files import write_atomically

            write_atomically(path, secrets.token_hex(32).encode())
        return path.read_bytes().strip()

    def _export(self, what, frame, out, since, anonymise) -> Path:
        from .exports import anonymised, write_table

        if since is not None:
            frame = frame[frame["session_date"] >= _date(since).isoformat()]
        if anonymise:
            frame = anonymised(frame, self.pseudonym_key())
            if what == "people":  # the real names' order would tell them apart
                frame = frame.sort_values("name", ignore_index=True)
            what += "-anonymised"  # the default file name says so
        path = Path(out) if out else self.output_folder("exports") / f"{what}.xlsx"
        return write_table(frame, path, sheet=what.capitalize())

    def _all_bookings(self, since: dt.date | str | None = None) -> list[Booking]:
        from sqlalchemy import select

        from .store import Booking, ReadingSession

        query = select(Booking).join(ReadingSession)
        if since is not None:
            query = query.where(ReadingSession.date >= _date(since))
        with self._db() as db:
            return list(db.scalars(query.order_by(ReadingSession.date, Booking.id)))


@contextmanager
def _collector_paused() -> Iterator[None]:
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pdfs(documents: list[Path]) -> list[Path]:
    from .documents.pdf import to_pdf

    return to_pdf(documents)


def _get(db, model, key: int, what: str, hint: str):
    found = db.get(model, key)
    if found is None:
        raise NotFoundError(f"there is no {what} {key} — `{hint}` shows the ids")
    return found


def _date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ReadingGroupsError(f"date {text} is not a day in the calendar") from None
            raise ReadingGroupsError(
                f"date {text!r} should look like 2026-11-12 (YYYY-MM-DD)"
            ) from None
    if not 2000 <= day.year <= 2100:
        raise ReadingGroupsError(f"date {day} is not a plausible session date — check the year")
    return day


def _time(value: dt.time | str) -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%H:%M").time()
    except ValueError:
        raise ReadingGroupsError(
            f"start time {value!r} should look like 14:00 (HH:MM, 24-hour)"
        ) from None


def _bounded(value: int, name: str, high: int) -> int:
    if not 1 <= int(value) <= high:
        raise ReadingGroupsError(f"{name} is {value} — use a number from 1 to {high}")
    return int(value)
