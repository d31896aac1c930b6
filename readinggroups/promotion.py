"""Promoting a session: what the posts and the poster say, and how X counts a post's length.

The library promotes its sessions to reach staff who do not normally use it: a short post for
X, a longer one for LinkedIn, a Teams channel or the staff bulletin, and a poster
(``documents/poster.py``). Everything they say about the session is worked out once here, in
an :class:`Announcement`, so the three agree.

The short post must fit X's 280 characters as X counts them (its open-source twitter-text
rules, configuration v3): every web address counts as 23, however long, because X shortens it
to a t.co link; letters, digits and common punctuation count 1; other characters (Chinese or
Japanese text, most symbols) count 2; and an emoji counts 2 however many code points make it
(a skin tone, a family joined with zero-width joiners, a flag). A post that would be longer
gives up what matters least first (a venue of more than a line down to one, the hashtags from
the last, the long form of the date, the CPD sentence, the series' name), and only then
shortens the title (and, last, the venue) with an ellipsis. A link is never cut.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReadingGroupsError
from .wording import clock_range, hours_phrase, long_date, plural

if TYPE_CHECKING:
    from .config import Config
    from .store import ReadingSession

X_LIMIT = 280
X_LINK_LENGTH = 23  # every address, as X's t.co link

POST = "post.txt"
LONG_POST = "post-long.txt"

# twitter-text's weights: these code points count 1, every other 2 (configuration v3 ranges:
# 0-4351, 8192-8205, 8208-8223, 8242-8247).
_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_ZWJ = "\u200d"
_EMOJI_STYLE = "\ufe0f"
_KEYCAP = "\u20e3"

# An address X may link: one starting http(s)://, or a bare domain such as nhs.uk (X links
# those too). X links only addresses whose domain ends in a real top-level domain; a country's
# two letters and the common ones are known here. Trailing punctuation is the sentence's.
_TOP_LEVEL = r"(?:[a-z]{2}|com|org|net|edu|gov|info|biz|app|dev|health|london|scot|wales|cymru)"
_ADDRESS = re.compile(
    r"(?P<web>https?://(?P<host>[^\s<>\"/?#:]+)[^\s<>\"]*)"
    r"|(?<![\w@.\-/])(?P<bare>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    rf"{_TOP_LEVEL}(?:/[^\s<>\"]*)?)(?![\w@])",
    re.IGNORECASE,
)
_KNOWN_HOST = re.compile(rf"(?:[a-z0-9-]+\.)+{_TOP_LEVEL}\.?", re.IGNORECASE)
_TRAILING = ".,;:!?'\")]}"
_VENUE_CAP = 50  # what of a long venue the post keeps before it shortens the title
_NO_RESEARCH = "You do not need any experience of research."
# A venue that says the session is online.
_ONLINE = re.compile(r"\b(?:teams|zoom|online|virtual|webinar)\b", re.IGNORECASE)
_MEETING_APP = re.compile(r"\b(?:teams|zoom)\b", re.IGNORECASE)


def x_length(text: str) -> int:
    """How many of X's 280 characters ``text`` takes (see the module's note): each web
    address 23. An address X may or may not link (a bare domain such as nhs.uk, or a host
    whose top-level domain is not known here, such as intranet.local) counts at least 23 and
    at most its own length, so a post is never longer than counted."""
    text = unicodedata.normalize("NFC", text)  # X counts the composed form
    total = position = 0
    for match in _ADDRESS.finditer(text):
        address = match.group().rstrip(_TRAILING)
        certain = match.group("web") and _KNOWN_HOST.fullmatch(match.group("host"))
        total += _weigh(text[position : match.start()])
        total += X_LINK_LENGTH if certain else max(_weigh(address), X_LINK_LENGTH)
        position = match.start() + len(address)
    return total + _weigh(text[position:])


def _weigh(text: str) -> int:
    total = index = 0
    while index < len(text):
        emoji = _emoji_length(text, index)
        if emoji:
            total += 2
            index += emoji
            continue
        code = ord(text[index])
        total += 1 if any(low <= code <= high for low, high in _LIGHT) else 2
        index += 1
    return total


def _pictographic(code: int) -> bool:
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2300 <= code <= 0x23FF
        or 0x2600 <= code <= 0x27BF
        or 0x2B00 <= code <= 0x2BFF
        or code in (0x3030, 0x303D, 0x3297, 0x3299)
    )


def _emoji_length(text: str, index: int) -> int:
    """The code points of the emoji starting at ``index`` (0: none there)."""
    code, after = ord(text[index]), text[index + 1 : index + 3]
    if 0x1F1E6 <= code <= 0x1F1FF:  # regional indicators: two make a flag
        pair = len(after) > 0 and 0x1F1E6 <= ord(after[0]) <= 0x1F1FF
        return 2 if pair else 1
    if text[index] in "0123456789#*" and after in (_EMOJI_STYLE + _KEYCAP, _KEYCAP):
        return 1 + len(after) if after.endswith(_KEYCAP) else 2  # keycaps: 1️⃣
    if not (_pictographic(code) or after[:1] == _EMOJI_STYLE or text[index] in "\u00a9\u00ae"):
        return 0
    end = index + 1
    while True:
        while end < len(text) and (
            text[end] in (_EMOJI_STYLE, _KEYCAP)
            or 0x1F3FB <= ord(text[end]) <= 0x1F3FF  # skin tones
            or 0xE0020 <= ord(text[end]) <= 0xE007F  # tags (the flags of England, Wales...)
        ):
            end += 1
        if end + 1 < len(text) and text[end] == _ZWJ and _pictographic(ord(text[end + 1])):
            end += 2
            continue
        return end - index


@dataclass(frozen=True)
class Announcement:
    """What the posts and the poster say about one session, worked out once."""

    session_id: int
    title: str
    series: str
    workshop: bool
    day: dt.date
    times: str  # 14:00–15:00
    venue: str
    online: bool
    facilitator: str
    participatory_hours: float  # the discussion or workshop, as a full attendee is credited
    preparation_hours: float  # reading offered beforehand: individual, not participatory
    articles: tuple[str, ...]  # '"Title" (Journal, 2025)', once chosen
    outcomes: tuple[str, ...]  # a workshop's learning outcomes
    places: int
    booking_link: str
    hashtags: tuple[str, ...]
    contact: str  # the group's mailbox, for questions
    library: str
    reflective_form: bool  # attendees get a reflective account form
    notes: tuple[str, ...] = ()  # for the librarian: a session already past

    @property
    def kind(self) -> str:
        return "workshop" if self.workshop else "reading group"

    @property
    def total_hours(self) -> float:
        return self.participatory_hours + self.preparation_hours

    @property
    def date_long(self) -> str:
        """Thursday 12 November 2026."""
        return f"{self.day:%A} {long_date(self.day)}"

    @property
    def date_short(self) -> str:
        """Thu 12 Nov."""
        return f"{self.day:%a} {self.day.day} {self.day:%b}"

    @property
    def where(self) -> str:
        """'online on Microsoft Teams', 'Seminar Room 2, or online', 'Seminar Room 2'."""
        if not self.online:
            return self.venue or "venue to be confirmed"
        if _MEETING_APP.search(self.venue):
            return f"online on {self.venue}"
        if not self.venue or _ONLINE.search(self.venue):
            return "online"
        return f"{self.venue}, or online"

    @property
    def cpd(self) -> str:
        """The CPD on offer in a sentence; empty when a session is too short to earn any."""
        if not self.total_hours:
            return ""
        if not self.preparation_hours:
            return f"{hours_phrase(self.total_hours)} of participatory CPD for NMC revalidation."
        return (
            f"{hours_phrase(self.total_hours)} of CPD for NMC revalidation "
            f"({hours_phrase(self.participatory_hours)} participatory)."
        )

    @property
    def cpd_detail(self) -> str:
        """The CPD on offer, split as the session pack and certificate split it."""
        if not self.total_hours:
            return ""
        discussion = "workshop" if self.workshop else "group discussion"
        if not self.preparation_hours:
            return (
                f"{hours_phrase(self.participatory_hours)} of participatory CPD for your NMC "
                f"revalidation (the {discussion})."
            )
        return (
            f"{hours_phrase(self.total_hours)} of CPD for your NMC revalidation: "
            f"{hours_phrase(self.participatory_hours)} of {discussion} (participatory) and "
            f"{hours_phrase(self.preparation_hours)} of preparation (individual reading, in "
            "your own time)."
        )

    @property
    def documents(self) -> str:
        """What everyone who attends receives."""
        if self.reflective_form:
            return (
                "a certificate of attendance, a CPD record and a reflective account form, "
                "ready for your revalidation portfolio"
            )
        return "a certificate of attendance and a CPD record for your revalidation portfolio"

    @property
    def about(self) -> str:
        """What happens at the session, for someone who has never been to one."""
        if self.workshop:
            return f"A {self.kind} led by {self.facilitator}."
        if len(self.articles) > 1:
            read = "Read the articles beforehand, then discuss them with colleagues: what they"
        else:
            read = "Read one article beforehand, then discuss it with colleagues: what it"
        return f"{read} found, and how it applies to practice. {_NO_RESEARCH}"

    @property
    def articles_text(self) -> str:
        """'This session's article: "Title" (Journal, 2025).', once one is chosen."""
        if not self.articles:
            return ""
        which = "This session's article" if len(self.articles) == 1 else "The articles"
        return f"{which}: {'; '.join(self.articles)}."

    @property
    def welcome(self) -> str:
        return "Everyone is welcome: you do not need to have used the library before."

    @property
    def joining(self) -> str:
        """For a session online: how the joining link reaches those who book."""
        return "The joining link comes with your booking confirmation." if self.online else ""


def announce(
    session: ReadingSession, config: Config, *, today: dt.date | None = None
) -> Announcement:
    """The announcement of ``session`` (a reading group or a workshop), with its booking
    link: the session's own, else the group's (group.booking_link). A ReadingGroupsError
    saying where to set one when neither is set: the poster's QR code needs it."""
    link = session.booking_link or config.booking_link
    if not link:
        raise ReadingGroupsError(
            f"session {session.id} has no booking link to promote — set booking_link under "
            "[group] in readinggroups.toml (a Microsoft Forms booking form or a LibCal event) "
            f"— or give this session its own: `readinggroups sessions edit {session.id} "
            "--booking-link URL`"
        )
    notes = []
    if session.is_workshop and not session.booking_link:
        # The group's link is most often the reading group's own booking form.
        notes.append(
            f"the workshop uses the group's booking link ({link}); give it its own with "
            f"`readinggroups sessions edit {session.id} --booking-link URL`"
        )
    if today is not None and session.date < today:
        notes.append(f"session {session.id} was on {long_date(session.date)}, which has passed")
    venue = " ".join(session.venue.split())
    return Announcement(
        session_id=session.id,
        title=" ".join(session.title.split()),
        series=session.series_name(config.group),
        workshop=session.is_workshop,
        day=session.date,
        times=clock_range(session.starts_at, session.ends_at),
        venue=venue,
        online=bool(session.online_link or _ONLINE.search(venue)),
        facilitator=session.facilitator or config.facilitator or "the library team",
        participatory_hours=session.hours_policy.offered(session.minutes),
        preparation_hours=session.preparation_hours,
        articles=tuple(_article(a) for a in session.articles),
        outcomes=tuple(session.learning_outcomes or ()),
        places=session.capacity,
        booking_link=link,
        hashtags=hashtags(config.hashtags),
        contact=config.email_from,
        library=config.library,
        reflective_form=not session.is_workshop or config.workshop_reflective_form,
        notes=tuple(notes),
    )


def _article(article) -> str:
    """'"Title" (Journal, 2025)': enough for a reader to know it, not a citation."""
    title = " ".join((article.title or "").split()).rstrip(".")
    source = ", ".join(str(part) for part in (article.journal, article.year) if part)
    quoted = f"\u201c{title}\u201d" if title else "an article"
    return f"{quoted} ({source})" if source else quoted


def hashtags(tags: Iterable[str]) -> tuple[str, ...]:
    """The settings' hashtags as X needs them: each starting with #, no spaces inside (a
    space would end the tag), each once."""
    seen: dict[str, str] = {}
    for tag in tags:
        word = "".join(tag.split()).lstrip("#")
        if word:
            seen.setdefault(word.casefold(), f"#{word}")
    return tuple(seen.values())


@dataclass(frozen=True)
class Post:
    """The short post, its length as X counts it, and what was given up to fit."""

    text: str
    length: int
    gave_up: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Draft:
    title: str
    venue: str
    tags: tuple[str, ...]
    long_date: bool = True
    cpd: bool = True
    series: bool = True

    def words(self, name: str, text: str) -> _Draft:
        """The draft with other words for its ``name``: "title" or "venue"."""
        return replace(self, title=text) if name == "title" else replace(self, venue=text)

    def text(self, news: Announcement) -> str:
        shown = replace(news, venue=self.venue)
        when = news.date_long if self.long_date else news.date_short
        heading = f"{news.series}: {self.title}" if self.series else self.title
        lines = [heading, f"{when}, {news.times}, {shown.where}."]
        if self.cpd and news.cpd:
            lines.append(news.cpd)
        lines.append(f"Book: {news.booking_link}")
        if self.tags:
            lines.append(" ".join(self.tags))
        return "\n".join(lines)


def short_post(news: Announcement, limit: int = X_LIMIT) -> Post:
    """The post for X: the topic, day, time, place, CPD, booking link and hashtags, within
    ``limit`` as X counts (see the module's note for what gives way first)."""

    def fits(candidate: _Draft) -> bool:
        return x_length(candidate.text(news)) <= limit

    # Words beyond the limit can never fit, and are given up with an ellipsis below anyway.
    draft = _Draft(news.title[: limit + 1], news.venue[: limit + 1], news.hashtags)
    gave_up: list[str] = []
    concessions = _concessions(draft)
    while not fits(draft) and (step := next(concessions, None)):
        draft, said = step
        gave_up.append(said)
    # Last of all the words themselves, with an ellipsis: the title as far as it must go,
    # then the venue.
    for name in ("title", "venue"):
        if fits(draft):
            break
        draft = _shortened(draft, name, fits)
        if f"shortened the {name}" not in gave_up:
            gave_up.append(f"shortened the {name}")
    text = draft.text(news)
    return Post(text, x_length(text), tuple(gave_up))


def _concessions(draft: _Draft) -> Iterator[tuple[_Draft, str]]:
    """Ever shorter drafts, giving up what is least missed first, each with what it gave up."""
    if x_length(draft.venue) > _VENUE_CAP:  # a venue of a paragraph: its first line will do
        draft = _shortened(draft, "venue", lambda _: True, cap=_VENUE_CAP)
        yield draft, "shortened the venue"
    for count in range(len(draft.tags) - 1, -1, -1):
        dropped = draft.tags[count]
        draft = replace(draft, tags=draft.tags[:count])
        yield draft, f"left out {dropped}"
    draft = replace(draft, long_date=False)
    yield draft, "wrote the date short"
    draft = replace(draft, cpd=False)
    yield draft, "left out the CPD hours"
    draft = replace(draft, series=False)
    yield draft, "left out the series' name"


def _shortened(
    draft: _Draft, name: str, fits: Callable[[_Draft], bool], *, cap: int | None = None
) -> _Draft:
    """The draft with its ``name`` ("title" or "venue") cut, at whole words if it can, with an
    ellipsis: to at most ``cap`` as X counts, or else no more than it takes for the draft to
    fit."""
    whole: str = getattr(draft, name)
    words = whole.split()
    starts = [" ".join(words[:count]) for count in range(len(words), 0, -1)]
    starts += [whole[:end] for end in range(len(whole) - 1, 0, -1)]
    for start in (s.rstrip(" ,;:–-—") for s in starts):
        shorter = draft.words(name, whole if start == whole else f"{start}…")
        if (cap is None or x_length(getattr(shorter, name)) <= cap) and fits(shorter):
            return shorter
    return draft.words(name, "…")


def long_post(news: Announcement) -> str:
    """The post for LinkedIn, a Teams channel or the staff bulletin: the short post's facts,
    what happens at the session, what it earns and how to book."""
    paragraphs = [
        f"{news.series}: {news.title}",
        f"Join us on {news.date_long}, {news.times}, {news.where}.",
    ]
    if news.workshop:
        lines = [news.about]
        if news.outcomes:
            lines += ["", "Learning outcomes:", *(f"- {o}" for o in news.outcomes)]
    else:
        said = (news.about, news.articles_text, f"Facilitated by {news.facilitator}.")
        lines = [line for line in said if line]
    paragraphs.append("\n".join(lines))
    if news.cpd_detail:
        paragraphs.append(f"{news.cpd_detail} Everyone who attends receives {news.documents}.")
    booking = f"{plural(news.places, 'place')}. Book yours: {news.booking_link}"
    if news.joining:
        booking += f"\n{news.joining}"
    if news.contact:
        booking += f"\nQuestions: {news.contact}"
    paragraphs += [booking, news.welcome]
    if news.hashtags:
        paragraphs.append(" ".join(news.hashtags))
    return "\n\n".join(paragraphs)


@dataclass
class Promotion:
    """What `promote` wrote for one session: the two posts, the poster (and its PDF)."""

    post: Path
    long_post: Path
    poster: Path
    pdf: Path | None
    short: Post
    notes: list[str] = field(default_factory=list)

    @property
    def written(self) -> list[Path]:
        return [p for p in (self.post, self.long_post, self.poster, self.pdf) if p is not None]

    def summary(self) -> str:
        """'The post is 201 of X's 280 characters (its link counted as 23)', with what it
        gave up to fit."""
        text = (
            f"The post is {self.short.length} of X's {X_LIMIT} characters (its link counted as "
            f"{X_LINK_LENGTH})"
        )
        if self.short.gave_up:
            text += f"; to fit, it {', '.join(self.short.gave_up)}"
        return text


def write_posts(news: Announcement, folder: Path) -> tuple[Path, Path, Post]:
    """post.txt (for X) and post-long.txt in ``folder``: plain UTF-8 text to paste."""
    from .files import write_atomically

    short = short_post(news)
    post, longer = folder / POST, folder / LONG_POST
    write_atomically(post, (short.text + "\n").encode("utf-8"))
    write_atomically(longer, (long_post(news) + "\n").encode("utf-8"))
    return post, longer, short
