"""WorkshopsAdminState: the secretariat edits the cohort's four workshops."""

from datetime import date
from typing import Optional

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant, local
from champions.models import Role, User, Workshop
from champions.services.phase1.lectures import list_workshops
from champions.services.phase2.workshops import WorkshopForm, brief_markdown, check_workshop, save_workshop
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.state.auth import current_caller
from champions.state.identity import Caller, off_loop
from champions.state.viewer import ask_browser_zone, zone_from_browser

EMPTY = {name: "" for name in WorkshopForm.__dataclass_fields__}


def _load(cohort_name: str, zone: str) -> dict:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        if cohort is None:
            return {"cohorts": [], "cohort": "", "rows": []}
        workshops = list_workshops(session=session, cohort_id=cohort.id)
        judged_weight = sum(w.weight for w in workshops if w.judged) or 1.0
        return {"cohorts": [c.name for c in list_cohorts(session=session)], "cohort": cohort.name, "rows": [{
            "id": str(w.id), "title": f"Workshop {w.position}: {w.title}", "brief": brief_markdown(w.brief),
            "opens": format_instant(w.opens_at, SEOUL_ZONE), "deadline": format_instant(w.deadline, SEOUL_ZONE),
            "deadline_local": format_instant(w.deadline, zone) if zone != SEOUL_ZONE else "",
            "deadline_iso": w.deadline.isoformat(),
            "judged": (f"judged · weight {w.weight:g} ({100 * w.weight / judged_weight:.0f}% of the final score)"
                       if w.judged else "not judged"),
        } for w in workshops]}


def _form_of(workshop_id: int) -> Optional[dict]:
    with session_scope() as session:
        w = session.get(Workshop, workshop_id)
        if w is None:
            return None
        opens, deadline = local(w.opens_at, SEOUL_ZONE), local(w.deadline, SEOUL_ZONE)
        return {"title": w.title, "brief": w.brief, "opens_day": opens.date().isoformat(),
                "opens_time": f"{opens:%H:%M}", "deadline_day": deadline.date().isoformat(),
                "deadline_time": f"{deadline:%H:%M}", "zone": SEOUL_ZONE, "judged": "yes" if w.judged else "",
                "weight": f"{w.weight:g}"}


def _save(caller: Caller, cohort_name: str, workshop_id: int, form: WorkshopForm) -> str:
    checked = check_workshop(form)
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        workshop = session.get(Workshop, workshop_id)
        if workshop is None or cohort is None or workshop.cohort_id != cohort.id:
            raise RuleViolation([Reason("not_found", "There is no such workshop in this cohort.")])
        return save_workshop(session=session, actor=session.get(User, caller.id), workshop_id=workshop_id,
                             checked=checked).title


class WorkshopsAdminState(rx.State):
    zone: str = SEOUL_ZONE
    cohorts: list[str] = []
    cohort: str = ""
    rows: list[dict[str, str]] = []
    editing: str = ""
    form: dict[str, str] = EMPTY
    form_errors: dict[str, str] = {}
    message: str = ""

    async def _secretariat(self) -> Optional[Caller]:
        return await current_caller(self, Role.SECRETARIAT)

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        return ask_browser_zone(WorkshopsAdminState.show)

    @rx.event
    async def show(self, zone: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        self.zone = zone_from_browser(zone)
        await self._refresh()

    async def _refresh(self):
        data = await off_loop(_load, self.cohort, self.zone)
        self.cohorts, self.cohort, self.rows = data["cohorts"], data["cohort"], data["rows"]

    @rx.event
    async def choose_cohort(self, name: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if name in self.cohorts:
            self.cohort, self.message = name, ""
            await self._refresh()

    @rx.event
    async def edit(self, workshop_id: str):
        if await self._secretariat() is None or not str(workshop_id).isdigit():
            return
        form = await off_loop(_form_of, int(workshop_id))
        if form is not None:
            self.form, self.form_errors, self.editing = form, {}, str(workshop_id)

    @rx.event
    def open_changed(self, is_open: bool):
        if not is_open:
            self.editing, self.form_errors = "", {}

    @rx.event
    async def save(self, form_data: dict):
        caller = await self._secretariat()
        if caller is None or not self.editing.isdigit():
            return
        form = WorkshopForm.from_form_data(form_data)
        self.form = {name: getattr(form, name) for name in EMPTY}
        try:
            title = await off_loop(_save, caller, self.cohort, int(self.editing), form)
        except RuleViolation as violation:
            self.form_errors = violation.by_field()
            return
        self.message, self.editing, self.form_errors = f"Saved '{title}'.", "", {}
        await self._refresh()
