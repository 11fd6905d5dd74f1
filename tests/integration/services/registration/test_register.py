"""Registering through the public form (issue 22, finding 2): the same answer whether or not
the email has an account, the owner of an existing account told by email, and a new account
usable only once the emailed link (single use, expiring) is followed."""

from datetime import timedelta

import pytest
from sqlmodel import select

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.models import Application, OutboxMessage, User
from champions.services.accounts import accounts
from champions.services.registration import register as registering
from champions.services.registration.register import check_registration_form, complete_registration

from ...conftest import ORIGIN, PASSWORD, T0, row_count, scopes, valid_form


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(
        "champions.services.registration.register.date",
        type("FixedDate", (), {"today": staticmethod(lambda: T0.date())}),
    )
    monkeypatch.setenv("CHAMPIONS_ORIGIN", ORIGIN)


def register(email: str, password_hash: str) -> str:
    checked = check_registration_form(valid_form(email=email), "203.0.113.9")
    return complete_registration(checked, password_hash, "203.0.113.9")


def messages_to(session, email: str) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.to_email == email)))


def confirmation_token(message: OutboxMessage) -> str:
    return message.body.split(f"{ORIGIN}/confirm-email?token=")[1].split()[0]


def test_an_existing_email_gets_the_same_answer_and_its_owner_an_email(
    session, engine, cohort, make_user, password_hash
):
    make_user(email="ana@example.org")
    answer = (
        "Thank you. Check your email to confirm your application: "
        "the link we sent works once, within 48 hours."
    )
    assert register("ANA@example.org", password_hash) == answer
    assert register("bea@example.org", password_hash) == answer
    (told,) = messages_to(session, "ana@example.org")
    assert told.subject == "Your Smart City Champions account already exists"
    assert "/forgot-password" in told.body and "token" not in told.body
    (link,) = messages_to(session, "bea@example.org")
    assert link.subject == "Confirm your application to Smart City Champions 2022"
    assert (row_count(engine, "user"), row_count(engine, "application")) == (2, 1)


def test_a_registration_is_usable_only_after_its_link_once_and_in_time(session, cohort, password_hash):
    confirm_email, valid = registering.confirm_email, registering.CONFIRM_VALID
    invalid, unconfirmed = registering.INVALID_CONFIRMATION, accounts.UNCONFIRMED
    register("bea@example.org", password_hash)
    (message,) = messages_to(session, "bea@example.org")
    token = confirmation_token(message)
    user = session.exec(select(User).where(User.email == "bea@example.org")).one()
    assert user.email_confirmed_at is None
    login = accounts.authenticate(session_factory=scopes(session), email="bea@example.org", password=PASSWORD)
    assert (login.user, login.message) == (None, unconfirmed)
    # A wrong password says nothing of the confirmation.
    login = accounts.authenticate(
        session_factory=scopes(session), email="bea@example.org", password="wrong one!"
    )
    assert login.message == accounts.LOGIN_FAILED
    with pytest.raises(RuleViolation) as late, session_scope() as scope:
        confirm_email(session=scope, token=token, now=message.created_at + valid + timedelta(1))
    assert late.value.reasons[0].message == invalid
    with session_scope() as scope:
        confirm_email(session=scope, token=token)
    with pytest.raises(RuleViolation) as again, session_scope() as scope:
        confirm_email(session=scope, token=token)
    assert again.value.reasons[0].message == invalid
    session.expire_all()
    login = accounts.authenticate(session_factory=scopes(session), email="bea@example.org", password=PASSWORD)
    assert login.user is not None and login.user.email == "bea@example.org"
    assert session.exec(select(Application).where(Application.user_id == user.id)).one()
