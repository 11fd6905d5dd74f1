"""Telling one person something: a `Notification` row (claimed by its unique key, so nothing
goes out twice whatever runs at once) and its email in the outbox, written in the caller's
transaction so that the message exists exactly when the change that caused it does.

Also each person's settings (reminder kinds turned off, the zone their dates are given in)
and the signed unsubscribe links of optional messages."""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, insert, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from champions.infra.timezones import SEOUL_ZONE, format_instant, viewer_zone
from champions.infra.translations import SOURCE_LANGUAGE, gettext
from champions.models import Notification, NotificationSettings, OutboxMessage, Role, User
from champions.models._time import utcnow
from champions.services.messages.custom import kind_for
from champions.services.messages.switches import OFF_REASON, kinds_off
from champions.services.messages.templates import (
    KINDS,
    Kind,
    in_language,
    language_of,
    localized,
    moment_text,
    origin,
    render,
)


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    text: str


# --- settings -----------------------------------------------------------------------------


def existing_settings(session: Session, user_id: int) -> NotificationSettings | None:
    return session.exec(select(NotificationSettings).where(NotificationSettings.user_id == user_id)).first()


def settings_of(*, session: Session, user_id: int) -> NotificationSettings:
    """The person's settings, made (with a new unsubscribe key) the first time; a worker making
    them at the same moment cannot make a second row. Flushes."""
    settings = existing_settings(session, user_id)
    if settings is None:
        table = NotificationSettings.__table__
        session.execute(
            upsert_statement(session)(table)
            .values(
                user_id=user_id,
                muted_kinds="",
                time_zone=SEOUL_ZONE,
                unsubscribe_key=secrets.token_hex(32),
                updated_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["user_id"])
        )
        settings = existing_settings(session, user_id)
    return settings


def upsert_statement(session: Session):
    """INSERT with ON CONFLICT for the database in use (both dialects spell it alike)."""
    return postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def settings_by_user(session: Session, user_ids: list[int]) -> dict[int, NotificationSettings]:
    """Existing settings of these people (none made): one query."""
    found: dict[int, NotificationSettings] = {}
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start : start + 500]
        found.update(
            (s.user_id, s)
            for s in session.exec(select(NotificationSettings).where(NotificationSettings.user_id.in_(chunk)))
        )
    return found


def muted(settings: NotificationSettings | None) -> set[str]:
    return {k for k in (settings.muted_kinds if settings else "").split(",") if k}


def zone_of(settings: NotificationSettings | None) -> str:
    return viewer_zone(settings.time_zone) if settings else SEOUL_ZONE


def set_muted_kinds(*, session: Session, user_id: int, kinds: list[str]) -> list[str]:
    """Turn off exactly these optional kinds (others are ignored: decisions and security
    messages are always sent). Returns the kinds now off. Flushes."""
    settings = settings_of(session=session, user_id=user_id)
    off = sorted({k for k in kinds if k in KINDS and KINDS[k].optional})
    settings.muted_kinds, settings.updated_at = ",".join(off), utcnow()
    session.add(settings)
    session.flush()
    return off


def remember_zone(*, session: Session, user_id: int, zone: str) -> None:
    """Give this person's dates in their browser's zone from now on (ignored when not a real
    zone). Flushes."""
    settings = settings_of(session=session, user_id=user_id)
    zone = viewer_zone(zone)
    if settings.time_zone != zone:
        settings.time_zone, settings.updated_at = zone, utcnow()
        session.add(settings)
        session.flush()


# --- unsubscribe links ----------------------------------------------------------------------


def _signature(key: str, user_id: int, kind: str) -> str:
    return hmac.new(key.encode(), f"unsubscribe:{user_id}:{kind}".encode(), hashlib.sha256).hexdigest()[:32]


def unsubscribe_token(settings: NotificationSettings, kind: str) -> str:
    """`user.kind.signature`: signed with the person's own random key (kept in the database,
    so every worker checks it alike and a new key voids every link)."""
    return f"{settings.user_id}.{kind}.{_signature(settings.unsubscribe_key, settings.user_id, kind)}"


def unsubscribe_url(settings: NotificationSettings, kind: str) -> str:
    return f"{origin()}/api/unsubscribe?token={unsubscribe_token(settings, kind)}"


def token_target(*, session: Session, token: str) -> tuple[int, str] | None:
    """(user id, kind) of a valid unsubscribe token, else None. Reads only."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 12 or parts[1] not in KINDS:
        return None
    user_id, kind, signature = int(parts[0]), parts[1], parts[2]
    settings = existing_settings(session, user_id)
    if settings is None or not KINDS[kind].optional:
        return None
    if not hmac.compare_digest(_signature(settings.unsubscribe_key, user_id, kind), signature):
        return None
    return user_id, kind


def unsubscribe(*, session: Session, token: str) -> str | None:
    """Turn off the kind a valid token names, for its person; returns the kind's label, or None
    for a token that is not valid. Flushes."""
    target = token_target(session=session, token=token)
    if target is None:
        return None
    user_id, kind = target
    settings = settings_of(session=session, user_id=user_id)
    set_muted_kinds(session=session, user_id=user_id, kinds=[*muted(settings), kind])
    return KINDS[kind].label


# --- sending --------------------------------------------------------------------------------


def _as_utc(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def dedupe_key(kind: str, subject_key: str, user_id: int, moment: datetime | None = None) -> str:
    at = f":{_as_utc(moment):%Y%m%dT%H%M%SZ}" if moment is not None else ""
    return f"{kind}:{subject_key}{at}:u{user_id}"[:250]


def claim_key(session: Session, **values) -> int | None:
    """Insert a notification unless its dedupe key exists (here or committed by any other
    worker: the unique index decides); its id, or None when the key was taken."""
    table = Notification.__table__
    insert = upsert_statement(session)
    values.setdefault("created_at", utcnow())
    for name in ("reason", "subject", "body", "link"):
        values.setdefault(name, "")
    statement = insert(table).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    row = session.execute(statement.returning(table.c.id)).first()
    return row[0] if row else None


@dataclass(frozen=True)
class Outgoing:
    """A claimed notification ready to go: its text, and its email as it enters the outbox."""

    notification_id: int
    subject: str
    body: str  # as the in-app list shows it (no unsubscribe link)
    link: str
    email: dict  # the outbox row's values


def outgoing(
    notification_id: int,
    *,
    kind: Kind,
    user: User,
    settings: NotificationSettings | None,
    subject: str,
    body: str,
    link: str,
    now: datetime,
    attachment: Attachment | None = None,
    language: str = SOURCE_LANGUAGE,
) -> Outgoing:
    """The email of a notification: optional kinds get an unsubscribe link (its line in the
    recipient's `language`) and the List-Unsubscribe headers of RFC 8058 (`settings` must
    exist for them)."""
    headers: dict[str, str] = {}
    email_body = body
    if kind.optional:
        url = unsubscribe_url(settings, kind.name)
        label = localized(KINDS.get(kind.name, kind), language).label
        stop = gettext(language, "To stop these emails ({label}): {url}", label=label, url=url)
        email_body = f"{body}\n--\n{stop}\n"
        headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    email = {
        "to_email": user.email,
        "subject": subject,
        "body": email_body,
        "created_at": now,
        "sent_at": None,
        "claimed_at": None,
        "attempts": 0,
        "error": "",
        "headers": json.dumps(headers) if headers else "",
        "attachment_name": attachment.name if attachment else "",
        "attachment_type": attachment.content_type if attachment else "",
        "attachment": attachment.text if attachment else "",
        "review": "",
    }
    return Outgoing(notification_id, subject, body, link, email)


def send_all(session: Session, batch: list[Outgoing], now: datetime, held: bool = False) -> None:
    """Queue the emails of claimed notifications in the outbox and mark them sent, in the
    caller's transaction: a few statements whatever the batch's size. `held`: they wait in the
    outbox for the secretariat's approval instead (held, not shown in the app yet)."""
    if not batch:
        return
    outbox = OutboxMessage.__table__
    review = {"review": "held"} if held else {}
    ids = (
        session.execute(
            insert(outbox).returning(outbox.c.id, sort_by_parameter_order=True),
            [item.email | review for item in batch],
        )
        .scalars()
        .all()
    )
    table = Notification.__table__
    session.execute(
        update(table)
        .where(table.c.id == bindparam("nid"))
        .values(
            state="held" if held else "sent",
            subject=bindparam("new_subject"),
            body=bindparam("new_body"),
            link=bindparam("new_link"),
            outbox_id=bindparam("new_outbox_id"),
            sent_at=None if held else now,
        ),
        [
            {
                "nid": item.notification_id,
                "new_subject": item.subject,
                "new_body": item.body,
                "new_link": item.link,
                "new_outbox_id": outbox_id,
            }
            for item, outbox_id in zip(batch, ids, strict=True)
        ],
    )


def ensure_settings(session: Session, user_ids: list[int]) -> dict[int, NotificationSettings]:
    """Everyone's settings, made for those who have none (unsubscribe links need their key)."""
    found = settings_by_user(session, user_ids)
    missing = [user_id for user_id in user_ids if user_id not in found]
    if missing:
        table = NotificationSettings.__table__
        session.execute(
            upsert_statement(session)(table).on_conflict_do_nothing(index_elements=["user_id"]),
            [
                {
                    "user_id": user_id,
                    "muted_kinds": "",
                    "time_zone": SEOUL_ZONE,
                    "unsubscribe_key": secrets.token_hex(32),
                    "updated_at": utcnow(),
                }
                for user_id in missing
            ],
        )
        found.update(settings_by_user(session, missing))
    return found


def notify(
    *,
    session: Session,
    user: User,
    kind: str,
    subject_key: str,
    values: dict[str, str],
    path: str,
    cohort_id: int | None = None,
    now: datetime | None = None,
) -> int | None:
    """Tell `user` of an event, once per kind, subject and person: rendered in their language
    from the kind's template with their name, the link (origin + `path`) and `values` (a
    `Words` value is written in their language), and queued in the outbox in the caller's
    transaction. Turned off by the person: recorded as dropped. Returns the notification's id,
    or None when it was sent before."""
    now = now or utcnow()
    language = language_of(user)
    spec = kind_for(session, cohort_id, kind, language)  # the edition's wording, else the default
    link = f"{origin()}{path}"
    subject, body = render(spec, {**in_language(values, language), "name": user.full_name, "link": link})
    notification_id = claim_key(
        session,
        user_id=user.id,
        cohort_id=cohort_id,
        kind=kind,
        subject_key=subject_key[:120],
        dedupe_key=dedupe_key(kind, subject_key, user.id),
        due_at=now,
        state="scheduled",
        subject=subject,
        body=body,
        link=link,
    )
    if notification_id is None:
        return None
    settings = existing_settings(session, user.id)
    if kind in kinds_off(session, cohort_id):
        drop(session, notification_id, OFF_REASON)
    elif spec.optional and kind in muted(settings):
        drop(session, notification_id, "turned off by the recipient")
    else:
        if spec.optional:
            settings = settings_of(session=session, user_id=user.id)
        item = outgoing(
            notification_id,
            kind=spec,
            user=user,
            settings=settings,
            subject=subject,
            body=body,
            link=link,
            now=now,
            language=language,
        )
        send_all(session, [item], now)
    return notification_id


def drop(session: Session, notification_id: int, reason: str) -> None:
    session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(state="dropped", reason=reason[:300])
    )


def instant_for(
    user_settings: NotificationSettings | None, instant: datetime, language: str = SOURCE_LANGUAGE
) -> str:
    """An instant as the recipient reads it (their zone, and Seoul)."""
    return moment_text(instant, zone_of(user_settings), language)


def zone_text(*, session: Session, user_id: int, instant: datetime, language: str = SOURCE_LANGUAGE) -> str:
    return instant_for(existing_settings(session, user_id), instant, language)


# --- the in-app list --------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationLine:
    id: str
    subject: str
    body: str
    link: str
    sent: str  # in the reader's zone
    unread: bool


def unread_count(*, session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.state == "sent", Notification.read_at.is_(None))
    ).one()


def notifications_of(
    *, session: Session, user_id: int, zone: str, limit: int = 100, language: str = "en"
) -> list[NotificationLine]:
    """The person's sent notifications, newest first. Reads only."""
    rows = session.exec(
        select(Notification)
        .where(Notification.user_id == user_id, Notification.state == "sent")
        .order_by(Notification.sent_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
    return [
        NotificationLine(
            id=str(n.id),
            subject=n.subject,
            body=n.body,
            link=n.link,
            sent=format_instant(n.sent_at, zone, language),
            unread=n.read_at is None,
        )
        for n in rows
    ]


def mark_all_read(*, session: Session, user_id: int, now: datetime | None = None) -> int:
    """Mark the person's sent notifications read; how many were unread. Flushes."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.state == "sent", Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    )
    return result.rowcount


def open_notifications(
    *, session: Session, user_id: int, zone: str, now: datetime | None = None, language: str = "en"
) -> list[NotificationLine]:
    """The person opens their list: their sent notifications (those new to them marked
    unread in what is returned) are then all marked read, and their browser's zone is kept for
    the dates of their emails. Flushes."""
    remember_zone(session=session, user_id=user_id, zone=zone)
    lines = notifications_of(session=session, user_id=user_id, zone=viewer_zone(zone), language=language)
    mark_all_read(session=session, user_id=user_id, now=now)
    return lines


# --- preferences ----------------------------------------------------------------------------


SECRETARIAT_ONLY = ("secretariat_digest",)  # not offered to others: they never get it


@dataclass(frozen=True)
class KindChoice:
    name: str
    label: str
    on: bool


def preferences_of(*, session: Session, user_id: int) -> list[KindChoice]:
    """Every message kind a person may turn off, and whether it is on for them. Reads only."""
    off = muted(existing_settings(session, user_id))
    user = session.get(User, user_id)
    staff = user is not None and user.role == Role.SECRETARIAT
    return [
        KindChoice(k.name, k.label, k.name not in off)
        for k in KINDS.values()
        if k.optional and (staff or k.name not in SECRETARIAT_ONLY)
    ]


def save_preferences(*, session: Session, user_id: int, chosen: dict) -> list[KindChoice]:
    """Keep on exactly the optional kinds ticked in `chosen` (a form: name -> "on"); the others
    are turned off. Anything else in the form is ignored. Flushes."""
    data = chosen if isinstance(chosen, dict) else {}
    offered = {c.name for c in preferences_of(session=session, user_id=user_id)}
    kept = muted(existing_settings(session, user_id)) - offered  # kinds not offered stay as they are
    off = [name for name in offered if data.get(name) != "on"] + sorted(kept)
    set_muted_kinds(session=session, user_id=user_id, kinds=off)
    return preferences_of(session=session, user_id=user_id)
