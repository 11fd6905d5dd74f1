"""Throttling per client address, end to end: the app's backend with low limits, behind one
trusted proxy (`REFLEX_TRUSTED_PROXY_HOPS=1`, as in docs/deploy.md), so each simulated browser
comes from the address its proxy reports. The rest of the e2e suite raises the limits because
all its browsers share 127.0.0.1."""

import os
import re

import pytest
from sqlmodel import Session, func, select

from champions.demo.seed import DEMO_PASSWORD, SECRETARIAT_EMAIL
from champions.infra.db import make_engine
from champions.models import ClientEvent, LoginAttempt, User
from champions.state.auth import AuthState
from champions.state.password_reset import ForgotPasswordState
from champions.state.registration import RegistrationState
from tests.e2e.conftest import backend_only
from tests.e2e.helpers import MOTIVATION, run_async
from tests.support.reflex_client import ReflexClient, var_name

pytestmark = pytest.mark.e2e

PORT = int(os.environ.get("CHAMPIONS_E2E_THROTTLE_PORT", "3144"))
LIMITS = {
    "CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS": "3",
    "CHAMPIONS_REGISTRATIONS_PER_ADDRESS": "2",
    "CHAMPIONS_RESET_REQUESTS_PER_ADDRESS": "2",
}


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    with backend_only(
        tmp_path_factory.mktemp("throttle"), PORT, REFLEX_TRUSTED_PROXY_HOPS="1", **LIMITS
    ) as app:
        yield app.url, app.db_url


def _from(address: str) -> dict:
    return {"X-Forwarded-For": address}


async def _login(url: str, address: str, email: str, password: str) -> str:
    client = ReflexClient(url, "/login", headers=_from(address))
    await client.connect(quiet=None)
    await client.call(AuthState, "login", {"form_data": {"email": email, "password": password}})
    await client.close()
    key, error = AuthState.get_full_name(), var_name(AuthState, "login_error").split(".")[-1]
    errors = [d[key][error] for d in client.deltas if error in d.get(key, {})]
    tokens = [
        d[key][var_name(AuthState, "session_token").split(".")[-1]]
        for d in client.deltas
        if var_name(AuthState, "session_token").split(".")[-1] in d.get(key, {})
    ]
    return "logged in" if any(tokens) else errors[-1]


THROTTLED_LOGIN = re.compile(r"Too many failed logins from your network\. Try again in \d+ minutes?\.")


def test_failed_logins_from_one_address_stop_its_logins_but_not_anothers(backend):
    url, db_url = backend
    for n in range(3):  # three different accounts guessed from one network
        assert (
            run_async(_login(url, "198.51.100.7", f"guess{n}@example.org", "wrong password"))
            == "Wrong email or password."
        )
    # The right password from that network is refused too; nothing is checked or recorded.
    answer = run_async(_login(url, "198.51.100.7", SECRETARIAT_EMAIL, DEMO_PASSWORD))
    assert THROTTLED_LOGIN.fullmatch(answer), answer
    assert run_async(_login(url, "203.0.113.9", SECRETARIAT_EMAIL, DEMO_PASSWORD)) == "logged in"
    with Session(make_engine(db_url)) as session:
        by_address = dict(
            session.exec(select(LoginAttempt.client, func.count()).group_by(LoginAttempt.client)).all()
        )
    assert by_address == {"198.51.100.7": 3, "203.0.113.9": 1}


def _registration(n: int) -> dict:
    return {
        "full_name": f"Throttled Applicant {n}",
        "email": f"throttled{n}@example.org",
        "password": "correct horse battery",
        "date_of_birth": "2001-06-15",
        "country": "KE",
        "city": "Nairobi",
        "affiliation": "University of Nairobi",
        "field_of_study": "Urban planning",
        "motivation": MOTIVATION,
        "consent": "on",
    }


async def _register(url: str, address: str, n: int) -> str:
    client = ReflexClient(url, "/register", headers=_from(address))
    await client.connect(quiet=None)
    await client.call(RegistrationState, "load", {})
    await client.call(RegistrationState, "submit", {"form_data": _registration(n)})
    await client.close()
    key = RegistrationState.get_full_name()
    latest = {}
    for delta in client.deltas:
        latest.update(delta.get(key, {}))
    if latest.get("form_error_rx_state_"):
        return " ".join([latest["form_error_rx_state_"], *latest.get("errors_rx_state_", {}).values()])
    # The same answer for every registration: the account waits for its emailed link.
    assert latest.get("answer_rx_state_", "").startswith("Thank you. Check your email"), latest
    return "registered"


def test_registrations_from_one_address_are_limited_per_hour(backend):
    url, db_url = backend
    assert [run_async(_register(url, "192.0.2.44", n)) for n in range(2)] == ["registered", "registered"]
    refused = run_async(_register(url, "192.0.2.44", 2))
    assert re.fullmatch(r"Too many registrations from your network\. Try again in \d+ minutes?\.", refused), (
        refused
    )
    assert run_async(_register(url, "192.0.2.45", 3)) == "registered"
    with Session(make_engine(db_url)) as session:
        emails = set(session.exec(select(User.email).where(User.email.like("throttled%"))))
        counted = dict(
            session.exec(
                select(ClientEvent.client, func.count())
                .where(ClientEvent.kind == "registration")
                .group_by(ClientEvent.client)
            ).all()
        )
    assert emails == {"throttled0@example.org", "throttled1@example.org", "throttled3@example.org"}
    assert counted == {"192.0.2.44": 2, "192.0.2.45": 1}


async def _ask_reset(url: str, address: str, email: str) -> dict:
    client = ReflexClient(url, "/forgot-password", headers=_from(address))
    await client.connect(quiet=None)
    await client.call(ForgotPasswordState, "ask", {"form_data": {"email": email}})
    await client.close()
    key, latest = ForgotPasswordState.get_full_name(), {}
    for delta in client.deltas:
        latest.update(delta.get(key, {}))
    return latest


def test_reset_requests_from_one_address_are_limited(backend):
    url, _ = backend
    answers = [
        run_async(_ask_reset(url, "192.0.2.77", email))
        for email in ("participant@champions.example", "nobody.here@example.org")
    ]
    assert answers[0]["answer_rx_state_"] == answers[1]["answer_rx_state_"] != ""  # the same, account or not
    third = run_async(_ask_reset(url, "192.0.2.77", "participant@champions.example"))
    assert re.fullmatch(
        r"Too many password reset requests from your network\. Try again in \d+ minutes?\.",
        third["errors_rx_state_"].get("email", ""),
    ), third
