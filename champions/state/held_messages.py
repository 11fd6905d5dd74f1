"""HeldMessagesState: on /secretariat/messages, hold for review: whether the edition's reminders
wait for approval, and the held ones to approve (one, or all) or discard with a reason. The
edition is the page's (MessagesAdminState)."""

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_, ngettext
from champions.models import Role
from champions.services.messages.admin import (
    approve_in,
    discard_in,
    review_in,
    set_holding_in,
)
from champions.services.messages.review import HeldLine
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service
from champions.state.language import page_language
from champions.state.messages_admin import MessagesAdminState


class HeldMessagesState(rx.State):
    holding: bool = False
    held: list[HeldLine] = []
    notice: str = ""
    error: str = ""
    discarding: str = ""  # the held message whose discard dialog is open
    discard_error: str = ""

    async def _cohort(self) -> str:
        """The page's edition (the current one until the page has chosen)."""
        page = await self.get_state(MessagesAdminState)
        if not page.cohort:
            await page._refresh()
        return page.cohort

    async def _refresh(self):
        page = await call_service(
            review_in, cohort_name=await self._cohort(), language=await page_language(self)
        )
        self.holding, self.held = page.holding, page.held

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        self.notice, self.error, self.discarding = "", "", ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save_holding(self, caller: Caller, form_data: dict):
        """Hold (ticked) or send (unticked) the edition's reminders."""
        on = isinstance(form_data, dict) and form_data.get("hold") == "on"
        try:
            await call_service(set_holding_in, actor_id=caller.id, cohort_name=await self._cohort(), on=on)
        except RuleViolation as violation:
            self.error, self.notice = violation.text(caller.language), ""
            return
        self.error = ""
        self.notice = (
            N_("Reminders of this edition now wait here for your approval.")
            if on
            else N_("Reminders of this edition go without approval (what is held still waits for you).")
        )
        await self._refresh()

    async def _approve(self, caller: Caller, ids: list[int] | None):
        try:
            released, dropped = await call_service(
                approve_in, actor_id=caller.id, cohort_name=await self._cohort(), ids=ids
            )
        except RuleViolation as violation:
            self.error, self.notice = violation.text(caller.language), ""
            await self._refresh()
            return
        sent = ngettext(
            caller.language, "Approved: {count} message sent", "Approved: {count} messages sent", released
        )
        late = (
            ngettext(
                caller.language,
                "; {count} message dropped: its moment passed",
                "; {count} messages dropped: its moment passed",
                dropped,
            )
            if dropped
            else ""
        )
        self.notice, self.error = sent + late + ".", ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def approve(self, caller: Caller, notification_id: str):
        if isinstance(notification_id, str) and notification_id.isdigit():
            await self._approve(caller, [int(notification_id)])

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def approve_all(self, caller: Caller):
        await self._approve(caller, None)

    @rx.event
    def ask_discard(self, notification_id: str):
        self.discarding, self.discard_error = str(notification_id), ""

    @rx.event
    def discard_dialog(self, is_open: bool):
        if not is_open:
            self.discarding = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def discard(self, caller: Caller, form_data: dict):
        if not self.discarding.isdigit():
            return
        reason = form_data.get("reason") if isinstance(form_data, dict) else ""
        try:
            await call_service(
                discard_in,
                actor_id=caller.id,
                cohort_name=await self._cohort(),
                notification_id=int(self.discarding),
                reason=reason if isinstance(reason, str) else "",
            )
        except RuleViolation as violation:
            self.discard_error = violation.first(caller.language)
            return
        self.discarding, self.notice, self.error = "", N_("Discarded: it will not be sent. Audited."), ""
        await self._refresh()
