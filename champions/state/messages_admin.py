"""MessagesAdminState: /secretariat/messages, a message to a segment of an edition's people,
previewed (count, recipients, the text as the first of them reads it) before it is sent."""

from datetime import date

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import Role
from champions.services.messages.bulk import (
    BulkPreview,
    SegmentOption,
    messages_page,
    preview_in,
    save_switches_in,
    send_in,
)
from champions.services.messages.switches import SwitchLine
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, form_values
from champions.state.language import page_language


class MessagesAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    segments: list[SegmentOption] = []
    switches: list[SwitchLine] = []
    switches_notice: str = ""
    preview: BulkPreview = BulkPreview()
    previewed: bool = False
    errors: dict[str, str] = {}
    notice: str = ""
    _pending: list[str] = []  # the previewed message: cohort, segment, subject, body

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        await self._refresh()

    async def _refresh(self):
        page = await call_service(
            messages_page, cohort_name=self.cohort, today=date.today(), language=await page_language(self)
        )
        self.cohorts, self.cohort, self.segments = page.cohorts, page.cohort, page.segments
        self.switches, self.switches_notice = page.switches, ""
        self.preview, self.previewed, self.errors, self._pending = BulkPreview(), False, {}, []

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.notice = name, ""
            await self._refresh()
            # The page's other sections follow the edition.
            from champions.state.held_messages import HeldMessagesState
            from champions.state.message_templates import MessageTemplatesState

            return [MessageTemplatesState.load, HeldMessagesState.load]

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def preview_message(self, caller: Caller, form_data: dict):
        """Who would get the message, and how it reads; kept (on the server) for `send`."""
        segment, subject, body = form_values(form_data, "segment", "subject", "body")
        self.errors, self.notice, self.previewed = {}, "", False
        try:
            self.preview = await call_service(
                preview_in, cohort_name=self.cohort, segment=segment, subject=subject, body=body
            )
        except RuleViolation as violation:
            self.errors = {k or "segment": v for k, v in violation.by_field(caller.language).items()}
            return
        self.previewed, self._pending = True, [self.cohort, segment, subject, body]

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def send(self, caller: Caller):
        """Send the message last previewed, as previewed."""
        if not self.previewed or len(self._pending) != 4:
            self.errors = {"segment": N_("Preview the message first.")}
            return
        cohort, segment, subject, body = self._pending
        try:
            count = await call_service(
                send_in, actor_id=caller.id, cohort_name=cohort, segment=segment, subject=subject, body=body
            )
        except RuleViolation as violation:
            self.errors = {k or "segment": v for k, v in violation.by_field(caller.language).items()}
            return
        self.preview, self.previewed, self._pending = BulkPreview(), False, []
        self.notice = gettext(
            caller.language,
            "Sent to {count} people (in the app and by email; see the outbox). Audited.",
            count=count,
        )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save_switches(self, caller: Caller, form_data: dict):
        """Which kinds of message this edition sends (the ticked ones)."""
        try:
            self.switches = await call_service(
                save_switches_in, actor_id=caller.id, cohort_name=self.cohort, chosen=form_data
            )
        except RuleViolation as violation:
            self.switches_notice = violation.text(caller.language)
            return
        self.switches_notice = N_("Saved: the unticked kinds are not sent to anyone of this edition.")
