"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the e-mail tests.

Import the fixture into a test module (``from .smtp import
smtp_server_fixture``) and ask for ``smtp_server``: it points CKAN's mailer
(``smtp.server``) at the server and collects every message it receives,
decoded (MIME, base64, umlauts).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Mail:
    """One received e-mail."""

    to: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        """The decoded subject."""
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        """The decoded plain-text body."""
        part = self.message.get_body(("plain",))
        assert part is not None, "keine Textfassung in der E-Mail"
        return part.get_content()


@dataclass
class Mailbox:
    """What the server has received so far."""

    mails: list[Mail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """aiosmtpd hook: keep the message."""
        message = email.message_from_bytes(
            envelope.original_content, policy=email.policy.default
        )
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.mails.append(Mail(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Mail]:
        """The e-mails received for ``address``."""
        with self.lock:
            return [mail for mail in self.mails if address in mail.to]

    def one(self, address: str) -> Mail:
        """The single e-mail received for ``address`` (an error otherwise)."""
        mails = self.to(address)
        received = [(mail.to, mail.subject) for mail in self.mails]
        assert len(mails) == 1, f"{len(mails)} E-Mails an {address}; alle: {received}"
        return mails[0]

    def clear(self) -> None:
        """Forget what was received."""
        with self.lock:
            self.mails.clear()


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(name="smtp_server")
def smtp_server_fixture(
    ckan_config: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Mailbox]:
    """A running SMTP server on 127.0.0.1 that CKAN sends its e-mails to."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{port}")
    monkeypatch.setitem(ckan_config, "smtp.starttls", False)
    try:
        yield mailbox
    finally:
        controller.stop()
