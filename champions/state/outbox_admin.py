"""OutboxState: the secretariat reads the emails the app sent (or holds, without SMTP)."""

import reflex as rx

from champions.infra.translations import ngettext
from champions.models import Role
from champions.services.messages.outbox import OutboxLine, outbox_page, send_pending
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service
from champions.state.language import page_language


class OutboxState(rx.State):
    messages: list[OutboxLine] = []
    smtp: bool = False
    notice: str = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        self.notice = ""
        await self._refresh()

    async def _refresh(self):
        page = await call_service(outbox_page, language=await page_language(self))
        self.smtp, self.messages = page.smtp, page.messages

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def retry(self, caller: Caller):
        sent = await call_service(send_pending)
        self.notice = ngettext(caller.language, "{count} message sent.", "{count} messages sent.", sent)
        await self._refresh()
