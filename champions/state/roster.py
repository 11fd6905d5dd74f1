"""RosterState: one lecture's (or workshop session's) attendance for all accepted
participants, marked in one screen."""

from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.translations import N_, ngettext
from champions.models import AttendanceStatus, Role, User
from champions.services.phase1.attendance import LECTURE, WORKSHOP, mark_all_present, record_attendance
from champions.services.phase1.views import RosterLine, roster_page
from champions.services.views import Choice
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, off_loop
from champions.state.language import page_language

STATUSES = [status.value for status in AttendanceStatus]


def _event(choice: str):
    """(event id, occasion) of a roster choice: a lecture's id, or "w" and a workshop's id."""
    if choice.startswith("w"):
        return int(choice[1:]), WORKSHOP
    return int(choice), LECTURE


def _mark(caller: Caller, choice: str, user_id: int, status: str) -> str:
    event_id, occasion = _event(choice)
    with session_scope() as session:
        outcome = record_attendance(
            session=session,
            actor=session.get(User, caller.id),
            lecture_id=event_id,
            marks={user_id: AttendanceStatus(status)},
            occasion=occasion,
        )
        return outcome.refused[0][1].text(caller.language) if outcome.refused else ""


def _mark_all(caller: Caller, choice: str) -> tuple[int, str]:
    event_id, occasion = _event(choice)
    with session_scope() as session:
        outcome = mark_all_present(
            session=session, actor=session.get(User, caller.id), lecture_id=event_id, occasion=occasion
        )
        return len(outcome.changed), outcome.refused[0][1].text(caller.language) if outcome.refused else ""


class RosterState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    lectures: list[Choice] = []
    lecture: str = ""
    counts: dict[str, int] = {}
    rows: list[RosterLine] = []
    message: str = ""
    error: str = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        asked = self.router.url.query_parameters.get("lecture", "")
        workshop = self.router.url.query_parameters.get("workshop", "")
        self.message, self.error = "", ""
        if workshop.isdigit():
            await self._refresh("w" + workshop)
        else:
            await self._refresh(asked if asked.isdigit() else self.lecture)

    async def _refresh(self, choice: str):
        """Show the roster of a choice: a lecture's id or "w" and a workshop's id ("": the default)."""
        workshop = choice.startswith("w") and choice[1:].isdigit()
        page = await call_service(
            roster_page,
            cohort_name=self.cohort,
            lecture_id=int(choice) if choice.isdigit() else None,
            workshop_id=int(choice[1:]) if workshop else None,
            today=date.today(),
            language=await page_language(self),
        )
        self.cohorts, self.cohort, self.lectures = page.cohorts, page.cohort, page.lectures
        self.lecture, self.counts, self.rows = page.lecture, page.counts, page.lines

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.message, self.error = name, "", ""
            await self._refresh("")

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_lecture(self, caller: Caller, lecture_id: str):
        if any(lec.id == lecture_id for lec in self.lectures):
            self.message, self.error = "", ""
            await self._refresh(lecture_id)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def set_status(self, caller: Caller, user_id: str, status: str):
        if not self.lecture or not str(user_id).isdigit() or status not in STATUSES:
            return
        self.error = await off_loop(_mark, caller, self.lecture, int(user_id), status)
        self.message = "" if self.error else N_("Saved.")
        await self._refresh(self.lecture)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def mark_all_present(self, caller: Caller):
        if not self.lecture:
            return
        changed, self.error = await off_loop(_mark_all, caller, self.lecture)
        self.message = (
            ""
            if self.error
            else ngettext(
                caller.language,
                "Marked {count} participant present.",
                "Marked {count} participants present.",
                changed,
            )
        )
        await self._refresh(self.lecture)
