"""ForgotPasswordState and ResetPasswordState: ask for a reset link by email, then choose a new
password through it."""

import os

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.services.accounts.password_reset import (
    request_password_reset,
    reset_link_refusal,
    reset_password,
)
from champions.services.accounts.passwords import hash_password
from champions.services.accounts.throttle import RESET_REQUEST, client_reset_refusal, record_client_event
from champions.state.identity import form_values, off_loop, off_loop_cpu


def _origin() -> str:
    return os.environ.get("CHAMPIONS_ORIGIN", "http://localhost:3000")


def _request(email: str, client: str) -> str:
    with session_scope() as session:
        throttled = client_reset_refusal(session=session, client=client)
        if throttled is not None:
            raise RuleViolation([throttled])
        answer = request_password_reset(session=session, email=email, origin=_origin())
        record_client_event(session=session, kind=RESET_REQUEST, client=client)
    return answer  # the background sender delivers it: the answer takes the same time either way


def _refusal(token: str) -> str:
    with session_scope() as session:
        refusal = reset_link_refusal(session=session, token=token)
    return refusal.message if refusal else ""


def _reset(token: str, new: str, repeat: str) -> None:
    with session_scope() as session:
        reset_password(session=session, token=token, new_password=new, repeat=repeat, hash_password=hash_password)


class ForgotPasswordState(rx.State):
    errors: dict[str, str] = {}
    answer: str = ""

    @rx.event
    async def ask(self, form_data: dict):
        (email,) = form_values(form_data, "email")
        self.errors, self.answer = {}, ""
        try:
            self.answer = await off_loop(_request, email[:254], self.router.session.client_ip or "")
        except RuleViolation as violation:
            self.errors = {key or "email": message for key, message in violation.by_field().items()}


class ResetPasswordState(rx.State):
    link_error: str = ""
    errors: dict[str, str] = {}
    _token: str = ""  # backend only: the link's secret never travels back in a state delta

    @rx.event
    async def load(self):
        self._token = str(self.router.url.query_parameters.get("token", ""))[:128]
        self.errors = {}
        self.link_error = await off_loop(_refusal, self._token)

    @rx.event
    async def submit(self, form_data: dict):
        new, repeat = form_values(form_data, "new_password", "repeat_password")
        self.errors = {}
        try:
            await off_loop_cpu(_reset, self._token, new, repeat)
        except RuleViolation as violation:
            by_field = violation.by_field()
            self.link_error = by_field.pop("", "")
            self.errors = by_field
            return
        return [rx.redirect("/login"), rx.toast.success("Your password is changed. Log in with it.")]
