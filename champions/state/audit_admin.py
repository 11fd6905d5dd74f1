"""AuditState: the secretariat browses and filters the audit trail (read only: no handler
edits or deletes an entry) and exports what it shows to CSV."""

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE
from champions.models import Role
from champions.services.audit import AuditLine, audit_csv, audit_page
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service
from champions.state.language import page_language
from champions.state.viewer import ask_browser_zone, zone_from_browser

PAGE_SIZE = 50
FILTER_KEYS = ("cohort", "action", "actor", "since", "until")


class AuditState(rx.State):
    filters: dict[str, str] = {key: "" for key in FILTER_KEYS}
    cohorts: list[str] = []
    actions: list[str] = []
    errors: dict[str, str] = {}
    rows: list[AuditLine] = []
    total: int = 0
    page: int = 0
    zone: str = SEOUL_ZONE

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        return ask_browser_zone(AuditState.show)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def show(self, caller: Caller, zone: str):
        """Callback with the browser's time zone: list the entries with times in it."""
        self.zone = zone_from_browser(zone)
        await self._refresh()

    async def _refresh(self):
        page = await call_service(
            audit_page,
            values=dict(self.filters),
            offset=self.page * PAGE_SIZE,
            limit=PAGE_SIZE,
            zone=self.zone,
            language=await page_language(self),
        )
        self.cohorts, self.actions, self.errors = page.cohorts, page.actions, page.errors
        if not self.errors:
            self.rows, self.total = page.lines, page.total

    @rx.var
    def page_label(self) -> str:
        first = self.page * PAGE_SIZE + 1 if self.total else 0
        return f"Entries {first}–{min(self.total, (self.page + 1) * PAGE_SIZE)} of {self.total}"

    @rx.var
    def has_next(self) -> bool:
        return (self.page + 1) * PAGE_SIZE < self.total

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def set_filter(self, caller: Caller, key: str, value: str):
        if key not in FILTER_KEYS or not isinstance(value, str):
            return
        if key == "cohort" and value and value not in self.cohorts:
            return
        self.filters = {**self.filters, key: value.strip()[:100]}
        self.page = 0
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def turn_page(self, caller: Caller, step: int):
        if step not in (-1, 1):
            return
        page = self.page + step
        if page >= 0 and page * PAGE_SIZE < max(self.total, 1):
            self.page = page
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def export(self, caller: Caller):
        try:
            text = await call_service(audit_csv, values=dict(self.filters), language=caller.language)
        except RuleViolation as violation:
            self.errors = violation.by_field(caller.language)
            return
        return rx.download(data=text.encode("utf-8"), filename="audit-log.csv", mime_type="text/csv")
