"""Invitations: mentor and secretariat accounts are made by invitation, never with a password
someone else typed. The secretariat (or `python -m champions invite`) invites a name and an
email; the invitee gets a single-use link, valid for INVITATION_VALID, and chooses their own
password there, which creates the account. An invitation can be resent (a new link; the old
one stops working) and revoked while it is open. Everything is audited; only the SHA-256 of a
link's token is kept."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from champions.infra.db import serialize
from champions.infra.links import app_origin
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import N_, gettext, is_language
from champions.models import Invitation, Role, User
from champions.models._time import utcnow
from champions.services.accounts.accounts import create_user, email_problems, email_taken, normalize_email
from champions.services.accounts.passwords import new_password_problems
from champions.services.audit import record_audit
from champions.services.messages.outbox import queue_message

INVITATION_VALID = timedelta(days=7)
INVITED_ROLES = (Role.MENTOR, Role.SECRETARIAT)
INVALID_INVITATION = N_(
    "This invitation link has expired, was revoked, or was already used. "
    "Ask the secretariat to send you a new one."
)
ALREADY_INVITED = N_("An invitation to this email is still open: resend it or revoke it instead.")
NOT_OPEN = N_("This invitation was already accepted or revoked.")
ROLE_WORDS = {Role.MENTOR: N_("a mentor"), Role.SECRETARIAT: N_("a member of the secretariat")}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_state(invitation: Invitation, now: datetime) -> str:
    """accepted, revoked, expired or open."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    return "expired" if now >= invitation.expires_at else "open"


def _open_invitation(session: Session, email: str, now: datetime) -> Invitation | None:
    candidates = session.exec(
        select(Invitation).where(
            Invitation.email == email, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)
        )
    )
    return next((i for i in candidates if now < i.expires_at), None)


def _send_link(session: Session, invitation: Invitation, token: str, link_origin: str) -> None:
    expires = invitation.expires_at
    queue_message(
        session=session,
        to=invitation.email,
        subject="You are invited to Smart City Champions",
        body=(
            f"Hello {invitation.full_name},\n\n"
            f"You are invited to join Smart City Champions as {ROLE_WORDS[invitation.role]}.\n"
            f"Choose your password here to create your account:\n\n"
            f"{link_origin.rstrip('/')}/invitation?token={token}\n\n"
            f"The link works once, until {format_instant(expires, 'UTC')} "
            f"({format_instant(expires, SEOUL_ZONE)}).\n"
            f"If you did not expect this invitation, ignore this message: no account is made.\n"
        ),
    )


def invite(
    *,
    session: Session,
    actor_id: int | None,
    email: str,
    full_name: str,
    role: Role | str,
    link_origin: str | None = None,
    now: datetime | None = None,
) -> Invitation:
    """Invite someone to a mentor or secretariat account: an invitation row and an email with
    its link in the outbox. Refused (field reasons) for a bad name or email, another role, an
    email that has an account or an open invitation. Audited. Raises RuleViolation."""
    now = now or utcnow()
    email = normalize_email(email)
    name = (full_name or "").strip()
    problems = email_problems(email)
    if not name:
        problems.append(Reason("required", "Enter a full name.", "full_name"))
    elif len(name) > 200:
        problems.append(Reason("too_long", "Use at most 200 characters.", "full_name"))
    try:
        role = Role(role)
    except ValueError:
        role = None
    if role not in INVITED_ROLES:
        problems.append(Reason("invalid", "Choose mentor or secretariat.", "role"))
    if problems:
        raise RuleViolation(problems)
    serialize(session, f"invite:{email}")  # two invitations to one email cannot both pass
    if email_taken(session=session, email=email):
        raise RuleViolation([Reason("duplicate", "An account with this email already exists.", "email")])
    if _open_invitation(session, email, now) is not None:
        raise RuleViolation([Reason("invited", ALREADY_INVITED, "email")])
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        full_name=name,
        role=role,
        token_hash=_hash(token),
        invited_by=actor_id,
        created_at=now,
        sent_at=now,
        expires_at=now + INVITATION_VALID,
    )
    session.add(invitation)
    session.flush()
    _send_link(session, invitation, token, link_origin or app_origin())
    record_audit(
        session=session,
        actor_id=actor_id,
        action="invitation.create",
        entity="invitation",
        entity_id=invitation.id,
        after={"email": email, "full_name": name, "role": role.value},
    )
    return invitation


def _still_open(session: Session, invitation_id: int) -> Invitation:
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise RuleViolation([Reason("not_found", "There is no such invitation.")])
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise RuleViolation([Reason("closed", NOT_OPEN)])
    return invitation


def resend_invitation(
    *,
    session: Session,
    actor_id: int | None,
    invitation_id: int,
    link_origin: str | None = None,
    now: datetime | None = None,
) -> Invitation:
    """A new link for an invitation not yet accepted or revoked (also an expired one), valid
    INVITATION_VALID from now; the previous link stops working. Audited. Raises RuleViolation."""
    now = now or utcnow()
    invitation = _still_open(session, invitation_id)
    serialize(session, f"invite:{invitation.email}")
    if email_taken(session=session, email=invitation.email):
        raise RuleViolation([Reason("duplicate", "An account with this email already exists.")])
    other = _open_invitation(session, invitation.email, now)
    if other is not None and other.id != invitation.id:
        raise RuleViolation([Reason("invited", "A newer invitation to this email is still open.")])
    token = secrets.token_urlsafe(32)
    invitation.token_hash, invitation.sent_at, invitation.expires_at = (
        _hash(token),
        now,
        now + INVITATION_VALID,
    )
    session.add(invitation)
    _send_link(session, invitation, token, link_origin or app_origin())
    record_audit(
        session=session,
        actor_id=actor_id,
        action="invitation.resend",
        entity="invitation",
        entity_id=invitation.id,
        after={"email": invitation.email, "expires_at": invitation.expires_at.isoformat()},
    )
    return invitation


def revoke_invitation(
    *, session: Session, actor_id: int | None, invitation_id: int, now: datetime | None = None
) -> Invitation:
    """Close an invitation not yet accepted: its link stops working. Audited. Raises
    RuleViolation."""
    now = now or utcnow()
    invitation = _still_open(session, invitation_id)
    # Conditional: an acceptance racing the revocation cannot both win.
    closed = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)
        )
        .values(revoked_at=now)
    )
    if closed.rowcount != 1:
        raise RuleViolation([Reason("closed", NOT_OPEN)])
    record_audit(
        session=session,
        actor_id=actor_id,
        action="invitation.revoke",
        entity="invitation",
        entity_id=invitation.id,
        before={"state": "open"},
        after={"state": "revoked", "email": invitation.email},
    )
    session.refresh(invitation)
    return invitation


# --- the invitee ------------------------------------------------------------------------


def _valid_invitation(session: Session, token: str, now: datetime) -> Invitation | None:
    if not token or len(token) > 128:
        return None
    invitation = session.exec(select(Invitation).where(Invitation.token_hash == _hash(token))).first()
    if invitation is None or invitation_state(invitation, now) != "open":
        return None
    return invitation


@dataclass(frozen=True)
class InvitationGreeting:
    """What the invitation page shows: whom it is for, or why the link cannot be used."""

    error: str = ""
    full_name: str = ""
    email: str = ""
    role: str = ""  # "a mentor", "a member of the secretariat"


def invitation_greeting(*, session: Session, token: str, now: datetime | None = None) -> InvitationGreeting:
    """The invitation of the link, or INVALID_INVITATION. Reads only."""
    invitation = _valid_invitation(session, token, now or utcnow())
    if invitation is None:
        return InvitationGreeting(error=INVALID_INVITATION)
    return InvitationGreeting(
        full_name=invitation.full_name, email=invitation.email, role=ROLE_WORDS[invitation.role]
    )


def accept_invitation(
    *,
    session: Session,
    token: str,
    new_password: str,
    repeat: str,
    hash_password,
    language: str = "",
    now: datetime | None = None,
) -> User:
    """Create the invitation's account with the password the invitee chose (its email is
    confirmed: the link reached it), speaking `language` (the page's, when offered). Checks
    the password (field reasons) and the link (open, single use); `hash_password` is called
    only when everything else holds. Audited. Raises RuleViolation."""
    now = now or utcnow()
    problems = new_password_problems(new_password, repeat)
    invitation = _valid_invitation(session, token, now)
    if invitation is None:
        raise RuleViolation([Reason("invalid_link", INVALID_INVITATION)])
    if problems:
        raise RuleViolation(problems)
    # Marked used in one conditional update: of two uses racing (or a revocation), one wins.
    marked = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.token_hash == _hash(token),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=now)
    )
    if marked.rowcount != 1:
        raise RuleViolation([Reason("invalid_link", INVALID_INVITATION)])
    try:
        user = create_user(
            session=session,
            email=invitation.email,
            full_name=invitation.full_name,
            role=invitation.role,
            password_hash=hash_password(new_password),
        )
    except RuleViolation:  # someone registered with this email since the invitation
        raise RuleViolation(
            [Reason("duplicate", "An account with this email already exists: log in with it.")]
        ) from None
    user.email_confirmed_at, user.created_at, user.password_changed_at = now, now, now
    if is_language(language):
        user.language = language
    session.add(user)
    session.execute(update(Invitation).where(Invitation.id == invitation.id).values(user_id=user.id))
    record_audit(
        session=session,
        actor_id=user.id,
        action="invitation.accept",
        entity="invitation",
        entity_id=invitation.id,
        after={"user_id": user.id, "role": invitation.role.value},
    )
    session.flush()
    return user


# --- the secretariat's list ---------------------------------------------------------------


@dataclass(frozen=True)
class InvitationLine:
    """One invitation as the secretariat's page lists it, every value as text."""

    id: str
    name: str
    email: str
    role: str
    state: str  # open, expired, accepted, revoked
    detail: str  # when sent and until when, or when accepted / revoked (Seoul time)
    can_resend: bool
    can_revoke: bool


def _detail(invitation: Invitation, state: str, now: datetime, language: str) -> str:
    """ "sent …, valid until …", "expired …", "accepted …" or "revoked …" in the language."""

    def when(moment: datetime) -> str:
        return format_instant(moment, SEOUL_ZONE, language)

    if state == "open":
        return gettext(
            language,
            "sent {sent}, valid until {until}",
            sent=when(invitation.sent_at),
            until=when(invitation.expires_at),
        )
    if state == "expired":
        return gettext(language, "expired {when}", when=when(invitation.expires_at))
    if state == "accepted":
        return gettext(language, "accepted {when}", when=when(invitation.accepted_at or now))
    return gettext(language, "revoked {when}", when=when(invitation.revoked_at or now))


def invitation_lines(
    *, session: Session, now: datetime | None = None, language: str = "en"
) -> list[InvitationLine]:
    """Every invitation, newest first (what befell each in the language)."""
    now = now or utcnow()
    lines = []
    for invitation in session.exec(select(Invitation).order_by(Invitation.id.desc())):
        state = invitation_state(invitation, now)
        detail = _detail(invitation, state, now, language)
        lines.append(
            InvitationLine(
                id=str(invitation.id),
                name=invitation.full_name,
                email=invitation.email,
                role=invitation.role.value,
                state=state,
                detail=detail,
                can_resend=state in ("open", "expired"),
                can_revoke=state in ("open", "expired"),
            )
        )
    return lines
