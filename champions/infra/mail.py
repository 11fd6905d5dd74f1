"""Email delivery by SMTP. CHAMPIONS_SMTP_URL says how to reach the server:

- `smtps://user:password@host:465`: TLS from the first byte;
- `smtp://user:password@host:587`: STARTTLS, required: a server that does not offer it gets
  nothing (no password, no message);
- `smtp+plain://host:25`: no encryption at all, for a relay on the same machine or a private
  network only; it takes no user or password, so credentials never cross in the clear.

Certificates and host names are always verified (`ssl.create_default_context`), against the
system's certificate authorities or, when CHAMPIONS_SMTP_CA_FILE names a PEM file, against
the authorities in that file instead (a private CA; the tests' self-signed server).
The sender is CHAMPIONS_MAIL_FROM."""

import os
import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

SENDER = os.environ.get("CHAMPIONS_MAIL_FROM", "Smart City Champions <no-reply@champions.example>")
SCHEMES = {"smtps": 465, "smtp": 25, "smtp+plain": 25}  # the default port of each


class InsecureDelivery(smtplib.SMTPException):
    """The delivery was refused before anything secret was sent: the connection would not be
    encrypted as the URL requires, or credentials would cross in the clear."""


# What a failed delivery raises: the caller records it and tries again later.
DELIVERY_ERRORS = (OSError, smtplib.SMTPException)


def smtp_url() -> str:
    return os.environ.get("CHAMPIONS_SMTP_URL", "")


def tls_context() -> ssl.SSLContext:
    """A verifying context (certificate chain and host name), trusting the CA file of
    CHAMPIONS_SMTP_CA_FILE when set, else the system's authorities."""
    return ssl.create_default_context(cafile=os.environ.get("CHAMPIONS_SMTP_CA_FILE") or None)


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
    server cannot be reached, cannot be trusted, or refuses it."""
    parts = urlparse(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise InsecureDelivery(
            f"CHAMPIONS_SMTP_URL must start with smtps://, smtp:// or smtp+plain://, not {scheme}://."
        )
    credentials = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
    if scheme == "smtp+plain" and credentials:
        raise InsecureDelivery(
            "smtp+plain:// encrypts nothing, so it takes no user or password: "
            "use smtp:// (STARTTLS) or smtps:// to log in."
        )
    host, port = parts.hostname or "localhost", parts.port or SCHEMES[scheme]
    email = build_email(
        to=to, subject=subject, body=body, reply_to=reply_to, headers=headers, attachment=attachment
    )
    if scheme == "smtps":
        client = smtplib.SMTP_SSL(host, port, timeout=20, context=tls_context())
    else:
        client = smtplib.SMTP(host, port, timeout=20)
    with client:
        if scheme == "smtp":
            client.ehlo()
            if not client.has_extn("starttls"):
                raise InsecureDelivery(
                    f"{host} does not offer STARTTLS, so nothing was sent (no password, no message). "
                    "Use smtps://, or smtp+plain:// for a local relay without encryption."
                )
            client.starttls(context=tls_context())
            client.ehlo()
        if credentials:
            client.login(*credentials)
        client.send_message(email)


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def failure_reason(error: BaseException) -> str:
    """Why a delivery failed, in words the secretariat can act on (shown in the outbox)."""
    kind = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(
            f"{address}: {code} {_text(text)}" for address, (code, text) in error.recipients.items()
        )
        return f"{kind}: the server refused the recipient ({refused})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{kind}: the server answered {error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"{kind}: the server's certificate is not trusted ({error.verify_message})"
    return f"{kind}: {error}"


def is_permanent(error: BaseException) -> bool:
    """True for a bounce at submission: the server refused every recipient with a 5xx code,
    so trying again would only be refused again."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )
