"""OutboxState: the secretariat reads the emails the app sent (or holds, without SMTP)."""

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Role
from champions.services.messages.outbox import hide_links, outbox, send_pending, smtp_url
from champions.state.auth import current_caller
from champions.state.identity import off_loop


def _messages() -> list[dict[str, str]]:
    with session_scope() as session:
        return [{"id": str(m.id), "to": m.to_email, "subject": m.subject, "body": hide_links(m.body),
                 "created": format_instant(m.created_at, SEOUL_ZONE),
                 "status": (f"sent {format_instant(m.sent_at, SEOUL_ZONE)}" if m.sent_at else
                            f"not sent: {m.error}" if m.error else "not sent (no SMTP server configured)"
                            if not smtp_url() else "waiting")}
                for m in outbox(session=session)]


def _send() -> int:
    with session_scope() as session:
        return send_pending(session=session)


class OutboxState(rx.State):
    messages: list[dict[str, str]] = []
    smtp: bool = False
    notice: str = ""

    @rx.event
    async def load(self):
        if await current_caller(self, Role.SECRETARIAT) is None:
            return rx.redirect("/login")
        self.smtp, self.notice = bool(smtp_url()), ""
        self.messages = await off_loop(_messages)

    @rx.event
    async def retry(self):
        if await current_caller(self, Role.SECRETARIAT) is None:
            return rx.redirect("/login")
        sent = await off_loop(_send)
        self.notice = f"{sent} message{'s' if sent != 1 else ''} sent."
        self.messages = await off_loop(_messages)
