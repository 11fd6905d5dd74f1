"""The workshop form's checks: the submission window and the session (date, times, mode,
venue, join link), and the dates within the cohort's Phase 2."""

from datetime import UTC, date, datetime

import pytest

from champions.demo.seed import cohort_2022
from champions.infra.reasons import RuleViolation
from champions.models import LectureMode
from champions.services.phase2.workshops import WorkshopForm, check_workshop, phase2_problems

VALID = dict(
    title="Solution design",
    brief="Design a solution.",
    opens_day="2022-05-09",
    opens_time="10:00",
    deadline_day="2022-05-19",
    deadline_time="18:00",
    zone="Asia/Seoul",
    judged="yes",
    weight="2",
    session_day="2022-05-09",
    session_start="14:00",
    session_end="17:00",
    mode="hybrid",
    venue="Seoul Global Center",
    join_url="https://meet.example.org/w2",
)


def test_a_valid_form_gives_utc_instants():
    checked = check_workshop(WorkshopForm(**VALID))
    assert (checked.opens_at, checked.deadline) == (
        datetime(2022, 5, 9, 1, 0, tzinfo=UTC),
        datetime(2022, 5, 19, 9, 0, tzinfo=UTC),
    )
    assert (checked.session_starts_at, checked.session_ends_at) == (
        datetime(2022, 5, 9, 5, 0, tzinfo=UTC),
        datetime(2022, 5, 9, 8, 0, tzinfo=UTC),
    )
    assert (checked.mode, checked.venue, checked.join_url, checked.judged, checked.weight) == (
        LectureMode.HYBRID,
        "Seoul Global Center",
        "https://meet.example.org/w2",
        True,
        2.0,
    )


def test_a_workshop_without_a_session_is_not_scheduled():
    checked = check_workshop(
        WorkshopForm(**{**VALID, "session_day": "", "session_start": "", "session_end": "", "venue": ""})
    )
    assert (checked.session_starts_at, checked.session_ends_at) == (None, None)


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({"title": "  "}, {"title": "Enter the workshop's title."}),
        ({"deadline_day": "2022-05-08"}, {"deadline_day": "The deadline must be after the opening."}),
        ({"weight": "0"}, {"weight": "Enter a weight above 0 and at most 100."}),
        ({"session_day": "9 May"}, {"session_day": "Session: enter the date as YYYY-MM-DD."}),
        ({"session_end": "25:00"}, {"session_end": "Session: enter the time as HH:MM (24-hour clock)."}),
        ({"session_end": "13:00"}, {"session_end": "The session must end after it starts."}),
        (
            {"session_start": "05:00", "session_end": "18:00"},
            {"session_end": "A session lasts at most 12 hours."},
        ),
        ({"mode": "in space"}, {"mode": "Choose online, offline or hybrid."}),
        ({"mode": ""}, {"mode": "Choose online, offline or hybrid."}),
        ({"join_url": ""}, {"join_url": "An online or hybrid session needs its join link."}),
        ({"venue": ""}, {"venue": "An offline or hybrid session needs its venue."}),
        ({"mode": "offline", "venue": ""}, {"venue": "An offline or hybrid session needs its venue."}),
        (
            {"mode": "online", "join_url": ""},
            {"join_url": "An online or hybrid session needs its join link."},
        ),
        (
            {"join_url": "javascript:alert(1)"},
            {"join_url": "Join link: enter a full web address starting with https://."},
        ),
        ({"venue": "x" * 301}, {"venue": "Use at most 300 characters."}),
    ],
)
def test_each_bad_field_gets_its_reason(changes, errors):
    with pytest.raises(RuleViolation) as error:
        check_workshop(WorkshopForm(**{**VALID, **changes}))
    assert error.value.by_field() == errors


def test_an_online_session_needs_no_venue_and_an_offline_one_no_link():
    assert check_workshop(WorkshopForm(**{**VALID, "mode": "online", "venue": ""})).venue == ""
    assert check_workshop(WorkshopForm(**{**VALID, "mode": "offline", "join_url": ""})).join_url == ""


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({}, {}),
        (
            {"opens_day": "2022-04-24"},
            {"opens_day": "The opening must fall within Phase 2 (25 Apr – 12 Jun 2022)."},
        ),
        (
            {"deadline_day": "2022-06-13"},
            {"deadline_day": "The deadline must fall within Phase 2 (25 Apr – 12 Jun 2022)."},
        ),
        (
            {"session_day": "2022-06-13"},
            {"session_day": "The session must fall within Phase 2 (25 Apr – 12 Jun 2022)."},
        ),
        # The last minute of 12 June in Seoul is still Phase 2.
        ({"deadline_day": "2022-06-12", "deadline_time": "23:59"}, {}),
    ],
)
def test_the_dates_fall_within_phase2(changes, errors):
    cohort = cohort_2022()
    assert (cohort.phase2_start, cohort.phase2_end) == (date(2022, 4, 25), date(2022, 6, 12))
    checked = check_workshop(WorkshopForm(**{**VALID, **changes}))
    assert {r.field: r.message for r in phase2_problems(checked, cohort)} == errors
