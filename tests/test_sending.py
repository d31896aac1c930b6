"""Sending messages: to a real SMTP server on loopback (aiosmtpd) and to the outbox. What the
server received is parsed back with the email package and checked against the documents."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from pathlib import Path

import pytest
from icalendar import Calendar

from readinggroups import ReadingGroupsError, Workspace
from readinggroups.demo import sample_file

from .commands import run
from .conftest import TEAMS

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the server was given, message by message; it can refuse one address, or drop the
    connection after so many messages."""

    def __init__(self, refuse: str | None = None, drop_after: int | None = None) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse = refuse
        self.drop_after = drop_after

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.drop_after and len(self.received) == self.drop_after:
            self.drop_after = None
            server.transport.close()  # the connection drops between messages, as servers do
            return "421 closing"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"

    def messages(self):
        return [
            email.message_from_bytes(data, policy=email.policy.default) for _, data in self.received
        ]


@pytest.fixture
def smtp():
    servers = []

    def start(**kwargs) -> tuple[Inbox, int]:
        inbox = Inbox(**kwargs)
        port = _free_port()
        controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return inbox, port

    yield start
    for controller in servers:
        controller.stop()


def _use_smtp(ws: Workspace, port: int) -> Workspace:
    path = ws.root / "readinggroups.toml"
    text = path.read_text()
    for old, new in [('from = ""', 'from = "library@example.nhs.uk"'),
                     ('transport = "outbox"', 'transport = "smtp"'),
                     ('host = ""', 'host = "127.0.0.1"'), ("port = 587", f"port = {port}"),
                     ('security = "starttls"', 'security = "none"'),
                     ("rate_per_minute = 30", "rate_per_minute = 10000")]:  # fmt: skip
        text = text.replace(old, new)
    path.write_text(text)
    return Workspace.open(ws.root)


@pytest.fixture
def attended(workspace, session):
    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    workspace.import_attendance(session.id, TEAMS)
    return workspace, session


def test_documents_reach_each_attendee_once_with_their_own_files(attended, smtp):
    workspace, session = attended
    inbox, port = smtp()
    ws = _use_smtp(workspace, port)
    said = run("-w", str(ws.root), "send", str(session.id), "documents", "--yes").stdout
    attendees = [b for b in ws.bookings(session.id) if b.attendance in ("attended", "partial")]
    assert said.startswith(f"Sent {len(attendees)} messages (documents for session {session.id})")
    assert len(inbox.received) == len(attendees)
    folder = ws.root / "output" / "forms" / f"session-{session.id}"
    for (envelope, _), message in zip(inbox.received, inbox.messages(), strict=True):
        assert len(envelope) == 1 and message["To"].addresses[0].addr_spec == envelope[0]
        assert "Cc" not in message and "Bcc" not in message
        assert message.get_body(("plain",)).get_content().startswith("Dear ")
        assert "<p>Dear " in message.get_body(("html",)).get_content()
        files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
        assert len(files) == 3
        for name, content in files.items():
            assert content == (folder / name).read_bytes()  # byte for byte the documents
    siobhan = next(m for m in inbox.messages() if "siobhan" in str(m["To"]))
    assert siobhan["To"].addresses[0].display_name == "Siobhán Ní Bhriain"
    assert any("Siobhán" in part.get_filename() for part in siobhan.iter_attachments())
    # Again: nothing new goes.
    again = run("-w", str(ws.root), "send", str(session.id), "documents", "--yes").stdout
    assert "Nothing to send." in again and len(inbox.received) == len(attendees)


def test_a_refused_recipient_and_a_dropped_connection_leave_no_gap_and_no_duplicate(attended, smtp):
    workspace, session = attended
    inbox, port = smtp(refuse="tomasz.nowak@example.nhs.uk", drop_after=3)
    ws = _use_smtp(workspace, port)
    result = ws.send(session.id, "reminder")
    booked = [b.person.email for b in ws.bookings(session.id) if b.status == "booked"]
    assert result.refused and result.refused[0][0] == "tomasz.nowak@example.nhs.uk"
    assert "550" in result.refused[0][1]
    got = [envelope[0] for envelope, _ in inbox.received]
    assert sorted(got) == sorted(e for e in booked if e != "tomasz.nowak@example.nhs.uk")
    assert len(got) == len(set(got))  # the message cut off by the drop was not sent twice
    later = ws.send(session.id, "reminder")  # only the refused one is tried again
    assert [p.draft.to_email for p in later.planned] == ["tomasz.nowak@example.nhs.uk"]


def test_an_unreachable_server_is_one_line_and_records_nothing(attended):
    workspace, session = attended
    ws = _use_smtp(workspace, _free_port())
    shown = run("-w", str(ws.root), "send", str(session.id), "reminder", "--yes", ok=False)
    assert shown.returncode == 1 and "cannot reach the mail server 127.0.0.1" in shown.stderr
    assert "nothing was sent" in shown.stderr and "Traceback" not in shown.stderr
    # Not even claimed: every reminder is still to send, to everyone booked.
    assert ws.messages(session.id) == []
    booked = [b for b in ws.bookings(session.id) if b.status == "booked"]
    assert len(ws.send(session.id, "reminder", dry_run=True).planned) == len(booked) > 0


def test_the_outbox_holds_drafts_with_the_invitation(attended):
    workspace, session = attended
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('from = ""', 'from = "library@example.nhs.uk"'))
    ws = Workspace.open(workspace.root)
    dry = run("-w", str(ws.root), "send", str(session.id), "booked", "--dry-run").stdout
    assert dry.startswith("Would send 10 messages") and "invitation.ics" in dry
    assert not (ws.root / "output" / "outbox").exists()
    run("-w", str(ws.root), "send", str(session.id), "booked", "--yes")
    drafts = sorted((ws.root / "output" / "outbox").glob("*.eml"))
    assert len(drafts) == 10
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    invite = Calendar.from_ical(calendar.get_content())
    assert invite["method"] == "REQUEST"
    [attendee] = (
        [str(a) for a in invite.walk("VEVENT")[0]["attendee"]]
        if isinstance(invite.walk("VEVENT")[0]["attendee"], list)
        else [str(invite.walk("VEVENT")[0]["attendee"])]
    )
    assert attendee == f"mailto:{message['To'].addresses[0].addr_spec}"


def test_send_due_twice_sends_nothing_new(attended):
    workspace, session = attended
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('from = ""', 'from = "library@example.nhs.uk"'))
    ws = Workspace.open(workspace.root)
    first = run("-w", str(ws.root), "send", "--due", "--yes").stdout
    assert "documents for session" in first and "missed for session" in first
    outbox = sorted(Path(ws.root / "output" / "outbox").glob("*.eml"))
    second = run("-w", str(ws.root), "send", "--due", "--yes").stdout
    assert "Nothing to send." in second
    assert sorted(Path(ws.root / "output" / "outbox").glob("*.eml")) == outbox


def test_a_kind_that_does_not_apply_says_so(attended):
    workspace, session = attended
    with pytest.raises(ReadingGroupsError, match="is not cancelled"):
        workspace.send(session.id, "cancelled", dry_run=True)


class Passwords:
    """The server's check of a sign-in: one user, one password, and one OAuth 2 token."""

    def __init__(self, user: str, password: str, token: str = "") -> None:
        self.user, self.password, self.token = user, password, token

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        if mechanism in ("LOGIN", "PLAIN"):
            ok = (
                auth_data.login.decode() == self.user
                and auth_data.password.decode() == self.password
            )
        else:
            ok = False
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """An SMTP server with STARTTLS (a certificate made for this test, trusted through
    SSL_CERT_FILE as a trust's own CA would be) that requires AUTH and checks XOAUTH2 tokens."""
    import ssl

    import trustme
    from aiosmtpd.smtp import AuthResult

    ca = trustme.CA()
    certificate = ca.issue_cert("127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    inbox = Inbox()
    checker = Passwords("library@example.nhs.uk", "right horse battery", token="tok-123")

    class OAuthInbox(Inbox):
        async def auth_XOAUTH2(self, server, args):
            import base64

            blob = args[1] if len(args) > 1 else await server.challenge_auth("")
            text = base64.b64decode(blob).decode() if isinstance(blob, str) else blob.decode()
            ok = text == f"user={checker.user}\x01auth=Bearer {checker.token}\x01\x01"
            return AuthResult(success=ok, handled=False)

    inbox = OAuthInbox()
    port = _free_port()
    controller = aiosmtpd.Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=checker,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    yield inbox, port
    controller.stop()


def _secure(ws: Workspace, port: int, **changes: str) -> Workspace:
    ws = _use_smtp(ws, port)
    path = ws.root / "readinggroups.toml"
    text = path.read_text().replace('security = "none"', 'security = "starttls"')
    text = text.replace('username = ""', 'username = "library@example.nhs.uk"')
    for key, value in changes.items():
        text = text.replace(
            f'{key} = "password"' if key == "auth" else f'{key} = ""', f'{key} = "{value}"'
        )
    path.write_text(text)
    return Workspace.open(ws.root)


def test_starttls_and_a_password_from_the_environment(attended, tls_server, monkeypatch):
    workspace, session = attended
    inbox, port = tls_server
    ws = _secure(workspace, port)
    monkeypatch.setenv("READINGGROUPS_SMTP_PASSWORD", "wrong")
    shown = run("-w", str(ws.root), "send", str(session.id), "reminder", "--yes", ok=False)
    assert "refused the sign-in for library@example.nhs.uk (535)" in shown.stderr
    assert not inbox.received and "Traceback" not in shown.stderr
    monkeypatch.setenv("READINGGROUPS_SMTP_PASSWORD", "right horse battery")
    result = ws.send(session.id, "reminder")
    assert len(inbox.received) == len(result.sent) > 0 and not result.refused


def test_a_password_kept_in_the_system_keyring(attended, tls_server, tmp_path, monkeypatch):
    """The keyring is a real one (keyrings.alt's file keyring, in a folder of the test's), as
    `keyring set readinggroups USERNAME` fills it."""
    workspace, session = attended
    inbox, port = tls_server
    ws = _secure(workspace, port)
    monkeypatch.delenv("READINGGROUPS_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "keys"))
    shown = run("-w", str(ws.root), "send", str(session.id), "reminder", "--yes", ok=False)
    assert "no password for library@example.nhs.uk" in shown.stderr
    assert "keyring set readinggroups library@example.nhs.uk" in shown.stderr
    assert not inbox.received
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "keyring", "set", "readinggroups", "library@example.nhs.uk"],
        input="right horse battery\n", text=True, check=True, capture_output=True,
    )  # fmt: skip
    result = ws.send(session.id, "reminder")
    assert len(inbox.received) == len(result.sent) > 0
    assert "right horse battery" not in (ws.root / "readinggroups.toml").read_text()


def test_oauth2_with_a_token_command(attended, tls_server, tmp_path):
    workspace, session = attended
    inbox, port = tls_server
    failing = _secure(workspace, port, auth="oauth2", token_command="echo expired >&2; exit 3")
    with pytest.raises(ReadingGroupsError, match=r"email.token_command failed \(expired\)"):
        failing.send(session.id, "reminder")
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace("echo expired >&2; exit 3", "echo tok-123"))
    result = Workspace.open(workspace.root).send(session.id, "reminder")
    assert len(inbox.received) == len(result.sent) > 0


def test_a_server_without_starttls_is_refused_rather_than_sent_to_in_the_clear(attended, smtp):
    workspace, session = attended
    inbox, port = smtp()
    ws = _secure(workspace, port)
    shown = run("-w", str(ws.root), "send", str(session.id), "reminder", "--yes", ok=False)
    assert "would not start a secure connection" in shown.stderr and not inbox.received


def test_a_message_over_the_size_limit_is_not_sent(attended, smtp):
    import os

    from PIL import Image

    workspace, session = attended
    inbox, port = smtp()
    ws = _use_smtp(workspace, port)
    path = ws.root / "readinggroups.toml"
    path.write_text(path.read_text().replace("max_message_mb = 35", "max_message_mb = 1"))
    # A logo far too big for email, on every document.
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(ws.root / "logo.png")
    ws = Workspace.open(ws.root)
    result = ws.send(session.id, "documents")
    assert not inbox.received and not result.sent
    assert "aoife.oneill@example.nhs.uk" in result.too_large
    assert "too large to send: aoife.oneill@example.nhs.uk" in result.summary()
    assert len(ws.send(session.id, "documents", dry_run=True).planned) == len(result.too_large)


def test_the_demo_sends_what_is_due_to_the_outbox_and_then_nothing_more(tmp_path):
    run("demo", str(tmp_path / "demo"))
    ws = str(tmp_path / "demo")
    first = run("-w", ws, "send", "--due", "--yes").stdout
    drafts = sorted((tmp_path / "demo" / "output" / "outbox").glob("*.eml"))
    kinds = {path.name.split("_")[1] for path in drafts}
    assert {"documents", "missed", "booked"} <= kinds, kinds
    assert first.count("Sent ") >= len(kinds)
    again = run("-w", ws, "send", "--due", "--yes").stdout.strip()
    assert again.endswith("Nothing to send.") and "Sent " not in again
    assert sorted((tmp_path / "demo" / "output" / "outbox").glob("*.eml")) == drafts


def test_a_dry_run_writes_nothing_and_says_what_will_be_made(attended):
    workspace, session = attended
    said = run("-w", str(workspace.root), "send", str(session.id), "documents", "--dry-run")
    assert said.stdout.startswith("Would send 9 messages (documents for session")
    assert "reflective-account_2026-11-12_Aoife-ONeill_1.docx (made when sent)" in said.stdout
    assert not (workspace.root / "output" / "forms").exists()
    assert not (workspace.root / "output" / "outbox").exists()
    assert workspace.messages(session.id) == []
    assert "Nothing sent yet." in run("-w", str(workspace.root), "messages").stdout
    run("-w", str(workspace.root), "send", str(session.id), "documents", "--yes")
    record = run("-w", str(workspace.root), "messages", str(session.id)).stdout.splitlines()
    assert len(record) == 9 and all("documents" in line and "sent by outbox" in line
                                     for line in record)  # fmt: skip
    assert any("Siobhán Ní Bhriain <siobhan.nibhriain@example.nhs.uk>" in line for line in record)


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('from = ""', 'from = "library at example"',
         "email.from is 'library at example' — give the group's mailbox"),
        ('transport = "outbox"', 'transport = "pigeon"',
         "email.transport is 'pigeon' — use one of outbox, smtp"),
        ('security = "starttls"', 'security = "ssl"',
         "email.security is 'ssl' — use one of starttls, tls, none"),
        ('auth = "password"', 'auth = "kerberos"',
         "email.auth is 'kerberos' — use one of password, oauth2, none"),
    ],
)  # fmt: skip
def test_bad_email_settings_are_one_line_and_send_nothing(attended, old, new, said):
    workspace, session = attended
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace(old, new))
    shown = run("-w", str(workspace.root), "send", "--due", "--yes", ok=False)
    assert shown.returncode == 1 and said in shown.stderr
    assert len(shown.stderr.strip().splitlines()) == 1 and "Traceback" not in shown.stderr
    assert not (workspace.root / "output" / "outbox").exists()


def test_the_demo_sends_every_kind_of_message_to_a_mail_server_once(tmp_path, smtp):
    """The issue's end: from the demo workspace, each kind of message reaches a real SMTP
    server through the commands a librarian uses; a second `send --due` sends nothing."""
    from readinggroups.messages import KINDS

    inbox, port = smtp()
    run("demo", str(tmp_path / "demo"))
    settings = tmp_path / "demo" / "readinggroups.toml"
    settings.write_text(
        settings.read_text().replace('survey_link = ""', 'survey_link = "https://x"')
    )
    ws = _use_smtp(Workspace(tmp_path / "demo", Workspace.open(tmp_path / "demo").config), port)
    root = str(ws.root)
    coming = next(s for s in ws.sessions() if s.date > dt.date.today())
    run("-w", root, "send", "--due", "--yes")  # confirmations, waiting list, documents, missed
    article = next(a for a in ws.articles() if "burnout" in a.title.lower())
    run("-w", root, "sessions", "add-article", str(coming.id), str(article.id))
    for kind in ("pack", "reminder"):
        run("-w", root, "send", str(coming.id), kind, "--yes")
    run("-w", root, "bookings", "cancel", str(coming.id), "aoife.oneill@example.nhs.uk", "--yes")
    run("-w", root, "sessions", "edit", str(coming.id), "--start", "15:00", "--yes")
    run("-w", root, "sessions", "cancel", str(coming.id), "--reason", "room flooded", "--yes")
    # A month on, the follow-up survey and its reminder for the session that took place.
    held = next(s for s in ws.sessions() if s.attendance_recorded_at is not None)
    run(
        "-w",
        root,
        "sessions",
        "edit",
        str(held.id),
        "--survey-link",
        "https://forms.office.com/r/x",
    )
    for kind in ("followup", "followup-reminder"):
        run("-w", root, "send", str(held.id), kind, "--yes")
    # The demo itself asked its sessions' attendees for the follow-up, as drafts.
    drafted = [m for m in ws.messages() if m.transport == "outbox"]
    assert {m.kind for m in drafted} == {"followup"}
    record = [m for m in ws.messages() if m.transport != "outbox"]
    assert {m.kind for m in record} == set(KINDS)
    assert all(m.transport == "smtp" and m.outcome == "sent" for m in record)
    assert len(inbox.received) == len(record)
    ids = {message["Message-ID"] for message in inbox.messages()}
    assert ids == {m.message_id for m in record}  # what the server got is what was recorded
    assert run("-w", root, "send", "--due", "--yes").stdout.strip() == "Nothing to send."
    assert len(inbox.received) == len(record)


def test_documents_are_due_for_a_month_after_the_attendance_is_recorded(attended):
    workspace, session = attended
    month_on = dt.date.today() + dt.timedelta(days=31)
    late = run("-w", str(workspace.root), "send", "--due", "--dry-run", "--today",
               month_on.isoformat()).stdout  # fmt: skip
    # An old session's documents are not mailed (its follow-up is due now, held for its link).
    assert late.strip().endswith("Nothing to send.") and "documents" not in late
    soon = run("-w", str(workspace.root), "send", "--due", "--dry-run").stdout
    assert "documents for session" in soon
    # Sent by hand they still go.
    assert "Sent 9 messages" in run("-w", str(workspace.root), "send", str(session.id),
                                    "documents", "--yes").stdout  # fmt: skip


class Picky(Inbox):
    """A server that turns down the second message it is given (552 after DATA), and drops the
    connection while taking the fourth."""

    async def handle_DATA(self, server, session, envelope):
        self.given = getattr(self, "given", 0) + 1
        if self.given == 2:
            return "552 5.3.4 message rejected"
        if self.given == 4:
            self.received.append((list(envelope.rcpt_tos), envelope.original_content))
            server.transport.close()  # it has the message, then the line goes
            return "421 closing"
        return await super().handle_DATA(server, session, envelope)


def test_a_message_turned_down_or_cut_off_is_reported_and_never_sent_twice(attended):
    workspace, session = attended
    inbox, port = Picky(), _free_port()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        ws = _use_smtp(workspace, port)
        result = ws.send(session.id, "reminder")
        booked = [b for b in ws.bookings(session.id) if b.status == "booked"]
        assert len(result.refused) == 1 and result.refused[0][1].startswith("552")
        assert len(result.uncertain) == 1  # the cut-off one: recorded, reported, not resent
        assert "ask them if it arrived" in result.summary()
        got = [envelope[0] for envelope, _ in inbox.received]
        assert len(got) == len(set(got)) == len(booked) - 1  # all but the turned-down one
        later = ws.send(session.id, "reminder")  # only the turned-down one is tried again
        assert [p.draft.to_email for p in later.planned] == [result.refused[0][0]]
    finally:
        controller.stop()


def test_a_session_nobody_came_to_does_not_hold_up_the_others(attended):
    workspace, session = attended
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('from = ""', 'from = "library@example.nhs.uk"'))
    ws = Workspace.open(workspace.root)
    empty = ws.new_session(date="2026-11-19", start="14:00", title="Nobody came")
    ws.book(empty.id, name="Bea Jones", email="bea.jones@example.nhs.uk")
    ws.mark_attendance(empty.id, ["bea.jones@example.nhs.uk"], minutes=0)
    said = run("-w", str(ws.root), "send", "--due", "--dry-run").stdout
    assert f"documents for session {session.id}" in said
    assert f"missed for session {empty.id}" in said
    assert f"documents for session {empty.id}" not in said


def test_someone_who_cancelled_loses_a_cancelled_session_from_their_calendar_too(attended):
    workspace, session = attended
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('from = ""', 'from = "library@example.nhs.uk"'))
    ws = Workspace.open(workspace.root)
    day = dt.date.today() + dt.timedelta(days=10)
    coming = ws.new_session(date=day, start="14:00", title="Soon", capacity=20)
    ws.book(coming.id, name="Bea Jones", email="bea.jones@example.nhs.uk")
    ws.book(coming.id, name="Cai Evans", email="cai.evans@example.nhs.uk")
    ws.send(coming.id, "booked")
    ws.cancel_booking(coming.id, "bea.jones@example.nhs.uk")  # her release not sent yet
    ws.cancel_session(coming.id, reason="room flooded")
    told = ws.send(coming.id, "cancelled")
    assert sorted(p.draft.to_email for p in told.planned) == [
        "bea.jones@example.nhs.uk", "cai.evans@example.nhs.uk",
    ]  # fmt: skip
    # Booked again after being promoted and cancelling: "you are booked", not "a place came free".
    other = ws.new_session(date=day, start="16:00", title="Later", capacity=1)
    ws.book(other.id, name="Bea Jones", email="bea.jones@example.nhs.uk")
    ws.book(other.id, name="Cai Evans", email="cai.evans@example.nhs.uk")  # waiting
    ws.cancel_booking(other.id, "bea.jones@example.nhs.uk")  # Cai promoted
    ws.cancel_booking(other.id, "cai.evans@example.nhs.uk")
    ws.book(other.id, name="Cai Evans", email="cai.evans@example.nhs.uk")
    assert [p.draft.to_email for p in ws.send(other.id, "booked", dry_run=True).planned] == [
        "cai.evans@example.nhs.uk"
    ]
    assert ws.send(other.id, "promoted", dry_run=True).planned == []
