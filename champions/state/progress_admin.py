"""ProgressAdminState: Phase 1 progress per participant, the at-risk list, and the
reflections waiting for review; both lists export to CSV."""

from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_
from champions.models import Role, User
from champions.services.phase1.reflections import review_reflection
from champions.services.phase1.views import (
    PendingLine,
    ProgressLine,
    RiskLine,
    progress_export,
    progress_page,
)
from champions.state.guard import for_role
from champions.state.identity import STALE_FORM, Caller, call_service, form_values, off_loop
from champions.state.language import page_language


def _review(caller: Caller, reflection_id: int, approve: bool, feedback: str) -> None:
    with session_scope() as session:
        review_reflection(
            session=session,
            actor=session.get(User, caller.id),
            reflection_id=reflection_id,
            approve=approve,
            feedback=feedback,
        )


class ProgressAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    summary: str = ""
    rows: list[ProgressLine] = []
    risk: list[RiskLine] = []
    pending: list[PendingLine] = []
    review_errors: dict[str, str] = {}
    message: str = ""
    error: str = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        await self._refresh()

    async def _refresh(self):
        page = await call_service(
            progress_page, cohort_name=self.cohort, today=date.today(), language=await page_language(self)
        )
        self.cohorts, self.cohort, self.summary = page.cohorts, page.cohort, page.summary
        self.rows, self.risk, self.pending = page.lines, page.risk, page.pending

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.message, self.review_errors = name, "", {}
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def approve(self, caller: Caller, reflection_id: str):
        await self._review(caller, str(reflection_id), True, "")

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def return_reflection(self, caller: Caller, form_data: dict):
        reflection_id, feedback = form_values(form_data, "reflection_id", "feedback")
        await self._review(caller, reflection_id, False, feedback)

    async def _review(self, caller: Caller, reflection_id: str, approve: bool, feedback: str):
        self.error = "" if reflection_id.isdigit() else STALE_FORM
        if self.error:
            return
        try:
            await off_loop(_review, caller, int(reflection_id), approve, feedback)
        except RuleViolation as violation:
            self.review_errors = {reflection_id: violation.text(caller.language)}
            return
        self.review_errors = {}
        self.message = (
            N_("Reflection approved: the lecture now counts.")
            if approve
            else N_("Reflection returned to the participant.")
        )
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def export(self, caller: Caller, which: str):
        if not self.cohort or which not in ("at-risk", "attendance"):
            return
        made = await call_service(
            progress_export,
            cohort_name=self.cohort,
            which=which,
            today=date.today(),
            language=caller.language,
        )
        if made is None:
            return
        filename, text = made
        return rx.download(data=text.encode("utf-8"), filename=filename, mime_type="text/csv")
