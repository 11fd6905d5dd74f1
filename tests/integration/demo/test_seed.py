"""The demo data: loaded once, with the expected people, cohorts and spread of statuses."""

import csv
import hashlib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlmodel import select

import champions.demo
from champions.demo.phase1 import VENUE, weekday_on_or_before
from champions.demo.phase2 import TEAMS
from champions.demo.seed import (
    APPLICANTS,
    PARTICIPANT_EMAIL,
    SECRETARIAT_EMAIL,
    demo_logins,
    seed_demo,
)
from champions.infra.files import stored_path
from champions.infra.timezones import SEOUL
from champions.models import (
    Application,
    ApplicationStatus,
    AwardList,
    Extension,
    Reflection,
    ReflectionStatus,
    Role,
    SubmissionFile,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.services.phase1.attendance import WORKSHOP, lecture_counts
from champions.services.phase1.lectures import list_lectures, list_workshops
from champions.services.phase1.progress import at_risk, phase1_progress
from champions.services.phase2.recommendations import cohort_recommendations
from champions.services.phase2.submissions import versions_of
from champions.services.registration import countries
from champions.services.registration.applications import count_words
from champions.services.registration.cohorts import current_cohort, get_cohort, list_cohorts, open_cohort
from champions.services.registration.eligibility import age_on

from ..conftest import TABLES, row_count

# WeGO's 160 member local governments of 2022 (a copy of ../shared/data's list).
MEMBER_CITIES = Path(champions.demo.__file__).parent / "wego-member-cities-2022.csv"
EXPECTED_RECOMMENDATIONS = [
    ("Bridge the Gap", 1, ["11.3"]),
    ("Clean Air Map", 1, ["11.6"]),
    ("Data for Dignity", 1, ["11.3", "11.b"]),
    ("Green Shade", 1, ["11.6", "11.7"]),
    ("Kids on Bikes", 1, ["11.2", "11.7"]),
    ("Open Mobility Lab", 1, ["11.2"]),
    ("SafeSteps", 2, ["11.2", "11.7"]),
    ("Silver Connect", 1, ["11.1", "11.3"]),
]

DEMO_TODAY = date(2026, 11, 23)
PARTICIPANTS = 61  # Ji-woo Han (the demo participant login) + 60 applicants


@pytest.fixture
def seeded(session, password_hash):
    assert seed_demo(session=session, password_hash=password_hash, today=DEMO_TODAY) is True
    session.commit()
    return session


def _roles(session) -> Counter:
    return Counter(role for role in session.exec(select(User.role)))


def test_demo_people(seeded):
    assert len(APPLICANTS) + 1 == PARTICIPANTS
    assert _roles(seeded) == {Role.SECRETARIAT: 1, Role.MENTOR: 6, Role.PARTICIPANT: PARTICIPANTS}
    emails = {login.email for login in demo_logins()}
    found = set(seeded.exec(select(User.email).where(User.email.in_(emails))))
    assert found == emails
    assert seeded.exec(select(User.role).where(User.email == SECRETARIAT_EMAIL)).one() == Role.SECRETARIAT


def test_the_demo_shows_korean_and_arabic(seeded):
    """The participant reads the interface in Korean and one mentor in Arabic; the others have
    not chosen a language."""
    chosen = dict(seeded.exec(select(User.email, User.language).where(User.language != "")).all())
    assert chosen == {"participant@champions.example": "ko", "mentor3@champions.example": "ar"}


def test_demo_cohorts(seeded):
    assert [c.name for c in list_cohorts(session=seeded)] == ["2026", "2022"]
    past = get_cohort(session=seeded, name="2022")
    current = get_cohort(session=seeded, name="2026")
    assert current.registration_opens <= DEMO_TODAY <= current.registration_closes
    assert open_cohort(session=seeded, today=DEMO_TODAY).id == current.id
    assert current_cohort(session=seeded, today=DEMO_TODAY).id == current.id
    assert (
        current.phase1_start
        < current.phase1_end
        < current.phase2_start
        < current.phase2_end
        <= current.ceremony_date
    )
    assert current.registration_closes < current.phase1_start
    assert open_cohort(session=seeded, today=date(2022, 2, 22)) is None
    assert open_cohort(session=seeded, today=date(2022, 2, 23)).id == past.id
    assert (
        seeded.exec(
            select(func.count()).select_from(Application).where(Application.cohort_id == current.id)
        ).one()
        == 0
    )


def test_demo_applications(seeded):
    past = get_cohort(session=seeded, name="2022")
    applications = seeded.exec(select(Application).where(Application.cohort_id == past.id)).all()
    assert len(applications) == PARTICIPANTS
    participant_ids = set(seeded.exec(select(User.id).where(User.role == Role.PARTICIPANT)))
    assert {a.user_id for a in applications} == participant_ids

    assert {countries.region_of(a.country) for a in applications} == set(countries.Region)
    statuses = Counter(a.status for a in applications)
    assert set(statuses) == set(ApplicationStatus)
    assert statuses[ApplicationStatus.ACCEPTED] <= past.capacity
    for application in applications:
        age = age_on(application.date_of_birth, past.reference_date)
        assert application.eligible and (past.min_age or 0) <= age < past.max_age_exclusive
        assert (application.decided_at is None) == (application.status == ApplicationStatus.SUBMITTED)

    participant = seeded.exec(select(User).where(User.email == PARTICIPANT_EMAIL)).one()
    mine = next(a for a in applications if a.user_id == participant.id)
    assert mine.status == ApplicationStatus.ACCEPTED


def test_second_load_returns_false_and_adds_nothing(seeded, engine, password_hash):
    before = {table: row_count(engine, table) for table in TABLES}
    assert seed_demo(session=seeded, password_hash=password_hash, today=DEMO_TODAY) is False
    assert (
        seed_demo(session=seeded, password_hash=password_hash, today=DEMO_TODAY + timedelta(days=400))
        is False
    )
    seeded.commit()
    assert {table: row_count(engine, table) for table in TABLES} == before
    assert before["user"] == 1 + 6 + PARTICIPANTS
    assert before["cohort"] == 2


def test_demo_phase1_2022_has_completers_recordings_and_people_at_risk(seeded):
    past = get_cohort(session=seeded, name="2022")
    progresses = phase1_progress(session=seeded, cohort=past)
    assert len(progresses) == 40 and all(p.total == 6 for p in progresses)
    complete = [p for p in progresses if p.complete]
    assert 30 <= len(complete) < 40
    assert len([p for p in progresses if p.by_recording]) >= 3
    risky = at_risk(progresses)
    assert risky and all("can no longer complete Phase 1" in p.risk_reasons() for p in risky)
    statuses = Counter(seeded.exec(select(Reflection.status)))
    assert set(statuses) == set(ReflectionStatus)
    mine = next(p for p in progresses if p.email == PARTICIPANT_EMAIL)
    assert mine.summary() == "6 of 6 attended (including 1 by recording); Phase 1 complete."


def test_demo_current_edition_has_its_schedule_and_workshops(seeded):
    current = get_cohort(session=seeded, name="2026")
    lectures = list_lectures(session=seeded, cohort_id=current.id)
    assert len(lectures) == 6 and all(lec.starts_at.date() >= current.phase1_start for lec in lectures)
    assert all(lec.ends_at - lec.starts_at == timedelta(hours=2) for lec in lectures)
    assert lectures[0].starts_at.astimezone(SEOUL).hour == 10
    assert lectures[-1].starts_at.astimezone(SEOUL).date() == weekday_on_or_before(current.phase1_end)
    assert all(lec.starts_at.astimezone(SEOUL).weekday() < 5 for lec in lectures)
    workshops = list_workshops(session=seeded, cohort_id=current.id)
    assert [w.position for w in workshops] == [1, 2, 3, 4]
    assert all(w.opens_at < w.deadline for w in workshops)


def test_a_database_seeded_before_phase1_gets_the_later_parts_once(session, password_hash, engine):
    assert seed_demo(session=session, password_hash=password_hash, today=DEMO_TODAY)
    session.commit()
    with engine.begin() as connection:
        for table in (
            "award_export",
            "award_entry",
            "award_decision",
            "award_list",
            "award_category",
            "score_value",
            "score",
            "conflict",
            "review_assignment",
            "judging_round",
            "criterion",
            "submission_file",
            "submission_version",
            "extension",
            "recommendation_version",
            "workshop_attendance",
            "team_member",
            "team",
            "reflection",
            "attendance",
            "workshop",
            "lecture",
        ):
            connection.execute(text(f"DELETE FROM {table}"))
    session.expire_all()
    assert seed_demo(session=session, password_hash=password_hash, today=DEMO_TODAY) is True
    session.commit()
    assert row_count(engine, "lecture") == 12 and row_count(engine, "attendance") == 240
    assert row_count(engine, "team") == 8 and row_count(engine, "team_member") == 36
    assert row_count(engine, "judging_round") == 3 and row_count(engine, "score") == 8 * 3 * 3
    assert row_count(engine, "award_list") == 1 and row_count(engine, "award_entry") > 0
    assert seed_demo(session=session, password_hash=password_hash, today=DEMO_TODAY) is False


def test_demo_2022_teams_and_versioned_submissions(seeded):
    past = get_cohort(session=seeded, name="2022")
    teams = seeded.exec(select(Team).where(Team.cohort_id == past.id)).all()
    sizes = [len(seeded.exec(select(TeamMember).where(TeamMember.team_id == t.id)).all()) for t in teams]
    assert len(teams) == 8 and all(past.team_min <= n <= past.team_max for n in sizes) and sum(sizes) == 36
    workshops = list_workshops(session=seeded, cohort_id=past.id)
    for team in teams:
        for workshop in workshops:
            versions = versions_of(session=seeded, team_id=team.id, workshop_id=workshop.id)
            assert [v.number for v in versions] == list(range(1, len(versions) + 1))
    late = seeded.exec(select(SubmissionVersion).where(SubmissionVersion.under_extension.is_(True))).all()
    assert late and all(v.submitted_at > seeded.get(Workshop, v.workshop_id).deadline for v in late)
    assert seeded.exec(select(Extension)).all()
    file = seeded.exec(select(SubmissionFile)).first()
    data = stored_path(file.stored_name).read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and len(data) == file.size
    assert hashlib.sha256(data).hexdigest() == file.sha256


def test_the_2022_edition_follows_the_program_s_documents(seeded):
    """Registration from the 23 February 2022 launch to the day before Phase 1 (4 March); six
    weekday lectures; four workshop sessions; the ceremony in December 2022 in Seoul, where the
    awards are published."""
    past = get_cohort(session=seeded, name="2022")
    assert (past.registration_opens, past.registration_closes) == (date(2022, 2, 23), date(2022, 3, 3))
    assert (past.phase1_start, past.phase1_end) == (date(2022, 3, 4), date(2022, 4, 24))
    assert (past.phase2_start, past.phase2_end, past.ceremony_date) == (
        date(2022, 4, 25),
        date(2022, 6, 12),
        date(2022, 12, 8),
    )
    lectures = list_lectures(session=seeded, cohort_id=past.id)
    assert [(lec.starts_at.astimezone(SEOUL).strftime("%a %d %b %H:%M")) for lec in lectures] == [
        "Fri 04 Mar 10:00",
        "Mon 14 Mar 10:00",
        "Thu 24 Mar 10:00",
        "Mon 04 Apr 10:00",
        "Thu 14 Apr 10:00",
        "Fri 22 Apr 10:00",
    ]
    workshops = list_workshops(session=seeded, cohort_id=past.id)
    assert [
        (
            w.session_starts_at.astimezone(SEOUL).strftime("%a %d %b %H:%M"),
            w.session_ends_at.astimezone(SEOUL).strftime("%H:%M"),
            w.mode.value,
            w.venue,
            w.join_url,
        )
        for w in workshops
    ] == [
        ("Mon 25 Apr 14:00", "17:00", "hybrid", VENUE, "https://meet.champions.example/workshop-2022-1"),
        ("Mon 09 May 14:00", "17:00", "hybrid", VENUE, "https://meet.champions.example/workshop-2022-2"),
        ("Thu 19 May 14:00", "17:00", "hybrid", VENUE, "https://meet.champions.example/workshop-2022-3"),
        ("Tue 31 May 14:00", "17:00", "hybrid", VENUE, "https://meet.champions.example/workshop-2022-4"),
    ]
    applications = seeded.exec(select(Application).where(Application.cohort_id == past.id)).all()
    assert all(
        date(2022, 2, 23) <= a.submitted_at.astimezone(SEOUL).date() <= date(2022, 3, 3) for a in applications
    )
    award_list = seeded.exec(select(AwardList).where(AwardList.cohort_id == past.id)).one()
    assert award_list.finalized_at.astimezone(SEOUL).strftime("%d %b %Y %H:%M") == "08 Dec 2022 10:00"
    assert award_list.published_at.astimezone(SEOUL).strftime("%d %b %Y %H:%M") == "08 Dec 2022 18:00"


def test_demo_people_and_teams_come_from_wego_member_cities():
    with MEMBER_CITIES.open(encoding="utf-8") as listed:
        members = {(row["iso2"], row["local_government"]) for row in csv.DictReader(listed)}
    assert len(members) == 160
    assert [(c, city) for _, c, city in APPLICANTS if (c, city) not in members] == []
    assert [city for _, _, city in TEAMS if city not in {city for _, city in members}] == []


def test_demo_2022_workshop_attendance_and_recommendations(seeded):
    past = get_cohort(session=seeded, name="2022")
    counts = lecture_counts(session=seeded, cohort_id=past.id, occasion=WORKSHOP)
    workshops = list_workshops(session=seeded, cohort_id=past.id)
    # The 36 team members are on every session's roster; the other 4 accepted have no record.
    assert [sum(counts[w.id][s] for s in ("present", "late", "excused", "absent")) for w in workshops] == [
        36
    ] * 4
    assert [counts[w.id]["unrecorded"] for w in workshops] == [4] * 4
    entries = cohort_recommendations(session=seeded, cohort=past)
    assert [(e.team, e.version, e.targets) for e in entries] == EXPECTED_RECOMMENDATIONS
    assert all(100 <= count_words(e.body) <= 1000 for e in entries)
    assert all(e.submitted_at <= workshops[-1].deadline for e in entries)
