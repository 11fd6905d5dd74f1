"""The outbox: every email the app sends is first a row here, which the secretariat can read.
With CHAMPIONS_SMTP_URL set (smtp://user:password@host:port, or smtps://… for TLS from the
start; STARTTLS is used on smtp:// when the server offers it), messages are delivered by SMTP;
without it they stay in the outbox, unsent."""

import os
import smtplib
from email.message import EmailMessage
from typing import Optional
from urllib.parse import unquote, urlparse

from sqlmodel import Session, select

from champions.models import OutboxMessage
from champions.models._time import utcnow

SENDER = os.environ.get("CHAMPIONS_MAIL_FROM", "Smart City Champions <no-reply@champions.example>")


def smtp_url() -> str:
    return os.environ.get("CHAMPIONS_SMTP_URL", "")


def queue_message(*, session: Session, to: str, subject: str, body: str) -> OutboxMessage:
    """Add a message to the outbox (committed with the change that caused it)."""
    message = OutboxMessage(to_email=to, subject=subject, body=body)
    session.add(message)
    return message


def _deliver(url: str, message: OutboxMessage) -> None:
    parts = urlparse(url)
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = SENDER, message.to_email, message.subject
    email.set_content(message.body)
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with client_class(parts.hostname or "localhost", parts.port or (465 if parts.scheme == "smtps" else 25),
                      timeout=20) as client:
        if parts.scheme == "smtp":
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls()
                client.ehlo()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(email)


def send_pending(*, session: Session, url: Optional[str] = None) -> int:
    """Deliver every unsent message by SMTP (none without an SMTP URL). Each gets `sent_at`,
    or the error that stopped it (it is tried again next time). Returns how many were sent.
    Blocks on the network: call off the event loop."""
    url = smtp_url() if url is None else url
    if not url:
        return 0
    sent = 0
    for message in session.exec(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                                .order_by(OutboxMessage.id)):
        try:
            _deliver(url, message)
        except (OSError, smtplib.SMTPException) as error:
            message.error = f"{type(error).__name__}: {error}"[:500]
        else:
            message.sent_at, message.error = utcnow(), ""
            sent += 1
        session.add(message)
    return sent


def outbox(*, session: Session, limit: int = 200) -> list[OutboxMessage]:
    """The latest messages, newest first."""
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))
