"""Shared by the Phase 1 tests: six weekly lectures of the test cohort, three accepted
participants and one waitlisted applicant."""

from datetime import UTC, datetime, timedelta

import pytest

from champions.models import ApplicationStatus, AttendanceStatus, Cohort, Lecture, LectureMode
from champions.services.phase1.attendance import record_attendance
from champions.services.phase1.lectures import CheckedLecture, save_lecture
from champions.services.registration.applications import decide_applications

# The six lectures of the test cohort: weekly from 10 March 2022, 10:00-12:00 Seoul time.
FIRST = datetime(2022, 3, 10, 1, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
AFTER_ALL = FIRST + 6 * WEEK
SECOND = timedelta(seconds=1)
REFLECTION = " ".join(
    ["The recording showed how open data can make streets safer for everyone."] * 9
)  # 117 words


def _cohort(session, lecture) -> Cohort:
    return session.get(Cohort, lecture.cohort_id)


@pytest.fixture
def people(cohort, register, secretariat, session):
    """Three accepted participants and one waitlisted applicant of the test cohort."""
    made = [
        register(full_name=name, email=f"{tag}@example.org")
        for name, tag in [
            ("Ana Lima", "ana"),
            ("김민준", "minjun"),
            ("محمد العلي", "mohammed"),
            ("Waiting Person", "waiting"),
        ]
    ]
    ids = [application.id for _, application in made]
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids[:3],
        decision=ApplicationStatus.ACCEPTED,
    )
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids[3:],
        decision=ApplicationStatus.WAITLISTED,
    )
    session.commit()
    return [user for user, _ in made]


def checked(i: int, **overrides) -> CheckedLecture:
    start = FIRST + i * WEEK
    values = dict(
        title=f"Lecture {i + 1}",
        speaker="Dr. Lee",
        description="",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        mode=LectureMode.ONLINE,
        join_url=f"https://meet.example.org/{i}",
        venue="",
        recording_url="https://video.example.org/r",
    )
    values.update(overrides)
    return CheckedLecture(**values)


@pytest.fixture
def lectures(session, cohort, secretariat) -> list[Lecture]:
    made = [
        save_lecture(session=session, actor=secretariat, cohort=cohort, checked=checked(i), now=FIRST - WEEK)
        for i in range(6)
    ]
    session.commit()
    return made


def mark(session, secretariat, lecture, user, status: str):
    outcome = record_attendance(
        session=session,
        actor=secretariat,
        lecture_id=lecture.id,
        marks={user.id: AttendanceStatus(status)},
        now=AFTER_ALL,
    )
    session.commit()
    return outcome
