"""RosterState: one lecture's attendance for all accepted participants, marked in one screen."""

from datetime import date
from typing import Optional

import reflex as rx

from champions.models import AttendanceStatus, Cohort, Lecture, Role, User
from champions.models._time import utcnow
from champions.services.attendance import lecture_counts, mark_all_present, record_attendance, roster
from champions.services.cohorts import cohort_or_current, list_cohorts
from champions.services.countries import COUNTRIES
from champions.services.db import session_scope
from champions.services.lectures import list_lectures
from champions.services.timezones import SEOUL_ZONE, format_span
from champions.state.auth import current_caller
from champions.state.identity import Caller, off_loop

STATUSES = [status.value for status in AttendanceStatus]


def _default_lecture(lectures: list[Lecture]) -> Optional[Lecture]:
    """The lecture being held, else the last one started, else the first."""
    now = utcnow()
    started = [lec for lec in lectures if lec.starts_at <= now]
    return (started or lectures or [None])[-1 if started else 0]


def _load(cohort_name: str, lecture_id: Optional[int]) -> dict:
    with session_scope() as session:
        asked = session.get(Lecture, lecture_id) if lecture_id else None
        cohort = (session.get(Cohort, asked.cohort_id) if asked else
                  cohort_or_current(session=session, name=cohort_name, today=date.today()))
        if cohort is None:
            return {"cohorts": [], "cohort": "", "lectures": [], "lecture": "", "rows": [], "counts": {}}
        lectures = list_lectures(session=session, cohort_id=cohort.id, include_cancelled=False)
        lecture = asked if asked in lectures else _default_lecture(lectures)
        rows = roster(session=session, lecture=lecture) if lecture else []
        return {
            "cohorts": [c.name for c in list_cohorts(session=session)],
            "cohort": cohort.name,
            "lectures": [{"id": str(lec.id), "label": f"{i}. {lec.title} — "
                          f"{format_span(lec.starts_at, lec.ends_at, SEOUL_ZONE)}"}
                         for i, lec in enumerate(lectures, 1)],
            "lecture": str(lecture.id) if lecture else "",
            "counts": lecture_counts(session=session, cohort_id=cohort.id).get(lecture.id, {}) if lecture else {},
            "rows": [{"user_id": str(r.user_id), "name": r.full_name, "country": COUNTRIES.get(r.country, r.country),
                      "status": r.status, "source": "self check-in" if r.source == "check_in" else r.source}
                     for r in rows],
        }


def _mark(caller: Caller, lecture_id: int, user_id: int, status: str) -> str:
    with session_scope() as session:
        outcome = record_attendance(session=session, actor=session.get(User, caller.id), lecture_id=lecture_id,
                                    marks={user_id: AttendanceStatus(status)})
        return outcome.refused[0][1].message if outcome.refused else ""


def _mark_all(caller: Caller, lecture_id: int) -> tuple[int, str]:
    with session_scope() as session:
        outcome = mark_all_present(session=session, actor=session.get(User, caller.id), lecture_id=lecture_id)
        return len(outcome.changed), outcome.refused[0][1].message if outcome.refused else ""


class RosterState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    lectures: list[dict[str, str]] = []
    lecture: str = ""
    counts: dict[str, int] = {}
    rows: list[dict[str, str]] = []
    message: str = ""
    error: str = ""

    async def _secretariat(self) -> Optional[Caller]:
        return await current_caller(self, Role.SECRETARIAT)

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        asked = self.router.url.query_parameters.get("lecture", "")
        self.message, self.error = "", ""
        await self._refresh(int(asked) if asked.isdigit() else (int(self.lecture) if self.lecture else None))

    async def _refresh(self, lecture_id: Optional[int]):
        data = await off_loop(_load, self.cohort, lecture_id)
        self.cohorts, self.cohort, self.lectures = data["cohorts"], data["cohort"], data["lectures"]
        self.lecture, self.counts, self.rows = data["lecture"], data["counts"], data["rows"]

    @rx.event
    async def choose_cohort(self, name: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if name in self.cohorts:
            self.cohort, self.message, self.error = name, "", ""
            await self._refresh(None)

    @rx.event
    async def choose_lecture(self, lecture_id: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if any(lec["id"] == lecture_id for lec in self.lectures):
            self.message, self.error = "", ""
            await self._refresh(int(lecture_id))

    @rx.event
    async def set_status(self, user_id: str, status: str):
        caller = await self._secretariat()
        if caller is None or not self.lecture or not str(user_id).isdigit() or status not in STATUSES:
            return
        self.error = await off_loop(_mark, caller, int(self.lecture), int(user_id), status)
        self.message = "" if self.error else "Saved."
        await self._refresh(int(self.lecture))

    @rx.event
    async def mark_all_present(self):
        caller = await self._secretariat()
        if caller is None or not self.lecture:
            return
        changed, self.error = await off_loop(_mark_all, caller, int(self.lecture))
        self.message = "" if self.error else f"Marked {changed} participant{'s' if changed != 1 else ''} present."
        await self._refresh(int(self.lecture))
