"""LandingState: public facts about the current cohort for the landing page."""

from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.services.registration.cohorts import current_cohort, open_cohort
from champions.services.registration.eligibility import format_day
from champions.state.identity import off_loop


def _public_cohort() -> dict:
    with session_scope() as session:
        today = date.today()
        cohort = current_cohort(session=session, today=today)
        if cohort is None:
            return {}
        is_open = open_cohort(session=session, today=today) is not None
        return {
            "title": cohort.title,
            "open": "yes" if is_open else "",
            "registration": f"{format_day(cohort.registration_opens)} – {format_day(cohort.registration_closes)}",
            "phase1": f"{format_day(cohort.phase1_start)} – {format_day(cohort.phase1_end)}",
            "phase2": f"{format_day(cohort.phase2_start)} – {format_day(cohort.phase2_end)}",
            "ceremony": format_day(cohort.ceremony_date),
            "max_age": str(cohort.max_age_exclusive),
            "reference": format_day(cohort.reference_date),
        }


class LandingState(rx.State):
    cohort: dict[str, str] = {}

    @rx.event
    async def load(self):
        self.cohort = await off_loop(_public_cohort)
