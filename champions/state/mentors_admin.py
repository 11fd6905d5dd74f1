"""MentorsAdminState: the secretariat creates mentor accounts."""

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.models import Role
from champions.services.accounts import accounts
from champions.services.accounts.views import MentorLine, mentor_accounts
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, call_service_cpu, form_values


class MentorsAdminState(rx.State):
    mentors: list[MentorLine] = []
    errors: dict[str, str] = {}
    message: str = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        self.mentors = await call_service(mentor_accounts)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def create_mentor(self, caller: Caller, form_data: dict):
        full_name, email, password = form_values(form_data, "full_name", "email", "password")
        self.errors, self.message = {}, ""
        try:
            mentor = await call_service_cpu(
                accounts.create_mentor,
                actor_id=caller.id,
                full_name=full_name,
                email=email,
                password=password,
            )
        except RuleViolation as violation:
            self.errors = {k: v for k, v in violation.by_field().items() if k}
            return
        self.message = f"Mentor account created for {mentor.email}."
        self.mentors = await call_service(mentor_accounts)
        return rx.set_value("mentor_password", "")
