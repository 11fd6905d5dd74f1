"""Registering through the public form: the form as a browser sends it, the checks (with the
client address's throttle), then the new account with its application, usable once the link
emailed to it is followed. The checks and the writing are two transactions of their own, so
that the password is hashed between them, outside any transaction and in the caller's pool
for CPU work.

The page answers the same (CHECK_YOUR_EMAIL), after the same work, whether or not the email
already has an account: its owner is told by email instead, so the form cannot be used to
find out who has an account."""

import hashlib
import os
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from champions.infra.db import serialize, session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import N_, gettext, is_language
from champions.models import Cohort, EmailConfirmation, User
from champions.models._time import utcnow
from champions.services.accounts.accounts import find_user_by_email, normalize_email
from champions.services.accounts.throttle import client_registration_refusal, record_registration
from champions.services.messages.events import application_received
from champions.services.messages.outbox import queue_message
from champions.services.registration.applications import (
    CheckedRegistration,
    RegistrationForm,
    check_registration,
    register_applicant,
)
from champions.services.registration.cohorts import open_cohort
from champions.services.registration.countries import code_of_choice

CONFIRM_VALID = timedelta(hours=48)
CHECK_YOUR_EMAIL = (
    "Thank you. Check your email to confirm your application: the link we sent works once, within 48 hours."
)
INVALID_CONFIRMATION = N_(
    "This confirmation link has expired or was already used. Register again, or log in."
)


def registration_form(data) -> RegistrationForm:
    """The form as a browser sends it, whatever types it sent: the country picker sends its
    choice ("KR · South Korea"), the form keeps the code."""
    data = dict(data) if isinstance(data, dict) else {}
    data["country"] = code_of_choice(data.get("country"))
    return RegistrationForm.from_form_data(data)


def _open_cohort(session: Session) -> Cohort:
    cohort = open_cohort(session=session, today=date.today())
    if cohort is None:
        raise RuleViolation([Reason("closed", "Registration is closed.")])
    return cohort


def check_registration_form(form: RegistrationForm, client: str = "") -> CheckedRegistration:
    """Check a registration to the cohort open today, sent from the address `client`: refused
    while the address has registered too often, then every field and the eligibility rule
    (`check_registration`; an email that has an account passes). Raises RuleViolation.
    Writes nothing; blocks on the database."""
    with session_scope() as session:
        cohort = _open_cohort(session)
        throttled = client_registration_refusal(session=session, client=client)
        if throttled is not None:
            raise RuleViolation([throttled])
        return check_registration(session=session, cohort=cohort, form=form, today=date.today())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _origin() -> str:
    return os.environ.get("CHAMPIONS_ORIGIN", "http://localhost:3000").rstrip("/")


def _tell_owner(session: Session, email: str) -> None:
    """Tell an account's owner, in the account's language, that someone registered with it."""
    owner = find_user_by_email(session=session, email=email)
    language = owner.language if owner is not None and is_language(owner.language) else "en"
    queue_message(
        session=session,
        to=email,
        subject=gettext(language, "Your Smart City Champions account already exists"),
        body=gettext(
            language,
            "Hello,\n\n"
            "Someone (we hope you) just registered for Smart City Champions with this email, "
            "which already has an account, so nothing was changed.\n"
            "To get in, log in at {login}, or choose a new password at {forgot}.\n"
            "If it was not you, ignore this message.\n",
            login=f"{_origin()}/login",
            forgot=f"{_origin()}/forgot-password",
        ),
    )


def complete_registration(
    checked: CheckedRegistration,
    password_hash: str,
    client: str = "",
    now: datetime | None = None,
    language: str = "",
) -> str:
    """Count the registration against `client` (refused past its limit, counted and checked
    in turns with every other registration from the address, so parallel requests cannot
    outrun it), then: for a new email, the account (unconfirmed) and its application in the
    cohort open today, with a confirmation link in the outbox; for an email that has an
    account, an email to its owner and nothing else. A new account speaks `language` (the
    page's, when it is an offered one): its emails, from the first, are written in it.
    Returns CHECK_YOUR_EMAIL either way.
    Raises RuleViolation (throttled, registration closed). Blocks on the database."""
    now = now or utcnow()
    email = normalize_email(checked.form.email)
    try:
        with session_scope() as session:
            if client:
                serialize(session, f"registration-from:{client[:64]}")
            throttled = client_registration_refusal(session=session, client=client, now=now)
            if throttled is not None:
                raise RuleViolation([throttled])
            record_registration(session=session, client=client, now=now)
            if find_user_by_email(session=session, email=email) is not None:
                _tell_owner(session, email)
                return CHECK_YOUR_EMAIL
            user, _ = register_applicant(
                session=session, cohort=_open_cohort(session), checked=checked, password_hash=password_hash
            )
            user.email_confirmed_at = None
            if is_language(language):
                user.language = language
            session.add(user)
            token = secrets.token_urlsafe(32)
            expires = now + CONFIRM_VALID
            session.add(
                EmailConfirmation(
                    user_id=user.id, token_hash=_hash(token), created_at=now, expires_at=expires
                )
            )
            application_received(
                session=session,
                user=user,
                cohort=_open_cohort(session),
                confirm_link=f"{_origin()}/confirm-email?token={token}",
                expires=expires,
                now=now,
            )
            return CHECK_YOUR_EMAIL
    except IntegrityError:  # a concurrent registration with the same email won the race
        with session_scope() as session:
            _tell_owner(session, email)
        return CHECK_YOUR_EMAIL


def confirm_email(*, session: Session, token: str, now: datetime | None = None) -> User:
    """Follow a confirmation link: the account becomes usable and the link is spent (of two
    uses racing, one wins). Raises RuleViolation for a link that is unknown, used or expired."""
    now = now or utcnow()
    invalid = RuleViolation([Reason("invalid_link", INVALID_CONFIRMATION)])
    if not isinstance(token, str) or not token or len(token) > 128:
        raise invalid
    link = session.exec(select(EmailConfirmation).where(EmailConfirmation.token_hash == _hash(token))).first()
    if link is None or link.used_at is not None or now >= link.expires_at:
        raise invalid
    marked = session.execute(
        update(EmailConfirmation)
        .where(EmailConfirmation.id == link.id, EmailConfirmation.used_at.is_(None))
        .values(used_at=now)
    )
    if marked.rowcount != 1:
        raise invalid
    user = session.get(User, link.user_id)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
        session.add(user)
    session.flush()
    return user
