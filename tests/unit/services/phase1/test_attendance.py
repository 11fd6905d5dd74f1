"""Unit tests for the check-in window and late marking in champions.services.phase1.attendance."""

from datetime import UTC, datetime, timedelta

import pytest

from champions.models import AttendanceStatus, Lecture, LectureMode
from champions.services.phase1.attendance import (
    attendance_refusal,
    checkin_is_open,
    checkin_window,
    normalize_code,
    status_on_checkin,
)

START = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
END = START + timedelta(hours=2)
SECOND = timedelta(seconds=1)


def lecture(**overrides) -> Lecture:
    return Lecture(
        id=1,
        cohort_id=1,
        title="L",
        speaker="S",
        starts_at=START,
        ends_at=END,
        mode=LectureMode.ONLINE,
        **overrides,
    )


def test_the_window_runs_from_15_minutes_before_start_to_30_after_end():
    assert checkin_window(lecture()) == (START - timedelta(minutes=15), END + timedelta(minutes=30))


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (START - timedelta(minutes=15) - SECOND, False),
        (START - timedelta(minutes=15), True),
        (START, True),
        (END + timedelta(minutes=30), True),
        (END + timedelta(minutes=30) + SECOND, False),
    ],
)
def test_window_edges(moment, is_open):
    assert checkin_is_open(lecture(), moment) is is_open


def test_a_cancelled_lecture_has_no_window():
    assert not checkin_is_open(lecture(cancelled_at=START), START)


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (START - timedelta(minutes=15), AttendanceStatus.PRESENT),
        (START + timedelta(minutes=15), AttendanceStatus.PRESENT),
        (START + timedelta(minutes=15) + SECOND, AttendanceStatus.LATE),
        (END + timedelta(minutes=30), AttendanceStatus.LATE),
    ],
)
def test_late_after_start_plus_15_minutes(moment, status):
    assert status_on_checkin(lecture(), moment) == status


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        (" ab3 k7q ", "AB3K7Q"),
        ("ab3k7q\n", "AB3K7Q"),
        (None, ""),
        (12345, "12345"),
        ("x" * 100, "X" * 32),
    ],
)
def test_codes_are_compared_without_case_or_spaces(typed, normalized):
    assert normalize_code(typed) == normalized


def test_the_roster_takes_present_only_once_the_lecture_can_have_started():
    before = START - timedelta(minutes=15) - SECOND
    assert attendance_refusal(lecture(), AttendanceStatus.PRESENT, before).code == "not_started"
    assert attendance_refusal(lecture(), AttendanceStatus.EXCUSED, before) is None
    assert attendance_refusal(lecture(), AttendanceStatus.PRESENT, START) is None
    assert attendance_refusal(lecture(cancelled_at=START), AttendanceStatus.ABSENT, END).code == "cancelled"
    assert attendance_refusal(None, AttendanceStatus.ABSENT, END).code == "not_found"
