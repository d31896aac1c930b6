"""Tidy pandas tables of what the workspace holds, for notebooks and exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .store import Article, Booking

ARTICLE_COLUMNS = ["id", "title", "authors", "journal", "year", "doi", "pmid", "abstract"]
ATTENDANCE_COLUMNS = [
    "session_id",
    "session_date",
    "session_title",
    "name",
    "email",
    "role",
    "team",
    "status",
    "minutes_attended",
    "participatory_hours",
    "preparation_hours",
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


def attendance_frame(bookings: list[Booking]) -> pd.DataFrame:
    import pandas as pd

    from .attendance.bookings import PRESENT, display_status, participatory_hours

    rows = [
        {
            "session_id": b.session.id,
            "session_date": b.session.date.isoformat(),
            "session_title": b.session.title,
            "name": b.person.name,
            "email": b.person.email,
            "role": b.person.role,
            "team": b.person.team,
            "status": display_status(b),
            "minutes_attended": b.minutes_attended,
            "participatory_hours": participatory_hours(b),
            "preparation_hours": b.session.preparation_hours if b.attendance in PRESENT else 0.0,
        }
        for b in bookings
    ]
    return pd.DataFrame(rows, columns=ATTENDANCE_COLUMNS).astype({"minutes_attended": "Int64"})
