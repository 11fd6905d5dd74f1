"""A person's rights over their data: everything the system holds about them as JSON, and the
deletion of their account (personal data removed or anonymized; the finalized award lists keep
the names they printed, as the privacy notice says).

Which rows are a person's is written down per table (SUBJECT_COLUMNS: the column that names
the person the row is about; ACTOR_COLUMNS: columns that name someone acting on another
person's row, which do not make the row theirs). A test fails when a table gains a column
pointing at a user that is in neither, so a new table cannot be forgotten here."""

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlmodel import Session, SQLModel

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import (
    Application,
    AuditEntry,
    AwardEntry,
    AwardExport,
    CalendarFeed,
    EmailConfirmation,
    LoginAttempt,
    LoginSession,
    Notification,
    NotificationSettings,
    OutboxMessage,
    PasswordReset,
    Reflection,
    Role,
    Team,
    User,
)
from champions.models._time import utcnow
from champions.services.accounts.passwords import verify_password
from champions.services.audit import record_audit
from champions.services.awards.proposal import TEAM_KINDS

SUBJECT_COLUMNS = {
    "user": "id",
    "application": "user_id",
    "login_session": "user_id",
    "password_reset": "user_id",
    "email_confirmation": "user_id",
    "calendar_feed": "user_id",
    "invitation": "user_id",  # the invitation that made the account
    "attendance": "user_id",
    "checkin_attempt": "user_id",
    "reflection": "user_id",
    "team_member": "user_id",
    "submission_version": "submitted_by",
    "recommendation_version": "submitted_by",
    "workshop_attendance": "user_id",
    "workshop_checkin_attempt": "user_id",
    "award_entry": "user_id",
    "credential": "holder_user_id",
    "award_decision": "user_id",
    "review_assignment": "mentor_id",
    "score": "mentor_id",
    "conflict": "mentor_id",
    "audit_entry": "actor_id",
    "notification": "user_id",
    "notification_settings": "user_id",
}
ACTOR_COLUMNS = {
    ("attendance", "recorded_by"),
    ("workshop_attendance", "recorded_by"),
    ("program_settings", "updated_by"),
    ("invitation", "invited_by"),
    ("message_switch", "updated_by"),
    ("message_template", "updated_by"),
    ("message_settings", "updated_by"),
    ("reflection", "reviewed_by"),
    ("team", "coach_id"),
    ("team", "created_by"),
    ("extension", "granted_by"),
    ("conflict", "declared_by"),
    ("award_decision", "decided_by"),
    ("award_list", "finalized_by"),
}
EMAIL_COLUMNS = {"login_attempt": "email", "outbox": "to_email"}
SECRET_COLUMNS = {"password_hash", "token_hash", "unsubscribe_key"}  # never exported, even to their owner
BINARY_COLUMNS = {"qr_pixels"}  # a picture of another column (credential.qr_url): not data of its own
# What each part of the file holds, in words (the file's keys stay the same in every language,
# so a program reads any person's file alike; `headings` says what they are in the person's).
HEADINGS = {
    "exported_at": N_("When this file was made (UTC)"),
    "tables": N_("Everything the system holds about you, table by table"),
    "teams": N_("Your teams"),
    "team_awards": N_("Your teams' awards"),
    "user": N_("Your account"),
    "application": N_("Your applications"),
    "login_session": N_("Your signed-in sessions"),
    "password_reset": N_("Your password reset links"),
    "email_confirmation": N_("Your email address confirmations"),
    "calendar_feed": N_("Your calendar subscription"),
    "invitation": N_("The invitation that made your account"),
    "attendance": N_("Your lecture attendance"),
    "checkin_attempt": N_("Your lecture check-in attempts"),
    "reflection": N_("Your reflections"),
    "team_member": N_("Your team memberships"),
    "submission_version": N_("Workshop submissions you made"),
    "recommendation_version": N_("Recommendations you saved"),
    "workshop_attendance": N_("Your workshop attendance"),
    "workshop_checkin_attempt": N_("Your workshop check-in attempts"),
    "award_entry": N_("Your recognitions"),
    "credential": N_("Your certificates"),
    "award_decision": N_("Award decisions about you"),
    "review_assignment": N_("Submissions assigned to you for judging"),
    "score": N_("Scores you gave"),
    "conflict": N_("Conflicts of interest you declared"),
    "audit_entry": N_("What you did in the system (audit trail)"),
    "notification": N_("Your notifications"),
    "notification_settings": N_("Your notification settings"),
    "login_attempt": N_("Sign-in attempts with your email address"),
    "outbox": N_("Emails sent to you"),
}
DELETED_NAME = "Deleted account"
DELETED_BIRTH_DATE = date(1900, 1, 1)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def headings(language: str) -> dict[str, str]:
    """What each key of the file (its parts and tables) holds, in the language."""
    return {key: gettext(language, text) for key, text in HEADINGS.items()}


def personal_data(*, session: Session, user_id: int, language: str = "en") -> dict:
    """Every row the system holds about the person, table by table (secrets left out), plus
    their teams and the team awards they share (without the other members). In a language
    other than English, the file also says in it what each part and table holds (`about`,
    `headings`); its keys and values stay as stored. Reads only."""
    user = session.get(User, user_id)
    if user is None:
        raise RuleViolation([Reason("no_user", "There is no such account.")])
    tables = SQLModel.metadata.tables
    out: dict[str, Any] = {"exported_at": utcnow().isoformat()}
    if language != "en" and language:
        out["about"] = gettext(
            language,
            "Your data in Champions. The names in this file stay in English so that programs can "
            "read it; “headings” says what each part and table holds.",
        )
        out["headings"] = headings(language)
    out["tables"] = {}
    for name, column in sorted(SUBJECT_COLUMNS.items()):
        table = tables[name]
        # Oldest first in every table: without ORDER BY, PostgreSQL returns rows in no set order.
        rows = (
            session.connection()
            .execute(select(table).where(table.c[column] == user_id).order_by(*table.primary_key.columns))
            .mappings()
        )
        out["tables"][name] = [
            {k: _plain(v) for k, v in row.items() if k not in SECRET_COLUMNS | BINARY_COLUMNS} for row in rows
        ]
    for name, column in sorted(EMAIL_COLUMNS.items()):
        table = tables[name]
        rows = (
            session.connection()
            .execute(select(table).where(table.c[column] == user.email).order_by(*table.primary_key.columns))
            .mappings()
        )
        out["tables"][name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    team_ids = [row["team_id"] for row in out["tables"]["team_member"]]
    teams = (
        session.execute(select(Team).where(Team.id.in_(team_ids)).order_by(Team.id)).scalars()
        if team_ids
        else []
    )
    out["teams"] = [{"id": t.id, "name": t.name, "challenge": t.challenge, "city": t.city} for t in teams]
    awards = (
        session.execute(
            select(AwardEntry)
            .where(AwardEntry.team_id.in_(team_ids))
            .order_by(AwardEntry.cohort_id, AwardEntry.order, AwardEntry.id)
        ).scalars()
        if team_ids
        else []
    )
    out["team_awards"] = [
        {"award": e.award, "team": e.team_name, "rank": e.rank, "final_score": e.final_score}
        for e in awards
        if e.kind in TEAM_KINDS and any(m.get("user_id") == user_id for m in json.loads(e.members))
    ]
    return out


def _redacted(record: str, replacements: dict[str, str]) -> str:
    """A JSON record with every string value (at any depth) that equals a key replaced."""

    def walk(value):
        if isinstance(value, str):
            return replacements.get(value, value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    try:
        return json.dumps(walk(json.loads(record)), ensure_ascii=False)
    except ValueError:
        return record


def deletion_refusal(user: User | None) -> Reason | None:
    """Why this account cannot delete itself here (staff accounts are closed by the
    secretariat, which keeps the program running)."""
    if user is None or not user.is_active:
        return Reason("no_user", "There is no such account.")
    if user.role != Role.PARTICIPANT:
        return Reason("staff", "Mentor and secretariat accounts are closed by the secretariat.")
    return None


def delete_account(*, session: Session, user_id: int, now: datetime | None = None) -> None:
    """Remove or anonymize the person's personal data in every table: the account gets a
    placeholder name and address and no password (it can never log in again); applications
    lose their date of birth, city, affiliation, field of study and motivation; reflections
    lose their text; sessions, login attempts, reset links, notifications and emails to them
    are deleted;
    their name, email and birth date are replaced where they are whole values of the audit
    trail's before/after records. Kept:
    attendance, team membership and submissions (the team's work, now under the placeholder),
    and the finalized award lists with their credentials (certificates stay verifiable); the
    name leaves the winners pages. Audited (without personal data). Raises RuleViolation."""
    user = session.get(User, user_id)
    refusal = deletion_refusal(user)
    if refusal is not None:
        raise RuleViolation([refusal])
    now = now or utcnow()
    name, email = user.full_name, user.email
    birth_dates = [
        d.isoformat()
        for d in session.execute(
            select(Application.date_of_birth).where(Application.user_id == user_id)
        ).scalars()
    ]
    session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    session.execute(delete(PasswordReset).where(PasswordReset.user_id == user_id))
    session.execute(delete(EmailConfirmation).where(EmailConfirmation.user_id == user_id))
    session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user_id))
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    session.execute(delete(Notification).where(Notification.user_id == user_id))
    session.execute(delete(NotificationSettings).where(NotificationSettings.user_id == user_id))
    session.execute(delete(OutboxMessage).where(OutboxMessage.to_email == email))
    session.execute(
        update(Application)
        .where(Application.user_id == user_id)
        .values(
            date_of_birth=DELETED_BIRTH_DATE,
            city="",
            affiliation="",
            field_of_study="",
            motivation="",
            eligibility_snapshot="{}",
        )
    )
    session.execute(update(Reflection).where(Reflection.user_id == user_id).values(text="", feedback=""))
    # The XLSX kept of a finalized list holds their email: dropped (made again on the next export).
    session.execute(
        delete(AwardExport).where(
            AwardExport.cohort_id.in_(select(Application.cohort_id).where(Application.user_id == user_id))
        )
    )
    # The audit trail keeps what was done; the person's name, email and birth date are replaced
    # where they are whole values of its before/after records (never inside other people's text).
    replacements = {name: DELETED_NAME, email: "[deleted]", **{d: "[deleted]" for d in birth_dates}}
    mentions = or_(
        *[getattr(AuditEntry, field).contains(text) for text in replacements for field in ("before", "after")]
    )
    for entry in session.execute(select(AuditEntry).where(mentions)).scalars():
        entry.before = _redacted(entry.before, replacements)
        entry.after = _redacted(entry.after, replacements)
        session.add(entry)
    user.full_name, user.email = DELETED_NAME, f"deleted-{user_id}@deleted.invalid"
    user.password_hash, user.is_active = "!", False
    user.name_on_winners_page = False
    session.add(user)
    record_audit(
        session=session,
        actor_id=user_id,
        action="account_deleted",
        entity="user",
        entity_id=user_id,
        after={"at": now.isoformat()},
    )
    session.flush()


def delete_own_account(*, session: Session, user_id: int, password: str) -> None:
    """The account's owner deletes it (`delete_account`), giving its password. Raises
    RuleViolation when the account may not delete itself (`deletion_refusal`) or the password
    is wrong. CPU-heavy (one verify): call off the event loop."""
    user = session.get(User, user_id)
    refusal = deletion_refusal(user)
    if refusal is not None:
        raise RuleViolation([refusal])
    if not verify_password(password[:1024], user.password_hash):
        raise RuleViolation([Reason("wrong", "Your password is not correct.", "delete_password")])
    delete_account(session=session, user_id=user_id)
