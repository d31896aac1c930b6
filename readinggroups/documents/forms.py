"""Each attendee's documents: the NMC reflective account form, a CPD record and a certificate
(a workshop's attendees get the form only when the library turns it on)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import nmc, reflection
from ..attendance.bookings import participatory_hours, preparation_hours
from ..wording import hours, hours_phrase
from .bulk import Batch
from .citation import vancouver
from .context import UNTICKED, session_facts, with_logo, workshop_topic
from .filenames import inside, safe_stem
from .render import template_path

if TYPE_CHECKING:
    from ..store import Booking, ReadingSession
    from .settings import DocumentSettings

# What each attendee gets: file name prefix → template.
DOCUMENTS = {
    "reflective-account": "reflective_account.docx",
    "cpd-record": "cpd_log_entry.docx",
    "certificate": "certificate.docx",
}
# The fields that differ from one attendee to the next; everything else is the session's.
PERSONAL = (
    "name",
    "nmc_pin",
    "participatory_hours",
    "minutes_attended",
    "total_hours",
    "total_phrase",
    "certificate_number",
)
METHOD = (
    "Participatory: group discussion at a reflective reading group, after individual "
    "preparatory reading of the article"
)
WORKSHOP_METHOD = "Workshop (participatory: interaction with other professionals)"


def documents_for(session: ReadingSession, workshop_form: bool) -> tuple[str, ...]:
    """What each attendee of ``session`` gets (keys of DOCUMENTS): a workshop's attendees get
    no reflective account form unless the library turns it on (``workshop_form``, the
    setting workshops.reflective_form)."""
    if session.is_workshop and not workshop_form:
        return tuple(kind for kind in DOCUMENTS if kind != "reflective-account")
    return tuple(DOCUMENTS)


def file_name(kind: str, session: ReadingSession, booking: Booking) -> str:
    # The booking id keeps two people with the same name apart.
    stem = safe_stem(booking.person.name, "attendee")
    return f"{kind}_{session.date.isoformat()}_{stem}_{booking.id}.docx"


def attendee_folder(booking: Booking) -> str:
    """The folder for one attendee's documents in a bundle (short: unzipped on Windows under
    a long Downloads path, folder and file together must stay under 260 characters)."""
    return f"{safe_stem(booking.person.name, 'attendee')[:40].rstrip('-.')}_{booking.id}"


def shared_facts(settings: DocumentSettings, session: ReadingSession) -> dict[str, object]:
    """What every attendee's documents say about the session."""
    facts = session_facts(settings, session)
    model = reflection.model(session.reflective_model)
    if session.is_workshop:
        return facts | {
            "questions": list(nmc.REFLECTIVE_QUESTIONS),
            "prompts": list(model.prompts_for(workshop=True)),
            "activity": f"Workshop (participatory CPD): {facts['series']}, {settings.library}",
            "articles": [],
            "articles_text": "",
            "method": WORKSHOP_METHOD,
            "topic": workshop_topic(session, settings.group),
        }
    citations = [vancouver(article) for article in session.articles]
    return facts | {
        "questions": list(nmc.REFLECTIVE_QUESTIONS),
        "prompts": list(model.prompts),
        "activity": f"Reflective reading group (participatory CPD): {settings.group}, "
        f"{settings.library}",
        "articles": citations,
        "articles_text": "; ".join(citations),
        "method": METHOD,
        "topic": f"{session.title}. Article discussed: {'; '.join(citations)}",
    }


def personal_facts(session: ReadingSession, booking: Booking) -> dict[str, str]:
    """What differs from one attendee to the next: the hours are those the session's hours
    policy certifies; the minutes attended stay for templates that show them."""
    participatory = participatory_hours(booking)
    return {
        "name": booking.person.name,
        "nmc_pin": booking.person.nmc_pin or "",
        "participatory_hours": hours(participatory),
        "minutes_attended": str(min(booking.minutes_attended or 0, session.minutes)),
        "total_hours": hours(participatory + preparation_hours(booking)),
        "total_phrase": hours_phrase(participatory + preparation_hours(booking)),
        "certificate_number": booking.certificate_number or "",
    }


def write_attendee_documents(
    settings: DocumentSettings,
    session: ReadingSession,
    bookings: list[Booking],
    folder: Path,
    *,
    kinds: tuple[str, ...] | None = None,
    per_attendee_folders: bool = False,
) -> list[Path]:
    """Write each attendee's documents (``kinds``, by default those the session's kind
    gives) into ``folder``; the paths, attendee by attendee."""
    from ..progress import progress

    if kinds is None:
        kinds = documents_for(session, settings.workshop_reflective_form)
    shared = with_logo(settings, shared_facts(settings, session))
    # Only the reflective account form asks which themes of the Code the activity touched,
    # and its boxes are left for the nurse to tick.
    templates = {kind: template_path(DOCUMENTS[kind], settings.templates) for kind in kinds}
    if session.is_workshop:
        for template in templates.values():
            _check_serves_workshops(template, settings)
    batches = {
        kind: Batch(
            templates[kind],
            shared,
            PERSONAL,
            ticks=UNTICKED if kind == "reflective-account" else None,
        )
        for kind in kinds
    }
    written = []
    for booking in progress(bookings, desc="Attendees' documents", unit="attendee"):
        values = personal_facts(session, booking)
        where = folder / attendee_folder(booking) if per_attendee_folders else folder
        for kind, batch in batches.items():
            written.append(batch.write(values, inside(where, file_name(kind, session, booking))))
    return written


def _check_serves_workshops(template: Path, settings: DocumentSettings) -> None:
    """A library's copy of a template made before sessions had kinds would print a workshop's
    certificate as a reading group's, with an empty article: refuse it, saying what to do."""
    from ..errors import TemplateError
    from .render import template_source

    if settings.templates is None or template.parent != settings.templates:
        return
    if "workshop" not in template_source(template):
        raise TemplateError(
            f"{template.name} in the workspace's templates folder was copied before workshops "
            "and would print this workshop as a reading group — copy the new template "
            "(`readinggroups templates copy --force`) and make your changes to it again, or "
            "delete your copy"
        )


def replace_documents(
    made: list[Path], folder: Path, session: ReadingSession, present: list[Booking]
) -> list[Path]:
    """Move a finished batch into ``folder``, and remove earlier documents of this session for
    anyone no longer recorded as attending (a corrected report): their certificate no longer
    stands. The paths in ``folder``, in the batch's order."""
    import os

    moved = []
    for path in made:
        target = folder / path.name
        os.replace(path, target)
        moved.append(target)
    keep = {str(b.id) for b in present}
    # A kind no longer made (a workshop's form, once the library turns it off) goes too.
    kinds = {path.name.partition("_")[0] for path in made}
    for path in folder.iterdir():
        kind, _, rest = path.name.partition("_")
        booking_id = path.stem.rpartition("_")[2]
        if (
            kind in DOCUMENTS
            and rest.startswith(f"{session.date.isoformat()}_")
            and path.suffix in (".docx", ".pdf")
            and booking_id.isdigit()
            and (booking_id not in keep or kind not in kinds)
        ):
            path.unlink()
    return moved


class AttendeeDocuments(list[Path]):
    """The documents written for a session's attendees (a list of paths, or the one .zip),
    knowing how many attendees they are for."""

    def __init__(
        self, paths: list[Path], attendees: int, too_short: list[Booking] | None = None
    ) -> None:
        super().__init__(paths)
        self.attendees = attendees
        # Present, but too briefly to be credited any participatory time: no documents.
        self.too_short = too_short or []

    @property
    def folder(self) -> Path:
        """Where they were written."""
        return self[0].parent

    def summary(self, *, where: str | None = None) -> str:
        """'27 documents for 9 attendees', '27 documents and 27 PDFs for 9 attendees' or '1 zip
        for 9 attendees', then ``where`` (as the caller shows the folder) and anyone left out."""
        from ..wording import plural

        pdfs = sum(1 for p in self if p.suffix == ".pdf")
        zips = sum(1 for p in self if p.suffix == ".zip")
        made = [plural(len(self) - pdfs - zips, "document")] if len(self) > pdfs + zips else []
        made += [plural(pdfs, "PDF")] if pdfs else []
        made += [plural(zips, "zip")] if zips else []
        text = f"{' and '.join(made)} for {plural(self.attendees, 'attendee')}"
        return text + (f" to {where}" if where else "") + self.too_short_note()

    def too_short_note(self) -> str:
        if not self.too_short:
            return ""
        named = ", ".join(f"{b.person.name} ({b.minutes_attended} min)" for b in self.too_short)
        return f"; none for {named}: too short a time to credit"


def make_forms(
    settings: DocumentSettings,
    session: ReadingSession,
    present: list[Booking],
    folder: Path,
    *,
    bundle: bool = False,
    pdf: bool = False,
    too_short: list[Booking] | None = None,
) -> AttendeeDocuments:
    """Every attendee's three documents in ``folder`` (with PDFs, when ``pdf``), or one .zip
    with a folder per attendee (``bundle``). Written aside first, in ``folder``, so a template
    that fails halfway leaves the folder as it was; what a killed run left there goes."""
    from ..files import scratch_folder
    from .pdf import require_soffice, to_pdf

    if pdf:
        require_soffice()  # before any work, so the advice comes first
    if not bundle:
        with scratch_folder(folder) as scratch:
            written = write_attendee_documents(settings, session, present, scratch)
            made = written + (to_pdf(written) if pdf else [])
            moved = replace_documents(made, folder, session, present)
            return AttendeeDocuments(moved, len(present), too_short)

    from .bundle import zip_folder

    with scratch_folder(folder) as scratch:
        written = write_attendee_documents(
            settings, session, present, scratch, per_attendee_folders=True
        )
        if pdf:
            to_pdf(written)
        name = f"forms_{session.date.isoformat()}_session-{session.id}.zip"
        zipped = zip_folder(scratch, folder / name)
        return AttendeeDocuments([zipped], len(present), too_short)
