"""The library's report: sessions, months, whether meeting monthly or every other month works
better, and how each kind of session and series fares, as tables (.xlsx) and charts (.png)
that print in black and white; a library network's report adds each library's figures, and
each of its groups' series'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .attendance.bookings import ATTENDED, NO_SHOW, PARTIAL, PRESENT
from .frames import Group, by_session, group_of, sessions_frame
from .nmc import NOT_REGISTERED

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.ticker import MaxNLocator

    from .attendance.bookings import BookingFacts
    from .impact import Impact
    from .store import ReadingSession

MONTHLY, EVERY_OTHER_MONTH, FORTNIGHTLY = "monthly", "every other month", "fortnightly"
FIRST, IRREGULAR = "first session", "irregular"  # neither: left out of the comparison
# Days between two sessions of a series that make it fortnightly (a week either way of the
# calendar's drift); a longer gap is judged by months.
_FORTNIGHT_DAYS = range(10, 19)


@dataclass
class LibraryReport:
    sessions: pd.DataFrame
    months: pd.DataFrame
    schedule: pd.DataFrame
    # Per kind of session, series and schedule: how each series fares, side by side.
    kinds: pd.DataFrame | None = None
    impact: Impact | None = None  # the follow-up survey's figures
    # A library network's report: per library, and per library, group and series.
    libraries: pd.DataFrame | None = None
    library_series: pd.DataFrame | None = None

    def summary(self) -> str:
        """'3 sessions over 2 months: 12 attendances, 2 no-shows'."""
        from .wording import plural

        came = int(self.sessions["attended"].sum() + self.sessions["partial"].sum())
        no_shows = int(self.sessions["no_shows"].sum())
        return (
            f"{plural(len(self.sessions), 'session')} over {plural(len(self.months), 'month')}: "
            f"{plural(came, 'attendance')}, {plural(no_shows, 'no-show')}"
        )

    def library_lines(self) -> list[str]:
        """One line per library of a network's report: 'Whittington Health Library: 3
        sessions, 12 attendances, 2 no-shows (14%), 9 people reached, 13.5 participatory
        hours'; none for a group's own report."""
        import pandas as pd

        from .wording import hours, plural

        if self.libraries is None:
            return []
        lines = []
        for row in self.libraries.to_dict("records"):
            rate = "" if pd.isna(row["no_show_rate"]) else f" ({row['no_show_rate']:.0%})"
            lines.append(
                f"{row['library']}: {plural(int(row['sessions']), 'session')}, "
                f"{plural(int(row['attended'] + row['partial']), 'attendance')}, "
                f"{plural(int(row['no_shows']), 'no-show')}{rate}, "
                f"{_people(int(row['people_reached']))} reached, "
                f"{hours(float(row['participatory_hours']))} participatory hours"
            )
        return lines


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def build(
    sessions: list[ReadingSession],
    bookings: Sequence[BookingFacts],
    late_hours: float,
    *,
    group: Group = "",
    libraries: Mapping[int, str] | None = None,
) -> LibraryReport:
    """The report's tables from the sessions and all their bookings; hours are those each
    session's certificates give. ``group`` names the series of sessions that have none of
    their own. With ``libraries`` (each workspace's library, by workspace id: a network's
    report), each session says its library and group, and the Libraries tables are made."""

    per_session = sessions_frame(sessions, bookings, late_hours, group)
    per_session.insert(5, "schedule", _schedules(sessions, group))
    if libraries is not None:
        by_id = {s.id: s for s in sessions}
        held = [by_id[i] for i in per_session["session_id"]]  # in the table's order
        per_session.insert(3, "library", [libraries.get(s.workspace_id, "") for s in held])
        per_session.insert(4, "group", [group_of(s, group) for s in held])
    per_session["month"] = per_session["session_date"].str[:7]
    built = LibraryReport(
        per_session,
        _months(per_session, sessions, bookings),
        _schedule(per_session),
        _kinds(per_session),
    )
    if libraries is not None:
        built.libraries = _reached(per_session, bookings, ["library"])
        built.library_series = _reached(per_session, bookings, LIBRARY_SERIES)
    return built


def _schedules(sessions: list[ReadingSession], group: Group = "") -> list[str]:
    """For each session (in date order): how long after the previous session of its own
    series it came — fortnightly, monthly (the month before) or every other month (two months
    before). Each series keeps its own rhythm: a fortnightly workshop between two monthly
    reading groups leaves them monthly. Two groups of a network keep theirs apart even under
    the same name."""
    found: list[str] = []
    previous: dict[tuple[int, str, str], dt.date] = {}
    for session in sorted(sessions, key=lambda s: (s.date, s.id)):
        series = (
            session.workspace_id,
            str(session.kind),
            session.series_name(group_of(session, group)),
        )
        before = previous.get(series)
        if before is None:
            found.append(FIRST)
        elif (session.date - before).days in _FORTNIGHT_DAYS:
            found.append(FORTNIGHTLY)
        else:
            gap = _month_number(session.date) - _month_number(before)
            found.append({1: MONTHLY, 2: EVERY_OTHER_MONTH}.get(gap, IRREGULAR))
        previous[series] = session.date
    return found


def _month_number(day: dt.date) -> int:
    return day.year * 12 + day.month


def _months(per_session, sessions, bookings) -> pd.DataFrame:
    import pandas as pd

    month_of = {s.id: f"{s.date:%Y-%m}" for s in sessions}
    in_month: dict[str, list[BookingFacts]] = {}
    for booking in bookings:
        if booking.session_id in month_of:
            in_month.setdefault(month_of[booking.session_id], []).append(booking)
    rows = []
    seen_before: set[int] = set()
    for month, group in per_session.groupby("month", sort=True):
        came = [b for b in in_month.get(month, []) if b.attendance in PRESENT]
        people = {b.person_id for b in came}
        registers = list({b.person_id: _registrant(b) for b in came}.values())  # each once
        rows.append(
            {
                "month": month,
                **_added_up(group),
                "unique_attenders": len(people),
                "repeat_attenders": len(people & seen_before),
                "teams": len({b.person.team for b in came if b.person.team}),
                "sites": len({b.person.site for b in came if b.person.site}),
                # Nobody is counted as "not a registrant" for lack of a register column.
                "registrants": registers.count(True),
                "not_registrants": registers.count(False),
                "register_not_known": registers.count(None),
            }
        )
        seen_before |= people
    return pd.DataFrame(rows)


def _added_up(group) -> dict[str, Any]:
    """Several sessions' figures (a month's, a library's) added up, the no-show rate of all
    those expected at them."""
    no_shows, expected = int(group["no_shows"].sum()), int(group["expected"].sum())
    return {
        "sessions": len(group),
        "booked": int(group["booked"].sum()),
        "attended": int(group["attended"].sum()),
        "partial": int(group["partial"].sum()),
        "no_shows": no_shows,
        "expected": expected,
        "no_show_rate": round(no_shows / expected, 3) if expected else None,
        "late_cancellations": int(group["late_cancellations"].sum()),
        "waiting_list": int(group["waiting_list"].sum()),
        "walk_ins": int(group["walk_ins"].sum()),
    }


# The network report's second breakdown: within each library, each group's series.
LIBRARY_SERIES = ["library", "group", "kind", "series"]


def _reached(per_session, bookings: Sequence[BookingFacts], keys: list[str]) -> pd.DataFrame:
    """Per ``keys`` (a library; a library's group and series): its sessions' figures added
    up, the people reached (each counted once however often they came) and the participatory
    hours given. A nurse who came at two libraries is reached by both."""
    import pandas as pd

    present = {
        session_id: {b.person_id for b in mine if b.attendance in PRESENT}
        for session_id, mine in by_session(bookings).items()
    }
    rows = []
    for values, group in per_session.groupby(keys, sort=True):
        people: set[int] = set()
        for session_id in group["session_id"]:
            people |= present.get(session_id, set())
        rows.append(
            {
                **dict(zip(keys, values, strict=True)),
                **({"groups": group["group"].nunique()} if "group" not in keys else {}),
                **_added_up(group),
                "people_reached": len(people),
                "participatory_hours": round(float(group["participatory_hours"].sum()), 2),
            }
        )
    return pd.DataFrame(rows)


def _registrant(booking: BookingFacts) -> bool | None:
    """Whether they are on the NMC register: True with a PIN or a part, False for staff
    recorded as not registrants, None when nothing says."""
    person = booking.person
    if person.nmc_pin or person.register_part not in (None, NOT_REGISTERED):
        return True
    return False if person.register_part == NOT_REGISTERED else None


def _schedule(per_session) -> pd.DataFrame:
    import pandas as pd

    rows = []
    fortnightly = (FORTNIGHTLY,) if (per_session["schedule"] == FORTNIGHTLY).any() else ()
    for schedule in (*fortnightly, MONTHLY, EVERY_OTHER_MONTH):
        group = per_session[per_session["schedule"] == schedule]
        came = group["attended"] + group["partial"]
        no_shows, expected = group["no_shows"].sum(), group["expected"].sum()
        rows.append(
            {
                "schedule": schedule,
                "sessions": len(group),
                "attended_per_session": round(came.mean(), 2) if len(group) else None,
                "no_show_rate": round(no_shows / expected, 3) if expected else None,
                "waiting_list_per_session": round(group["waiting_list"].mean(), 2)
                if len(group)
                else None,
            }
        )
    return pd.DataFrame(rows)


KINDS_COLUMNS = [
    "kind",
    "series",
    "schedule",
    "sessions",
    "booked",
    "waiting_list",
    "late_cancellations",
    "came",
    "attended_per_session",
    "no_shows",
    "no_show_rate",
    "waiting_list_per_session",
    "participatory_hours",
]


def _kinds(per_session) -> pd.DataFrame:
    """Per kind of session and series, and within each per schedule: sessions, bookings,
    the waiting list, late cancellations, who came, no-shows (of those expected) and the
    participatory hours given, so a workshop series and a reading group are compared with
    each other and with themselves at another rhythm."""
    import pandas as pd

    rows = []
    order = [FORTNIGHTLY, MONTHLY, EVERY_OTHER_MONTH, FIRST, IRREGULAR]
    # A network's report keeps each library's series apart, even two of the same name.
    where = ["library", "group"] if "library" in per_session else []
    keys = [*where, "kind", "series", "schedule"]
    for values, group in per_session.groupby(keys, sort=False):
        came = group["attended"] + group["partial"]
        no_shows, expected = int(group["no_shows"].sum()), int(group["expected"].sum())
        rows.append(
            {
                **dict(zip(keys, values, strict=True)),
                "sessions": len(group),
                "booked": int(group["booked"].sum()),
                "waiting_list": int(group["waiting_list"].sum()),
                "late_cancellations": int(group["late_cancellations"].sum()),
                "came": int(came.sum()),
                "attended_per_session": round(came.mean(), 2),
                "no_shows": no_shows,
                "no_show_rate": round(no_shows / expected, 3) if expected else None,
                "waiting_list_per_session": round(group["waiting_list"].mean(), 2),
                "participatory_hours": round(float(group["participatory_hours"].sum()), 2),
            }
        )
    frame = pd.DataFrame(rows, columns=[*where, *KINDS_COLUMNS])
    rank = {name: n for n, name in enumerate(order)}
    return frame.sort_values(
        keys,
        key=lambda column: column.map(rank) if column.name == "schedule" else column,
        ignore_index=True,
    )


def write(report: LibraryReport, folder: Path) -> list[Path]:
    """report.xlsx (a network's Libraries and Library series sheets first; Sessions, Months,
    Schedule sheets; Kinds when there is more than one kind of session or series to compare;
    the follow-up's Impact, Impact by month, Impact quotes, and Impact by series when there is
    more than one) and the charts, into ``folder``."""
    from .exports import write_sheets

    folder.mkdir(parents=True, exist_ok=True)
    sheets: dict[str, pd.DataFrame] = {}
    if report.libraries is not None and report.library_series is not None:
        sheets |= {"Libraries": report.libraries, "Library series": report.library_series}
    sheets |= {
        "Sessions": report.sessions,
        "Months": report.months,
        "Schedule": report.schedule,
    }
    compared = [c for c in ("library", "group", "kind", "series") if c in report.sessions]
    if report.kinds is not None and len(report.kinds.groupby(compared)) > 1:
        sheets["Kinds"] = report.kinds  # one series alone has nothing to be compared with
    if report.impact is not None:
        sheets |= {
            "Impact": report.impact.sessions,
            "Impact by month": report.impact.months,
            "Impact quotes": report.impact.quotes,
        }
        series = report.impact.series
        if series is not None and len(series) > 1:  # one series has nothing to compare with
            sheets["Impact by series"] = series
    tables = write_sheets(sheets, folder / "report.xlsx")
    return [tables, *charts(report, folder)]


# Hatching as well as grey shades: the bars are told apart in black and white.
_STYLES: dict[str, dict[str, Any]] = {
    ATTENDED: {"color": "#1f3a5f", "hatch": ""},
    PARTIAL: {"color": "#8aa4c8", "hatch": "//"},
    NO_SHOW: {"color": "#ffffff", "hatch": "xx", "edgecolor": "#000000"},
}


def charts(report: LibraryReport, folder: Path) -> list[Path]:
    """Attendance per session, the no-show rate by month, monthly against every other month,
    and the follow-up's answers per session."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no window, no display needed
    import matplotlib.dates
    import matplotlib.pyplot as plt
    import pandas as pd

    from .files import atomic_path
    from .frames import label_sessions, latest_sessions
    from .wording import plural

    written = []
    plt.rcParams.update({"font.size": 11, "font.family": "DejaVu Sans"})

    def save(figure, name: str) -> None:
        path = folder / name
        with atomic_path(path, app="the picture viewer") as temporary:
            figure.savefig(temporary, format="png", dpi=150, bbox_inches="tight")
        plt.close(figure)
        written.append(path)

    sessions, title = latest_sessions(report.sessions, "Attendance per session")
    figure, axes = plt.subplots(figsize=(8, 4.5))
    labels = [
        f"{dt.date.fromisoformat(d):%d %b %Y}\n#{n}"
        for d, n in zip(sessions["session_date"], sessions["session_id"], strict=True)
    ]
    bottom = [0] * len(sessions)
    for column, outcome in (("attended", ATTENDED), ("partial", PARTIAL), ("no_shows", NO_SHOW)):
        values = list(sessions[column])
        axes.bar(labels, values, bottom=bottom, label=column.replace("_", "-"), **_STYLES[outcome])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel("People")
    axes.set_title(title)
    axes.set_ylim(0, max([*bottom, 1]) * 1.1)
    label_sessions(axes, labels)
    axes.legend(frameon=False, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.3))
    # Matplotlib's default locator is a MaxNLocator: whole people only on the axis.
    cast("MaxNLocator", axes.yaxis.get_major_locator()).set_params(integer=True)
    save(figure, "attendance_by_session.png")

    months = report.months
    figure, axes = plt.subplots(figsize=(8, 4))
    # A real time axis: months without a session leave a gap rather than looking adjacent.
    when = [dt.date.fromisoformat(f"{m}-01") for m in months["month"]]
    rates = [None if pd.isna(r) else 100 * r for r in months["no_show_rate"]]
    known = [(w, r) for w, r in zip(when, rates, strict=True) if r is not None]
    if known:
        axes.plot(*zip(*known, strict=True), marker="o", color="#000000")
        for day, rate in known:
            axes.annotate(
                f"{rate:.0f}%", (day, rate), textcoords="offset points", xytext=(0, 6), ha="center"
            )
    # One tick per month, and only across the months reported: a single month is one tick,
    # not an axis padded out over years.
    axes.xaxis.set_major_locator(matplotlib.dates.MonthLocator())
    axes.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b %Y"))
    if when:
        pad = dt.timedelta(days=12)
        axes.set_xlim(
            matplotlib.dates.date2num(min(when) - pad), matplotlib.dates.date2num(max(when) + pad)
        )
    figure.autofmt_xdate()
    axes.set_ylabel("No-shows (% of those booked)")
    axes.set_ylim(0, 100)
    axes.set_title("No-show rate by month")
    save(figure, "no_show_rate_by_month.png")

    compared = report.schedule[report.schedule["sessions"] > 0]
    if len(compared) == 0:
        figure, axes = plt.subplots(figsize=(8, 2))
        axes.axis("off")
        axes.text(
            0.5,
            0.5,
            "Not enough sessions yet to compare meeting monthly with every other month",
            ha="center",
            va="center",
        )
    else:
        figure, (left, right) = plt.subplots(1, 2, figsize=(8, 4.2))
        names = [
            f"{n}\n({plural(s, 'session')})"
            for n, s in zip(compared["schedule"], compared["sessions"], strict=True)
        ]
        bars = left.bar(
            names, compared["attended_per_session"].fillna(0), color="#1f3a5f", edgecolor="#000000"
        )
        left.bar_label(
            bars, labels=[f"{round(v, 1):g}" for v in compared["attended_per_session"].fillna(0)]
        )
        left.set_ylabel("People who came, per session")
        bars = right.bar(
            names,
            100 * compared["no_show_rate"].fillna(0),
            color="#ffffff",
            hatch="xx",
            edgecolor="#000000",
        )
        right.bar_label(bars, fmt="%.0f%%")
        right.set_ylabel("No-shows (% of those booked)")
        for axis in (left, right):
            axis.set_ylim(bottom=0)
            axis.margins(y=0.15)
        figure.suptitle("Meeting monthly against every other month", y=1.02)
    figure.tight_layout()
    save(figure, "schedule_comparison.png")
    if report.impact is not None:
        from .impact import chart

        chart(report.impact, folder, save)
    return written
