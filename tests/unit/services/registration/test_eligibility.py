"""Unit tests for champions.services.registration.eligibility (the under-35 rule)."""

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from champions.infra.reasons import Reason
from champions.services.registration.eligibility import (
    EligibilityResult,
    InvalidBirthDate,
    age_on,
    check_eligibility,
    format_day,
    parse_birth_date,
)

REFERENCE = date(2022, 3, 4)
TODAY = date(2022, 1, 15)

TOO_OLD_35 = "You must be under 35 on 4 March 2022; you will be 35 on that date."
TOO_YOUNG_15 = "You must be at least 16 on 4 March 2022; you will be 15 on that date."


# --- format_day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 3, 4), "4 March 2022"),
        (date(2000, 2, 29), "29 February 2000"),
        (date(1999, 12, 31), "31 December 1999"),
        (date(2023, 1, 1), "1 January 2023"),
    ],
)
def test_format_day(day, expected):
    assert format_day(day) == expected


# --- age_on -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        # the 35th birthday relative to the reference date
        (date(1987, 3, 5), REFERENCE, 34),  # birthday is tomorrow
        (date(1987, 3, 4), REFERENCE, 35),  # birthday is today
        (date(1987, 3, 3), REFERENCE, 35),  # birthday was yesterday
        # 29 February births: birthday on 1 March in common years
        (date(2000, 2, 29), date(2021, 2, 28), 20),
        (date(2000, 2, 29), date(2021, 3, 1), 21),
        (date(2000, 2, 29), date(2024, 2, 29), 24),
        (date(2000, 2, 29), date(2024, 2, 28), 23),
        (date(2000, 2, 29), date(2000, 2, 29), 0),
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        # same day, end of year
        (date(2000, 1, 1), date(2000, 1, 1), 0),
        (date(2000, 12, 31), date(2001, 12, 30), 0),
        (date(2000, 12, 31), date(2001, 12, 31), 1),
    ],
)
def test_age_on(born, on, expected):
    assert age_on(born, on) == expected


# --- check_eligibility: upper bound -------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "eligible", "age", "codes"),
    [
        (date(1987, 3, 5), True, 34, []),
        (date(1987, 3, 4), False, 35, ["too_old"]),
        (date(1987, 3, 3), False, 35, ["too_old"]),
        (date(1987, 3, 6), True, 34, []),
        (date(1986, 3, 5), False, 35, ["too_old"]),
        (date(1986, 3, 4), False, 36, ["too_old"]),
    ],
)
def test_max_age_edges(born, eligible, age, codes):
    result = check_eligibility(born, reference_date=REFERENCE)
    assert result.eligible is eligible
    assert result.age == age
    assert result.reference_date == REFERENCE
    assert [r.code for r in result.reasons] == codes


def test_too_old_on_35th_birthday_exact_reason():
    result = check_eligibility(date(1987, 3, 4), reference_date=REFERENCE)
    assert result.reasons == (Reason("too_old", TOO_OLD_35, "date_of_birth"),)
    assert result.reasons[0].message == TOO_OLD_35


def test_too_old_day_after_birthday_message():
    result = check_eligibility(date(1987, 3, 3), reference_date=REFERENCE)
    assert result.reasons == (Reason("too_old", TOO_OLD_35, "date_of_birth"),)


# --- check_eligibility: lower bound -------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "eligible", "age", "codes"),
    [
        (date(2006, 3, 5), False, 15, ["too_young"]),  # 16th birthday the day after
        (date(2006, 3, 4), True, 16, []),  # 16th birthday on the reference date
        (date(2006, 3, 3), True, 16, []),  # 16th birthday the day before
        (date(2022, 3, 4), False, 0, ["too_young"]),  # born on the reference date
    ],
)
def test_min_age_edges(born, eligible, age, codes):
    result = check_eligibility(born, reference_date=REFERENCE, min_age=16)
    assert result.eligible is eligible
    assert result.age == age
    assert [r.code for r in result.reasons] == codes


def test_too_young_exact_reason():
    result = check_eligibility(date(2006, 3, 5), reference_date=REFERENCE, min_age=16)
    assert result.reasons == (Reason("too_young", TOO_YOUNG_15, "date_of_birth"),)


@pytest.mark.parametrize("born", [date(2022, 3, 4), date(2015, 1, 1), date(2006, 3, 5)])
def test_no_minimum_age_by_default(born):
    """The program is open to anyone under 35: without a minimum, no age is too young."""
    result = check_eligibility(born, reference_date=REFERENCE)
    assert result.eligible and result.reasons == ()


def test_too_young_leap_day_birth_in_common_year():
    # born 29 Feb 2004: the 18th birthday is 1 March 2022 (common year)
    ref = date(2022, 2, 28)
    result = check_eligibility(date(2004, 2, 29), reference_date=ref, min_age=18)
    assert result.age == 17
    assert result.reasons == (
        Reason(
            "too_young",
            "You must be at least 18 on 28 February 2022; you will be 17 on that date.",
            "date_of_birth",
        ),
    )
    assert check_eligibility(date(2004, 2, 29), reference_date=date(2022, 3, 1), min_age=18).eligible


# --- custom bounds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "min_age", "max_age_exclusive", "eligible", "codes"),
    [
        (date(2004, 3, 4), 18, 30, True, []),  # exactly 18
        (date(2004, 3, 5), 18, 30, False, ["too_young"]),  # 17
        (date(1992, 3, 5), 18, 30, True, []),  # 29
        (date(1992, 3, 4), 18, 30, False, ["too_old"]),  # exactly 30
        (date(1987, 3, 4), 16, 36, True, []),  # 35 is allowed when the bound is 36
        (date(2012, 3, 4), 0, 200, True, []),
        # impossible bounds: both reasons, upper first
        (date(2000, 1, 1), 30, 20, False, ["too_old", "too_young"]),
    ],
)
def test_custom_bounds(born, min_age, max_age_exclusive, eligible, codes):
    result = check_eligibility(
        born, reference_date=REFERENCE, min_age=min_age, max_age_exclusive=max_age_exclusive
    )
    assert result.eligible is eligible
    assert [r.code for r in result.reasons] == codes
    assert all(r.field == "date_of_birth" for r in result.reasons)


def test_custom_bounds_messages():
    old = check_eligibility(date(1992, 3, 4), reference_date=REFERENCE, min_age=18, max_age_exclusive=30)
    assert old.reasons[0].message == "You must be under 30 on 4 March 2022; you will be 30 on that date."
    young = check_eligibility(date(2004, 3, 5), reference_date=REFERENCE, min_age=18, max_age_exclusive=30)
    assert young.reasons[0].message == "You must be at least 18 on 4 March 2022; you will be 17 on that date."


# --- snapshot -----------------------------------------------------------------------------


def test_snapshot_ineligible():
    result = check_eligibility(date(1987, 3, 4), reference_date=REFERENCE)
    assert result.snapshot() == {
        "eligible": False,
        "age": 35,
        "reference_date": "2022-03-04",
        "reasons": [{"code": "too_old", "message": TOO_OLD_35}],
    }


def test_snapshot_eligible():
    result = check_eligibility(date(1987, 3, 5), reference_date=REFERENCE)
    assert result.snapshot() == {
        "eligible": True,
        "age": 34,
        "reference_date": "2022-03-04",
        "reasons": [],
    }


def test_result_is_frozen():
    result = EligibilityResult(age=20, reference_date=REFERENCE)
    assert result.eligible is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.age = 40  # type: ignore[misc]


# --- parse_birth_date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2000-03-04", date(2000, 3, 4)),
        ("  2000-03-04  ", date(2000, 3, 4)),
        ("\t2000-03-04\n", date(2000, 3, 4)),
        ("2000-02-29", date(2000, 2, 29)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2022-01-15", TODAY),  # today is not the future
    ],
)
def test_parse_valid(text, expected):
    assert parse_birth_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["2022-01-16", "2030-01-01", "9999-12-31"])
def test_parse_future_date(text):
    with pytest.raises(InvalidBirthDate) as info:
        parse_birth_date(text, today=TODAY)
    assert str(info.value) == "Your date of birth cannot be in the future."


@pytest.mark.parametrize("text", ["2001-02-29", "2022-13-01", "1999-04-31", "2000-00-10", "2000-01-00"])
def test_parse_impossible_date(text):
    with pytest.raises(InvalidBirthDate) as info:
        parse_birth_date(text, today=TODAY)
    assert str(info.value) == f"{text} is not a real date."


def test_parse_impossible_date_message_is_stripped():
    with pytest.raises(InvalidBirthDate) as info:
        parse_birth_date("  1999-04-31 ", today=TODAY)
    assert str(info.value) == "1999-04-31 is not a real date."


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "04/03/2000",
        "2000-3-4",
        "abcd-ef-gh",
        "2000/03/04",
        "20000304",
        "2000-03-04T00:00",
        "2000-03-04 x",
        "02000-03-04",
        None,
    ],
)
def test_parse_bad_format(text):
    with pytest.raises(InvalidBirthDate) as info:
        parse_birth_date(text, today=TODAY)
    assert str(info.value) == "Enter your date of birth as YYYY-MM-DD."


def test_parse_before_1900():
    with pytest.raises(InvalidBirthDate) as info:
        parse_birth_date("1899-12-31", today=TODAY)
    assert str(info.value) == "Enter a date of birth in 1900 or later."


def test_invalid_birth_date_is_value_error():
    assert issubclass(InvalidBirthDate, ValueError)


# --- property: age_on against an independent computation ---------------------------------


def _anniversary(born: date, year: int) -> date:
    try:
        return date(year, born.month, born.day)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def _reference_age(born: date, on: date) -> int:
    age = 0
    for year in range(born.year + 1, on.year + 1):
        if _anniversary(born, year) <= on:
            age += 1
    return age


@st.composite
def _born_and_reference(draw):
    reference = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31)))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=min(date(2030, 12, 31), reference)))
    return born, reference


@settings(max_examples=300, deadline=None, database=None)
@given(
    pair=_born_and_reference(),
    min_age=st.integers(min_value=0, max_value=40),
    max_age_exclusive=st.integers(min_value=1, max_value=120),
)
def test_age_property(pair, min_age, max_age_exclusive):
    born, reference = pair
    expected = _reference_age(born, reference)
    assert age_on(born, reference) == expected
    result = check_eligibility(
        born, reference_date=reference, min_age=min_age, max_age_exclusive=max_age_exclusive
    )
    assert result.age == expected
    assert result.eligible == (min_age <= expected < max_age_exclusive)
    assert ("too_old" in [r.code for r in result.reasons]) == (expected >= max_age_exclusive)
    assert ("too_young" in [r.code for r in result.reasons]) == (expected < min_age)


@settings(max_examples=100, deadline=None, database=None)
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2060, 12, 31)))
def test_parse_round_trips_iso_dates(day):
    today = date(2061, 1, 1)
    assert parse_birth_date(day.isoformat(), today=today) == day
    assert parse_birth_date(f" {day.isoformat()} ", today=today) == day


def test_leap_day_reference_helper_sanity():
    # guards the independent oracle itself
    assert _anniversary(date(2000, 2, 29), 2021) == date(2021, 3, 1)
    assert _reference_age(date(2000, 2, 29), date(2021, 2, 28)) == 20
    assert _reference_age(date(2000, 2, 29), date(2021, 3, 1)) == 21
    assert _reference_age(date(1987, 3, 4), REFERENCE) == 35
    assert _reference_age(date(1987, 3, 4), REFERENCE - timedelta(days=1)) == 34
