"""Phase 1 progress against a migrated database: completion, what is still possible, who is
at risk, and the attendance report."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from champions.services.phase1.attendance import mark_all_present
from champions.services.phase1.lectures import cancel_lecture
from champions.services.phase1.progress import (
    at_risk,
    at_risk_export,
    attendance_report,
    is_phase1_complete,
    phase1_progress,
    progress_of,
)
from champions.services.phase1.reflections import review_reflection, submit_reflection

from .conftest import AFTER_ALL, REFLECTION, _cohort, mark

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
def test_completion_threshold_five_of_six(
    session, secretariat, people, lectures, statuses, recordings, complete
):
    ana = people[0]
    for lecture, status in zip(lectures, statuses):
        mark(session, secretariat, lecture, ana, status)
    for index in recordings:
        lecture = lectures[index]
        reflection = submit_reflection(
            session=session,
            user=ana,
            lecture_id=lecture.id,
            text=REFLECTION,
            now=lecture.ends_at + timedelta(days=2),
        )
        review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=True)
    session.commit()
    cohort = _cohort(session, lectures[0])
    assert is_phase1_complete(session=session, cohort=cohort, user_id=ana.id) is complete
    progress = progress_of(session=session, cohort=cohort, user_id=ana.id, now=AFTER_ALL)
    counted = sum(s in ("present", "late") for s in statuses) + len(recordings)
    assert progress.counted == counted and progress.needed == max(0, 5 - counted)


def test_progress_summary_and_what_is_still_possible(session, secretariat, people, lectures):
    ana, minjun, _mohammed = people[:3]
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
    assert (minjun_progress.counted, minjun_progress.upcoming, minjun_progress.recoverable) == (
        1,
        2,
        [lectures[3].id],
    )
    assert minjun_progress.can_still_complete is False
    assert minjun_progress.risk_reasons() == [
        "can no longer complete Phase 1",
        "missed the last two lectures",
    ]
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
    progress = progress_of(
        session=session, cohort=_cohort(session, lectures[0]), user_id=people[0].id, now=AFTER_ALL
    )
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
        "counted",
        "required",
        "phase1_complete",
    ]
    by_name = {row[0]: row for row in rows}
    assert by_name["Ana Lima"][3:] == ["present"] * 5 + ["missed", 5, 5, "yes"]
    assert by_name["김민준"][3:] == ["late"] + ["missed"] * 5 + [1, 5, "no"]
    assert len(rows) == 3


def test_the_attendance_report_speaks_the_callers_language(session, secretariat, people, lectures):
    for lecture in lectures[:5]:
        mark(session, secretariat, lecture, people[0], "present")
    mark(session, secretariat, lectures[0], people[1], "late")
    progresses = phase1_progress(session=session, cohort=_cohort(session, lectures[0]), now=AFTER_ALL)
    titles = [f"L{i} Lecture {i}" for i in range(1, 7)]
    fields, rows = attendance_report(progresses, lectures, "ko")
    assert fields == ["이름", "이메일", "국가"] + titles + ["인정", "필요", "1단계 이수"]
    by_name = {row[0]: row for row in rows}
    assert by_name["Ana Lima"][2:] == ["대한민국"] + ["출석"] * 5 + ["불참", 5, 5, "예"]
    assert by_name["김민준"][3:] == ["늦음"] + ["불참"] * 5 + [1, 5, "아니요"]
    fields, rows = attendance_report(progresses, lectures, "ar")
    assert fields == ["الاسم", "البريد الإلكتروني", "البلد"] + titles + [
        "المحتسبة",
        "المطلوبة",
        "اكتملت المرحلة 1",
    ]
    by_name = {row[0]: row for row in rows}
    assert by_name["Ana Lima"][2:] == ["كوريا الجنوبية"] + ["حاضر"] * 5 + ["فائتة", 5, 5, "نعم"]
    assert attendance_report(progresses, lectures, "en") == attendance_report(progresses, lectures)


def test_the_at_risk_export_speaks_the_callers_language(session, secretariat, people, lectures):
    progresses = phase1_progress(session=session, cohort=_cohort(session, lectures[0]), now=AFTER_ALL)
    fields, rows = at_risk_export(progresses, "ko")
    assert fields == ["이름", "이메일", "국가", "인정", "필요", "아직 가능", "사유"]
    by_name = {row[0]: row for row in rows}
    assert by_name["Ana Lima"][2:] == [
        "대한민국",
        0,
        5,
        1,
        "1단계를 더 이상 이수할 수 없음; 최근 두 강의에 빠짐",
    ]
    assert at_risk_export(progresses, "en") == at_risk_export(progresses)
