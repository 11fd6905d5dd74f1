"""The program's contacts against a migrated database: saved once, audited, read by the
footer, and the Reply-To of every email the outbox delivers."""

import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, ProgramSettings
from champions.services.accounts.password_reset import request_password_reset
from champions.services.messages.outbox import send_pending
from champions.services.program.contacts import (
    Contacts,
    ContactsForm,
    NamedLink,
    program_contacts,
    reply_to_address,
    settings_form,
    update_contacts,
)

from ...conftest import ORIGIN, T0

FORM = ContactsForm(
    email="secretariat@we-gov.org",
    phone="+82 2 720 2934",
    address="Seoul Global Center",
    website="https://we-gov.org",
    social="YouTube | https://www.youtube.com/@wego",
    partners="Seoul Metropolitan Government | https://english.seoul.go.kr",
)


def test_saved_contacts_are_read_back_and_audited(session, secretariat):
    assert program_contacts(session=session) == Contacts() and reply_to_address(session=session) == ""
    update_contacts(session=session, actor_id=secretariat.id, form=FORM)
    update_contacts(
        session=session, actor_id=secretariat.id, form=ContactsForm(**{**FORM.__dict__, "phone": ""})
    )
    session.commit()
    assert len(session.exec(select(ProgramSettings)).all()) == 1
    assert program_contacts(session=session) == Contacts(
        email="secretariat@we-gov.org",
        phone="",
        address="Seoul Global Center",
        website="https://we-gov.org",
        social=[NamedLink("YouTube", "https://www.youtube.com/@wego")],
        partners=[NamedLink("Seoul Metropolitan Government", "https://english.seoul.go.kr")],
    )
    assert settings_form(session=session) == ContactsForm(**{**FORM.__dict__, "phone": ""})
    entries = session.exec(select(AuditEntry).where(AuditEntry.action == "contacts_updated")).all()
    assert [(e.actor_id, e.entity) for e in entries] == [(secretariat.id, "program_settings")] * 2


def test_bad_contacts_change_nothing(session, secretariat):
    update_contacts(session=session, actor_id=secretariat.id, form=FORM)
    session.commit()
    with pytest.raises(RuleViolation) as error:
        update_contacts(
            session=session,
            actor_id=secretariat.id,
            form=ContactsForm(**{**FORM.__dict__, "email": "nobody", "website": "javascript:alert(1)"}),
        )
    assert error.value.by_field() == {
        "email": "Enter a valid email address, like secretariat@example.org.",
        "website": "Enter a full web address starting with https://.",
    }
    session.rollback()
    assert program_contacts(session=session).email == "secretariat@we-gov.org"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, smtp_session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def test_replies_to_the_app_s_emails_go_to_the_secretariat(session, secretariat, ana):
    update_contacts(session=session, actor_id=secretariat.id, form=FORM)
    request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=T0)
    session.commit()
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert send_pending(session=session, url=f"smtp+plain://127.0.0.1:{port}") == 1
    finally:
        controller.stop()
    [envelope] = inbox.messages
    received = message_from_bytes(envelope.content, policy=default)
    assert (received["To"], received["Reply-To"]) == ("ana@example.org", "secretariat@we-gov.org")
