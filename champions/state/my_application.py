"""MyApplicationState: the applicant's own application, status and next dates."""

from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_
from champions.models import Role, User
from champions.services.registration.applications import withdraw_application
from champions.services.registration.views import OwnApplication, own_application
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, off_loop
from champions.state.language import page_language


def _withdraw(caller: Caller, application_id: int) -> None:
    with session_scope() as session:
        withdraw_application(
            session=session, user=session.get(User, caller.id), application_id=application_id
        )


class MyApplicationState(rx.State):
    loaded: bool = False  # until then the page says it is loading, not "no application yet"
    application: OwnApplication = OwnApplication()
    message: str = ""

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def load(self, caller: Caller):
        self.application = await call_service(
            own_application, user_id=caller.id, today=date.today(), language=await page_language(self, caller)
        )
        self.loaded = True

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def withdraw(self, caller: Caller):
        try:
            await off_loop(_withdraw, caller, self.application.id)
        except RuleViolation as violation:
            self.message = violation.text(caller.language)
            return
        self.message = N_("Your application was withdrawn.")
        return MyApplicationState.load
