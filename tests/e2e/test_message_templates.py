"""/secretariat/messages in the browser: a template rewritten (an unknown placeholder refused
next to its field, nothing saved), previewed with a real recipient, saved and reset; and held
reminders approved or discarded with a reason."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL
from champions.models import Application, AuditEntry, MessageTemplate, Notification, User
from champions.models._time import utcnow
from champions.services.messages.notify import claim_key, dedupe_key, ensure_settings, outgoing, send_all
from champions.services.messages.preview import recipient_for
from champions.services.messages.review import set_holding
from champions.services.messages.templates import KINDS
from champions.services.registration.cohorts import cohort_or_current
from tests.e2e.helpers import add_applicant, choose_template_kind, login, wait_hydrated

pytestmark = pytest.mark.e2e


def _messages_page(browser, server):
    page = browser.new_page()
    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    page.goto(server.url + "/secretariat/messages")
    expect(page.get_by_label("Kind of message")).to_be_visible(timeout=15000)
    wait_hydrated(page)
    return page


def test_a_template_is_checked_previewed_with_a_real_recipient_saved_and_reset(browser, server):
    add_applicant(server, "template.reader@example.org", "Template Reader")
    with server.session() as session:
        cohort = cohort_or_current(session=session, name="", today=date.today())
        person = recipient_for(session, cohort, "application_received")
        shown = f"{person.full_name} <{person.email}>"
        expected_subject = f"{person.full_name}: applied to {cohort.title}"
    page = _messages_page(browser, server)
    choose_template_kind(page, "application_received")
    page.get_by_label("Template subject").fill("On the list {nme}")
    page.get_by_role("button", name="Preview the template").click()
    expect(
        page.get_by_text(
            "Unknown placeholder {nme}: this message can use {name}, {edition}, {link}, {confirm_link}, "
            "{expires}."
        )
    ).to_be_visible(timeout=15000)
    page.get_by_label("Template subject").fill("{name}: applied to {edition}")
    page.get_by_role("button", name="Preview the template").click()
    expect(page.get_by_text(f"As {shown} would read it:")).to_be_visible(timeout=15000)
    expect(page.get_by_test_id("template-subject")).to_have_text(f"Subject: {expected_subject}")
    with server.session() as session:
        assert session.exec(select(MessageTemplate)).all() == []
    page.get_by_role("button", name="Save this template").click()
    expect(page.get_by_text("Saved: this edition's messages of this kind")).to_be_visible(timeout=15000)
    with server.session() as session:
        [row] = session.exec(select(MessageTemplate)).all()
        assert (row.kind, row.language, row.subject) == (
            "application_received",
            "en",
            "{name}: applied to {edition}",
        )
    page.reload()
    page.get_by_label("Kind of message").select_option(value="application_received")
    expect(page.get_by_label("Template subject")).to_have_value("{name}: applied to {edition}", timeout=15000)
    expect(page.get_by_test_id("template-origin")).to_have_text("This edition's own wording.")
    page.get_by_role("button", name="Reset to default").click()
    expect(page.get_by_text("Reset: this kind uses the default wording again. Audited.")).to_be_visible(
        timeout=15000
    )
    expect(page.get_by_label("Template subject")).to_have_value(KINDS["application_received"].subject)
    with server.session() as session:
        assert session.exec(select(MessageTemplate)).all() == []
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity == "message_template")).all()
        assert actions == ["message_template_saved", "message_template_reset"]


def _hold_two(server) -> list[tuple[int, str]]:
    """Hold for review on in the current edition, and two reminders held: (id, subject) each."""
    made = []
    applications = [add_applicant(server, f"held.{n}@example.org", f"Held Person {n}") for n in (1, 2)]
    with server.session() as session:
        cohort = cohort_or_current(session=session, name="", today=date.today())
        actor = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
        set_holding(session=session, actor=actor, cohort=cohort, on=True)
        people = [session.get(User, session.get(Application, i).user_id) for i in applications]
        settings = ensure_settings(session, [p.id for p in people])
        now = utcnow()
        for number, person in enumerate(people, start=1):
            subject = f"Held reminder {number}"
            nid = claim_key(
                session,
                user_id=person.id,
                cohort_id=cohort.id,
                kind="lecture_reminder",
                subject_key=f"e2e:{number}",
                dedupe_key=dedupe_key("lecture_reminder", f"e2e:{number}", person.id),
                due_at=now,
                state="sending",
            )
            item = outgoing(
                nid,
                kind=KINDS["lecture_reminder"],
                user=person,
                settings=settings[person.id],
                subject=subject,
                body="A reminder.",
                link=server.url,
                now=now,
            )
            send_all(session, [item], now, held=True)
            made.append((nid, subject))
        session.commit()
    return made


def test_held_reminders_are_approved_or_discarded_with_a_reason(browser, server):
    (first, first_subject), (second, second_subject) = _hold_two(server)
    page = _messages_page(browser, server)
    expect(
        page.get_by_label("Hold this edition's reminders for my approval before they are sent")
    ).to_be_checked(timeout=15000)
    expect(page.get_by_test_id("held-count")).to_have_text("2 held.")
    page.get_by_role("button", name=f"Approve: {first_subject}").click()
    expect(page.get_by_text("Approved: 1 message sent.")).to_be_visible(timeout=15000)
    page.get_by_role("button", name=f"Discard: {second_subject}").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Discard").click()
    expect(dialog.get_by_text("Say why, in up to 300 characters.")).to_be_visible(timeout=15000)
    dialog.get_by_label("Reason").fill("Sent by phone instead")
    dialog.get_by_role("button", name="Discard").click()
    expect(page.get_by_text("Discarded: it will not be sent. Audited.")).to_be_visible(timeout=15000)
    expect(page.get_by_test_id("held-count")).to_have_text("Nothing is held.")
    with server.session() as session:
        states = {
            n.id: (n.state, n.reason)
            for n in session.exec(select(Notification).where(Notification.id.in_([first, second])))
        }
        assert states == {
            first: ("sent", ""),
            second: ("dropped", "discarded by the secretariat: Sent by phone instead"),
        }


def test_each_language_has_its_own_template_saved_and_reset_on_its_own(browser, server):
    page = _messages_page(browser, server)
    choose_template_kind(page, "decision_rejected")
    page.get_by_label("Language of the template").select_option(value="ko")
    # The default wording in Korean, from the catalogue.
    expect(page.get_by_label("Template subject")).to_have_value("{edition} 지원 결과", timeout=15000)
    page.get_by_label("Template subject").fill("{edition}: 결과 안내 {nme}")
    page.get_by_role("button", name="Preview the template").click()
    expect(
        page.get_by_text("Unknown placeholder {nme}: this message can use {name}, {edition}, {link}.")
    ).to_be_visible(timeout=15000)
    page.get_by_label("Template subject").fill("{edition}: 결과 안내")
    page.get_by_role("button", name="Preview the template").click()
    page.get_by_role("button", name="Save this template").click()
    expect(page.get_by_text("Saved: this edition's messages of this kind")).to_be_visible(timeout=15000)
    with server.session() as session:
        rows = session.exec(
            select(MessageTemplate.kind, MessageTemplate.language, MessageTemplate.subject)
        ).all()
        assert rows == [("decision_rejected", "ko", "{edition}: 결과 안내")]
    # English keeps its default; Korean shows its own wording.
    page.get_by_label("Language of the template").select_option(value="en")
    expect(page.get_by_label("Template subject")).to_have_value(
        KINDS["decision_rejected"].subject, timeout=15000
    )
    expect(page.get_by_test_id("template-origin")).to_have_text("The default wording.")
    page.get_by_label("Language of the template").select_option(value="ko")
    expect(page.get_by_label("Template subject")).to_have_value("{edition}: 결과 안내", timeout=15000)
    page.get_by_role("button", name="Reset to default").click()
    expect(page.get_by_text("Reset: this kind uses the default wording again. Audited.")).to_be_visible(
        timeout=15000
    )
    expect(page.get_by_label("Template subject")).to_have_value("{edition} 지원 결과")
    with server.session() as session:
        assert session.exec(select(MessageTemplate)).all() == []
        audited = select(AuditEntry.action).where(AuditEntry.entity_id == "decision_rejected:ko")
        assert session.exec(audited.order_by(AuditEntry.id)).all() == [
            "message_template_saved",
            "message_template_reset",
        ]
