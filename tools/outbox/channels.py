"""Delivery channels: SMTP, a Slack incoming webhook, and a file channel for the demo.

A channel either delivers a message or raises one of two errors, and the difference
is the whole of exactly-once delivery::

    DeliveryError
    ├── NotSent      nothing left csops (connection refused, connect timeout, the
    │                server rejected the sender or recipient): safe to try again
    └── MaybeSent    the message was handed over but no answer came (a read timeout
                     after DATA or the POST body): trying again could send it twice

`confirm` tells, after a crash, whether a message got through: True, False, or
None when the channel cannot know (SMTP and Slack keep no receipt csops can read).
Every message carries its delivery key as Message-ID, so a mailbox that sees it
twice can fold the copies.
"""

from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

import httpx
from pydantic import BaseModel

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A channel could not confirm delivery; `detail` says what happened."""

    def __init__(self, detail: str, *, permanent: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent


class NotSent(DeliveryError):
    """Nothing was delivered; another attempt is safe (unless `permanent`)."""


class MaybeSent(DeliveryError):
    """The message may have been delivered; only a human can tell."""


class Message(BaseModel):
    """One outbox row as a channel sends it."""

    delivery_key: str
    to: str
    to_name: str
    subject: str
    text: str
    html: str


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> None:
        """Deliver, or raise NotSent / MaybeSent."""

    def confirm(self, message: Message) -> bool | None:
        """Whether a message got through; None when the channel cannot tell."""


class FileChannel:
    """Writes each message to `{directory}/{delivery_key}.eml`, for the demo.

    The write is atomic (a temporary file, then a rename), so `confirm` knows for
    certain: the file exists or it does not.
    """

    name = "file"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: Message) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        final = self._path(message)
        scratch = final.with_suffix(".part")
        scratch.write_bytes(bytes(as_email(message, "csops@localhost")))
        os.replace(scratch, final)

    def confirm(self, message: Message) -> bool | None:
        return self._path(message).exists()

    def _path(self, message: Message) -> Path:
        return self.directory / f"{message.delivery_key}.eml"


class SmtpChannel:
    """Sends through an SMTP server with smtplib, every socket call under `timeout`."""

    name = "email"

    def __init__(
        self, host: str, port: int, sender: str, *, timeout: float = 10.0
    ) -> None:
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    def send(self, message: Message) -> None:
        try:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as error:
            where = f"{self.host}:{self.port}"
            raise NotSent(f"could not connect to {where}: {error}") from error
        with client:
            self._handover(client, message)

    def _handover(self, client: smtplib.SMTP, message: Message) -> None:
        try:
            client.ehlo()
            client.mail(self.sender)
            code, reply = client.rcpt(message.to)
        except (OSError, smtplib.SMTPException) as error:
            raise NotSent(f"SMTP refused before the message: {error}") from error
        if code >= 400:
            raise NotSent(f"recipient refused: {code} {reply!r}", permanent=code >= 500)
        try:
            code, reply = client.data(bytes(as_email(message, self.sender)))
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            raise MaybeSent(f"no answer after the message was sent: {error}") from error
        except smtplib.SMTPDataError as error:
            raise NotSent(f"message refused: {error}") from error
        if code != 250:  # smtplib returns, not raises, a refusal after the data
            raise NotSent(f"message refused: {code} {reply!r}", permanent=code >= 500)

    def confirm(self, message: Message) -> bool | None:
        return None


class SlackChannel:
    """Posts to a Slack incoming webhook with httpx under `timeout`."""

    name = "slack"

    def __init__(
        self,
        webhook_url: str,
        *,
        timeout: float = 10.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.webhook_url = webhook_url
        self.client = client or httpx.Client(timeout=timeout)

    def send(self, message: Message) -> None:
        payload = {"text": f"*{message.subject}*\n{message.text}"}
        try:
            response = self.client.post(self.webhook_url, json=payload)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise NotSent(f"could not reach the Slack webhook: {error}") from error
        except httpx.TransportError as error:
            raise MaybeSent(f"no answer from the Slack webhook: {error}") from error
        if response.status_code >= 500:
            raise NotSent(f"Slack answered {response.status_code}")
        if response.status_code >= 400:
            detail = f"Slack refused the post: {response.status_code} {response.text}"
            raise NotSent(detail + "; check CSOPS_SLACK_WEBHOOK_URL", permanent=True)

    def confirm(self, message: Message) -> bool | None:
        return None


def as_email(message: Message, sender: str) -> EmailMessage:
    """The message as MIME: text and HTML alternatives, Message-ID from its key."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = f"{message.to_name} <{message.to}>"
    email["Subject"] = message.subject
    email["Message-ID"] = f"<{message.delivery_key}@csops>"
    email.set_content(message.text)
    email.add_alternative(message.html, subtype="html")
    return email
