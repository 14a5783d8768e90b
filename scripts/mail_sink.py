"""A local mail sink for the development portal: a real SMTP server on 127.0.0.1.

Usage::

    .venv/bin/python scripts/mail_sink.py --port 5002 --dir .local/mail

Every e-mail the portal sends (clearance notifications, reminders, later the
barrier reports) is accepted and kept as one ``.eml`` file in ``--dir``, named
by arrival time, so it can be opened in any mail program or read as text. A
line per mail (time, recipients, subject, file) goes to standard output.
Nothing is relayed anywhere. The server is aiosmtpd, the same kind the tests
use (``tests/privacy_clearance/smtp.py``). Runs until it is stopped.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import itertools
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class MailDirectory:
    """aiosmtpd handler writing each received message into a directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def keep(self, raw: bytes, recipients: list[str]) -> Path:
        """Write one message, return its file.

        :param raw: the message as received (headers and body)
        :param recipients: the envelope recipients (``RCPT TO``)
        :returns: the file the message was written to
        """
        with self._lock:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self.directory / f"{stamp}-{next(self._numbers):04d}.eml"
        # The envelope recipients are not in the headers of a Bcc mail.
        envelope = f"X-Envelope-To: {', '.join(recipients)}\r\n".encode()
        path.write_bytes(envelope + raw)
        return path

    async def handle_DATA(  # noqa: N802 - the name aiosmtpd calls
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        """aiosmtpd hook: keep the message and report it in one line."""
        raw: bytes = envelope.original_content
        path = self.keep(raw, list(envelope.rcpt_tos))
        message = email.message_from_bytes(raw, policy=email.policy.default)
        print(
            f"{datetime.now():%H:%M:%S} an {', '.join(envelope.rcpt_tos)}: "
            f"{message['Subject']} ({path})",
            flush=True,
        )
        return "250 Message accepted for delivery"


def main(argv: list[str] | None = None) -> int:
    """Run the sink until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True, help="folder for the mails")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    controller = Controller(
        MailDirectory(args.dir), hostname="127.0.0.1", port=args.port
    )
    controller.start()
    print(
        f"Mail sink on 127.0.0.1:{args.port}, mails in {args.dir.resolve()}", flush=True
    )
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
