"""Notifications end to end: events and reminders go through the outbox into a real SMTP
server (aiosmtpd), to the right people only, once, with the right dates; with two senders at
once, after a sender died mid-send, after the app was down; a moved lecture moves its
reminder; unsubscribing stops that kind only."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from champions.models import (
    ApplicationStatus,
    AttendanceStatus,
    JudgingRound,
    Notification,
    OutboxMessage,
    ReviewAssignment,
    Role,
    SubmissionVersion,
    Team,
    TeamMember,
    Workshop,
)
from champions.services.judging.assignment import auto_assign
from champions.services.judging.rubrics import move_round
from champions.services.messages.notify import (
    mark_all_read,
    notifications_of,
    remember_zone,
    set_muted_kinds,
    unread_count,
    unsubscribe,
)
from champions.services.messages.outbox import send_pending
from champions.services.messages.scheduler import schedule_due
from champions.services.messages.templates import KINDS, render, unknown_placeholders
from champions.services.phase1.attendance import record_attendance
from champions.services.phase2.workshops import grant_extension
from champions.services.registration.applications import decide_applications, withdraw_application

from .conftest import HOUR, LECTURE, ORIGIN, lecture_at

DEADLINE = datetime(2022, 5, 11, 9, 0, tzinfo=UTC)


def text(message) -> str:
    """The plain-text body as written (SMTP carries CRLF line ends)."""
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def deliver(session, smtp) -> int:
    return send_pending(session=session, url=smtp.url)


def kinds_sent(session) -> list[tuple[str, str]]:
    return sorted(
        (n.kind, str(n.user_id))
        for n in session.exec(select(Notification).where(Notification.state == "sent"))
    )


# --- events ------------------------------------------------------------------------------------


def test_decisions_go_to_each_applicant_once_with_their_own_kind(session, cohort, people, secretariat, smtp):
    # The waitlisted applicant gets a place: promoted, not a second "accepted".
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[people["waiting"][1].id],
        decision=ApplicationStatus.ACCEPTED,
    )
    session.commit()
    assert deliver(session, smtp) == 6
    assert deliver(session, smtp) == 0  # once
    edition = "Smart City Champions 2022"
    assert smtp.subjects() == [
        ("ana@example.org", f"You are accepted to {edition}"),
        ("bold@example.org", f"You are accepted to {edition}"),
        ("minjun@example.org", f"You are accepted to {edition}"),
        ("rejected@example.org", f"Your application to {edition}"),
        ("waiting@example.org", f"A place opened: you are accepted to {edition}"),
        ("waiting@example.org", f"Your application to {edition}: on the waitlist"),
    ]
    [accepted] = smtp.to("bold@example.org")
    body = text(accepted)
    # Plain text: a name with markup stays the characters typed, and there is nothing to leave
    # (decisions are always sent).
    assert accepted.get_content_type() == "text/plain"
    assert body.startswith("Hello <b>Bold</b> Name,\n\nCongratulations: your application to " + edition)
    assert "Phase 1 (the lectures) starts on 4 March 2022." in body
    assert f"{ORIGIN}/my-application" in body
    assert accepted["List-Unsubscribe"] is None and "To stop these emails" not in body


def test_a_withdrawal_is_confirmed_and_the_team_told(session, cohort, people, secretariat, smtp):
    ana, minjun = people["ana"][0], people["minjun"][0]
    team = Team(cohort_id=cohort.id, name="Night Owls", name_key="night owls", invite_code="OWLS1")
    session.add(team)
    session.flush()
    session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=ana.id))
    session.commit()
    session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=minjun.id))
    session.commit()
    withdraw_application(
        session=session, user=minjun, application_id=people["minjun"][1].id, today=cohort.phase1_start
    )
    session.commit()
    deliver(session, smtp)
    assert [m["Subject"] for m in smtp.to("ana@example.org")][1:] == ["Your team Night Owls changed"]
    assert "김민준 withdrew from the program and left your team." in text(smtp.to("ana@example.org")[1])
    assert [m["Subject"] for m in smtp.to("minjun@example.org")] == [
        "You are accepted to Smart City Champions 2022",
        "You withdrew from Smart City Champions 2022",
    ]


def test_an_extension_tells_the_team_its_new_deadline_in_each_members_zone(
    session, cohort, people, secretariat, smtp
):
    ana, minjun = people["ana"][0], people["minjun"][0]
    remember_zone(session=session, user_id=ana.id, zone="America/Sao_Paulo")
    workshop = Workshop(
        cohort_id=cohort.id,
        position=1,
        title="Framing",
        brief="",
        opens_at=DEADLINE - 240 * HOUR,
        deadline=DEADLINE,
    )
    team = Team(cohort_id=cohort.id, name="Night Owls", name_key="night owls", invite_code="OWLS1")
    session.add_all([workshop, team])
    session.flush()
    session.add_all([TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=u.id) for u in (ana, minjun)])
    session.commit()
    grant_extension(
        session=session,
        actor=secretariat,
        team_id=team.id,
        workshop_id=workshop.id,
        deadline=DEADLINE + 48 * HOUR,
        reason="A member was ill",
    )
    session.commit()
    deliver(session, smtp)
    [to_ana] = [m for m in smtp.to("ana@example.org") if "more time" in m["Subject"]]
    [to_minjun] = [m for m in smtp.to("minjun@example.org") if "more time" in m["Subject"]]
    assert to_ana["Subject"] == "Night Owls: more time for Framing"
    assert (
        "new deadline for Framing: Fri 13 May 2022, 06:00 UTC-03 (Fri 13 May 2022, 18:00 KST, Seoul time)."
        in (text(to_ana))
    )
    assert "new deadline for Framing: Fri 13 May 2022, 18:00 KST." in text(to_minjun)
    assert smtp.to("bold@example.org")[1:] == []  # not in the team


# --- reminders ---------------------------------------------------------------------------------


def test_a_lecture_reminder_goes_24_hours_before_to_accepted_participants_once_with_its_ics(
    session, cohort, people, secretariat, smtp
):
    lecture = lecture_at(session, cohort, secretariat, LECTURE)
    remember_zone(session=session, user_id=people["ana"][0].id, zone="Europe/Paris")
    session.commit()
    assert schedule_due(session=session, now=LECTURE - 25 * HOUR).sent == 0
    report = schedule_due(session=session, now=LECTURE - 24 * HOUR)
    assert (report.scheduled, report.sent, report.dropped) == (3, 3, 0)
    assert schedule_due(session=session, now=LECTURE - 23 * HOUR).sent == 0  # once
    assert schedule_due(session=session, now=LECTURE - HOUR).sent == 0
    deliver(session, smtp)
    reminders = [(r, m) for r, m in smtp.messages if m["Subject"].startswith("Tomorrow")]
    assert sorted(r for r, _ in reminders) == ["ana@example.org", "bold@example.org", "minjun@example.org"]
    to_ana = dict(reminders)["ana@example.org"]
    assert to_ana["Subject"] == "Tomorrow: Open data for safer streets"
    body = text(to_ana)
    assert (
        "the lecture Open data for safer streets of Smart City Champions 2022 starts "
        "Thu 10 Mar 2022, 02:00 CET (Thu 10 Mar 2022, 10:00 KST, Seoul time)." in body
    )
    assert "Join: https://meet.example.org/1" in body
    [ics] = list(to_ana.iter_attachments())
    assert ics.get_filename() == "lecture-1.ics" and ics.get_content_type() == "text/calendar"
    calendar = ics.get_content()
    assert f"UID:lecture-{lecture.id}@champions.wego-cities.org" in calendar
    assert "DTSTART:20220310T010000Z" in calendar
    # An optional kind: a link to stop it, and the one-click headers of RFC 8058.
    assert to_ana["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = to_ana["List-Unsubscribe"].strip("<>")
    assert url.startswith(f"{ORIGIN}/api/unsubscribe?token={people['ana'][0].id}.lecture_reminder.")
    assert f"To stop these emails (Lecture reminders (24 hours before)): {url}" in body


def test_a_moved_lecture_moves_its_reminder(session, cohort, people, secretariat, smtp):
    lecture = lecture_at(session, cohort, secretariat, LECTURE)
    assert schedule_due(session=session, now=LECTURE - 24 * HOUR).sent == 3
    # Moved two days later after the first reminder: a new one goes 24 h before the new time.
    lecture.starts_at, lecture.ends_at = LECTURE + 48 * HOUR, LECTURE + 50 * HOUR
    session.add(lecture)
    session.commit()
    assert schedule_due(session=session, now=LECTURE + 23 * HOUR).sent == 0
    assert schedule_due(session=session, now=LECTURE + 24 * HOUR).sent == 3
    deliver(session, smtp)
    bodies = [text(m) for m in smtp.to("minjun@example.org")[1:]]
    assert ["starts Thu 10 Mar 2022, 10:00 KST." in b for b in bodies] == [True, False]
    assert ["starts Sat 12 Mar 2022, 10:00 KST." in b for b in bodies] == [False, True]


def test_a_reminder_recorded_then_moved_before_it_went_is_dropped_with_the_reason(
    session, cohort, people, secretariat
):
    lecture = lecture_at(session, cohort, secretariat, LECTURE)
    # A pass recorded the reminders and died before sending them (they stay scheduled).
    from champions.services.messages.scheduler import _record, due_reminders

    _record(session, due_reminders(session=session, now=LECTURE - 24 * HOUR), LECTURE - 24 * HOUR)
    lecture.starts_at, lecture.ends_at = LECTURE + 72 * HOUR, LECTURE + 74 * HOUR
    session.add(lecture)
    session.commit()
    report = schedule_due(session=session, now=LECTURE - 23 * HOUR)
    assert (report.sent, report.dropped) == (0, 3)
    reasons = set(session.exec(select(Notification.reason).where(Notification.state == "dropped")))
    assert reasons == {"no longer applies (its date moved, it was cancelled, or it was done)"}


def test_a_moment_passed_while_the_app_was_down_is_sent_if_still_useful_else_dropped(
    session, cohort, people, secretariat
):
    early = lecture_at(session, cohort, secretariat, LECTURE, title="Early")
    later = lecture_at(session, cohort, secretariat, LECTURE + 10 * HOUR, title="Later")
    # Down from 30 hours before the first lecture until one hour after it started.
    report = schedule_due(session=session, now=LECTURE + HOUR)
    assert (report.sent, report.dropped) == (3, 3)
    sent = session.exec(select(Notification).where(Notification.kind == "lecture_reminder")).all()
    assert {n.subject_key for n in sent if n.state == "sent"} == {f"lecture:{later.id}"}
    dropped = session.exec(select(Notification).where(Notification.state == "dropped")).all()
    assert {(n.subject_key, n.reason) for n in dropped} == {
        (f"lecture:{early.id}", "its moment passed before it could be sent (the app was not running)")
    }
    assert session.exec(select(OutboxMessage).where(OutboxMessage.subject == "Tomorrow: Early")).all() == []
    assert schedule_due(session=session, now=LECTURE + 2 * HOUR) == type(report)(0, 0, 0)


def test_reflection_reminders_go_to_those_who_missed_the_lecture_and_have_not_reflected(
    session, cohort, people, secretariat, smtp
):
    lecture = lecture_at(session, cohort, secretariat, LECTURE)
    ana, minjun, bold = (people[k][0] for k in ("ana", "minjun", "bold"))
    record_attendance(
        session=session,
        actor=secretariat,
        lecture_id=lecture.id,
        marks={ana.id: AttendanceStatus.PRESENT, minjun.id: AttendanceStatus.ABSENT},
        now=LECTURE + HOUR,
    )
    session.commit()
    closes = lecture.ends_at + timedelta(days=7)
    assert schedule_due(session=session, now=closes - 49 * HOUR).sent == 0
    assert schedule_due(session=session, now=closes - 48 * HOUR).sent == 2
    deliver(session, smtp)
    due = [(r, m) for r, m in smtp.messages if m["Subject"].startswith("Your reflection")]
    assert sorted(r for r, _ in due) == ["bold@example.org", "minjun@example.org"]
    assert (
        due[0][1]["Subject"]
        == "Your reflection on Open data for safer streets is due Thu 17 Mar 2022, 12:00 KST"
    )
    assert bold.id not in {ana.id}


def test_workshop_deadline_reminders_72_and_24_hours_before_to_teams_without_a_submission(
    session, cohort, people, secretariat, smtp
):
    ana, minjun, bold = (people[k][0] for k in ("ana", "minjun", "bold"))
    workshop = Workshop(
        cohort_id=cohort.id,
        position=1,
        title="Framing",
        brief="",
        opens_at=DEADLINE - 240 * HOUR,
        deadline=DEADLINE,
    )
    idle = Team(cohort_id=cohort.id, name="Idle", name_key="idle", invite_code="IDLE1")
    done = Team(cohort_id=cohort.id, name="Done", name_key="done", invite_code="DONE1")
    session.add_all([workshop, idle, done])
    session.flush()
    session.add_all(
        [
            TeamMember(team_id=idle.id, cohort_id=cohort.id, user_id=ana.id),
            TeamMember(team_id=idle.id, cohort_id=cohort.id, user_id=minjun.id),
            TeamMember(team_id=done.id, cohort_id=cohort.id, user_id=bold.id),
            SubmissionVersion(
                team_id=done.id,
                workshop_id=workshop.id,
                number=1,
                title="t",
                summary="s",
                submitted_by=bold.id,
            ),
        ]
    )
    session.commit()
    assert schedule_due(session=session, now=DEADLINE - 73 * HOUR).sent == 0
    assert schedule_due(session=session, now=DEADLINE - 72 * HOUR).sent == 2
    assert schedule_due(session=session, now=DEADLINE - 30 * HOUR).sent == 0
    assert schedule_due(session=session, now=DEADLINE - 24 * HOUR).sent == 2
    assert schedule_due(session=session, now=DEADLINE - HOUR).sent == 0
    deliver(session, smtp)
    assert [m["Subject"] for m in smtp.to("ana@example.org")[1:]] == [
        "Framing: deadline in 72 hours",
        "Framing: deadline in 24 hours",
    ]
    assert "The deadline is Wed 11 May 2022, 18:00 KST." in text(smtp.to("ana@example.org")[1])
    assert smtp.to("bold@example.org")[1:] == []


def test_mentors_get_one_digest_per_round_and_a_scoring_reminder_for_unscored_items(
    session, cohort, make_user, secretariat, smtp
):
    make_user(email="mentor@example.org", full_name="Mentor One", role=Role.MENTOR)
    member = make_user(email="member@example.org", full_name="Member")
    workshop = Workshop(
        cohort_id=cohort.id,
        position=1,
        title="Framing",
        brief="",
        opens_at=DEADLINE - 240 * HOUR,
        deadline=DEADLINE,
    )
    team = Team(cohort_id=cohort.id, name="T", name_key="t", invite_code="T1")
    session.add_all([workshop, team])
    session.flush()
    session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=member.id))
    session.add(
        SubmissionVersion(
            team_id=team.id,
            workshop_id=workshop.id,
            number=1,
            title="t",
            summary="s",
            submitted_by=member.id,
            submitted_at=DEADLINE - HOUR,
        )
    )
    cohort.reviewers_per_submission = 1
    session.add(cohort)
    session.commit()
    opened = DEADLINE + HOUR
    move_round(session=session, actor=secretariat, workshop_id=workshop.id, move="open", now=opened)
    auto_assign(session=session, actor=secretariat, cohort=cohort)
    closes = opened + timedelta(days=10)
    session.execute(
        update(JudgingRound).where(JudgingRound.workshop_id == workshop.id).values(scoring_closes_at=closes)
    )
    session.commit()
    code = session.exec(select(ReviewAssignment.code)).one()
    assert schedule_due(session=session, now=opened + HOUR).sent == 1
    assert schedule_due(session=session, now=opened + 2 * HOUR).sent == 0
    assert schedule_due(session=session, now=closes - 48 * HOUR).sent == 1
    deliver(session, smtp)
    digest, reminder = smtp.to("mentor@example.org")
    assert digest["Subject"] == "1 submissions of Framing wait for your scores"
    assert f"- submission {code}" in text(digest) and "Member" not in text(digest)
    assert reminder["Subject"] == "Framing: 1 submissions still to score"
    assert "closes Sat 21 May 2022, 19:00 KST. You have 1 submissions" in text(reminder)
    assert smtp.to("member@example.org") == []


# --- reliability -------------------------------------------------------------------------------


def test_two_schedulers_at_once_send_each_reminder_once(session, engine, cohort, people, secretariat):
    lecture_at(session, cohort, secretariat, LECTURE)
    reports = []

    def worker():
        with Session(engine, expire_on_commit=False) as own:
            reports.append(schedule_due(session=own, now=LECTURE - 20 * HOUR))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(r.sent for r in reports) == 3
    reminders = session.exec(
        select(OutboxMessage.to_email).where(OutboxMessage.subject.startswith("Tomorrow"))
    )
    assert sorted(reminders) == ["ana@example.org", "bold@example.org", "minjun@example.org"]


def test_two_senders_at_once_deliver_each_email_once(session, engine, cohort, people, smtp):
    waiting = len(session.exec(select(OutboxMessage)).all())
    assert waiting == 5
    counts = []

    def worker():  # each also with three connections at once
        with Session(engine, expire_on_commit=False) as own:
            counts.append(send_pending(session=own, url=smtp.url, parallel=3))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == 5
    assert sorted(r for r, _ in smtp.messages) == [
        "ana@example.org",
        "bold@example.org",
        "minjun@example.org",
        "rejected@example.org",
        "waiting@example.org",
    ]


def test_a_sender_that_died_mid_send_is_taken_over_after_its_claim_expires(session, cohort, people, smtp):
    now = datetime.now(UTC)
    first = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    # A sender claimed the first message and died before handing it to the server.
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == first.id).values(claimed_at=now, attempts=1)
    )
    session.commit()
    assert send_pending(session=session, url=smtp.url, now=now + timedelta(minutes=1)) == 4
    assert first.to_email not in [r for r, _ in smtp.messages]  # still claimed: left alone
    assert send_pending(session=session, url=smtp.url, now=now + timedelta(minutes=11)) == 1
    assert sorted(r for r, _ in smtp.messages).count(first.to_email) == 1
    assert send_pending(session=session, url=smtp.url, now=now + timedelta(minutes=30)) == 0


def test_a_pass_that_crashed_before_committing_leaves_nothing_half_sent(
    session, engine, cohort, people, secretariat, monkeypatch
):
    lecture_at(session, cohort, secretariat, LECTURE)
    import champions.services.messages.scheduler as scheduler

    def crash(*args, **kwargs):
        raise SystemExit("killed between claiming the batch and committing it")

    with monkeypatch.context() as patched, Session(engine, expire_on_commit=False) as dying:
        patched.setattr(scheduler, "send_all", crash)
        with pytest.raises(SystemExit):
            schedule_due(session=dying, now=LECTURE - 24 * HOUR)
    # The batch's transaction never committed: no email queued, every reminder still scheduled.
    assert session.exec(select(OutboxMessage).where(OutboxMessage.subject.startswith("Tomorrow"))).all() == []
    assert schedule_due(session=session, now=LECTURE - 23 * HOUR).sent == 3
    assert (
        len(session.exec(select(OutboxMessage).where(OutboxMessage.subject.startswith("Tomorrow"))).all())
        == 3
    )


# --- people's control --------------------------------------------------------------------------


def test_unsubscribing_stops_that_kind_only(session, cohort, people, secretariat, smtp):
    ana = people["ana"][0]
    first = lecture_at(session, cohort, secretariat, LECTURE, title="First")
    schedule_due(session=session, now=LECTURE - 24 * HOUR)
    deliver(session, smtp)
    [reminder] = [m for m in smtp.to("ana@example.org") if m["Subject"] == "Tomorrow: First"]
    token = reminder["List-Unsubscribe"].strip("<>").split("token=")[1]
    assert unsubscribe(session=session, token=token + "x") is None
    assert (
        unsubscribe(session=session, token=token.replace(".lecture_reminder.", ".decision_accepted.")) is None
    )
    assert unsubscribe(session=session, token=token) == "Lecture reminders (24 hours before)"
    session.commit()
    lecture_at(session, cohort, secretariat, LECTURE + 72 * HOUR, title="Second")
    report = schedule_due(session=session, now=LECTURE + 48 * HOUR)
    assert (report.sent, report.dropped) == (2, 1)
    dropped = session.exec(select(Notification).where(Notification.state == "dropped")).one()
    assert (dropped.user_id, dropped.reason) == (ana.id, "turned off by the recipient")
    # Other kinds still reach her: the reflection reminder on the first lecture she missed.
    closes = first.ends_at + timedelta(days=7)
    schedule_due(session=session, now=closes - 48 * HOUR)
    deliver(session, smtp)
    assert [m["Subject"] for m in smtp.to("ana@example.org")][1:] == [
        "Tomorrow: First",
        "Your reflection on First is due Thu 17 Mar 2022, 12:00 KST",
    ]
    # Decisions cannot be turned off.
    assert set_muted_kinds(session=session, user_id=ana.id, kinds=["decision_rejected", "team_changed"]) == [
        "team_changed"
    ]


def test_the_in_app_list_shows_sent_messages_and_marks_them_read(session, cohort, people, secretariat):
    ana = people["ana"][0]
    lecture_at(session, cohort, secretariat, LECTURE)
    schedule_due(session=session, now=LECTURE - 24 * HOUR)
    session.commit()
    assert unread_count(session=session, user_id=ana.id) == 2
    lines = notifications_of(session=session, user_id=ana.id, zone="Asia/Seoul")
    assert sorted(line.subject for line in lines) == [
        "Tomorrow: Open data for safer streets",
        "You are accepted to Smart City Champions 2022",
    ]
    [reminder] = [line for line in lines if line.subject.startswith("Tomorrow")]
    assert reminder.link == f"{ORIGIN}/schedule" and "To stop these emails" not in reminder.body
    assert reminder.sent == "Wed 9 Mar 2022, 10:00 KST" and reminder.unread
    assert mark_all_read(session=session, user_id=ana.id) == 2
    assert unread_count(session=session, user_id=ana.id) == 0
    assert notifications_of(session=session, user_id=people["waiting"][0].id, zone="UTC")[0].subject == (
        "Your application to Smart City Champions 2022: on the waitlist"
    )


def test_templates_fill_only_their_own_placeholders():
    kind = KINDS["lecture_reminder"]
    assert unknown_placeholders("Hi {name}, {lecture} at {when} {password_hash} {0.__class__}", kind) == [
        "0.__class__",
        "password_hash",
    ]
    subject, body = render(kind, {"name": "{when}", "lecture": "A\r\nBcc: x@y", "when": "now", "link": "L"})
    assert subject == "Tomorrow: A Bcc: x@y"  # one line: no header can be slipped in
    assert body.startswith("Hello {when},")  # a value is never filled in again
    for spec in KINDS.values():
        assert unknown_placeholders(spec.subject + spec.body, spec) == [], spec.name


def test_the_cli_runs_one_pass_for_cron(session, cohort, people, secretariat, smtp, monkeypatch, capsys):
    from champions.cli import main

    soon = datetime.now(UTC).replace(microsecond=0) + 10 * HOUR
    lecture_at(session, cohort, secretariat, soon)
    monkeypatch.setenv("CHAMPIONS_SMTP_URL", smtp.url)
    assert main(["notifications", "run-due"]) == 0
    assert capsys.readouterr().out == (
        "Reminders: 3 newly due, 3 queued for sending, 0 dropped with their reason.\nEmails delivered: 8.\n"
    )
    assert main(["notifications", "run-due", "--no-send"]) == 0
    assert capsys.readouterr().out == (
        "Reminders: 0 newly due, 0 queued for sending, 0 dropped with their reason.\n"
        "Emails were left in the outbox.\n"
    )
    assert len([m for _, m in smtp.messages if m["Subject"].startswith("Tomorrow")]) == 3


def _run_in_own_thread(make_coroutine) -> None:
    """asyncio.run in a thread of its own: the browser tests' Playwright may hold this thread's
    event loop when the whole suite runs."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: asyncio.run(make_coroutine())).result()


def test_the_apps_background_task_runs_the_scheduler_and_the_sender(
    session, cohort, people, secretariat, smtp, monkeypatch
):
    import asyncio

    from champions.services.messages.outbox import deliver_forever

    soon = datetime.now(UTC).replace(microsecond=0) + 10 * HOUR
    lecture_at(session, cohort, secretariat, soon)
    monkeypatch.setenv("CHAMPIONS_SMTP_URL", smtp.url)
    monkeypatch.setenv("CHAMPIONS_SCHEDULER_SECONDS", "0.2")

    async def run_briefly():
        task = asyncio.create_task(deliver_forever(every_seconds=0.1))
        for _ in range(200):  # until the wave is delivered (at most 20 s)
            await asyncio.sleep(0.1)
            if len([m for _, m in smtp.messages if m["Subject"].startswith("Tomorrow")]) == 3:
                break
        task.cancel()

    _run_in_own_thread(run_briefly)
    assert sorted(r for r, m in smtp.messages if m["Subject"].startswith("Tomorrow")) == [
        "ana@example.org",
        "bold@example.org",
        "minjun@example.org",
    ]
    # Turned off (0), the app runs no pass of its own: nothing new is scheduled.
    monkeypatch.setenv("CHAMPIONS_SCHEDULER_SECONDS", "0")
    lecture_at(session, cohort, secretariat, soon + HOUR, title="Later")

    async def run_off():
        task = asyncio.create_task(deliver_forever(every_seconds=0.1))
        await asyncio.sleep(1)
        task.cancel()

    _run_in_own_thread(run_off)
    assert (
        session.exec(select(Notification).where(Notification.subject_key.startswith("lecture:"))).all() != []
    )
    assert [m for _, m in smtp.messages if m["Subject"] == "Tomorrow: Later"] == []
