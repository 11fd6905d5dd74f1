"""Messages computed from an edition's state by the scheduler, each once: at risk of not
completing Phase 1 (the progress rule), Phase 2 opened (to those who may be in a team), a
certificate available (once the award list shows), and the secretariat's daily digest (once a
day per account, switchable per edition)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from champions.models import (
    Application,
    AttendanceStatus,
    AwardList,
    Credential,
    CredentialKind,
    Notification,
    OutboxMessage,
    Reflection,
    Role,
    SubmissionVersion,
    Team,
    TeamMember,
    Workshop,
)
from champions.services.messages.digest import digest_time
from champions.services.messages.notify import preferences_of
from champions.services.messages.scheduler import schedule_due
from champions.services.messages.switches import save_switches
from champions.services.phase1.attendance import record_attendance

from .conftest import HOUR, LECTURE, lecture_at

STATE_REMINDERS = True  # see conftest
EARLY = datetime(2022, 1, 20, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def applied_early(session, people):
    """Every application of `people` made on 20 January (not "new" for a digest)."""
    session.execute(update(Application).values(submitted_at=EARLY))
    session.commit()


def sent(session, kind: str) -> list[tuple[str, str, str]]:
    """(recipient, subject, body) of each email of this kind, by recipient."""
    rows = session.exec(
        select(OutboxMessage.to_email, OutboxMessage.subject, OutboxMessage.body)
        .join(Notification, Notification.outbox_id == OutboxMessage.id)
        .where(Notification.kind == kind)
        .order_by(OutboxMessage.to_email, OutboxMessage.id)
    ).all()
    return [tuple(row) for row in rows]


def test_at_risk_goes_once_to_those_the_progress_rule_finds_at_risk(session, cohort, people, secretariat):
    cohort.phase1_required = 2
    session.add(cohort)
    ana, minjun, bold = (people[k][0] for k in ("ana", "minjun", "bold"))
    first = lecture_at(session, cohort, secretariat, LECTURE, title="One")
    second = lecture_at(session, cohort, secretariat, LECTURE + 7 * 24 * HOUR, title="Two")
    marks = [
        (
            first,
            {
                ana.id: AttendanceStatus.PRESENT,
                minjun.id: AttendanceStatus.ABSENT,
                bold.id: AttendanceStatus.PRESENT,
            },
        ),
        (
            second,
            {
                ana.id: AttendanceStatus.PRESENT,
                minjun.id: AttendanceStatus.ABSENT,
                bold.id: AttendanceStatus.ABSENT,
            },
        ),
    ]
    for lecture, mark in marks:
        record_attendance(
            session=session, actor=secretariat, lecture_id=lecture.id, marks=mark, now=lecture.ends_at
        )
    session.commit()
    now = LECTURE + 8 * 24 * HOUR  # 18 March: Phase 1 runs until 24 April
    schedule_due(session=session, now=now)
    [(to, subject, body)] = sent(session, "at_risk")
    assert (to, subject) == ("minjun@example.org", "Smart City Champions 2022: your Phase 1 is at risk")
    assert body.startswith(
        "Hello 김민준,\n\nYour Phase 1 of Smart City Champions 2022 is at risk: 0 of 2 attended; 2 more "
        "needed. You can no longer complete Phase 1; missed the last two lectures.\n"
    )
    assert "https://champions.example/schedule" in body and "/api/unsubscribe?token=" in body
    assert schedule_due(session=session, now=now + 24 * HOUR).sent == 0
    assert len(sent(session, "at_risk")) == 1


def test_phase2_opened_goes_when_it_starts_to_those_who_may_be_in_a_team(
    session, cohort, people, secretariat
):
    cohort.phase1_required = 1
    session.add(cohort)
    lecture = lecture_at(session, cohort, secretariat, LECTURE)
    ana, minjun = people["ana"][0], people["minjun"][0]
    marks = {ana.id: AttendanceStatus.PRESENT, minjun.id: AttendanceStatus.ABSENT}
    record_attendance(
        session=session, actor=secretariat, lecture_id=lecture.id, marks=marks, now=lecture.ends_at
    )
    session.commit()
    starts = datetime(2022, 4, 25, 0, 0, tzinfo=UTC)  # 25 April, 09:00 Seoul time
    schedule_due(session=session, now=starts - timedelta(minutes=1))
    assert sent(session, "phase2_opened") == []
    schedule_due(session=session, now=starts)
    [(to, subject, body)] = sent(session, "phase2_opened")
    assert (to, subject) == ("ana@example.org", "Smart City Champions 2022: Phase 2 has started")
    assert "Phase 2 of Smart City Champions 2022 (workshops and teams) starts on 25 April 2022." in body
    schedule_due(session=session, now=starts + 24 * HOUR)
    assert len(sent(session, "phase2_opened")) == 1
    # Without the Phase 1 requirement, everyone accepted may be in a team (a new edition's rule).
    cohort.phase2_requires_phase1 = False
    session.add(cohort)
    session.commit()
    schedule_due(session=session, now=starts + 25 * HOUR)
    assert [to for to, _, _ in sent(session, "phase2_opened")] == [
        "ana@example.org",
        "bold@example.org",
        "minjun@example.org",
    ]


def test_a_certificate_is_announced_once_per_valid_credential_when_the_list_shows(
    session, cohort, people, secretariat
):
    ana, bold = people["ana"][0], people["bold"][0]
    published = datetime(2022, 12, 1, 3, 0, tzinfo=UTC)
    session.add(AwardList(cohort_id=cohort.id, finalized_at=published - HOUR, finalized_by=secretariat.id))
    for code, holder, award, revoked in (
        ("A" * 16, ana, "Certificate of completion", None),
        ("B" * 16, bold, "Best idea", published),
    ):
        session.add(
            Credential(
                code=code,
                cohort_id=cohort.id,
                kind=CredentialKind.COMPLETION,
                award=award,
                holder_user_id=holder.id,
                holder_name=holder.full_name,
                issued_at=published - HOUR,
                revoked_at=revoked,
                revoked_reason="withdrawn" if revoked else "",
                qr_url="",
            )
        )
    session.commit()
    schedule_due(session=session, now=published)
    assert sent(session, "certificate_available") == []  # finalized, not shown yet
    session.execute(update(AwardList).values(published_at=published))
    session.commit()
    schedule_due(session=session, now=published + HOUR)
    [(to, subject, body)] = sent(session, "certificate_available")
    assert (to, subject) == (
        "ana@example.org",
        "Your certificate of Smart City Champions 2022: Certificate of completion",
    )
    assert "https://champions.example/awards" in body
    schedule_due(session=session, now=published + 2 * HOUR)
    assert len(sent(session, "certificate_available")) == 1


def test_the_secretariat_digest_goes_once_a_day_to_each_active_secretariat_account(
    session, cohort, people, secretariat, make_user
):
    other = make_user(email="second@example.org", full_name="Second Desk", role=Role.SECRETARIAT)
    gone = make_user(email="gone@example.org", full_name="Gone Desk", role=Role.SECRETARIAT)
    gone.is_active = False
    session.add(gone)
    ana, minjun = people["ana"][0], people["minjun"][0]
    new_ids = [people[k][1].id for k in ("ana", "minjun", "waiting")]
    session.execute(
        update(Application)
        .where(Application.id.in_(new_ids))
        .values(submitted_at=datetime(2022, 2, 1, 10, 0, tzinfo=UTC))
    )
    lecture = lecture_at(session, cohort, secretariat, LECTURE)
    session.add(Reflection(lecture_id=lecture.id, user_id=ana.id, text="What I learned."))
    workshop = Workshop(
        cohort_id=cohort.id,
        position=1,
        title="Framing",
        brief="",
        opens_at=EARLY,
        deadline=datetime(2022, 1, 31, 9, 0, tzinfo=UTC),
    )
    team = Team(cohort_id=cohort.id, name="Team Río", name_key="team río", invite_code="RIO12345")
    session.add_all([workshop, team])
    session.flush()
    session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=minjun.id))
    session.add(
        SubmissionVersion(
            team_id=team.id,
            workshop_id=workshop.id,
            number=1,
            title="Late",
            summary="s",
            submitted_by=minjun.id,
            submitted_at=datetime(2022, 2, 1, 12, 0, tzinfo=UTC),
            under_extension=True,
        )
    )
    session.commit()
    morning = datetime(2022, 2, 1, 22, 59, tzinfo=UTC)  # 07:59 Seoul time, 2 February
    assert digest_time(morning) == datetime(2022, 1, 31, 23, 0, tzinfo=UTC)  # still 1 February's
    assert digest_time(morning + timedelta(minutes=1)) == morning + timedelta(minutes=1)
    schedule_due(session=session, now=morning + timedelta(minutes=1))
    digests = sent(session, "secretariat_digest")
    assert [(to, subject) for to, subject, _ in digests] == [
        (to, "Smart City Champions 2022 today: 3 new applications, 1 reflections to review")
        for to in ("second@example.org", "secretariat@example.org")
    ]
    assert digests[0][2].startswith(
        "Hello Second Desk,\n\n"
        "Since the last digest of Smart City Champions 2022 (Tue 1 Feb 2022, 08:00 KST):\n"
        "- new applications: 3\n"
        "- reflections waiting for review: 1\n"
        "- late submissions (under an extension): 1\n"
        "- Team Río, Framing\n\n"
        "The secretariat's dashboard: https://champions.example/secretariat\n"
    )
    assert schedule_due(session=session, now=morning + 12 * HOUR).sent == 0  # once a day
    next_day = morning + 24 * HOUR + timedelta(minutes=1)
    schedule_due(session=session, now=next_day)
    second = sent(session, "secretariat_digest")[1]
    assert second[1] == "Smart City Champions 2022 today: 0 new applications, 1 reflections to review"
    assert (
        "(Wed 2 Feb 2022, 08:00 KST)" in second[2]
        and "- late submissions (under an extension): 0\n" in second[2]
    )
    # Switched off for the edition: the next day's digest goes to nobody.
    save_switches(
        session=session,
        actor=secretariat,
        cohort=cohort,
        chosen={k: "on" for k in ("decision_accepted", "lecture_reminder")},
    )
    session.commit()
    report = schedule_due(session=session, now=next_day + 24 * HOUR)
    assert (report.sent, report.dropped) == (0, 2)
    assert len(sent(session, "secretariat_digest")) == 4
    # Offered on the account page to the secretariat only.
    assert "secretariat_digest" in [c.name for c in preferences_of(session=session, user_id=other.id)]
    assert "secretariat_digest" not in [c.name for c in preferences_of(session=session, user_id=ana.id)]
