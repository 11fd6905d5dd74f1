"""Attendance against a migrated database: the roster, marks by the secretariat, and check-in."""

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from champions.models import Attendance, AttendanceStatus, AuditEntry, CheckInAttempt
from champions.services.phase1.attendance import (
    check_in,
    lecture_counts,
    mark_all_present,
    record_attendance,
    roster,
)
from champions.services.phase1.lectures import cancel_lecture, reveal_checkin_code

from ...conftest import row_count
from .conftest import AFTER_ALL, FIRST, SECOND, mark

# --- roster ---------------------------------------------------------------------------------


def test_roster_lists_accepted_participants_only(session, people, lectures):
    names = [row.full_name for row in roster(session=session, lecture=lectures[0])]
    assert sorted(names) == sorted(["Ana Lima", "김민준", "محمد العلي"])


def test_mark_all_present_then_exceptions_every_change_audited(session, secretariat, people, lectures):
    ana, minjun, mohammed, _waiting = people
    first = mark(session, secretariat, lectures[0], minjun, "excused")
    assert first.changed == [minjun.id]
    outcome = mark_all_present(session=session, actor=secretariat, lecture_id=lectures[0].id, now=AFTER_ALL)
    session.commit()
    assert sorted(outcome.changed) == sorted([ana.id, mohammed.id])
    assert {r.full_name: r.status for r in roster(session=session, lecture=lectures[0])} == {
        "Ana Lima": "present",
        "김민준": "excused",
        "محمد العلي": "present",
    }
    assert mark(session, secretariat, lectures[0], mohammed, "late").changed == [mohammed.id]
    assert mark(session, secretariat, lectures[0], mohammed, "late").changed == []  # no change, no audit
    entries = list(
        session.exec(
            select(AuditEntry).where(AuditEntry.action == "attendance_recorded").order_by(AuditEntry.id)
        )
    )
    assert [
        (e.entity_id, json.loads(e.before)["status"], json.loads(e.after)["status"]) for e in entries
    ] == [
        (f"{lectures[0].id}:{minjun.id}", None, "excused"),
        *sorted(
            [
                (f"{lectures[0].id}:{ana.id}", None, "present"),
                (f"{lectures[0].id}:{mohammed.id}", None, "present"),
            ]
        ),
        (f"{lectures[0].id}:{mohammed.id}", "present", "late"),
    ]
    assert lecture_counts(session=session, cohort_id=lectures[0].cohort_id)[lectures[0].id] == {
        "present": 1,
        "late": 1,
        "excused": 1,
        "absent": 0,
        "unrecorded": 0,
    }


def test_roster_refuses_people_not_accepted_and_present_before_the_start(
    session, secretariat, people, lectures
):
    waiting = people[3]
    outcome = mark(session, secretariat, lectures[0], waiting, "present")
    assert outcome.changed == [] and outcome.refused[0][1].code == "not_participant"
    early = record_attendance(
        session=session,
        actor=secretariat,
        lecture_id=lectures[5].id,
        marks={people[0].id: AttendanceStatus.PRESENT},
        now=FIRST,
    )
    assert early.refused[0][1].code == "not_started"
    ahead = record_attendance(
        session=session,
        actor=secretariat,
        lecture_id=lectures[5].id,
        marks={people[0].id: AttendanceStatus.EXCUSED},
        now=FIRST,
    )
    assert ahead.changed == [people[0].id]
    session.commit()
    assert row_count(session.get_bind(), "attendance") == 1


# --- check-in -------------------------------------------------------------------------------


@pytest.fixture
def code(session, secretariat, lectures) -> str:
    value = reveal_checkin_code(session=session, actor=secretariat, lecture_id=lectures[0].id)
    session.commit()
    return value


def attempt(session, user, lecture, typed, now):
    outcome = check_in(session=session, user=user, lecture_id=lecture.id, code=typed, now=now)
    session.commit()
    return outcome


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (FIRST - timedelta(minutes=15) - SECOND, "too_early"),
        (FIRST - timedelta(minutes=15), "present"),
        (FIRST + timedelta(minutes=15), "present"),
        (FIRST + timedelta(minutes=15) + SECOND, "late"),
        (FIRST + timedelta(hours=2, minutes=30), "late"),
        (FIRST + timedelta(hours=2, minutes=30) + SECOND, "too_late"),
    ],
)
def test_check_in_window_edges_and_late_marking(session, people, lectures, code, moment, expected):
    outcome = attempt(session, people[0], lectures[0], code.lower(), moment)
    assert (outcome.status.value if outcome.ok else outcome.reason.code) == expected
    recorded = session.exec(select(Attendance.status).where(Attendance.user_id == people[0].id)).first()
    assert (recorded.value if recorded else None) == (expected if outcome.ok else None)


def test_check_in_refusals_are_clear(session, secretariat, people, lectures, code):
    ana, waiting = people[0], people[3]
    during = FIRST + timedelta(minutes=5)
    other_code = reveal_checkin_code(session=session, actor=secretariat, lecture_id=lectures[1].id)
    session.commit()
    assert (
        attempt(session, ana, lectures[0], "WRONG1", during).reason.message
        == "That code is not right. Check the code shown at the lecture."
    )
    assert (
        attempt(session, ana, lectures[0], other_code, during).reason.message
        == "That code is for another lecture: Lecture 2."
    )
    assert (
        attempt(session, waiting, lectures[0], code, during).reason.message
        == "Only accepted participants of Smart City Champions 2022 can check in."
    )
    assert (
        attempt(session, ana, lectures[0], "", during).reason.message
        == "Enter the check-in code shown at the lecture."
    )
    assert (
        attempt(session, ana, lectures[0], code, FIRST - timedelta(hours=1)).reason.message
        == "Check-in opens 15 minutes before the start, in 45 minutes."
    )
    assert row_count(session.get_bind(), "attendance") == 0
    assert attempt(session, ana, lectures[0], code, during).status == AttendanceStatus.PRESENT
    assert attempt(session, ana, lectures[0], code, during).status == AttendanceStatus.PRESENT  # idempotent


def test_guessing_is_throttled_per_participant(session, people, lectures, code):
    ana, minjun = people[0], people[1]
    during = FIRST + timedelta(minutes=1)
    for i in range(5):
        assert (
            attempt(session, ana, lectures[0], f"GUESS{i}", during + i * SECOND).reason.code == "wrong_code"
        )
    throttled = attempt(session, ana, lectures[0], code, during + 10 * SECOND)
    assert throttled.reason.message == "Too many wrong codes. Try again in 10 minutes."
    assert attempt(session, minjun, lectures[0], code, during).ok  # another participant is not affected
    assert attempt(session, ana, lectures[0], code, during + timedelta(minutes=10, seconds=1)).ok
    attempts = session.exec(select(CheckInAttempt).where(CheckInAttempt.user_id == ana.id)).all()
    assert [a.succeeded for a in attempts] == [False] * 5 + [True]


def test_check_in_to_a_cancelled_lecture_is_refused(session, secretariat, people, lectures, code):
    cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[0].id, reason="Storm")
    session.commit()
    assert (
        attempt(session, people[0], lectures[0], code, FIRST).reason.message == "This lecture was cancelled."
    )
