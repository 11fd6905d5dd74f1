"""Messages the secretariat writes to a segment: the right people only (each once), a preview
with the count before sending, the checks of the text, the audit entry, and the CLI."""

import json

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import (
    ApplicationStatus,
    AuditEntry,
    Notification,
    OutboxMessage,
    Role,
    Team,
    TeamMember,
)
from champions.services.messages.bulk import check_message, preview_bulk, recipients, segments, send_bulk
from champions.services.registration.applications import decide_applications


@pytest.fixture
def people(session, cohort, register, secretariat, make_user):
    cohort.capacity = 10
    session.add(cohort)
    made = {
        tag: register(full_name=name, email=f"{tag}@example.org")
        for tag, name in [
            ("ana", "Ana Lima"),
            ("minjun", "김민준"),
            ("waiting", "Waiting Person"),
            ("new", "New One"),
        ]
    }
    for tags, decision in (
        (["ana", "minjun"], ApplicationStatus.ACCEPTED),
        (["waiting"], ApplicationStatus.WAITLISTED),
    ):
        decide_applications(
            session=session,
            actor=secretariat,
            cohort_id=cohort.id,
            application_ids=[made[t][1].id for t in tags],
            decision=decision,
        )
    team = Team(cohort_id=cohort.id, name="Night Owls", name_key="night owls", invite_code="OWLS1")
    session.add(team)
    session.flush()
    session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=made["minjun"][0].id))
    make_user(email="mentor@example.org", full_name="Mentor One", role=Role.MENTOR)
    session.commit()
    return {tag: user for tag, (user, _) in made.items()} | {"team": team}


def emails(users) -> list[str]:
    return [u.email for u in users]


def test_each_segment_holds_exactly_its_people(session, cohort, people):
    team = people["team"]
    assert emails(recipients(session=session, cohort=cohort, segment="participants")) == [
        "ana@example.org",
        "minjun@example.org",
    ]
    assert emails(recipients(session=session, cohort=cohort, segment="applicants:submitted")) == [
        "new@example.org"
    ]
    assert emails(recipients(session=session, cohort=cohort, segment="applicants:waitlisted")) == [
        "waiting@example.org"
    ]
    assert emails(recipients(session=session, cohort=cohort, segment="teams")) == ["minjun@example.org"]
    assert emails(recipients(session=session, cohort=cohort, segment=f"team:{team.id}")) == [
        "minjun@example.org"
    ]
    assert emails(recipients(session=session, cohort=cohort, segment="mentors")) == ["mentor@example.org"]
    assert ("participants", "Accepted participants") in segments(session=session, cohort=cohort)
    assert (f"team:{team.id}", "Team Night Owls") in segments(session=session, cohort=cohort)
    for bad in ("everyone", "team:999", "applicants:nobody", "", "team:"):
        with pytest.raises(RuleViolation) as refused:
            recipients(session=session, cohort=cohort, segment=bad)
        assert str(refused.value.reasons[0].message) == "Choose who the message is for."


def test_the_text_is_checked_before_anything_goes():
    assert check_message("Hello {name}", "Dear {name}, welcome to {edition}.") == []
    reasons = check_message("Two\nlines", "Hi {nmae} {password_hash}")
    assert [(r.field, r.message) for r in reasons] == [
        ("subject", "Write a subject of one line, up to 200 characters."),
        ("body", "Unknown placeholder {nmae}, {password_hash}: use {name}, {edition}, or no braces."),
    ]
    assert [r.field for r in check_message("", "x" * 5001)] == ["subject", "body"]


def test_a_message_goes_to_the_segment_once_with_a_preview_and_an_audit(session, cohort, people, secretariat):
    before = set(session.exec(select(OutboxMessage.id)))
    preview = preview_bulk(
        session=session,
        cohort=cohort,
        segment="participants",
        subject="Welcome, {name}",
        body="Dear {name}, the <b>first</b> lecture of {edition} is on Thursday.",
    )
    assert preview.count == 2
    assert preview.names == ["Ana Lima <ana@example.org>", "김민준 <minjun@example.org>"]
    assert preview.subject == "Welcome, Ana Lima"
    assert preview.body.startswith(
        "Dear Ana Lima, the <b>first</b> lecture of Smart City Champions 2022 is on Thursday.\n\n"
    )
    assert set(session.exec(select(OutboxMessage.id))) == before  # a preview sends nothing
    count = send_bulk(
        session=session,
        actor=secretariat,
        cohort=cohort,
        segment="participants",
        subject="Welcome, {name}",
        body="Dear {name}, the <b>first</b> lecture of {edition} is on Thursday.",
    )
    session.commit()
    assert count == 2
    sent = session.exec(
        select(OutboxMessage).where(OutboxMessage.id.not_in(before)).order_by(OutboxMessage.id)
    ).all()
    assert [(m.to_email, m.subject) for m in sent] == [
        ("ana@example.org", "Welcome, Ana Lima"),
        ("minjun@example.org", "Welcome, 김민준"),
    ]
    assert sent[1].body.startswith("Dear 김민준, the <b>first</b> lecture")
    assert session.exec(select(Notification).where(Notification.kind == "bulk")).all()[0].state == "sent"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "bulk_message_sent")).one()
    assert entry.actor_id == secretariat.id
    assert json.loads(entry.after)["recipients"] == 2 and json.loads(entry.after)["segment"] == "participants"
    with pytest.raises(RuleViolation) as refused:
        send_bulk(
            session=session,
            actor=secretariat,
            cohort=cohort,
            segment="applicants:rejected",
            subject="S",
            body="B",
        )
    assert refused.value.reasons[0].message == "Nobody is in this group: nothing was sent."


def test_the_cli_previews_then_sends(session, cohort, people, secretariat, tmp_path, capsys):
    from champions.cli import main

    template = tmp_path / "welcome.txt"
    template.write_text("Welcome, {name}\nDear {name}, see you at {edition}.\n", encoding="utf-8")
    args = ["message", "--cohort", "2022", "--segment", "applicants:waitlisted", "--template", str(template)]
    assert main([*args, "--dry-run"]) == 0
    assert (
        capsys.readouterr().out
        == "1 people would get: Welcome, Waiting Person\n  Waiting Person <waiting@example.org>\n"
    )
    assert main(args) == 2
    assert "--as: name an active secretariat account" in capsys.readouterr().err
    assert main([*args, "--as", "ana@example.org"]) == 2
    assert main([*args, "--as", "secretariat@example.org"]) == 0
    assert capsys.readouterr().out.endswith("Sent to 1 people of 2022 (applicants:waitlisted); audited.\n")
    session.expire_all()
    [mail] = session.exec(
        select(OutboxMessage).where(OutboxMessage.subject == "Welcome, Waiting Person")
    ).all()
    assert mail.to_email == "waiting@example.org"


def test_a_kind_turned_off_for_an_edition_goes_to_nobody_of_it(session, cohort, people, secretariat):
    from datetime import UTC, datetime, timedelta

    from champions.services.messages.scheduler import schedule_due
    from champions.services.messages.switches import save_switches, switches_of

    lines = save_switches(
        session=session,
        actor=secretariat,
        cohort=cohort,
        chosen={line.name: "on" for line in switches_of(session=session, cohort=cohort)}
        | {"decision_rejected": "", "lecture_reminder": "off"},
    )
    session.commit()
    assert [line.name for line in lines if not line.on] == ["decision_rejected", "lecture_reminder"]
    assert "application_received" not in [line.name for line in lines]  # always sent
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "message_kinds_switched")).one()
    assert json.loads(entry.after) == {"off": ["decision_rejected", "lecture_reminder"]}
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[_app(session, "new")],
        decision=ApplicationStatus.REJECTED,
    )
    session.commit()
    rejected = session.exec(select(Notification).where(Notification.kind == "decision_rejected")).one()
    assert (rejected.state, rejected.reason) == ("dropped", "turned off for this edition by the secretariat")
    assert session.exec(select(OutboxMessage).where(OutboxMessage.to_email == "new@example.org")).all() == []
    from champions.models import Lecture, LectureMode

    start = datetime(2022, 3, 10, 1, 0, tzinfo=UTC)
    session.add(
        Lecture(
            cohort_id=cohort.id,
            title="L",
            speaker="S",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            mode=LectureMode.ONLINE,
        )
    )
    session.commit()
    report = schedule_due(session=session, now=start - timedelta(hours=24))
    assert (report.sent, report.dropped) == (0, 2)


def _app(session, tag: str) -> int:
    from champions.models import Application, User

    return session.exec(
        select(Application.id)
        .join(User, User.id == Application.user_id)
        .where(User.email == f"{tag}@example.org")
    ).one()
