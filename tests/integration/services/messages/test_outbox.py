"""The outbox: delivery through a real local SMTP server, once, and errors kept."""

import socket
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller
from sqlmodel import select

from champions.models import OutboxMessage
from champions.services.accounts.password_reset import request_password_reset
from champions.services.messages.outbox import send_pending

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
        url = f"smtp://127.0.0.1:{port}"
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
