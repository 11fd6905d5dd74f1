"""MentorsAdminState: the secretariat invites mentors and secretariat members (they choose
their own password through the emailed link), resends and revokes invitations."""

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import Role
from champions.services.accounts import invitations
from champions.services.accounts.invitations import InvitationLine, invitation_lines
from champions.services.accounts.views import MentorLine, mentor_accounts
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, form_values
from champions.state.language import page_language


def _invitation_id(value) -> int | None:
    text = str(value)
    return int(text) if text.isdigit() and len(text) < 12 else None


class MentorsAdminState(rx.State):
    mentors: list[MentorLine] = []
    invitations: list[InvitationLine] = []
    errors: dict[str, str] = {}
    message: str = ""
    error: str = ""

    async def _refresh(self) -> None:
        self.mentors = await call_service(mentor_accounts)
        self.invitations = await call_service(invitation_lines, language=await page_language(self))

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        self.errors, self.message, self.error = {}, "", ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def invite(self, caller: Caller, form_data: dict):
        full_name, email, role = form_values(form_data, "full_name", "email", "role")
        self.errors, self.message, self.error = {}, "", ""
        try:
            invitation = await call_service(
                invitations.invite, actor_id=caller.id, email=email, full_name=full_name, role=role
            )
        except RuleViolation as violation:
            by_field = violation.by_field(caller.language)
            self.error = by_field.pop("", "")
            self.errors = by_field
            return
        self.message = gettext(
            caller.language, "Invitation sent to {email}: the link works for 7 days.", email=invitation.email
        )
        await self._refresh()
        return [rx.set_value("invite_name", ""), rx.set_value("invite_email", "")]

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def resend(self, caller: Caller, invitation_id: str):
        await self._act(
            invitations.resend_invitation, invitation_id, caller, N_("A new link was sent to {email}.")
        )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def revoke(self, caller: Caller, invitation_id: str):
        await self._act(
            invitations.revoke_invitation, invitation_id, caller, N_("The invitation to {email} is revoked.")
        )

    async def _act(self, service, invitation_id, caller: Caller, done: str) -> None:
        self.errors, self.message, self.error = {}, "", ""
        found = _invitation_id(invitation_id)
        if found is None:
            self.error = N_("There is no such invitation.")
            return
        try:
            invitation = await call_service(service, actor_id=caller.id, invitation_id=found)
        except RuleViolation as violation:
            self.error = violation.first(caller.language)
            return
        self.message = gettext(caller.language, done, email=invitation.email)
        await self._refresh()
