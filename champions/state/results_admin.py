"""ResultsAdminState: the secretariat's view of judging results: the ranking with each step's
figures, disagreement per submission, mentors' progress and leniency, agreement per round."""

from datetime import date

import reflex as rx

from champions.models import Role
from champions.services.results.ranking import METHOD
from champions.services.results.views import ranking_csv, results_page
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service
from champions.state.language import page_language


class ResultsAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    ranking_columns: list[str] = []
    ranking: list[list[str]] = []
    spreads: list[list[str]] = []
    mentors: list[list[str]] = []
    agreement: list[str] = []
    settings: str = ""
    method: str = METHOD

    async def _refresh(self):
        page = await call_service(
            results_page, cohort_name=self.cohort, today=date.today(), language=await page_language(self)
        )
        self.cohorts, self.cohort = page.cohorts, page.cohort
        if page.cohort:  # without cohorts the figures stay as they were
            self.ranking_columns, self.ranking = page.ranking_columns, page.ranking
            self.spreads = page.spreads
            self.mentors, self.agreement, self.settings = page.mentors, page.agreement, page.settings

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort = name
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def download(self, caller: Caller):
        if not self.cohort:
            return
        made = await call_service(
            ranking_csv, cohort_name=self.cohort, today=date.today(), language=caller.language
        )
        if made is not None:
            return rx.download(data=made.text, filename=made.filename)
