"""Unit tests for champions.services.registration.countries (ISO codes, names and WeGO regions)."""

import csv
import unicodedata
from pathlib import Path

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
        ("TR", Region.EUROPE),  # WeGO's placement, not the Middle East
        ("AZ", Region.ASIA_PACIFIC),  # WeGO's placement, not Europe
        ("GE", Region.ASIA_PACIFIC),  # with its South Caucasus neighbour AZ
        ("AM", Region.ASIA_PACIFIC),
        ("AF", Region.ASIA_PACIFIC),
        ("CY", Region.EUROPE),
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
    [
        ("KR", "South Korea"),
        ("EG", "Egypt"),
        ("MA", "Morocco"),
        ("RU", "Russia"),
        ("BR", "Brazil"),
        # CLDR's English names, which replaced the hand-typed "Turkey", "DR Congo", "Saint Lucia"...
        ("TR", "Türkiye"),
        ("CD", "Congo - Kinshasa"),
        ("LC", "St. Lucia"),
        ("BA", "Bosnia & Herzegovina"),
    ],
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


@pytest.mark.parametrize(
    ("sent", "code"),
    [("KR · South Korea", "KR"), ("KR", "KR"), (" kr ", "kr"), ("", ""), (None, ""), (["KR"], ""), (3, "")],
)
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
    assert set(countries.__all__) >= {
        "COUNTRIES",
        "REGION_OF",
        "Region",
        "is_country_code",
        "country_options",
    }


@pytest.mark.parametrize(
    ("code", "locale", "name"),
    [
        ("KR", "ko", "대한민국"),
        ("KR", "es", "Corea del Sur"),
        ("DE", "fr", "Allemagne"),
        ("EG", "ar", "مصر"),
        ("tr", "en", "Türkiye"),
        ("BR", "pt-BR", "Brasil"),
    ],
)
def test_country_names_in_other_locales(code, locale, name):
    """The later languages issue asks for names by locale; the English table is unchanged by it."""
    assert country_name(code, locale=locale) == name
    assert COUNTRIES[code.upper()] == country_name(code)


def test_country_options_in_another_locale_cover_the_same_codes_sorted_by_that_name():
    options = country_options(locale="fr")
    assert dict(options).keys() == COUNTRIES.keys()
    assert dict(options)["DE"] == "Allemagne"
    names = [name for _, name in options]
    assert names == sorted(names, key=_fold)


def test_names_come_from_cldr_and_codes_from_iso():
    import pycountry
    from babel import Locale

    english = Locale("en").territories
    assert set(COUNTRIES) == {c.alpha_2 for c in pycountry.countries} - {"XK"}
    assert all(COUNTRIES[code] == english[code] for code in COUNTRIES)


def test_turkey_counts_in_europe_and_azerbaijan_in_asia_pacific():
    """The dashboard, `stats --region` and the applications filter all go through codes_in_region."""
    assert "TR" in codes_in_region("Europe") and "TR" not in codes_in_region("Middle East")
    assert "AZ" in codes_in_region("Asia-Pacific") and "AZ" not in codes_in_region("Europe")
    caucasus = {region_of(code) for code in ("GE", "AM", "AZ")}
    assert caucasus == {Region.ASIA_PACIFIC}  # one sub-region, one WeGO region


WEGO_MEMBERS = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "wego-member-cities-2022.csv"


def _wego_rows():
    if not WEGO_MEMBERS.is_file():
        return []
    with WEGO_MEMBERS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(
    not WEGO_MEMBERS.is_file(), reason=f"WeGO's member list is not beside the repository ({WEGO_MEMBERS})"
)
@pytest.mark.parametrize("row", _wego_rows(), ids=lambda row: f"{row['iso2']}-{row['local_government']}")
def test_every_wego_member_country_is_in_the_region_wego_gives_it(row):
    assert is_country_code(row["iso2"])
    assert region_of(row["iso2"]).value == row["region"], row


def test_region_table_lists_every_code_once_and_nothing_else():
    table = Path(countries.__file__).with_name("wego_regions.csv").read_text(encoding="utf-8").splitlines()
    codes = [line.split(",")[0] for line in table[1:]]
    assert table[0] == "iso2,region"
    assert sorted(codes) == sorted(COUNTRIES) and len(codes) == len(set(codes))
