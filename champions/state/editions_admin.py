"""EditionsAdminState: the secretariat's editions (create, edit with the eligibility
confirmation, open registration, clone, archive)."""

from datetime import date

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE
from champions.infra.translations import gettext
from champions.models import Role
from champions.services.editions.clone import clone_edition
from champions.services.editions.editions import (
    ConfirmationNeeded,
    archive_edition,
    create_edition,
    open_registration,
    update_edition,
)
from champions.services.editions.rules import EditionForm
from champions.services.editions.views import (
    EditionLine,
    change_lines,
    edition_form_values,
    edition_lines,
    new_edition_values,
)
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, form_values
from champions.state.language import page_language
from champions.state.viewer import ask_browser_zone, zone_from_browser

EMPTY_FORM = new_edition_values()


def _id(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else None


class EditionsAdminState(rx.State):
    zone: str = SEOUL_ZONE
    rows: list[EditionLine] = []
    message: str = ""
    # The create/edit dialog.
    editing: str = ""  # "new", an edition id, or "" when closed
    form: dict[str, str] = EMPTY_FORM
    form_errors: dict[str, str] = {}
    # The confirmation of an age-rule change once applications exist.
    changes: list[str] = []
    confirming: bool = False
    _pending: dict[str, str] = {}
    # The clone and archive dialogs (the source or target edition's id).
    cloning: str = ""
    clone_errors: dict[str, str] = {}
    archiving: str = ""
    archive_error: str = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        return ask_browser_zone(EditionsAdminState.show)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def show(self, caller: Caller, zone: str):
        self.zone = zone_from_browser(zone)
        await self._refresh()

    async def _refresh(self):
        self.rows = await call_service(
            edition_lines, today=date.today(), zone=self.zone, language=await page_language(self)
        )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def new_edition(self, caller: Caller):
        self.form, self.form_errors, self.editing, self.message = dict(EMPTY_FORM), {}, "new", ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def edit_edition(self, caller: Caller, edition_id: str):
        cohort_id = _id(edition_id)
        if cohort_id is None:
            return
        values = await call_service(edition_form_values, cohort_id=cohort_id)
        if values is not None:
            self.form, self.form_errors, self.editing, self.message = values, {}, str(cohort_id), ""

    @rx.event
    def form_open_changed(self, is_open: bool):
        if not is_open:
            self.editing, self.form_errors = "", {}

    async def _store(self, caller: Caller, form: EditionForm, confirmed: bool) -> None:
        cohort_id = _id(self.editing)
        try:
            if cohort_id is None:
                cohort = await call_service(create_edition, actor_id=caller.id, form=form)
                self.message = gettext(caller.language, "Created the {name} edition.", name=cohort.name)
            else:
                update = await call_service(
                    update_edition, actor_id=caller.id, cohort_id=cohort_id, form=form, confirmed=confirmed
                )
                self.message = gettext(
                    caller.language, "Saved the {name} edition.", name=update.cohort.name
                ) + (
                    gettext(
                        caller.language, " {count} applicants' eligibility changed.", count=update.reevaluated
                    )
                    if update.reevaluated
                    else ""
                )
        except ConfirmationNeeded as needed:
            self._pending = {name: getattr(form, name) for name in EMPTY_FORM}
            self.changes, self.confirming = change_lines(needed.changes), True
            return
        except RuleViolation as violation:
            self.form_errors, self.confirming = violation.by_field(caller.language), False
            return
        self.editing, self.form_errors, self.confirming, self._pending = "", {}, False, {}
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save(self, caller: Caller, form_data: dict):
        if not self.editing:
            return
        form = EditionForm.from_form_data(form_data)
        self.form = {name: getattr(form, name) for name in EMPTY_FORM}
        await self._store(caller, form, confirmed=False)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def confirm_save(self, caller: Caller):
        if not self.editing or not self.confirming:
            return
        await self._store(caller, EditionForm.from_form_data(self._pending), confirmed=True)

    @rx.event
    def confirm_open_changed(self, is_open: bool):
        if not is_open:
            self.confirming, self.changes, self._pending = False, [], {}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def open_registration(self, caller: Caller, edition_id: str):
        cohort_id = _id(edition_id)
        if cohort_id is None:
            return
        try:
            cohort = await call_service(
                open_registration, actor_id=caller.id, cohort_id=cohort_id, today=date.today()
            )
        except RuleViolation as violation:
            self.message = violation.text(caller.language)
            return
        self.message = gettext(
            caller.language, "Registration for the {name} edition is open.", name=cohort.name
        )
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def start_clone(self, caller: Caller, edition_id: str):
        if _id(edition_id) is not None:
            self.cloning, self.clone_errors, self.message = edition_id, {}, ""

    @rx.event
    def clone_open_changed(self, is_open: bool):
        if not is_open:
            self.cloning, self.clone_errors = "", {}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def clone(self, caller: Caller, form_data: dict):
        source_id = _id(self.cloning)
        if source_id is None:
            return
        name, title, weeks = form_values(form_data, "name", "title", "weeks")
        try:
            cohort = await call_service(
                clone_edition, actor_id=caller.id, source_id=source_id, name=name, title=title, weeks=weeks
            )
        except RuleViolation as violation:
            self.clone_errors = violation.by_field(caller.language)
            return
        self.message = gettext(
            caller.language, "Created the {name} edition from the earlier one.", name=cohort.name
        )
        self.cloning, self.clone_errors = "", {}
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def start_archive(self, caller: Caller, edition_id: str):
        if _id(edition_id) is not None:
            self.archiving, self.archive_error, self.message = edition_id, "", ""

    @rx.event
    def archive_open_changed(self, is_open: bool):
        if not is_open:
            self.archiving, self.archive_error = "", ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def archive(self, caller: Caller, form_data: dict):
        cohort_id = _id(self.archiving)
        if cohort_id is None:
            return
        (reason,) = form_values(form_data, "reason")
        try:
            cohort = await call_service(
                archive_edition, actor_id=caller.id, cohort_id=cohort_id, reason=reason
            )
        except RuleViolation as violation:
            self.archive_error = violation.text(caller.language)
            return
        self.message = gettext(
            caller.language, "Archived the {name} edition: it is read-only now.", name=cohort.name
        )
        self.archiving = ""
        await self._refresh()
