"""readinggroups.toml: the settings of one reading group, with defaults and checks."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .hours import FULL_AT_THRESHOLD, HoursPolicy
from .nmc import DEFAULT_SESSION_STANDARDS, DEFAULT_WORKSHOP_STANDARDS

CONFIG_NAME = "readinggroups.toml"
# The embedded database, beside the settings.
DEFAULT_DATABASE_URL = "sqlite:///readinggroups.sqlite"
# Points this machine's workspaces at another database, over database.url: a shared
# PostgreSQL server's address kept out of the settings file (it may hold a password).
DATABASE_ENV = "READINGGROUPS_DATABASE_URL"


@dataclass(frozen=True)
class Config:
    """What a workspace knows about its group before any session exists."""

    group: str
    library: str = "Library and Knowledge Service"
    facilitator: str = ""
    # The library's own route to full text, e.g. an OpenAthens link resolver, with {doi},
    # {pmid} or {title} where the article's goes.
    access_link: str = ""
    # Where the group meets: Teams and Zoom print times without a zone, read in this one.
    time_zone: str = "Europe/London"
    venue: str = "Microsoft Teams"
    session_minutes: int = 60
    capacity: int = 10
    # Hours of individual reading and note-taking that preparing for a session earns
    # (not participatory); the discussion's participatory hours come from time attended.
    preparation_hours: float = 1.5
    # Share of the session a nurse must attend to count as attended rather than partial.
    attendance_threshold: float = 0.75
    # A cancellation this close to the start counts as late in the figures.
    late_cancellation_hours: float = 48
    # Fewer registrants booked than this a week before a session, and it is flagged.
    minimum_bookings: int = 2
    reflective_model: str = "rolfe"
    code_standards: tuple[str, ...] = DEFAULT_SESSION_STANDARDS
    # How the discussion's participatory hours are credited (see readinggroups.hours): the
    # whole discussion at or above the threshold, below it the time rounded down to 15 minutes.
    hours_credit: str = FULL_AT_THRESHOLD
    hours_round_down_minutes: int = 15
    database_url: str = DEFAULT_DATABASE_URL
    # Which workspace of the database this folder is: several share one database in a library
    # network. Empty is "default", the one workspace of a database from before they could.
    workspace: str = ""
    # PubMed E-utilities: NCBI asks for the user's email; an API key raises the limit to 10/s.
    pubmed_email: str = ""
    pubmed_api_key: str = ""
    pubmed_url: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
    # UK GDPR retention: `readinggroups purge` removes the personal data of people with no
    # booking or attendance for this many years (NHS records guidance: six for training).
    retention_years: int = 6
    # The group's mailbox: the organiser of its calendar invitations, and the sender.
    email_from: str = ""
    # How messages go: "outbox" (.eml drafts in output/outbox/ to send from Outlook) or "smtp".
    email_transport: str = "outbox"
    email_host: str = ""
    email_port: int = 587
    email_security: str = "starttls"  # or "tls", or "none"
    email_username: str = ""
    email_auth: str = "password"  # or "oauth2", with token_command
    email_token_command: str = ""
    email_rate_per_minute: int = 30
    email_max_message_mb: int = 35  # NHSmail's limit
    pack_days_before: int = 7
    reminder_days_before: int = 2
    # Where people book a place (a Microsoft Forms booking form, a LibCal event); each session
    # may have its own.
    booking_link: str = ""
    # The one-month follow-up: sent so many days after each session to those who came, with
    # one reminder so many days later to those who have not answered the survey.
    followup_delay_days: int = 30
    followup_reminder_days: int = 7
    survey_link: str = ""
    # Hashtags for the posts that promote a session.
    hashtags: tuple[str, ...] = ("#NHSLibraries", "#CPD")
    # Workshops (sessions of the workshop kind): their length, the series they join when none
    # is named, and whether attendees get a reflective account form as reading groups do.
    workshop_minutes: int = 90
    workshop_series: str = "Library workshops"
    workshop_reflective_form: bool = False
    # A workshop teaches skills rather than debating an article: keeping knowledge and skills
    # current (6.2) and regular learning (22.3), without the informed debate of 9.3.
    workshop_code_standards: tuple[str, ...] = DEFAULT_WORKSHOP_STANDARDS

    def __post_init__(self) -> None:
        if not self.group.strip():
            raise ConfigError(f"{CONFIG_NAME}: group.name is empty — give the reading group a name")
        if not 0 < self.attendance_threshold <= 1:
            raise ConfigError(
                f"{CONFIG_NAME}: sessions.attendance_threshold is {self.attendance_threshold} — "
                "use a share between 0 and 1, such as 0.75"
            )
        if self.access_link and not (
            self.access_link.startswith(("https://", "http://"))
            and any(f"{{{key}}}" in self.access_link for key in ("doi", "pmid", "title"))
            and _formats(self.access_link)
        ):
            raise ConfigError(
                f"{CONFIG_NAME}: group.access_link is {self.access_link!r} — give a web address "
                "with {doi}, {pmid} or {title} where the article goes, e.g. "
                "https://resolver.example.nhs.uk/openurl?id=doi:{doi}"
            )
        if self.workspace and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", self.workspace):
            raise ConfigError(
                f"{CONFIG_NAME}: database.workspace is {self.workspace!r} — it is the key "
                "`readinggroups init` wrote: letters, digits, '.', '_' and '-' only (restore the "
                "line, or ask a colleague for the key from `readinggroups db status`)"
            )
        if not self.workshop_series.strip():
            raise ConfigError(
                f"{CONFIG_NAME}: workshops.series is empty — name the series workshops join "
                'when none is given, e.g. "Library workshops"'
            )
        for tag in self.hashtags:
            word = tag.strip().removeprefix("#")
            if not re.fullmatch(r"\w+", word) or word.isdigit():
                raise ConfigError(
                    f"{CONFIG_NAME}: promotion.hashtags has {tag!r} — a hashtag is letters, "
                    'digits and _ only, with no spaces, e.g. "#NHSLibraries"'
                )
        for name in ("booking_link", "survey_link"):
            link = getattr(self, name)
            if link and not (link.startswith(("https://", "http://")) and " " not in link):
                table, key, _ = _KEYS[name]
                raise ConfigError(
                    f"{CONFIG_NAME}: {table}.{key} is {link!r} — give the web address, "
                    "starting https://"
                )
        if self.email_from and not _looks_like_email(self.email_from):
            raise ConfigError(
                f"{CONFIG_NAME}: email.from is {self.email_from!r} — give the group's mailbox, "
                "e.g. library@example.nhs.uk"
            )
        for name, allowed in _CHOICES.items():
            if getattr(self, name) not in allowed:
                table, key, _ = _KEYS[name]
                raise ConfigError(
                    f"{CONFIG_NAME}: {table}.{key} is {getattr(self, name)!r} — use one of "
                    f"{', '.join(allowed)}"
                )
        from .attendance.clock import zone

        try:
            zone(self.time_zone)
        except ValueError as problem:
            raise ConfigError(
                f"{CONFIG_NAME}: group.time_zone: {problem} (the default is Europe/London)"
            ) from problem
        for name, (low, high) in _RANGES.items():
            if not low <= getattr(self, name) <= high:
                table, key, _ = _KEYS[name]
                raise ConfigError(
                    f"{CONFIG_NAME}: {table}.{key} is {getattr(self, name)} — "
                    f"use a value from {low} to {high}"
                )
        try:
            HoursPolicy(self.hours_credit, self.hours_round_down_minutes)
        except ValueError as problem:
            raise ConfigError(f"{CONFIG_NAME}: {problem}") from problem
        from . import nmc, reflection

        if self.reflective_model not in reflection.MODELS:
            raise ConfigError(
                f"{CONFIG_NAME}: sessions.reflective_model is {self.reflective_model!r} — use "
                f"one of {', '.join(reflection.MODELS)}"
            )
        for name in ("code_standards", "workshop_code_standards"):
            table, key, _ = _KEYS[name]
            if not getattr(self, name):
                raise ConfigError(
                    f"{CONFIG_NAME}: {table}.{key} is empty — list the paragraphs of the Code "
                    'new sessions relate to, such as ["6.2", "9.3", "22.3"]'
                )
            for reference in getattr(self, name):
                try:
                    nmc.check_reference(reference)
                except ValueError as problem:
                    raise ConfigError(f"{CONFIG_NAME}: {table}.{key}: {problem}") from problem

    @property
    def database(self) -> str:
        """The database this workspace uses: $READINGGROUPS_DATABASE_URL, else database.url."""
        import os

        return os.environ.get(DATABASE_ENV, "").strip() or self.database_url

    @property
    def hours(self) -> HoursPolicy:
        """The library's rule for crediting the discussion's participatory hours."""
        return HoursPolicy(self.hours_credit, self.hours_round_down_minutes)


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.strip().rpartition("@")
    return bool(at and local and "." in domain and " " not in text.strip())


def _formats(link: str) -> bool:
    try:
        link.format(doi="10.1/x", pmid="1", title="x")
    except (KeyError, ValueError, IndexError):
        return False
    return True


# Plausible bounds: a reading group meets for minutes, not days.
_RANGES = {
    "session_minutes": (1, 480),
    "capacity": (1, 500),
    "preparation_hours": (0, 20),
    "late_cancellation_hours": (0, 720),
    "minimum_bookings": (0, 500),
    "retention_years": (1, 100),
    "email_port": (1, 65535),
    "email_rate_per_minute": (1, 10_000),
    "email_max_message_mb": (1, 150),
    "pack_days_before": (0, 60),
    "reminder_days_before": (0, 30),
    "followup_delay_days": (1, 365),
    "followup_reminder_days": (1, 60),
    "workshop_minutes": (1, 480),
}


# Settings that are one of a few words.
_CHOICES = {
    "email_transport": ("outbox", "smtp"),
    "email_security": ("starttls", "tls", "none"),
    "email_auth": ("password", "oauth2", "none"),
}


# Where each setting lives in the TOML file: (table, key, type).
_KEYS = {
    "group": ("group", "name", str),
    "library": ("group", "library", str),
    "facilitator": ("group", "facilitator", str),
    "access_link": ("group", "access_link", str),
    "time_zone": ("group", "time_zone", str),
    "venue": ("sessions", "venue", str),
    "session_minutes": ("sessions", "minutes", int),
    "capacity": ("sessions", "capacity", int),
    "preparation_hours": ("sessions", "preparation_hours", float),
    "attendance_threshold": ("sessions", "attendance_threshold", float),
    "late_cancellation_hours": ("sessions", "late_cancellation_hours", float),
    "minimum_bookings": ("sessions", "minimum_bookings", int),
    "reflective_model": ("sessions", "reflective_model", str),
    "code_standards": ("sessions", "code_standards", tuple),
    "hours_credit": ("hours", "credit", str),
    "hours_round_down_minutes": ("hours", "round_down_minutes", int),
    "database_url": ("database", "url", str),
    "workspace": ("database", "workspace", str),
    "pubmed_email": ("pubmed", "email", str),
    "pubmed_api_key": ("pubmed", "api_key", str),
    "pubmed_url": ("pubmed", "url", str),
    "retention_years": ("privacy", "retention_years", int),
    "email_from": ("email", "from", str),
    "email_transport": ("email", "transport", str),
    "email_host": ("email", "host", str),
    "email_port": ("email", "port", int),
    "email_security": ("email", "security", str),
    "email_username": ("email", "username", str),
    "email_auth": ("email", "auth", str),
    "email_token_command": ("email", "token_command", str),
    "email_rate_per_minute": ("email", "rate_per_minute", int),
    "email_max_message_mb": ("email", "max_message_mb", int),
    "pack_days_before": ("email", "pack_days_before", int),
    "reminder_days_before": ("email", "reminder_days_before", int),
    "booking_link": ("group", "booking_link", str),
    "followup_delay_days": ("followup", "delay_days", int),
    "followup_reminder_days": ("followup", "reminder_days", int),
    "survey_link": ("followup", "survey_link", str),
    "hashtags": ("promotion", "hashtags", tuple),
    "workshop_minutes": ("workshops", "minutes", int),
    "workshop_series": ("workshops", "series", str),
    "workshop_reflective_form": ("workshops", "reflective_form", bool),
    "workshop_code_standards": ("workshops", "code_standards", tuple),
}


_FIRST_DEFAULT_STANDARDS = ("6.2", "9.2", "22.3")


# A real settings file is a few hundred bytes.
_MAX_SETTINGS_BYTES = 1_000_000


def load(path: Path) -> Config:
    """Read and check a readinggroups.toml."""
    try:
        if path.stat().st_size > _MAX_SETTINGS_BYTES:
            raise ConfigError(
                f"{path}: {path.stat().st_size:,} bytes is far too large for a settings file — "
                "restore it from a backup, or make a new one with `readinggroups init`"
            )
        # utf-8-sig: Windows Notepad may start the file with a byte-order mark.
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error}) — fix the line it names") from error
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text — save it again as UTF-8") from exc
    except RecursionError as exc:  # the TOML reader recurses into each nested value
        raise ConfigError(
            f"{path}: values nested too deeply to be settings — fix or restore the file"
        ) from exc
    _database_url_at_the_top(raw, path)
    _check_known(raw, path)
    values: dict[str, Any] = {}
    for name, (table, key, kind) in _KEYS.items():
        section = raw.get(table, {})
        if key not in section:
            continue
        value = section[key]
        values[name] = _coerce(path, f"{table}.{key}", value, kind)
    if values.get("code_standards") == _FIRST_DEFAULT_STANDARDS:
        # Written by `init` before paragraph 9.2 (about feedback) was dropped from the
        # defaults: a librarian who never changed the line gets today's defaults.
        values["code_standards"] = DEFAULT_SESSION_STANDARDS
    if "hours_credit" in values:
        values["hours_credit"] = values["hours_credit"].strip().lower()
    if "group" not in values:
        raise ConfigError(f'{path}: no [group] name — add `name = "..."` under [group]')
    try:
        return Config(**values)
    except ConfigError as problem:
        raise ConfigError(str(problem).replace(CONFIG_NAME, str(path), 1)) from problem


def _database_url_at_the_top(raw: dict, path: Path) -> None:
    """``database_url = "..."`` at the top of the file is database.url, as the guides write it;
    the same line under another heading is said to be misplaced rather than unknown."""
    top = raw.pop("database_url", None)
    if top is not None:
        if "url" in raw.get("database", {}):
            raise ConfigError(
                f"{path}: database_url and [database] url are both set — keep one of them"
            )
        raw.setdefault("database", {})["url"] = top
    for table, section in raw.items():
        if isinstance(section, dict) and "database_url" in section:
            raise ConfigError(
                f"{path}: database_url is under [{table}] — put it at the top of the file, "
                "before any [heading], or write it as url under [database]"
            )


def _check_known(raw: dict, path: Path) -> None:
    """A misspelt setting would otherwise be ignored without a word."""
    import difflib

    known = {(table, key) for table, key, _ in _KEYS.values()}
    tables = {table for table, _ in known}
    for table, section in raw.items():
        if table in tables and not isinstance(section, dict):
            keys = sorted(k for t, k in known if t == table)
            under = f"name = {section!r}" if table == "group" else ", ".join(keys)
            raise ConfigError(
                f"{path}: {table} = {section!r} — {table} is a heading, not a setting: write "
                f"[{table}] on a line of its own and its settings under it ({under})"
            )
        if table not in tables:
            guess = difflib.get_close_matches(table, sorted(tables), n=1)
            hint = (
                f" — did you mean [{guess[0]}]?" if guess else f" — use {', '.join(sorted(tables))}"
            )
            raise ConfigError(f"{path}: unknown section [{table}]{hint}")
        for key in section:
            if (table, key) not in known:
                names = sorted(k for t, k in known if t == table)
                guess = difflib.get_close_matches(key, names, n=1)
                hint = f"did you mean {guess[0]}?" if guess else f"use one of {', '.join(names)}"
                raise ConfigError(f"{path}: unknown setting {table}.{key} — {hint}")


def _coerce(path: Path, where: str, value: object, kind: type) -> object:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if kind is bool and isinstance(value, bool):
        return value
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    expected = {
        bool: "true or false",
        str: "text in quotes",
        int: "a whole number",
        float: "a number",
        tuple: 'a list of text such as ["#NHSLibraries", "#CPD"]'
        if where == "promotion.hashtags"
        else 'a list of text such as ["6.2", "9.3"]',
    }[kind]
    raise ConfigError(f"{path}: {where} is {value!r} — it should be {expected}")


def dump(config: Config, path: Path) -> None:
    """Write a readinggroups.toml a librarian can read and edit by hand."""
    import tomli_w

    tables: dict[str, dict[str, object]] = {
        "group": {},
        "sessions": {},
        "hours": {},
        "database": {},
        "pubmed": {},
        "privacy": {},
        "email": {},
        "followup": {},
        "promotion": {},
        "workshops": {},
    }
    for name, value in asdict(config).items():
        table, key, _ = _KEYS[name]
        tables[table][key] = list(value) if isinstance(value, tuple) else value
    header = (
        "# Settings for this reading group. Edit with any text editor.\n"
        "# sessions.* are the defaults for new sessions; each session can change them.\n"
        "# hours.credit: how the discussion's participatory hours are credited —\n"
        '#   "full-at-threshold": the whole discussion for anyone at or above the attendance\n'
        "#   threshold, below it the time attended rounded down to hours.round_down_minutes;\n"
        '#   "time-attended": the time attended, rounded down, for everyone.\n\n'
    )
    path.write_text(header + tomli_w.dumps(tables), encoding="utf-8")
