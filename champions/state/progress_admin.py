"""ProgressAdminState: Phase 1 progress per participant, the at-risk list, and the
reflections waiting for review; both lists export to CSV."""

from datetime import date
from typing import Optional

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.spreadsheet import to_csv
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Role, User
from champions.services.phase1.lectures import list_lectures
from champions.services.phase1.progress import at_risk, at_risk_export, attendance_report, phase1_progress
from champions.services.phase1.reflections import pending_reflections, review_reflection
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.registration.countries import COUNTRIES
from champions.state.auth import current_caller
from champions.state.identity import STALE_FORM, Caller, form_values, off_loop

_MARK = {"present": "P", "late": "L", "excused": "E", "absent": "A", "recording": "R", "missed": "–", "upcoming": "·"}


def _load(cohort_name: str) -> dict:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        if cohort is None:
            return {"cohorts": [], "cohort": "", "rows": [], "risk": [], "pending": [], "summary": ""}
        lectures = list_lectures(session=session, cohort_id=cohort.id, include_cancelled=False)
        progresses = phase1_progress(session=session, cohort=cohort)
        risky = at_risk(progresses)
        complete = sum(1 for p in progresses if p.complete)
        return {
            "cohorts": [c.name for c in list_cohorts(session=session)],
            "cohort": cohort.name,
            "summary": (f"{len(progresses)} accepted participants · {complete} completed Phase 1 · "
                        f"{len(risky)} at risk · {cohort.phase1_required} of {len(lectures)} lectures required"),
            "rows": [{"name": p.full_name, "country": COUNTRIES.get(p.country, p.country),
                      "marks": " ".join(_MARK.get(p.statuses.get(lec.id, ""), "?") for lec in lectures),
                      "summary": p.summary()} for p in progresses],
            "risk": [{"name": p.full_name, "email": p.email, "country": COUNTRIES.get(p.country, p.country),
                      "counted": f"{p.counted} of {p.required}", "why": "; ".join(p.risk_reasons())} for p in risky],
            "pending": [{"id": str(r.id), "lecture": r.lecture_title, "name": r.full_name, "text": r.text,
                         "words": str(r.words), "submitted": format_instant(r.submitted_at, SEOUL_ZONE)}
                        for r in pending_reflections(session=session, cohort_id=cohort.id)],
        }


def _review(caller: Caller, reflection_id: int, approve: bool, feedback: str) -> None:
    with session_scope() as session:
        review_reflection(session=session, actor=session.get(User, caller.id), reflection_id=reflection_id,
                          approve=approve, feedback=feedback)


def _export(cohort_name: str, which: str) -> tuple[str, str]:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        progresses = phase1_progress(session=session, cohort=cohort)
        if which == "at-risk":
            return f"at-risk-{cohort.name}.csv", to_csv(*at_risk_export(progresses))
        lectures = list_lectures(session=session, cohort_id=cohort.id)
        return f"attendance-{cohort.name}.csv", to_csv(*attendance_report(progresses, lectures))


class ProgressAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    summary: str = ""
    rows: list[dict[str, str]] = []
    risk: list[dict[str, str]] = []
    pending: list[dict[str, str]] = []
    review_errors: dict[str, str] = {}
    message: str = ""
    error: str = ""

    async def _secretariat(self) -> Optional[Caller]:
        return await current_caller(self, Role.SECRETARIAT)

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        await self._refresh()

    async def _refresh(self):
        data = await off_loop(_load, self.cohort)
        self.cohorts, self.cohort, self.summary = data["cohorts"], data["cohort"], data["summary"]
        self.rows, self.risk, self.pending = data["rows"], data["risk"], data["pending"]

    @rx.event
    async def choose_cohort(self, name: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if name in self.cohorts:
            self.cohort, self.message, self.review_errors = name, "", {}
            await self._refresh()

    @rx.event
    async def approve(self, reflection_id: str):
        await self._review(str(reflection_id), True, "")

    @rx.event
    async def return_reflection(self, form_data: dict):
        reflection_id, feedback = form_values(form_data, "reflection_id", "feedback")
        await self._review(reflection_id, False, feedback)

    async def _review(self, reflection_id: str, approve: bool, feedback: str):
        caller = await self._secretariat()
        if caller is None:
            return
        self.error = "" if reflection_id.isdigit() else STALE_FORM
        if self.error:
            return
        try:
            await off_loop(_review, caller, int(reflection_id), approve, feedback)
        except RuleViolation as violation:
            self.review_errors = {reflection_id: str(violation)}
            return
        self.review_errors = {}
        self.message = ("Reflection approved: the lecture now counts." if approve
                        else "Reflection returned to the participant.")
        await self._refresh()

    @rx.event
    async def export(self, which: str):
        if await self._secretariat() is None or not self.cohort or which not in ("at-risk", "attendance"):
            return
        filename, text = await off_loop(_export, self.cohort, which)
        return rx.download(data=text.encode("utf-8"), filename=filename, mime_type="text/csv")
