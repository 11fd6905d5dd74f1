"""LandingState: public facts about the current cohort for the landing page."""

from datetime import date

import reflex as rx

from champions.services.registration.views import CohortFacts, current_cohort_facts
from champions.state.identity import call_service
from champions.state.language import page_language


class LandingState(rx.State):
    cohort: CohortFacts = CohortFacts()

    @rx.event
    async def load(self):
        self.cohort = await call_service(
            current_cohort_facts, today=date.today(), language=await page_language(self)
        )
