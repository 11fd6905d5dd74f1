"""LecturesAdminState: the secretariat's lecture schedule (create, edit, cancel, check-in
codes, attendance counts, calendar)."""

from datetime import date
from typing import Optional

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_span, local
from champions.models import Lecture, Role, User
from champions.services.phase1.attendance import lecture_counts
from champions.services.phase1.calendar import calendar_filename, cohort_calendar
from champions.services.phase1.lectures import (
    LectureForm,
    cancel_lecture,
    check_lecture,
    list_lectures,
    reveal_checkin_code,
    save_lecture,
)
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.state.auth import current_caller
from champions.state.identity import Caller, form_values, off_loop
from champions.state.viewer import ask_browser_zone, zone_from_browser

EMPTY_FORM = {name: "" for name in LectureForm.__dataclass_fields__}


def _counts_text(counts: dict[str, int]) -> str:
    return (f"{counts['present']} present · {counts['late']} late · {counts['excused']} excused · "
            f"{counts['absent']} absent · {counts['unrecorded']} not recorded")


def _load(cohort_name: str, zone: str) -> dict:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        if cohort is None:
            return {"cohorts": [], "cohort": "", "rows": []}
        counts = lecture_counts(session=session, cohort_id=cohort.id)
        rows, number = [], 0
        for lecture in list_lectures(session=session, cohort_id=cohort.id):
            number += lecture.cancelled_at is None
            rows.append({
                "id": str(lecture.id),
                "number": str(number) if lecture.cancelled_at is None else "",
                "title": lecture.title,
                "speaker": lecture.speaker,
                "when_seoul": format_span(lecture.starts_at, lecture.ends_at, SEOUL_ZONE),
                "when_local": format_span(lecture.starts_at, lecture.ends_at, zone) if zone != SEOUL_ZONE else "",
                "mode": lecture.mode.value,
                "where": lecture.venue or lecture.join_url,
                "recording": lecture.recording_url,
                "cancelled": f"Cancelled: {lecture.cancel_reason}" if lecture.cancelled_at else "",
                "counts": _counts_text(counts[lecture.id]),
            })
        return {"cohorts": [c.name for c in list_cohorts(session=session)], "cohort": cohort.name,
                "title": cohort.title, "rows": rows}


def _form_of(lecture_id: int, zone: str) -> Optional[dict]:
    """The edit form of a lecture, its times in `zone`."""
    with session_scope() as session:
        lecture = session.get(Lecture, lecture_id)
        if lecture is None or lecture.cancelled_at is not None:
            return None
        start, end = local(lecture.starts_at, zone), local(lecture.ends_at, zone)
        return {"title": lecture.title, "speaker": lecture.speaker, "description": lecture.description,
                "day": start.date().isoformat(), "start_time": f"{start:%H:%M}", "end_time": f"{end:%H:%M}",
                "zone": zone, "mode": lecture.mode.value, "join_url": lecture.join_url, "venue": lecture.venue,
                "recording_url": lecture.recording_url}


def _save(caller: Caller, cohort_name: str, lecture_id: Optional[int], form: LectureForm) -> str:
    checked = check_lecture(form)
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        lecture = save_lecture(session=session, actor=session.get(User, caller.id), cohort=cohort,
                               checked=checked, lecture_id=lecture_id)
        return lecture.title


def _cancel(caller: Caller, lecture_id: int, reason: str) -> str:
    with session_scope() as session:
        return cancel_lecture(session=session, actor=session.get(User, caller.id), lecture_id=lecture_id,
                              reason=reason).title


def _reveal(caller: Caller, cohort_name: str, lecture_id: int, renew: bool) -> str:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        lecture = session.get(Lecture, lecture_id)
        if cohort is None or lecture is None or lecture.cohort_id != cohort.id:
            raise RuleViolation([])
        return reveal_checkin_code(session=session, actor=session.get(User, caller.id), lecture_id=lecture_id,
                                   renew=renew)


def _calendar(cohort_name: str) -> tuple[str, str]:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        return calendar_filename(cohort), cohort_calendar(session=session, cohort=cohort)


class LecturesAdminState(rx.State):
    zone: str = SEOUL_ZONE
    cohorts: list[str] = []
    cohort: str = ""
    cohort_title: str = ""
    rows: list[dict[str, str]] = []
    codes: dict[str, str] = {}
    message: str = ""
    # The create/edit dialog.
    editing: str = ""  # "new", a lecture id, or "" when closed
    form: dict[str, str] = EMPTY_FORM
    form_errors: dict[str, str] = {}
    # The cancel dialog.
    cancelling: str = ""
    cancel_error: str = ""

    async def _secretariat(self) -> Optional[Caller]:
        return await current_caller(self, Role.SECRETARIAT)

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        return ask_browser_zone(LecturesAdminState.show)

    @rx.event
    async def show(self, zone: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        self.zone = zone_from_browser(zone)
        await self._refresh()

    async def _refresh(self):
        data = await off_loop(_load, self.cohort, self.zone)
        self.cohorts, self.cohort, self.rows = data["cohorts"], data["cohort"], data["rows"]
        self.cohort_title = data.get("title", "")

    @rx.event
    async def choose_cohort(self, name: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if name in self.cohorts:
            self.cohort, self.codes, self.message = name, {}, ""
            await self._refresh()

    @rx.event
    async def new_lecture(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        self.form, self.form_errors, self.editing = {**EMPTY_FORM, "zone": SEOUL_ZONE, "mode": "online"}, {}, "new"

    @rx.event
    async def edit_lecture(self, lecture_id: str):
        if await self._secretariat() is None or not str(lecture_id).isdigit():
            return
        form = await off_loop(_form_of, int(lecture_id), SEOUL_ZONE)
        if form is not None:
            self.form, self.form_errors, self.editing = form, {}, str(lecture_id)

    @rx.event
    def form_open_changed(self, is_open: bool):
        if not is_open:
            self.editing, self.form_errors = "", {}

    @rx.event
    async def save(self, form_data: dict):
        caller = await self._secretariat()
        if caller is None or not self.editing:
            return
        form = LectureForm.from_form_data(form_data)
        self.form = {name: getattr(form, name) for name in EMPTY_FORM}
        lecture_id = int(self.editing) if self.editing.isdigit() else None
        try:
            title = await off_loop(_save, caller, self.cohort, lecture_id, form)
        except RuleViolation as violation:
            self.form_errors = violation.by_field()
            return
        self.message = f"Saved '{title}'."
        self.editing, self.form_errors = "", {}
        await self._refresh()

    @rx.event
    async def start_cancel(self, lecture_id: str):
        if await self._secretariat() is None or not str(lecture_id).isdigit():
            return
        self.cancelling, self.cancel_error = str(lecture_id), ""

    @rx.event
    def cancel_open_changed(self, is_open: bool):
        if not is_open:
            self.cancelling, self.cancel_error = "", ""

    @rx.event
    async def confirm_cancel(self, form_data: dict):
        caller = await self._secretariat()
        if caller is None or not self.cancelling.isdigit():
            return
        (reason,) = form_values(form_data, "reason")
        try:
            title = await off_loop(_cancel, caller, int(self.cancelling), reason)
        except RuleViolation as violation:
            self.cancel_error = str(violation)
            return
        self.message = f"Cancelled '{title}'."
        self.cancelling = ""
        await self._refresh()

    @rx.event
    async def reveal_code(self, lecture_id: str, renew: bool = False):
        caller = await self._secretariat()
        if caller is None or not str(lecture_id).isdigit():
            return
        try:
            code = await off_loop(_reveal, caller, self.cohort, int(lecture_id), bool(renew))
        except RuleViolation as violation:
            self.message = str(violation) or "There is no such lecture in this cohort."
            return
        self.codes = {**self.codes, str(lecture_id): code}

    @rx.event
    async def download_calendar(self):
        if await self._secretariat() is None or not self.cohort:
            return
        filename, text = await off_loop(_calendar, self.cohort)
        return rx.download(data=text.encode("utf-8"), filename=filename, mime_type="text/calendar")
