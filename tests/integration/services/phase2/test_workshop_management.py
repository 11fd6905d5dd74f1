"""The secretariat manages the workshops against a migrated database: create, reorder, remove
(refused with submissions or scores), reveal a session's check-in code; attendance at the
sessions like at lectures (roster and check-in)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import (
    AttendanceStatus,
    AuditEntry,
    Criterion,
    LectureMode,
    Role,
    Score,
    Workshop,
    WorkshopAttendance,
    WorkshopCheckInAttempt,
)
from champions.services.phase1.attendance import WORKSHOP, check_in, lecture_counts, record_attendance, roster
from champions.services.phase2.actions import (
    move_cohort_workshop,
    remove_cohort_workshop,
    reveal_workshop_code,
    save_cohort_workshop,
)
from champions.services.phase2.workshops import CheckedWorkshop

from ...conftest import TODAY
from .conftest import DEADLINE, OPENS, submit

SESSION = datetime(2022, 5, 2, 5, 0, tzinfo=UTC)


def checked(title: str, **changes) -> CheckedWorkshop:
    values = dict(
        title=title,
        brief="",
        opens_at=OPENS,
        deadline=DEADLINE,
        judged=True,
        weight=1.0,
        session_starts_at=SESSION,
        session_ends_at=SESSION + timedelta(hours=3),
        mode=LectureMode.HYBRID,
        venue="Seoul Global Center",
        join_url="https://meet.example.org/w",
    )
    return CheckedWorkshop(**{**values, **changes})


def titles(session, cohort) -> list[tuple[int, str]]:
    return [
        (w.position, w.title)
        for w in session.exec(
            select(Workshop).where(Workshop.cohort_id == cohort.id).order_by(Workshop.position)
        )
    ]


@pytest.fixture
def elsewhere(session, cohort_a_year_earlier) -> dict:
    """Another cohort (2021, a year earlier) with a workshop of its own."""
    workshop = Workshop(
        cohort_id=cohort_a_year_earlier.id,
        position=1,
        title="Old framing",
        brief="",
        opens_at=OPENS - timedelta(days=365),
        deadline=DEADLINE - timedelta(days=365),
        session_starts_at=SESSION - timedelta(days=365),
        session_ends_at=SESSION - timedelta(days=365, hours=-3),
    )
    session.add(workshop)
    session.commit()
    return {"workshop": workshop}


@pytest.fixture
def four(session, cohort, secretariat):
    for name in ("Framing", "Design", "Pilot", "Pitch"):
        assert (
            save_cohort_workshop(
                session=session,
                actor=secretariat,
                cohort_name="",
                today=TODAY,
                workshop_id=None,
                checked=checked(name),
            )
            == name
        )
    session.commit()
    return list(
        session.exec(select(Workshop).where(Workshop.cohort_id == cohort.id).order_by(Workshop.position))
    )


def test_new_workshops_come_after_the_last_and_are_audited(session, cohort, four):
    assert titles(session, cohort) == [(1, "Framing"), (2, "Design"), (3, "Pilot"), (4, "Pitch")]
    assert (four[0].venue, four[0].mode, four[0].session_starts_at.replace(tzinfo=UTC)) == (
        "Seoul Global Center",
        LectureMode.HYBRID,
        SESSION,
    )
    created = session.exec(select(AuditEntry).where(AuditEntry.action == "workshop_created")).all()
    assert [e.entity_id for e in created] == [str(w.id) for w in four]


def test_a_workshop_outside_phase2_is_refused_and_nothing_is_saved(session, cohort, secretariat):
    with pytest.raises(RuleViolation) as error:
        save_cohort_workshop(
            session=session,
            actor=secretariat,
            cohort_name="",
            today=TODAY,
            workshop_id=None,
            checked=checked("Late", deadline=datetime(2022, 6, 13, 3, 0, tzinfo=UTC)),
        )
    assert error.value.by_field() == {
        "deadline_day": "The deadline must fall within Phase 2 (25 Apr – 12 Jun 2022)."
    }
    session.rollback()
    assert titles(session, cohort) == []


@pytest.mark.parametrize(
    "which, step, said, order",
    [
        (3, -1, "'Pitch' is now workshop 3.", ["Framing", "Design", "Pitch", "Pilot"]),
        (0, 1, "'Framing' is now workshop 2.", ["Design", "Framing", "Pilot", "Pitch"]),
    ],
)
def test_reordering_moves_one_place(session, cohort, secretariat, four, which, step, said, order):
    message = move_cohort_workshop(
        session=session, actor=secretariat, cohort_name="", today=TODAY, workshop_id=four[which].id, step=step
    )
    session.commit()
    assert message == said
    assert [title for _, title in titles(session, cohort)] == order


@pytest.mark.parametrize("which, step, edge", [(0, -1, "first"), (3, 1, "last")])
def test_the_first_and_last_cannot_move_further(session, cohort, secretariat, four, which, step, edge):
    with pytest.raises(RuleViolation) as error:
        move_cohort_workshop(
            session=session,
            actor=secretariat,
            cohort_name="",
            today=TODAY,
            workshop_id=four[which].id,
            step=step,
        )
    assert str(error.value) == f"'{four[which].title}' is already the {edge} workshop."


def test_removing_a_workshop_takes_its_rubric_and_renumbers_the_rest(session, cohort, secretariat, four):
    session.add(Criterion(workshop_id=four[1].id, position=1, name="Impact", weight=1.0))
    session.commit()
    said = remove_cohort_workshop(
        session=session, actor=secretariat, cohort_name="", today=TODAY, workshop_id=four[1].id
    )
    session.commit()
    assert said == "Removed 'Design'."
    assert titles(session, cohort) == [(1, "Framing"), (2, "Pilot"), (3, "Pitch")]
    assert session.exec(select(Criterion)).all() == []
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "workshop_removed")).one()
    assert entry.entity_id == str(four[1].id)


def test_a_workshop_with_submissions_or_scores_is_not_removed(
    session, cohort, secretariat, four, team, completers, make_user, tmp_path
):
    mentor = make_user(email="mentor@example.org", full_name="Mentor", role=Role.MENTOR)
    submit(session, completers[0], four[0], OPENS + timedelta(hours=1), tmp=tmp_path)
    session.add(Score(team_id=team.id, workshop_id=four[2].id, mentor_id=mentor.id))
    session.commit()
    for workshop, reason in (
        (four[0], "'Framing' has 1 submitted version; it cannot be removed."),
        (four[2], "Mentors have scored 'Pilot' (1 score); it cannot be removed."),
    ):
        with pytest.raises(RuleViolation) as error:
            remove_cohort_workshop(
                session=session, actor=secretariat, cohort_name="", today=TODAY, workshop_id=workshop.id
            )
        assert str(error.value) == reason
    assert len(titles(session, cohort)) == 4


def test_another_cohort_s_workshop_is_not_touched(session, secretariat, four, elsewhere):
    for act, values in (
        (move_cohort_workshop, {"step": -1}),
        (remove_cohort_workshop, {}),
        (reveal_workshop_code, {"renew": False}),
    ):
        with pytest.raises(RuleViolation) as error:
            act(
                session=session,
                actor=secretariat,
                cohort_name="",
                today=TODAY,
                workshop_id=elsewhere["workshop"].id,
                **values,
            )
        assert str(error.value) == "There is no such workshop in this cohort."


def test_a_session_takes_attendance_by_roster_and_by_check_in(session, cohort, secretariat, four, completers):
    workshop = four[0]
    code = reveal_workshop_code(
        session=session, actor=secretariat, cohort_name="", today=TODAY, workshop_id=workshop.id, renew=False
    )
    assert len(code) == 6 and workshop.checkin_code == code
    early = check_in(
        session=session,
        user=completers[0],
        lecture_id=workshop.id,
        code=code,
        now=SESSION - timedelta(hours=1),
        occasion=WORKSHOP,
    )
    assert early.reason.message == "Check-in opens 15 minutes before the start, in 45 minutes."
    wrong = check_in(
        session=session,
        user=completers[0],
        lecture_id=workshop.id,
        code="WRONG1",
        now=SESSION,
        occasion=WORKSHOP,
    )
    assert wrong.reason.message == "That code is not right. Check the code shown at the workshop session."
    late = check_in(
        session=session,
        user=completers[0],
        lecture_id=workshop.id,
        code=code.lower(),
        now=SESSION + timedelta(minutes=20),
        occasion=WORKSHOP,
    )
    assert late.status == AttendanceStatus.LATE
    outcome = record_attendance(
        session=session,
        actor=secretariat,
        lecture_id=workshop.id,
        marks={completers[1].id: AttendanceStatus.PRESENT, completers[2].id: AttendanceStatus.EXCUSED},
        now=SESSION + timedelta(hours=1),
        occasion=WORKSHOP,
    )
    session.commit()
    assert sorted(outcome.changed) == sorted([completers[1].id, completers[2].id])
    assert lecture_counts(session=session, cohort_id=cohort.id, occasion=WORKSHOP)[workshop.id] == {
        "present": 1,
        "late": 1,
        "excused": 1,
        "absent": 0,
        "unrecorded": 9,
    }
    rows = {
        r.user_id: (r.status, r.source) for r in roster(session=session, lecture=workshop, occasion=WORKSHOP)
    }
    assert rows[completers[0].id] == ("late", "check_in") and rows[completers[1].id] == ("present", "roster")
    assert len(session.exec(select(WorkshopCheckInAttempt)).all()) == 2
    assert len(session.exec(select(WorkshopAttendance)).all()) == 3
    # The lecture tables are untouched.
    assert lecture_counts(session=session, cohort_id=cohort.id) and all(
        counts["late"] == 0 for counts in lecture_counts(session=session, cohort_id=cohort.id).values()
    )


def test_an_unscheduled_session_has_no_code_and_no_attendance(session, cohort, secretariat, completers):
    save_cohort_workshop(
        session=session,
        actor=secretariat,
        cohort_name="",
        today=TODAY,
        workshop_id=None,
        checked=checked("Later", session_starts_at=None, session_ends_at=None),
    )
    workshop = session.exec(select(Workshop)).one()
    with pytest.raises(RuleViolation) as error:
        reveal_workshop_code(
            session=session,
            actor=secretariat,
            cohort_name="",
            today=TODAY,
            workshop_id=workshop.id,
            renew=False,
        )
    assert str(error.value) == "Set the session's date first."
    outcome = record_attendance(
        session=session,
        actor=secretariat,
        lecture_id=workshop.id,
        marks={completers[0].id: AttendanceStatus.EXCUSED},
        occasion=WORKSHOP,
    )
    assert outcome.refused[0][1].message == (
        "This workshop session has no date yet; attendance is taken once it is set."
    )
