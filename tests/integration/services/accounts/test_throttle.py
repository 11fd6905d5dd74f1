"""Throttling by client address (failed logins, registrations), counted in the database, with
the same rules the login and registration handlers use."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.models import ClientEvent, LoginAttempt
from champions.services.accounts.accounts import LOCKOUT_FAILURES, LOGIN_FAILED, authenticate
from champions.services.accounts.throttle import (
    client_login_refusal,
    client_registration_refusal,
    record_registration,
)
from champions.services.registration.register import check_registration_form as _check
from champions.services.registration.register import complete_registration as _register

from ...conftest import PASSWORD, T0, scopes, valid_form


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture(autouse=True)
def limits(monkeypatch):
    monkeypatch.setenv("CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS", "3")
    monkeypatch.setenv("CHAMPIONS_REGISTRATIONS_PER_ADDRESS", "2")


def test_failed_logins_from_one_address_throttle_it_for_every_account(session, make_user):
    make_user(email="ana@example.org")
    for i, email in enumerate(["x@example.org", "y@example.org", "ana@example.org"]):
        result = authenticate(
            session_factory=scopes(session),
            email=email,
            password="wrong password!",
            client="203.0.113.9",
            now=T0 + timedelta(minutes=i),
        )
        assert result.message == LOGIN_FAILED
    session.commit()
    # The right password, from the throttled address: refused, not recorded.
    refused = authenticate(
        session_factory=scopes(session),
        email="ana@example.org",
        password=PASSWORD,
        client="203.0.113.9",
        now=T0 + timedelta(minutes=3),
    )
    assert refused.user is None
    assert refused.message == "Too many failed logins from your network. Try again in 12 minutes."
    assert count(session, LoginAttempt) == 3
    # Another address logs in; the throttled one may again once the first failure is 15 minutes old.
    assert (
        authenticate(
            session_factory=scopes(session),
            email="ana@example.org",
            password=PASSWORD,
            client="198.51.100.7",
            now=T0 + timedelta(minutes=3),
        ).user
        is not None
    )
    assert (
        client_login_refusal(session=session, client="203.0.113.9", now=T0 + timedelta(minutes=15, seconds=1))
        is None
    )
    assert client_login_refusal(session=session, client="", now=T0) is None  # unknown address: never


@pytest.mark.parametrize("client", ["", "203.0.113.9"])
def test_wrong_passwords_sent_in_parallel_get_no_more_tries_than_one_after_another(
    engine, make_user, client, monkeypatch
):
    """Ten wrong passwords for one account at the same moment, as ten workers would check them:
    five are counted (the lockout's limit) and the other five are refused as locked, whichever
    order they run in; from one address, its limit of three applies first."""
    monkeypatch.setenv("CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS", "3" if client else "30")
    make_user(email="ana@example.org")
    limit = 3 if client else LOCKOUT_FAILURES
    start = threading.Barrier(10)

    def attempt(_):
        start.wait()
        return authenticate(
            session_factory=lambda: session_scope(engine),
            email="ana@example.org",
            password="wrong password!",
            client=client,
            now=T0,
        ).message

    with ThreadPoolExecutor(10) as pool:
        messages = sorted(pool.map(attempt, range(10)))
    refusal = (
        "Too many failed logins from your network. Try again in 15 minutes."
        if client
        else "Too many failed logins for this account. Try again in 15 minutes."
    )
    assert messages == sorted([LOGIN_FAILED] * limit + [refusal] * (10 - limit))
    with Session(engine) as fresh:
        assert count(fresh, LoginAttempt) == limit


def test_registrations_from_one_address_are_throttled_per_hour(session, cohort, monkeypatch):
    cohort.capacity = 50
    session.add(cohort)
    session.commit()
    monkeypatch.setattr(
        "champions.services.registration.register.date",
        type("FixedDate", (), {"today": staticmethod(lambda: T0.date())}),
    )
    for i in range(2):
        checked = _check(valid_form(email=f"p{i}@example.org"), "203.0.113.9")
        assert _register(checked, "argon2-hash", "203.0.113.9")
    with pytest.raises(RuleViolation) as refused:
        _check(valid_form(email="p3@example.org"), "203.0.113.9")
    assert refused.value.reasons[0].message.startswith(
        "Too many registrations from your network. Try again in "
    )
    assert _check(valid_form(email="p3@example.org"), "198.51.100.7")  # another address is not affected
    session.expire_all()
    assert count(session, ClientEvent) == 2
    latest = session.exec(select(func.max(ClientEvent.at))).one()
    assert client_registration_refusal(session=session, client="203.0.113.9", now=latest) is not None
    assert (
        client_registration_refusal(
            session=session, client="203.0.113.9", now=latest + timedelta(hours=1, seconds=1)
        )
        is None
    )  # an hour later
    record_registration(session=session, client="", now=T0)  # an unknown address is not counted
    assert count(session, ClientEvent) == 2


def test_password_reset_requests_from_one_address_are_throttled_per_hour(session, make_user, monkeypatch):
    from champions.models import OutboxMessage
    from champions.services.accounts.password_reset import answer_reset_request as _request

    monkeypatch.setenv("CHAMPIONS_RESET_REQUESTS_PER_ADDRESS", "2")
    make_user(email="ana@example.org")
    for email in (
        "ana@example.org",
        "nobody@example.org",
    ):  # unknown emails count too: same answer, same cost
        _request(email, "203.0.113.9")
    with pytest.raises(RuleViolation) as refused:
        _request("ana@example.org", "203.0.113.9")
    assert refused.value.reasons[0].message.startswith("Too many password reset requests from your network. ")
    _request("ana@example.org", "198.51.100.7")
    session.expire_all()
    assert count(session, OutboxMessage) == 2  # the refused request sent nothing


# --- limits that hold against requests sent in parallel (issue 22, finding 4) ---------------


def _at_once(n: int, call) -> list:
    start = threading.Barrier(n)

    def run(i):
        start.wait()
        try:
            return call(i)
        except RuleViolation as violation:
            return violation.reasons[0].message

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_registrations_sent_in_parallel_get_no_more_than_the_address_s_limit(session, cohort, monkeypatch):
    cohort.capacity = 50
    session.add(cohort)
    session.commit()
    monkeypatch.setattr(
        "champions.services.registration.register.date",
        type("FixedDate", (), {"today": staticmethod(lambda: T0.date())}),
    )
    checked = [_check(valid_form(email=f"p{i}@example.org"), "203.0.113.9") for i in range(6)]
    answers = _at_once(6, lambda i: _register(checked[i], "argon2-hash", "203.0.113.9"))
    assert sum(1 for a in answers if a.startswith("Too many registrations from your network.")) == 4
    session.expire_all()
    assert count(session, ClientEvent) == 2


def test_reset_requests_sent_in_parallel_get_no_more_than_the_address_s_limit(
    session, make_user, monkeypatch
):
    from champions.models import OutboxMessage
    from champions.services.accounts.password_reset import answer_reset_request

    monkeypatch.setenv("CHAMPIONS_RESET_REQUESTS_PER_ADDRESS", "2")
    for i in range(6):
        make_user(email=f"u{i}@example.org")
    answers = _at_once(6, lambda i: answer_reset_request(f"u{i}@example.org", "203.0.113.9"))
    assert sum(1 for a in answers if a.startswith("Too many password reset requests from your network.")) == 4
    session.expire_all()
    assert count(session, OutboxMessage) == 2


def test_one_inbox_gets_at_most_three_reset_emails_an_hour_from_any_addresses(session, make_user):
    from champions.models import OutboxMessage
    from champions.services.accounts.password_reset import ASKED, answer_reset_request

    make_user(email="ana@example.org")
    answers = [answer_reset_request("ana@example.org", f"198.51.100.{i}") for i in range(6)]
    assert answers == [ASKED] * 6  # the same answer: the page tells nothing
    session.expire_all()
    assert count(session, OutboxMessage) == 3


def test_refused_logins_skip_the_password_check(session, make_user, monkeypatch):
    """A locked account or a throttled address is answered without an argon2 verify (whose
    ~100 ms of CPU a few sockets could otherwise keep busy). The refusal depends only on counts
    of attempts by email and address, kept for unknown emails too, so skipping the hash says
    nothing of whether the account exists."""
    import champions.services.accounts.accounts as accounts

    make_user(email="ana@example.org")
    verified = []
    real = accounts.verify_password
    monkeypatch.setattr(accounts, "verify_password", lambda *a: verified.append(1) or real(*a))
    for email in ("ana@example.org", "nobody@example.org"):
        for _ in range(LOCKOUT_FAILURES):
            authenticate(session_factory=scopes(session), email=email, password="wrong password!", now=T0)
        verified.clear()
        refused = authenticate(session_factory=scopes(session), email=email, password=PASSWORD, now=T0)
        assert refused.message == "Too many failed logins for this account. Try again in 15 minutes."
        assert verified == []
