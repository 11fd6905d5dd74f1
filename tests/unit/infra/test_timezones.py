"""Unit tests for champions.infra.timezones: stored UTC, shown in the viewer's zone and Seoul's."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from champions.infra.timezones import (
    SEOUL_ZONE,
    format_duration,
    format_instant,
    format_span,
    to_utc,
    viewer_zone,
    zone_or_none,
)

TEN_SEOUL = to_utc(date(2026, 3, 10), time(10, 0), SEOUL_ZONE)


def test_ten_oclock_in_seoul_is_one_oclock_utc():
    assert datetime(2026, 3, 10, 1, 0, tzinfo=UTC) == TEN_SEOUL


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        (SEOUL_ZONE, "Tue 10 Mar 2026, 10:00–12:00 KST"),
        # São Paulo is 12 hours behind Seoul: the lecture starts the evening before.
        ("America/Sao_Paulo", "Mon 9 Mar 2026, 22:00 – Tue 10 Mar, 00:00 UTC-03"),
        ("Africa/Kampala", "Tue 10 Mar 2026, 04:00–06:00 EAT"),
        ("UTC", "Tue 10 Mar 2026, 01:00–03:00 UTC"),
    ],
)
def test_a_lecture_at_ten_in_seoul_as_each_viewer_sees_it(zone, shown):
    assert format_span(TEN_SEOUL, TEN_SEOUL + timedelta(hours=2), zone) == shown


def test_summer_time_is_applied_for_viewers_whose_zone_has_it():
    july = to_utc(date(2026, 7, 7), time(10, 0), SEOUL_ZONE)
    assert format_instant(july, "Europe/Berlin") == "Tue 7 Jul 2026, 03:00 CEST"
    assert format_instant(TEN_SEOUL, "Europe/Berlin") == "Tue 10 Mar 2026, 02:00 CET"


def test_entering_a_time_in_the_viewers_zone_stores_the_same_instant():
    assert to_utc(date(2026, 3, 9), time(22, 0), "America/Sao_Paulo") == TEN_SEOUL


@pytest.mark.parametrize(
    "name", ["", "Mars/Olympus", "../../etc/passwd", "/etc/localtime", "x" * 100, None, 5]
)
def test_unknown_zones_are_refused_and_fall_back_to_seoul(name):
    assert zone_or_none(name) is None
    assert viewer_zone(name) == SEOUL_ZONE


def test_to_utc_refuses_an_unknown_zone():
    with pytest.raises(ValueError):
        to_utc(date(2026, 3, 10), time(10, 0), "Nowhere/Town")


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=0), "0 minutes"),
        (timedelta(seconds=-30), "0 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=61), "1 hour 1 minute"),
        (timedelta(days=2, hours=3, minutes=5), "2 days 3 hours"),
        (timedelta(days=1), "1 day"),
    ],
)
def test_format_duration(delta, text):
    assert format_duration(delta) == text
