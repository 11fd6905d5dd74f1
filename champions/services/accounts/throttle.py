"""Throttling by client address, counted in the database so that it holds across workers:
failed logins (on top of the per-account lockout in `accounts`), registrations, password
reset requests and credential look-ups. The limits
come from the environment so that a deployment, a benchmark or a test can set its own."""

import os
from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from champions.infra.reasons import Plural, Reason
from champions.infra.translations import N_
from champions.models import ClientEvent, LoginAttempt
from champions.models._time import utcnow

LOGIN_WINDOW = timedelta(minutes=15)
REGISTRATION_WINDOW = timedelta(hours=1)
REGISTRATION = "registration"
RESET_REQUEST = "reset_request"
VERIFICATION = "verification"  # a look-up of /verify/<code>


def login_failures_per_address() -> int:
    return int(os.environ.get("CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS", "30"))


def registrations_per_address() -> int:
    return int(os.environ.get("CHAMPIONS_REGISTRATIONS_PER_ADDRESS", "20"))


def reset_requests_per_address() -> int:
    return int(os.environ.get("CHAMPIONS_RESET_REQUESTS_PER_ADDRESS", "10"))


def verifications_per_address() -> int:
    return int(os.environ.get("CHAMPIONS_VERIFICATIONS_PER_ADDRESS", "60"))


def reset_emails_per_recipient() -> int:
    return int(os.environ.get("CHAMPIONS_RESET_EMAILS_PER_RECIPIENT", "3"))


def _minutes(delta: timedelta) -> Plural:
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    return Plural("{count} minute", "{count} minutes", minutes)


def client_login_refusal(*, session: Session, client: str, now: datetime | None = None) -> Reason | None:
    """Why logins from this address are refused for now (None: they are not): too many failed
    logins from it, for any accounts, within LOGIN_WINDOW. Unknown addresses ("") are never
    throttled here (the per-account lockout still applies)."""
    if not client:
        return None
    now = now or utcnow()
    failures = session.exec(
        select(func.count(), func.min(LoginAttempt.at)).where(
            LoginAttempt.client == client[:64],
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.at > now - LOGIN_WINDOW,
        )
    ).one()
    if failures[0] < login_failures_per_address():
        return None
    return Reason(
        "address_throttled",
        "Too many failed logins from your network. Try again in {wait}.",
        values={"wait": _minutes(failures[1] + LOGIN_WINDOW - now)},
    )


def _per_hour_refusal(
    session: Session, kind: str, client: str, limit: int, message: str, now: datetime | None
) -> Reason | None:
    if not client:
        return None
    now = now or utcnow()
    count, first = session.exec(
        select(func.count(), func.min(ClientEvent.at)).where(
            ClientEvent.kind == kind,
            ClientEvent.client == client[:64],
            ClientEvent.at > now - REGISTRATION_WINDOW,
        )
    ).one()
    if count < limit:
        return None
    return Reason("address_throttled", message, values={"wait": _minutes(first + REGISTRATION_WINDOW - now)})


def client_registration_refusal(
    *, session: Session, client: str, now: datetime | None = None
) -> Reason | None:
    """Why a registration from this address is refused for now (None: it is not): too many
    registrations from it within an hour."""
    return _per_hour_refusal(
        session,
        REGISTRATION,
        client,
        registrations_per_address(),
        N_("Too many registrations from your network. Try again in {wait}."),
        now,
    )


def client_reset_refusal(*, session: Session, client: str, now: datetime | None = None) -> Reason | None:
    """Why a password-reset request from this address is refused for now: too many within an
    hour (each sends an email, so they are not free)."""
    return _per_hour_refusal(
        session,
        RESET_REQUEST,
        client,
        reset_requests_per_address(),
        N_("Too many password reset requests from your network. Try again in {wait}."),
        now,
    )


def client_verification_refusal(
    *, session: Session, client: str, now: datetime | None = None
) -> Reason | None:
    """Why a credential look-up from this address is refused for now: too many within an hour
    (found or not: codes cannot be enumerated from one address)."""
    return _per_hour_refusal(
        session,
        VERIFICATION,
        client,
        verifications_per_address(),
        N_("Too many verifications from your network. Try again in {wait}."),
        now,
    )


def record_client_event(*, session: Session, kind: str, client: str, now: datetime | None = None) -> None:
    """Count something this address did (added to the session; committed with it)."""
    if client:
        session.add(ClientEvent(kind=kind, client=client[:64], at=now or utcnow()))


def record_registration(*, session: Session, client: str, now: datetime | None = None) -> None:
    """Count a registration from this address (added to the session; committed with it)."""
    record_client_event(session=session, kind=REGISTRATION, client=client, now=now)
