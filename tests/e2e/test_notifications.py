"""Notifications in the browser: the bell counts what is unread, /notifications shows the
messages (marked read once opened), and /account keeps the reminder choices."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL
from champions.models import (
    Application,
    ApplicationStatus,
    MessageSwitch,
    NotificationSettings,
    OutboxMessage,
    Role,
    User,
)
from champions.services.accounts.accounts import create_user
from champions.services.accounts.passwords import hash_password
from champions.services.registration.applications import decide_applications
from tests.e2e.helpers import add_applicant, login

pytestmark = pytest.mark.e2e


def _accept(server, application_id: int) -> None:
    with server.session() as session:
        actor = create_user(
            session=session,
            email="decider.bell@example.org",
            full_name="Decider",
            role=Role.SECRETARIAT,
            password_hash=hash_password("correct horse battery"),
        )
        cohort_id = session.get(Application, application_id).cohort_id
        decide_applications(
            session=session,
            actor=actor,
            cohort_id=cohort_id,
            application_ids=[application_id],
            decision=ApplicationStatus.ACCEPTED,
        )
        session.commit()


def test_the_bell_counts_unread_messages_and_the_list_marks_them_read(browser, server):
    application_id = add_applicant(server, "bell.ringer@example.org", "Bell <i>Ringer</i>")
    _accept(server, application_id)
    page = browser.new_page(viewport={"width": 375, "height": 800})
    login(page, server, "bell.ringer@example.org", "correct horse battery")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    bell = page.get_by_role("link", name=re.compile(r"^Notifications"))
    expect(bell).to_have_text("Notifications1 unread", timeout=15000)
    bell.click()
    page.wait_for_url(re.compile(r"/notifications$"), timeout=15000)
    heading = page.get_by_role("heading", name=re.compile(r"^You are accepted to "))
    expect(heading).to_be_visible(timeout=15000)
    expect(page.get_by_text("New", exact=True)).to_be_visible()
    # The name is text, not markup.
    expect(page.get_by_text(re.compile(r"^Hello Bell <i>Ringer</i>,"))).to_be_visible()
    expect(bell).to_have_text("Notifications")
    page.goto(server.url + "/my-application")
    expect(page.get_by_role("link", name=re.compile(r"^Notifications"))).to_have_text(
        "Notifications", timeout=15000
    )


def test_reminder_choices_are_kept_on_the_account_page(browser, server):
    add_applicant(server, "choosy.person@example.org", "Choosy Person")
    page = browser.new_page()
    login(page, server, "choosy.person@example.org", "correct horse battery")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    page.goto(server.url + "/account")
    lecture = page.get_by_label("Lecture reminders (24 hours before)")
    expect(lecture).to_be_checked(timeout=15000)
    lecture.uncheck()
    page.get_by_label("Team membership changes").press("Space")  # by keyboard
    page.get_by_role("button", name="Save notification choices").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible(timeout=15000)
    with server.session() as session:
        user = session.exec(select(User).where(User.email == "choosy.person@example.org")).one()
        settings = session.exec(
            select(NotificationSettings).where(NotificationSettings.user_id == user.id)
        ).one()
        assert settings.muted_kinds == "lecture_reminder,team_changed"
    page.reload()
    expect(page.get_by_label("Lecture reminders (24 hours before)")).not_to_be_checked(timeout=15000)
    expect(page.get_by_label("Feedback published")).to_be_checked()


def test_the_secretariat_previews_then_sends_a_message_to_the_mentors(browser, server):
    with server.session() as session:
        mentors = session.exec(select(User).where(User.role == Role.MENTOR, User.is_active)).all()
        expected = len(mentors)
    assert expected > 0
    page = browser.new_page()
    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    page.goto(server.url + "/secretariat/messages")
    expect(page.get_by_label("Send to")).to_be_visible(timeout=15000)
    page.get_by_label("Send to").select_option(label="Mentors")
    page.get_by_label("Subject", exact=True).fill("Judging opens {nope}")
    page.get_by_label("Message", exact=True).fill("Dear {name}, judging of {edition} opens on Monday.")
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(
        page.get_by_text("Unknown placeholder {nope}: use {name}, {edition}, or no braces.")
    ).to_be_visible(timeout=15000)
    page.get_by_label("Subject", exact=True).fill("Judging opens on Monday")
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.get_by_text(f"{expected} people will get this message.")).to_be_visible(timeout=15000)
    page.get_by_role("button", name=f"Send to {expected} people").click()
    expect(
        page.get_by_text(f"Sent to {expected} people (in the app and by email; see the outbox). Audited.")
    ).to_be_visible(timeout=15000)
    with server.session() as session:
        sent = session.exec(
            select(OutboxMessage.to_email).where(OutboxMessage.subject == "Judging opens on Monday")
        )
        assert sorted(sent) == sorted(m.email for m in mentors)


def test_the_secretariat_turns_a_kind_off_for_the_edition(browser, server):
    page = browser.new_page()
    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    page.goto(server.url + "/secretariat/messages")
    switch = page.get_by_label("Workshop deadline reminders (72 and 24 hours before)")
    expect(switch).to_be_checked(timeout=15000)
    switch.uncheck()
    page.get_by_role("button", name="Save what this edition sends").click()
    expect(
        page.get_by_text("Saved: the unticked kinds are not sent to anyone of this edition.")
    ).to_be_visible(timeout=15000)
    with server.session() as session:
        rows = session.exec(select(MessageSwitch).where(MessageSwitch.enabled.is_(False))).all()
        assert [r.kind for r in rows] == ["workshop_deadline"]
    page.reload()
    expect(page.get_by_label("Workshop deadline reminders (72 and 24 hours before)")).not_to_be_checked(
        timeout=15000
    )
