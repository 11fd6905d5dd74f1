"""Accounts: users, login sessions and login attempts (for throttling)."""

import enum
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from champions.models._time import utcnow


class Role(str, enum.Enum):
    PARTICIPANT = "participant"
    MENTOR = "mentor"
    SECRETARIAT = "secretariat"


class User(SQLModel, table=True):
    """A person who can log in. `email` is stored normalized (trimmed, lower case)."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    full_name: str = Field(max_length=200)
    role: Role = Field(default=Role.PARTICIPANT, index=True)
    password_hash: str = Field(max_length=255)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)
    password_changed_at: datetime = Field(default_factory=utcnow)
    # None until the owner follows the link emailed at registration (accounts made by the
    # secretariat or the CLI are confirmed when created): such an account cannot log in.
    email_confirmed_at: datetime | None = Field(default_factory=utcnow)
    # The person agreed that their name is shown on the public winners page (off until they
    # say so on /account; withdrawing it removes the name at once).
    name_on_winners_page: bool = Field(default=False)
    # The language the person chose for the interface and their emails ("" until they choose).
    language: str = Field(default="", max_length=8, sa_column_kwargs={"server_default": ""})


class LoginSession(SQLModel, table=True):
    """A logged-in browser. Only the SHA-256 of the random token is stored."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime  # absolute expiry
    revoked_at: datetime | None = Field(default=None)


class LoginAttempt(SQLModel, table=True):
    """One login attempt, kept to throttle guessing per account and per client address across
    workers."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_client_at", "client", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    client: str = Field(default="", max_length=64)
    succeeded: bool = Field(default=False)
    at: datetime = Field(default_factory=utcnow, index=True)


class ClientEvent(SQLModel, table=True):
    """Something a client address did that is throttled across workers (a registration)."""

    __tablename__ = "client_event"
    __table_args__ = (Index("ix_client_event_kind_client_at", "kind", "client", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    client: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow)


class PasswordReset(SQLModel, table=True):
    """A password reset link: single use, time limited. Only the SHA-256 of its token is kept."""

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = Field(default=None)


class EmailConfirmation(SQLModel, table=True):
    """The link that confirms a registration's email: single use, time limited. Only the
    SHA-256 of its token is kept."""

    __tablename__ = "email_confirmation"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = Field(default=None)


class OutboxMessage(SQLModel, table=True):
    """An email the app sends (or would send without SMTP): kept for the secretariat to see."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    to_email: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=200)
    body: str
    created_at: datetime = Field(default_factory=utcnow, index=True)
    sent_at: datetime | None = Field(default=None)
    # When a sender took it: another sender leaves it alone until the claim is old (a sender
    # that died mid-send), then takes it over.
    claimed_at: datetime | None = Field(default=None)
    attempts: int = Field(default=0)
    error: str = Field(default="", max_length=500)
    headers: str = Field(default="")  # JSON object of extra headers (List-Unsubscribe)
    # One attached file (a lecture's .ics), as text.
    attachment_name: str = Field(default="", max_length=120)
    attachment_type: str = Field(default="", max_length=80)
    attachment: str = Field(default="")
    # "" (goes when the sender takes it), "held" (a reminder waiting for the secretariat's
    # approval: no sender takes it) or "discarded" (refused by the secretariat; `error` says why).
    review: str = Field(default="", max_length=16)


class Invitation(SQLModel, table=True):
    """An invitation to a mentor or secretariat account: the invitee follows the emailed link
    (single use, time limited) and chooses their own password; the account is created then.
    Resending gives the row a new token (the old link dies). Only the SHA-256 of the token is
    kept."""

    __tablename__ = "invitation"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)  # normalized, as User.email
    full_name: str = Field(max_length=200)
    role: Role
    token_hash: str = Field(max_length=64, unique=True, index=True)
    invited_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime = Field(default_factory=utcnow)  # the latest link's
    expires_at: datetime
    accepted_at: datetime | None = Field(default=None)
    revoked_at: datetime | None = Field(default=None)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)  # the account made


class CalendarFeed(SQLModel, table=True):
    """A person's private calendar subscription (`/calendar/<token>.ics`): whoever has the
    address reads their calendar, so only the SHA-256 of the token is kept; renewing replaces
    it, stopping deletes the row."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True, index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
