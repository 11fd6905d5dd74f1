"""Shared by the dashboard tests: a cohort with known counts, built through the services."""

from datetime import UTC, datetime, timedelta

import pytest

from champions.models import (
    ApplicationStatus,
    AttendanceStatus,
    AwardCategory,
    AwardEntry,
    AwardKind,
    Extension,
    LectureMode,
    ReviewAssignment,
    Role,
    Score,
    SubmissionVersion,
    Team,
    TeamMember,
    Workshop,
)
from champions.services.phase1.attendance import WORKSHOP, record_attendance
from champions.services.phase1.lectures import CheckedLecture, save_lecture
from champions.services.registration.applications import decide_applications

UTC = UTC
NOW = datetime(2022, 6, 10, 12, 0, tzinfo=UTC)
FIRST_LECTURE = datetime(2022, 3, 4, 1, 0, tzinfo=UTC)
SESSION = datetime(2022, 4, 25, 5, 0, tzinfo=UTC)  # workshop 1's session
P, A = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT
# (name, country, decision): twelve applicants.
PEOPLE = [
    ("KR one", "KR", "accepted"),
    ("KR two", "KR", "accepted"),
    ("KR three", "KR", "accepted"),
    ("JP one", "JP", "accepted"),
    ("BR one", "BR", "accepted"),
    ("BR two", "BR", "waitlisted"),
    ("KE one", "KE", "accepted"),
    ("KE two", "KE", "accepted"),
    ("FR one", "FR", "accepted"),
    ("FR two", "FR", "rejected"),
    ("TR one", "TR", "accepted"),
    ("EG one", "EG", "submitted"),
]
# Attendance at the six lectures: six people at all, FR one at five, KE two at the first two, TR one at none.
ATTENDANCE = {
    "KR one": [P] * 6,
    "KR two": [P] * 6,
    "KR three": [P] * 6,
    "JP one": [P] * 6,
    "KE one": [P] * 6,
    "BR one": [P] * 6,
    "FR one": [P] * 5 + [A],
    "KE two": [P, P, A, A, A, A],
}
WORKSHOP_DEADLINES = [
    datetime(2022, 5, 1, 15, tzinfo=UTC),
    datetime(2022, 5, 15, 15, tzinfo=UTC),
    datetime(2022, 6, 5, 15, tzinfo=UTC),
]


@pytest.fixture
def known(session, cohort, register, secretariat, make_user):
    """The known cohort. Returns the people by name."""
    cohort.capacity = 50
    session.add(cohort)
    people, applications = {}, {}
    for i, (name, country, _) in enumerate(PEOPLE):
        people[name], applications[name] = register(
            full_name=name, email=f"person{i}@example.org", country=country
        )
    applications["EG one"].eligible = False  # as if the age rule had failed
    session.add(applications["EG one"])
    for decision in ("accepted", "waitlisted", "rejected"):
        decide_applications(
            session=session,
            actor=secretariat,
            cohort_id=cohort.id,
            application_ids=[applications[n].id for n, _, d in PEOPLE if d == decision],
            decision=ApplicationStatus(decision),
        )
    for i in range(6):
        start = FIRST_LECTURE + timedelta(days=7 * i)
        lecture = save_lecture(
            session=session,
            actor=secretariat,
            cohort=cohort,
            checked=CheckedLecture(
                title=f"Lecture {i + 1}",
                speaker="S",
                description="",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                mode=LectureMode.ONLINE,
                join_url="https://meet.example.org/x",
                venue="",
                recording_url="",
            ),
        )
        record_attendance(
            session=session,
            actor=secretariat,
            lecture_id=lecture.id,
            marks={people[n].id: marks[i] for n, marks in ATTENDANCE.items()},
            now=start + timedelta(hours=1),
        )
    workshops = [
        Workshop(
            cohort_id=cohort.id,
            position=i + 1,
            title=f"Workshop {i + 1}",
            brief="",
            opens_at=FIRST_LECTURE,
            deadline=deadline,
        )
        for i, deadline in enumerate(WORKSHOP_DEADLINES)
    ]
    # Workshop 1 has its session, with a roster; the others are not scheduled.
    workshops[0].session_starts_at = SESSION
    workshops[0].session_ends_at = SESSION + timedelta(hours=3)
    session.add_all(workshops)
    session.flush()
    record_attendance(
        session=session,
        actor=secretariat,
        lecture_id=workshops[0].id,
        marks={
            people["KR one"].id: AttendanceStatus.PRESENT,
            people["KR two"].id: AttendanceStatus.LATE,
            people["JP one"].id: AttendanceStatus.EXCUSED,
            people["KE one"].id: AttendanceStatus.ABSENT,
        },
        now=SESSION + timedelta(hours=1),
        occasion=WORKSHOP,
    )
    teams = {"Alpha": ["KR one", "KR two", "JP one", "KE one"], "Beta": ["BR one", "FR one", "KE two"]}
    made = {}
    for name, members in teams.items():
        made[name] = Team(cohort_id=cohort.id, name=name, name_key=name.lower(), invite_code=name.upper())
        session.add(made[name])
        session.flush()
        session.add_all(
            TeamMember(team_id=made[name].id, cohort_id=cohort.id, user_id=people[m].id) for m in members
        )
    alpha, beta = made["Alpha"], made["Beta"]
    w1, w2, w3 = workshops

    def version(team, workshop, at, under_extension=False):
        session.add(
            SubmissionVersion(
                team_id=team.id,
                workshop_id=workshop.id,
                number=1,
                title="T",
                summary="S",
                submitted_by=people[teams[team.name][0]].id,
                submitted_at=at,
                under_extension=under_extension,
            )
        )

    version(alpha, w1, w1.deadline - timedelta(days=1))
    version(beta, w1, w1.deadline - timedelta(hours=1))
    version(alpha, w2, w2.deadline - timedelta(days=2))
    session.add(
        Extension(team_id=beta.id, workshop_id=w2.id, deadline=w2.deadline + timedelta(days=5), reason="Ill")
    )
    version(beta, w2, w2.deadline + timedelta(days=2), under_extension=True)
    session.add(
        Extension(team_id=beta.id, workshop_id=w3.id, deadline=NOW + timedelta(days=5), reason="Travel")
    )
    # Alpha never submits workshop 3: missing.
    mentor_one = make_user(email="m1@example.org", full_name="Mentor One", role=Role.MENTOR)
    mentor_two = make_user(email="m2@example.org", full_name="Mentor Two", role=Role.MENTOR)
    session.add_all(
        [
            ReviewAssignment(team_id=alpha.id, workshop_id=w1.id, mentor_id=mentor_one.id),
            ReviewAssignment(team_id=beta.id, workshop_id=w1.id, mentor_id=mentor_one.id),
            ReviewAssignment(team_id=alpha.id, workshop_id=w2.id, mentor_id=mentor_two.id),
            Score(
                team_id=alpha.id, workshop_id=w1.id, mentor_id=mentor_one.id, submitted=True, submitted_at=NOW
            ),
            Score(team_id=beta.id, workshop_id=w1.id, mentor_id=mentor_one.id, submitted=False),
        ]
    )
    # A finalized list: the Champion Team (Beta) and one Certificate of Completion (KR one).
    champion = AwardCategory(
        cohort_id=cohort.id, position=1, name="Champion Team", kind=AwardKind.RANK, place=1
    )
    completion = AwardCategory(
        cohort_id=cohort.id, position=2, name="Certificate of Completion", kind=AwardKind.COMPLETION
    )
    session.add_all([champion, completion])
    session.flush()
    session.add_all(
        [
            AwardEntry(
                cohort_id=cohort.id,
                category_id=champion.id,
                order=1,
                award="Champion Team",
                kind=AwardKind.RANK,
                team_id=beta.id,
                team_name="Beta",
                recipient="Beta",
                members="[]",
            ),
            AwardEntry(
                cohort_id=cohort.id,
                category_id=completion.id,
                order=2,
                award="Certificate of Completion",
                kind=AwardKind.COMPLETION,
                user_id=people["KR one"].id,
                recipient="KR one",
                members="[]",
            ),
        ]
    )
    session.commit()
    return people


FUNNEL = [
    ("applied", 12),
    ("eligible", 11),
    ("accepted", 9),
    ("Phase 1 active", 8),
    ("Phase 1 complete", 7),
    ("in a team", 7),
    ("submitted workshop 1", 7),
    ("submitted workshop 2", 7),
    ("submitted workshop 3", 0),
    ("judged", 4),
    ("awarded", 4),
]
