"""Phase 1 against a migrated database: schedule, roster, check-in, reflections, progress."""

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event
from sqlmodel import select

from champions.demo.seed import current_edition
from champions.infra.reasons import RuleViolation
from champions.models import (
    ApplicationStatus,
    Attendance,
    AttendanceStatus,
    AuditEntry,
    CheckInAttempt,
    Cohort,
    Lecture,
    LectureMode,
    Reflection,
    ReflectionStatus,
)
from champions.services.phase1.attendance import (
    check_in,
    lecture_counts,
    mark_all_present,
    record_attendance,
    roster,
)
from champions.services.phase1.lectures import (
    CheckedLecture,
    cancel_lecture,
    reveal_checkin_code,
    save_lecture,
)
from champions.services.phase1.progress import (
    at_risk,
    attendance_report,
    is_phase1_complete,
    phase1_progress,
    progress_of,
)
from champions.services.phase1.reflections import review_reflection, submit_reflection
from champions.services.registration.applications import decide_applications

from tests.integration.conftest import row_count

# The six lectures of the test cohort: weekly from 10 March 2022, 10:00-12:00 Seoul time.
FIRST = datetime(2022, 3, 10, 1, 0, tzinfo=timezone.utc)
WEEK = timedelta(days=7)
AFTER_ALL = FIRST + 6 * WEEK
SECOND = timedelta(seconds=1)
REFLECTION = " ".join(["The recording showed how open data can make streets safer for everyone."] * 9)  # 117 words


def _cohort(session, lecture) -> Cohort:
    return session.get(Cohort, lecture.cohort_id)


def words(n: int) -> str:
    return " ".join(["word"] * n)


@pytest.fixture
def people(cohort, register, secretariat, session):
    """Three accepted participants and one waitlisted applicant of the test cohort."""
    made = [register(full_name=name, email=f"{tag}@example.org")
            for name, tag in [("Ana Lima", "ana"), ("김민준", "minjun"), ("محمد العلي", "mohammed"),
                              ("Waiting Person", "waiting")]]
    ids = [application.id for _, application in made]
    decide_applications(session=session, actor=secretariat, cohort_id=cohort.id, application_ids=ids[:3],
                        decision=ApplicationStatus.ACCEPTED)
    decide_applications(session=session, actor=secretariat, cohort_id=cohort.id, application_ids=ids[3:],
                        decision=ApplicationStatus.WAITLISTED)
    session.commit()
    return [user for user, _ in made]


def checked(i: int, **overrides) -> CheckedLecture:
    start = FIRST + i * WEEK
    values = dict(title=f"Lecture {i + 1}", speaker="Dr. Lee", description="", starts_at=start,
                  ends_at=start + timedelta(hours=2), mode=LectureMode.ONLINE,
                  join_url=f"https://meet.example.org/{i}", venue="", recording_url="https://video.example.org/r")
    values.update(overrides)
    return CheckedLecture(**values)


@pytest.fixture
def lectures(session, cohort, secretariat) -> list[Lecture]:
    made = [save_lecture(session=session, actor=secretariat, cohort=cohort, checked=checked(i), now=FIRST - WEEK)
            for i in range(6)]
    session.commit()
    return made


def mark(session, secretariat, lecture, user, status: str):
    outcome = record_attendance(session=session, actor=secretariat, lecture_id=lecture.id,
                                marks={user.id: AttendanceStatus(status)}, now=AFTER_ALL)
    session.commit()
    return outcome


# --- schedule -------------------------------------------------------------------------------


def test_creating_editing_and_cancelling_a_lecture_is_audited(session, cohort, secretariat, lectures):
    actions = [e.action for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "lecture"))]
    assert actions == ["lecture_created"] * 6
    save_lecture(session=session, actor=secretariat, cohort=cohort, lecture_id=lectures[0].id,
                 checked=checked(0, recording_url="https://video.example.org/new"))
    cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[1].id, reason="Speaker ill")
    session.commit()
    entries = list(session.exec(select(AuditEntry).where(AuditEntry.entity == "lecture").order_by(AuditEntry.id)))
    update, cancel = entries[-2], entries[-1]
    assert (update.action, json.loads(update.before)["recording_url"], json.loads(update.after)["recording_url"]) \
        == ("lecture_updated", "https://video.example.org/r", "https://video.example.org/new")
    assert (cancel.action, cancel.reason, json.loads(cancel.after)["cancelled"]) == ("lecture_cancelled",
                                                                                     "Speaker ill", True)
    with pytest.raises(RuleViolation, match="already cancelled"):
        cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[1].id, reason="Again")
    with pytest.raises(RuleViolation, match="cannot be edited"):
        save_lecture(session=session, actor=secretariat, cohort=cohort, lecture_id=lectures[1].id, checked=checked(1))


def test_cancelling_needs_a_reason_and_changes_nothing_without_one(session, secretariat, lectures):
    with pytest.raises(RuleViolation) as caught:
        cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[0].id, reason="  ")
    assert caught.value.by_field() == {"reason": "Say why the lecture is cancelled."}
    session.rollback()
    assert session.get(Lecture, lectures[0].id).cancelled_at is None


def test_a_lecture_of_another_cohort_cannot_be_edited_through_this_one(session, cohort, secretariat, lectures):
    other = current_edition(cohort.registration_opens)
    other.name = "other"
    session.add(other)
    session.flush()
    with pytest.raises(RuleViolation, match="no such lecture in this cohort"):
        save_lecture(session=session, actor=secretariat, cohort=other, lecture_id=lectures[0].id, checked=checked(0))


# --- roster ---------------------------------------------------------------------------------


def test_roster_lists_accepted_participants_only(session, people, lectures):
    names = [row.full_name for row in roster(session=session, lecture=lectures[0])]
    assert sorted(names) == sorted(["Ana Lima", "김민준", "محمد العلي"])


def test_mark_all_present_then_exceptions_every_change_audited(session, secretariat, people, lectures):
    ana, minjun, mohammed, waiting = people
    first = mark(session, secretariat, lectures[0], minjun, "excused")
    assert first.changed == [minjun.id]
    outcome = mark_all_present(session=session, actor=secretariat, lecture_id=lectures[0].id, now=AFTER_ALL)
    session.commit()
    assert sorted(outcome.changed) == sorted([ana.id, mohammed.id])
    assert {r.full_name: r.status for r in roster(session=session, lecture=lectures[0])} == {
        "Ana Lima": "present", "김민준": "excused", "محمد العلي": "present"}
    assert mark(session, secretariat, lectures[0], mohammed, "late").changed == [mohammed.id]
    assert mark(session, secretariat, lectures[0], mohammed, "late").changed == []  # no change, no audit
    entries = list(session.exec(select(AuditEntry).where(AuditEntry.action == "attendance_recorded")
                                .order_by(AuditEntry.id)))
    assert [(e.entity_id, json.loads(e.before)["status"], json.loads(e.after)["status"]) for e in entries] == [
        (f"{lectures[0].id}:{minjun.id}", None, "excused"),
        *sorted([(f"{lectures[0].id}:{ana.id}", None, "present"), (f"{lectures[0].id}:{mohammed.id}", None, "present")]),
        (f"{lectures[0].id}:{mohammed.id}", "present", "late"),
    ]
    assert lecture_counts(session=session, cohort_id=lectures[0].cohort_id)[lectures[0].id] == {
        "present": 1, "late": 1, "excused": 1, "absent": 0, "unrecorded": 0}


def test_roster_refuses_people_not_accepted_and_present_before_the_start(session, secretariat, people, lectures):
    waiting = people[3]
    outcome = mark(session, secretariat, lectures[0], waiting, "present")
    assert outcome.changed == [] and outcome.refused[0][1].code == "not_participant"
    early = record_attendance(session=session, actor=secretariat, lecture_id=lectures[5].id,
                              marks={people[0].id: AttendanceStatus.PRESENT}, now=FIRST)
    assert early.refused[0][1].code == "not_started"
    ahead = record_attendance(session=session, actor=secretariat, lecture_id=lectures[5].id,
                              marks={people[0].id: AttendanceStatus.EXCUSED}, now=FIRST)
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


@pytest.mark.parametrize(("moment", "expected"), [
    (FIRST - timedelta(minutes=15) - SECOND, "too_early"),
    (FIRST - timedelta(minutes=15), "present"),
    (FIRST + timedelta(minutes=15), "present"),
    (FIRST + timedelta(minutes=15) + SECOND, "late"),
    (FIRST + timedelta(hours=2, minutes=30), "late"),
    (FIRST + timedelta(hours=2, minutes=30) + SECOND, "too_late"),
])
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
    assert attempt(session, ana, lectures[0], "WRONG1", during).reason.message == \
        "That code is not right. Check the code shown at the lecture."
    assert attempt(session, ana, lectures[0], other_code, during).reason.message == \
        "That code is for another lecture: Lecture 2."
    assert attempt(session, waiting, lectures[0], code, during).reason.message == \
        "Only accepted participants of Smart City Champions 2022 can check in."
    assert attempt(session, ana, lectures[0], "", during).reason.message == \
        "Enter the check-in code shown at the lecture."
    assert attempt(session, ana, lectures[0], code, FIRST - timedelta(hours=1)).reason.message == \
        "Check-in opens 15 minutes before the start, in 45 minutes."
    assert row_count(session.get_bind(), "attendance") == 0
    assert attempt(session, ana, lectures[0], code, during).status == AttendanceStatus.PRESENT
    assert attempt(session, ana, lectures[0], code, during).status == AttendanceStatus.PRESENT  # idempotent


def test_guessing_is_throttled_per_participant(session, people, lectures, code):
    ana, minjun = people[0], people[1]
    during = FIRST + timedelta(minutes=1)
    for i in range(5):
        assert attempt(session, ana, lectures[0], f"GUESS{i}", during + i * SECOND).reason.code == "wrong_code"
    throttled = attempt(session, ana, lectures[0], code, during + 10 * SECOND)
    assert throttled.reason.message == "Too many wrong codes. Try again in 10 minutes."
    assert attempt(session, minjun, lectures[0], code, during).ok  # another participant is not affected
    assert attempt(session, ana, lectures[0], code, during + timedelta(minutes=10, seconds=1)).ok
    attempts = session.exec(select(CheckInAttempt).where(CheckInAttempt.user_id == ana.id)).all()
    assert [a.succeeded for a in attempts] == [False] * 5 + [True]


def test_check_in_to_a_cancelled_lecture_is_refused(session, secretariat, people, lectures, code):
    cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[0].id, reason="Storm")
    session.commit()
    assert attempt(session, people[0], lectures[0], code, FIRST).reason.message == "This lecture was cancelled."


# --- reflections ----------------------------------------------------------------------------


@pytest.mark.parametrize(("after_end", "ok"), [
    (timedelta(days=7), True), (timedelta(days=7, seconds=1), False), (-SECOND, False),
])
def test_reflection_deadline_is_seven_days_after_the_lecture(session, people, lectures, after_end, ok):
    moment = lectures[0].ends_at + after_end
    if ok:
        assert submit_reflection(session=session, user=people[0], lecture_id=lectures[0].id, text=REFLECTION,
                                 now=moment).status == ReflectionStatus.SUBMITTED
    else:
        with pytest.raises(RuleViolation) as caught:
            submit_reflection(session=session, user=people[0], lecture_id=lectures[0].id, text=REFLECTION, now=moment)
        assert caught.value.reasons[0].code in ("deadline_passed", "not_ended")


@pytest.mark.parametrize(("count", "ok"), [(99, False), (100, True), (2000, True), (2001, False)])
def test_reflection_needs_100_words(session, people, lectures, count, ok):
    moment = lectures[0].ends_at + timedelta(days=1)
    if ok:
        submit_reflection(session=session, user=people[0], lecture_id=lectures[0].id, text=words(count), now=moment)
    else:
        with pytest.raises(RuleViolation) as caught:
            submit_reflection(session=session, user=people[0], lecture_id=lectures[0].id, text=words(count),
                              now=moment)
        assert caught.value.by_field() == {"text": f"Write 100 to 2000 words (you wrote {count})."}


def test_reflection_refusals(session, cohort, secretariat, people, lectures):
    ana = people[0]
    moment = lectures[0].ends_at + timedelta(days=1)
    mark(session, secretariat, lectures[0], ana, "present")
    with pytest.raises(RuleViolation, match="You attended this lecture; it already counts."):
        submit_reflection(session=session, user=ana, lecture_id=lectures[0].id, text=REFLECTION, now=moment)
    with pytest.raises(RuleViolation, match="Only accepted participants"):
        submit_reflection(session=session, user=people[3], lecture_id=lectures[0].id, text=REFLECTION, now=moment)
    save_lecture(session=session, actor=secretariat, cohort=cohort, lecture_id=lectures[1].id,
                 checked=checked(1, recording_url=""))
    with pytest.raises(RuleViolation, match="The recording is not available yet"):
        submit_reflection(session=session, user=ana, lecture_id=lectures[1].id, text=REFLECTION,
                          now=lectures[1].ends_at + SECOND)
    cohort.recording_route = False
    session.add(cohort)
    with pytest.raises(RuleViolation, match="does not count lectures by recording"):
        submit_reflection(session=session, user=ana, lecture_id=lectures[2].id, text=REFLECTION,
                          now=lectures[2].ends_at + SECOND)


def test_review_approve_counts_the_lecture_and_return_allows_a_resubmission(session, secretariat, people, lectures):
    ana = people[0]
    moment = lectures[0].ends_at + timedelta(days=1)
    reflection = submit_reflection(session=session, user=ana, lecture_id=lectures[0].id, text=REFLECTION, now=moment)
    with pytest.raises(RuleViolation) as caught:
        review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=False)
    assert caught.value.by_field() == {"feedback": "Say what the participant should improve."}
    review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=False,
                      feedback="Say what you would apply in your city.")
    assert progress_of(session=session, cohort=_cohort(session, lectures[0]), user_id=ana.id,
                       now=moment).by_recording == 0
    submit_reflection(session=session, user=ana, lecture_id=lectures[0].id, text=REFLECTION + " In Seoul.",
                      now=moment + timedelta(days=1))
    review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=True)
    session.commit()
    progress = progress_of(session=session, cohort=_cohort(session, lectures[0]), user_id=ana.id, now=AFTER_ALL)
    assert progress.by_recording == 1 and progress.statuses[lectures[0].id] == "recording"
    with pytest.raises(RuleViolation, match="approved already"):
        submit_reflection(session=session, user=ana, lecture_id=lectures[0].id, text=REFLECTION,
                          now=moment + timedelta(days=2))
    with pytest.raises(RuleViolation, match="This reflection was approved already."):
        review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=True)
    assert session.exec(select(Reflection)).one().status == ReflectionStatus.APPROVED


# --- progress -------------------------------------------------------------------------------

COMPLETION_CASES = [
    # statuses of the six lectures, approved recordings (lecture indexes), complete?
    (["present"] * 4 + ["absent"] * 2, [], False),
    (["present"] * 5 + ["absent"], [], True),
    (["present"] * 6, [], True),
    (["present", "late", "late", "present", "late", "absent"], [], True),
    (["present"] * 4 + ["excused", "excused"], [], False),
    (["present"] * 4 + ["excused", "absent"], [4], True),
    (["present"] * 3 + ["absent"] * 3, [3, 4], True),
    (["present"] * 3 + ["absent"] * 3, [3], False),
]


@pytest.mark.parametrize(("statuses", "recordings", "complete"), COMPLETION_CASES)
def test_completion_threshold_five_of_six(session, secretariat, people, lectures, statuses, recordings, complete):
    ana = people[0]
    for lecture, status in zip(lectures, statuses):
        mark(session, secretariat, lecture, ana, status)
    for index in recordings:
        lecture = lectures[index]
        reflection = submit_reflection(session=session, user=ana, lecture_id=lecture.id, text=REFLECTION,
                                       now=lecture.ends_at + timedelta(days=2))
        review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=True)
    session.commit()
    cohort = _cohort(session, lectures[0])
    assert is_phase1_complete(session=session, cohort=cohort, user_id=ana.id) is complete
    progress = progress_of(session=session, cohort=cohort, user_id=ana.id, now=AFTER_ALL)
    counted = sum(s in ("present", "late") for s in statuses) + len(recordings)
    assert progress.counted == counted and progress.needed == max(0, 5 - counted)


def test_progress_summary_and_what_is_still_possible(session, secretariat, people, lectures):
    ana, minjun, mohammed = people[:3]
    cohort = _cohort(session, lectures[0])
    for lecture in lectures[:4]:
        mark(session, secretariat, lecture, ana, "present")
    mark(session, secretariat, lectures[0], minjun, "present")
    now = lectures[3].ends_at + timedelta(days=1)  # four lectures held, two to come
    by_name = {p.full_name: p for p in phase1_progress(session=session, cohort=cohort, now=now)}
    assert by_name["Ana Lima"].summary() == "4 of 6 attended; 1 more needed."
    assert not by_name["Ana Lima"].at_risk
    # 김민준 missed lectures 2-4: lecture 4 is within its reflection window, 2 and 3 are not.
    minjun_progress = by_name["김민준"]
    assert (minjun_progress.counted, minjun_progress.upcoming, minjun_progress.recoverable) == (1, 2, [lectures[3].id])
    assert minjun_progress.can_still_complete is False
    assert minjun_progress.risk_reasons() == ["can no longer complete Phase 1", "missed the last two lectures"]
    assert sorted(p.full_name for p in at_risk(list(by_name.values()))) == sorted(["김민준", "محمد العلي"])
    assert by_name["محمد العلي"].summary() == "0 of 6 attended; 5 more needed."


def test_missed_last_two_flags_someone_who_can_still_complete(session, secretariat, people, lectures):
    ana = people[0]
    cohort = _cohort(session, lectures[0])
    for lecture in lectures[:2]:
        mark(session, secretariat, lecture, ana, "present")
    mark(session, secretariat, lectures[2], ana, "absent")
    mark(session, secretariat, lectures[3], ana, "excused")
    now = lectures[3].ends_at + timedelta(hours=1)
    progress = progress_of(session=session, cohort=cohort, user_id=ana.id, now=now)
    assert progress.can_still_complete and progress.risk_reasons() == ["missed the last two lectures"]


def test_cancelled_lectures_do_not_count_towards_the_total(session, secretariat, people, lectures):
    cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[5].id, reason="Holiday")
    mark(session, secretariat, lectures[0], people[0], "present")
    progress = progress_of(session=session, cohort=_cohort(session, lectures[0]), user_id=people[0].id,
                           now=AFTER_ALL)
    assert (progress.total, progress.counted, lectures[5].id in progress.statuses) == (5, 1, False)


def test_progress_of_a_whole_cohort_takes_a_fixed_number_of_queries(session, secretariat, people, lectures):
    for lecture in lectures:
        mark_all_present(session=session, actor=secretariat, lecture_id=lecture.id, now=AFTER_ALL)
    session.commit()
    statements = []
    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        progresses = phase1_progress(session=session, cohort=_cohort(session, lectures[0]), now=AFTER_ALL)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(progresses) == 3 and all(p.complete for p in progresses)
    assert len(statements) == 4


def test_attendance_report_has_one_row_per_participant(session, secretariat, people, lectures):
    for lecture in lectures[:5]:
        mark(session, secretariat, lecture, people[0], "present")
    mark(session, secretariat, lectures[0], people[1], "late")
    cohort = _cohort(session, lectures[0])
    fields, rows = attendance_report(phase1_progress(session=session, cohort=cohort, now=AFTER_ALL), lectures)
    assert fields == ["name", "email", "country"] + [f"L{i} Lecture {i}" for i in range(1, 7)] + [
        "counted", "required", "phase1_complete"]
    by_name = {row[0]: row for row in rows}
    assert by_name["Ana Lima"][3:] == ["present"] * 5 + ["missed", 5, 5, "yes"]
    assert by_name["김민준"][3:] == ["late"] + ["missed"] * 5 + [1, 5, "no"]
    assert len(rows) == 3
