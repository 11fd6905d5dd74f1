"""ScheduleState: an accepted participant's lectures, check-in, reflections and progress."""

from datetime import datetime
from typing import Optional

import reflex as rx
from sqlmodel import select

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant, format_span
from champions.models import Cohort, Lecture, Reflection, Role, User
from champions.models._time import utcnow
from champions.services.phase1.attendance import check_in, checkin_is_open
from champions.services.phase1.calendar import calendar_filename, cohort_calendar
from champions.services.phase1.lectures import (
    join_link_visible,
    list_lectures,
    list_workshops,
    next_lecture,
    recording_visible,
)
from champions.services.phase1.progress import MISSED, RECORDING, Progress, progress_of
from champions.services.phase1.reflections import (
    reflection_deadline,
    reflection_refusal,
    submit_reflection,
)
from champions.services.registration.applications import accepted_cohort, application_of
from champions.services.registration.eligibility import format_day
from champions.state.auth import current_caller
from champions.state.identity import STALE_FORM, Caller, form_values, off_loop
from champions.state.viewer import ask_browser_zone, zone_from_browser

STATUS_LABELS = {
    "present": "Present", "late": "Late (counts)", "excused": "Excused (does not count)",
    "absent": "Absent", RECORDING: "Counted by recording", MISSED: "Missed", "upcoming": "Upcoming",
}


def _accepted_cohort(session, user_id: int) -> tuple[Optional[Cohort], str]:
    """The cohort the participant is accepted to, or a notice saying why there is none."""
    cohort = accepted_cohort(session=session, user_id=user_id)
    if cohort is not None:
        return cohort, ""
    application = application_of(session=session, user_id=user_id)
    if application is None:
        return None, "The lecture schedule is for accepted participants. You have not applied yet."
    return None, (f"The lecture schedule is for accepted participants; your application is "
                  f"{application.status.value}.")


def _possible(progress: Progress, cohort: Cohort, titles: dict[int, str], deadlines: dict[int, datetime],
              zone: str) -> list[str]:
    """What the participant can still do, in plain sentences."""
    if progress.complete:
        return [f"Phase 1 complete: you can join a Phase 2 team (Phase 2 starts {format_day(cohort.phase2_start)})."]
    lines = []
    if progress.upcoming:
        lines.append(f"{progress.upcoming} lecture{'s' if progress.upcoming != 1 else ''} still to come.")
    for lecture_id in progress.recoverable:
        lines.append(f"'{titles[lecture_id]}' can still count through a reflection on its recording "
                     f"(due {format_instant(deadlines[lecture_id], zone)}).")
    if not progress.can_still_complete:
        lines.append(f"With what is left you cannot reach {progress.required} lectures; please talk to the "
                     "secretariat.")
    return lines


def _lecture_row(lecture: Lecture, number: int, progress: Progress, reflection: Optional[Reflection],
                 refusal: str, now: datetime, zone: str, next_id: Optional[int]) -> dict[str, str]:
    status = progress.statuses.get(lecture.id, "") if lecture.cancelled_at is None else ""
    reflection_state = ""
    if reflection is not None and status != RECORDING:
        reflection_state = {"submitted": "Reflection submitted: waiting for the secretariat's review.",
                            "returned": f"Reflection returned: {reflection.feedback}",
                            "approved": "Reflection approved."}[reflection.status.value]
    missed = status in (MISSED, "absent", "excused")
    return {
        "id": str(lecture.id),
        "number": str(number) if number else "",
        "title": lecture.title,
        "speaker": lecture.speaker,
        "description": lecture.description,
        "when_local": format_span(lecture.starts_at, lecture.ends_at, zone),
        "when_seoul": format_span(lecture.starts_at, lecture.ends_at, SEOUL_ZONE) if zone != SEOUL_ZONE else "",
        "mode": lecture.mode.value,
        "venue": lecture.venue,
        "join_url": lecture.join_url if join_link_visible(lecture, now) else "",
        "recording_url": lecture.recording_url if recording_visible(lecture, now) else "",
        "status": STATUS_LABELS.get(status, ""),
        "cancelled": f"Cancelled: {lecture.cancel_reason}" if lecture.cancelled_at else "",
        "is_next": "yes" if lecture.id == next_id else "",
        "can_check_in": "yes" if checkin_is_open(lecture, now) and status not in ("present", "late") else "",
        "can_reflect": "yes" if missed and not refusal else "",
        "reflection_note": refusal if missed and refusal and lecture.ends_at <= now else "",
        "reflection_state": reflection_state,
        "reflection_due": format_instant(reflection_deadline(lecture), zone),
        "reflection_text": reflection.text if reflection is not None and reflection.status.value == "returned" else "",
    }


def _load(caller: Caller, zone: str) -> dict:
    now = utcnow()
    with session_scope() as session:
        cohort, notice = _accepted_cohort(session, caller.id)
        if cohort is None:
            return {"notice": notice}
        lectures = list_lectures(session=session, cohort_id=cohort.id)
        progress = progress_of(session=session, cohort=cohort, user_id=caller.id, now=now)
        reflections = {r.lecture_id: r for r in session.exec(
            select(Reflection).where(Reflection.user_id == caller.id,
                                     Reflection.lecture_id.in_([lec.id for lec in lectures])))}
        upcoming = next_lecture(lectures, now)
        active = [lec for lec in lectures if lec.cancelled_at is None]
        rows = []
        for lecture in lectures:
            refusal = ""
            if lecture.cancelled_at is None and lecture.ends_at <= now and \
                    progress.statuses.get(lecture.id) in (MISSED, "absent", "excused"):
                reason = reflection_refusal(session=session, cohort=cohort, lecture=lecture, user_id=caller.id, now=now)
                refusal = reason.message if reason else ""
            number = active.index(lecture) + 1 if lecture in active else 0
            rows.append(_lecture_row(lecture, number, progress, reflections.get(lecture.id), refusal, now, zone,
                                     upcoming.id if upcoming else None))
        workshops = [{
            "title": f"Workshop {w.position}: {w.title}",
            "opens": format_instant(w.opens_at, zone), "deadline": format_instant(w.deadline, zone),
            "deadline_seoul": format_instant(w.deadline, SEOUL_ZONE) if zone != SEOUL_ZONE else "",
        } for w in list_workshops(session=session, cohort_id=cohort.id)]
        return {
            "notice": "", "cohort": cohort.title, "summary": progress.summary(), "complete": progress.complete,
            "counted": progress.counted, "required": progress.required, "total": progress.total,
            "possible": _possible(progress, cohort, {lec.id: lec.title for lec in lectures},
                                  {lec.id: reflection_deadline(lec) for lec in lectures}, zone),
            "lectures": rows, "workshops": workshops,
            "next": f"{upcoming.title} · {format_span(upcoming.starts_at, upcoming.ends_at, zone)}" if upcoming else "",
        }


def _check_in(caller: Caller, lecture_id: int, code: str) -> tuple[bool, str]:
    with session_scope() as session:
        outcome = check_in(session=session, user=session.get(User, caller.id), lecture_id=lecture_id, code=code)
        if outcome.ok:
            word = "late (it counts)" if outcome.status.value == "late" else "present"
            return True, f"Checked in: you are marked {word}."
        return False, outcome.reason.message


def _reflect(caller: Caller, lecture_id: int, text: str) -> None:
    with session_scope() as session:
        submit_reflection(session=session, user=session.get(User, caller.id), lecture_id=lecture_id, text=text)


def _calendar(caller: Caller) -> Optional[tuple[str, str]]:
    with session_scope() as session:
        cohort, _ = _accepted_cohort(session, caller.id)
        if cohort is None:
            return None
        return calendar_filename(cohort), cohort_calendar(session=session, cohort=cohort)


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
    next_up: str = ""
    lectures: list[dict[str, str]] = []
    workshops: list[dict[str, str]] = []
    checkin_errors: dict[str, str] = {}
    reflection_errors: dict[str, str] = {}
    message: str = ""
    error: str = ""

    @rx.event
    async def load(self):
        if await current_caller(self, Role.PARTICIPANT) is None:
            return rx.redirect("/login")
        return ask_browser_zone(ScheduleState.show)

    @rx.event
    async def show(self, zone: str):
        """Callback with the browser's time zone: load the schedule shown in it."""
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        self.zone = zone_from_browser(zone)
        await self._refresh(caller)

    async def _refresh(self, caller: Caller):
        data = await off_loop(_load, caller, self.zone)
        self.notice = data["notice"]
        self.loaded = True
        if self.notice:
            self.lectures, self.workshops = [], []
            return
        self.cohort, self.summary, self.complete = data["cohort"], data["summary"], data["complete"]
        self.counted, self.required, self.total = data["counted"], data["required"], data["total"]
        self.possible, self.lectures, self.workshops = data["possible"], data["lectures"], data["workshops"]
        self.next_up = data["next"]

    @rx.event
    async def check_in(self, form_data: dict):
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        lecture_id, code = form_values(form_data, "lecture_id", "code")
        self.error = "" if lecture_id.isdigit() else STALE_FORM
        if self.error:
            return
        ok, text = await off_loop(_check_in, caller, int(lecture_id), code)
        self.checkin_errors = {} if ok else {lecture_id: text}
        self.message = text if ok else ""
        await self._refresh(caller)

    @rx.event
    async def submit_reflection(self, form_data: dict):
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        lecture_id, text = form_values(form_data, "lecture_id", "text")
        self.error = "" if lecture_id.isdigit() else STALE_FORM
        if self.error:
            return
        try:
            await off_loop(_reflect, caller, int(lecture_id), text)
        except RuleViolation as violation:
            self.reflection_errors = {lecture_id: str(violation)}
            return
        self.reflection_errors = {}
        self.message = "Reflection submitted: the secretariat will review it."
        await self._refresh(caller)

    @rx.event
    async def download_calendar(self):
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        found = await off_loop(_calendar, caller)
        if found:
            return rx.download(data=found[1].encode("utf-8"), filename=found[0], mime_type="text/calendar")

