"""The tables of a workspace, as SQLAlchemy models.

Portable SQL only: the same schema runs on the embedded SQLite file and on a shared PostgreSQL
server. Every change to these classes needs a migration in ``migrations/versions``; the test
suite fails when the two disagree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..hours import HoursPolicy
from ..statuses import SessionKind

# Named constraints let Alembic alter them later on every back end.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class WorkspaceRecord(Base):
    """One workspace (a group's folder) among those sharing the database: a library network
    keeps several in one PostgreSQL database, each seeing its own sessions and articles, while
    a person is one person across the network. ``key`` is readinggroups.toml's
    database.workspace; the names are copied from its settings for the network's report."""

    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    group_name: Mapped[str] = mapped_column(Text, default="")
    library: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    def __repr__(self) -> str:
        return f"<WorkspaceRecord {self.id}: {self.key!r}>"


class Article(Base):
    """One journal article from a search export."""

    __tablename__ = "articles"
    # A DOI or PMID is one article within a workspace; two libraries may each have it.
    __table_args__ = (
        UniqueConstraint("workspace_id", "doi", name="uq_articles_workspace_doi"),
        UniqueConstraint("workspace_id", "pmid", name="uq_articles_workspace_pmid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    journal: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    volume: Mapped[str | None] = mapped_column(String(40))
    issue: Mapped[str | None] = mapped_column(String(40))
    pages: Mapped[str | None] = mapped_column(String(40))
    doi: Mapped[str | None] = mapped_column(String(255))
    pmid: Mapped[str | None] = mapped_column(String(20))
    pmcid: Mapped[str | None] = mapped_column(String(20))
    abstract: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    publication_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(Text)
    database: Mapped[str | None] = mapped_column(Text)
    accession: Mapped[str | None] = mapped_column(String(100))
    source_file: Mapped[str | None] = mapped_column(Text)
    source_record: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # Derived at import: the study design (for the CASP link), a retraction or erratum notice,
    # and the title + year + first author key that finds duplicates without a DOI or PMID.
    study_design: Mapped[str | None] = mapped_column(String(40))
    notice: Mapped[str | None] = mapped_column(String(40))
    match_key: Mapped[str | None] = mapped_column(String(400), index=True)
    # The librarian's decision: shortlisted or rejected (with a note); None while undecided.
    status: Mapped[str | None] = mapped_column(String(20))
    status_note: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<Article {self.id}: {self.title[:60]!r} ({self.year})>"


class ReadingSession(Base):
    """One meeting of the reading group."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date)
    start: Mapped[dt.time] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    venue: Mapped[str] = mapped_column(Text)
    capacity: Mapped[int] = mapped_column(Integer)
    facilitator: Mapped[str] = mapped_column(Text, default="")
    preparation_hours: Mapped[float] = mapped_column(Float)
    attendance_threshold: Mapped[float] = mapped_column(Float)
    # The hours policy its certificates are issued under (readinggroups.hours), copied from
    # readinggroups.toml when the session is planned, so a later change there leaves hours
    # already certified as they were.
    hours_credit: Mapped[str] = mapped_column(String(30), server_default="full-at-threshold")
    hours_round_down_minutes: Mapped[int] = mapped_column(Integer, server_default="15")
    reflective_model: Mapped[str] = mapped_column(String(20))
    code_standards: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # The Teams or Zoom joining link, for an online or hybrid session.
    online_link: Mapped[str | None] = mapped_column(Text)
    # The facilitator's own discussion questions; None means the reflective model's.
    questions: Mapped[list[str] | None] = mapped_column(JSON)
    # A cancelled session keeps its bookings, so the people on it can be told, but takes no
    # more and leaves the figures.
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # When its attendance was first recorded: its documents are due from then.
    attendance_recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # Raised by each change people's calendars must take (see readinggroups.invitations).
    calendar_sequence: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    # A reading group (an article to discuss) or a workshop (a topic and learning outcomes):
    # readinggroups.kinds.SessionKind.
    kind: Mapped[str] = mapped_column(
        String(20), server_default=SessionKind.READING_GROUP, default=SessionKind.READING_GROUP
    )
    # The series it belongs to ("Finding the Evidence"); None is the group's own series,
    # named in readinggroups.toml.
    series: Mapped[str | None] = mapped_column(String(200))
    # What a workshop teaches, one outcome a line ("By the end you will be able to ...").
    learning_outcomes: Mapped[list[str] | None] = mapped_column(JSON)
    # Where people book and where the follow-up survey is; None takes the group's setting.
    booking_link: Mapped[str | None] = mapped_column(Text)
    survey_link: Mapped[str | None] = mapped_column(Text)

    # Set on the session `new_session` found already planned (same date and title) instead of
    # planning another: not stored.
    already_planned = False

    links: Mapped[list[SessionArticle]] = relationship(
        order_by="SessionArticle.position", lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def articles(self) -> list[Article]:
        return [link.article for link in self.links]

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_workshop(self) -> bool:
        """A workshop teaches a topic; a reading group discusses an article."""
        return self.kind == SessionKind.WORKSHOP

    def series_name(self, group: str) -> str:
        """The series it belongs to; ``group`` (readinggroups.toml's name) is the group's own."""
        return self.series or group

    @property
    def hours_policy(self) -> HoursPolicy:
        """How this session's participatory hours are credited."""
        return HoursPolicy(self.hours_credit, self.hours_round_down_minutes)

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)

    def __repr__(self) -> str:
        return f"<ReadingSession {self.id}: {self.date} {self.title!r}>"


class SessionArticle(Base):
    """An article chosen for a session, in the order the pack shows them."""

    __tablename__ = "session_articles"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    article: Mapped[Article] = relationship(lazy="joined")


# Where an erased person's placeholder address points: nowhere (RFC 2606's .invalid).
ERASED_DOMAIN = "erased.invalid"


def erased_placeholders(person_id: int) -> tuple[str, str]:
    """The name and address an erased person is left with: their id, and nothing of them."""
    return f"Erased person {person_id}", f"erased-{person_id}@{ERASED_DOMAIN}"


class Person(Base):
    """A nurse, midwife or nursing associate; the email (lower case) is the identity."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str | None] = mapped_column(Text)
    team: Mapped[str | None] = mapped_column(Text)
    nmc_pin: Mapped[str | None] = mapped_column(String(8))
    # The part of the NMC register (RNA, RNMH, RM, NAR, ...), or "none" for staff who are not
    # registrants; None when not known.
    register_part: Mapped[str | None] = mapped_column(String(20))
    site: Mapped[str | None] = mapped_column(Text)
    # When the nurse next revalidates: their CPD log counts the three years before it.
    revalidation_date: Mapped[dt.date | None] = mapped_column(Date)

    @property
    def erased(self) -> bool:
        """Whether their details were erased (UK GDPR): kept only to be counted."""
        return self.email.endswith(f"@{ERASED_DOMAIN}")

    def __repr__(self) -> str:
        return f"<Person {self.id}: {self.name}>"


class Booking(Base):
    """A person's place on a session, and what happened on the day.

    ``status`` is the booking (booked, waitlisted, cancelled); ``attendance`` is the outcome
    from the attendance report (attended, partial, no-show), kept apart so that importing a
    corrected report simply replaces the outcome.
    """

    __tablename__ = "bookings"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    booked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    promoted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attendance: Mapped[str | None] = mapped_column(String(20))
    minutes_attended: Mapped[int | None] = mapped_column(Integer)
    # Given when the first certificate is written, kept so that it can be checked later.
    certificate_number: Mapped[str | None] = mapped_column(String(20), unique=True)

    person: Mapped[Person] = relationship(lazy="joined")
    session: Mapped[ReadingSession] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Booking {self.id}: {self.person.name} {self.status}/{self.attendance}>"


class WithdrawnCertificate(Base):
    """A certificate withdrawn because its session was cancelled or deleted, kept by number so
    that checking it says so."""

    __tablename__ = "withdrawn_certificates"

    number: Mapped[str] = mapped_column(String(20), primary_key=True)
    # The workspace that withdrew it (its backup keeps it); checking a number looks in all.
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id"))
    person_name: Mapped[str] = mapped_column(Text)
    person_email: Mapped[str] = mapped_column(String(320))
    session_title: Mapped[str] = mapped_column(Text)
    session_date: Mapped[dt.date] = mapped_column(Date)
    withdrawn_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    reason: Mapped[str] = mapped_column(Text)


class WorkspaceState(Base):
    """Small facts about the workspace that are not settings: the session the notebooks carry
    on with."""

    __tablename__ = "workspace_state"

    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReviewDecision(Base):
    """How the librarian settled a name an attendance report could not place: as a booked
    person (``email``), as a walk-in (``email``), or ignored. Importing the report again
    applies it, so a settled name stays settled."""

    __tablename__ = "review_decisions"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    # The name as matching.name_key reads it (case, accents and word order aside).
    name_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    decision: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(320))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class FollowUpResponse(Base):
    """One answer to a session's follow-up survey, as the survey's export gave it: matched to
    an attendee by email, or anonymous (``person_id`` None) and counted for the session."""

    __tablename__ = "followup_responses"
    __table_args__ = (UniqueConstraint("session_id", "response_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    # The survey's own id for the response (Microsoft Forms' ID column), so importing the
    # same export again replaces rather than adds.
    response_id: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The answers the figures are made of, in the questions file's words.
    used_since: Mapped[str | None] = mapped_column(String(40))
    used_in_reflection: Mapped[str | None] = mapped_column(String(40))
    changed: Mapped[str | None] = mapped_column(Text)
    contributed: Mapped[list[str]] = mapped_column(JSON, default=list)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Every answer as given, question: answer (the library's own questions too).
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # The librarian's choice to keep the free-text answer as a quote, and whether to name
    # whoever wrote it (never without her say-so).
    keep: Mapped[bool] = mapped_column(Boolean, server_default="0", default=False)
    keep_named: Mapped[bool] = mapped_column(Boolean, server_default="0", default=False)
    # Whoever answered was erased (UK GDPR): the choices stay counted, and importing a later
    # export of the same survey never fills the response in again.
    erased: Mapped[bool] = mapped_column(Boolean, server_default="0", default=False)
    source_file: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    person: Mapped[Person | None] = relationship(lazy="joined")


class Message(Base):
    """One message sent (or refused) to a person about a session: a re-run sends only what
    has no "sent" row, so nobody gets the same message twice."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_session_kind", "session_id", "kind", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[str] = mapped_column(String(200))
    # The session's calendar_sequence when it went: an invitation older than the session's
    # details is out of date.
    sequence: Mapped[int | None] = mapped_column(Integer)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    transport: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))  # sent, refused
    detail: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(lazy="joined")
