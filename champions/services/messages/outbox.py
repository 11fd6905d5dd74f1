"""The outbox: every email the app sends is first a row here, which the secretariat can read.
With CHAMPIONS_SMTP_URL set, messages are delivered by SMTP (`champions.infra.mail`); without
it they stay in the outbox, unsent."""

import json
import os
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, select

from champions.infra.mail import DELIVERY_ERRORS, failure_reason, is_permanent, send_email, smtp_url
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import gettext
from champions.models import OutboxMessage
from champions.models._time import utcnow
from champions.services.program.contacts import reply_to_address


def queue_message(*, session: Session, to: str, subject: str, body: str) -> OutboxMessage:
    """Add a message to the outbox (committed with the change that caused it)."""
    message = OutboxMessage(to_email=to, subject=subject, body=body)
    session.add(message)
    return message


# A sender that has not finished a message this long after claiming it is taken to have died
# (a crash, a killed worker): another sender then takes the message over.
CLAIM_TIMEOUT = timedelta(minutes=10)


def smtp_parallel() -> int:
    """How many SMTP connections one sender opens at once: CHAMPIONS_SMTP_PARALLEL (default 4)."""
    try:
        return max(1, min(32, int(os.environ.get("CHAMPIONS_SMTP_PARALLEL", "4"))))
    except ValueError:
        return 4


def send_pending(
    *,
    session: Session,
    url: str | None = None,
    max_attempts: int = 5,
    now: datetime | None = None,
    parallel: int = 1,
) -> int:
    """Deliver every unsent message by SMTP (none without an SMTP URL). Each message is first
    claimed with a conditional update (`claimed_at`), so two senders (workers, or the
    `parallel` threads of this one, each with its own session) never send it twice; it then
    gets `sent_at`, or its claim is released with the reason that stopped it (shown in the
    outbox) and it is tried again next time, up to `max_attempts` times; a recipient the server
    refuses outright (5xx, a bounce) is not tried again. A claim older than CLAIM_TIMEOUT (its
    sender died mid-send) is taken over. The program's contact email (if set) is the Reply-To.
    Returns how many were sent. Blocks on the network: call off the event loop, never from a
    request's path."""
    url = smtp_url() if url is None else url
    if not url:
        return 0
    reply_to = reply_to_address(session=session)  # answers go to the secretariat
    now = now or utcnow()
    # Not claimed (or claimed by a sender that died), and not held for review nor discarded.
    free = and_(
        or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - CLAIM_TIMEOUT),
        OutboxMessage.review == "",
    )
    waiting = list(
        session.exec(
            select(OutboxMessage.id)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < max_attempts, free)
            .order_by(OutboxMessage.id)
        ).all()
    )
    session.commit()  # nothing held while delivering
    if parallel <= 1 or len(waiting) < 2:
        return _deliver(session, waiting, url, reply_to, free, max_attempts)
    counts: list[int] = []

    def sender(share: list[int]) -> None:
        with Session(session.get_bind(), expire_on_commit=False) as own:
            counts.append(_deliver(own, share, url, reply_to, free, max_attempts))

    threads = [threading.Thread(target=sender, args=(waiting[i::parallel],)) for i in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts)


def _deliver(
    session: Session, message_ids: list[int], url: str, reply_to: str, free, max_attempts: int
) -> int:
    """Claim, send and record each message in turn; how many were sent."""
    sent = 0
    table = OutboxMessage.__table__
    for message_id in message_ids:
        # Claimed and read in one statement: the claim's row comes back only to its winner.
        row = session.execute(
            update(table)
            .where(table.c.id == message_id, table.c.sent_at.is_(None), free)
            .values(claimed_at=utcnow(), attempts=table.c.attempts + 1)
            .returning(
                table.c.to_email,
                table.c.subject,
                table.c.body,
                table.c.headers,
                table.c.attachment_name,
                table.c.attachment_type,
                table.c.attachment,
            )
        ).first()
        session.commit()
        if row is None:
            continue  # another sender has it
        attachment = (
            (row.attachment_name, row.attachment_type, row.attachment) if row.attachment_name else None
        )
        try:
            send_email(
                url,
                to=row.to_email,
                subject=row.subject,
                body=row.body,
                reply_to=reply_to,
                headers=json.loads(row.headers) if row.headers else None,
                attachment=attachment,
            )
        except DELIVERY_ERRORS as error:
            outcome = {"claimed_at": None, "error": failure_reason(error)[:500]}
            if is_permanent(error):  # a bounce: trying again would be refused again
                outcome["attempts"] = max_attempts
                outcome["error"] = f"{failure_reason(error)[:450]} (not tried again)"
        else:
            outcome = {"sent_at": utcnow(), "error": ""}
            sent += 1
        session.execute(update(table).where(table.c.id == message_id).values(**outcome))
        session.commit()
    return sent


def scheduler_seconds() -> float:
    """How often the app runs the reminders' scheduler: CHAMPIONS_SCHEDULER_SECONDS (default
    60; 0 turns the app's own pass off, for a deployment that runs `notifications run-due`
    from cron instead)."""
    try:
        return max(0.0, float(os.environ.get("CHAMPIONS_SCHEDULER_SECONDS", "60")))
    except ValueError:
        return 60.0


async def deliver_forever(every_seconds: float = 10.0) -> None:
    """The app's background sender (a lifespan task): in a thread, off the event loop, so no
    request ever waits on it, every `every_seconds` it delivers waiting messages, and every
    `scheduler_seconds()` it runs the reminders' scheduler (`schedule_due`). Each worker runs
    it; the database's claims make every message go once."""
    import asyncio
    import logging
    import time

    from champions.infra.db import session_scope
    from champions.services.messages.scheduler import schedule_due

    def schedule() -> None:
        with session_scope() as session:
            schedule_due(session=session)

    def deliver() -> None:
        with session_scope() as session:
            send_pending(session=session, parallel=smtp_parallel())

    every = scheduler_seconds()
    last_pass = float("-inf")
    while True:
        try:
            if every and time.monotonic() - last_pass >= every:
                last_pass = time.monotonic()
                await asyncio.to_thread(schedule)
            if smtp_url():
                await asyncio.to_thread(deliver)
        except Exception:  # a database or server hiccup: the next turn tries again
            logging.getLogger("champions.messages").exception("the background sender failed a turn")
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


def outbox_page(*, session: Session, language: str = "en") -> OutboxPage:
    """The latest messages (`outbox`), newest first, and whether they are delivered."""
    smtp = bool(smtp_url())

    def status(message: OutboxMessage) -> str:
        if message.sent_at:
            return gettext(
                language, "sent {when}", when=format_instant(message.sent_at, SEOUL_ZONE, language)
            )
        if message.review == "held":
            return gettext(language, "held for review: approve or discard it on the Messages page")
        if message.review == "discarded" or message.error:
            return gettext(language, "not sent: {error}", error=message.error)
        if smtp:
            return gettext(language, "waiting")
        return gettext(language, "not sent (no SMTP server configured)")

    return OutboxPage(
        smtp=smtp,
        messages=[
            OutboxLine(
                id=str(m.id),
                recipient=m.to_email,
                subject=m.subject,
                body=hide_links(m.body),
                created=format_instant(m.created_at, SEOUL_ZONE, language),
                status=status(m),
            )
            for m in outbox(session=session)
        ],
    )
