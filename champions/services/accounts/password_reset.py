"""Password reset by email: a single-use link, valid for RESET_VALID, sent through the outbox.
Asking gives the same answer, after the same work, whether or not the email has an account."""

import hashlib
import os
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from champions.infra.db import serialize, session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import N_, gettext, is_language
from champions.models import PasswordReset, User
from champions.models._time import utcnow
from champions.services.accounts.accounts import (
    change_password,
    email_problems,
    find_user_by_email,
    normalize_email,
)
from champions.services.accounts.passwords import new_password_problems
from champions.services.accounts.throttle import (
    RESET_REQUEST,
    client_reset_refusal,
    record_client_event,
    reset_emails_per_recipient,
)
from champions.services.messages.outbox import queue_message

RESET_VALID = timedelta(hours=1)
ASKED = (
    "If an account exists for that email, we have sent it a link to choose a new password. "
    "The link works once, within an hour."
)
INVALID_LINK = N_("This link has expired or was already used. Ask for a new one.")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request_password_reset(*, session: Session, email: str, origin: str, now: datetime | None = None) -> str:
    """For an active account: a reset link in the outbox (and the reset row), unless the
    account was sent reset_emails_per_recipient() links within the last hour. For an unknown
    or inactive email: nothing is written. Returns ASKED either way. Raises RuleViolation only
    for an email that is not an email address."""
    problems = email_problems(email)
    if problems:
        raise RuleViolation(problems)
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    token_hash = _hash(token)  # the same work whether or not the account exists
    user = find_user_by_email(session=session, email=normalize_email(email))
    if user is None or not user.is_active:
        return ASKED
    sent = session.exec(
        select(func.count()).where(
            PasswordReset.user_id == user.id, PasswordReset.created_at > now - RESET_VALID
        )
    ).one()
    if sent >= reset_emails_per_recipient():
        return ASKED  # an inbox is not flooded; the page says the same either way
    expires = now + RESET_VALID
    session.add(PasswordReset(user_id=user.id, token_hash=token_hash, created_at=now, expires_at=expires))
    language = user.language if is_language(user.language) else "en"  # the account's language
    queue_message(
        session=session,
        to=user.email,
        subject=gettext(language, "Choose a new password for Smart City Champions"),
        body=gettext(
            language,
            "Hello {name},\n\n"
            "Someone (we hope you) asked to reset the password of your Smart City Champions account.\n"
            "Choose a new password here:\n\n{link}\n\n"
            "The link works once, until {expires} ({expires_seoul}).\n"
            "If you did not ask, ignore this message: your password stays as it is.\n",
            name=user.full_name,
            link=f"{origin.rstrip('/')}/reset-password?token={token}",
            expires=format_instant(expires, "UTC", language),
            expires_seoul=format_instant(expires, SEOUL_ZONE, language),
        ),
    )
    return ASKED


def answer_reset_request(email: str, client: str = "") -> str:
    """A request from the "forgot your password" form, sent from the address `client`, in a
    transaction of its own: refused while the address has asked too often, otherwise
    `request_password_reset` with a link to the app's address (CHAMPIONS_ORIGIN), counted
    against the address whether or not the account exists. Returns ASKED; raises
    RuleViolation. The background sender delivers the email, so the answer takes the same
    time either way. Blocks on the database."""
    with session_scope() as session:
        # Count-then-insert in turns with every request from this address or for this inbox.
        keys = [f"reset-to:{normalize_email(email[:254])}"] + (
            [f"reset-from:{client[:64]}"] if client else []
        )
        serialize(session, *keys)
        throttled = client_reset_refusal(session=session, client=client)
        if throttled is not None:
            raise RuleViolation([throttled])
        answer = request_password_reset(
            session=session,
            email=email[:254],
            origin=os.environ.get("CHAMPIONS_ORIGIN", "http://localhost:3000"),
        )
        record_client_event(session=session, kind=RESET_REQUEST, client=client)
    return answer


def _valid_reset(session: Session, token: str, now: datetime) -> PasswordReset | None:
    if not token or len(token) > 128:
        return None
    reset = session.exec(select(PasswordReset).where(PasswordReset.token_hash == _hash(token))).first()
    if reset is None or reset.used_at is not None or now >= reset.expires_at:
        return None
    return reset


def reset_link_refusal(*, session: Session, token: str, now: datetime | None = None) -> Reason | None:
    """Why this link cannot be used (None: it can)."""
    return None if _valid_reset(session, token, now or utcnow()) else Reason("invalid_link", INVALID_LINK)


def reset_password(
    *,
    session: Session,
    token: str,
    new_password: str,
    repeat: str,
    hash_password,
    now: datetime | None = None,
) -> User:
    """Set the new password of the link's account: checks the password (field reasons) and the
    link (single use, not expired), marks the link used and ends every session of the account.
    `hash_password` is called only when everything else holds. Raises RuleViolation."""
    now = now or utcnow()
    problems = new_password_problems(new_password, repeat)
    reset = _valid_reset(session, token, now)
    if reset is None:
        raise RuleViolation([Reason("invalid_link", INVALID_LINK)])
    if problems:
        raise RuleViolation(problems)
    # Marked used in one conditional update: of two uses racing, exactly one wins.
    marked = session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    if marked.rowcount != 1:
        raise RuleViolation([Reason("invalid_link", INVALID_LINK)])
    user = session.get(User, reset.user_id)
    change_password(session=session, user=user, new_hash=hash_password(new_password), now=now)
    if user.email_confirmed_at is None:  # the link proved the inbox is theirs
        user.email_confirmed_at = now
        session.add(user)
    return user
