"""MyApplicationState: the applicant's own application, status and next dates."""

import json
from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.models import Cohort, Role, User
from champions.services.registration.applications import application_of, withdraw_application
from champions.services.registration.countries import COUNTRIES
from champions.services.registration.eligibility import format_day
from champions.state.auth import current_caller
from champions.state.identity import Caller, off_loop

STATUS_TEXT = {
    "submitted": "Submitted: the secretariat will review it.",
    "accepted": "Accepted: welcome to the program!",
    "waitlisted": "Waitlisted: you will hear from us if a place opens.",
    "rejected": "Not accepted this time.",
    "withdrawn": "Withdrawn at your request.",
}


def _load(caller: Caller) -> dict:
    with session_scope() as session:
        application = application_of(session=session, user_id=caller.id)
        if application is None:
            return {}
        cohort = session.get(Cohort, application.cohort_id)
        snapshot = json.loads(application.eligibility_snapshot or "{}")
        today = date.today()
        milestones = [
            ("Registration closes", cohort.registration_closes),
            ("Phase 1 (six lectures) starts", cohort.phase1_start),
            ("Phase 1 ends", cohort.phase1_end),
            ("Phase 2 (workshops and teams) starts", cohort.phase2_start),
            ("Phase 2 ends", cohort.phase2_end),
            ("Year-end ceremony in Seoul", cohort.ceremony_date),
        ]
        return {
            "id": application.id,
            "cohort": cohort.title,
            "status": application.status.value,
            "status_text": STATUS_TEXT[application.status.value],
            "submitted": application.submitted_at.strftime("%Y-%m-%d %H:%M UTC"),
            "country": COUNTRIES.get(application.country, application.country),
            "city": application.city,
            "affiliation": application.affiliation,
            "age": snapshot.get("age", ""),
            "reference": format_day(cohort.reference_date),
            "upcoming": [
                {"what": what, "when": format_day(day)} for what, day in milestones if day >= today
            ],
        }


def _withdraw(caller: Caller, application_id: int) -> None:
    with session_scope() as session:
        withdraw_application(session=session, user=session.get(User, caller.id), application_id=application_id)


class MyApplicationState(rx.State):
    loaded: bool = False  # until then the page says it is loading, not "no application yet"
    found: bool = False
    application_id: int = 0
    cohort: str = ""
    status: str = ""
    status_text: str = ""
    submitted: str = ""
    country: str = ""
    city: str = ""
    affiliation: str = ""
    age_line: str = ""
    upcoming: list[dict[str, str]] = []
    message: str = ""

    @rx.event
    async def load(self):
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        data = await off_loop(_load, caller)
        self.loaded, self.found = True, bool(data)
        if not data:
            return
        self.application_id = data["id"]
        self.cohort, self.status, self.status_text = data["cohort"], data["status"], data["status_text"]
        self.submitted, self.country, self.city = data["submitted"], data["country"], data["city"]
        self.affiliation = data["affiliation"]
        self.age_line = f"You will be {data['age']} on {data['reference']}, the program's reference date."
        self.upcoming = data["upcoming"]

    @rx.event
    async def withdraw(self):
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        try:
            await off_loop(_withdraw, caller, self.application_id)
        except RuleViolation as violation:
            self.message = str(violation)
            return
        self.message = "Your application was withdrawn."
        return MyApplicationState.load
