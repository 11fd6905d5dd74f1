"""WorkshopsAdminState: the secretariat creates, edits, reorders and removes the cohort's
workshops, reveals their sessions' check-in codes and exports the teams' recommendations."""

from dataclasses import asdict
from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.fonts import FontsMissing
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE
from champions.infra.translations import gettext
from champions.infra.typeset import TypesetFailed
from champions.models import Role, User
from champions.services.phase2.actions import (
    move_cohort_workshop,
    remove_cohort_workshop,
    reveal_workshop_code,
    save_cohort_workshop,
)
from champions.services.phase2.booklet import export_recommendations
from champions.services.phase2.views import WorkshopLine, workshop_form, workshops_page
from champions.services.phase2.workshops import WorkshopForm, check_workshop
from champions.services.registration.cohorts import cohort_or_current
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, off_loop
from champions.state.language import page_language
from champions.state.viewer import ask_browser_zone, zone_from_browser

EMPTY = {name: "" for name in WorkshopForm.__dataclass_fields__}


def _save(caller: Caller, cohort_name: str, workshop_id: int | None, form: WorkshopForm) -> str:
    checked = check_workshop(form)
    with session_scope() as session:
        return save_cohort_workshop(
            session=session,
            actor=session.get(User, caller.id),
            cohort_name=cohort_name,
            today=date.today(),
            workshop_id=workshop_id,
            checked=checked,
        )


def _act(command, caller: Caller, cohort_name: str, **values) -> str:
    with session_scope() as session:
        return command(
            session=session,
            actor=session.get(User, caller.id),
            cohort_name=cohort_name,
            today=date.today(),
            **values,
        )


def _export(caller: Caller, cohort_name: str, fmt: str):
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        if cohort is None:
            return None
        return export_recommendations(
            session=session, cohort=cohort, fmt=fmt, actor_id=caller.id, language=caller.language
        )


class WorkshopsAdminState(rx.State):
    zone: str = SEOUL_ZONE
    cohorts: list[str] = []
    cohort: str = ""
    rows: list[WorkshopLine] = []
    editing: str = ""  # "new", a workshop id, or "" when the dialog is closed
    form: dict[str, str] = EMPTY
    form_errors: dict[str, str] = {}
    removing: str = ""  # the workshop id asked to be removed
    codes: dict[str, str] = {}
    message: str = ""
    error: str = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        return ask_browser_zone(WorkshopsAdminState.show)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def show(self, caller: Caller, zone: str):
        self.zone = zone_from_browser(zone)
        await self._refresh()

    async def _refresh(self):
        page = await call_service(
            workshops_page,
            cohort_name=self.cohort,
            zone=self.zone,
            today=date.today(),
            language=await page_language(self),
        )
        self.cohorts, self.cohort, self.rows = page.cohorts, page.cohort, page.lines

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.message, self.error, self.codes = name, "", "", {}
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def new_workshop(self, caller: Caller):
        self.form = {**EMPTY, "zone": SEOUL_ZONE, "judged": "yes", "weight": "1", "mode": "hybrid"}
        self.form_errors, self.editing = {}, "new"

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def edit(self, caller: Caller, workshop_id: str):
        if not str(workshop_id).isdigit():
            return
        form = await call_service(workshop_form, workshop_id=int(workshop_id))
        if form is not None:
            self.form, self.form_errors, self.editing = asdict(form), {}, str(workshop_id)

    @rx.event
    def open_changed(self, is_open: bool):
        if not is_open:
            self.editing, self.form_errors = "", {}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save(self, caller: Caller, form_data: dict):
        if not (self.editing.isdigit() or self.editing == "new"):
            return
        form = WorkshopForm.from_form_data(form_data)
        self.form = {name: getattr(form, name) for name in EMPTY}
        workshop_id = int(self.editing) if self.editing.isdigit() else None
        try:
            title = await off_loop(_save, caller, self.cohort, workshop_id, form)
        except RuleViolation as violation:
            self.form_errors = violation.by_field(caller.language)
            return
        self.message, self.error, self.editing, self.form_errors = (
            gettext(caller.language, "Saved '{title}'.", title=title),
            "",
            "",
            {},
        )
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def move(self, caller: Caller, workshop_id: str, step: int):
        if not str(workshop_id).isdigit() or step not in (-1, 1):
            return
        try:
            self.message = await off_loop(
                _act, move_cohort_workshop, caller, self.cohort, workshop_id=int(workshop_id), step=step
            )
            self.error = ""
        except RuleViolation as violation:
            self.error, self.message = violation.text(caller.language), ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def ask_remove(self, caller: Caller, workshop_id: str):
        if str(workshop_id).isdigit():
            self.removing = str(workshop_id)

    @rx.event
    def remove_dialog(self, is_open: bool):
        if not is_open:
            self.removing = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def confirm_remove(self, caller: Caller):
        if not self.removing.isdigit():
            return
        try:
            self.message = await off_loop(
                _act, remove_cohort_workshop, caller, self.cohort, workshop_id=int(self.removing)
            )
            self.error = ""
        except RuleViolation as violation:
            self.error, self.message = violation.text(caller.language), ""
        self.removing = ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def reveal_code(self, caller: Caller, workshop_id: str, renew: bool = False):
        if not str(workshop_id).isdigit():
            return
        try:
            code = await off_loop(
                _act,
                reveal_workshop_code,
                caller,
                self.cohort,
                workshop_id=int(workshop_id),
                renew=bool(renew),
            )
        except RuleViolation as violation:
            self.error = violation.text(caller.language)
            return
        self.codes = {**self.codes, str(workshop_id): code}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def export_recommendations(self, caller: Caller, fmt: str):
        if fmt not in ("pdf", "csv") or not self.cohort:
            return
        try:
            export = await off_loop(_export, caller, self.cohort, fmt)
        except RuleViolation as violation:
            self.error, self.message = violation.text(caller.language), ""
            return
        except (FontsMissing, TypesetFailed) as failed:
            self.error = gettext(
                caller.language, "The booklet could not be typeset: {problem}", problem=str(failed)
            )
            self.message = ""
            return
        if export is None:
            return
        self.error = ""
        return rx.download(data=export.content, filename=export.filename, mime_type=export.media_type)
