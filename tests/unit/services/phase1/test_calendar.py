"""The cohort calendar, read back by an independent iCalendar parser (the `icalendar` library)."""

from datetime import UTC, date, datetime, timedelta

import icalendar

from champions.models import Cohort, Lecture, LectureMode, Workshop
from champions.services.phase1.calendar import build_calendar, calendar_filename

STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
START = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)


def cohort() -> Cohort:
    return Cohort(
        id=1,
        name="2026",
        title="Smart City Champions 2026",
        registration_opens=date(2026, 1, 1),
        registration_closes=date(2026, 2, 1),
        phase1_start=date(2026, 3, 1),
        phase1_end=date(2026, 4, 1),
        phase2_start=date(2026, 4, 2),
        phase2_end=date(2026, 6, 1),
        ceremony_date=date(2026, 12, 1),
    )


def lectures() -> list[Lecture]:
    out = []
    for i in range(6):
        start = START + timedelta(days=7 * i)
        out.append(
            Lecture(
                id=i + 1,
                cohort_id=1,
                title=f"Lecture, part {i + 1}; “smart” 서울 city",
                speaker="Dr. Лена Ким",
                description="Line one\nLine two, with a comma",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                mode=LectureMode.HYBRID,
                join_url=f"https://meet.example.org/{i + 1}",
                venue="Seoul Global Center, Jongno-gu",
            )
        )
    out[2].cancelled_at, out[2].cancel_reason = STAMP, "Speaker ill"
    return out


def workshops() -> list[Workshop]:
    return [
        Workshop(
            id=i,
            cohort_id=1,
            position=i,
            title=f"Workshop {i}",
            brief="Brief",
            opens_at=START + timedelta(days=60 + 10 * i),
            deadline=START + timedelta(days=70 + 10 * i, hours=8),
        )
        for i in range(1, 5)
    ]


def parsed() -> icalendar.Calendar:
    text = build_calendar(cohort(), lectures(), workshops(), STAMP)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return icalendar.Calendar.from_ical(text)


def test_the_calendar_has_every_lecture_both_moments_of_every_workshop_and_the_ceremony():
    events = parsed().walk("VEVENT")
    assert len(events) == 6 + 2 * 4 + 1
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_the_ceremony_without_a_time_is_an_all_day_event_on_its_date():
    (ceremony,) = [e for e in parsed().walk("VEVENT") if str(e["UID"]).startswith("ceremony-")]
    assert str(ceremony["UID"]) == "ceremony-1@champions.wego-cities.org"
    assert ceremony.decoded("DTSTART") == date(2026, 12, 1)
    assert str(ceremony["SUMMARY"]) == "Year-end ceremony: Smart City Champions 2026"
    assert "DTEND" not in ceremony


def test_the_ceremony_at_its_time_in_utc_with_venue_and_join_link():
    edition = cohort()
    edition.ceremony_starts_at = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)  # 15:00 in Seoul
    edition.ceremony_venue, edition.ceremony_join_url = "Seoul City Hall", "https://meet.example.org/ceremony"
    text = build_calendar(edition, [], [], STAMP)
    (ceremony,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert ceremony.decoded("DTSTART") == datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    assert "DTSTART:20261201T060000Z" in text
    assert str(ceremony["LOCATION"]) == "Seoul City Hall"
    assert str(ceremony["URL"]) == "https://meet.example.org/ceremony"
    assert "Join: https://meet.example.org/ceremony" in str(ceremony["DESCRIPTION"])


def test_lecture_times_are_utc_and_exact():
    events = [e for e in parsed().walk("VEVENT") if str(e["UID"]).startswith("lecture-")]
    for i, event in enumerate(events):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == START + timedelta(days=7 * i) and start.utcoffset() == timedelta(0)
        assert end - start == timedelta(hours=2)


def test_text_with_commas_semicolons_newlines_and_any_script_survives():
    first = parsed().walk("VEVENT")[0]
    assert str(first["SUMMARY"]) == "Lecture 1: Lecture, part 1; “smart” 서울 city"
    assert str(first["LOCATION"]) == "Seoul Global Center, Jongno-gu"
    assert "Speaker: Dr. Лена Ким" in str(first["DESCRIPTION"])
    assert "Line one\nLine two, with a comma" in str(first["DESCRIPTION"])


def test_a_cancelled_lecture_is_marked_cancelled_and_not_numbered():
    events = parsed().walk("VEVENT")
    cancelled = [e for e in events if str(e["STATUS"]) == "CANCELLED"]
    assert [str(e["SUMMARY"]) for e in cancelled] == ["Cancelled: Lecture, part 3; “smart” 서울 city"]
    assert str(events[3]["SUMMARY"]).startswith("Lecture 3: Lecture, part 4")


def test_workshop_deadlines_are_instants_with_a_reminder_a_day_before():
    deadlines = [e for e in parsed().walk("VEVENT") if "deadline" in str(e["UID"])]
    assert [e.decoded("DTSTART") for e in deadlines] == [
        START + timedelta(days=70 + 10 * i, hours=8) for i in range(1, 5)
    ]
    assert all("DTEND" not in e for e in deadlines)
    assert all(e.walk("VALARM")[0].decoded("TRIGGER") == -timedelta(days=1) for e in deadlines)


def test_calendar_filename_is_safe():
    named = cohort()
    named.name = "2026 / Seoul"
    assert calendar_filename(named) == "champions-2026---Seoul.ics"


def test_the_calendar_names_itself_and_each_lecture_links_its_meeting():
    calendar = parsed()
    assert str(calendar["PRODID"]) == "-//WeGO//Smart City Champions//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Smart City Champions 2026"
    assert str(calendar["METHOD"]) == "PUBLISH" and str(calendar["CALSCALE"]) == "GREGORIAN"
    first = calendar.walk("VEVENT")[0]
    assert str(first["UID"]) == "lecture-1@champions.wego-cities.org"
    assert str(first["URL"]) == "https://meet.example.org/1"
    assert first.decoded("DTSTAMP") == STAMP
    assert first.walk("VALARM")[0].decoded("TRIGGER") == -timedelta(minutes=30)


def test_naive_database_times_are_written_as_utc():
    """SQLite hands datetimes back without a zone: they are UTC, and must not become floating times."""
    naive = [
        lecture.model_copy(
            update={
                "starts_at": lecture.starts_at.replace(tzinfo=None),
                "ends_at": lecture.ends_at.replace(tzinfo=None),
            }
        )
        for lecture in lectures()
    ]
    text = build_calendar(cohort(), naive, [], STAMP.replace(tzinfo=None))
    assert "DTSTART:20260310T010000Z\r\n" in text and "DTSTAMP:20261123T090000Z\r\n" in text
    assert "VTIMEZONE" not in text


def test_a_scheduled_workshop_session_is_an_event_with_its_place_and_link():
    scheduled = workshops()
    scheduled[1].session_starts_at = START + timedelta(days=75)
    scheduled[1].session_ends_at = START + timedelta(days=75, hours=3)
    scheduled[1].mode, scheduled[1].venue = LectureMode.HYBRID, "Seoul Global Center, 서울"
    scheduled[1].join_url = "https://meet.example.org/w2"
    events = icalendar.Calendar.from_ical(build_calendar(cohort(), [], scheduled, STAMP)).walk("VEVENT")
    [session] = [e for e in events if str(e["UID"]) == "workshop-2-session@champions.wego-cities.org"]
    assert len(events) == 1 + 2 * 4 + 1  # the other workshops have no session yet; the ceremony
    assert str(session["SUMMARY"]) == "Workshop 2: Workshop 2"
    assert (session.decoded("DTSTART"), session.decoded("DTEND")) == (
        datetime(2026, 5, 24, 1, 0, tzinfo=UTC),
        datetime(2026, 5, 24, 4, 0, tzinfo=UTC),
    )
    assert str(session["LOCATION"]) == "Seoul Global Center, 서울"
    assert str(session["URL"]) == "https://meet.example.org/w2"
    assert str(session["DESCRIPTION"]) == "Mode: hybrid\n\nBrief\n\nJoin: https://meet.example.org/w2"
    [alarm] = session.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=30)


def test_the_calendar_in_korean_and_arabic_with_the_data_as_written():
    for language, lecture, cancelled, speaker, mode in (
        (
            "ko",
            "강의 1: Lecture, part 1; “smart” 서울 city",
            "취소됨: Lecture, part 3; “smart” 서울 city",
            "강연자: Dr. Лена Ким",
            "방식: 하이브리드(대면 및 온라인)",
        ),
        (
            "ar",
            "المحاضرة 1: Lecture, part 1; “smart” 서울 city",
            "أُلغيت: Lecture, part 3; “smart” 서울 city",
            "المحاضر: Dr. Лена Ким",
            None,
        ),
    ):
        edition, with_session = cohort(), workshops()
        with_session[0].session_starts_at, with_session[0].session_ends_at = START, START + timedelta(hours=1)
        with_session[0].mode = LectureMode.HYBRID
        text = build_calendar(edition, lectures(), with_session, STAMP, language)
        events = icalendar.Calendar.from_ical(text).walk("VEVENT")
        assert str(events[0]["SUMMARY"]) == lecture
        assert speaker in str(events[0]["DESCRIPTION"])
        assert [str(e["SUMMARY"]) for e in events if str(e["STATUS"]) == "CANCELLED"] == [cancelled]
        if mode:
            assert mode in str(events[6]["DESCRIPTION"])
    english = build_calendar(cohort(), lectures(), workshops(), STAMP, "en")
    assert english == build_calendar(cohort(), lectures(), workshops(), STAMP)
