"""Invitations to mentor and secretariat accounts: the email and its link, the account the
invitee makes with their own password, single use, expiry, resend, revoke, the audit trail."""

import hashlib
import json
from datetime import timedelta

import pytest
from sqlmodel import select

from champions.cli import main
from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, Invitation, OutboxMessage, Role, User
from champions.services.accounts.accounts import authenticate
from champions.services.accounts.invitations import (
    ALREADY_INVITED,
    INVALID_INVITATION,
    NOT_OPEN,
    InvitationGreeting,
    InvitationLine,
    accept_invitation,
    invitation_greeting,
    invitation_lines,
    invite,
    resend_invitation,
    revoke_invitation,
)
from champions.services.accounts.passwords import hash_password, verify_password

from ...conftest import ORIGIN, T0, scopes

NEW_PASSWORD = "my own mentor password"


def _token(session, email="ada@example.org") -> str:
    body = session.exec(
        select(OutboxMessage.body).where(OutboxMessage.to_email == email).order_by(OutboxMessage.id.desc())
    ).first()
    return body.split(f"{ORIGIN}/invitation?token=")[1].split()[0]


def _invite(session, secretariat, email="Ada@Example.org", role=Role.MENTOR, now=T0) -> Invitation:
    invitation = invite(
        session=session,
        actor_id=secretariat.id,
        email=email,
        full_name="  Ada Lovelace ",
        role=role,
        link_origin=ORIGIN,
        now=now,
    )
    session.commit()
    return invitation


def _accept(session, token, now=T0 + timedelta(days=1), password=NEW_PASSWORD, repeat=None) -> User:
    user = accept_invitation(
        session=session,
        token=token,
        new_password=password,
        repeat=password if repeat is None else repeat,
        hash_password=hash_password,
        now=now,
    )
    session.commit()
    return user


def _reasons(raised) -> list[tuple[str, str, str]]:
    return [(r.code, r.field, r.message) for r in raised.value.reasons]


def test_an_invitation_emails_a_link_and_stores_only_its_hash(session, secretariat):
    invitation = _invite(session, secretariat)
    [message] = session.exec(select(OutboxMessage)).all()
    token = _token(session)
    assert message.to_email == "ada@example.org"
    assert message.subject == "You are invited to Smart City Champions"
    assert message.body == (
        "Hello Ada Lovelace,\n\n"
        "You are invited to join Smart City Champions as a mentor.\n"
        "Choose your password here to create your account:\n\n"
        f"{ORIGIN}/invitation?token={token}\n\n"
        "The link works once, until Tue 8 Feb 2022, 12:00 UTC (Tue 8 Feb 2022, 21:00 KST).\n"
        "If you did not expect this invitation, ignore this message: no account is made.\n"
    )
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps([str(v) for v in invitation.model_dump().values()])
    assert (invitation.email, invitation.full_name, invitation.role) == (
        "ada@example.org",
        "Ada Lovelace",
        Role.MENTOR,
    )
    assert session.exec(select(User).where(User.email == "ada@example.org")).first() is None  # not yet
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "invitation.create")).all()
    assert (entry.actor_id, entry.entity_id) == (secretariat.id, str(invitation.id))
    assert json.loads(entry.after) == {
        "email": "ada@example.org",
        "full_name": "Ada Lovelace",
        "role": "mentor",
    }


def test_the_invitee_chooses_a_password_and_logs_in_with_it(session, secretariat):
    _invite(session, secretariat)
    token = _token(session)
    assert invitation_greeting(session=session, token=token, now=T0) == InvitationGreeting(
        full_name="Ada Lovelace", email="ada@example.org", role="a mentor"
    )
    user = _accept(session, token)
    assert (user.email, user.full_name, user.role, user.is_active) == (
        "ada@example.org",
        "Ada Lovelace",
        Role.MENTOR,
        True,
    )
    assert verify_password(NEW_PASSWORD, user.password_hash)
    assert user.email_confirmed_at == T0 + timedelta(days=1)
    result = authenticate(session_factory=scopes(session), email="ada@example.org", password=NEW_PASSWORD)
    assert result.user is not None and result.user.id == user.id
    invitation = session.exec(select(Invitation)).one()
    assert (invitation.accepted_at, invitation.user_id) == (T0 + timedelta(days=1), user.id)
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "invitation.accept")).all()
    assert (entry.actor_id, json.loads(entry.after)) == (user.id, {"user_id": user.id, "role": "mentor"})
    # Single use: the link does nothing more.
    assert invitation_greeting(session=session, token=token, now=T0) == InvitationGreeting(
        error=INVALID_INVITATION
    )
    with pytest.raises(RuleViolation) as raised:
        _accept(session, token, password="another password here")
    assert _reasons(raised) == [("invalid_link", "", INVALID_INVITATION)]


def test_a_secretariat_invitation_makes_a_secretariat_account(session, secretariat):
    _invite(session, secretariat, email="bo@example.org", role=Role.SECRETARIAT)
    assert invitation_greeting(session=session, token=_token(session, "bo@example.org"), now=T0).role == (
        "a member of the secretariat"
    )
    assert _accept(session, _token(session, "bo@example.org")).role == Role.SECRETARIAT


def test_a_bad_password_changes_nothing_and_the_link_still_works(session, secretariat):
    _invite(session, secretariat)
    token = _token(session)
    with pytest.raises(RuleViolation) as raised:
        _accept(session, token, password="short", repeat="shorter")
    assert _reasons(raised) == [
        ("too_short", "new_password", "Use at least 10 characters."),
        ("mismatch", "repeat_password", "The two passwords differ."),
    ]
    session.rollback()
    assert session.exec(select(User).where(User.email == "ada@example.org")).first() is None
    assert session.exec(select(Invitation)).one().accepted_at is None
    assert _accept(session, token).email == "ada@example.org"


def test_a_link_expires_after_seven_days(session, secretariat):
    _invite(session, secretariat)
    token = _token(session)
    late = T0 + timedelta(days=7)
    assert invitation_greeting(session=session, token=token, now=late).error == INVALID_INVITATION
    with pytest.raises(RuleViolation):
        _accept(session, token, now=late)
    assert invitation_lines(session=session, now=late)[0].state == "expired"


def test_resending_kills_the_old_link_and_gives_seven_more_days(session, secretariat):
    invitation = _invite(session, secretariat)
    old = _token(session)
    later = T0 + timedelta(days=10)  # already expired: resending revives it
    resend_invitation(
        session=session, actor_id=secretariat.id, invitation_id=invitation.id, link_origin=ORIGIN, now=later
    )
    session.commit()
    new = _token(session)
    assert new != old
    assert len(session.exec(select(OutboxMessage)).all()) == 2
    assert invitation_greeting(session=session, token=old, now=later).error == INVALID_INVITATION
    assert invitation_greeting(session=session, token=new, now=later).email == "ada@example.org"
    assert invitation.expires_at == later + timedelta(days=7)
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "invitation.resend")).all()
    assert entry.actor_id == secretariat.id
    assert _accept(session, new, now=later).email == "ada@example.org"


def test_a_revoked_invitation_cannot_be_used_resent_or_revoked_again(session, secretariat):
    invitation = _invite(session, secretariat)
    token = _token(session)
    revoke_invitation(session=session, actor_id=secretariat.id, invitation_id=invitation.id, now=T0)
    session.commit()
    assert invitation_greeting(session=session, token=token, now=T0).error == INVALID_INVITATION
    with pytest.raises(RuleViolation) as raised:
        _accept(session, token)
    assert _reasons(raised) == [("invalid_link", "", INVALID_INVITATION)]
    for act in (resend_invitation, revoke_invitation):
        with pytest.raises(RuleViolation) as raised:
            act(session=session, actor_id=secretariat.id, invitation_id=invitation.id)
        assert _reasons(raised) == [("closed", "", NOT_OPEN)]
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "invitation.revoke")).all()
    assert json.loads(entry.after) == {"state": "revoked", "email": "ada@example.org"}
    # A revoked invitation does not block a new one.
    _invite(session, secretariat)
    assert [line.state for line in invitation_lines(session=session, now=T0)] == ["open", "revoked"]


@pytest.mark.parametrize(
    "email, name, role, expected",
    [
        ("not an email", "Ada", "mentor", [("invalid", "email")]),
        ("ada@example.org", "  ", "mentor", [("required", "full_name")]),
        ("ada@example.org", "Ada", "participant", [("invalid", "role")]),
        ("ada@example.org", "Ada", "admin", [("invalid", "role")]),
        ("", "", "", [("required", "email"), ("required", "full_name"), ("invalid", "role")]),
    ],
)
def test_bad_input_is_refused_with_reasons_and_nothing_written(
    session, secretariat, email, name, role, expected
):
    with pytest.raises(RuleViolation) as raised:
        invite(session=session, actor_id=secretariat.id, email=email, full_name=name, role=role, now=T0)
    assert [(r.code, r.field) for r in raised.value.reasons] == expected
    session.rollback()
    assert session.exec(select(Invitation)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []


def test_a_taken_email_or_an_open_invitation_is_refused(session, secretariat, ana):
    with pytest.raises(RuleViolation) as raised:
        invite(
            session=session, actor_id=secretariat.id, email="ANA@example.org", full_name="A", role="mentor"
        )
    assert _reasons(raised) == [("duplicate", "email", "An account with this email already exists.")]
    session.rollback()
    _invite(session, secretariat)
    with pytest.raises(RuleViolation) as raised:
        _invite(session, secretariat, role=Role.SECRETARIAT)
    assert _reasons(raised) == [("invited", "email", ALREADY_INVITED)]


def test_an_account_registered_meanwhile_makes_the_link_refuse(session, secretariat, make_user):
    _invite(session, secretariat)
    token = _token(session)
    make_user(email="ada@example.org", full_name="Ada Registered")
    with pytest.raises(RuleViolation) as raised:
        _accept(session, token)
    assert _reasons(raised) == [
        ("duplicate", "", "An account with this email already exists: log in with it.")
    ]
    session.rollback()
    assert session.exec(select(Invitation)).one().accepted_at is None


def test_the_secretariat_s_list_shows_every_invitation_with_its_state(session, secretariat):
    first = _invite(session, secretariat)
    _accept(session, _token(session), now=T0 + timedelta(hours=1))
    second = _invite(session, secretariat, email="bo@example.org", role=Role.SECRETARIAT)
    assert invitation_lines(session=session, now=T0) == [
        InvitationLine(
            id=str(second.id),
            name="Ada Lovelace",
            email="bo@example.org",
            role="secretariat",
            state="open",
            detail="sent Tue 1 Feb 2022, 21:00 KST, valid until Tue 8 Feb 2022, 21:00 KST",
            can_resend=True,
            can_revoke=True,
        ),
        InvitationLine(
            id=str(first.id),
            name="Ada Lovelace",
            email="ada@example.org",
            role="mentor",
            state="accepted",
            detail="accepted Tue 1 Feb 2022, 22:00 KST",
            can_resend=False,
            can_revoke=False,
        ),
    ]


def test_the_cli_invites_and_create_user_still_makes_the_first_secretariat(
    engine, session, monkeypatch, capsys
):
    monkeypatch.delenv("CHAMPIONS_SMTP_URL", raising=False)
    monkeypatch.setenv("CHAMPIONS_PASSWORD", "first secretariat password")
    assert main(["create-user", "--role", "secretariat", "--email", "s@example.org", "--name", "S"]) == 0
    capsys.readouterr()
    assert main(["invite", "--role", "mentor", "--email", "Mentor@Example.org", "--name", "Dr. Ada"]) == 0
    assert capsys.readouterr().out == (
        "Invited mentor@example.org as mentor: the link, valid for 7 days, is in the outbox "
        "(no SMTP server is configured).\n"
    )
    session.expire_all()
    invitation = session.exec(select(Invitation)).one()
    assert (invitation.email, invitation.full_name, invitation.role, invitation.invited_by) == (
        "mentor@example.org",
        "Dr. Ada",
        Role.MENTOR,
        None,
    )
    assert session.exec(select(OutboxMessage.to_email)).all() == ["mentor@example.org"]
    assert main(["invite", "--role", "mentor", "--email", "mentor@example.org", "--name", ""]) == 2
    assert capsys.readouterr().err == ("error: --name: Enter a full name.\n")
    assert main(["invite", "--role", "mentor", "--email", "mentor@example.org", "--name", "Ada"]) == 2
    assert capsys.readouterr().err == f"error: --email: {ALREADY_INVITED}\n"
    with pytest.raises(SystemExit):
        main(["invite", "--role", "participant", "--email", "p@example.org", "--name", "P"])


def test_the_invitation_lines_in_the_readers_language(session, secretariat):
    _invite(session, secretariat)
    english = invitation_lines(session=session, now=T0)[0].detail
    assert english.startswith("sent ") and ", valid until " in english
    korean = invitation_lines(session=session, now=T0, language="ko")[0].detail
    assert korean.startswith("2") and " 보냄, " in korean and korean.endswith("까지 유효")
    arabic = invitation_lines(session=session, now=T0 + timedelta(days=30), language="ar")[0].detail
    assert arabic.startswith("انتهت صلاحيتها في ")
