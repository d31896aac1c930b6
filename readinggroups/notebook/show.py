"""Tables and files as a librarian reads them in a notebook.

pandas shows a frame as a developer reads it: code names as headers, a row number beside the
article number, 0.167 for 17%, NaN for nothing, and wide tables cut off at the right. Here a
frame becomes an HTML table with plain headers, percentages, blanks, no row numbers, full
text, and a box that scrolls both ways and can be filtered by typing; a path becomes a link
that opens or downloads the file from JupyterLab.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ..promotion import Promotion

# Headers that are not simply the column name in words.
_HEADERS = {
    "id": "No.",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "nmc_pin": "NMC PIN",
    "cpd": "CPD",
    "url": "Web address",
    "minutes_attended": "Minutes attended",
    "no_show_rate": "No-show rate",
    "no_shows": "No-shows",
    "walk_ins": "Walk-ins",
    "not_registrants": "Not on the register",
    "register_not_known": "Register not known",
    "session_id": "Session",
    "article_id": "Article",
}
_PERCENT_WORDS = ("rate", "share", "percent")
# Dates and months as the database and the exports keep them: 2026-07-09, 2026-07.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")
_LONG_TEXT = 30  # characters: a column this wide is given room rather than squeezed


def header(column: object) -> str:
    """``no_show_rate`` as "No-show rate"."""
    name = str(column)
    if name in _HEADERS:
        return _HEADERS[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _is_percent(column: object, values: pd.Series) -> bool:
    import pandas as pd

    if not any(word in str(column).lower() for word in _PERCENT_WORDS):
        return False
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return not numbers.empty and bool(numbers.between(0, 1).all())


def _cell(value: object, percent: bool) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    if isinstance(value, list | tuple):
        return "<br>".join(html.escape(str(item)) for item in value)
    if percent:
        return f"{float(value):.0%}"  # type: ignore[arg-type]
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, pd.Timestamp):
        day = f"{value.day} {value:%b %Y}"
        return day if value == value.normalize() else f"{day} {value:%H:%M}"
    if isinstance(value, str) and (_ISO_DAY.fullmatch(value) or _ISO_MONTH.fullmatch(value)):
        return _readable_date(value)
    return html.escape(str(value)).replace("\n", "<br>")


def _readable_date(value: str) -> str:
    """2026-07-09 as "9 Jul 2026", 2026-07 as "Jul 2026" (a string that is not a real date
    stays as it is)."""
    try:
        if len(value) == 7:
            return dt.date.fromisoformat(f"{value}-01").strftime("%b %Y")
        day = dt.date.fromisoformat(value)
    except ValueError:
        return html.escape(value)
    return f"{day.day} {day:%b %Y}"


_STYLE = """<style>
/* .rg-table-box in front of each rule: JupyterLab right-aligns every cell with a selector
   of the same weight as .rg-table td, so these need one class more to win. */
.rg-table-box{max-height:32em;overflow:auto;border:1px solid #d0d0d0;margin:0.4em 0}
.rg-table-box .rg-table{border-collapse:collapse;font-size:0.92em}
.rg-table-box .rg-table th{position:sticky;top:0;background:#f3f3f3;text-align:left;
  padding:0.35em 0.6em;border-bottom:1px solid #c0c0c0;white-space:nowrap}
.rg-table-box .rg-table td{padding:0.3em 0.6em;border-bottom:1px solid #eee;
  vertical-align:top;max-width:38em;text-align:left}
.rg-table-box .rg-table td.rg-number{text-align:right;white-space:nowrap}
.rg-table-box .rg-table td.rg-short{white-space:nowrap}
.rg-table-box .rg-table td.rg-long{min-width:16em}
.rg-filter{margin:0.3em 0;padding:0.2em 0.4em;width:18em}
</style>"""
# Filtering by typing: plain JavaScript in the output, which JupyterLab runs for trusted
# notebooks (its own output); where scripts do not run, the whole table still shows.
_FILTER = (
    '<input class="rg-filter" type="search" placeholder="Type to filter the rows" '
    'oninput="var t=this.value.toLowerCase();this.nextElementSibling.querySelectorAll('
    "'tbody tr').forEach(function(r){r.style.display=r.textContent.toLowerCase()"
    ".indexOf(t)>=0?'':'none'})\">"
)


def _kind(values: pd.Series) -> str:
    """How a column is laid out: numbers to the right, long text given room, short text
    (dates, statuses, emails) kept on one line."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return "rg-number"
    longest = values.dropna().map(lambda v: len(str(v))).max()
    return "rg-long" if pd.notna(longest) and longest > _LONG_TEXT else "rg-short"


class Table:
    """A frame shown for reading; the frame itself stays in ``.frame`` for further work."""

    def __init__(self, frame: pd.DataFrame, *, caption: str | None = None) -> None:
        self.frame = frame
        self.caption = caption

    def _repr_html_(self) -> str:

        frame = self.frame
        if frame.empty:
            return f"<p><em>{html.escape(self.caption or 'Nothing to show yet.')}</em></p>"
        percent = {c: _is_percent(c, frame[c]) for c in frame.columns}
        kind = {c: _kind(frame[c]) for c in frame.columns}
        head = "".join(f"<th>{html.escape(header(c))}</th>" for c in frame.columns)
        rows = []
        for values in frame.itertuples(index=False, name=None):
            cells = "".join(
                f'<td class="{kind[c]}">{_cell(v, percent[c])}</td>'
                for c, v in zip(frame.columns, values, strict=True)
            )
            rows.append(f"<tr>{cells}</tr>")
        caption = f"<p>{html.escape(self.caption)}</p>" if self.caption else ""
        search = _FILTER if len(frame) > 8 else ""
        return (
            f"{_STYLE}{caption}{search}<div class='rg-table-box'><table class='rg-table'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def __repr__(self) -> str:
        shown = self.frame.rename(columns=header)
        return shown.to_string(index=False, na_rep="") if not shown.empty else "(nothing yet)"


def table(
    frame: pd.DataFrame, columns: Iterable[str] | None = None, *, caption: str | None = None
) -> Table:
    """``frame`` (or some of its ``columns``) for reading in a notebook."""
    if columns is not None:
        frame = frame[list(columns)]
    return Table(frame, caption=caption)


def relative(path: Path) -> str:
    """``path`` as a link from the notebook's folder (JupyterLab resolves links in outputs
    from there): relative where it can be, absolute otherwise."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def link_html(path: Path, label: str | None = None) -> str:
    href = html.escape(relative(path), quote=True)
    return (
        f'<a href="{href}" target="_blank" rel="noopener">{html.escape(label or Path(path).name)}'
        "</a>"
    )


class Links:
    """Files just made, each a link that opens or downloads it."""

    def __init__(self, paths: Iterable[Path], heading: str = "") -> None:
        self.paths = [Path(p) for p in paths]
        self.heading = heading

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{link_html(p)}</li>" for p in self.paths)
        heading = f"<p>{html.escape(self.heading)}</p>" if self.heading else ""
        return f"{heading}<ul class='rg-links'>{items}</ul>"

    def __repr__(self) -> str:
        lines = [self.heading] if self.heading else []
        return "\n".join([*lines, *(f"  {relative(p)}" for p in self.paths)])


def links(paths: Iterable[Path], heading: str = "") -> Links:
    return Links(paths, heading)


class Lines:
    """A list of messages folded under one line ("21 merged"), opened with a click."""

    def __init__(self, lines: Iterable[str], what: str) -> None:
        self.lines, self.what = list(lines), what

    def _repr_html_(self) -> str:
        if not self.lines:
            return f"<p>Nothing {html.escape(self.what)}.</p>"
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return (
            f"<details><summary>{len(self.lines)} {html.escape(self.what)} (click to see)"
            f"</summary><ul>{items}</ul></details>"
        )

    def __repr__(self) -> str:
        return "\n".join([f"{len(self.lines)} {self.what}", *self.lines])


def lines(items: Iterable[str], what: str) -> Lines:
    return Lines(items, what)


class Post:
    """The post for X as it will be pasted, with its length as X counts it, and links to
    every file written."""

    def __init__(self, promotion: Promotion) -> None:
        self.promotion = promotion

    def _repr_html_(self) -> str:
        text = html.escape(self.promotion.short.text)
        return (
            f"<p>{html.escape(self.promotion.summary())}:</p>"
            '<pre style="white-space:pre-wrap;max-width:40em;border:1px solid #ccc;'
            f'padding:0.6em;font-family:inherit">{text}</pre>'
            + links(self.promotion.written, "Written:")._repr_html_()
        )

    def __repr__(self) -> str:
        written = repr(links(self.promotion.written, "Written:"))
        return f"{self.promotion.summary()}:\n{self.promotion.short.text}\n{written}"


def post(promotion: Promotion) -> Post:
    return Post(promotion)
