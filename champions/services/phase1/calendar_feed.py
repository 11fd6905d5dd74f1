"""Private calendar subscriptions: a participant's or mentor's `/calendar/<token>.ics`, which
their calendar app fetches again and again (also as `webcal://…`), so it always shows the
current lectures, workshop sessions and deadlines, and the ceremony. The address is the only
key: only its SHA-256 is kept, so the address is shown once, when made; renewing it makes a
new one (the old stops working) and stopping it deletes it."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import CalendarFeed, Cohort, Role, User
from champions.models._time import utcnow
from champions.services.judging.rubrics import judged_workshops
from champions.services.phase1.calendar import build_mentor_calendar, cohort_calendar, empty_calendar
from champions.services.registration.applications import accepted_cohort

FEED_ROLES = (Role.PARTICIPANT, Role.MENTOR)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_addresses(origin: str, token: str) -> tuple[str, str]:
    """The feed's https(s) address and the same as webcal:// (which calendar apps subscribe to)."""
    address = f"{origin.rstrip('/')}/calendar/{token}.ics"
    return address, "webcal://" + address.split("://", 1)[1]


def start_feed(*, session: Session, user_id: int, now: datetime | None = None) -> str:
    """Make the person's feed address, or a new one in place of the old (which stops working).
    Returns the token (only its hash is kept). Participants and mentors only; raises
    RuleViolation."""
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.role not in FEED_ROLES:
        raise RuleViolation([Reason("role", "Calendar subscriptions are for participants and mentors.")])
    token = secrets.token_urlsafe(32)
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user_id)).first()
    if feed is None:
        feed = CalendarFeed(user_id=user_id)
    feed.token_hash, feed.created_at = _hash(token), now or utcnow()
    session.add(feed)
    session.flush()
    return token


def stop_feed(*, session: Session, user_id: int) -> bool:
    """Delete the person's feed address (it stops working at once). True when there was one."""
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user_id)).first()
    if feed is None:
        return False
    session.delete(feed)
    session.flush()
    return True


@dataclass(frozen=True)
class FeedStatus:
    available: bool = False  # the person's role has a feed
    active: bool = False
    since: str = ""  # when the current address was made (Seoul time)


def feed_status(*, session: Session, user_id: int, language: str = "en") -> FeedStatus:
    """Whether the person may have a feed and has one. Reads only."""
    user = session.get(User, user_id)
    if user is None or user.role not in FEED_ROLES:
        return FeedStatus()
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user_id)).first()
    if feed is None:
        return FeedStatus(available=True)
    return FeedStatus(
        available=True, active=True, since=format_instant(feed.created_at, SEOUL_ZONE, language)
    )


def feed_calendar(*, session: Session, token: str, now: datetime | None = None) -> str | None:
    """The calendar behind a feed address as iCalendar text, made now from the current data;
    None for an unknown or stopped address or an account that is closed. A participant's:
    the edition they are accepted to (lectures, workshop sessions, openings and deadlines, the
    ceremony; no events before acceptance). A mentor's: every edition not archived, with
    when each judged workshop's submissions close, and the ceremony. Its texts in the owner's
    language (`User.language`). Reads only."""
    if not token or len(token) > 128:
        return None
    found = session.exec(
        select(CalendarFeed, User)
        .join(User, User.id == CalendarFeed.user_id)
        .where(CalendarFeed.token_hash == _hash(token))
    ).first()
    if found is None:
        return None
    _, user = found
    if not user.is_active or user.role not in FEED_ROLES:
        return None
    now = now or utcnow()
    if user.role == Role.MENTOR:
        editions = session.exec(
            select(Cohort).where(Cohort.archived_at.is_(None)).order_by(Cohort.phase1_start)
        ).all()
        return build_mentor_calendar(
            [(cohort, judged_workshops(session=session, cohort_id=cohort.id)) for cohort in editions],
            now,
            user.language,
        )
    cohort = accepted_cohort(session=session, user_id=user.id)
    if cohort is None:
        return empty_calendar("Smart City Champions")
    return cohort_calendar(session=session, cohort=cohort, now=now, language=user.language)
