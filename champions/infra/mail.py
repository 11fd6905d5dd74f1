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


def build_email(
    *,
    to: str,
    subject: str,
    body: str,
    reply_to: str = "",
    headers: dict[str, str] | None = None,
    attachment: tuple[str, str, str] | None = None,
) -> EmailMessage:
    """The message as sent: from SENDER, answered to `reply_to` when given, with the extra
    `headers` (List-Unsubscribe…) and one text `attachment` (file name, MIME type, text)."""
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = SENDER, to, subject
    if reply_to:
        email["Reply-To"] = reply_to
    for name, value in (headers or {}).items():
        email[name] = value
    email.set_content(body)
    if attachment is not None:
        name, content_type, text = attachment
        maintype, _, subtype = content_type.partition("/")
        if maintype != "text" or not subtype:
            raise ValueError(f"not a text attachment: {content_type!r}")
        email.add_attachment(text, subtype=subtype, filename=name)
    return email


def send_email(
    url: str,
    *,
    to: str,
    subject: str,
    body: str,
    reply_to: str = "",
    headers: dict[str, str] | None = None,
    attachment: tuple[str, str, str] | None = None,
) -> None:
    """Deliver one plain-text email through the SMTP server of `url` (with a Reply-To header
    when `reply_to` is given). Blocks on the network; raises one of DELIVERY_ERRORS when the
    server cannot be reached or refuses it."""
    parts = urlparse(url)
    email = build_email(
        to=to, subject=subject, body=body, reply_to=reply_to, headers=headers, attachment=attachment
    )
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
