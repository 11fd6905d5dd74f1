"""Password reset by email: the same answer whether or not the account exists, a single-use
link valid for an hour, sessions ended."""

from datetime import timedelta

import pytest
from sqlmodel import func, select

from champions.infra.reasons import RuleViolation
from champions.models import LoginSession, OutboxMessage, PasswordReset
from champions.services.accounts.accounts import authenticate, session_user, start_session
from champions.services.accounts.password_reset import (
    ASKED,
    INVALID_LINK,
    request_password_reset,
    reset_password,
)
from champions.services.accounts.passwords import hash_password
from champions.services.messages.outbox import hide_links

from ...conftest import ORIGIN, PASSWORD, T0, link_token, scopes

NEW = "a new and long password"


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_the_answer_is_the_same_and_only_a_real_account_gets_a_link(session, ana):
    assert request_password_reset(session=session, email="nobody@example.org", origin=ORIGIN, now=T0) == ASKED
    assert count(session, OutboxMessage) == 0 and count(session, PasswordReset) == 0
    assert request_password_reset(session=session, email=" ANA@example.org ", origin=ORIGIN, now=T0) == ASKED
    session.commit()
    message = session.exec(select(OutboxMessage)).one()
    assert (message.to_email, message.subject) == (
        "ana@example.org",
        "Choose a new password for Smart City Champions",
    )
    assert "until Tue 1 Feb 2022, 13:00 UTC (Tue 1 Feb 2022, 22:00 KST)" in message.body
    token = link_token(session)
    assert len(token) >= 40 and token not in session.exec(select(PasswordReset.token_hash)).one()
    with pytest.raises(RuleViolation) as refused:
        request_password_reset(session=session, email="not an email", origin=ORIGIN, now=T0)
    assert refused.value.by_field() == {"email": "Enter a valid email address, like name@example.org."}


def test_a_link_works_once_within_the_hour_and_ends_every_session(session, ana):
    other_device = start_session(session=session, user=ana, now=T0)
    request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
    session.commit()
    token = link_token(session)
    with pytest.raises(RuleViolation) as refused:
        reset_password(
            session=session,
            token=token,
            new_password="short",
            repeat="shorter",
            hash_password=hash_password,
            now=T0,
        )
    assert refused.value.by_field() == {
        "new_password": "Use at least 10 characters.",
        "repeat_password": "The two passwords differ.",
    }
    reset_password(
        session=session,
        token=token,
        new_password=NEW,
        repeat=NEW,
        hash_password=hash_password,
        now=T0 + timedelta(minutes=59),
    )
    session.commit()
    assert session_user(session=session, token=other_device, now=T0 + timedelta(minutes=59)) is None
    assert authenticate(
        session_factory=scopes(session), email="ana@example.org", password=NEW, now=T0 + timedelta(hours=1)
    ).user
    assert (
        authenticate(
            session_factory=scopes(session),
            email="ana@example.org",
            password=PASSWORD,
            now=T0 + timedelta(hours=1),
        ).user
        is None
    )
    with pytest.raises(RuleViolation) as refused:  # the second use
        reset_password(
            session=session,
            token=token,
            new_password="yet another password",
            repeat="yet another password",
            hash_password=hash_password,
            now=T0 + timedelta(minutes=59),
        )
    assert refused.value.reasons[0].message == INVALID_LINK


def test_an_expired_or_made_up_link_changes_nothing(session, ana):
    request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
    session.commit()
    token = link_token(session)
    for bad, at in ((token, T0 + timedelta(hours=1)), ("made-up-token", T0), ("", T0)):
        with pytest.raises(RuleViolation) as refused:
            reset_password(
                session=session, token=bad, new_password=NEW, repeat=NEW, hash_password=hash_password, now=at
            )
        assert refused.value.reasons[0].message == INVALID_LINK
    assert (
        authenticate(session_factory=scopes(session), email="ana@example.org", password=PASSWORD, now=T0).user
        is not None
    )
    assert count(session, LoginSession) == 0


def test_a_new_password_voids_every_other_link_and_staff_never_read_one(session, ana):
    request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
    session.commit()
    first = link_token(session)
    request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
    session.commit()
    second = link_token(session)
    reset_password(
        session=session, token=second, new_password=NEW, repeat=NEW, hash_password=hash_password, now=T0
    )
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        reset_password(
            session=session,
            token=first,
            new_password="yet another password",
            repeat="yet another password",
            hash_password=hash_password,
            now=T0,
        )
    assert refused.value.reasons[0].message == INVALID_LINK
    body = session.exec(select(OutboxMessage.body)).first()
    assert first in body and first not in hide_links(body)
    assert f"{ORIGIN}/reset-password?token=[hidden]" in hide_links(body)
