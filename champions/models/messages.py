"""Notifications: what the program tells one person (an event or a reminder), kept for the
in-app list and handed to the outbox for email, and each person's choices about them."""

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from champions.models._time import utcnow


class Notification(SQLModel, table=True):
    """One message to one person. `dedupe_key` (kind, subject, recipient, and for a reminder
    the moment it reminds of) is unique: whichever worker inserts it first owns it, so nothing
    is scheduled or sent twice. A reminder waits as `scheduled` until `due_at` (UTC), then is
    `sent` (queued in the outbox), `held` for review (its email waits in the outbox until the
    secretariat approves it) or `dropped` with the reason."""

    __table_args__ = (Index("ix_notification_state_due", "state", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    cohort_id: int | None = Field(default=None, foreign_key="cohort.id", index=True)
    kind: str = Field(max_length=40, index=True)
    subject_key: str = Field(max_length=120)  # what it is about: "lecture:12", "team:3:workshop:2"
    dedupe_key: str = Field(max_length=250, unique=True)
    due_at: datetime
    moment: datetime | None = Field(default=None)  # the event a reminder is about (UTC)
    # scheduled | sending | sent | held (waits for the secretariat's approval) | dropped
    state: str = Field(default="scheduled", max_length=16)
    reason: str = Field(default="", max_length=300)  # why dropped
    subject: str = Field(default="", max_length=200)
    body: str = Field(default="")
    link: str = Field(default="", max_length=500)
    outbox_id: int | None = Field(default=None, foreign_key="outbox.id")
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = Field(default=None)
    read_at: datetime | None = Field(default=None)


class NotificationSettings(SQLModel, table=True):
    """A person's choices: the reminder kinds they turned off (comma-separated), the time zone
    their emails give dates in (their browser's, recorded when they open their account), and
    the random key that signs their unsubscribe links (replaced to invalidate every link)."""

    __tablename__ = "notification_settings"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    muted_kinds: str = Field(default="", max_length=500)
    time_zone: str = Field(default="Asia/Seoul", max_length=64)
    unsubscribe_key: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class MessageSwitch(SQLModel, table=True):
    """A kind of message the secretariat turned off (or back on) for one edition; no row: on."""

    __tablename__ = "message_switch"
    __table_args__ = (UniqueConstraint("cohort_id", "kind", name="uq_message_switch_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    kind: str = Field(max_length=40)
    enabled: bool = Field(default=True)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user.id")


class MessageTemplate(SQLModel, table=True):
    """The secretariat's own subject and body of one kind of message for one edition (and one
    language: "en" for now); no row: the default template of the kind."""

    __tablename__ = "message_template"
    __table_args__ = (
        UniqueConstraint("cohort_id", "kind", "language", name="uq_message_template_kind_language"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    kind: str = Field(max_length=40)
    language: str = Field(default="en", max_length=16)
    subject: str = Field(max_length=200)
    body: str
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user.id")


class MessageSettings(SQLModel, table=True):
    """An edition's handling of its messages; no row: the defaults. `hold_for_review`: the
    reminders the scheduler makes wait in the outbox (held) until the secretariat approves them."""

    __tablename__ = "message_settings"

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", unique=True)
    hold_for_review: bool = Field(default=False)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
