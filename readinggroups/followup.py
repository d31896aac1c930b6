"""The follow-up survey a month after each session: its questions (an editable file in the
workspace), its answers imported from the survey's export, and the quotes the librarian keeps.

The questions file says what each column of the export holds. A Microsoft Forms export is
`ID, Start time, Completion time, Email, Name, [Last modified time]`, then one column per
question, headed by the question's text; an anonymous form writes `anonymous` in Email. A
column that is neither a question nor mapped under [columns] stops the import, so that an
answer is never silently lost; a library using another form (the national generic impact
questionnaire) maps its headers there rather than rewording it.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .csv_xlsx import header_key
from .errors import FollowUpImportError, NotFoundError, ReadingGroupsError, WorkspaceError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .store import Booking, FollowUpResponse, ReadingSession

QUESTIONS_NAME = "followup_questions.toml"
FIELDS = ("used_since", "used_in_reflection", "changed", "contributed", "reasons")
"""What the figures are made of, each asked by one question."""
ONE_CHOICE = ("used_since", "used_in_reflection")
MANY_CHOICES = ("contributed", "reasons")
KEEP = "keep"  # a column of the library's own: kept with the answers, not counted
YES, NOT_YET, NO = "Yes", "Not yet", "No"
OTHER = "Other"
# Microsoft Forms' own columns, and those it adds to a quiz: not questions.
_FORM_COLUMNS = ("id", "start time", "completion time", "email", "name", "last modified time",
                 "total points", "quiz feedback")  # fmt: skip
_QUIZ_PREFIXES = ("points - ", "feedback - ")


@dataclass
class Question:
    name: str  # the field it asks for
    text: str
    choices: list[str] = field(default_factory=list)

    def choice(self, given: str) -> str | None:
        """The listed choice ``given`` is (in any case), None if it is none of them."""
        wanted = header_key(given)
        return next((c for c in self.choices if header_key(c) == wanted), None)


@dataclass
class Questions:
    """One set of follow-up questions, and what else an export's columns may hold."""

    questions: dict[str, Question]
    columns: dict[str, str]  # header key: field or KEEP
    answers: dict[str, str]  # another form's answer (key): the choice it means
    source: Path

    def field_of(self, header: str) -> str | None:
        """What the column headed ``header`` holds: a field, KEEP, or None if unknown."""
        key = header_key(header)
        for question in self.questions.values():
            if header_key(question.text) == key:
                return question.name
        return self.columns.get(key)


def questions_file(root: Path) -> Path:
    """The workspace's questions file if it has one, else the one that comes with readinggroups."""
    from .documents.render import template_path

    own = root / QUESTIONS_NAME
    return own if own.is_file() else template_path(QUESTIONS_NAME)


def load_questions(root: Path, *, workshop: bool = False) -> Questions:
    """The follow-up questions for a reading group (or, ``workshop``, a workshop)."""
    path = questions_file(root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
        raise WorkspaceError(
            f"{path.name}: cannot be read ({problem}) — correct it, or delete it to use the "
            "questions that come with readinggroups"
        ) from problem
    tables = [data, data.get("workshop", {})] if workshop else [data]
    found: dict[str, Question] = {}
    columns: dict[str, str] = {}
    answers: dict[str, str] = {}
    for table in tables:
        for name, spec in _table(table, "questions", path).items():
            if name not in FIELDS:
                raise WorkspaceError(
                    f"{path.name}: [questions.{name}] is not one of {', '.join(FIELDS)} — a "
                    'question of your own goes under [columns] as "its text" = "keep"'
                )
            text = spec.get("text") if isinstance(spec, dict) else None
            if not isinstance(text, str) or not text.strip():
                raise WorkspaceError(f'{path.name}: [questions.{name}] needs text = "..."')
            choices = [str(c) for c in spec.get("choices", [])]
            if name != "changed" and not choices:
                raise WorkspaceError(f"{path.name}: [questions.{name}] needs its choices")
            found[name] = Question(name, text.strip(), choices)
        for header, meaning in _table(table, "columns", path).items():
            if meaning not in (*FIELDS, KEEP):
                raise WorkspaceError(
                    f'{path.name}: under [columns], "{header}" = "{meaning}" — use one of '
                    f"{', '.join(FIELDS)}, or keep"
                )
            columns[header_key(header)] = meaning
        answers |= {header_key(k): str(v) for k, v in _table(table, "answers", path).items()}
    missing = [name for name in FIELDS if name not in found]
    if missing:
        raise WorkspaceError(f"{path.name}: no [questions.{missing[0]}] — add it back")
    return Questions(found, columns, answers, path)


def _table(data: dict, name: str, path: Path) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise WorkspaceError(f"{path.name}: {name} should be a table, [{name}]")
    return value


# -- reading an export ----------------------------------------------------------------------


@dataclass
class Answered:
    """One response as the export gave it."""

    where: str  # "row 3"
    response_id: str
    email: str  # "" when anonymous
    submitted_at: dt.datetime | None
    certain_date: bool  # the time came as a date, not as text that may be day/month or month/day
    fields: dict[str, str | list[str]]
    answers: dict[str, str]

    def one(self, name: str) -> str | None:
        value = self.fields.get(name)
        return value if isinstance(value, str) else None

    def many(self, name: str) -> list[str]:
        value = self.fields.get(name)
        return list(value) if isinstance(value, list) else []


def read_export(path: Path, questions: Questions) -> list[Answered]:
    """The responses in ``path`` (.xlsx or CSV); an unknown column is an error naming it."""
    from .csv_xlsx import is_workbook, read_rows, sheet_rows
    from .textfile import decode, read_bytes

    data = read_bytes(path, FollowUpImportError)
    if is_workbook(data):
        table = sheet_rows(data, path, FollowUpImportError)
        headers = [str(h or "").strip() for h in table[0]]
        rows = [
            (f"row {n}", [("" if c is None else c) for c in cells])
            for n, cells in enumerate(table[1:], start=2)
        ]
    else:
        import csv
        import io

        text = decode(data, path, FollowUpImportError, "survey export")
        first = text.split("\n", 1)[0]
        delimiter = max("\t;,", key=first.count) if any(map(first.count, "\t;,")) else ","
        header_row = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
        headers = [h.replace("\ufeff", "").strip() for h in header_row]
        keys = [header_key(h) for h in headers]
        rows = [
            (f"line {n}", [values.get(k, "") for k in keys])
            for n, values in read_rows(text, path, FollowUpImportError, ())
        ]
    columns = _columns(headers, path, questions)
    keys = [header_key(h) for h in headers]
    found = []
    for where, cells in rows:
        if not any(str(c).strip() for c in cells):
            continue
        cell = dict(zip(keys, cells, strict=False))
        answers: dict[str, str] = {}
        fields: dict[str, str | list[str]] = {}
        for index, meaning in columns.items():
            value = cells[index] if index < len(cells) else ""
            text = _text(value)
            if not text:
                continue
            answers[headers[index]] = text
            if meaning != KEEP:
                fields[meaning] = _meaning(text, meaning, questions, path, where, headers[index])
        email = _text(cell.get("email", "")).lower()
        email = "" if email in ("anonymous", "") else email
        when, certain = _when(cell.get("completion time") or cell.get("start time"))
        response_id = _identity(_text(cell.get("id", "")), when, email, answers)
        found.append(Answered(where, response_id, email, when, certain, fields, answers))
    return found


def _identity(number: str, when: dt.datetime | None, email: str, answers: dict[str, str]) -> str:
    """What tells one response from every other, whichever export it comes in: Microsoft
    Forms numbers each form's responses from 1, so its ID with the time it was completed
    (another form's response 1 was completed at another time); a file without IDs, the
    response's own contents."""
    if number and when is not None:
        return f"{number}@{when.isoformat(timespec='seconds')}"[:100]
    if number:
        return number[:100]
    import hashlib

    parts = [email, when.isoformat() if when else ""]
    parts += [f"{question}\x1e{answer}" for question, answer in sorted(answers.items())]
    text = "\x1f".join(parts)
    return "row-" + hashlib.sha256(text.encode()).hexdigest()[:24]


def _columns(headers: list[str], path: Path, questions: Questions) -> dict[int, str]:
    """Column index: what it holds, for every column that is not one of the form's own."""
    columns: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        if not key or key in _FORM_COLUMNS or key.startswith(_QUIZ_PREFIXES):
            continue
        meaning = questions.field_of(header)
        if meaning is None:
            raise FollowUpImportError(
                path,
                f'the column "{header}" is not one of the follow-up questions — map it in '
                f'{questions.source.name} under [columns] ("{header}" = "used_since", or '
                '"keep" to keep it uncounted), or correct the question\'s wording there',
            )
        columns[index] = meaning
    if not any(m != KEEP for m in columns.values()):
        raise FollowUpImportError(
            path,
            "none of its columns is a follow-up question — is this the survey's export? "
            f"(the questions are in {questions.source.name})",
        )
    return columns


def _text(value: object) -> str:
    from .textfile import clean

    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value).strip()


def _meaning(text: str, meaning: str, questions: Questions, path: Path, where: str,
             header: str) -> str | list[str]:  # fmt: skip
    """An answer as the figures count it: the listed choice (or choices) it is."""
    question = questions.questions[meaning]
    if meaning == "changed":
        return text

    def choice(given: str) -> str | None:
        return question.choice(questions.answers.get(header_key(given), given))

    if meaning in ONE_CHOICE:
        chosen = choice(text)
        if chosen is None:
            raise FollowUpImportError(
                path,
                f'"{text}" in the column "{header}" is not one of its answers '
                f"({', '.join(question.choices)}) — add it to the choices in "
                f"{questions.source.name}, or map it under [answers]",
                where=where,
            )
        return chosen
    # Microsoft Forms writes several choices as "A;B;" (and an "Other" answer as its text).
    picked = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        chosen = choice(part) or (OTHER if OTHER in question.choices else None)
        if chosen is None:
            raise FollowUpImportError(
                path,
                f'"{part}" in the column "{header}" is not one of its answers — add it to the '
                f"choices in {questions.source.name}, or map it under [answers]",
                where=where,
            )
        if chosen not in picked:
            picked.append(chosen)
    return picked


_TIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
                 "%m/%d/%y %I:%M:%S %p", "%d/%m/%y %H:%M")  # fmt: skip


def _when(value: object) -> tuple[dt.datetime | None, bool]:
    """(when, whether the day is certain) from a Forms time: a date cell, ISO text, or text
    as Excel saved it, read day first as in the UK."""
    if isinstance(value, dt.datetime):
        return value, True
    text = _text(value)
    if not text:
        return None, False
    try:
        return dt.datetime.fromisoformat(text), True
    except ValueError:
        pass
    for form in _TIME_FORMATS:
        try:
            when = dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return when, when.day > 12  # 03/04 could be either way round
    return None, False


# -- importing into a session ---------------------------------------------------------------


@dataclass
class FollowUpImport:
    """What an import did."""

    session_id: int
    added: int = 0
    replaced: int = 0
    matched: int = 0  # responses linked to someone booked on the session
    anonymous: int = 0
    erased: int = 0  # responses of people erased since: not imported again
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        from .wording import plural

        total = self.added + self.replaced
        text = (
            f"Imported {plural(total, 'response')} for session {self.session_id}: "
            f"{self.matched} from attendees, {self.anonymous} anonymous"
        )
        if self.replaced:
            text += f" ({self.replaced} imported before, replaced)"
        if self.erased:
            text += (
                f"; {plural(self.erased, 'response')} of people whose details were erased left out"
            )
        return text + "."


def import_responses(db: Session, session: ReadingSession, path: Path,
                     questions: Questions) -> FollowUpImport:  # fmt: skip
    """Read the survey export ``path`` and keep its responses for ``session``, matched to
    its bookings by email; the same response imported again replaces the one before."""
    from sqlalchemy import select

    from .attendance.bookings import credited_and_not
    from .store import Booking, FollowUpResponse, Person
    from .wording import long_date

    if session.cancelled:
        raise ReadingGroupsError(
            f"session {session.id} was cancelled: it has no follow-up — check the session number"
        )
    answered = read_export(path, questions)
    result = FollowUpImport(session.id)
    if not answered:
        raise FollowUpImportError(path, "no responses in it yet — export it again later")
    # Only those credited with the session answer as its attendees: a no-show, someone still
    # waiting or who cancelled, or who was there too briefly to be credited, is counted for
    # the session but not as an attendee, as is anyone not booked at all.
    booked = {b.person.email.lower(): b for b in credited_and_not(db, session)[0]}
    kept = {
        r.response_id: r
        for r in db.scalars(
            select(FollowUpResponse).where(FollowUpResponse.session_id == session.id)
        )
    }
    # Answers of people since erased are never filled in again from a later export.
    erased = {rid for rid, row in kept.items() if row.erased}
    result.erased = sum(r.response_id in erased for r in answered)
    answered = [r for r in answered if r.response_id not in erased]
    for response in answered:
        if (
            response.certain_date
            and response.submitted_at
            and (response.submitted_at.date() < session.date)
        ):
            raise FollowUpImportError(
                path,
                f"answered on {long_date(response.submitted_at.date())}, before session "
                f"{session.id} took place ({long_date(session.date)}) — is this another "
                "session's survey?",
                where=response.where,
            )
    named = [r for r in answered if r.email]
    strangers = [r for r in named if r.email not in booked]
    if named and len(strangers) == len(named):
        elsewhere = db.scalars(
            select(Booking.session_id)
            .join(Person)
            .join(Booking.session)  # this workspace's sessions only
            .where(Person.email.in_([r.email for r in named]), Booking.session_id != session.id)
            .group_by(Booking.session_id)
            .order_by(Booking.session_id)
        ).all()
        if elsewhere:
            raise FollowUpImportError(
                path,
                f"nobody who answered came to session {session.id}; they were booked on "
                f"session {', '.join(map(str, elsewhere))} — import it for "
                f"{'that session' if len(elsewhere) == 1 else 'the session it is for'}",
            )
    for response in strangers:
        result.warnings.append(
            f"{path.name}, {response.where}: {response.email} is not credited with session "
            f"{session.id} (not booked, or did not come): counted as an anonymous response"
        )
    answered = _latest_each(answered, booked, kept, result, path)
    for response in answered:
        booking = booked.get(response.email) if response.email else None
        if booking is not None:  # one answer per person: an earlier one (kept before) goes
            for earlier in [k for k in kept.values() if k.person_id == booking.person_id
                            and k.response_id != response.response_id]:  # fmt: skip
                db.delete(earlier)
                del kept[earlier.response_id]
                result.replaced += 1
                result.added -= 1
        row = kept.get(response.response_id)
        if row is None:
            row = FollowUpResponse(session_id=session.id, response_id=response.response_id)
            db.add(row)
            kept[response.response_id] = row
            result.added += 1
        else:
            result.replaced += 1
        given = {
            "person_id": booking.person_id if booking else None,
            "submitted_at": response.submitted_at,
            "used_since": response.one("used_since"),
            "used_in_reflection": response.one("used_in_reflection"),
            "changed": response.one("changed"),
            "contributed": response.many("contributed"),
            "reasons": response.many("reasons"),
            "answers": response.answers,
            "source_file": path.name,
        }
        # The same answers imported again leave the row as it was (a notebook run twice
        # changes nothing); the librarian's choice of quotes stays either way.
        if any(getattr(row, name) != value for name, value in given.items()):
            for name, value in given.items():
                setattr(row, name, value)
            row.imported_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        if booking:
            result.matched += 1
        else:
            result.anonymous += 1
    db.flush()
    return result


def _latest_each(answered: list[Answered], booked: dict[str, Booking],
                 kept: dict[str, FollowUpResponse], result: FollowUpImport,
                 path: Path) -> list[Answered]:  # fmt: skip
    """The responses less any earlier answer from someone who answered again (Microsoft Forms
    lets people submit twice): each attendee counts once, with their latest answer, whether
    the other came in this file or an earlier one."""

    def when(response: Answered) -> dt.datetime:
        return response.submitted_at or dt.datetime.min

    latest: dict[int, Answered] = {}
    for response in answered:
        booking = booked.get(response.email)
        if booking is None:
            continue
        before = latest.get(booking.person_id)
        if before is None or when(response) >= when(before):
            latest[booking.person_id] = response
    found = []
    for response in answered:
        booking = booked.get(response.email)
        if booking is None:
            found.append(response)
            continue
        newer = [k for k in kept.values() if k.person_id == booking.person_id
                 and k.response_id != response.response_id
                 and (k.submitted_at or dt.datetime.min) > when(response)]  # fmt: skip
        if latest[booking.person_id] is response and not newer:
            found.append(response)
        else:
            result.warnings.append(
                f"{path.name}, {response.where}: {response.email} answered again later: "
                "the later answer is kept"
            )
    return found


def responses(db: Session, session_id: int | None = None) -> list[FollowUpResponse]:
    """The follow-up responses kept (for one session, or all), in the order they came."""
    from sqlalchemy import select

    from .store import FollowUpResponse, ReadingSession

    query = select(FollowUpResponse).join(ReadingSession)
    if session_id is not None:
        query = query.where(FollowUpResponse.session_id == session_id)
    return list(
        db.scalars(
            query.order_by(
                ReadingSession.date, ReadingSession.id, FollowUpResponse.submitted_at,
                FollowUpResponse.id,
            )
        )
    )  # fmt: skip


def asked(db: Session) -> dict[int, int]:
    """Per session, how many people were sent its follow-up survey."""
    from sqlalchemy import distinct, func, select

    from .store import Message

    rows = db.execute(
        select(Message.session_id, func.count(distinct(Message.person_id)))
        .where(Message.kind == "followup", Message.outcome == "sent")
        .group_by(Message.session_id)
    )
    return {session_id: count for session_id, count in rows}


def answered_by(db: Session, session_id: int) -> set[int]:
    """The people on ``session_id`` whose response has been imported."""
    from sqlalchemy import select

    from .store import FollowUpResponse

    return set(
        db.scalars(
            select(FollowUpResponse.person_id).where(
                FollowUpResponse.session_id == session_id, FollowUpResponse.person_id.is_not(None)
            )
        )
    )


# -- quotes ---------------------------------------------------------------------------------


@dataclass
class Quote:
    number: int  # the response's number, to keep or drop it by
    session_id: int
    who: str  # their name, or "anonymous"
    text: str
    keep: bool
    named: bool

    def line(self) -> str:
        mark = "kept, named" if self.named else "kept" if self.keep else "not kept"
        return f"{self.number:>4}  [{mark}] {self.who}: {self.text}"


def quotes(db: Session, session_id: int) -> list[Quote]:
    """The free-text answers ("What have you done differently ...") of one session."""
    return [
        Quote(
            r.id,
            r.session_id,
            r.person.name if r.person else "anonymous",
            r.changed,
            r.keep,
            r.keep_named,
        )  # fmt: skip
        for r in responses(db, session_id)
        if r.changed
    ]


def mark_quotes(db: Session, session_id: int, numbers: list[int], *, keep: bool,
                named: bool = False) -> list[Quote]:  # fmt: skip
    """Keep (or with ``keep`` False, drop) the quotes numbered ``numbers`` of ``session_id``;
    a kept quote names whoever wrote it only when ``named``."""
    from .store import FollowUpResponse

    for number in numbers:
        row = db.get(FollowUpResponse, number)
        if row is None or row.session_id != session_id:
            raise NotFoundError(
                f"no response {number} for session {session_id} — "
                f"`readinggroups followup quote {session_id}` lists them"
            )
        if not row.changed:
            raise ReadingGroupsError(f"response {number} has no written answer to keep")
        if named and row.person is None:
            raise ReadingGroupsError(f"response {number} is anonymous: there is no name to show")
        row.keep, row.keep_named = keep, keep and named
    db.flush()
    return [q for q in quotes(db, session_id) if q.number in numbers]
