"""Registering through the public form: the form as a browser sends it, the checks (with the
client address's throttle), then the new account with its application and first login
session. The checks and the writing are two transactions of their own, so that the password
is hashed between them, outside any transaction and in the caller's pool for CPU work."""

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from champions.infra.db import session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.models import Cohort
from champions.services.accounts.accounts import DUPLICATE_EMAIL, start_session
from champions.services.accounts.throttle import client_registration_refusal, record_registration
from champions.services.registration.applications import (
    CheckedRegistration,
    RegistrationForm,
    check_registration,
    register_applicant,
)
from champions.services.registration.cohorts import open_cohort
from champions.services.registration.countries import code_of_choice


def registration_form(data) -> RegistrationForm:
    """The form as a browser sends it, whatever types it sent: the country picker sends its
    choice ("KR · South Korea"), the form keeps the code."""
    data = dict(data) if isinstance(data, dict) else {}
    data["country"] = code_of_choice(data.get("country"))
    return RegistrationForm.from_form_data(data)


def _open_cohort(session: Session) -> Cohort:
    cohort = open_cohort(session=session, today=date.today())
    if cohort is None:
        raise RuleViolation([Reason("closed", "Registration is closed.")])
    return cohort


def check_registration_form(form: RegistrationForm, client: str = "") -> CheckedRegistration:
    """Check a registration to the cohort open today, sent from the address `client`: refused
    while the address has registered too often, then every field and the eligibility rule
    (`check_registration`). Raises RuleViolation. Writes nothing; blocks on the database."""
    with session_scope() as session:
        cohort = _open_cohort(session)
        throttled = client_registration_refusal(session=session, client=client)
        if throttled is not None:
            raise RuleViolation([throttled])
        return check_registration(session=session, cohort=cohort, form=form, today=date.today())


def complete_registration(checked: CheckedRegistration, password_hash: str, client: str = "") -> str:
    """Create the checked applicant's account and application in the cohort open today, count
    the registration against `client` and log the applicant in: returns the new session's
    token. When another registration with the same email commits first, raises RuleViolation
    (the unique index decides) and nothing is written. Blocks on the database."""
    try:
        with session_scope() as session:
            user, _ = register_applicant(
                session=session, cohort=_open_cohort(session), checked=checked, password_hash=password_hash
            )
            record_registration(session=session, client=client)
            return start_session(session=session, user=user)
    except IntegrityError:  # a concurrent registration with the same email won the race
        raise RuleViolation([Reason("duplicate", DUPLICATE_EMAIL, "email")]) from None
