"""Throttling by client address, counted in the database so that it holds across workers:
failed logins (on top of the per-account lockout in `accounts`) and registrations. The limits
come from the environment so that a deployment, a benchmark or a test can set its own."""

import os
from datetime import datetime, timedelta
from typing import Optional

from sqlmodel import Session, func, select

from champions.models import ClientEvent, LoginAttempt
from champions.models._time import utcnow
from champions.services.reasons import Reason

LOGIN_WINDOW = timedelta(minutes=15)
REGISTRATION_WINDOW = timedelta(hours=1)
REGISTRATION = "registration"


def login_failures_per_address() -> int:
    return int(os.environ.get("CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS", "30"))


def registrations_per_address() -> int:
    return int(os.environ.get("CHAMPIONS_REGISTRATIONS_PER_ADDRESS", "20"))


def _minutes(delta: timedelta) -> str:
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def client_login_refusal(*, session: Session, client: str, now: Optional[datetime] = None) -> Optional[Reason]:
    """Why logins from this address are refused for now (None: they are not): too many failed
    logins from it, for any accounts, within LOGIN_WINDOW. Unknown addresses ("") are never
    throttled here (the per-account lockout still applies)."""
    if not client:
        return None
    now = now or utcnow()
    failures = session.exec(select(func.count(), func.min(LoginAttempt.at)).where(
        LoginAttempt.client == client[:64], LoginAttempt.succeeded.is_(False),
        LoginAttempt.at > now - LOGIN_WINDOW)).one()
    if failures[0] < login_failures_per_address():
        return None
    return Reason("address_throttled", "Too many failed logins from your network. Try again in "
                                       f"{_minutes(failures[1] + LOGIN_WINDOW - now)}.")


def client_registration_refusal(*, session: Session, client: str,
                                now: Optional[datetime] = None) -> Optional[Reason]:
    """Why a registration from this address is refused for now (None: it is not): too many
    registrations from it within REGISTRATION_WINDOW."""
    if not client:
        return None
    now = now or utcnow()
    count, first = session.exec(select(func.count(), func.min(ClientEvent.at)).where(
        ClientEvent.kind == REGISTRATION, ClientEvent.client == client[:64],
        ClientEvent.at > now - REGISTRATION_WINDOW)).one()
    if count < registrations_per_address():
        return None
    return Reason("address_throttled", "Too many registrations from your network. Try again in "
                                       f"{_minutes(first + REGISTRATION_WINDOW - now)}.")


def record_registration(*, session: Session, client: str, now: Optional[datetime] = None) -> None:
    """Count a registration from this address (added to the session; committed with it)."""
    if client:
        session.add(ClientEvent(kind=REGISTRATION, client=client[:64], at=now or utcnow()))
