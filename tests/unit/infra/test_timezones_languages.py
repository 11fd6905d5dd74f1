"""Dates, times, durations and numbers in the viewer's language (issue 24, item 3): Babel's
CLDR data for every language but English, whose output stays exactly what it always was."""

from datetime import UTC, date, datetime, timedelta

import pytest
from babel import Locale

from champions.infra.timezones import (
    SEOUL_ZONE,
    format_date,
    format_duration,
    format_instant,
    format_number,
    format_percentage,
    format_span,
)

# Friday 8 January 2027, 10:00 in Seoul.
START = datetime(2027, 1, 8, 1, 0, tzinfo=UTC)
TWO_HOURS = START + timedelta(hours=2)
NEXT_DAY = START + timedelta(days=1, hours=2)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Fri 8 Jan 2027, 10:00 KST"),
        ("ko", "2027년 1월 8일 (금) 10:00 KST"),
        ("es", "vie, 8 ene 2027, 10:00 KST"),
        ("fr", "ven. 8 janv. 2027, 10:00 KST"),
        ("ar", "الجمعة، 8 يناير 2027، 10:00 KST"),
    ],
)
def test_an_instant_in_seoul_in_each_language(language, shown):
    assert format_instant(START, SEOUL_ZONE, language) == shown


def test_an_instant_in_the_viewers_zone_keeps_the_zones_label():
    assert format_instant(START, "Europe/Paris", "ko") == "2027년 1월 8일 (금) 02:00 CET"
    assert format_instant(START, "Europe/Paris", "es") == "vie, 8 ene 2027, 2:00 CET"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Fri 8 Jan 2027, 10:00–12:00 KST"),
        ("ko", "2027년 1월 8일 (금) 10:00 ~ 12:00 KST"),
        ("es", "vie, 8 ene 2027, 10:00–12:00 KST"),
        ("fr", "ven. 8 janv. 2027, 10:00\u2009–\u200912:00 KST"),
        ("ar", "الجمعة، 8 يناير 2027، 10:00–12:00 KST"),
    ],
)
def test_a_span_on_one_day_in_each_language(language, shown):
    assert format_span(START, TWO_HOURS, SEOUL_ZONE, language) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Thu 7 Jan 2027, 22:00 – Sat 9 Jan, 00:00 UTC-03"),
        ("ko", "2027년 1월 7일 (목) 22:00 ~ 1월 9일 (토) 00:00 UTC-03"),
        ("ar", "الخميس، 7 يناير 2027، 22:00 – السبت، 9 يناير، 00:00 UTC-03"),
    ],
)
def test_a_span_over_days_names_the_end_day(language, shown):
    assert format_span(START, NEXT_DAY, "America/Sao_Paulo", language) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "8 January 2027"),
        ("ko", "2027년 1월 8일"),
        ("es", "8 de enero de 2027"),
        ("fr", "8 janvier 2027"),
        ("ar", "8 يناير 2027"),
    ],
)
def test_a_calendar_date_in_each_language(language, shown):
    assert format_date(date(2027, 1, 8), language) == shown


@pytest.mark.parametrize(
    ("language", "delta", "shown"),
    [
        ("en", timedelta(days=2, hours=3), "2 days 3 hours"),
        ("ko", timedelta(days=2, hours=3), "2일 3시간"),
        ("es", timedelta(days=2, hours=3), "2 días y 3 horas"),
        ("fr", timedelta(days=2, hours=3), "2\xa0jours et 3\xa0heures"),
        # CLDR's Arabic plurals: the dual "two days" has no number, 3 hours is "few".
        ("ar", timedelta(days=2, hours=3), "يومان و3 ساعات"),
        ("ar", timedelta(days=11, hours=2), "11 يومًا وساعتان"),
        ("ar", timedelta(minutes=1), "دقيقة"),
        ("ko", timedelta(hours=1, minutes=5), "1시간 5분"),
        ("es", timedelta(minutes=1), "1 minuto"),
        ("fr", timedelta(seconds=-5), "0 minute"),
    ],
)
def test_a_duration_with_the_languages_plurals(language, delta, shown):
    assert format_duration(delta, language) == shown


def test_arabic_digits_are_what_cldr_says_for_ar():
    # CLDR's default numbering system for "ar" is Latin digits ("arab" is the other one on offer).
    assert Locale.parse("ar").default_numbering_system == "latn"
    assert format_number(1234.5, "ar", places=1) == "1,234.5"
    assert format_instant(START, SEOUL_ZONE, "ar").count("2027") == 1
    assert not any("\u0660" <= ch <= "\u0669" for ch in format_span(START, NEXT_DAY, SEOUL_ZONE, "ar"))


@pytest.mark.parametrize(
    ("language", "number", "percent"),
    [
        ("en", "1234.5", "42%"),
        ("ko", "1,234.5", "42%"),
        ("es", "1.234,5", "42\xa0%"),
        ("fr", "1\u202f234,5", "42\xa0%"),
        ("ar", "1,234.5", "42%"),
    ],
)
def test_numbers_and_percentages_in_each_language(language, number, percent):
    assert format_number(1234.5, language, places=1) == number
    assert format_percentage(0.42, language) == percent


def test_english_is_the_default_and_unknown_languages_fall_back_to_it():
    assert format_instant(START, SEOUL_ZONE) == format_instant(START, SEOUL_ZONE, "en")
    assert format_instant(START, SEOUL_ZONE, "") == "Fri 8 Jan 2027, 10:00 KST"
    assert format_instant(START, SEOUL_ZONE, "xx-nope") == "Fri 8 Jan 2027, 10:00 KST"
