"""ForgotPasswordState and ResetPasswordState: ask for a reset link by email, then choose a new
password through it."""

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.translations import gettext
from champions.services.accounts.password_reset import (
    answer_reset_request,
    reset_link_refusal,
    reset_password,
)
from champions.services.accounts.passwords import hash_password
from champions.state.identity import call_service, call_service_cpu, form_values, off_loop
from champions.state.language import page_language


class ForgotPasswordState(rx.State):
    errors: dict[str, str] = {}
    answer: str = ""

    @rx.event
    async def ask(self, form_data: dict):
        (email,) = form_values(form_data, "email")
        self.errors, self.answer = {}, ""
        try:
            self.answer = await off_loop(answer_reset_request, email, self.router.session.client_ip or "")
        except RuleViolation as violation:
            self.errors = {
                key or "email": message
                for key, message in violation.by_field(await page_language(self)).items()
            }


class ResetPasswordState(rx.State):
    link_error: str = ""
    errors: dict[str, str] = {}
    _token: str = ""  # backend only: the link's secret never travels back in a state delta

    @rx.event
    async def load(self):
        self._token = str(self.router.url.query_parameters.get("token", ""))[:128]
        self.errors = {}
        refusal = await call_service(reset_link_refusal, token=self._token)
        # A fixed text, kept in English and shown through the catalogue, so it follows the menu.
        self.link_error = refusal.message if refusal and not refusal.values else ""
        if refusal and refusal.values:
            self.link_error = refusal.text(await page_language(self))

    @rx.event
    async def submit(self, form_data: dict):
        new, repeat = form_values(form_data, "new_password", "repeat_password")
        self.errors = {}
        try:
            await call_service_cpu(
                reset_password,
                token=self._token,
                new_password=new,
                repeat=repeat,
                hash_password=hash_password,
            )
        except RuleViolation as violation:
            by_field = violation.by_field(await page_language(self))
            self.link_error = by_field.pop("", "")
            self.errors = by_field
            return
        done = gettext(await page_language(self), "Your password is changed. Log in with it.")
        return [rx.redirect("/login"), rx.toast.success(done)]
