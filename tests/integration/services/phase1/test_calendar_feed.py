"""Private calendar feeds: made, renewed and stopped; what a participant's and a mentor's feed
holds, always from the current data (a moved lecture moves in the feed)."""

import hashlib
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import CalendarFeed, Cohort, Role, Workshop
from champions.services.accounts.personal_data import delete_account
from champions.services.phase1.calendar_feed import (
    FeedStatus,
    feed_addresses,
    feed_calendar,
    feed_status,
    start_feed,
    stop_feed,
)
from champions.services.phase1.lectures import save_lecture

from ...conftest import T0
from .conftest import FIRST, WEEK, checked

LATER = T0 + timedelta(days=3)


def _events(text: str) -> list[tuple[str, str]]:
    """(summary, start in UTC ISO) of every event, in the feed's order."""
    calendar = icalendar.Calendar.from_ical(text)
    return [
        (str(event["summary"]), event.decoded("dtstart").isoformat()) for event in calendar.walk("VEVENT")
    ]


@pytest.fixture
def workshop(session, cohort) -> Workshop:
    made = Workshop(
        cohort_id=cohort.id,
        position=1,
        title="Problem framing",
        brief="Frame it.",
        opens_at=datetime(2022, 4, 25, 0, 0, tzinfo=UTC),
        deadline=datetime(2022, 5, 1, 14, 59, tzinfo=UTC),
        session_starts_at=datetime(2022, 4, 26, 1, 0, tzinfo=UTC),
        session_ends_at=datetime(2022, 4, 26, 3, 0, tzinfo=UTC),
    )
    session.add(made)
    session.commit()
    return made


def test_a_participant_s_feed_has_the_edition_s_lectures_workshop_and_ceremony(
    session, cohort, people, lectures, workshop, secretariat
):
    ana = people[0]
    token = start_feed(session=session, user_id=ana.id, now=T0)
    session.commit()
    feed = session.exec(select(CalendarFeed)).one()
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest() and feed.user_id == ana.id
    text = feed_calendar(session=session, token=token, now=LATER)
    lecture_events = [(f"Lecture {i + 1}: Lecture {i + 1}", (FIRST + i * WEEK).isoformat()) for i in range(6)]
    assert _events(text) == [
        *lecture_events,
        ("Workshop 1: Problem framing", "2022-04-26T01:00:00+00:00"),
        ("Workshop 1: Problem framing opens", "2022-04-25T00:00:00+00:00"),
        ("Submission deadline: Workshop 1: Problem framing", "2022-05-01T14:59:00+00:00"),
        (f"Year-end ceremony: {cohort.title}", cohort.ceremony_date.isoformat()),
    ]
    assert icalendar.Calendar.from_ical(text)["x-wr-calname"] == cohort.title
    # Always the current data: a lecture moved an hour later is moved in the feed.
    moved = checked(0, starts_at=FIRST + timedelta(hours=1), ends_at=FIRST + timedelta(hours=3))
    save_lecture(
        session=session, actor=secretariat, cohort=cohort, checked=moved, lecture_id=lectures[0].id, now=T0
    )
    session.commit()
    first = _events(feed_calendar(session=session, token=token, now=LATER))[0]
    assert first == ("Lecture 1: Lecture 1", (FIRST + timedelta(hours=1)).isoformat())


def test_an_applicant_not_accepted_gets_an_empty_calendar(session, people, lectures):
    waiting = people[3]
    token = start_feed(session=session, user_id=waiting.id, now=T0)
    text = feed_calendar(session=session, token=token, now=LATER)
    assert _events(text) == []
    assert icalendar.Calendar.from_ical(text)["x-wr-calname"] == "Smart City Champions"


def test_a_mentor_s_feed_has_the_judging_deadlines_and_the_ceremony(
    session, cohort, make_user, lectures, workshop
):
    mentor = make_user(email="mentor@example.org", full_name="Dr. Ada", role=Role.MENTOR)
    session.add(
        Workshop(
            cohort_id=cohort.id,
            position=2,
            title="Not judged",
            opens_at=datetime(2022, 5, 2, tzinfo=UTC),
            deadline=datetime(2022, 5, 8, tzinfo=UTC),
            judged=False,
        )
    )
    archived = Cohort(**{**cohort.model_dump(exclude={"id"}), "name": "old", "archived_at": T0})
    session.add(archived)
    session.commit()
    token = start_feed(session=session, user_id=mentor.id, now=T0)
    assert _events(feed_calendar(session=session, token=token, now=LATER)) == [
        (
            f"Judging: Workshop 1: Problem framing submissions close ({cohort.title})",
            "2022-05-01T14:59:00+00:00",
        ),
        (f"Year-end ceremony: {cohort.title}", cohort.ceremony_date.isoformat()),
    ]


def test_renewing_kills_the_old_address_and_stopping_kills_the_new(session, people):
    ana = people[0]
    assert feed_status(session=session, user_id=ana.id) == FeedStatus(available=True)
    old = start_feed(session=session, user_id=ana.id, now=T0)
    assert feed_status(session=session, user_id=ana.id) == FeedStatus(
        available=True, active=True, since="Tue 1 Feb 2022, 21:00 KST"
    )
    new = start_feed(session=session, user_id=ana.id, now=LATER)
    session.commit()
    assert new != old
    assert feed_calendar(session=session, token=old) is None
    assert feed_calendar(session=session, token=new) is not None
    assert len(session.exec(select(CalendarFeed)).all()) == 1
    assert stop_feed(session=session, user_id=ana.id) is True
    session.commit()
    assert feed_calendar(session=session, token=new) is None
    assert stop_feed(session=session, user_id=ana.id) is False
    assert feed_status(session=session, user_id=ana.id) == FeedStatus(available=True)


def test_the_secretariat_has_no_feed_and_unknown_tokens_get_nothing(session, secretariat, people):
    with pytest.raises(RuleViolation) as raised:
        start_feed(session=session, user_id=secretariat.id)
    assert [r.message for r in raised.value.reasons] == [
        "Calendar subscriptions are for participants and mentors."
    ]
    assert feed_status(session=session, user_id=secretariat.id) == FeedStatus()
    for token in ("", "x" * 129, "not-a-token"):
        assert feed_calendar(session=session, token=token) is None


def test_a_deleted_account_s_feed_is_gone(session, people):
    ana = people[0]
    token = start_feed(session=session, user_id=ana.id, now=T0)
    session.commit()
    delete_account(session=session, user_id=ana.id)
    session.commit()
    assert feed_calendar(session=session, token=token) is None
    assert session.exec(select(CalendarFeed)).all() == []


def test_the_addresses_are_https_and_webcal():
    assert feed_addresses("https://champions.example/", "abc") == (
        "https://champions.example/calendar/abc.ics",
        "webcal://champions.example/calendar/abc.ics",
    )


def test_a_feed_speaks_its_owners_language(session, cohort, people, make_user, lectures, workshop):
    ana = people[0]
    ana.language = "ko"
    session.add(ana)
    session.commit()
    token = start_feed(session=session, user_id=ana.id, now=T0)
    calendar = icalendar.Calendar.from_ical(feed_calendar(session=session, token=token, now=LATER))
    assert _events(calendar.to_ical().decode())[:1] == [("강의 1: Lecture 1", FIRST.isoformat())]
    assert [summary for summary, _ in _events(calendar.to_ical().decode())[6:]] == [
        "워크숍 1: Problem framing",
        "워크숍 1: Problem framing 시작",
        "제출 마감: 워크숍 1: Problem framing",
        f"연말 시상식: {cohort.title}",
    ]
    deadline = calendar.walk("VEVENT")[8]
    assert str(deadline["description"]) == "이 시각 전에 마지막으로 제출한 버전이 인정됩니다."
    mentor = make_user(email="mentor@example.org", full_name="Dr. Ada", role=Role.MENTOR)
    mentor.language = "ar"
    session.add(mentor)
    session.commit()
    token = start_feed(session=session, user_id=mentor.id, now=T0)
    text = feed_calendar(session=session, token=token, now=LATER)
    assert icalendar.Calendar.from_ical(text)["x-wr-calname"] == "Smart City Champions: التحكيم"
    assert _events(text)[0][0] == f"التحكيم: إغلاق تسليمات ورشة العمل 1: Problem framing ({cohort.title})"
