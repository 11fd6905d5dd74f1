"""RegistrationState: the public registration form with the server-side eligibility check."""

from datetime import date

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_
from champions.services.accounts.passwords import hash_password
from champions.services.registration.applications import REGISTRATION_FIELDS, count_words
from champions.services.registration.countries import country_choices, country_options
from champions.services.registration.register import (
    check_registration_form,
    complete_registration,
    confirm_email,
    registration_form,
)
from champions.services.registration.views import CohortFacts, open_cohort_facts
from champions.state.identity import call_service, off_loop, off_loop_cpu
from champions.state.language import LanguageState, page_language

COUNTRY_CHOICES = country_choices()  # English: built into the page


def countries_in(language: str) -> list[list[str]]:
    """The country picker's [code, "KR · 대한민국"] choices in a language other than English,
    sorted for it ([] in English: the page's own list)."""
    if language == "en":
        return []
    return [[code, f"{code} · {name}"] for code, name in country_options(language)]


class RegistrationState(rx.State):
    errors: dict[str, str] = {}
    form_error: str = ""
    motivation_words: int = 0
    busy: bool = False
    answer: str = ""  # the same whether or not the email has an account
    cohort: CohortFacts = CohortFacts()
    countries: list[list[str]] = []  # the picker's choices in the viewer's language; [] in English

    @rx.event
    async def load(self):
        language = await page_language(self)
        self.cohort = await call_service(open_cohort_facts, today=date.today(), language=language)
        self.countries = countries_in(language)
        self.errors = {}
        self.form_error = ""
        self.answer = ""

    @rx.event
    def count_motivation(self, text: str):
        self.motivation_words = count_words(text) if isinstance(text, str) else 0

    @rx.event
    async def submit(self, form_data: dict):
        if self.busy:
            return
        form = registration_form(form_data)
        self.busy, self.errors, self.form_error = True, {}, ""
        yield
        client = self.router.session.client_ip or ""
        try:
            checked = await off_loop(check_registration_form, form, client)
            # Hashed whether or not the email has an account: both answers take the same time.
            password_hash = await off_loop_cpu(hash_password, form.password)
            language = (await self.get_state(LanguageState)).lang
            self.answer = await off_loop(
                complete_registration, checked, password_hash, client, language=language
            )
        except RuleViolation as violation:
            self._show(violation, await page_language(self))
        self.busy = False

    def _show(self, violation: RuleViolation, language: str) -> None:
        by_field = violation.by_field(language)
        self.form_error = by_field.pop("", "")
        self.errors = {key: message for key, message in by_field.items() if key in REGISTRATION_FIELDS}
        if not self.form_error:
            self.form_error = N_("Please correct the fields marked below.")


class ConfirmEmailState(rx.State):
    """/confirm-email?token=…: the link of a registration's email."""

    message: str = ""
    confirmed: bool = False

    @rx.event
    async def load(self):
        token = str(self.router.url.query_parameters.get("token", ""))[:128]
        try:
            await call_service(confirm_email, token=token)
        except RuleViolation as violation:
            self.confirmed, self.message = False, violation.first(await page_language(self))
            return
        self.confirmed, self.message = True, N_("Your email is confirmed. Log in to follow your application.")
