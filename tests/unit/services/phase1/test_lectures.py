"""Unit tests for champions.services.phase1.lectures: the lecture form, link visibility, the next lecture."""

from datetime import UTC, datetime, timedelta

import pytest

from champions.infra.reasons import RuleViolation
from champions.models import Lecture, LectureMode
from champions.services.phase1.lectures import (
    CODE_ALPHABET,
    CODE_LENGTH,
    LectureForm,
    check_lecture,
    join_link_visible,
    new_checkin_code,
    next_lecture,
    recording_visible,
)

START = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 10:00 in Seoul


def form(**overrides) -> LectureForm:
    values = dict(
        title="Urban Data Platforms",
        speaker="Prof. Aisha Bello",
        description="Open data.",
        day="2026-03-10",
        start_time="10:00",
        end_time="12:00",
        zone="Asia/Seoul",
        mode="online",
        join_url="https://meet.example.org/l2",
        venue="",
        recording_url="",
    )
    values.update(overrides)
    return LectureForm(**values)


def errors(bad: LectureForm) -> dict[str, str]:
    with pytest.raises(RuleViolation) as caught:
        check_lecture(bad)
    return caught.value.by_field()


def test_a_valid_form_is_stored_in_utc():
    checked = check_lecture(form())
    assert checked.starts_at == START and checked.ends_at == START + timedelta(hours=2)
    assert checked.mode == LectureMode.ONLINE and checked.title == "Urban Data Platforms"


def test_times_entered_in_the_viewers_zone_give_the_same_instants():
    checked = check_lecture(
        form(day="2026-03-09", start_time="22:00", end_time="23:59", zone="America/Sao_Paulo")
    )
    assert checked.starts_at == START


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter the lecture's title."),
        ({"speaker": ""}, "speaker", "Enter the speaker's name."),
        ({"title": "x" * 201}, "title", "Use at most 200 characters."),
        ({"day": "10/03/2026"}, "day", "Enter the date as YYYY-MM-DD."),
        ({"day": "2026-02-30"}, "day", "Enter the date as YYYY-MM-DD."),
        ({"day": "２０２６-03-10"}, "day", "Enter the date as YYYY-MM-DD."),
        ({"start_time": "25:00"}, "start_time", "Enter the time as HH:MM (24-hour clock)."),
        ({"end_time": "noon"}, "end_time", "Enter the time as HH:MM (24-hour clock)."),
        ({"end_time": "10:00"}, "end_time", "The end must be after the start."),
        ({"end_time": "09:00"}, "end_time", "The end must be after the start."),
        ({"zone": "Mars/Base"}, "zone", "Choose the time zone of the times you entered."),
        ({"mode": "telepathy"}, "mode", "Choose online, offline or hybrid."),
        ({"join_url": ""}, "join_url", "An online or hybrid lecture needs its join link."),
        (
            {"join_url": "javascript:alert(1)"},
            "join_url",
            "Join link: enter a full web address starting with https://.",
        ),
        (
            {"recording_url": "ftp://x.org/r"},
            "recording_url",
            "Recording link: enter a full web address starting with https://.",
        ),
        ({"mode": "offline", "join_url": ""}, "venue", "An offline or hybrid lecture needs its venue."),
        (
            {"mode": "hybrid", "venue": "Seoul City Hall", "join_url": ""},
            "join_url",
            "An online or hybrid lecture needs its join link.",
        ),
    ],
)
def test_each_bad_field_gets_its_own_message(overrides, field, message):
    assert errors(form(**overrides))[field] == message


def test_a_lecture_lasts_at_most_twelve_hours():
    assert (
        errors(form(start_time="00:00", end_time="12:01"))["end_time"] == "A lecture lasts at most 12 hours."
    )
    longest = check_lecture(form(start_time="00:00", end_time="12:00"))
    assert longest.ends_at - longest.starts_at == timedelta(hours=12)


def test_from_form_data_survives_wrong_types():
    built = LectureForm.from_form_data({"title": ["x"], "speaker": 3, "zone": None, "mode": "online"})
    assert built.title == "" and built.speaker == "" and built.zone == "" and built.mode == "online"
    assert LectureForm.from_form_data("not a dict") == LectureForm()
    assert set(errors(LectureForm.from_form_data({}))) >= {
        "title",
        "speaker",
        "day",
        "start_time",
        "zone",
        "mode",
    }


def lecture(**overrides) -> Lecture:
    values = dict(
        id=1,
        cohort_id=1,
        title="L",
        speaker="S",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        mode=LectureMode.ONLINE,
        join_url="https://meet.example.org/1",
        recording_url="https://video.example.org/1",
    )
    values.update(overrides)
    return Lecture(**values)


@pytest.mark.parametrize(
    ("offset", "visible"),
    [
        (timedelta(minutes=-61), False),
        (timedelta(minutes=-60), True),
        (timedelta(hours=2), True),
        (timedelta(hours=2, seconds=1), False),
    ],
)
def test_the_join_link_shows_from_an_hour_before_until_the_end(offset, visible):
    assert join_link_visible(lecture(), START + offset) is visible


def test_the_recording_shows_after_the_end_when_there_is_one():
    assert not recording_visible(lecture(), START + timedelta(hours=1))
    assert recording_visible(lecture(), START + timedelta(hours=2))
    assert not recording_visible(lecture(recording_url=""), START + timedelta(days=1))
    cancelled = lecture(cancelled_at=START)
    assert not recording_visible(cancelled, START + timedelta(days=1))
    assert not join_link_visible(cancelled, START)


def test_the_next_lecture_is_the_one_running_or_the_next_to_start():
    first = lecture(id=1)
    second = lecture(id=2, starts_at=START + timedelta(days=7), ends_at=START + timedelta(days=7, hours=2))
    third = lecture(
        id=3,
        starts_at=START + timedelta(days=14),
        ends_at=START + timedelta(days=14, hours=2),
        cancelled_at=START,
    )
    assert next_lecture([first, second, third], START - timedelta(days=1)) is first
    assert next_lecture([first, second, third], START + timedelta(hours=1)) is first
    assert next_lecture([first, second, third], START + timedelta(hours=2, seconds=1)) is second
    assert next_lecture([first, second, third], START + timedelta(days=10)) is None


def test_checkin_codes_are_easy_to_read_and_differ():
    codes = {new_checkin_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01IO") & set(CODE_ALPHABET)
