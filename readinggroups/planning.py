"""Planning sessions: their details checked, the articles on them, and sessions short of
registrants a week ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from . import nmc, reflection
from .dates import bounded, parse_date, parse_time
from .errors import ReadingGroupsError

if TYPE_CHECKING:
    from .config import Config
    from .store import ReadingSession
    from .store.unit import Unit


def new_session(
    unit: Unit,
    config: Config,
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
    """A new session, checked; anything not given comes from ``config``."""
    from .store import ReadingSession

    try:
        checked = [nmc.check_reference(r) for r in code_standards or config.code_standards]
    except ValueError as problem:
        raise ReadingGroupsError(f"Code standard: {problem}") from problem
    standards = [r.ref for r in nmc.in_code_order(checked)]
    model = reflective_model or config.reflective_model
    try:
        reflection.model(model)
    except ValueError as problem:
        raise ReadingGroupsError(str(problem)) from problem
    if not title.strip():
        raise ReadingGroupsError("the session needs a title")
    session = ReadingSession(
        title=title.strip(),
        date=parse_date(date),
        start=parse_time(start),
        minutes=bounded(minutes or config.session_minutes, "minutes", 480),
        venue=(venue or config.venue).strip(),
        capacity=bounded(capacity or config.capacity, "capacity", 500),
        facilitator=(facilitator or config.facilitator).strip(),
        preparation_hours=config.preparation_hours
        if preparation_hours is None
        else preparation_hours,
        attendance_threshold=config.attendance_threshold,
        hours_credit=config.hours.credit,
        hours_round_down_minutes=config.hours.round_down_minutes,
        reflective_model=model.lower(),
        code_standards=standards,
    )
    unit.db.add(session)
    unit.db.flush()
    return session


def add_articles(unit: Unit, session_id: int, article_ids: Iterable[int]) -> ReadingSession:
    """Choose articles for a session, in the order given after any already chosen."""
    from .store import Article, SessionArticle

    session = unit.session(session_id)
    chosen = {link.article_id for link in session.links}
    for article_id in article_ids:
        unit.get(Article, article_id)
        if article_id not in chosen:
            session.links.append(
                SessionArticle(article_id=article_id, position=len(session.links) + 1)
            )
            chosen.add(article_id)
    return session


def edit_session(
    unit: Unit,
    session_id: int,
    *,
    online_link: str | None = None,
    questions: Iterable[str] | None = None,
) -> ReadingSession:
    """Set a session's online joining link, or its own discussion questions (an empty list
    goes back to the reflective model's)."""
    session = unit.session(session_id)
    if online_link is not None:
        session.online_link = _joining_link(online_link)
    if questions is not None:
        asked = [" ".join(q.split()) for q in questions]
        if any(not q for q in asked):
            raise ReadingGroupsError("a discussion question is empty — write it out")
        session.questions = asked or None
    return session


def _joining_link(given: str) -> str | None:
    """A Teams or Zoom joining link, whole (an empty one clears it)."""
    link = given.strip()
    if link and (
        not link.startswith(("https://", "http://"))
        or any(ch.isspace() or ch in "\"'<>" for ch in link)
    ):
        raise ReadingGroupsError(
            f"{given!r} is not a web address — paste the whole joining link, starting https://"
        )
    return link or None


def short_of_bookings(unit: Unit, minimum: int, today: dt.date) -> list[tuple[ReadingSession, int]]:
    """Sessions in the coming week with fewer than ``minimum`` registrants booked (staff who
    are not registrants do not count): (session, registrants booked), to promote or cancel."""
    from .statuses import BookingStatus

    short = []
    for session in unit.sessions():
        if not today <= session.date <= today + dt.timedelta(days=7):
            continue
        registrants = sum(
            1
            for b in unit.bookings(session.id)
            if b.status == BookingStatus.BOOKED and b.person.register_part != nmc.NOT_REGISTERED
        )
        if registrants < minimum:
            short.append((session, registrants))
    return short
