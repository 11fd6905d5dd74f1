"""Hold for review (pretalx's practice): with it on for an edition, the reminders the scheduler
makes for that edition wait in the outbox, held, until the secretariat approves them (one, or
all) or discards them with a reason. Decisions, security messages (password reset, the
application's confirmation) and the secretariat's own messages are events, never held; nor is
the secretariat's digest. Every decision is audited."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Cohort, MessageSettings, Notification, OutboxMessage, User
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.messages.outbox import hide_links
from champions.services.messages.templates import KINDS

NEVER_HELD = ("secretariat_digest",)  # to the secretariat itself
HOLDABLE = [k.name for k in KINDS.values() if k.reminder and k.name not in NEVER_HELD]
PASSED = "its moment passed while it was held for review"
STALE = "no longer applies (its date moved, it was cancelled, or it was done) while it was held"
MAX_REASON = 300


def holding(session: Session, cohort_id: int) -> bool:
    row = session.exec(select(MessageSettings).where(MessageSettings.cohort_id == cohort_id)).first()
    return bool(row and row.hold_for_review)


def holding_editions(session: Session) -> set[int]:
    """The editions whose reminders wait for approval."""
    return set(
        session.exec(select(MessageSettings.cohort_id).where(MessageSettings.hold_for_review.is_(True)))
    )


def set_holding(
    *, session: Session, actor: User, cohort: Cohort, on: bool, now: datetime | None = None
) -> bool:
    """Turn hold for review on or off for the edition (audited when it changes). Turning it off
    does not release what is held: the secretariat still approves or discards it. Raises
    RuleViolation for an archived edition. Flushes."""
    if cohort.is_archived:
        raise RuleViolation([Reason("archived", "This edition is archived: it is read-only.")])
    row = session.exec(select(MessageSettings).where(MessageSettings.cohort_id == cohort.id)).first()
    if bool(row and row.hold_for_review) == on:
        return on
    row = row or MessageSettings(cohort_id=cohort.id)
    row.hold_for_review, row.updated_at, row.updated_by = on, now or utcnow(), actor.id
    session.add(row)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="messages_hold_switched",
        entity="cohort",
        entity_id=cohort.id,
        before={"hold_for_review": not on},
        after={"hold_for_review": on},
    )
    session.flush()
    return on


@dataclass(frozen=True)
class HeldLine:
    """A held message as the secretariat reads it (secret links hidden), every value as text."""

    id: str
    recipient: str
    kind: str
    subject: str
    body: str
    made: str  # Seoul time


def held_lines(*, session: Session, cohort: Cohort, limit: int = 200, language: str = "en") -> list[HeldLine]:
    """The edition's held messages, oldest first. Reads only."""
    rows = session.exec(
        select(Notification, User.email, OutboxMessage.body)
        .join(User, User.id == Notification.user_id)
        .join(OutboxMessage, OutboxMessage.id == Notification.outbox_id)
        .where(Notification.cohort_id == cohort.id, Notification.state == "held")
        .order_by(Notification.created_at, Notification.id)
        .limit(limit)
    ).all()
    return [
        HeldLine(
            str(n.id),
            email,
            KINDS[n.kind].label if n.kind in KINDS else n.kind,
            n.subject,
            hide_links(body),
            format_instant(n.created_at, SEOUL_ZONE, language),
        )
        for n, email, body in rows
    ]


def held_count(*, session: Session, cohort: Cohort) -> int:
    return len(
        session.exec(
            select(Notification.id).where(Notification.cohort_id == cohort.id, Notification.state == "held")
        ).all()
    )


def _held(session: Session, cohort: Cohort, ids: list[int] | None) -> list[Notification]:
    query = select(Notification).where(Notification.cohort_id == cohort.id, Notification.state == "held")
    if ids is not None:
        query = query.where(Notification.id.in_(ids or [-1]))
    return list(session.exec(query.order_by(Notification.id)))


def _chunks(rows: list[Notification]):
    for start in range(0, len(rows), 500):
        yield rows[start : start + 500]


def _drop(session: Session, rows: list[Notification], reason: str) -> None:
    """Drop held notifications with the reason; their emails are discarded (never sent)."""
    for chunk in _chunks(rows):
        session.execute(
            update(Notification)
            .where(Notification.id.in_([n.id for n in chunk]), Notification.state == "held")
            .values(state="dropped", reason=reason[:MAX_REASON])
        )
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([n.outbox_id for n in chunk]), OutboxMessage.review == "held")
            .values(review="discarded", error=reason[:500])
        )


def approve_held(
    *,
    session: Session,
    actor: User,
    cohort: Cohort,
    ids: list[int] | None = None,
    now: datetime | None = None,
) -> tuple[int, int]:
    """Release the edition's held messages (`ids`, or all): each goes (its email to the sender,
    shown in the person's list), except one whose moment passed meanwhile, dropped with the
    reason. Audited once. Returns (released, dropped). Raises RuleViolation when none of `ids`
    is held any more. Flushes."""
    now = now or utcnow()
    rows = _held(session, cohort, ids)
    if not rows:
        raise RuleViolation([Reason("nothing_held", "Nothing is held for review (any more).")])
    passed = [n for n in rows if n.moment is not None and n.moment <= now]
    going = [n for n in rows if not (n.moment is not None and n.moment <= now)]
    _drop(session, passed, PASSED)
    table = Notification.__table__
    for chunk in _chunks(going):
        session.execute(
            update(table)
            .where(table.c.id.in_([n.id for n in chunk]), table.c.state == "held")
            .values(state="sent", sent_at=now)
        )
        session.execute(
            update(OutboxMessage.__table__)
            .where(OutboxMessage.__table__.c.id.in_([n.outbox_id for n in chunk]))
            .values(review="", created_at=now)
        )
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="held_messages_approved",
        entity="notification",
        entity_id="all" if ids is None else ",".join(str(n.id) for n in rows),
        after={"released": len(going), "dropped": len(passed), "kinds": sorted({n.kind for n in rows})},
    )
    session.flush()
    return len(going), len(passed)


def discard_held(*, session: Session, actor: User, cohort: Cohort, notification_id: int, reason: str) -> None:
    """Refuse one held message with a reason (it is never sent; the outbox shows why). Audited.
    Raises RuleViolation (no reason; not held in this edition). Flushes."""
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > MAX_REASON:
        raise RuleViolation(
            [Reason("reason", "Say why, in up to {max} characters.", "reason", values={"max": MAX_REASON})]
        )
    rows = _held(session, cohort, [notification_id])
    if not rows:
        raise RuleViolation([Reason("nothing_held", "This message is not held for review (any more).")])
    _drop(session, rows, f"discarded by the secretariat: {reason}")
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="held_message_discarded",
        entity="notification",
        entity_id=notification_id,
        before={"kind": rows[0].kind, "subject": rows[0].subject, "user_id": rows[0].user_id},
        reason=reason,
    )
    session.flush()


def drop_stale_held(session: Session, wanted: set[str], now: datetime) -> int:
    """In a scheduler pass: held reminders whose moment passed, or which no longer apply (not in
    `wanted`, the pass's due reminders), are dropped with the reason. Returns how many."""
    rows = list(session.exec(select(Notification).where(Notification.state == "held")))
    passed = [n for n in rows if n.moment is not None and n.moment <= now]
    stale = [n for n in rows if not (n.moment is not None and n.moment <= now) and n.dedupe_key not in wanted]
    _drop(session, passed, PASSED)
    _drop(session, stale, STALE)
    return len(passed) + len(stale)
