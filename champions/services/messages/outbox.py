"""The outbox: every email the app sends is first a row here, which the secretariat can read.
With CHAMPIONS_SMTP_URL set, messages are delivered by SMTP (`champions.infra.mail`); without
it they stay in the outbox, unsent."""

import re
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlmodel import Session, select

from champions.infra.mail import DELIVERY_ERRORS, failure_reason, is_permanent, send_email, smtp_url
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import OutboxMessage
from champions.models._time import utcnow
from champions.services.program.contacts import reply_to_address


def queue_message(*, session: Session, to: str, subject: str, body: str) -> OutboxMessage:
    """Add a message to the outbox (committed with the change that caused it)."""
    message = OutboxMessage(to_email=to, subject=subject, body=body)
    session.add(message)
    return message


def send_pending(*, session: Session, url: str | None = None, max_attempts: int = 5) -> int:
    """Deliver every unsent message by SMTP (none without an SMTP URL). Each message is first
    claimed with a conditional update, so two senders (workers) never send it twice; it then
    gets `sent_at`, or its claim is released with the reason that stopped it (shown in the
    outbox) and it is tried again next time, up to `max_attempts` times; a recipient the server
    refuses outright (5xx, a bounce) is not tried again. The program's contact email (if set) is the
    Reply-To. Returns how many were sent. Blocks on the
    network: call off the event loop, never from a request's path."""
    url = smtp_url() if url is None else url
    if not url:
        return 0
    sent = 0
    reply_to = reply_to_address(session=session)  # answers go to the secretariat
    waiting = session.exec(
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < max_attempts)
        .order_by(OutboxMessage.id)
    ).all()
    for message_id in waiting:
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
            .values(sent_at=utcnow(), attempts=OutboxMessage.attempts + 1)
        )
        session.commit()
        if claimed.rowcount != 1:
            continue  # another sender has it
        message = session.get(OutboxMessage, message_id)
        try:
            send_email(
                url, to=message.to_email, subject=message.subject, body=message.body, reply_to=reply_to
            )
        except DELIVERY_ERRORS as error:
            message.sent_at, message.error = None, failure_reason(error)[:500]
            if is_permanent(error):  # a bounce: trying again would be refused again
                message.attempts = max_attempts
                message.error = f"{failure_reason(error)[:450]} (not tried again)"
        else:
            message.error = ""
            sent += 1
        session.add(message)
        session.commit()
    return sent


async def deliver_forever(every_seconds: float = 10.0) -> None:
    """The app's background sender (a lifespan task): delivers waiting messages off the event
    loop, so no request ever waits on SMTP."""
    import asyncio

    from champions.infra.db import session_scope

    def deliver() -> None:
        with session_scope() as session:
            send_pending(session=session)

    while True:
        if smtp_url():
            try:
                await asyncio.to_thread(deliver)
            except Exception:
                pass
        await asyncio.sleep(every_seconds)


_SECRET_LINK = re.compile(r"([?&]token=)[A-Za-z0-9_\-]+")


def hide_links(body: str) -> str:
    """The body with the secret part of every link hidden: what the secretariat may read (a
    reset link shown to staff would let them take the account over)."""
    return _SECRET_LINK.sub(r"\1[hidden]", body)


def outbox(*, session: Session, limit: int = 200) -> list[OutboxMessage]:
    """The latest messages, newest first."""
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))


@dataclass(frozen=True)
class OutboxLine:
    """One message as the secretariat reads it (secret links hidden), every value as text."""

    id: str
    recipient: str
    subject: str
    body: str
    created: str  # Seoul time
    status: str  # sent when, why not, or waiting


@dataclass(frozen=True)
class OutboxPage:
    smtp: bool = False  # an SMTP server delivers the messages
    messages: list[OutboxLine] = field(default_factory=list)


def outbox_page(*, session: Session) -> OutboxPage:
    """The latest messages (`outbox`), newest first, and whether they are delivered."""
    smtp = bool(smtp_url())

    def status(message: OutboxMessage) -> str:
        if message.sent_at:
            return f"sent {format_instant(message.sent_at, SEOUL_ZONE)}"
        if message.error:
            return f"not sent: {message.error}"
        return "waiting" if smtp else "not sent (no SMTP server configured)"

    return OutboxPage(
        smtp=smtp,
        messages=[
            OutboxLine(
                id=str(m.id),
                recipient=m.to_email,
                subject=m.subject,
                body=hide_links(m.body),
                created=format_instant(m.created_at, SEOUL_ZONE),
                status=status(m),
            )
            for m in outbox(session=session)
        ],
    )
