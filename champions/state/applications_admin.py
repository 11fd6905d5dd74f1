"""ApplicationsAdminState: the secretariat's application review (filters, decisions, CSV)."""

from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.translations import N_, gettext
from champions.models import ApplicationStatus, Role, User
from champions.services.registration import applications as svc
from champions.services.registration.cohorts import cohort_or_current
from champions.services.registration.countries import code_of_choice, is_country_code
from champions.services.registration.views import (
    ELIGIBILITY_FILTERS,
    REGION_FILTERS,
    STATUS_FILTERS,
    ApplicationDetail,
    ApplicationLine,
    application_detail,
    applications_csv,
    applications_page,
)
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, off_loop

PAGE_SIZE = 200
DECISIONS = [status.value for status in svc.DECISIONS]
_MARKED = {
    "accepted": N_("{count} application(s) marked accepted."),
    "waitlisted": N_("{count} application(s) marked waitlisted."),
    "rejected": N_("{count} application(s) marked rejected."),
}


def _decide(caller: Caller, cohort_name: str, ids: list[int], decision: str) -> svc.DecisionOutcome:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        actor = session.get(User, caller.id)
        return svc.decide_applications(
            session=session,
            actor=actor,
            cohort_id=cohort.id,
            application_ids=ids,
            decision=ApplicationStatus(decision),
        )


class ApplicationsAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    capacity: int = 0
    counts: dict[str, int] = {}
    total: int = 0
    rows: list[ApplicationLine] = []
    selected: list[str] = []
    filters: dict[str, str] = {
        "status": "all",
        "region": "all",
        "eligible": "all",
        "country": "",
        "search": "",
    }
    detail: ApplicationDetail = ApplicationDetail()
    message: str = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        await self._refresh()

    async def _refresh(self):
        page = await call_service(
            applications_page,
            cohort_name=self.cohort,
            filters=dict(self.filters),
            today=date.today(),
            limit=PAGE_SIZE,
        )
        self.cohorts, self.cohort, self.capacity = page.cohorts, page.cohort, page.capacity
        self.counts, self.total, self.rows = page.counts, page.total, page.lines
        visible = {row.id for row in self.rows}
        self.selected = [i for i in self.selected if i in visible]

    async def _open(self, application_id: int):
        self.detail = await call_service(
            application_detail, cohort_name=self.cohort, application_id=application_id, today=date.today()
        )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def set_filter(self, caller: Caller, key: str, value: str):
        allowed = {"status": STATUS_FILTERS, "region": REGION_FILTERS, "eligible": ELIGIBILITY_FILTERS}
        if key in allowed and value not in allowed[key]:
            return
        if key == "country":
            value = code_of_choice(value).upper()
            value = value if is_country_code(value) else ""
        if key not in self.filters or not isinstance(value, str):
            return
        self.filters = {**self.filters, key: value[:100]}
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.selected, self.detail = name, [], ApplicationDetail()
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def toggle(self, caller: Caller, application_id: str, checked: bool):
        rest = [i for i in self.selected if i != application_id]
        self.selected = rest + [application_id] if checked else rest

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def select_all(self, caller: Caller, checked: bool):
        self.selected = [row.id for row in self.rows] if checked else []

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def decide_selected(self, caller: Caller, decision: str):
        await self._decide(caller, [int(i) for i in self.selected if str(i).isdigit()], decision)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def decide_one(self, caller: Caller, application_id: str, decision: str):
        if str(application_id).isdigit():
            await self._decide(caller, [int(application_id)], decision)

    async def _decide(self, caller: Caller, ids: list[int], decision: str):
        if decision not in DECISIONS or not ids:
            self.message = N_("Choose applications and a decision.")
            return
        outcome = await off_loop(_decide, caller, self.cohort, ids, decision)
        parts = [gettext(caller.language, _MARKED[decision], count=len(outcome.changed))]
        if outcome.refused:
            reasons = " ".join(sorted({reason.text(caller.language) for _, reason in outcome.refused}))
            parts.append(
                gettext(
                    caller.language,
                    "{count} not changed: {reasons}",
                    count=len(outcome.refused),
                    reasons=reasons,
                )
            )
        self.message = " ".join(parts)
        self.selected = []
        await self._refresh()
        if self.detail.id:
            await self._open(int(self.detail.id))

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def open_detail(self, caller: Caller, application_id: str):
        if str(application_id).isdigit():
            await self._open(int(application_id))

    @rx.event
    def dialog_open_changed(self, is_open: bool):
        if not is_open:
            self.detail = ApplicationDetail()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def export_csv(self, caller: Caller):
        if not self.cohort:
            return
        made = await call_service(
            applications_csv,
            cohort_name=self.cohort,
            filters=dict(self.filters),
            today=date.today(),
            language=caller.language,
        )
        if made is None:
            return
        filename, data = made
        return rx.download(data=data.encode("utf-8"), filename=filename, mime_type="text/csv")
