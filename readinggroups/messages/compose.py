"""One message to one person, as proper MIME: plain text and HTML alternatives, names with
accents encoded in headers and file names, and a calendar part for invitations.

The words come from `templates/email/KIND.txt`, a workshop's from `templates/email/workshop/`
first (a workspace's own copy in its `templates/email/` folder wins): a first line
`Subject: ...`, a blank line, then the body, filled in by the same sandbox as the Word
templates, so a misspelt field is an error naming it.
"""

from __future__ import annotations

import html
import mimetypes
from dataclasses import dataclass, field
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.policy import default
from email.utils import formataddr, make_msgid
from functools import cache
from pathlib import Path

from ..errors import TemplateError

_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pdf": ("application", "pdf"),
    ".ics": ("text", "calendar"),
}


@dataclass
class Draft:
    """A message before it is sent: to whom, its words, what is attached."""

    kind: str
    to_name: str
    to_email: str
    subject: str
    text: str
    attachments: list[Path] = field(default_factory=list)
    calendar: bytes | None = None  # an invitation, as the .ics bytes
    calendar_method: str = "REQUEST"

    @property
    def size(self) -> int:
        """Bytes attached, of what is made so far (the message itself adds about a third for
        encoding)."""
        made = sum(p.stat().st_size for p in self.attachments if p.is_file())
        return made + len(self.calendar or b"")

    @property
    def to_make(self) -> list[Path]:
        """Attachments not made yet (a dry run lists them): made when the message is sent."""
        return [p for p in self.attachments if not p.is_file()]


def email_template(kind: str, own: Path | None, *, workshop: bool = False) -> Path:
    """The workspace's own email template for ``kind`` if it has one, else the shipped one.
    A workshop's messages come from `email/workshop/KIND.txt` first (the workspace's copy,
    then the shipped one), as they speak of a workshop and its learning outcomes rather than
    a reading group and its article; a kind with no workshop wording uses the general one."""
    from ..documents.render import template_path
    from ..errors import TemplateError

    if workshop:
        if own is not None and (own / "email" / "workshop" / f"{kind}.txt").is_file():
            return own / "email" / "workshop" / f"{kind}.txt"
        try:
            return template_path(f"email/workshop/{kind}.txt")
        except TemplateError:
            pass  # no workshop wording for this kind
    if own is not None and (own / "email" / f"{kind}.txt").is_file():
        return own / "email" / f"{kind}.txt"
    return template_path(f"email/{kind}.txt")


def fill(template: Path, values: dict[str, object]) -> tuple[str, str]:
    """(subject, body) of ``template`` filled in with ``values``."""
    try:
        subject_template, body_template = _compiled(template, template.stat().st_mtime_ns)
        subject = subject_template.render(values)
        filled = body_template.render(values)
    except TemplateError:
        raise
    except Exception as problem:  # a misspelt field or a broken tag in an edited template
        raise TemplateError(
            f"{template.name}: {problem} — correct it, or delete your copy"
        ) from problem
    return " ".join(subject.split()), filled.strip() + "\n"


@cache
def _compiled(template: Path, _changed: int):
    """The subject and body of an email template, read and compiled once for a batch (and
    again if the file changes): by the Word templates' sandbox, values left as text."""
    from ..documents.render import sandbox

    text = template.read_text(encoding="utf-8-sig")
    first, _, body = text.partition("\n")
    if not first.lower().startswith("subject:"):
        raise TemplateError(
            f"{template.name}: the first line must be `Subject: ...`, then a blank line, then "
            "the message"
        )
    environment = sandbox(autoescape=False, trim_blocks=True)
    subject = first.split(":", 1)[1].strip()
    return environment.from_string(subject), environment.from_string(body.lstrip("\n"))


def _html(text: str) -> str:
    """The plain text as simple HTML: paragraphs, line breaks and links, everything escaped."""
    import re

    paragraphs = []
    for block in text.strip().split("\n\n"):
        lines = [html.escape(line) for line in block.split("\n")]
        linked = [re.sub(r"(https?://[^\s<]+)", r'<a href="\1">\1</a>', line) for line in lines]
        # A paragraph wrapped in the template reads as one; short lines (a signature, a
        # list of sessions, a link on its own) keep their breaks.
        listed = all(len(line) < 60 or line.startswith(("- ", "Join")) for line in lines)
        paragraphs.append("<p>" + ("<br>" if listed else " ").join(linked) + "</p>")
    return (
        '<!DOCTYPE html><html><body style="font-family: Arial, sans-serif; font-size: 11pt; '
        'line-height: 1.45; color: #222; max-width: 40em">' + "".join(paragraphs) + "</body></html>"
    )


class _Headers(HeaderRegistry):
    """The email package's header registry, making each kind of header's class once: the
    standard one makes a new class for every header it parses, which costs time and leaves
    thousands of classes for the garbage collector in a batch of hundreds of messages."""

    @cache  # noqa: B019 (one registry for the life of the program)
    def __getitem__(self, name: str):
        return super().__getitem__(name)


POLICY = default.clone(header_factory=_Headers())


def build(draft: Draft, sender: str, sender_name: str) -> EmailMessage:
    """The MIME message for ``draft``, from ``sender``."""
    message = EmailMessage(policy=POLICY)
    message["From"] = formataddr((sender_name, sender))
    message["To"] = formataddr((draft.to_name, draft.to_email))
    message["Subject"] = draft.subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "readinggroups")
    message.set_content(draft.text)
    message.add_alternative(_html(draft.text), subtype="html")
    if draft.calendar is not None:
        # The invitation beside the text (what Outlook acts on), with method= matching the
        # calendar's METHOD, and attached as well for clients that want a file.
        message.add_alternative(
            draft.calendar.decode("utf-8"),
            subtype="calendar",
            params={"method": draft.calendar_method},
        )
    for path in draft.attachments:
        maintype, subtype = _TYPES.get(path.suffix.lower()) or tuple(
            (mimetypes.guess_type(path.name)[0] or "application/octet-stream").split("/", 1)
        )
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    if draft.calendar is not None:
        message.add_attachment(
            draft.calendar,
            maintype="text",
            subtype="calendar",
            filename="invitation.ics",
            params={"method": draft.calendar_method},
        )
    return message


def on_the_wire(message: EmailMessage) -> bytes:
    """The message as it is sent and kept: lines ended CRLF, headers folded, non-ASCII text
    encoded (the email package's SMTP policy)."""
    return message.as_bytes(policy=POLICY.clone(linesep="\r\n"))
