"""Planning a batch of one kind for one session, and delivering it message by message, each
recorded in its own transaction as it goes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReadingGroupsError
from . import FOLLOWUP, INVITING
from .compose import build, on_the_wire
from .sending import (
    CANCELLING,
    REFUSED,
    SENT,
    Held,
    Planned,
    Sending,
    claim,
    draft_for,
    history,
    recipients,
    release,
    settle,
    still_to_send,
    survey_link,
    values,
)
from .transports import Outbox, Refused, Smtp, Uncertain

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..config import Config
    from ..store import ReadingSession
    from ..store.unit import Store


def plan(db: Session, session: ReadingSession, kind: str, config: Config, root: Path,
         *, pack: Path | None = None, resend: bool = False,
         reminded_before: dt.datetime | None = None) -> Sending:  # fmt: skip
    """The messages of ``kind`` still to send for ``session`` (all of them with ``resend``);
    the follow-up's reminder only to those sent the follow-up before ``reminded_before`` if
    given (`send --due`: so many days after their own)."""
    from ..attendance.bookings import WAITLISTED, participatory_hours, waiting_list
    from ..documents.forms import documents_for, file_name
    from ..invitations import invitation
    from ..wording import hours_phrase, long_date

    everyone = recipients(db, session, kind, reminded_before)
    held = history(db, session)

    def theirs(booking) -> Held:
        return held.get(booking.person_id) or Held()

    owed = [b for b in everyone if resend or still_to_send(kind, b, theirs(b), session)]
    waiting = {b.id: n for n, b in enumerate(waiting_list(db, session.id), 1)}
    coming = [f"{long_date(s.date)} at {s.start:%H:%M}: {s.title}" for s in _coming(db, session)]
    series = session.series_name(config.group)  # a workshop signs off as its series
    signature = "\n".join(filter(None, [config.facilitator, config.library, series]))
    own = root / "templates"
    forms = root / "output" / "forms" / f"session-{session.id}"
    result = Sending(session, kind, [], already=len(everyone) - len(owed), resend=resend)
    # Drafts in the outbox take the librarian's mailbox in Outlook; a mail server needs it.
    needs_mailbox = kind in INVITING + CANCELLING or config.email_transport == "smtp"
    if owed and needs_mailbox and not config.email_from:
        raise ReadingGroupsError(
            "set `from` under [email] in readinggroups.toml (the group's mailbox): "
            "messages are sent from it and invitations come from it"
        )
    link = survey_link(session, config.survey_link) if owed and kind in FOLLOWUP else ""
    for booking in owed:
        attachments: list[Path] = []
        calendar = None
        if kind in INVITING + CANCELLING:
            cancelling = kind in CANCELLING
            calendar = invitation(
                session,
                group=config.group,
                organiser=config.email_from or "",
                attendees=[(booking.person.name, booking.person.email)],
                time_zone=config.time_zone,
                cancel=cancelling,
                sequence=theirs(booking).calendar_sequence(session, cancelling=kind == "released"),
            )
        if kind == "pack" and pack is not None:
            attachments.append(pack)
        if kind == "documents":
            attachments = [
                forms / file_name(name, session, booking)
                for name in documents_for(session, config.workshop_reflective_form)
            ]
            attachments += [
                p.with_suffix(".pdf") for p in attachments if p.with_suffix(".pdf").is_file()
            ]
        hours = hours_phrase(participatory_hours(booking)) if booking.attendance else ""
        filled = values(
            booking, session, config.group, signature, hours_phrase(config.preparation_hours),
            hours, waiting.get(booking.id, 0) if booking.status == WAITLISTED else 0, coming,
            config.pack_days_before, survey_link=link,
            reflective_form=config.workshop_reflective_form,
        )  # fmt: skip
        result.planned.append(
            Planned(booking, draft_for(kind, booking, filled, own, attachments, calendar))
        )
    return result


def _coming(db: Session, session: ReadingSession) -> list[ReadingSession]:
    """The next sessions of ``session``'s own series: someone who missed a workshop is offered
    the next workshops, not the reading group."""
    from sqlalchemy import select

    from ..store import ReadingSession as Model

    same_series = (
        Model.series.is_(None) if session.series is None else Model.series == session.series
    )
    return list(
        db.scalars(
            select(Model)
            .where(
                Model.cancelled_at.is_(None),
                Model.date >= dt.date.today(),
                Model.id != session.id,
                Model.kind == session.kind,
                same_series,
            )
            .order_by(Model.date)
            .limit(3)
        )
    )


def deliver(store: Store, sending: Sending, config: Config, root: Path) -> Sending:
    """Send each planned message, recording each as it goes."""
    from ..documents.filenames import safe_stem

    transport: Outbox | Smtp = (
        Smtp(config) if config.email_transport == "smtp" else Outbox(root / "output" / "outbox")
    )
    limit = config.email_max_message_mb * 1_000_000
    sender, sender_name = (
        config.email_from or "library@example.invalid",
        config.library or config.group,
    )
    try:
        for planned in sending.planned:
            draft, booking = planned.draft, planned.booking
            message = build(draft, sender, sender_name)
            data = on_the_wire(message)  # made once: measured, then sent or written
            if len(data) > limit:
                sending.too_large.append(draft.to_email)
                continue
            who = safe_stem(draft.to_name, "person")
            stem = f"{sending.session.date.isoformat()}_{sending.kind}_{who}_{booking.id}"
            with store.unit() as unit:  # claimed first: another command sending now skips it
                claimed = claim(unit.db, booking.id, sending.kind, message["Message-ID"],
                                transport.name, resend=sending.resend)  # fmt: skip
            if claimed is None:
                sending.taken += 1
                continue
            outcome, detail = SENT, None
            try:
                transport.send(data, sender, draft.to_email, stem)
            except Refused as problem:
                outcome, detail = REFUSED, str(problem)
                sending.refused.append((draft.to_email, detail))
            except Uncertain as problem:
                detail = (
                    f"the connection dropped as the server took it ({problem}): check it arrived"
                )
                sending.uncertain.append(draft.to_email)
            except BaseException:
                # Nothing went (the server could not be reached, the sign-in failed, the
                # outbox could not be written, Ctrl+C): the claim is let go, so that the next
                # run sends it.
                with store.unit() as unit:
                    release(unit.db, claimed)
                raise
            else:
                sending.sent.append(draft.to_email)
            with store.unit() as unit:  # each message recorded as it goes
                settle(unit.db, claimed, outcome, detail)
    finally:
        transport.close()
    return sending
