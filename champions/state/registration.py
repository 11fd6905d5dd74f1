"""RegistrationState: the public registration form with the server-side eligibility check."""

from datetime import date

import reflex as rx
from sqlalchemy.exc import IntegrityError

from champions.infra.db import session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.services.accounts.accounts import DUPLICATE_EMAIL, start_session
from champions.services.accounts.passwords import hash_password
from champions.services.accounts.throttle import client_registration_refusal, record_registration
from champions.services.registration.applications import (
    RegistrationForm,
    check_registration,
    count_words,
    register_applicant,
)
from champions.services.registration.cohorts import open_cohort
from champions.services.registration.countries import country_options
from champions.services.registration.eligibility import format_day
from champions.state.auth import AuthState
from champions.state.identity import off_loop, off_loop_cpu

COUNTRY_CHOICES = [f"{code} · {name}" for code, name in country_options()]
_FIELDS = (
    "full_name", "email", "password", "date_of_birth", "country", "city",
    "affiliation", "field_of_study", "motivation", "consent",
)


def _open_cohort_summary() -> dict:
    with session_scope() as session:
        cohort = open_cohort(session=session, today=date.today())
        if cohort is None:
            return {}
        return {
            "title": cohort.title,
            "closes": format_day(cohort.registration_closes),
            "reference": format_day(cohort.reference_date),
            "max_age": str(cohort.max_age_exclusive),
            "min_age": str(cohort.min_age),
        }


def _check(form: RegistrationForm, client: str = ""):
    """Validate without writing (the database is read for the cohort, duplicates and the
    client address's recent registrations)."""
    with session_scope() as session:
        cohort = open_cohort(session=session, today=date.today())
        if cohort is None:
            raise RuleViolation([Reason("closed", "Registration is closed.")])
        throttled = client_registration_refusal(session=session, client=client)
        if throttled is not None:
            raise RuleViolation([throttled])
        return check_registration(session=session, cohort=cohort, form=form, today=date.today())


def _register(checked, password_hash: str, client: str = "") -> str:
    try:
        return _insert(checked, password_hash, client)
    except IntegrityError:  # a concurrent registration with the same email won the race
        raise RuleViolation([Reason("duplicate", DUPLICATE_EMAIL, "email")]) from None


def _insert(checked, password_hash: str, client: str = "") -> str:
    with session_scope() as session:
        cohort = open_cohort(session=session, today=date.today())
        if cohort is None:
            raise RuleViolation([Reason("closed", "Registration is closed.")])
        user, _ = register_applicant(session=session, cohort=cohort, checked=checked, password_hash=password_hash)
        record_registration(session=session, client=client)
        return start_session(session=session, user=user)


def _country_code(choice) -> str:
    """The select shows "KR · South Korea"; the code is the part before the dot."""
    return choice.split("·")[0].strip() if isinstance(choice, str) else ""


class RegistrationState(rx.State):
    errors: dict[str, str] = {}
    form_error: str = ""
    motivation_words: int = 0
    busy: bool = False
    cohort: dict[str, str] = {}

    @rx.event
    async def load(self):
        self.cohort = await off_loop(_open_cohort_summary)
        self.errors = {}
        self.form_error = ""

    @rx.event
    def count_motivation(self, text: str):
        self.motivation_words = count_words(text) if isinstance(text, str) else 0

    @rx.event
    async def submit(self, form_data: dict):
        if self.busy:
            return
        data = dict(form_data) if isinstance(form_data, dict) else {}
        data["country"] = _country_code(data.get("country"))
        form = RegistrationForm.from_form_data(data)
        self.busy, self.errors, self.form_error = True, {}, ""
        yield
        client = self.router.session.client_ip or ""
        try:
            checked = await off_loop(_check, form, client)
            password_hash = await off_loop_cpu(hash_password, form.password)
            token = await off_loop(_register, checked, password_hash, client)
        except RuleViolation as violation:
            self._show(violation)
            self.busy = False
            return
        self.busy = False
        auth = await self.get_state(AuthState)
        await auth.start(token)
        yield rx.redirect("/my-application")

    def _show(self, violation: RuleViolation) -> None:
        by_field = violation.by_field()
        self.form_error = by_field.pop("", "")
        self.errors = {key: message for key, message in by_field.items() if key in _FIELDS}
        if not self.form_error:
            self.form_error = "Please correct the fields marked below."
