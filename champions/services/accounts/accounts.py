"""Accounts, login sessions and login throttling.

Everything lives in the database (no process memory), so several backend workers agree
and a backend restart logs no one out.
"""

import hashlib
import os
import re
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from champions.infra.db import serialize
from champions.infra.reasons import Plural, Reason, RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import LoginAttempt, LoginSession, PasswordReset, Role, User
from champions.models._time import utcnow
from champions.services.accounts.passwords import (
    dummy_hash,
    hash_password,
    password_problems,
    verify_password,
)
from champions.services.accounts.throttle import client_login_refusal

SESSION_IDLE = timedelta(hours=int(os.environ.get("CHAMPIONS_SESSION_IDLE_HOURS", "72")))
SESSION_ABSOLUTE = timedelta(days=int(os.environ.get("CHAMPIONS_SESSION_ABSOLUTE_DAYS", "30")))
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
# Touch last_seen at most this often, so page events do not each write to the database.
_TOUCH_EVERY = timedelta(minutes=1)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOGIN_FAILED = N_("Wrong email or password.")
DUPLICATE_EMAIL = N_("An account with this email already exists. Log in instead.")
UNCONFIRMED = N_(
    "Confirm your email first: follow the link we sent when you registered "
    '(or choose a new password through "Forgot your password?", which confirms it too).'
)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def email_problems(email: str) -> list[Reason]:
    email = normalize_email(email)
    if not email:
        return [Reason("required", "Enter your email address.", "email")]
    if len(email) > 254 or not _EMAIL.match(email):
        return [Reason("invalid", "Enter a valid email address, like name@example.org.", "email")]
    return []


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalize_email(email))).first()


def email_taken(*, session: Session, email: str) -> bool:
    return find_user_by_email(session=session, email=email) is not None


def create_user(*, session: Session, email: str, full_name: str, role: Role, password_hash: str) -> User:
    """Add a user (flushed, not committed). Raises RuleViolation on a bad or taken email."""
    problems = email_problems(email)
    name = (full_name or "").strip()
    if not name:
        problems.append(Reason("required", "Enter a full name.", "full_name"))
    elif len(name) > 200:
        problems.append(Reason("too_long", "Use at most 200 characters.", "full_name"))
    if not problems and email_taken(session=session, email=email):
        problems.append(Reason("duplicate", DUPLICATE_EMAIL, "email"))
    if problems:
        raise RuleViolation(problems)
    user = User(email=normalize_email(email), full_name=name, role=role, password_hash=password_hash)
    session.add(user)
    session.flush()
    return user


# --- sessions -------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(*, session: Session, user: User, now: datetime | None = None) -> str:
    """Create a login session for the user; returns the raw token (only its hash is stored)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_ABSOLUTE,
        )
    )
    session.flush()
    return token


def session_user(*, session: Session, token: str, now: datetime | None = None) -> User | None:
    """The active user behind a session token, or None when the token is unknown, revoked,
    idle too long or past its absolute expiry. Refreshes the idle clock."""
    if not token or len(token) > 128:
        return None
    now = now or utcnow()
    # One query for the session and its user: every event of a logged-in page calls this.
    found = session.exec(
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(LoginSession.token_hash == _token_hash(token))
    ).first()
    if found is None:
        return None
    login, user = found
    if (
        login.revoked_at is not None
        or now >= login.expires_at
        or now - login.last_seen_at >= SESSION_IDLE
        or not user.is_active
    ):
        return None
    if now - login.last_seen_at >= _TOUCH_EVERY:
        login.last_seen_at = now
        session.add(login)
    return user


def end_session(*, session: Session, token: str, now: datetime | None = None) -> None:
    """Revoke one session (log out)."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.token_hash == _token_hash(token), LoginSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )


def end_all_sessions(*, session: Session, user_id: int, now: datetime | None = None) -> None:
    """Revoke every session of a user (password change, role change, "log out everywhere")."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )


def change_role(
    *, session: Session, email: str, role: Role, actor_id: int | None = None, now: datetime | None = None
) -> User:
    """Give an account another role (e.g. an alumna becomes a mentor). Ends every session of
    the account, so no browser keeps a page opened under the old role. Audited. The last
    secretariat account keeps its role. Raises RuleViolation."""
    from champions.services.audit import record_audit

    user = find_user_by_email(session=session, email=email)
    if user is None:
        raise RuleViolation([Reason("not_found", "There is no account with this email.", "email")])
    if user.role == role:
        return user
    if (
        user.role == Role.SECRETARIAT
        and session.exec(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.SECRETARIAT, User.is_active.is_(True))
        ).one()
        <= 1
    ):
        raise RuleViolation(
            [Reason("last_secretariat", "This is the last secretariat account; it keeps its role.", "role")]
        )
    before = user.role
    user.role = role
    session.add(user)
    end_all_sessions(session=session, user_id=user.id, now=now)
    record_audit(
        session=session,
        actor_id=actor_id,
        action="role_changed",
        entity="user",
        entity_id=user.id,
        before={"role": before.value},
        after={"role": role.value},
    )
    session.flush()
    return user


# --- login ------------------------------------------------------------------------------


def lockout_remaining(*, session: Session, email: str, now: datetime | None = None) -> timedelta | None:
    """How long the account still refuses logins (None: not locked). It locks when
    LOCKOUT_FAILURES failed logins since the last success fall within LOCKOUT_WINDOW, and
    stays locked for LOCKOUT_WINDOW after the last of them."""
    now = now or utcnow()
    email = normalize_email(email)
    since = now - 2 * LOCKOUT_WINDOW  # older failures can no longer lock
    last_success = session.exec(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(True))
    ).one()
    if last_success is not None and last_success > since:
        since = last_success
    failures = list(
        session.exec(
            select(LoginAttempt.at)
            .where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(False), LoginAttempt.at > since)
            .order_by(LoginAttempt.at.desc())
            .limit(LOCKOUT_FAILURES)
        )
    )
    if len(failures) < LOCKOUT_FAILURES or failures[0] - failures[-1] > LOCKOUT_WINDOW:
        return None
    unlock_at = failures[0] + LOCKOUT_WINDOW
    return unlock_at - now if unlock_at > now else None


def locked_message(remaining: timedelta) -> str:
    return locked_reason(remaining).message


def locked_reason(remaining: timedelta) -> Reason:
    minutes = max(1, -(-int(remaining.total_seconds()) // 60))
    return Reason(
        "locked",
        "Too many failed logins for this account. Try again in {wait}.",
        values={"wait": Plural("{count} minute", "{count} minutes", minutes)},
    )


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    message: str = ""  # why login failed (English)
    reason: Reason | None = dataclass_field(default=None, compare=False)  # the same, for any language

    def text(self, language: str) -> str:
        """Why login failed, in the language."""
        return (
            self.reason.text(language)
            if self.reason
            else gettext(language, self.message)
            if self.message
            else ""
        )


def authenticate(
    *,
    session_factory: Callable[[], AbstractContextManager[Session]],
    email: str,
    password: str,
    client: str = "",
    now: datetime | None = None,
) -> LoginResult:
    """Check a login and record the attempt. The attempt is recorded as a failure before the
    password is checked, in its own short transaction that takes turns with every other
    attempt on the same account or from the same address (`serialize`), so attempts sent in
    parallel, to any worker, cannot get past the lockout or the address throttle; a right
    password then marks it a success. Refused without being recorded while the account is
    locked or the address throttled (`throttle`), then without checking the password. An
    unknown email costs the same work (one argon2 verify) and gives the same message as a
    wrong password; a right password of an account whose email is not confirmed yet says so.
    Commits (each step through its own `session_factory()` scope). CPU-heavy: call off the event loop."""
    now = now or utcnow()
    email = normalize_email(email)[:254]
    client = client[:64]
    with session_factory() as session:
        refusal, attempt_id = _count_attempt(session, email, client, now)
        user = find_user_by_email(session=session, email=email)
        known_hash = user.password_hash if user else None
    if refusal:
        # No argon2 verify for a refusal: it depends only on the attempts counted per email and
        # per address (unknown emails included), never on the account, so answering it sooner
        # tells nothing of whether the account exists, and refused requests cost no CPU.
        return LoginResult(None, refusal.message, refusal)
    matches = verify_password(password[:1024], known_hash or dummy_hash())
    with session_factory() as session:
        user = find_user_by_email(session=session, email=email)
        # Not if the password changed while it was being checked.
        if not (user and user.is_active and matches and user.password_hash == known_hash):
            return LoginResult(None, LOGIN_FAILED)
        if user.email_confirmed_at is None:  # told only to whoever knows the password
            return LoginResult(None, UNCONFIRMED)
        attempt = session.get(LoginAttempt, attempt_id)
        attempt.succeeded = True
        session.add(attempt)
        return LoginResult(user)


def _count_attempt(
    session: Session, email: str, client: str, now: datetime
) -> tuple[Reason | None, int | None]:
    """(None, the new attempt's id) with the attempt recorded as failed, or (why refused, None)."""
    serialize(session, f"login:{email}", *([f"login-from:{client}"] if client else []))
    remaining = lockout_remaining(session=session, email=email, now=now)
    if remaining is not None:
        return locked_reason(remaining), None
    throttled = client_login_refusal(session=session, client=client, now=now)
    if throttled is not None:
        return throttled, None
    attempt = LoginAttempt(email=email, client=client, succeeded=False, at=now)
    session.add(attempt)
    session.flush()
    return None, attempt.id


def change_password(*, session: Session, user: User, new_hash: str, now: datetime | None = None) -> None:
    """Set a new password hash, end every session of the user and void every reset link they
    have not used."""
    now = now or utcnow()
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    user.password_hash = new_hash
    user.password_changed_at = now
    session.add(user)
    end_all_sessions(session=session, user_id=user.id, now=now)


def change_own_password(*, session: Session, user_id: int, current: str, new: str, repeat: str) -> None:
    """The account's owner sets a new password (`change_password`), giving the current one.
    Raises RuleViolation with a reason per field: a wrong current password, a refused or
    unrepeated new one. CPU-heavy (one verify, one hash): call off the event loop."""
    problems = [r.at("new_password") for r in password_problems(new)]
    if new != repeat:
        problems.append(Reason("mismatch", "The two new passwords differ.", "repeat_password"))
    user = session.get(User, user_id)
    if not verify_password(current[:1024], user.password_hash):
        problems.insert(0, Reason("wrong", "Your current password is not correct.", "current_password"))
    if problems:
        raise RuleViolation(problems)
    change_password(session=session, user=user, new_hash=hash_password(new))
