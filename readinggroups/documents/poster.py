"""The A4 poster that promotes a session, for a noticeboard, a staff room or a ward: the topic,
day, time and place, the CPD it earns, and how to book, with a QR code for the booking link."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from docxtpl import InlineImage

from ..wording import plural
from .context import with_logo
from .filenames import inside
from .render import add_link, render, template_path

if TYPE_CHECKING:
    from ..promotion import Announcement
    from .settings import DocumentSettings

TEMPLATE = "poster.docx"
POSTER = "poster.docx"
QR_SIZE_MM = 48  # scans from arm's length on paper, and from a screen


class DescribedImage(InlineImage):
    """A picture with alt text of its own: docxtpl's pictures have none, and the QR code's
    must give the link to whoever cannot scan it."""

    def __init__(self, tpl, image_descriptor, *, description: str, **size) -> None:
        super().__init__(tpl, image_descriptor, **size)
        self.description = description

    def _insert_image(self) -> str:
        part = self.tpl.current_rendering_part
        inline = part.new_pic_inline(self.image_descriptor, self.width, self.height)
        inline.docPr.set("descr", self.description)
        if self.anchor:
            self._add_hyperlink(inline, self.anchor, part)
        return (
            f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )


def qr_code(link: str) -> bytes:
    """The QR code of ``link`` as a PNG: black on white, with the quiet zone the standard asks
    for, and at least medium error correction (more where it costs no size), so that a crease
    or a smudge on the printed poster still scans."""
    import segno

    code = segno.make(link, error="m", micro=False, boost_error=True)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()


def qr_description(link: str) -> str:
    """The QR code's alt text: what a screen reader says instead of the picture."""
    return f"QR code to book a place: {link}"


# The shipped poster's measures in millimetres, for choosing the title's size: the height of
# its A4 page within the margins, the text's width (and the panel's, beside the QR code), and
# the heights of its fixed parts: the library's name, the band, the heading "Book your place"
# and what spacing and cells' padding add (measured: LibreOffice's PDFs of the fullest
# posters, a workshop with five outcomes and a reading group on two articles, each with a
# logo and a long link), the logo, and the panel's QR code and caption.
_PAGE_MM = 270
_TEXT_WIDTH_MM = 180
_PANEL_WIDTH_MM = 121
_FIXED_MM = 6.8 + 18.2 + 14 + 27
_LOGO_MM = 18
_QR_MM = QR_SIZE_MM + 14
_POINT_MM = 0.3528
_TITLE_SIZES = (40, 34, 28, 24, 20)


def _height(
    text: str,
    points: float,
    *,
    width: float = _TEXT_WIDTH_MM,
    bold: bool = False,
    after: float = 4,
) -> float:
    """About how many millimetres ``text`` takes in lines of ``width`` at ``points``, with
    ``after`` points of space after its paragraph. Letters are taken as wide as DejaVu Sans's,
    which LibreOffice shows where there is no Arial (Arial's are narrower)."""
    import textwrap

    if not text:
        return 0.0
    letter = points * _POINT_MM * (0.62 if bold else 0.53)
    lines = len(textwrap.wrap(text, max(1, int(width / letter)), break_long_words=True))
    return (lines * points * 1.17 + after) * _POINT_MM


def poster_height(news: Announcement, title_points: int, *, logo: bool) -> float:
    """About how many millimetres the shipped poster's text takes with the title at
    ``title_points``."""
    panel = sum(
        _height(text, points, width=_PANEL_WIDTH_MM, bold=points > 13, after=0)
        for text, points in (
            (news.date_long, 20),
            (news.times, 20),
            (news.where, 16),
            (news.cpd_detail, 13),
            (news.documents, 13),
        )
    )
    outcomes = 14 + sum(_height(o, 13, width=_TEXT_WIDTH_MM - 10, after=2) for o in news.outcomes)
    return (
        _FIXED_MM
        + (_LOGO_MM if logo else 0)
        + _height(news.title, title_points, bold=True, after=10)
        + _height(news.about, 13)
        + _height(news.articles_text, 13)
        + (outcomes if news.outcomes else 0)
        + max(panel + 8, _QR_MM)
        + _height(f"10 places. Scan the QR code, or go to: {news.booking_link}", 12)
        + _height(news.joining, 13)
        + _height(news.welcome, 13, bold=True)
    )


def title_points(news: Announcement, *, logo: bool) -> int:
    """The largest size for the title that, by an estimate of the lines each part takes,
    leaves the shipped poster on one page; the smallest when none would."""
    fitting = (p for p in _TITLE_SIZES if poster_height(news, p, logo=logo) <= _PAGE_MM)
    return next(fitting, _TITLE_SIZES[-1])


def write_poster(settings: DocumentSettings, news: Announcement, folder: Path) -> Path:
    """The poster for the session ``news`` announces, as poster.docx in ``folder``."""
    from docx.shared import Mm
    from docxtpl import RichText

    where = news.where[:1].upper() + news.where[1:]
    context = {
        "logo": None,
        "logo_alt": f"{settings.library} logo",
        "group": settings.group,
        "library": settings.library,
        "series": news.series,
        "kind": news.kind,
        "session_title": news.title,
        "about": news.about,
        "articles_text": news.articles_text,
        "outcomes": list(news.outcomes),
        "date_long": news.date_long,
        "time_range": news.times,
        "where": where,
        "facilitator": news.facilitator,
        "cpd": news.cpd_detail or "None: the session is too short to earn CPD hours.",
        "documents": f"Everyone who attends receives {news.documents}.",
        "places": plural(news.places, "place"),
        "booking_link": news.booking_link,
        "joining": news.joining,
        "welcome": news.welcome,
        "contact_line": " · ".join(
            filter(None, (settings.library, news.contact and f"Questions? {news.contact}"))
        ),
        "qr_alt": qr_description(news.booking_link),
    }
    complete = with_logo(settings, context)

    def with_pictures(document) -> dict[str, object]:
        base = complete(document) if callable(complete) else complete
        title = RichText()
        points = title_points(news, logo=settings.logo is not None)
        title.add(news.title, size=points * 2)  # half-points
        link = RichText()
        add_link(document, link, news.booking_link, news.booking_link, size=24)
        qr = DescribedImage(
            document,
            io.BytesIO(qr_code(news.booking_link)),
            description=qr_description(news.booking_link),
            width=Mm(QR_SIZE_MM),
            anchor=news.booking_link,  # a click on it in Word or the PDF books too
        )
        return {**base, "title": title, "link": link, "qr": qr}

    template = template_path(TEMPLATE, settings.templates)
    return render(template, with_pictures, inside(folder, POSTER))


def make_poster(
    settings: DocumentSettings, news: Announcement, folder: Path, *, pdf: bool = False
) -> tuple[Path, Path | None]:
    """The poster in ``folder``, and its PDF when ``pdf`` (made by LibreOffice)."""
    from .pdf import to_pdf

    poster = write_poster(settings, news, folder)
    return poster, to_pdf([poster])[0] if pdf else None
