"""Country and region reference data for the WeGO youth program.

The codes come from ISO 3166-1 as shipped by ``pycountry`` and the names from the Unicode CLDR as
shipped by Babel, so neither has to be typed (or kept up to date) by hand here, and the names can
be asked for in any CLDR locale (``country_name("KR", locale="ko")``) once the interface speaks
more than English. ``COUNTRIES`` stays the English table the rest of the code reads.

The WeGO (World Smart Sustainable Cities Organization) region of each code is not in either
library: WeGO groups its members in five regions of its own, so it lives in the small table
``wego_regions.csv`` beside this module. That table follows WeGO's own placement of its member
cities (``shared/data/wego-member-cities-2022.csv``): notably Turkey (TR) is in Europe and
Azerbaijan (AZ) in Asia-Pacific. For the countries WeGO has no member in:

* Georgia (GE) and Armenia (AM) sit in Asia-Pacific with Azerbaijan: WeGO's only South Caucasus
  member is placed there, and splitting three neighbours that share one sub-region (UN M49
  "Western Asia") across two WeGO regions would make regional figures depend on accident.
* Middle East: Gulf states, Levant, Iraq, Iran, Israel, Palestine, Yemen and Egypt (EG).
* Africa: the rest of Africa, Western Sahara, Saint Helena, the French Southern Territories and
  Bouvet Island (nearest continent is southern Africa).
* Asia-Pacific: Central, South, East and South-East Asia (with Afghanistan), Oceania, the Pacific
  islands, the British Indian Ocean Territory, Heard & McDonald Islands, the U.S. Outlying Islands
  (mostly Pacific) and Antarctica.
* Europe: with Russia, Cyprus and Svalbard & Jan Mayen.
* Americas: North, Central and South America, the Caribbean, Greenland, Bermuda, the Falklands and
  South Georgia & the South Sandwich Islands.

Kosovo (XK) is not an ISO 3166-1 assigned code and is deliberately excluded, even though CLDR names it.
"""

from __future__ import annotations

import csv
import unicodedata
from enum import Enum
from functools import cache
from importlib import resources

import pycountry
from babel import Locale, UnknownLocaleError

from champions.infra.translations import babel_locale

__all__ = [
    "COUNTRIES",
    "REGION_OF",
    "Region",
    "code_of_choice",
    "codes_in_region",
    "country_choices",
    "country_label",
    "country_name",
    "country_options",
    "is_country_code",
    "region_of",
    "sort_key",
]

DEFAULT_LOCALE = "en"
_EXCLUDED = frozenset({"XK"})  # user-assigned, not ISO 3166-1: kept out of every list on purpose


class Region(str, Enum):
    """The five WeGO regions used to group participants."""

    AFRICA = "Africa"
    AMERICAS = "Americas"
    ASIA_PACIFIC = "Asia-Pacific"
    EUROPE = "Europe"
    MIDDLE_EAST = "Middle East"


def sort_key(name: str) -> str:
    """Accent- and case-insensitive sort key so "Åland" sorts under "A" rather than after "Z"
    (Hangul and Arabic names sort in their alphabet's order: their code points follow it)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _iso_codes() -> list[str]:
    """Every assigned ISO 3166-1 alpha-2 code pycountry knows, except the excluded ones."""
    return [country.alpha_2 for country in pycountry.countries if country.alpha_2 not in _EXCLUDED]


@cache
def _names(locale: str) -> dict[str, str]:
    """Code → CLDR name in ``locale``, cached: Babel parses its locale data once per locale.

    A code CLDR does not name in that locale falls back to English, then to pycountry's own
    (English) name, so a newer ISO code than the CLDR data never leaves a blank option.
    """
    # "pt-BR" as browsers send it; the tests' pseudo-language names them as English does.
    territories = Locale.parse(babel_locale(locale).replace("-", "_")).territories
    english = Locale.parse(DEFAULT_LOCALE).territories
    names = {}
    for code in _iso_codes():
        country = pycountry.countries.get(alpha_2=code)
        fallback = getattr(country, "common_name", None) or country.name
        names[code] = territories.get(code) or english.get(code) or fallback
    return dict(sorted(names.items(), key=lambda item: sort_key(item[1])))


def _load_regions() -> dict[str, Region]:
    """Read ``wego_regions.csv`` (code, WeGO region), kept as data so a region change is a one-line diff."""
    table = resources.files(__package__).joinpath("wego_regions.csv").read_text(encoding="utf-8")
    return {row["iso2"]: Region(row["region"]) for row in csv.DictReader(table.splitlines())}


# Code → English CLDR name, ordered by name (as every caller has always read it).
COUNTRIES: dict[str, str] = _names(DEFAULT_LOCALE)

# Code → WeGO region, for exactly the codes in COUNTRIES (a unit test checks none is missing).
REGION_OF: dict[str, Region] = {code: region for code, region in _load_regions().items() if code in COUNTRIES}


def _normalize(code: str) -> str:
    """Return ``code`` stripped and upper-cased (non-strings pass through)."""
    return code.strip().upper() if isinstance(code, str) else code


def is_country_code(code: str) -> bool:
    """Return True if ``code`` is a known ISO 3166-1 alpha-2 code.

    Matching is case-insensitive and ignores surrounding whitespace; any
    non-string value returns False.
    """
    if not isinstance(code, str):
        return False
    return _normalize(code) in COUNTRIES


def country_name(code: str, locale: str = DEFAULT_LOCALE) -> str:
    """Return the CLDR name for ``code`` (case-insensitive) in ``locale`` (e.g. "ko", "es", "fr", "ar").

    Raises:
        KeyError: if ``code`` is not a known ISO 3166-1 alpha-2 code.
        babel.UnknownLocaleError: if ``locale`` is not a CLDR locale.
    """
    try:
        return _names(locale)[_normalize(code)]
    except (KeyError, TypeError):
        raise KeyError(code) from None


def country_label(code, locale: str = DEFAULT_LOCALE) -> str:
    """The country's CLDR name in ``locale`` for showing in a page; the text itself when it is
    not a known code (as ``COUNTRIES.get(code, code)`` always showed it); English for a locale
    CLDR does not know. Never raises."""
    try:
        return country_name(code, locale)
    except KeyError:
        return code if isinstance(code, str) else ""
    except (ValueError, UnknownLocaleError):
        return country_label(code)


def region_of(code: str) -> Region:
    """Return the WeGO :class:`Region` for ``code`` (case-insensitive).

    Raises:
        KeyError: if ``code`` is not a known ISO 3166-1 alpha-2 code.
    """
    try:
        return REGION_OF[_normalize(code)]
    except (KeyError, TypeError):
        raise KeyError(code) from None


def country_options(locale: str = DEFAULT_LOCALE) -> list[tuple[str, str]]:
    """Return ``(code, name)`` pairs sorted by name in ``locale``, e.g. for a select box."""
    return sorted(_names(locale).items(), key=lambda item: sort_key(item[1]))


@cache
def country_choices(locale: str = DEFAULT_LOCALE) -> list[str]:
    """What a country picker offers, sorted by name in ``locale``: "KR · South Korea",
    "KR · 대한민국" (the code first, so a choice reads the same in every language)."""
    return [f"{code} · {name}" for code, name in country_options(locale)]


def code_of_choice(choice) -> str:
    """The code part of a picker's choice ("KR · South Korea" gives "KR"; a bare code is
    itself); "" for anything that is not text."""
    return choice.split("·")[0].strip() if isinstance(choice, str) else ""


def codes_in_region(region: Region | str) -> list[str]:
    """Return the country codes in ``region``, sorted by (English) country name.

    ``region`` may be a :class:`Region` member, its value (e.g. "Asia-Pacific")
    or its member name (e.g. "ASIA_PACIFIC").

    Raises:
        ValueError: if ``region`` does not name a known region.
    """
    if not isinstance(region, Region):
        try:
            region = Region(region)
        except ValueError:
            try:
                region = Region[str(region)]
            except KeyError:
                raise ValueError(f"Unknown region: {region!r}") from None
    return [code for code, _ in country_options() if REGION_OF.get(code) is region]
