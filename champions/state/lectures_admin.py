"""LecturesAdminState: the secretariat's lecture schedule (create, edit, cancel, check-in
codes, attendance counts, calendar)."""

from dataclasses import asdict
from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE
from champions.infra.translations import N_, gettext
from champions.models import Role, User
from champions.services.phase1.lectures import (
    LectureForm,
    cancel_lecture,
    check_lecture,
    reveal_cohort_checkin_code,
    save_cohort_lecture,
)
from champions.services.phase1.views import LectureLine, cohort_calendar_file, lecture_form, lectures_page
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, form_values, off_loop
from champions.state.language import page_language
from champions.state.viewer import ask_browser_zone, zone_from_browser

EMPTY_FORM = {name: "" for name in LectureForm.__dataclass_fields__}


def _save(caller: Caller, cohort_name: str, lecture_id: int | None, form: LectureForm) -> str:
    checked = check_lecture(form)
    with session_scope() as session:
        return save_cohort_lecture(
            session=session,
            actor=session.get(User, caller.id),
            cohort_name=cohort_name,
            today=date.today(),
            checked=checked,
            lecture_id=lecture_id,
        ).title


def _cancel(caller: Caller, lecture_id: int, reason: str) -> str:
    with session_scope() as session:
        return cancel_lecture(
            session=session, actor=session.get(User, caller.id), lecture_id=lecture_id, reason=reason
        ).title


def _reveal(caller: Caller, cohort_name: str, lecture_id: int, renew: bool) -> str:
    with session_scope() as session:
        return reveal_cohort_checkin_code(
            session=session,
            actor=session.get(User, caller.id),
            cohort_name=cohort_name,
            lecture_id=lecture_id,
            renew=renew,
            today=date.today(),
        )


class LecturesAdminState(rx.State):
    zone: str = SEOUL_ZONE
    cohorts: list[str] = []
    cohort: str = ""
    cohort_title: str = ""
    rows: list[LectureLine] = []
    codes: dict[str, str] = {}
    message: str = ""
    # The create/edit dialog.
    editing: str = ""  # "new", a lecture id, or "" when closed
    form: dict[str, str] = EMPTY_FORM
    form_errors: dict[str, str] = {}
    # The cancel dialog.
    cancelling: str = ""
    cancel_error: str = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        return ask_browser_zone(LecturesAdminState.show)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def show(self, caller: Caller, zone: str):
        self.zone = zone_from_browser(zone)
        await self._refresh()

    async def _refresh(self):
        page = await call_service(
            lectures_page,
            cohort_name=self.cohort,
            zone=self.zone,
            today=date.today(),
            language=await page_language(self),
        )
        self.cohorts, self.cohort, self.cohort_title = page.cohorts, page.cohort, page.title
        self.rows = page.lines

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.codes, self.message = name, {}, ""
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def new_lecture(self, caller: Caller):
        self.form, self.form_errors, self.editing = (
            {**EMPTY_FORM, "zone": SEOUL_ZONE, "mode": "online"},
            {},
            "new",
        )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def edit_lecture(self, caller: Caller, lecture_id: str):
        if not str(lecture_id).isdigit():
            return
        form = await call_service(lecture_form, lecture_id=int(lecture_id), zone=SEOUL_ZONE)
        if form is not None:
            self.form, self.form_errors, self.editing = asdict(form), {}, str(lecture_id)

    @rx.event
    def form_open_changed(self, is_open: bool):
        if not is_open:
            self.editing, self.form_errors = "", {}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save(self, caller: Caller, form_data: dict):
        if not self.editing:
            return
        form = LectureForm.from_form_data(form_data)
        self.form = {name: getattr(form, name) for name in EMPTY_FORM}
        lecture_id = int(self.editing) if self.editing.isdigit() else None
        try:
            title = await off_loop(_save, caller, self.cohort, lecture_id, form)
        except RuleViolation as violation:
            self.form_errors = violation.by_field(caller.language)
            return
        self.message = gettext(caller.language, "Saved '{title}'.", title=title)
        self.editing, self.form_errors = "", {}
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def start_cancel(self, caller: Caller, lecture_id: str):
        if not str(lecture_id).isdigit():
            return
        self.cancelling, self.cancel_error = str(lecture_id), ""

    @rx.event
    def cancel_open_changed(self, is_open: bool):
        if not is_open:
            self.cancelling, self.cancel_error = "", ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def confirm_cancel(self, caller: Caller, form_data: dict):
        if not self.cancelling.isdigit():
            return
        (reason,) = form_values(form_data, "reason")
        try:
            title = await off_loop(_cancel, caller, int(self.cancelling), reason)
        except RuleViolation as violation:
            self.cancel_error = violation.text(caller.language)
            return
        self.message = gettext(caller.language, "Cancelled '{title}'.", title=title)
        self.cancelling = ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def reveal_code(self, caller: Caller, lecture_id: str, renew: bool = False):
        if not str(lecture_id).isdigit():
            return
        try:
            code = await off_loop(_reveal, caller, self.cohort, int(lecture_id), bool(renew))
        except RuleViolation as violation:
            self.message = violation.text(caller.language) or N_("There is no such lecture in this cohort.")
            return
        self.codes = {**self.codes, str(lecture_id): code}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def download_calendar(self, caller: Caller):
        if not self.cohort:
            return
        made = await call_service(
            cohort_calendar_file, cohort_name=self.cohort, today=date.today(), language=caller.language
        )
        if made is None:
            return
        filename, text = made
        return rx.download(data=text.encode("utf-8"), filename=filename, mime_type="text/calendar")
