"""Unit tests for champions.services.registration.countries (ISO codes, names and WeGO regions)."""

import unicodedata

import pytest

from champions.services.registration import countries
from champions.services.registration.countries import (
    COUNTRIES,
    REGION_OF,
    Region,
    code_of_choice,
    codes_in_region,
    country_choices,
    country_name,
    country_options,
    is_country_code,
    region_of,
)


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("KR", Region.ASIA_PACIFIC),
        ("EG", Region.MIDDLE_EAST),
        ("MA", Region.AFRICA),
        ("RU", Region.EUROPE),
        ("BR", Region.AMERICAS),
        ("TR", Region.MIDDLE_EAST),
        ("AF", Region.ASIA_PACIFIC),
        ("GE", Region.EUROPE),
        ("AQ", Region.ASIA_PACIFIC),
    ],
)
def test_region_mapping(code, region):
    assert REGION_OF[code] is region
    assert region_of(code) is region
    assert region_of(code.lower()) is region


@pytest.mark.parametrize(
    ("region", "value"),
    [
        (Region.ASIA_PACIFIC, "Asia-Pacific"),
        (Region.MIDDLE_EAST, "Middle East"),
        (Region.AFRICA, "Africa"),
        (Region.EUROPE, "Europe"),
        (Region.AMERICAS, "Americas"),
    ],
)
def test_region_values(region, value):
    assert region.value == value
    assert region == value  # str enum


@pytest.mark.parametrize(
    ("code", "name"),
    [("KR", "South Korea"), ("EG", "Egypt"), ("MA", "Morocco"), ("RU", "Russia"), ("BR", "Brazil")],
)
def test_country_names(code, name):
    assert COUNTRIES[code] == name
    assert country_name(code) == name
    assert country_name(f" {code.lower()} ") == name


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("KR", True),
        ("kr", True),
        (" kr ", True),
        ("Kr", True),
        ("XX", False),
        ("XK", False),  # Kosovo is deliberately excluded
        ("", False),
        ("KOR", False),
        ("K", False),
        (None, False),
        (82, False),
        (["KR"], False),
    ],
)
def test_is_country_code(code, expected):
    assert is_country_code(code) is expected


@pytest.mark.parametrize("code", ["XX", "", None, "KOR"])
def test_unknown_code_lookups_raise_key_error(code):
    with pytest.raises(KeyError):
        country_name(code)
    with pytest.raises(KeyError):
        region_of(code)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").casefold()


def test_country_options_sorted_by_name():
    options = country_options()
    names = [name for _, name in options]
    assert names == sorted(names, key=_fold)
    assert options[0] == ("AF", "Afghanistan")
    # "Åland Islands" sorts under A (accent-insensitive), not after Z
    assert names.index("Åland Islands") < names.index("Albania")


def test_country_options_cover_every_country_once():
    options = country_options()
    assert len(options) == len(COUNTRIES)
    assert dict(options) == COUNTRIES
    assert all(COUNTRIES[code] == name for code, name in options)


def test_a_pickers_choices_name_every_country_and_give_back_its_code():
    choices = country_choices()
    assert choices[0] == "AF · Afghanistan"
    assert [code_of_choice(choice) for choice in choices] == [code for code, _ in country_options()]


@pytest.mark.parametrize(("sent", "code"), [("KR · South Korea", "KR"), ("KR", "KR"), (" kr ", "kr"), ("", ""),
                                            (None, ""), (["KR"], ""), (3, "")])
def test_code_of_choice_takes_whatever_a_browser_sends(sent, code):
    assert code_of_choice(sent) == code


def test_codes_are_two_uppercase_letters():
    assert all(len(code) == 2 and code.isascii() and code.isalpha() and code.isupper() for code in COUNTRIES)
    assert len(COUNTRIES) == 249


def test_every_code_has_a_region():
    assert set(REGION_OF) == set(COUNTRIES)
    assert all(isinstance(region, Region) for region in REGION_OF.values())


def test_every_region_has_countries():
    assert {REGION_OF[code] for code in COUNTRIES} == set(Region)


@pytest.mark.parametrize("region", [Region.ASIA_PACIFIC, "Asia-Pacific", "ASIA_PACIFIC"])
def test_codes_in_region_accepts_member_value_or_name(region):
    codes = codes_in_region(region)
    assert "KR" in codes and "EG" not in codes
    assert all(REGION_OF[code] is Region.ASIA_PACIFIC for code in codes)


def test_codes_in_region_partition_all_countries():
    seen = []
    for region in Region:
        codes = codes_in_region(region)
        names = [COUNTRIES[code] for code in codes]
        assert names == sorted(names, key=_fold)
        seen += codes
    assert sorted(seen) == sorted(COUNTRIES)


def test_codes_in_unknown_region_raises():
    with pytest.raises(ValueError):
        codes_in_region("Atlantis")


def test_module_exports():
    assert set(countries.__all__) >= {"COUNTRIES", "REGION_OF", "Region", "is_country_code", "country_options"}
