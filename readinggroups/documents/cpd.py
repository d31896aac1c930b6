"""One nurse's CPD log: every session they attended in their current revalidation period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import nmc
from ..attendance.bookings import participatory_hours, preparation_hours
from ..dates import years_before
from ..wording import hours, long_date, plural
from .citation import vancouver
from .context import with_logo, workshop_topic
from .filenames import inside, safe_stem
from .render import render, template_path

if TYPE_CHECKING:
    from ..store import Booking, Person
    from .settings import DocumentSettings

TEMPLATE = "cpd_log.docx"
# What the NMC asks for over each three-year period.
CPD_HOURS, PARTICIPATORY_HOURS = nmc.CPD_HOURS, nmc.PARTICIPATORY_HOURS


def cycle(revalidation: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The three years a nurse's CPD counts toward: those before their next revalidation date
    (rolled on three years at a time past any date already gone), else the last three years."""
    if revalidation is None:
        return years_before(today, 3), today
    end = revalidation
    while end < today:
        end = years_before(end, -3)
    while years_before(end, 3) > today:
        end = years_before(end, 3)
    return years_before(end, 3), end


@dataclass
class CPDLog:
    """What the log shows: its entries and totals."""

    person: Person
    start: dt.date
    end: dt.date
    entries: list[dict[str, str]]
    total: float
    participatory: float
    outside: int  # sessions attended outside the period, not counted
    # Every Code reference the entries cite, in the Code's order, with its words: the table
    # names them by number and this key says what each one is.
    references: list[nmc.Reference]
    # The revalidation date asked for, when one was given.
    asked: dt.date | None = None
    # Whether any entry is a workshop (the log is then titled for every kind of session).
    workshops: bool = False

    def note(self) -> str | None:
        """Why the period is not the one asked for, when it is not."""
        if self.asked is None or self.asked == self.end:
            return None
        return (
            f"Note: {self.asked} is not within the next three years, so the log counts the "
            f"revalidation period that contains today ({self.start} to {self.end})."
        )

    def summary(self) -> str:
        return (
            f"{self.person.name}: {plural(len(self.entries), 'session')} from "
            f"{long_date(self.start)} to "
            f"{long_date(self.end)}, {hours(self.total)} of {CPD_HOURS} hours, "
            f"{hours(self.participatory)} of {PARTICIPATORY_HOURS} participatory"
        )


def cpd_log(
    person: Person,
    attended: list[Booking],
    today: dt.date,
    asked: dt.date | None = None,
    group: str = "",
) -> CPDLog:
    """The log of ``attended`` in ``person``'s period (``asked`` is a revalidation date given
    now, which the log says when it cannot use): reading groups and workshops together, each
    with its own method and topic (``group`` names the series a workshop's is not given)."""
    start, end = cycle(person.revalidation_date, today)
    counted = sorted(
        (b for b in attended if start <= b.session.date <= end), key=lambda b: b.session.date
    )
    entries, total, participatory = [], 0.0, 0.0
    for booking in counted:
        session = booking.session
        group_hours = participatory_hours(booking)
        total += group_hours + preparation_hours(booking)
        participatory += group_hours
        if session.is_workshop:
            method, topic = "Workshop", workshop_topic(session, group, outcomes=True)
        else:
            method = "Reading group discussion, after individual reading"
            topic = f"{session.title}: {'; '.join(vancouver(a) for a in session.articles)}"
        entries.append(
            {
                "date": f"{session.date.day} {session.date:%b %Y}",
                "method": method,
                "topic": topic,
                "standards": _capitalised(nmc.cited(session.code_standards)),
                "hours": hours(group_hours + preparation_hours(booking)),
                "participatory_hours": hours(group_hours),
                "certificate_number": booking.certificate_number or "",
            }
        )
    references = nmc.in_code_order(ref for b in counted for ref in b.session.code_standards)
    return CPDLog(
        person,
        start,
        end,
        entries,
        total,
        participatory,
        len(attended) - len(counted),
        references,
        asked,
        any(b.session.is_workshop for b in counted),
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def write_cpd_log(settings: DocumentSettings, log: CPDLog, folder: Path) -> Path:
    person = log.person
    if log.outside:
        other = f"{plural(log.outside, 'session')} attended outside this period are not counted."
    elif log.entries:
        other = "Every session attended in this period is listed."
    else:
        other = "No sessions attended in this period yet."
    context = {
        "logo": None,
        "logo_alt": f"{settings.library} logo",
        "group": settings.group,
        "library": settings.library,
        "name": person.name,
        "nmc_pin": person.nmc_pin or "",
        "cycle_text": f"{long_date(log.start)} to {long_date(log.end)}"
        + ("" if person.revalidation_date else " (the last three years: no revalidation date)"),
        "total_hours": hours(log.total),
        "participatory_hours": hours(log.participatory),
        "entries": log.entries,
        "workshops": log.workshops,
        "other_text": other,
        "code_name": nmc.CODE_NAME,
        "code_url": nmc.CODE_URL,
        "references": [r.text for r in log.references],
    }
    name = f"cpd-log_{safe_stem(person.name, 'attendee')}_{person.id}.docx"
    return render(
        template_path(TEMPLATE, settings.templates),
        with_logo(settings, context),
        inside(folder, name),
    )
