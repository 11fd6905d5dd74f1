"""AuthState: the session cookie, log in, log out, and the identity shown in the layout."""

import os

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.translations import N_
from champions.models import Role
from champions.services.accounts.accounts import authenticate, end_session, start_session
from champions.state.guard import LOGIN_PAGE, refuse
from champions.state.identity import (
    SESSION_COOKIE,
    Caller,
    call_service,
    caller_from_token,
    forget_the_tab,
    form_values,
    off_loop_cpu,
)
from champions.state.language import page_language

_SECURE_COOKIE = os.environ.get("CHAMPIONS_SECURE_COOKIE", "").lower() in ("1", "true", "yes")

HOME_BY_ROLE = {
    Role.PARTICIPANT: "/my-application",
    Role.MENTOR: "/mentor",
    Role.SECRETARIAT: "/secretariat",
}


def _login(email: str, password: str, client: str, language: str) -> tuple[str, str, Role | None]:
    """(token, message in the language, role): the token is empty when login failed."""
    result = authenticate(session_factory=session_scope, email=email, password=password, client=client)
    if result.user is None:
        return "", result.text(language), None
    with session_scope() as session:
        return start_session(session=session, user=result.user), "", result.user.role


class AuthState(rx.State):
    session_token: str = rx.Cookie(
        "",
        name=SESSION_COOKIE,
        same_site="strict",
        secure=_SECURE_COOKIE,
        max_age=30 * 24 * 3600,
    )
    # Shown in the layout: the caller's own name and role, nothing private of anyone else.
    user_name: str = ""
    user_role: str = ""
    login_error: str = ""
    login_busy: bool = False

    async def _caller(self) -> Caller | None:
        """The logged-in user, resolved from the database on every call."""
        return await caller_from_token(self.session_token)

    def _show(self, caller: Caller | None) -> None:
        self.user_name = caller.full_name if caller else ""
        self.user_role = caller.role.value if caller else ""

    @rx.event
    async def refresh_identity(self):
        """on_load of every page: show who is logged in (or nobody)."""
        self._show(await self._caller())

    @rx.event
    async def redirect_logged_in(self):
        """on_load of the login page: a logged-in user goes to their home page."""
        caller = await self._caller()
        self._show(caller)
        if caller is not None:
            return rx.redirect(HOME_BY_ROLE[caller.role])

    @rx.event
    async def require_mentor(self):
        """on_load of the mentor pages: others go to their own home page (or log in)."""
        caller = await self._caller()
        self._show(caller)
        if caller is None:
            return refuse()
        if caller.role != Role.MENTOR:
            return rx.redirect(HOME_BY_ROLE[caller.role])

    @rx.event
    async def login(self, form_data: dict):
        email, password = form_values(form_data, "email", "password")
        if not email or not password:
            self.login_error = N_("Enter your email and password.")
            return
        self.login_busy = True
        self.login_error = ""
        yield
        client = self.router.session.client_ip or ""
        language = await page_language(self)
        token, message, role = await off_loop_cpu(_login, email, password, client, language)
        self.login_busy = False
        if not token:
            self.login_error = message
            return
        self.session_token = token
        self._show(await self._caller())
        yield rx.redirect(HOME_BY_ROLE[role])

    async def start(self, token: str) -> None:
        """Adopt a fresh session token (after registration)."""
        self.session_token = token
        self._show(await self._caller())

    @rx.event
    async def logout(self):
        if self.session_token:
            await call_service(end_session, token=self.session_token)
        await forget_the_tab(self)
        return rx.redirect(LOGIN_PAGE)
