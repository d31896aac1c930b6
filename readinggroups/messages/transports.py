"""Where messages go: the outbox (drafts for Outlook, no set-up) or an SMTP server.

SMTP signs in with a password from READINGGROUPS_SMTP_PASSWORD (never the settings file) or
with OAuth 2 (XOAUTH2, for Microsoft 365 and NHSmail) using a token printed by the command in
email.token_command. One connection is reused for the batch and made again if the server
drops it; a recipient the server refuses is reported, and the rest still go.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
import subprocess
import time
from pathlib import Path

from ..errors import ReadingGroupsError

PASSWORD_VARIABLE = "READINGGROUPS_SMTP_PASSWORD"
KEYRING_SERVICE = "readinggroups"


class Refused(Exception):
    """The server would not take this message (one recipient refused, say): left unsent."""


class Uncertain(Exception):
    """The connection dropped while the server was taking the message: it may have arrived.
    Recorded as sent, and reported, rather than sent again (`--resend` would)."""


def _reset(server: smtplib.SMTP) -> None:
    """Abandon the message under way, so the connection can carry the next one."""
    with contextlib.suppress(smtplib.SMTPException, OSError):
        server.rset()


def _said(code: int, why: bytes | str) -> str:
    return f"{code} {why.decode(errors='replace') if isinstance(why, bytes) else why}"


class Outbox:
    """One .eml file per message in ``folder``, marked unsent so Outlook opens it as a draft
    to send from the librarian's own mailbox."""

    name = "outbox"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, data: bytes, sender: str, recipient: str, file_stem: str) -> None:
        from ..files import write_atomically

        path, n = self.folder / f"{file_stem}.eml", 1
        while path.exists():  # a later message to the same booking (an update, a resend)
            n += 1
            path = self.folder / f"{file_stem}-{n}.eml"
        write_atomically(path, b"X-Unsent: 1\r\n" + data)

    def close(self) -> None:
        pass


class Smtp:
    name = "smtp"

    def __init__(self, config, *, timeout: float = 30, ssl_context: ssl.SSLContext | None = None):
        self.config = config
        self.timeout = timeout
        self.context = ssl_context or ssl.create_default_context()
        self.connection: smtplib.SMTP | None = None
        self.last = 0.0

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        if not c.email_host:
            raise ReadingGroupsError(
                "email.transport is smtp but email.host is empty — set the server in "
                'readinggroups.toml, or use transport = "outbox"'
            )
        try:
            if c.email_security == "tls":
                server: smtplib.SMTP = smtplib.SMTP_SSL(
                    c.email_host, c.email_port, timeout=self.timeout, context=self.context
                )
            else:
                server = smtplib.SMTP(c.email_host, c.email_port, timeout=self.timeout)
                if c.email_security == "starttls":
                    server.starttls(context=self.context)
            self._sign_in(server)
        except smtplib.SMTPAuthenticationError as problem:
            raise ReadingGroupsError(
                f"the mail server {c.email_host} refused the sign-in for {c.email_username} "
                f"({problem.smtp_code}) — check the password ({PASSWORD_VARIABLE} or the "
                "keyring) or the token command; nothing was sent"
            ) from problem
        except (ssl.SSLError, smtplib.SMTPNotSupportedError) as problem:
            raise ReadingGroupsError(
                f"the mail server {c.email_host}:{c.email_port} would not start a secure "
                f"connection ({problem}) — check email.security and email.port; nothing was sent"
            ) from problem
        except (OSError, smtplib.SMTPException) as problem:
            raise ReadingGroupsError(
                f"cannot reach the mail server {c.email_host}:{c.email_port} ({problem}) — "
                "check email.host and email.port and the network; nothing was sent"
            ) from problem
        return server

    def _sign_in(self, server: smtplib.SMTP) -> None:
        c = self.config
        if c.email_auth == "none" or not c.email_username:
            return
        if c.email_auth == "oauth2":
            token = _token(c.email_token_command)
            server.ehlo()
            server.auth(
                "XOAUTH2",
                lambda challenge=None: f"user={c.email_username}\x01auth=Bearer {token}\x01\x01",
                initial_response_ok=True,
            )
            return
        server.login(c.email_username, password(c.email_username))

    def send(self, data: bytes, sender: str, recipient: str, file_stem: str) -> None:
        """One message over the batch's connection. Up to the message itself (MAIL, RCPT) a
        dropped connection is made again and the message tried once more; once the message
        is being given (DATA) it is not, since the server may have it already: that raises
        Uncertain rather than risk sending it twice."""
        pause = 60 / self.config.email_rate_per_minute - (time.monotonic() - self.last)
        if pause > 0 and self.last:
            time.sleep(pause)
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = self._connect()
            server = self.connection
            try:
                self._envelope(server, sender, recipient)
            except (smtplib.SMTPServerDisconnected, ConnectionError):
                self.connection = None  # dropped: connect again once, then give up
                if attempt == 2:
                    raise ReadingGroupsError(
                        f"the mail server {self.config.email_host} keeps dropping the "
                        "connection — what was sent is recorded; run the command again later "
                        "to send the rest"
                    ) from None
                continue
            try:
                code, why = server.data(data)
                if code != 250:  # given, then refused (size, content): data() returns it
                    raise smtplib.SMTPDataError(code, why)
            except smtplib.SMTPDataError as problem:
                _reset(server)
                raise Refused(_said(problem.smtp_code, problem.smtp_error)) from problem
            except (smtplib.SMTPServerDisconnected, ConnectionError) as problem:
                self.connection = None
                raise Uncertain(str(problem) or "connection closed") from problem
            self.last = time.monotonic()
            return

    def _envelope(self, server: smtplib.SMTP, sender: str, recipient: str) -> None:
        server.ehlo_or_helo_if_needed()
        international = not (sender.isascii() and recipient.isascii())
        code, why = server.mail(sender, ["SMTPUTF8"] if international else [])
        if code != 250:
            _reset(server)
            raise ReadingGroupsError(
                f"the mail server {self.config.email_host} will not send from {sender} "
                f"({_said(code, why)}) — check email.from and email.username; nothing more "
                "was sent"
            )
        code, why = server.rcpt(recipient)
        if code not in (250, 251):
            _reset(server)
            raise Refused(_said(code, why))

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.quit()
            self.connection = None


def password(username: str) -> str:
    """The SMTP password: from READINGGROUPS_SMTP_PASSWORD, else the system keyring (Windows
    Credential Manager, macOS Keychain, the Secret Service), where `keyring set readinggroups
    USERNAME` keeps it. Never from readinggroups.toml, which is shared with the workspace."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    how = (
        f"set the environment variable {PASSWORD_VARIABLE}, or keep it in the system keyring "
        f"with `uv run keyring set {KEYRING_SERVICE} {username}`"
    )
    try:
        kept = keyring.get_password(KEYRING_SERVICE, username)
    except NoKeyringError:
        kept = None
    except KeyringError as problem:  # a locked keyring, a refused request
        raise ReadingGroupsError(
            f"the system keyring would not give the password for {username} ({problem}) — "
            f"unlock it, or {how}"
        ) from problem
    if not kept:
        raise ReadingGroupsError(f"no password for {username}: {how}")
    return kept


def _token(command: str) -> str:
    if not command.strip():
        raise ReadingGroupsError(
            "email.auth is oauth2 but email.token_command is empty — give the command that "
            "prints an access token"
        )
    try:
        done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired as problem:
        raise ReadingGroupsError(
            "email.token_command took over 2 minutes — nothing was sent"
        ) from problem
    token = done.stdout.strip()
    if done.returncode != 0 or not token:
        why = (done.stderr.strip().splitlines() or ["no token printed"])[-1]
        raise ReadingGroupsError(
            f"email.token_command failed ({why}) — sign in again, then try; nothing was sent"
        )
    return token
