"""Email delivery by SMTP. CHAMPIONS_SMTP_URL is smtp://user:password@host:port (STARTTLS when
the server offers it) or smtps://… (TLS from the start); the sender is CHAMPIONS_MAIL_FROM."""

import os
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

SENDER = os.environ.get("CHAMPIONS_MAIL_FROM", "Smart City Champions <no-reply@champions.example>")

# What a failed delivery raises: the caller records it and tries again later.
DELIVERY_ERRORS = (OSError, smtplib.SMTPException)


def smtp_url() -> str:
    return os.environ.get("CHAMPIONS_SMTP_URL", "")


def build_email(*, to: str, subject: str, body: str, reply_to: str = "") -> EmailMessage:
    """The message as sent: from SENDER, answered to `reply_to` when given."""
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = SENDER, to, subject
    if reply_to:
        email["Reply-To"] = reply_to
    email.set_content(body)
    return email


def send_email(url: str, *, to: str, subject: str, body: str, reply_to: str = "") -> None:
    """Deliver one plain-text email through the SMTP server of `url` (with a Reply-To header
    when `reply_to` is given). Blocks on the network; raises one of DELIVERY_ERRORS when the
    server cannot be reached or refuses it."""
    parts = urlparse(url)
    email = build_email(to=to, subject=subject, body=body, reply_to=reply_to)
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    with client_class(parts.hostname or "localhost", port, timeout=20) as client:
        if parts.scheme == "smtp":
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls()
                client.ehlo()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(email)
