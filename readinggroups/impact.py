"""The follow-up survey's figures: per session and per month, how many of those credited
answered, how many have used the session since and wrote a reflective account from it, what it
contributed to and why it was not used; the quotes the librarian kept; and the answers as one
tidy table for the library's annual statistics.

A share is of those who answered that question (a blank answer is left out of it); the response
rate is of those credited with the session (anonymous responses count for their session).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .followup import NO, NOT_YET, YES, Questions
from .frames import Group, session_columns

if TYPE_CHECKING:
    import pandas as pd

    from .attendance.bookings import BookingFacts
    from .store import FollowUpResponse, ReadingSession
    from .store.unit import Unit

CONTRIBUTED, NOT_USED = "contributed: ", "not used: "  # the prefixes of the count columns


@dataclass
class Impact:
    sessions: pd.DataFrame
    months: pd.DataFrame
    quotes: pd.DataFrame
    # Per kind and series: whether workshops are used as much as the reading group.
    series: pd.DataFrame | None = None


def impact(
    sessions: list[ReadingSession],
    credited: Mapping[int, Sequence[BookingFacts]],
    responses: list[FollowUpResponse],
    questions: Questions,
    group: Group = "",
    asked: dict[int, int] | None = None,
) -> Impact:
    """The Impact tables for ``sessions`` (in date order), given who was credited with each,
    how many were sent the survey (``asked``: none for a session not asked yet) and the
    responses imported; ``group`` names the series of sessions without one.

    The response rate is of those asked. A session whose survey went out some other way
    (answers imported, nobody asked from here) is taken to have asked everyone credited; a
    session not asked and not answered has no rate, and leaves a month's or series' rate
    as it is rather than pulling it down."""
    sent = asked or {}

    def asked_of(ids: set[int], answered: int) -> int:
        return sum(sent.get(i) or (len(credited.get(i, [])) if answered else 0) for i in ids)

    import pandas as pd

    contributed = _choices(questions, "contributed", responses)
    reasons = _choices(questions, "reasons", responses)
    ordered = sorted(sessions, key=lambda s: (s.date, s.id))
    answers: dict[int, list[FollowUpResponse]] = {}
    for response in responses:
        answers.setdefault(response.session_id, []).append(response)
    rows = []
    for session in ordered:
        mine = answers.get(session.id, [])
        rows.append(
            {
                **session_columns(session, group),
                "month": f"{session.date:%Y-%m}",
                **_figures(
                    len(credited.get(session.id, [])),
                    asked_of({session.id}, len(mine)),
                    mine,
                    contributed,
                    reasons,
                ),
            }
        )
    per_session = pd.DataFrame(rows, columns=_columns(contributed, reasons, per_session=True))

    def together(keys: dict[str, str], ids: set[int]) -> dict[str, Any]:
        """The figures of several sessions at once (a month's, a series')."""
        mine = [r for r in responses if r.session_id in ids]
        people = sum(len(credited.get(i, [])) for i in ids)
        # Only sessions asked count towards the rate: each session's own rule, summed.
        answered = {r.session_id for r in mine}
        base = sum(asked_of({i}, i in answered) for i in ids)
        return {
            **keys, "sessions": len(ids), **_figures(people, base, mine, contributed, reasons)
        }  # fmt: skip

    per_month = pd.DataFrame(
        [
            together({"month": month}, {r["session_id"] for r in rows if r["month"] == month})
            for month in sorted({row["month"] for row in rows})
        ],
        columns=_columns(contributed, reasons, per_session=False),
    )
    per_series = pd.DataFrame(
        [
            together(
                {"kind": kind, "series": series},
                {r["session_id"] for r in rows if (r["kind"], r["series"]) == (kind, series)},
            )
            for kind, series in dict.fromkeys((row["kind"], row["series"]) for row in rows)
        ],
        columns=["kind", "series", *_columns(contributed, reasons, per_session=False)[1:]],
    )
    dates = {s.id: s.date.isoformat() for s in ordered}
    kept = [
        {
            "session_id": r.session_id,
            "session_date": dates[r.session_id],
            "quote": r.changed,
            # Never a name without the librarian's say-so (followup quote --named).
            "by": r.person.name if r.keep_named and r.person else "",
        }
        for r in responses
        if r.keep and r.changed and r.session_id in dates
    ]
    quotes = pd.DataFrame(kept, columns=["session_id", "session_date", "quote", "by"])
    return Impact(per_session, per_month, quotes, per_series)


def _choices(questions: Questions, name: str, responses: list[FollowUpResponse]) -> list[str]:
    """The question's choices, then any other answer given (a workshop's own choices)."""
    found = list(questions.questions[name].choices)
    for response in responses:
        found += [c for c in getattr(response, name) or [] if c not in found]
    return found


def _columns(contributed: list[str], reasons: list[str], *, per_session: bool) -> list[str]:
    first = (
        ["session_id", "session_date", "session_title", "kind", "series", "month"]
        if per_session
        else ["month", "sessions"]
    )
    return [
        *first,
        "credited",
        "asked",
        "responses",
        "from_attendees",
        "anonymous",
        "response_rate",
        "used_since",
        "not_yet",
        "not_used",
        "used_since_rate",
        "reflective_account",
        "reflective_account_rate",
        *(CONTRIBUTED + c for c in contributed),
        *(NOT_USED + r for r in reasons),
    ]


def _figures(
    credited: int,
    asked: int,
    responses: list[FollowUpResponse],
    contributed: list[str],
    reasons: list[str],
) -> dict[str, Any]:
    used = [r.used_since for r in responses if r.used_since]
    reflected = [r.used_in_reflection for r in responses if r.used_in_reflection]
    return {
        "credited": credited,
        "asked": asked,
        "responses": len(responses),
        "from_attendees": sum(r.person_id is not None for r in responses),
        "anonymous": sum(r.person_id is None for r in responses),
        "response_rate": _share(len(responses), asked),
        "used_since": used.count(YES),
        "not_yet": used.count(NOT_YET),
        "not_used": used.count(NO),
        "used_since_rate": _share(used.count(YES), len(used)),
        "reflective_account": reflected.count(YES),
        "reflective_account_rate": _share(reflected.count(YES), len(reflected)),
        **{
            CONTRIBUTED + c: sum(c in (r.contributed or []) for r in responses) for c in contributed
        },
        **{NOT_USED + c: sum(c in (r.reasons or []) for r in responses) for c in reasons},
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def responses_frame(unit: Unit, since: dt.date | None = None) -> pd.DataFrame:
    """One row per response: its session, who answered (blank when anonymous), when, and each
    answer; several choices joined by "; "."""
    import pandas as pd

    from .followup import responses

    rows = [
        {
            "session_id": r.session_id,
            "session_date": unit.session(r.session_id).date.isoformat(),
            "session_title": unit.session(r.session_id).title,
            "response_id": r.response_id,
            "submitted_at": r.submitted_at,
            "name": r.person.name if r.person else None,
            "email": r.person.email if r.person else None,
            "used_since": r.used_since,
            "used_in_reflection": r.used_in_reflection,
            "contributed": "; ".join(r.contributed or []),
            "reasons": "; ".join(r.reasons or []),
            "changed": r.changed,
        }
        for r in responses(unit.db)
    ]
    frame = pd.DataFrame(rows, columns=_EXPORTED)
    if since is not None:
        frame = frame[frame["session_date"] >= since.isoformat()]
    return frame


_EXPORTED = ["session_id", "session_date", "session_title", "response_id", "submitted_at",
             "name", "email", "used_since", "used_in_reflection", "contributed", "reasons",
             "changed"]  # fmt: skip


def anonymised_responses(frame: pd.DataFrame, key: bytes) -> pd.DataFrame:
    """``frame`` with whoever answered as a pseudonym (anonymous responses stay so) and the
    written answers left out: a name may have been typed into them."""
    from .exports import pseudonym

    safe = frame.drop(columns=["changed", "session_title"])
    safe["response_id"] = None  # the survey's own id would find the response in the form
    safe["name"] = safe["email"].map(
        lambda email: f"Person {pseudonym(key, email)}" if isinstance(email, str) else None
    )
    return safe.drop(columns=["email"])


# Hatching as well as grey shades: the bars are told apart in black and white.
_EDGE = {"edgecolor": "#000000"}
_BARS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("response_rate", "Answered the survey", {"color": "#ffffff", "hatch": "..", **_EDGE}),
    ("used_since_rate", "Have used it since", {"color": "#1f3a5f", **_EDGE}),
    ("reflective_account_rate", "Wrote a reflective account",
     {"color": "#8aa4c8", "hatch": "//", **_EDGE}),
)  # fmt: skip


def chart(figures: Impact, folder: Path, save) -> None:
    """impact.png: per session, the share who answered, have used it since and wrote a
    reflective account from it."""
    import matplotlib.pyplot as plt

    from .frames import CROWDED, label_sessions, latest_sessions

    sessions, title = latest_sessions(
        figures.sessions, "The follow-up survey: have they used it since?"
    )
    figure, axes = plt.subplots(figsize=(8, 4.5))
    if figures.sessions["responses"].sum() == 0:
        axes.axis("off")
        axes.text(0.5, 0.5, "No follow-up survey answers imported yet", ha="center", va="center")
        save(figure, "impact.png")
        return
    labels = [
        f"{dt.date.fromisoformat(d):%d %b %Y}\n#{n}"
        for d, n in zip(sessions["session_date"], sessions["session_id"], strict=True)
    ]
    width = 0.8 / len(_BARS)
    for index, (column, label, style) in enumerate(_BARS):
        shares = [None if v is None or v != v else 100 * v for v in sessions[column]]
        places = [n + (index - 1) * width for n in range(len(labels))]
        bars = axes.bar(places, [v or 0 for v in shares], width, label=label, **style)
        # A share of nobody is no figure: left blank rather than drawn as 0%. Too many bars
        # side by side leave no room for figures: report.xlsx has them.
        if len(labels) <= CROWDED:
            axes.bar_label(bars, labels=["" if v is None else f"{v:.0f}%" for v in shares],
                           fontsize=8)  # fmt: skip
    for place, (answers, asked) in enumerate(zip(sessions["responses"], sessions["asked"],
                                                 strict=True)):  # fmt: skip
        if not answers:
            # Upright, so that several sessions side by side never run into one another.
            said = "no answers yet" if asked else "not asked yet"
            axes.text(place, 8, said, ha="center", va="bottom", rotation=90, fontsize=9,
                      style="italic")  # fmt: skip
    axes.set_xticks(range(len(labels)), labels)
    axes.set_ylabel("Per cent")
    axes.set_ylim(0, 115)
    axes.text(
        0.5, -0.46, "Answered: of those asked. Used it since and wrote a "
        "reflective account: of those who answered the question.", ha="center", fontsize=9,
        transform=axes.transAxes,
    )  # fmt: skip
    axes.set_title(title)
    label_sessions(axes, labels)
    axes.legend(frameon=False, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.3))
    save(figure, "impact.png")
