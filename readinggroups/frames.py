"""Tidy pandas tables of what the workspace holds, for notebooks and exports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import pandas as pd

    from .attendance.bookings import BookingFacts
    from .store import Article, Booking, ReadingSession

Facts = TypeVar("Facts", bound="BookingFacts")

# What names the series of a session that has none of its own: the group's name, or (in a
# library network's report, sessions of several workspaces together) each workspace's group's
# name by workspace id.
Group = str | Mapping[int, str]


def group_of(session: ReadingSession, group: Group) -> str:
    """The name of ``session``'s own group, as ``group`` gives it."""
    return group if isinstance(group, str) else group.get(session.workspace_id, "")


# A chart with a bar per session stays readable (and quick to draw) up to a year and a half of
# monthly sessions; a network's report holds far more. Every session is in report.xlsx.
CHART_SESSIONS = 18


def latest_sessions(sessions: pd.DataFrame, title: str) -> tuple[pd.DataFrame, str]:
    """A per-session chart's rows and title: the latest CHART_SESSIONS sessions, the title
    saying so when there are more."""
    if len(sessions) <= CHART_SESSIONS:
        return sessions, title
    return (
        sessions.tail(CHART_SESSIONS),
        f"{title}\nthe latest {CHART_SESSIONS} of {len(sessions):,} sessions (all in report.xlsx)",
    )


# Beyond this many sessions a chart's labels stand upright and its bars go without figures.
CROWDED = 8


def label_sessions(axes, labels: list[str]) -> None:
    """A per-session chart's labels: slanted while a few fit side by side, upright beyond."""
    if len(labels) > CROWDED:
        axes.tick_params(axis="x", labelrotation=90, labelsize=9)
    else:
        axes.tick_params(axis="x", labelrotation=30)


def by_session(bookings: Iterable[Facts]) -> dict[int, list[Facts]]:
    """``bookings`` per session id, each session's in the order given: looked up rather than
    searched for (a report of hundreds of sessions would otherwise read every booking for
    each)."""
    found: dict[int, list[Facts]] = {}
    for booking in bookings:
        found.setdefault(booking.session_id, []).append(booking)
    return found


ARTICLE_COLUMNS = ["id", "title", "authors", "journal", "year", "doi", "pmid", "abstract"]
ATTENDANCE_COLUMNS = [
    "session_id",
    "session_date",
    "session_title",
    "kind",
    "series",
    "name",
    "email",
    "role",
    "register",
    "team",
    "site",
    "status",
    "minutes_attended",
    "participatory_hours",
    "preparation_hours",
    "total_hours",
    "certificate_number",
]


def articles_frame(articles: list[Article]) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "id": a.id,
            "title": a.title,
            "authors": "; ".join(a.authors),
            "journal": a.journal,
            "year": a.year,
            "doi": a.doi,
            "pmid": a.pmid,
            "abstract": a.abstract,
        }
        for a in articles
    ]
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS).astype({"year": "Int64"})


SHORTLIST_COLUMNS = ["id", "score", "title", "journal", "year", "design", "status", "reasons"]


def shortlist_frame(scored: list) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "id": s.article.id,
            "score": s.score,
            "title": s.article.title,
            "journal": s.article.journal,
            "year": s.article.year,
            "design": s.article.study_design,
            "status": s.article.status,
            "reasons": "; ".join(s.reasons),
        }
        for s in scored
    ]
    return pd.DataFrame(rows, columns=SHORTLIST_COLUMNS).astype({"year": "Int64"})


def attendance_frame(bookings: list[Booking], group: Group = "") -> pd.DataFrame:
    """One row per booking. ``minutes_attended`` is exact; the hours are those certified
    (the discussion under its session's hours policy, the preparation offered). ``group``
    names the series of a session that has none of its own (the group's)."""
    import pandas as pd

    from .attendance.bookings import (
        credited,
        display_status,
        participatory_hours,
        preparation_hours,
    )

    rows = [
        {
            **session_columns(b.session, group),
            "name": b.person.name,
            "email": b.person.email,
            "role": b.person.role,
            "register": b.person.register_part,
            "team": b.person.team,
            "site": b.person.site,
            "status": display_status(b),
            "minutes_attended": b.minutes_attended,
            "participatory_hours": participatory_hours(b),
            "preparation_hours": preparation_hours(b),
            "total_hours": round(participatory_hours(b) + preparation_hours(b), 2),
            # Given when the documents are first written; withdrawn with a corrected report.
            "certificate_number": b.certificate_number if credited(b) else None,
        }
        for b in bookings
    ]
    return pd.DataFrame(rows, columns=ATTENDANCE_COLUMNS).astype({"minutes_attended": "Int64"})


PEOPLE_COLUMNS = [
    "name",
    "email",
    "nmc_pin",
    "role",
    "register",
    "team",
    "site",
    "revalidation_date",
    "sessions_booked",
    "sessions_attended",
    "no_shows",
    "late_cancellations",
    "participatory_hours",
    "preparation_hours",
    "total_hours",
    "first_attended",
    "last_attended",
]


def people_frame(bookings: list[Booking], late_hours: float = 48) -> pd.DataFrame:
    """One row per person who booked or came: their sessions and CPD hours."""
    import pandas as pd

    from .attendance.bookings import (
        NO_SHOW,
        PRESENT,
        WALK_IN,
        is_late_cancellation,
        participatory_hours,
        preparation_hours,
    )

    people: dict[int, dict] = {}
    for b in sorted(bookings, key=lambda b: (b.session.date, b.id)):
        person = b.person
        row = people.setdefault(
            person.id,
            {
                "name": person.name,
                "email": person.email,
                "nmc_pin": person.nmc_pin,
                "role": person.role,
                "register": person.register_part,
                "team": person.team,
                "site": person.site,
                "revalidation_date": person.revalidation_date.isoformat()
                if person.revalidation_date
                else None,
                "sessions_booked": 0,
                "sessions_attended": 0,
                "no_shows": 0,
                "late_cancellations": 0,
                "participatory_hours": 0.0,
                "preparation_hours": 0.0,
                "first_attended": None,
                "last_attended": None,
            },
        )
        if b.status != WALK_IN:
            row["sessions_booked"] += 1
        row["no_shows"] += b.attendance == NO_SHOW
        row["late_cancellations"] += is_late_cancellation(b, late_hours)
        if b.attendance in PRESENT:
            row["sessions_attended"] += 1
            row["participatory_hours"] += participatory_hours(b)
            row["preparation_hours"] += preparation_hours(b)
            row["first_attended"] = row["first_attended"] or b.session.date.isoformat()
            row["last_attended"] = b.session.date.isoformat()
    for row in people.values():
        row["participatory_hours"] = round(row["participatory_hours"], 2)
        row["total_hours"] = round(row["participatory_hours"] + row["preparation_hours"], 2)
    rows = sorted(people.values(), key=lambda r: (r["name"].casefold(), r["email"]))
    return pd.DataFrame(rows, columns=PEOPLE_COLUMNS)


SESSION_COLUMNS = [
    "session_id",
    "session_date",
    "session_title",
    "kind",
    "series",
    "minutes",
    "capacity",
    "booked",
    "waiting_list",
    "cancelled",
    "late_cancellations",
    "attended",
    "partial",
    "no_shows",
    "walk_ins",
    "expected",
    "no_show_rate",
    "teams",
    "participatory_hours",
]


def session_columns(session: ReadingSession, group: Group = "") -> dict[str, object]:
    """The columns that say which session a row is about, as every per-session table has them;
    ``group`` names the series of sessions that have none of their own."""
    return {
        "session_id": session.id,
        "session_date": session.date.isoformat(),
        "session_title": session.title,
        "kind": str(session.kind),
        "series": session.series_name(group_of(session, group)),
    }


def sessions_frame(
    sessions: list, bookings: Iterable[BookingFacts], late_hours: float = 48, group: Group = ""
) -> pd.DataFrame:
    """One row per session: its kind and series (``group``'s own unless it names another),
    who booked, waited, cancelled, came, and the hours given."""
    import pandas as pd

    from .attendance.bookings import (
        ATTENDED,
        BOOKED,
        CANCELLED,
        NO_SHOW,
        PARTIAL,
        WAITLISTED,
        WALK_IN,
        is_late_cancellation,
        participatory_hours,
    )

    rows = []
    per_session = by_session(bookings)
    for session in sorted(sessions, key=lambda s: (s.date, s.id)):
        mine = per_session.get(session.id, [])
        # Each booking's status and outcome read once, then counted (a network's year has
        # thousands of bookings).
        status = Counter(b.status for b in mine)
        outcome = Counter(b.attendance for b in mine)
        came = [b for b in mine if b.attendance in (ATTENDED, PARTIAL)]
        no_shows = outcome[NO_SHOW]
        # The no-show rate is of those expected: booked, with an outcome recorded. A walk-in
        # or someone who came off the waiting list was not expected.
        expected = sum(1 for b in mine if b.status == BOOKED and b.attendance is not None)
        rows.append(
            {
                **session_columns(session, group),
                "minutes": session.minutes,
                "capacity": session.capacity,
                # Everyone who held a place, whether or not they came.
                "booked": status[BOOKED],
                "waiting_list": status[WAITLISTED],
                "cancelled": status[CANCELLED],
                "late_cancellations": sum(is_late_cancellation(b, late_hours) for b in mine),
                "attended": outcome[ATTENDED],
                "partial": outcome[PARTIAL],
                "no_shows": no_shows,
                "walk_ins": status[WALK_IN],
                "expected": expected,
                "no_show_rate": round(no_shows / expected, 3) if expected else None,
                "teams": len({b.person.team for b in came if b.person.team}),
                # Only those who came are credited any.
                "participatory_hours": round(sum(participatory_hours(b) for b in came), 2),
            }
        )
    return pd.DataFrame(rows, columns=SESSION_COLUMNS)
