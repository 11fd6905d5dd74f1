"""WorkshopsAdminState: the secretariat edits the cohort's four workshops."""

from dataclasses import asdict
from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE
from champions.models import Role, User
from champions.services.phase2.actions import save_cohort_workshop
from champions.services.phase2.views import WorkshopLine, workshop_form, workshops_page
from champions.services.phase2.workshops import WorkshopForm, check_workshop
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, off_loop
from champions.state.viewer import ask_browser_zone, zone_from_browser

EMPTY = {name: "" for name in WorkshopForm.__dataclass_fields__}


def _save(caller: Caller, cohort_name: str, workshop_id: int, form: WorkshopForm) -> str:
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


class WorkshopsAdminState(rx.State):
    zone: str = SEOUL_ZONE
    cohorts: list[str] = []
    cohort: str = ""
    rows: list[WorkshopLine] = []
    editing: str = ""
    form: dict[str, str] = EMPTY
    form_errors: dict[str, str] = {}
    message: str = ""

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
        page = await call_service(workshops_page, cohort_name=self.cohort, zone=self.zone, today=date.today())
        self.cohorts, self.cohort, self.rows = page.cohorts, page.cohort, page.lines

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.message = name, ""
            await self._refresh()

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
        if not self.editing.isdigit():
            return
        form = WorkshopForm.from_form_data(form_data)
        self.form = {name: getattr(form, name) for name in EMPTY}
        try:
            title = await off_loop(_save, caller, self.cohort, int(self.editing), form)
        except RuleViolation as violation:
            self.form_errors = violation.by_field()
            return
        self.message, self.editing, self.form_errors = f"Saved '{title}'.", "", {}
        await self._refresh()
