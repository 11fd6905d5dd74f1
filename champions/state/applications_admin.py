"""ApplicationsAdminState: the secretariat's application review (filters, decisions, CSV)."""

from dataclasses import asdict
from datetime import date
from typing import Optional

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.spreadsheet import to_csv
from champions.models import Application, ApplicationStatus, Role, User
from champions.services.registration import applications as svc
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.registration.countries import COUNTRIES, Region
from champions.state.auth import current_caller
from champions.state.identity import Caller, off_loop

STATUS_FILTERS = ["all"] + [status.value for status in ApplicationStatus]
REGION_FILTERS = ["all"] + [region.value for region in Region]
ELIGIBILITY_FILTERS = ["all", "yes", "no"]
PAGE_SIZE = 200


def _filters(f: dict) -> dict:
    return {
        "status": "" if f.get("status", "all") == "all" else f["status"],
        "region": "" if f.get("region", "all") == "all" else f["region"],
        "eligible": "" if f.get("eligible", "all") == "all" else f["eligible"],
        "country": f.get("country", ""),
        "search": f.get("search", ""),
    }


def _cohort(session, name: str):
    return cohort_or_current(session=session, name=name, today=date.today())


def _load(cohort_name: str, filters: dict) -> dict:
    with session_scope() as session:
        cohort = _cohort(session, cohort_name)
        if cohort is None:
            return {"cohorts": [], "cohort": "", "rows": [], "counts": {}, "capacity": 0, "total": 0}
        rows = svc.list_applications(session=session, cohort_id=cohort.id, **_filters(filters))
        return {
            "cohorts": [c.name for c in list_cohorts(session=session)],
            "cohort": cohort.name,
            "capacity": cohort.capacity,
            "counts": svc.count_by_status(session=session, cohort_id=cohort.id),
            "total": len(rows),
            "rows": [_display(row) for row in rows[:PAGE_SIZE]],
        }


def _display(row: svc.ApplicationRow) -> dict:
    data = asdict(row)
    data["date_of_birth"] = row.date_of_birth.isoformat()
    data["submitted_at"] = row.submitted_at.strftime("%Y-%m-%d %H:%M UTC")
    data["eligible"] = "yes" if row.eligible else "no"
    data["age"] = str(row.age)
    data["id"] = str(row.id)
    return data


def _detail(cohort_name: str, application_id: int) -> Optional[dict]:
    with session_scope() as session:
        cohort = _cohort(session, cohort_name)
        application = session.get(Application, application_id)
        if cohort is None or application is None or application.cohort_id != cohort.id:
            return None
        user = session.get(User, application.user_id)
        row = svc.application_row(application, user, cohort)
        data = _display(row)
        data["motivation"] = application.motivation
        data["consent_version"] = application.consent_version
        data["eligibility"] = application.eligibility_snapshot
        return data


def _decide(caller: Caller, cohort_name: str, ids: list[int], decision: str) -> svc.DecisionOutcome:
    with session_scope() as session:
        cohort = _cohort(session, cohort_name)
        actor = session.get(User, caller.id)
        return svc.decide_applications(
            session=session, actor=actor, cohort_id=cohort.id, application_ids=ids,
            decision=ApplicationStatus(decision),
        )


def _export(cohort_name: str, filters: dict) -> tuple[str, str]:
    with session_scope() as session:
        cohort = _cohort(session, cohort_name)
        rows = svc.list_applications(session=session, cohort_id=cohort.id, **_filters(filters))
        return f"applications-{cohort.name}.csv", to_csv(*svc.application_export(rows))


class ApplicationsAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    capacity: int = 0
    counts: dict[str, int] = {}
    total: int = 0
    rows: list[dict[str, str]] = []
    selected: list[str] = []
    filters: dict[str, str] = {"status": "all", "region": "all", "eligible": "all", "country": "", "search": ""}
    detail: dict[str, str] = {}
    message: str = ""

    async def _secretariat(self) -> Optional[Caller]:
        return await current_caller(self, Role.SECRETARIAT)

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        await self._refresh()

    async def _refresh(self):
        data = await off_loop(_load, self.cohort, dict(self.filters))
        self.cohorts, self.cohort, self.capacity = data["cohorts"], data["cohort"], data["capacity"]
        self.counts, self.total, self.rows = data["counts"], data["total"], data["rows"]
        visible = {row["id"] for row in self.rows}
        self.selected = [i for i in self.selected if i in visible]

    @rx.event
    async def set_filter(self, key: str, value: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        allowed = {"status": STATUS_FILTERS, "region": REGION_FILTERS, "eligible": ELIGIBILITY_FILTERS}
        if key in allowed and value not in allowed[key]:
            return
        if key == "country":
            value = value.split("·")[0].strip().upper() if isinstance(value, str) else ""
            value = value if value in COUNTRIES else ""
        if key not in self.filters or not isinstance(value, str):
            return
        self.filters = {**self.filters, key: value[:100]}
        await self._refresh()

    @rx.event
    async def choose_cohort(self, name: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if name in self.cohorts:
            self.cohort, self.selected, self.detail = name, [], {}
            await self._refresh()

    @rx.event
    async def toggle(self, application_id: str, checked: bool):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        rest = [i for i in self.selected if i != application_id]
        self.selected = rest + [application_id] if checked else rest

    @rx.event
    async def select_all(self, checked: bool):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        self.selected = [row["id"] for row in self.rows] if checked else []

    @rx.event
    async def decide_selected(self, decision: str):
        await self._decide([int(i) for i in self.selected if str(i).isdigit()], decision)

    @rx.event
    async def decide_one(self, application_id: str, decision: str):
        if str(application_id).isdigit():
            await self._decide([int(application_id)], decision)

    async def _decide(self, ids: list[int], decision: str):
        caller = await self._secretariat()
        if caller is None or decision not in ("accepted", "waitlisted", "rejected") or not ids:
            self.message = "Choose applications and a decision." if caller else ""
            return
        outcome = await off_loop(_decide, caller, self.cohort, ids, decision)
        parts = [f"{len(outcome.changed)} application(s) marked {decision}."]
        if outcome.refused:
            reasons = sorted({reason.message for _, reason in outcome.refused})
            parts.append(f"{len(outcome.refused)} not changed: " + " ".join(reasons))
        self.message = " ".join(parts)
        self.selected = []
        await self._refresh()
        if self.detail:
            self.detail = await off_loop(_detail, self.cohort, int(self.detail["id"])) or {}

    @rx.event
    async def open_detail(self, application_id: str):
        if await self._secretariat() is None or not str(application_id).isdigit():
            return
        self.detail = await off_loop(_detail, self.cohort, int(application_id)) or {}

    @rx.event
    def dialog_open_changed(self, is_open: bool):
        if not is_open:
            self.detail = {}

    @rx.event
    async def export_csv(self):
        if await self._secretariat() is None or not self.cohort:
            return
        filename, data = await off_loop(_export, self.cohort, dict(self.filters))
        return rx.download(data=data.encode("utf-8"), filename=filename, mime_type="text/csv")
