"""ScheduleState: an accepted participant's lectures, check-in, reflections and progress."""

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE
from champions.infra.translations import N_
from champions.models import Role, User
from champions.models._time import utcnow
from champions.services.phase1.attendance import LECTURE, WORKSHOP, check_in
from champions.services.phase1.reflections import submit_reflection
from champions.services.phase1.views import (
    PossibleLine,
    ScheduleLecture,
    ScheduleWorkshop,
    participant_calendar_file,
    schedule_page,
)
from champions.state.guard import for_role
from champions.state.identity import STALE_FORM, Caller, call_service, form_values, off_loop
from champions.state.language import page_language
from champions.state.viewer import ask_browser_zone, zone_from_browser


def _check_in(caller: Caller, lecture_id: int, code: str, workshop: bool) -> tuple[bool, str]:
    with session_scope() as session:
        outcome = check_in(
            session=session,
            user=session.get(User, caller.id),
            lecture_id=lecture_id,
            code=code,
            occasion=WORKSHOP if workshop else LECTURE,
        )
        if outcome.ok:
            if outcome.status.value == "late":
                return True, N_("Checked in: you are marked late (it counts).")
            return True, N_("Checked in: you are marked present.")
        return False, outcome.reason.text(caller.language)


def _reflect(caller: Caller, lecture_id: int, text: str) -> None:
    with session_scope() as session:
        submit_reflection(
            session=session, user=session.get(User, caller.id), lecture_id=lecture_id, text=text
        )


class ScheduleState(rx.State):
    loaded: bool = False
    zone: str = SEOUL_ZONE
    notice: str = ""
    cohort: str = ""
    summary: str = ""
    complete: bool = False
    counted: int = 0
    required: int = 0
    total: int = 0
    possible: list[str] = []
    possible_lines: list[PossibleLine] = []
    by_recording: int = 0
    needed: int = 0
    notice_status: str = ""
    next_up: str = ""
    lectures: list[ScheduleLecture] = []
    workshops: list[ScheduleWorkshop] = []
    checkin_errors: dict[str, str] = {}
    reflection_errors: dict[str, str] = {}
    message: str = ""
    error: str = ""

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def load(self, caller: Caller):
        return ask_browser_zone(ScheduleState.show)

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def show(self, caller: Caller, zone: str):
        """Callback with the browser's time zone: load the schedule shown in it."""
        self.zone = zone_from_browser(zone)
        await self._refresh(caller)

    async def _refresh(self, caller: Caller):
        page = await call_service(
            schedule_page,
            user_id=caller.id,
            zone=self.zone,
            now=utcnow(),
            language=await page_language(self, caller),
        )
        self.notice, self.notice_status = page.notice, page.notice_status
        self.loaded = True
        if self.notice:
            self.lectures, self.workshops = [], []
            return
        self.cohort, self.summary, self.complete = page.cohort, page.summary, page.complete
        self.counted, self.required, self.total = page.counted, page.required, page.total
        self.possible, self.lectures, self.workshops = page.possible, page.lectures, page.workshops
        self.possible_lines, self.by_recording, self.needed = (
            page.possible_lines,
            page.by_recording,
            page.needed,
        )
        self.next_up = page.next_up

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def check_in(self, caller: Caller, form_data: dict):
        # The same form checks in to a lecture or (kind "workshop") to a workshop session.
        lecture_id, code, kind = form_values(form_data, "lecture_id", "code", "kind")
        self.error = "" if lecture_id.isdigit() else STALE_FORM
        if self.error:
            return
        workshop = kind == "workshop"
        ok, text = await off_loop(_check_in, caller, int(lecture_id), code, workshop)
        self.checkin_errors = {} if ok else {("w" if workshop else "") + lecture_id: text}
        self.message = text if ok else ""
        await self._refresh(caller)

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def submit_reflection(self, caller: Caller, form_data: dict):
        lecture_id, text = form_values(form_data, "lecture_id", "text")
        self.error = "" if lecture_id.isdigit() else STALE_FORM
        if self.error:
            return
        try:
            await off_loop(_reflect, caller, int(lecture_id), text)
        except RuleViolation as violation:
            self.reflection_errors = {lecture_id: violation.text(caller.language)}
            return
        self.reflection_errors = {}
        self.message = N_("Reflection submitted: the secretariat will review it.")
        await self._refresh(caller)

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def download_calendar(self, caller: Caller):
        found = await call_service(participant_calendar_file, user_id=caller.id, language=caller.language)
        if found:
            return rx.download(data=found[1].encode("utf-8"), filename=found[0], mime_type="text/calendar")
