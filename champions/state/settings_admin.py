"""SettingsAdminState: the secretariat edits the program's contacts and partners."""

from dataclasses import asdict

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_
from champions.models import Role
from champions.services.program.contacts import ContactsForm, settings_form, update_contacts
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service

EMPTY = {name: "" for name in ContactsForm.__dataclass_fields__}


class SettingsAdminState(rx.State):
    form: dict[str, str] = EMPTY
    errors: dict[str, str] = {}
    message: str = ""
    version: int = 0  # bumped on load so the form's default values show what is saved

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        self.form = asdict(await call_service(settings_form))
        self.errors, self.message, self.version = {}, "", self.version + 1

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save(self, caller: Caller, form_data: dict):
        form = ContactsForm.from_form_data(form_data)
        self.form, self.message = asdict(form), ""
        try:
            await call_service(update_contacts, actor_id=caller.id, form=form)
        except RuleViolation as violation:
            self.errors = violation.by_field(caller.language)
            return
        self.errors, self.message = (
            {},
            N_("Saved: the footer, the landing page and the emails' Reply-To use them now."),
        )
        self.form = asdict(await call_service(settings_form))
