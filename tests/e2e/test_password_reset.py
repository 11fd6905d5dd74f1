"""Password reset end to end: ask on the login page, follow the link from the outbox, choose a
new password, log in with it; the link then no longer works; the secretariat sees the message."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL
from champions.models import OutboxMessage
from champions.services.accounts.password_reset import ASKED, INVALID_LINK, request_password_reset
from champions.state.outbox_admin import OutboxState
from tests.e2e.helpers import add_applicant, login, run_async, session_token_for
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e


def test_forgotten_password_reset_through_the_emailed_link(browser, server):
    add_applicant(server, "forgetful@example.org", "Forgetful Fox")
    page = browser.new_page()
    page.goto(server.url + "/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible(timeout=15000)
    page.get_by_label("Email").fill("forgetful@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status")).to_have_text(ASKED, timeout=15000)
    with server.session() as session:
        body = session.exec(
            select(OutboxMessage.body).where(OutboxMessage.to_email == "forgetful@example.org")
        ).one()
    link = re.search(r"http\S+/reset-password\?token=\S+", body).group(0)
    assert link.startswith(server.url)

    page.goto(link)
    page.get_by_label("New password", exact=True).fill("my fresh password")
    page.get_by_label("Repeat new password").fill("my fresh passwort")
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_text("The two passwords differ.")).to_be_visible(timeout=15000)
    page.get_by_label("Repeat new password").fill("my fresh password")
    page.get_by_role("button", name="Set my new password").click()
    page.wait_for_url(re.compile(r"/login$"), timeout=15000)
    login(page, server, "forgetful@example.org", "my fresh password")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)

    again = browser.new_page()
    again.goto(link)
    expect(again.get_by_role("alert")).to_have_text(INVALID_LINK, timeout=15000)
    expect(again.get_by_label("New password", exact=True)).to_have_count(0)

    secretariat = browser.new_page()
    login(secretariat, server, "secretariat@champions.example")
    secretariat.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    secretariat.goto(server.url + "/secretariat/outbox")
    expect(secretariat.get_by_test_id("outbox")).to_contain_text("to forgetful@example.org", timeout=15000)


def test_an_unknown_email_gets_the_same_answer_and_no_message(browser, server):
    page = browser.new_page()
    page.goto(server.url + "/forgot-password")
    page.get_by_label("Email").fill("no.such.person@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status")).to_have_text(ASKED, timeout=15000)
    with server.session() as session:
        assert (
            session.exec(
                select(OutboxMessage).where(OutboxMessage.to_email == "no.such.person@example.org")
            ).first()
            is None
        )


async def _outbox_attack(url: str, token: str):
    client = ReflexClient(url, "/secretariat/outbox", session_token=token)
    await client.connect()
    for handler in ("load", "retry"):
        await client.emit(OutboxState, handler, {}, settle=0.4)
    await client.close()
    return client


@pytest.mark.parametrize("email", [PARTICIPANT_EMAIL, "mentor1@champions.example", ""])
def test_only_the_secretariat_reads_the_outbox(server, email):
    recipient = f"outbox.{email.split('@')[0] or 'nobody'}@example.org"  # a message only the outbox shows
    add_applicant(server, recipient, "Outbox Reader")
    with server.session() as session:
        request_password_reset(session=session, email=recipient, origin=server.url)
        session.commit()
    client = run_async(_outbox_attack(server.url, session_token_for(server, email) if email else ""))
    assert recipient not in client.received_text()
    control = run_async(
        _outbox_attack(server.url, session_token_for(server, "secretariat@champions.example"))
    )
    text = control.received_text()
    assert recipient in text and "token=[hidden]" in text
