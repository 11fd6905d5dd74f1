"""AuditState: the secretariat browses and filters the audit trail (read only: no handler
edits or deletes an entry) and exports what it shows to CSV."""

from typing import Optional

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.spreadsheet import to_csv
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Role
from champions.services.audit import AuditFilters, audit_actions, audit_export, audit_log, parse_day
from champions.services.registration.cohorts import get_cohort, list_cohorts
from champions.state.auth import current_caller
from champions.state.identity import off_loop
from champions.state.viewer import ask_browser_zone, zone_from_browser

PAGE_SIZE = 50
FILTER_KEYS = ("cohort", "action", "actor", "since", "until")


def _filters(values: dict[str, str]) -> tuple[Optional[AuditFilters], dict[str, str]]:
    """The service's filters from the form's text, or the errors by field."""
    errors = {}
    days = {}
    for key in ("since", "until"):
        try:
            days[key] = parse_day(values.get(key, ""), key)
        except RuleViolation as violation:
            errors.update(violation.by_field())
    if errors:
        return None, errors
    with session_scope() as session:
        cohort = get_cohort(session=session, name=values["cohort"]) if values.get("cohort") else None
    return AuditFilters(cohort.id if cohort else None, values.get("action", ""), values.get("actor", "")[:100],
                        days["since"], days["until"]), {}


def _load(values: dict[str, str], page: int, zone: str) -> dict:
    filters, errors = _filters(values)
    with session_scope() as session:
        options = {"cohorts": [c.name for c in list_cohorts(session=session)],
                   "actions": audit_actions(session=session)}
        if filters is None:
            return {**options, "errors": errors}
        try:
            rows, total = audit_log(session=session, filters=filters, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
        except RuleViolation as violation:
            return {**options, "errors": violation.by_field()}
    return {**options, "errors": {}, "total": total, "rows": [{
        "id": str(r.id), "at": format_instant(r.at, zone),
        "at_seoul": format_instant(r.at, SEOUL_ZONE) if zone != SEOUL_ZONE else "",
        "actor": r.actor, "actor_email": r.actor_email, "cohort": r.cohort, "action": r.action,
        "entity": f"{r.entity} {r.entity_id}", "before": r.before, "after": r.after, "reason": r.reason,
    } for r in rows]}


def _export(values: dict[str, str]) -> str:
    """The CSV of exactly the filtered view. Raises RuleViolation while a filter is wrong."""
    filters, errors = _filters(values)
    if filters is None:
        raise RuleViolation([Reason("bad_filter", message, field) for field, message in errors.items()])
    with session_scope() as session:
        rows, _ = audit_log(session=session, filters=filters, limit=None)
    return to_csv(*audit_export(rows))


class AuditState(rx.State):
    filters: dict[str, str] = {key: "" for key in FILTER_KEYS}
    cohorts: list[str] = []
    actions: list[str] = []
    errors: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    zone: str = SEOUL_ZONE

    async def _secretariat(self):
        return await current_caller(self, Role.SECRETARIAT)

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        return ask_browser_zone(AuditState.show)

    @rx.event
    async def show(self, zone: str):
        """Callback with the browser's time zone: list the entries with times in it."""
        if await self._secretariat() is None:
            return rx.redirect("/login")
        self.zone = zone_from_browser(zone)
        await self._refresh()

    async def _refresh(self):
        data = await off_loop(_load, dict(self.filters), self.page, self.zone)
        self.cohorts, self.actions, self.errors = data["cohorts"], data["actions"], data["errors"]
        if not self.errors:
            self.rows, self.total = data["rows"], data["total"]

    @rx.var
    def page_label(self) -> str:
        first = self.page * PAGE_SIZE + 1 if self.total else 0
        return f"Entries {first}–{min(self.total, (self.page + 1) * PAGE_SIZE)} of {self.total}"

    @rx.var
    def has_next(self) -> bool:
        return (self.page + 1) * PAGE_SIZE < self.total

    @rx.event
    async def set_filter(self, key: str, value: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if key not in FILTER_KEYS or not isinstance(value, str):
            return
        if key == "cohort" and value and value not in self.cohorts:
            return
        self.filters = {**self.filters, key: value.strip()[:100]}
        self.page = 0
        await self._refresh()

    @rx.event
    async def turn_page(self, step: int):
        if await self._secretariat() is None or step not in (-1, 1):
            return
        page = self.page + step
        if 0 <= page and page * PAGE_SIZE < max(self.total, 1):
            self.page = page
            await self._refresh()

    @rx.event
    async def export(self):
        if await self._secretariat() is None:
            return
        try:
            text = await off_loop(_export, dict(self.filters))
        except RuleViolation as violation:
            self.errors = violation.by_field()
            return
        return rx.download(data=text.encode("utf-8"), filename="audit-log.csv", mime_type="text/csv")
