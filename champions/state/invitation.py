"""InvitationState: the invitee of a mentor or secretariat account chooses their password
through the emailed link (/invitation?token=…), which creates the account."""

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.translations import gettext
from champions.services.accounts.invitations import accept_invitation, invitation_greeting
from champions.services.accounts.passwords import hash_password
from champions.state.identity import call_service, call_service_cpu, form_values
from champions.state.language import LanguageState, page_language


class InvitationState(rx.State):
    link_error: str = ""
    full_name: str = ""
    email: str = ""
    role: str = ""
    errors: dict[str, str] = {}
    _token: str = ""  # backend only: the link's secret never travels back in a state delta

    @rx.event
    async def load(self):
        self._token = str(self.router.url.query_parameters.get("token", ""))[:128]
        self.errors = {}
        greeting = await call_service(invitation_greeting, token=self._token)
        # The error and the role's words are catalogue texts kept in English and shown through
        # the catalogue in the page, so they follow the language menu in place.
        self.link_error, self.full_name, self.email, self.role = (
            greeting.error or "",
            greeting.full_name,
            greeting.email,
            greeting.role or "",
        )

    @rx.event
    async def accept(self, form_data: dict):
        new, repeat = form_values(form_data, "new_password", "repeat_password")
        self.errors = {}
        try:
            await call_service_cpu(
                accept_invitation,
                token=self._token,
                new_password=new,
                repeat=repeat,
                hash_password=hash_password,
                language=(await self.get_state(LanguageState)).lang,
            )
        except RuleViolation as violation:
            by_field = violation.by_field(await page_language(self))
            self.link_error = by_field.pop("", "")
            self.errors = by_field
            return
        email = self.email
        self._token, self.full_name, self.email, self.role = "", "", "", ""
        ready = gettext(
            await page_language(self),
            "Your account is ready. Log in as {email} with the password you chose.",
            email=email,
        )
        return [rx.redirect("/login"), rx.toast.success(ready)]
