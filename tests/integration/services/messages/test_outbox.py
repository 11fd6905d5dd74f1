"""The outbox: delivery through a real local SMTP server, once, and errors kept."""

import socket
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller
from sqlmodel import select

from champions.models import OutboxMessage
from champions.services.accounts.password_reset import request_password_reset
from champions.services.messages.outbox import outbox_page, send_pending

from ...conftest import ORIGIN, T0, link_token


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, smtp_session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def test_the_outbox_delivers_through_a_real_smtp_server(session, ana):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        url = f"smtp+plain://127.0.0.1:{port}"
        request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
        session.commit()
        assert send_pending(session=session, url=url) == 1
        session.commit()
        assert send_pending(session=session, url=url) == 0  # sent once
    finally:
        controller.stop()
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["ana@example.org"]
    received = message_from_bytes(envelope.content, policy=default)
    assert received["Subject"] == "Choose a new password for Smart City Champions"
    assert f"{ORIGIN}/reset-password?token={link_token(session)}" in received.get_content()
    message = session.exec(select(OutboxMessage)).one()
    assert message.sent_at is not None and message.error == ""
    # The server is gone: the next message keeps the error and stays waiting.
    request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
    session.commit()
    assert send_pending(session=session, url=url) == 0
    waiting = session.exec(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))).one()
    assert waiting.error.startswith("ConnectionRefusedError")


class RefusingInbox:
    """A server that refuses every recipient for good (a bounce at submission)."""

    async def handle_RCPT(self, server, smtp_session, envelope, address, rcpt_options):
        return "550 5.1.1 No such user"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_bounce_is_shown_in_the_outbox_with_its_reason_and_not_retried(session, ana):
    port = _free_port()
    controller = Controller(RefusingInbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        url = f"smtp+plain://127.0.0.1:{port}"
        request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
        session.commit()
        assert send_pending(session=session, url=url, max_attempts=5) == 0
        assert send_pending(session=session, url=url, max_attempts=5) == 0
    finally:
        controller.stop()
    message = session.exec(select(OutboxMessage)).one()
    reason = (
        "SMTPRecipientsRefused: the server refused the recipient "
        "(ana@example.org: 550 5.1.1 No such user) (not tried again)"
    )
    assert (message.sent_at, message.attempts, message.error) == (None, 5, reason)
    [line] = outbox_page(session=session).messages
    assert line.status == f"not sent: {reason}"


def test_a_server_without_starttls_is_refused_with_the_reason_in_the_outbox(session, ana):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
        session.commit()
        assert send_pending(session=session, url=f"smtp://user:secret@127.0.0.1:{port}") == 0
    finally:
        controller.stop()
    assert inbox.messages == []
    message = session.exec(select(OutboxMessage)).one()
    reason = (
        "InsecureDelivery: 127.0.0.1 does not offer STARTTLS, so nothing was sent (no password, "
        "no message). Use smtps://, or smtp+plain:// for a local relay without encryption."
    )
    assert (message.sent_at, message.attempts, message.error) == (None, 1, reason)
    assert outbox_page(session=session).messages[0].status == f"not sent: {reason}"
