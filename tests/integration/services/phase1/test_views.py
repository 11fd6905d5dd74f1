"""What the Phase 1 pages show, against a migrated database: the secretariat's roster,
lectures and progress pages with their calendar and CSV files, and a participant's schedule.

The pages that read "now" themselves (roster, progress) are read long after the test cohort's
lectures (2022), so every lecture has ended for them."""

from datetime import UTC, date, datetime, timedelta

import pytest

from champions.infra.translations import gettext, ngettext
from champions.models import ApplicationStatus, AttendanceStatus, Cohort, LectureMode, Workshop
from champions.services.phase1.attendance import check_in
from champions.services.phase1.lectures import (
    LectureForm,
    cancel_lecture,
    reveal_checkin_code,
    save_lecture,
)
from champions.services.phase1.reflections import review_reflection, submit_reflection
from champions.services.phase1.views import (
    CalendarFile,
    Choice,
    CsvFile,
    LectureLine,
    LecturesPage,
    PendingLine,
    PossibleLine,
    ProgressLine,
    ProgressPage,
    RiskLine,
    RosterLine,
    RosterPage,
    SchedulePage,
    ScheduleWorkshop,
    cohort_calendar_file,
    lecture_form,
    lectures_page,
    participant_calendar_file,
    participant_cohort,
    progress_export,
    progress_page,
    roster_page,
    schedule_page,
)
from champions.services.registration.applications import decide_applications, withdraw_application

from ...conftest import TODAY
from .conftest import FIRST, REFLECTION, WEEK, checked, mark

SEOUL = "Asia/Seoul"
PARIS = "Europe/Paris"
# The six lectures as the pickers and lists show them (Thursdays, 10:00-12:00 in Seoul).
WHEN = [
    "Thu 10 Mar 2022, 10:00–12:00 KST",
    "Thu 17 Mar 2022, 10:00–12:00 KST",
    "Thu 24 Mar 2022, 10:00–12:00 KST",
    "Thu 31 Mar 2022, 10:00–12:00 KST",
    "Thu 7 Apr 2022, 10:00–12:00 KST",
    "Thu 14 Apr 2022, 10:00–12:00 KST",
]
NO_COUNTS = "0 present · 0 late · 0 excused · 0 absent · 3 not recorded"


def cancel(session, secretariat, lecture, reason: str = "Speaker ill"):
    cancel_lecture(session=session, actor=secretariat, lecture_id=lecture.id, reason=reason, now=FIRST - WEEK)
    session.commit()


def reflect(session, user, lecture, days: float = 1):
    reflection = submit_reflection(
        session=session,
        user=user,
        lecture_id=lecture.id,
        text=REFLECTION,
        now=lecture.ends_at + timedelta(days=days),
    )
    session.commit()
    return reflection


def review(session, secretariat, reflection, approve: bool, feedback: str = ""):
    review_reflection(
        session=session,
        actor=secretariat,
        reflection_id=reflection.id,
        approve=approve,
        feedback=feedback,
        now=reflection.submitted_at + timedelta(hours=1),
    )
    session.commit()


@pytest.fixture
def elsewhere(session, register, secretariat):
    """The 2021 edition: one lecture and one accepted participant, Omar."""
    cohort = Cohort(
        name="2021",
        title="Smart City Champions 2021",
        registration_opens=date(2021, 1, 10),
        registration_closes=date(2021, 3, 3),
        phase1_start=date(2021, 3, 4),
        phase1_end=date(2021, 4, 24),
        phase2_start=date(2021, 4, 25),
        phase2_end=date(2021, 6, 12),
        ceremony_date=date(2021, 12, 9),
    )
    session.add(cohort)
    session.commit()
    omar, application = register(
        to=cohort, today=date(2021, 2, 1), full_name="Omar Haddad", email="omar@example.org", country="JO"
    )
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id],
        decision=ApplicationStatus.ACCEPTED,
    )
    start = datetime(2021, 3, 11, 1, 0, tzinfo=UTC)
    lecture = save_lecture(
        session=session,
        actor=secretariat,
        cohort=cohort,
        checked=checked(0, title="Old lecture", starts_at=start, ends_at=start + timedelta(hours=2)),
        now=start - WEEK,
    )
    session.commit()
    mark(session, secretariat, lecture, omar, "present")
    return cohort, omar, lecture


# --- the roster --------------------------------------------------------------------------------


def test_roster_without_a_cohort(session):
    assert roster_page(session=session, cohort_name="", lecture_id=None, today=TODAY) == RosterPage()


def test_roster_of_a_cohort_without_lectures(session, people):
    assert roster_page(session=session, cohort_name="", lecture_id=None, today=TODAY) == RosterPage(
        cohorts=["2022"], cohort="2022"
    )


def test_roster_of_a_lecture_with_self_check_in_and_roster_marks(session, secretariat, people, lectures):
    ana, minjun, mohammed, waiting = people
    lecture = lectures[1]
    mark(session, secretariat, lecture, ana, "present")
    code = reveal_checkin_code(session=session, actor=secretariat, lecture_id=lecture.id)
    outcome = check_in(
        session=session,
        user=minjun,
        lecture_id=lecture.id,
        code=code,
        now=lecture.starts_at + timedelta(minutes=20),
    )
    session.commit()
    assert outcome.status == AttendanceStatus.LATE
    page = roster_page(session=session, cohort_name="", lecture_id=lecture.id, today=TODAY)
    assert (page.cohorts, page.cohort, page.lecture) == (["2022"], "2022", str(lecture.id))
    assert page.lectures == [
        Choice(str(lec.id), f"{i}. Lecture {i} — {WHEN[i - 1]}") for i, lec in enumerate(lectures, 1)
    ]
    assert page.counts == {"present": 1, "late": 1, "excused": 0, "absent": 0, "unrecorded": 1}
    assert page.lines == [  # by name
        RosterLine(str(ana.id), "Ana Lima", "South Korea", "present", "roster"),
        RosterLine(str(mohammed.id), "محمد العلي", "South Korea", "", ""),
        RosterLine(str(minjun.id), "김민준", "South Korea", "late", "self check-in"),
    ]
    assert str(waiting.id) not in [line.user_id for line in page.lines]


def test_roster_without_a_lecture_asked_shows_the_last_one_started(session, secretariat, people, lectures):
    mark(session, secretariat, lectures[5], people[0], "absent")
    page = roster_page(session=session, cohort_name="2022", lecture_id=None, today=TODAY)
    assert page.lecture == str(lectures[5].id)
    assert page.counts == {"present": 0, "late": 0, "excused": 0, "absent": 1, "unrecorded": 2}
    assert {line.name: line.status for line in page.lines} == {
        "Ana Lima": "absent",
        "김민준": "",
        "محمد العلي": "",
    }


def test_roster_leaves_cancelled_lectures_out(session, secretariat, people, lectures):
    cancel(session, secretariat, lectures[1])
    cancel(session, secretariat, lectures[5])
    # Asking for a cancelled lecture shows the default one: the last started that is not cancelled.
    page = roster_page(session=session, cohort_name="", lecture_id=lectures[1].id, today=TODAY)
    assert page.lecture == str(lectures[4].id)
    assert [choice.label for choice in page.lectures] == [
        f"1. Lecture 1 — {WHEN[0]}",
        f"2. Lecture 3 — {WHEN[2]}",
        f"3. Lecture 4 — {WHEN[3]}",
        f"4. Lecture 5 — {WHEN[4]}",
    ]


def test_roster_of_a_lecture_is_of_its_cohort_not_the_named_one(session, people, lectures, elsewhere):
    _, omar, old = elsewhere
    page = roster_page(session=session, cohort_name="2022", lecture_id=old.id, today=TODAY)
    assert (page.cohorts, page.cohort, page.lecture) == (["2022", "2021"], "2021", str(old.id))
    assert page.lectures == [Choice(str(old.id), "1. Old lecture — Thu 11 Mar 2021, 10:00–12:00 KST")]
    assert page.lines == [RosterLine(str(omar.id), "Omar Haddad", "Jordan", "present", "roster")]
    assert page.counts == {"present": 1, "late": 0, "excused": 0, "absent": 0, "unrecorded": 0}
    # And the other way round: no one of 2021 on a 2022 roster.
    mine = roster_page(session=session, cohort_name="2021", lecture_id=lectures[0].id, today=TODAY)
    assert mine.cohort == "2022" and "Omar Haddad" not in [line.name for line in mine.lines]


def test_roster_of_an_unknown_lecture_is_the_named_cohorts_default(session, people, lectures, elsewhere):
    _, _, old = elsewhere
    page = roster_page(session=session, cohort_name="2021", lecture_id=lectures[-1].id + 100, today=TODAY)
    assert (page.cohort, page.lecture) == ("2021", str(old.id))


# --- the lectures page -------------------------------------------------------------------------


def test_lectures_page_without_a_cohort(session):
    assert lectures_page(session=session, cohort_name="", zone=SEOUL, today=TODAY) == LecturesPage()


def test_lectures_page_with_counts_and_a_cancelled_lecture(
    session, cohort, secretariat, people, lectures, elsewhere
):
    ana, minjun, mohammed, _waiting = people
    for user, status in [(ana, "present"), (minjun, "late"), (mohammed, "excused")]:
        mark(session, secretariat, lectures[0], user, status)
    mark(session, secretariat, lectures[2], ana, "absent")
    offline = save_lecture(
        session=session,
        actor=secretariat,
        cohort=cohort,
        checked=checked(
            2,
            title="Lecture 3",
            mode=LectureMode.OFFLINE,
            venue="Seoul City Hall, Room 3",
            join_url="",
            recording_url="",
        ),
        lecture_id=lectures[2].id,
        now=FIRST - WEEK,
    )
    session.commit()
    cancel(session, secretariat, lectures[1], "Speaker ill")
    page = lectures_page(session=session, cohort_name="", zone=SEOUL, today=TODAY)
    assert (page.cohorts, page.cohort, page.title) == (["2022", "2021"], "2022", "Smart City Champions 2022")
    assert [line.id for line in page.lines] == [str(lec.id) for lec in lectures]
    assert [line.number for line in page.lines] == ["1", "", "2", "3", "4", "5"]
    assert page.lines[0] == LectureLine(
        id=str(lectures[0].id),
        number="1",
        title="Lecture 1",
        speaker="Dr. Lee",
        when_seoul=WHEN[0],
        when_local="",
        mode="online",
        where="https://meet.example.org/0",
        recording="https://video.example.org/r",
        cancelled="",
        counts="1 present · 1 late · 1 excused · 0 absent · 0 not recorded",
    )
    assert page.lines[1].cancelled == "Cancelled: Speaker ill"
    assert (page.lines[2].mode, page.lines[2].where, page.lines[2].recording) == (
        "offline",
        "Seoul City Hall, Room 3",
        "",
    )
    assert page.lines[2].id == str(offline.id)
    assert page.lines[2].counts == "0 present · 0 late · 0 excused · 1 absent · 2 not recorded"
    assert [line.counts for line in page.lines[3:]] == [NO_COUNTS] * 3
    assert "Old lecture" not in [line.title for line in page.lines]


def test_lectures_page_in_the_viewers_zone(session, people, lectures):
    page = lectures_page(session=session, cohort_name="2022", zone=PARIS, today=TODAY)
    assert (page.lines[0].when_seoul, page.lines[0].when_local) == (
        WHEN[0],
        "Thu 10 Mar 2022, 02:00–04:00 CET",
    )
    # Europe went to summer time on 27 March 2022.
    assert page.lines[3].when_local == "Thu 31 Mar 2022, 03:00–05:00 CEST"


def test_lectures_page_of_another_cohort_by_name(session, people, lectures, elsewhere):
    page = lectures_page(session=session, cohort_name="2021", zone=SEOUL, today=TODAY)
    assert (page.cohort, page.title) == ("2021", "Smart City Champions 2021")
    assert [(line.title, line.counts) for line in page.lines] == [
        ("Old lecture", "1 present · 0 late · 0 excused · 0 absent · 0 not recorded")
    ]


def test_lecture_form_in_the_editors_zone(session, secretariat, lectures):
    assert lecture_form(session=session, lecture_id=lectures[0].id, zone=PARIS) == LectureForm(
        title="Lecture 1",
        speaker="Dr. Lee",
        description="",
        day="2022-03-10",
        start_time="02:00",
        end_time="04:00",
        zone=PARIS,
        mode="online",
        join_url="https://meet.example.org/0",
        venue="",
        recording_url="https://video.example.org/r",
    )
    seoul = lecture_form(session=session, lecture_id=lectures[0].id, zone=SEOUL)
    assert (seoul.day, seoul.start_time, seoul.end_time) == ("2022-03-10", "10:00", "12:00")


def test_no_lecture_form_for_a_cancelled_or_missing_lecture(session, secretariat, lectures):
    cancel(session, secretariat, lectures[0])
    assert lecture_form(session=session, lecture_id=lectures[0].id, zone=SEOUL) is None
    assert lecture_form(session=session, lecture_id=lectures[-1].id + 1, zone=SEOUL) is None


# --- the calendar files ------------------------------------------------------------------------


def unfolded(text: str) -> list[str]:
    """The calendar's lines, folded lines joined again (RFC 5545 3.1)."""
    return text.replace("\r\n ", "").split("\r\n")


@pytest.fixture
def workshops(session, cohort):
    """Two Phase 2 workshops, added out of order, each open for a week."""
    made = [
        Workshop(
            cohort_id=cohort.id,
            position=position,
            title=title,
            brief="",
            opens_at=datetime(2022, 4, 25, 0, 0, tzinfo=UTC) + (position - 1) * WEEK,  # Monday 09:00 KST
            deadline=datetime(2022, 5, 1, 14, 59, tzinfo=UTC) + (position - 1) * WEEK,  # Sunday 23:59 KST
        )
        for position, title in [(2, "Prototyping"), (1, "Problem framing")]
    ]
    session.add_all(made)
    session.commit()
    return sorted(made, key=lambda w: w.position)


def test_cohort_calendar_file(session, secretariat, people, lectures, workshops, elsewhere):
    cancel(session, secretariat, lectures[1], "Speaker ill")
    calendar = cohort_calendar_file(session=session, cohort_name="", today=TODAY)
    assert isinstance(calendar, CalendarFile) and calendar.filename == "champions-2022.ics"
    lines = unfolded(calendar.text)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//WeGO//Smart City Champions//EN"]
    assert "X-WR-CALNAME:Smart City Champions 2022" in lines
    summaries = [line.removeprefix("SUMMARY:") for line in lines if line.startswith("SUMMARY:")]
    assert summaries == [
        "Lecture 1: Lecture 1",
        "Cancelled: Lecture 2",
        "Lecture 2: Lecture 3",
        "Lecture 3: Lecture 4",
        "Lecture 4: Lecture 5",
        "Lecture 5: Lecture 6",
        "Workshop 1: Problem framing opens",
        "Submission deadline: Workshop 1: Problem framing",
        "Workshop 2: Prototyping opens",
        "Submission deadline: Workshop 2: Prototyping",
        "Year-end ceremony: Smart City Champions 2022",
    ]
    assert "DTSTART;VALUE=DATE:20221208" in lines  # the ceremony, its time not set yet
    assert "DTSTART:20220310T010000Z" in lines and "DTEND:20220310T030000Z" in lines
    assert lines.count("STATUS:CANCELLED") == 1
    assert "Old lecture" not in calendar.text


def test_cohort_calendar_file_of_another_cohort_by_name(session, lectures, elsewhere):
    calendar = cohort_calendar_file(session=session, cohort_name="2021", today=TODAY)
    assert calendar.filename == "champions-2021.ics"
    summaries = [line for line in unfolded(calendar.text) if line.startswith("SUMMARY:")]
    assert summaries == [
        "SUMMARY:Lecture 1: Old lecture",
        "SUMMARY:Year-end ceremony: Smart City Champions 2021",
    ]


def test_calendar_file_name_is_safe_whatever_the_cohort_is_called(session, cohort, lectures):
    cohort.name = "2022 봄/spring"
    session.add(cohort)
    session.commit()
    assert cohort_calendar_file(session=session, cohort_name="", today=TODAY).filename == (
        "champions-2022---spring.ics"
    )


def test_participant_calendar_file_is_of_their_cohort(session, people, lectures, elsewhere):
    _, omar, _ = elsewhere
    mine = participant_calendar_file(session=session, user_id=people[0].id)
    assert mine.filename == "champions-2022.ics"
    assert "SUMMARY:Lecture 6: Lecture 6" in unfolded(mine.text) and "Old lecture" not in mine.text
    theirs = participant_calendar_file(session=session, user_id=omar.id)
    assert theirs.filename == "champions-2021.ics" and "Lecture 6" not in theirs.text


def test_no_participant_calendar_file_unless_accepted(session, secretariat, people, lectures):
    assert participant_calendar_file(session=session, user_id=people[3].id) is None  # waitlisted
    assert participant_calendar_file(session=session, user_id=secretariat.id) is None  # never applied


# --- the progress page and its files ------------------------------------------------------------


@pytest.fixture
def phase1_done(session, secretariat, people, lectures):
    """Phase 1 over: Ana complete in person, 김민준 dropped out after three lectures (a reflection on
    the last one waits for review), محمد complete through a recording."""
    ana, minjun, mohammed, _ = people
    for i, lecture in enumerate(lectures):
        mark(session, secretariat, lecture, ana, "present" if i < 5 else "absent")
        if i < 3:
            mark(session, secretariat, lecture, minjun, "present")
        mark(
            session,
            secretariat,
            lecture,
            mohammed,
            ["present", "late", "present", "present", "absent"][i] if i < 5 else "absent",
        )
    review(session, secretariat, reflect(session, mohammed, lectures[5], days=2), approve=True)
    pending = reflect(session, minjun, lectures[5], days=1)
    return pending


def test_progress_page_without_a_cohort(session):
    assert progress_page(session=session, cohort_name="", today=TODAY) == ProgressPage()


def test_progress_page(session, people, lectures, phase1_done, elsewhere):
    page = progress_page(session=session, cohort_name="", today=TODAY)
    assert (page.cohorts, page.cohort) == (["2022", "2021"], "2022")
    assert page.summary == (
        "3 accepted participants · 2 completed Phase 1 · 1 at risk · 5 of 6 lectures required"
    )
    assert page.lines == [  # by name
        ProgressLine("Ana Lima", "South Korea", "P P P P P A", "5 of 6 attended; Phase 1 complete."),
        ProgressLine(
            "محمد العلي",
            "South Korea",
            "P L P P A R",
            "5 of 6 attended (including 1 by recording); Phase 1 complete.",
        ),
        ProgressLine("김민준", "South Korea", "P P P – – –", "3 of 6 attended; 2 more needed."),
    ]
    assert page.risk == [
        RiskLine(
            "김민준",
            "minjun@example.org",
            "South Korea",
            "3 of 5",
            "can no longer complete Phase 1; missed the last two lectures",
        )
    ]
    assert page.pending == [
        PendingLine(
            str(phase1_done.id), "Lecture 6", "김민준", REFLECTION, "108", "Fri 15 Apr 2022, 12:00 KST"
        )
    ]
    assert "Waiting Person" not in [line.name for line in page.lines]
    assert "Omar Haddad" not in [line.name for line in page.lines + page.risk]


def test_progress_page_leaves_cancelled_lectures_out(session, secretariat, people, lectures):
    mark(session, secretariat, lectures[0], people[0], "present")
    cancel(session, secretariat, lectures[5])
    page = progress_page(session=session, cohort_name="2022", today=TODAY)
    assert page.summary.endswith(" · 5 of 5 lectures required")
    assert {line.name: line.marks for line in page.lines}["Ana Lima"] == "P – – – –"


def test_progress_page_of_another_cohort(session, people, lectures, phase1_done, elsewhere):
    page = progress_page(session=session, cohort_name="2021", today=TODAY)
    assert (
        page.summary == "1 accepted participants · 0 completed Phase 1 · 1 at risk · 5 of 1 lectures required"
    )
    assert page.lines == [ProgressLine("Omar Haddad", "Jordan", "P", "1 of 1 attended; 4 more needed.")]
    assert page.risk == [
        RiskLine("Omar Haddad", "omar@example.org", "Jordan", "1 of 5", "can no longer complete Phase 1")
    ]
    assert page.pending == []  # 김민준's reflection is on a 2022 lecture


def test_at_risk_csv(session, people, lectures, phase1_done):
    export = progress_export(session=session, cohort_name="", which="at-risk", today=TODAY)
    assert isinstance(export, CsvFile) and export.filename == "at-risk-2022.csv"
    assert export.text == (
        "\ufeffname,email,country,counted,required,still_possible,why\r\n"
        "김민준,minjun@example.org,South Korea,3,5,3,"
        "can no longer complete Phase 1; missed the last two lectures\r\n"
    )


def test_attendance_csv(session, secretariat, people, lectures, phase1_done):
    cancel(session, secretariat, lectures[4])
    export = progress_export(session=session, cohort_name="2022", which="attendance", today=TODAY)
    assert export.filename == "attendance-2022.csv"
    rows = export.text.removeprefix("\ufeff").split("\r\n")
    assert rows[0] == (
        "name,email,country,L1 Lecture 1,L2 Lecture 2,L3 Lecture 3,L4 Lecture 4,L5 Lecture 6,"
        "counted,required,phase1_complete"
    )
    assert sorted(rows[1:-1]) == sorted(
        [
            "Ana Lima,ana@example.org,South Korea,present,present,present,present,absent,4,5,no",
            "محمد العلي,mohammed@example.org,South Korea,present,late,present,present,recording,5,5,yes",
            "김민준,minjun@example.org,South Korea,present,present,present,missed,missed,3,5,no",
        ]
    )
    assert rows[-1] == "" and "waiting@example.org" not in export.text


# --- a participant's cohort and schedule ---------------------------------------------------------


def test_participant_cohort_of_an_accepted_participant(session, cohort, people):
    found, notice = participant_cohort(session=session, user_id=people[0].id)
    assert (found.id, notice) == (cohort.id, "")


@pytest.mark.parametrize("status", ["submitted", "waitlisted", "rejected", "withdrawn"])
def test_participant_cohort_of_someone_not_accepted(session, cohort, register, secretariat, status):
    user, application = register()
    if status == "withdrawn":
        withdraw_application(session=session, user=user, application_id=application.id, today=TODAY)
    elif status != "submitted":
        decide_applications(
            session=session,
            actor=secretariat,
            cohort_id=cohort.id,
            application_ids=[application.id],
            decision=ApplicationStatus(status),
        )
    session.commit()
    assert participant_cohort(session=session, user_id=user.id) == (
        None,
        f"The lecture schedule is for accepted participants; your application is {status}.",
    )
    assert schedule_page(session=session, user_id=user.id, zone=SEOUL, now=FIRST) == SchedulePage(
        notice=f"The lecture schedule is for accepted participants; your application is {status}."
    )


def test_participant_cohort_of_someone_who_never_applied(session, secretariat):
    notice = "The lecture schedule is for accepted participants. You have not applied yet."
    assert participant_cohort(session=session, user_id=secretariat.id) == (None, notice)
    assert schedule_page(session=session, user_id=secretariat.id, zone=SEOUL, now=FIRST) == SchedulePage(
        notice=notice
    )


@pytest.fixture
def midway(session, secretariat, people, lectures):
    """A day after lecture 4: Ana was present, late, excused, then absent."""
    ana = people[0]
    for lecture, status in zip(lectures, ["present", "late", "excused", "absent"]):
        mark(session, secretariat, lecture, ana, status)
    return lectures[3].ends_at + timedelta(days=1)


def test_schedule_midway(session, people, lectures, workshops, midway, elsewhere):
    ana = people[0]
    page = schedule_page(session=session, user_id=ana.id, zone=SEOUL, now=midway)
    assert (page.notice, page.cohort) == ("", "Smart City Champions 2022")
    assert (page.summary, page.complete, page.counted, page.required, page.total) == (
        "2 of 6 attended; 3 more needed.",
        False,
        2,
        5,
        6,
    )
    assert page.possible == [
        "2 lectures still to come.",
        "'Lecture 4' can still count through a reflection on its recording (due Thu 7 Apr 2022, 12:00 KST).",
    ]
    assert page.next_up == f"Lecture 5 · {WHEN[4]}"
    assert [lec.title for lec in page.lectures] == [f"Lecture {i}" for i in range(1, 7)]
    assert [lec.number for lec in page.lectures] == ["1", "2", "3", "4", "5", "6"]
    assert [lec.status for lec in page.lectures] == [
        "Present",
        "Late (counts)",
        "Excused (does not count)",
        "Absent",
        "Upcoming",
        "Upcoming",
    ]
    assert [lec.is_next for lec in page.lectures] == ["", "", "", "", "yes", ""]
    assert [lec.when_local for lec in page.lectures] == WHEN
    assert {lec.when_seoul for lec in page.lectures} == {""}  # the viewer is in Seoul
    # Recordings once a lecture has ended; no join link six days ahead; no check-in open.
    assert [lec.recording_url for lec in page.lectures] == ["https://video.example.org/r"] * 4 + ["", ""]
    assert {lec.join_url for lec in page.lectures} == {""}
    assert {lec.can_check_in for lec in page.lectures} == {""}
    # Lecture 4 can still count by a reflection; lecture 3's window has closed.
    assert [lec.can_reflect for lec in page.lectures] == ["", "", "", "yes", "", ""]
    assert [lec.reflection_note for lec in page.lectures] == [
        "",
        "",
        "Reflections on this lecture were due by 31 March 2022 (7 days after it).",
        "",
        "",
        "",
    ]
    assert page.lectures[3].reflection_due == "Thu 7 Apr 2022, 12:00 KST"
    assert {(lec.reflection_state, lec.reflection_text, lec.cancelled) for lec in page.lectures} == {
        ("", "", "")
    }
    assert page.workshops == [
        ScheduleWorkshop(
            str(workshops[0].id),
            "Workshop 1: Problem framing",
            "Mon 25 Apr 2022, 09:00 KST",
            "Sun 1 May 2022, 23:59 KST",
            "",
        ),
        ScheduleWorkshop(
            str(workshops[1].id),
            "Workshop 2: Prototyping",
            "Mon 2 May 2022, 09:00 KST",
            "Sun 8 May 2022, 23:59 KST",
            "",
        ),
    ]


def test_schedule_in_the_viewers_zone_names_seoul_time_too(session, people, lectures, workshops, midway):
    page = schedule_page(session=session, user_id=people[0].id, zone=PARIS, now=midway)
    lecture = page.lectures[4]
    assert (lecture.when_local, lecture.when_seoul) == ("Thu 7 Apr 2022, 03:00–05:00 CEST", WHEN[4])
    assert page.next_up == "Lecture 5 · Thu 7 Apr 2022, 03:00–05:00 CEST"
    assert page.possible[1].endswith("(due Thu 7 Apr 2022, 05:00 CEST).")
    assert page.workshops[0] == ScheduleWorkshop(
        str(workshops[0].id),
        "Workshop 1: Problem framing",
        "Mon 25 Apr 2022, 02:00 CEST",
        "Sun 1 May 2022, 16:59 CEST",
        "Sun 1 May 2022, 23:59 KST",
    )


def test_schedule_during_a_lecture(session, secretariat, people, lectures):
    ana, minjun = people[:2]
    lecture = lectures[2]
    during = lecture.starts_at + timedelta(minutes=10)
    page = schedule_page(session=session, user_id=ana.id, zone=SEOUL, now=during)
    shown = page.lectures[2]
    assert (shown.is_next, shown.join_url, shown.can_check_in, shown.status, shown.recording_url) == (
        "yes",
        "https://meet.example.org/2",
        "yes",
        "Upcoming",
        "",
    )
    assert page.next_up == f"Lecture 3 · {WHEN[2]}"
    assert [lec.join_url for lec in page.lectures if lec is not shown] == [""] * 5
    # Once checked in, the button goes.
    code = reveal_checkin_code(session=session, actor=secretariat, lecture_id=lecture.id)
    assert check_in(session=session, user=ana, lecture_id=lecture.id, code=code, now=during).ok
    session.commit()
    after = schedule_page(session=session, user_id=ana.id, zone=SEOUL, now=during).lectures[2]
    assert (after.status, after.can_check_in) == ("Present", "")
    # Someone else's check-in is not theirs.
    other = schedule_page(session=session, user_id=minjun.id, zone=SEOUL, now=during).lectures[2]
    assert (other.status, other.can_check_in) == ("Upcoming", "yes")


def test_schedule_join_link_shows_from_an_hour_before(session, people, lectures):
    lecture = lectures[0]
    for now, link in [
        (lecture.starts_at - timedelta(minutes=61), ""),
        (lecture.starts_at - timedelta(minutes=60), "https://meet.example.org/0"),
        (lecture.ends_at, "https://meet.example.org/0"),
        (lecture.ends_at + timedelta(seconds=1), ""),
    ]:
        page = schedule_page(session=session, user_id=people[0].id, zone=SEOUL, now=now)
        assert page.lectures[0].join_url == link, now


@pytest.mark.parametrize(
    ("review_as", "state", "text", "status"),
    [
        (None, "Reflection submitted: waiting for the secretariat's review.", "", "Absent"),
        ("returned", "Reflection returned: Say what you would change in your city.", REFLECTION, "Absent"),
        ("approved", "", "", "Counted by recording"),
    ],
)
def test_schedule_shows_the_reflection(
    session, secretariat, people, lectures, midway, review_as, state, text, status
):
    ana = people[0]
    reflection = reflect(session, ana, lectures[3], days=0.5)
    if review_as:
        review(
            session,
            secretariat,
            reflection,
            approve=review_as == "approved",
            feedback="" if review_as == "approved" else "Say what you would change in your city.",
        )
    page = schedule_page(session=session, user_id=ana.id, zone=SEOUL, now=midway)
    shown = page.lectures[3]
    assert (shown.reflection_state, shown.reflection_text, shown.status) == (state, text, status)
    if review_as == "approved":
        assert (shown.can_reflect, shown.reflection_note) == ("", "")
        assert page.summary == "3 of 6 attended (including 1 by recording); 2 more needed."
        assert page.possible == ["2 lectures still to come."]
    else:
        assert shown.can_reflect == "yes"
    # Another participant's reflection never shows on theirs.
    other = schedule_page(session=session, user_id=people[1].id, zone=SEOUL, now=midway).lectures[3]
    assert (other.reflection_state, other.reflection_text, other.status) == ("", "", "Missed")


def test_schedule_with_a_cancelled_lecture(session, secretariat, people, lectures, midway):
    cancel(session, secretariat, lectures[4], "Typhoon warning")
    page = schedule_page(session=session, user_id=people[0].id, zone=SEOUL, now=midway)
    assert [lec.number for lec in page.lectures] == ["1", "2", "3", "4", "", "5"]
    cancelled = page.lectures[4]
    assert (cancelled.cancelled, cancelled.status, cancelled.is_next, cancelled.join_url) == (
        "Cancelled: Typhoon warning",
        "",
        "",
        "",
    )
    assert page.total == 5 and page.next_up == f"Lecture 6 · {WHEN[5]}"
    assert page.lectures[5].is_next == "yes"
    assert page.possible[0] == "1 lecture still to come."


def test_schedule_when_phase1_is_complete(session, secretariat, people, lectures):
    ana = people[0]
    for lecture in lectures[:5]:
        mark(session, secretariat, lecture, ana, "present")
    page = schedule_page(
        session=session, user_id=ana.id, zone=SEOUL, now=lectures[4].ends_at + timedelta(hours=1)
    )
    assert (page.complete, page.summary) == (True, "5 of 6 attended; Phase 1 complete.")
    assert page.possible == ["Phase 1 complete: you can join a Phase 2 team (Phase 2 starts 25 April 2022)."]
    assert page.next_up == f"Lecture 6 · {WHEN[5]}"


def test_schedule_when_phase1_can_no_longer_be_completed(session, people, lectures):
    page = schedule_page(
        session=session, user_id=people[0].id, zone=SEOUL, now=lectures[5].ends_at + 10 * WEEK
    )
    assert (page.counted, page.complete, page.next_up) == (0, False, "")
    assert page.possible == ["With what is left you cannot reach 5 lectures; please talk to the secretariat."]
    assert {lec.status for lec in page.lectures} == {"Missed"}
    assert {lec.can_reflect for lec in page.lectures} == {""}
    assert page.lectures[0].reflection_note == (
        "Reflections on this lecture were due by 17 March 2022 (7 days after it)."
    )


def test_schedule_shows_only_their_cohorts_lectures(session, people, lectures, elsewhere):
    _, omar, _ = elsewhere
    page = schedule_page(session=session, user_id=omar.id, zone=SEOUL, now=FIRST)
    assert (page.cohort, [lec.title for lec in page.lectures]) == (
        "Smart City Champions 2021",
        ["Old lecture"],
    )
    assert (page.lectures[0].status, page.workshops) == ("Present", [])
    mine = schedule_page(session=session, user_id=people[0].id, zone=SEOUL, now=FIRST)
    assert "Old lecture" not in [lec.title for lec in mine.lectures]


# --- the pages that read the clock themselves, at a chosen moment ------------------------------


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (lambda lectures: lectures[0].starts_at - WEEK, 0),  # none started: the first
        (lambda lectures: lectures[2].starts_at, 2),  # being held
        (lambda lectures: lectures[2].ends_at + timedelta(days=3), 2),  # the last one started
        (lambda lectures: lectures[3].starts_at - timedelta(seconds=1), 2),
        (lambda lectures: lectures[5].ends_at + WEEK, 5),
    ],
)
def test_roster_default_lecture_follows_the_clock(session, people, lectures, monkeypatch, moment, shown):
    monkeypatch.setattr("champions.services.phase1.views.utcnow", lambda: moment(lectures))
    page = roster_page(session=session, cohort_name="", lecture_id=None, today=TODAY)
    assert page.lecture == str(lectures[shown].id)


def test_progress_page_midway(session, secretariat, people, lectures, midway, monkeypatch):
    monkeypatch.setattr("champions.services.phase1.progress.utcnow", lambda: midway)
    page = progress_page(session=session, cohort_name="", today=TODAY)
    assert page.summary == (
        "3 accepted participants · 0 completed Phase 1 · 3 at risk · 5 of 6 lectures required"
    )
    assert page.lines == [
        ProgressLine("Ana Lima", "South Korea", "P L E A · ·", "2 of 6 attended; 3 more needed."),
        ProgressLine("محمد العلي", "South Korea", "– – – – · ·", "0 of 6 attended; 5 more needed."),
        ProgressLine("김민준", "South Korea", "– – – – · ·", "0 of 6 attended; 5 more needed."),
    ]
    both = "can no longer complete Phase 1; missed the last two lectures"
    assert page.risk == [
        RiskLine("Ana Lima", "ana@example.org", "South Korea", "2 of 5", "missed the last two lectures"),
        RiskLine("محمد العلي", "mohammed@example.org", "South Korea", "0 of 5", both),
        RiskLine("김민준", "minjun@example.org", "South Korea", "0 of 5", both),
    ]
    export = progress_export(session=session, cohort_name="", which="at-risk", today=TODAY)
    # What is still possible: counted + lectures to come + lecture 4 by a reflection.
    assert [row.split(",")[5] for row in export.text.split("\r\n")[1:-1]] == ["5", "3", "3"]


@pytest.mark.parametrize("which", ["at-risk", "attendance"])
def test_no_file_for_an_unknown_cohort(session, lectures, which):
    assert cohort_calendar_file(session=session, cohort_name="1999", today=TODAY) is None
    assert progress_export(session=session, cohort_name="1999", which=which, today=TODAY) is None


def test_the_schedule_gives_its_sentences_as_parts_for_the_page_to_say_in_the_viewers_language(
    session, people, lectures, workshops, midway
):
    """The page puts the progress, what is still possible, the workshops' titles and the
    statuses in the viewer's words from these parts (so they follow the language menu in place);
    the dates in them are already in the viewer's language."""
    page = schedule_page(session=session, user_id=people[0].id, zone=SEOUL, now=midway, language="ko")
    assert page.possible[0] == "2 lectures still to come."  # the English sentences stay as they were
    assert (page.counted, page.total, page.by_recording, page.needed, page.complete) == (2, 6, 0, 3, False)
    assert page.possible_lines == [
        PossibleLine("upcoming", count=2),
        PossibleLine("recoverable", title="Lecture 4", when="2022년 4월 7일 (목) 12:00 KST"),
    ]
    workshop = page.workshops[0]
    assert (workshop.position, workshop.name, workshop.session_mode) == ("1", "Problem framing", "hybrid")
    # What the page shows from them, in Korean and Arabic.
    attended = {
        language: gettext(language, "{counted} of {total} attended", counted=page.counted, total=page.total)
        for language in ("ko", "ar")
    }
    more = "{attended}; {count} more needed."
    assert (
        ngettext("ko", more, more, page.needed, attended=attended["ko"])
        == "6회 중 2회 출석; 3회 더 필요합니다."
    )
    assert (
        ngettext("ar", more, more, page.needed, attended=attended["ar"]) == "حضرت 2 من 6؛ يلزم 3 حضور إضافي."
    )
    assert [gettext("ko", lecture.status) for lecture in page.lectures] == [
        "출석",
        "지각(인정됨)",
        "공결(인정되지 않음)",
        "결석",
        "예정",
        "예정",
    ]
    assert gettext("ar", page.lectures[1].status) == "متأخر (يُحتسب)"
    still = ("{count} lecture still to come.", "{count} lectures still to come.")
    assert ngettext("ko", *still, 2) == "앞으로 강의 2회가 남아 있습니다."
    assert ngettext("ar", *still, 2) == "تبقّت محاضرتان."
    title = gettext("ar", "Workshop {position}: {title}", position=workshop.position, title=workshop.name)
    assert title == "ورشة العمل 1: Problem framing"


def test_the_schedules_notice_names_the_applications_status_for_the_page(session, cohort, register):
    user, _ = register()
    session.commit()
    page = schedule_page(session=session, user_id=user.id, zone=SEOUL, now=datetime(2022, 3, 1, tzinfo=UTC))
    assert (page.notice_status, page.lectures) == ("submitted", [])
    notice = "The lecture schedule is for accepted participants; your application is {status}."
    assert gettext("ko", notice, status=gettext("ko", page.notice_status)) == (
        "강의 일정은 합격한 참가자를 위한 것입니다. 지원 상태: 제출됨."
    )
