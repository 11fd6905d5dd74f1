"""The secretariat's templates (checked, previewed with a real recipient, saved per edition,
reset, audited; used by events and by the scheduler) and hold for review (reminders wait in
the outbox until approved or discarded; decisions never wait)."""

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import (
    ApplicationStatus,
    AuditEntry,
    Lecture,
    MessageTemplate,
    Notification,
    OutboxMessage,
)
from champions.services.messages.admin import review_in, templates_in
from champions.services.messages.custom import reset_template, save_template, template_lines
from champions.services.messages.notify import notifications_of
from champions.services.messages.outbox import outbox_page, send_pending
from champions.services.messages.preview import preview_template
from champions.services.messages.review import approve_held, discard_held, held_lines, set_holding
from champions.services.messages.scheduler import schedule_due
from champions.services.messages.templates import KINDS
from champions.services.registration.applications import decide_applications

from .conftest import HOUR, LECTURE, lecture_at


def audits(session, action: str) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def reasons(violation) -> dict[str, str]:
    return violation.value.by_field()


# --- templates --------------------------------------------------------------------------------


def test_an_unknown_placeholder_is_refused_next_to_its_field_and_nothing_is_saved(
    session, cohort, secretariat
):
    with pytest.raises(RuleViolation) as refused:
        save_template(
            session=session,
            actor=secretariat,
            cohort=cohort,
            kind="decision_accepted",
            subject="Welcome {nme}",
            body="Hello {name}, see {link} and {secret.key}",
        )
    assert reasons(refused) == {
        "subject": "Unknown placeholder {nme}: this message can use {name}, {edition}, {link}, "
        "{phase1_start}.",
        "body": "Unknown placeholder {secret.key}: this message can use {name}, {edition}, {link}, "
        "{phase1_start}.",
    }
    with pytest.raises(RuleViolation) as refused:
        save_template(
            session=session,
            actor=secretariat,
            cohort=cohort,
            kind="application_received",
            subject="Thanks {name}",
            body="We got it.",
        )
    assert reasons(refused) == {
        "body": "Keep {confirm_link} in the message: without it the message cannot do its job."
    }
    with pytest.raises(RuleViolation) as refused:
        save_template(session=session, actor=secretariat, cohort=cohort, kind="bulk", subject="x", body="y")
    assert reasons(refused) == {"kind": "Choose a kind of message."}
    session.commit()
    assert session.exec(select(MessageTemplate)).all() == []
    assert audits(session, "message_template_saved") == []


def test_a_saved_wording_is_sent_in_its_edition_only_audited_and_reset(
    session, cohort, cohort_a_year_earlier, register, secretariat
):
    save_template(
        session=session,
        actor=secretariat,
        cohort=cohort,
        kind="decision_accepted",
        subject="Welcome aboard {edition}, {name}",
        body="Dear {name},\n\n<b>You are in</b>. Start: {phase1_start}. {link}",
    )
    session.commit()
    lines = {line.kind: line for line in template_lines(session=session, cohort=cohort)}
    assert (lines["decision_accepted"].custom, lines["decision_rejected"].custom) == (True, False)
    assert "bulk" not in lines
    other = {line.kind: line for line in template_lines(session=session, cohort=cohort_a_year_earlier)}
    assert (other["decision_accepted"].custom, other["decision_accepted"].subject) == (
        False,
        KINDS["decision_accepted"].subject,
    )
    [entry] = audits(session, "message_template_saved")
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"default": True},
        {
            "subject": "Welcome aboard {edition}, {name}",
            "body": "Dear {name},\n\n<b>You are in</b>. Start: {phase1_start}. {link}\n",
        },
    )
    assert (entry.entity_id, entry.cohort_id) == ("decision_accepted:en", cohort.id)
    _, application = register(full_name="Ana Lima", email="ana@example.org")
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id],
        decision=ApplicationStatus.ACCEPTED,
    )
    session.commit()
    message = session.exec(select(OutboxMessage).where(OutboxMessage.subject.startswith("Welcome"))).one()
    assert message.subject == "Welcome aboard Smart City Champions 2022, Ana Lima"
    assert message.body == (
        "Dear Ana Lima,\n\n<b>You are in</b>. Start: 4 March 2022. https://champions.example/my-application\n"
    )
    reset_template(session=session, actor=secretariat, cohort=cohort, kind="decision_accepted")
    session.commit()
    assert session.exec(select(MessageTemplate)).all() == []
    [entry] = audits(session, "message_template_reset")
    assert json.loads(entry.after) == {"default": True}
    assert [line.custom for line in templates_in(session=session, cohort_name="2022")] == [False] * len(lines)


def test_the_scheduler_sends_the_editions_wording(session, cohort, people, secretariat):
    save_template(
        session=session,
        actor=secretariat,
        cohort=cohort,
        kind="lecture_reminder",
        subject="{lecture} starts {when}",
        body="{name}: {lecture}, {when}. {link}",
    )
    lecture_at(session, cohort, secretariat, LECTURE)
    assert schedule_due(session=session, now=LECTURE - 24 * HOUR).sent == 3
    subjects = {
        m.subject for m in session.exec(select(OutboxMessage).where(OutboxMessage.attachment_name != ""))
    }
    assert subjects == {"Open data for safer streets starts Thu 10 Mar 2022, 10:00 KST"}


def test_the_preview_fills_the_typed_wording_with_a_real_recipients_data(
    session, cohort, people, secretariat
):
    lecture_at(session, cohort, secretariat, LECTURE)
    shown = preview_template(
        session=session,
        cohort=cohort,
        kind="lecture_reminder",
        subject="Soon: {lecture}",
        body="Hi {name}, {lecture} starts {when}. {where}",
        now=LECTURE - 48 * HOUR,
    )
    assert (shown.recipient, shown.subject) == (
        "Ana Lima <ana@example.org>",
        "Soon: Open data for safer streets",
    )
    assert shown.body == (
        "Hi Ana Lima, Open data for safer streets starts Thu 10 Mar 2022, 10:00 KST. "
        "Join: https://meet.example.org/1\n"
    )
    waiting = preview_template(
        session=session, cohort=cohort, kind="decision_waitlisted", subject="{name}", body="{edition}"
    )
    assert (waiting.recipient, waiting.subject) == ("Waiting Person <waiting@example.org>", "Waiting Person")
    nobody = preview_template(
        session=session, cohort=cohort, kind="scoring_reminder", subject="{count} left", body="{name}"
    )
    assert nobody.recipient == "Nobody of this edition gets this message yet: shown with examples."
    assert (nobody.subject, nobody.body) == ("2 left", "[name]\n")
    with pytest.raises(RuleViolation) as refused:
        preview_template(session=session, cohort=cohort, kind="lecture_reminder", subject="{x}", body="b")
    assert list(reasons(refused)) == ["subject"]
    assert session.exec(select(MessageTemplate)).all() == []


# --- hold for review ----------------------------------------------------------------------------


def test_held_reminders_wait_until_approved_and_decisions_never_wait(
    session, cohort, people, register, secretariat, smtp
):
    send_pending(session=session, url=smtp.url)  # the decisions of `people`
    smtp.messages.clear()
    set_holding(session=session, actor=secretariat, cohort=cohort, on=True)
    session.commit()
    assert json.loads(audits(session, "messages_hold_switched")[0].after) == {"hold_for_review": True}
    lecture_at(session, cohort, secretariat, LECTURE)
    report = schedule_due(session=session, now=LECTURE - 24 * HOUR)
    assert (report.sent, report.held) == (0, 3)
    assert send_pending(session=session, url=smtp.url) == 0
    assert smtp.messages == []
    ana = people["ana"][0]
    in_app = [n.subject for n in notifications_of(session=session, user_id=ana.id, zone="Asia/Seoul")]
    assert in_app == ["You are accepted to Smart City Champions 2022"]  # the reminder is not shown yet
    assert [m.status for m in outbox_page(session=session).messages][:3] == [
        "held for review: approve or discard it on the Messages page"
    ] * 3
    # A decision is never held.
    _, application = register(full_name="Dae Park", email="dae@example.org")
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id],
        decision=ApplicationStatus.WAITLISTED,
    )
    session.commit()
    assert send_pending(session=session, url=smtp.url) == 1
    assert [(r, m["Subject"]) for r, m in smtp.messages] == [
        ("dae@example.org", "Your application to Smart City Champions 2022: on the waitlist")
    ]

    held = held_lines(session=session, cohort=cohort)
    assert [(h.recipient, h.subject) for h in held] == [
        (f"{tag}@example.org", "Tomorrow: Open data for safer streets") for tag in ("ana", "minjun", "bold")
    ]
    soon = LECTURE - 23 * HOUR
    assert approve_held(
        session=session, actor=secretariat, cohort=cohort, ids=[int(held[0].id)], now=soon
    ) == (
        1,
        0,
    )
    with pytest.raises(RuleViolation) as refused:
        discard_held(
            session=session, actor=secretariat, cohort=cohort, notification_id=int(held[1].id), reason=" "
        )
    assert reasons(refused) == {"reason": "Say why, in up to 300 characters."}
    discard_held(
        session=session,
        actor=secretariat,
        cohort=cohort,
        notification_id=int(held[1].id),
        reason="Wrong room",
    )
    session.commit()
    assert send_pending(session=session, url=smtp.url) == 1
    assert smtp.to("ana@example.org")[0]["Subject"] == "Tomorrow: Open data for safer streets"
    assert [n.subject for n in notifications_of(session=session, user_id=ana.id, zone="Asia/Seoul")] == [
        "You are accepted to Smart City Champions 2022",  # sent now; the reminder "on" LECTURE - 23 h
        "Tomorrow: Open data for safer streets",
    ]
    dropped = session.get(Notification, int(held[1].id))
    assert (dropped.state, dropped.reason) == ("dropped", "discarded by the secretariat: Wrong room")
    assert session.get(OutboxMessage, dropped.outbox_id).review == "discarded"
    assert audits(session, "held_message_discarded")[0].reason == "Wrong room"

    assert approve_held(session=session, actor=secretariat, cohort=cohort, now=soon) == (1, 0)
    session.commit()
    assert send_pending(session=session, url=smtp.url) == 1
    assert smtp.to("minjun@example.org") == []
    assert len(smtp.to("bold@example.org")) == 1
    assert [json.loads(e.after)["released"] for e in audits(session, "held_messages_approved")] == [1, 1]
    with pytest.raises(RuleViolation):
        approve_held(session=session, actor=secretariat, cohort=cohort)
    assert review_in(session=session, cohort_name="2022").held == []


def test_a_held_reminder_whose_lecture_moved_or_passed_is_dropped_with_the_reason(
    session, cohort, people, secretariat
):
    set_holding(session=session, actor=secretariat, cohort=cohort, on=True)
    lecture = lecture_at(session, cohort, secretariat, LECTURE)
    assert schedule_due(session=session, now=LECTURE - 24 * HOUR).held == 3
    session.execute(
        update(Lecture)
        .where(Lecture.id == lecture.id)
        .values(starts_at=LECTURE + 48 * HOUR, ends_at=LECTURE + 50 * HOUR)
    )
    session.commit()
    schedule_due(session=session, now=LECTURE - 23 * HOUR)
    states = session.exec(
        select(Notification.state, Notification.reason).where(Notification.kind == "lecture_reminder")
    ).all()
    assert set(states) == {
        ("dropped", "no longer applies (its date moved, it was cancelled, or it was done) while it was held")
    }
    assert len(states) == 3
    # The moved lecture's reminder is held in its turn; approving it after the lecture began drops it.
    assert schedule_due(session=session, now=LECTURE + 24 * HOUR).held == 3
    released = approve_held(session=session, actor=secretariat, cohort=cohort, now=LECTURE + 49 * HOUR)
    assert released == (0, 3)
    set_holding(session=session, actor=secretariat, cohort=cohort, on=False)
    session.commit()
    assert [json.loads(e.after) for e in audits(session, "messages_hold_switched")] == [
        {"hold_for_review": True},
        {"hold_for_review": False},
    ]
    assert (
        session.exec(select(OutboxMessage.review).where(OutboxMessage.review != "")).all()
        == ["discarded"] * 6
    )


def test_the_cli_lists_and_approves_what_is_held(session, cohort, people, secretariat, capsys):
    from champions.cli import main

    set_holding(session=session, actor=secretariat, cohort=cohort, on=True)
    soon = datetime.now(UTC).replace(microsecond=0) + 10 * HOUR
    lecture_at(session, cohort, secretariat, soon)
    assert main(["notifications", "run-due", "--no-send"]) == 0
    assert capsys.readouterr().out == (
        "Reminders: 3 newly due, 0 queued for sending, 3 held for review, 0 dropped with their reason.\n"
        "Emails were left in the outbox.\n"
    )
    assert main(["notifications", "approve-held", "--cohort", "2022", "--dry-run"]) == 0
    assert capsys.readouterr().out == "3 messages of 2022 are held for review.\n" + "".join(
        f"  {tag}@example.org: Tomorrow: Open data for safer streets\n" for tag in ("ana", "minjun", "bold")
    )
    assert main(["notifications", "approve-held", "--cohort", "2022", "--as", "ana@example.org"]) == 2
    assert main(["notifications", "approve-held", "--cohort", "2022", "--as", "secretariat@example.org"]) == 0
    assert capsys.readouterr().out.endswith("Approved: 3 sent, 0 dropped (their moment passed); audited.\n")
    session.expire_all()
    assert held_lines(session=session, cohort=cohort) == []
