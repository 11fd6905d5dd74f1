"""Country and region reference data for the WeGO youth program.

Pure standard-library data module: ISO 3166-1 alpha-2 country codes, their
common short English names, and the WeGO (World Smart Sustainable Cities
Organization) region each one belongs to.

Region assignment notes:

* Middle East: Gulf states, Levant, Iraq, Iran, Israel, Palestine, Yemen,
  plus Turkey (TR) and Egypt (EG).
* Africa: the rest of Africa including North Africa other than Egypt, plus
  Western Sahara, Saint Helena, the French Southern Territories (TF) and
  Bouvet Island (BV, nearest continent is southern Africa).
* Asia-Pacific: Central, South, East and South-East Asia (including
  Afghanistan), Oceania, Pacific islands, the British Indian Ocean Territory,
  Heard & McDonald Islands, the U.S. Minor Outlying Islands (mostly Pacific)
  and Antarctica (AQ).
* Europe: includes Russia, the Caucasus (GE, AM, AZ), Cyprus and
  Svalbard & Jan Mayen.
* Americas: North, Central and South America, the Caribbean, Greenland,
  Bermuda, Falkland Islands and South Georgia & South Sandwich Islands (GS).

Kosovo (XK) is not an ISO 3166-1 assigned code and is deliberately excluded.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

__all__ = [
    "COUNTRIES",
    "REGION_OF",
    "Region",
    "code_of_choice",
    "codes_in_region",
    "country_choices",
    "country_name",
    "country_options",
    "is_country_code",
    "region_of",
]

# All 249 currently assigned ISO 3166-1 alpha-2 codes, ordered by name.

COUNTRIES: dict[str, str] = {
    "AF": "Afghanistan",
    "AX": "Åland Islands",
    "AL": "Albania",
    "DZ": "Algeria",
    "AS": "American Samoa",
    "AD": "Andorra",
    "AO": "Angola",
    "AI": "Anguilla",
    "AQ": "Antarctica",
    "AG": "Antigua and Barbuda",
    "AR": "Argentina",
    "AM": "Armenia",
    "AW": "Aruba",
    "AU": "Australia",
    "AT": "Austria",
    "AZ": "Azerbaijan",
    "BS": "Bahamas",
    "BH": "Bahrain",
    "BD": "Bangladesh",
    "BB": "Barbados",
    "BY": "Belarus",
    "BE": "Belgium",
    "BZ": "Belize",
    "BJ": "Benin",
    "BM": "Bermuda",
    "BT": "Bhutan",
    "BO": "Bolivia",
    "BA": "Bosnia and Herzegovina",
    "BW": "Botswana",
    "BV": "Bouvet Island",
    "BR": "Brazil",
    "IO": "British Indian Ocean Territory",
    "VG": "British Virgin Islands",
    "BN": "Brunei",
    "BG": "Bulgaria",
    "BF": "Burkina Faso",
    "BI": "Burundi",
    "KH": "Cambodia",
    "CM": "Cameroon",
    "CA": "Canada",
    "CV": "Cape Verde",
    "BQ": "Caribbean Netherlands",
    "KY": "Cayman Islands",
    "CF": "Central African Republic",
    "TD": "Chad",
    "CL": "Chile",
    "CN": "China",
    "CX": "Christmas Island",
    "CC": "Cocos (Keeling) Islands",
    "CO": "Colombia",
    "KM": "Comoros",
    "CK": "Cook Islands",
    "CR": "Costa Rica",
    "CI": "Côte d'Ivoire",
    "HR": "Croatia",
    "CU": "Cuba",
    "CW": "Curaçao",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DK": "Denmark",
    "DJ": "Djibouti",
    "DM": "Dominica",
    "DO": "Dominican Republic",
    "CD": "DR Congo",
    "EC": "Ecuador",
    "EG": "Egypt",
    "SV": "El Salvador",
    "GQ": "Equatorial Guinea",
    "ER": "Eritrea",
    "EE": "Estonia",
    "SZ": "Eswatini",
    "ET": "Ethiopia",
    "FK": "Falkland Islands",
    "FO": "Faroe Islands",
    "FJ": "Fiji",
    "FI": "Finland",
    "FR": "France",
    "GF": "French Guiana",
    "PF": "French Polynesia",
    "TF": "French Southern Territories",
    "GA": "Gabon",
    "GM": "Gambia",
    "GE": "Georgia",
    "DE": "Germany",
    "GH": "Ghana",
    "GI": "Gibraltar",
    "GR": "Greece",
    "GL": "Greenland",
    "GD": "Grenada",
    "GP": "Guadeloupe",
    "GU": "Guam",
    "GT": "Guatemala",
    "GG": "Guernsey",
    "GN": "Guinea",
    "GW": "Guinea-Bissau",
    "GY": "Guyana",
    "HT": "Haiti",
    "HM": "Heard Island and McDonald Islands",
    "HN": "Honduras",
    "HK": "Hong Kong",
    "HU": "Hungary",
    "IS": "Iceland",
    "IN": "India",
    "ID": "Indonesia",
    "IR": "Iran",
    "IQ": "Iraq",
    "IE": "Ireland",
    "IM": "Isle of Man",
    "IL": "Israel",
    "IT": "Italy",
    "JM": "Jamaica",
    "JP": "Japan",
    "JE": "Jersey",
    "JO": "Jordan",
    "KZ": "Kazakhstan",
    "KE": "Kenya",
    "KI": "Kiribati",
    "KW": "Kuwait",
    "KG": "Kyrgyzstan",
    "LA": "Laos",
    "LV": "Latvia",
    "LB": "Lebanon",
    "LS": "Lesotho",
    "LR": "Liberia",
    "LY": "Libya",
    "LI": "Liechtenstein",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "MO": "Macau",
    "MG": "Madagascar",
    "MW": "Malawi",
    "MY": "Malaysia",
    "MV": "Maldives",
    "ML": "Mali",
    "MT": "Malta",
    "MH": "Marshall Islands",
    "MQ": "Martinique",
    "MR": "Mauritania",
    "MU": "Mauritius",
    "YT": "Mayotte",
    "MX": "Mexico",
    "FM": "Micronesia",
    "MD": "Moldova",
    "MC": "Monaco",
    "MN": "Mongolia",
    "ME": "Montenegro",
    "MS": "Montserrat",
    "MA": "Morocco",
    "MZ": "Mozambique",
    "MM": "Myanmar",
    "NA": "Namibia",
    "NR": "Nauru",
    "NP": "Nepal",
    "NL": "Netherlands",
    "NC": "New Caledonia",
    "NZ": "New Zealand",
    "NI": "Nicaragua",
    "NE": "Niger",
    "NG": "Nigeria",
    "NU": "Niue",
    "NF": "Norfolk Island",
    "KP": "North Korea",
    "MK": "North Macedonia",
    "MP": "Northern Mariana Islands",
    "NO": "Norway",
    "OM": "Oman",
    "PK": "Pakistan",
    "PW": "Palau",
    "PS": "Palestine",
    "PA": "Panama",
    "PG": "Papua New Guinea",
    "PY": "Paraguay",
    "PE": "Peru",
    "PH": "Philippines",
    "PN": "Pitcairn Islands",
    "PL": "Poland",
    "PT": "Portugal",
    "PR": "Puerto Rico",
    "QA": "Qatar",
    "CG": "Republic of the Congo",
    "RE": "Réunion",
    "RO": "Romania",
    "RU": "Russia",
    "RW": "Rwanda",
    "BL": "Saint Barthélemy",
    "SH": "Saint Helena",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "MF": "Saint Martin",
    "PM": "Saint Pierre and Miquelon",
    "VC": "Saint Vincent and the Grenadines",
    "WS": "Samoa",
    "SM": "San Marino",
    "ST": "São Tomé and Príncipe",
    "SA": "Saudi Arabia",
    "SN": "Senegal",
    "RS": "Serbia",
    "SC": "Seychelles",
    "SL": "Sierra Leone",
    "SG": "Singapore",
    "SX": "Sint Maarten",
    "SK": "Slovakia",
    "SI": "Slovenia",
    "SB": "Solomon Islands",
    "SO": "Somalia",
    "ZA": "South Africa",
    "GS": "South Georgia and the South Sandwich Islands",
    "KR": "South Korea",
    "SS": "South Sudan",
    "ES": "Spain",
    "LK": "Sri Lanka",
    "SD": "Sudan",
    "SR": "Suriname",
    "SJ": "Svalbard and Jan Mayen",
    "SE": "Sweden",
    "CH": "Switzerland",
    "SY": "Syria",
    "TW": "Taiwan",
    "TJ": "Tajikistan",
    "TZ": "Tanzania",
    "TH": "Thailand",
    "TL": "Timor-Leste",
    "TG": "Togo",
    "TK": "Tokelau",
    "TO": "Tonga",
    "TT": "Trinidad and Tobago",
    "TN": "Tunisia",
    "TR": "Turkey",
    "TM": "Turkmenistan",
    "TC": "Turks and Caicos Islands",
    "TV": "Tuvalu",
    "UM": "U.S. Minor Outlying Islands",
    "VI": "U.S. Virgin Islands",
    "UG": "Uganda",
    "UA": "Ukraine",
    "AE": "United Arab Emirates",
    "GB": "United Kingdom",
    "US": "United States",
    "UY": "Uruguay",
    "UZ": "Uzbekistan",
    "VU": "Vanuatu",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "WF": "Wallis and Futuna",
    "EH": "Western Sahara",
    "YE": "Yemen",
    "ZM": "Zambia",
    "ZW": "Zimbabwe",
}


class Region(str, Enum):
    """The five WeGO regions used to group participants."""

    AFRICA = "Africa"
    AMERICAS = "Americas"
    ASIA_PACIFIC = "Asia-Pacific"
    EUROPE = "Europe"
    MIDDLE_EAST = "Middle East"


REGION_OF: dict[str, Region] = {
    "AF": Region.ASIA_PACIFIC,  # Afghanistan
    "AX": Region.EUROPE,  # Åland Islands
    "AL": Region.EUROPE,  # Albania
    "DZ": Region.AFRICA,  # Algeria
    "AS": Region.ASIA_PACIFIC,  # American Samoa
    "AD": Region.EUROPE,  # Andorra
    "AO": Region.AFRICA,  # Angola
    "AI": Region.AMERICAS,  # Anguilla
    "AQ": Region.ASIA_PACIFIC,  # Antarctica
    "AG": Region.AMERICAS,  # Antigua and Barbuda
    "AR": Region.AMERICAS,  # Argentina
    "AM": Region.EUROPE,  # Armenia
    "AW": Region.AMERICAS,  # Aruba
    "AU": Region.ASIA_PACIFIC,  # Australia
    "AT": Region.EUROPE,  # Austria
    "AZ": Region.EUROPE,  # Azerbaijan
    "BS": Region.AMERICAS,  # Bahamas
    "BH": Region.MIDDLE_EAST,  # Bahrain
    "BD": Region.ASIA_PACIFIC,  # Bangladesh
    "BB": Region.AMERICAS,  # Barbados
    "BY": Region.EUROPE,  # Belarus
    "BE": Region.EUROPE,  # Belgium
    "BZ": Region.AMERICAS,  # Belize
    "BJ": Region.AFRICA,  # Benin
    "BM": Region.AMERICAS,  # Bermuda
    "BT": Region.ASIA_PACIFIC,  # Bhutan
    "BO": Region.AMERICAS,  # Bolivia
    "BA": Region.EUROPE,  # Bosnia and Herzegovina
    "BW": Region.AFRICA,  # Botswana
    "BV": Region.AFRICA,  # Bouvet Island
    "BR": Region.AMERICAS,  # Brazil
    "IO": Region.ASIA_PACIFIC,  # British Indian Ocean Territory
    "VG": Region.AMERICAS,  # British Virgin Islands
    "BN": Region.ASIA_PACIFIC,  # Brunei
    "BG": Region.EUROPE,  # Bulgaria
    "BF": Region.AFRICA,  # Burkina Faso
    "BI": Region.AFRICA,  # Burundi
    "KH": Region.ASIA_PACIFIC,  # Cambodia
    "CM": Region.AFRICA,  # Cameroon
    "CA": Region.AMERICAS,  # Canada
    "CV": Region.AFRICA,  # Cape Verde
    "BQ": Region.AMERICAS,  # Caribbean Netherlands
    "KY": Region.AMERICAS,  # Cayman Islands
    "CF": Region.AFRICA,  # Central African Republic
    "TD": Region.AFRICA,  # Chad
    "CL": Region.AMERICAS,  # Chile
    "CN": Region.ASIA_PACIFIC,  # China
    "CX": Region.ASIA_PACIFIC,  # Christmas Island
    "CC": Region.ASIA_PACIFIC,  # Cocos (Keeling) Islands
    "CO": Region.AMERICAS,  # Colombia
    "KM": Region.AFRICA,  # Comoros
    "CK": Region.ASIA_PACIFIC,  # Cook Islands
    "CR": Region.AMERICAS,  # Costa Rica
    "CI": Region.AFRICA,  # Côte d'Ivoire
    "HR": Region.EUROPE,  # Croatia
    "CU": Region.AMERICAS,  # Cuba
    "CW": Region.AMERICAS,  # Curaçao
    "CY": Region.EUROPE,  # Cyprus
    "CZ": Region.EUROPE,  # Czechia
    "DK": Region.EUROPE,  # Denmark
    "DJ": Region.AFRICA,  # Djibouti
    "DM": Region.AMERICAS,  # Dominica
    "DO": Region.AMERICAS,  # Dominican Republic
    "CD": Region.AFRICA,  # DR Congo
    "EC": Region.AMERICAS,  # Ecuador
    "EG": Region.MIDDLE_EAST,  # Egypt
    "SV": Region.AMERICAS,  # El Salvador
    "GQ": Region.AFRICA,  # Equatorial Guinea
    "ER": Region.AFRICA,  # Eritrea
    "EE": Region.EUROPE,  # Estonia
    "SZ": Region.AFRICA,  # Eswatini
    "ET": Region.AFRICA,  # Ethiopia
    "FK": Region.AMERICAS,  # Falkland Islands
    "FO": Region.EUROPE,  # Faroe Islands
    "FJ": Region.ASIA_PACIFIC,  # Fiji
    "FI": Region.EUROPE,  # Finland
    "FR": Region.EUROPE,  # France
    "GF": Region.AMERICAS,  # French Guiana
    "PF": Region.ASIA_PACIFIC,  # French Polynesia
    "TF": Region.AFRICA,  # French Southern Territories
    "GA": Region.AFRICA,  # Gabon
    "GM": Region.AFRICA,  # Gambia
    "GE": Region.EUROPE,  # Georgia
    "DE": Region.EUROPE,  # Germany
    "GH": Region.AFRICA,  # Ghana
    "GI": Region.EUROPE,  # Gibraltar
    "GR": Region.EUROPE,  # Greece
    "GL": Region.AMERICAS,  # Greenland
    "GD": Region.AMERICAS,  # Grenada
    "GP": Region.AMERICAS,  # Guadeloupe
    "GU": Region.ASIA_PACIFIC,  # Guam
    "GT": Region.AMERICAS,  # Guatemala
    "GG": Region.EUROPE,  # Guernsey
    "GN": Region.AFRICA,  # Guinea
    "GW": Region.AFRICA,  # Guinea-Bissau
    "GY": Region.AMERICAS,  # Guyana
    "HT": Region.AMERICAS,  # Haiti
    "HM": Region.ASIA_PACIFIC,  # Heard Island and McDonald Islands
    "HN": Region.AMERICAS,  # Honduras
    "HK": Region.ASIA_PACIFIC,  # Hong Kong
    "HU": Region.EUROPE,  # Hungary
    "IS": Region.EUROPE,  # Iceland
    "IN": Region.ASIA_PACIFIC,  # India
    "ID": Region.ASIA_PACIFIC,  # Indonesia
    "IR": Region.MIDDLE_EAST,  # Iran
    "IQ": Region.MIDDLE_EAST,  # Iraq
    "IE": Region.EUROPE,  # Ireland
    "IM": Region.EUROPE,  # Isle of Man
    "IL": Region.MIDDLE_EAST,  # Israel
    "IT": Region.EUROPE,  # Italy
    "JM": Region.AMERICAS,  # Jamaica
    "JP": Region.ASIA_PACIFIC,  # Japan
    "JE": Region.EUROPE,  # Jersey
    "JO": Region.MIDDLE_EAST,  # Jordan
    "KZ": Region.ASIA_PACIFIC,  # Kazakhstan
    "KE": Region.AFRICA,  # Kenya
    "KI": Region.ASIA_PACIFIC,  # Kiribati
    "KW": Region.MIDDLE_EAST,  # Kuwait
    "KG": Region.ASIA_PACIFIC,  # Kyrgyzstan
    "LA": Region.ASIA_PACIFIC,  # Laos
    "LV": Region.EUROPE,  # Latvia
    "LB": Region.MIDDLE_EAST,  # Lebanon
    "LS": Region.AFRICA,  # Lesotho
    "LR": Region.AFRICA,  # Liberia
    "LY": Region.AFRICA,  # Libya
    "LI": Region.EUROPE,  # Liechtenstein
    "LT": Region.EUROPE,  # Lithuania
    "LU": Region.EUROPE,  # Luxembourg
    "MO": Region.ASIA_PACIFIC,  # Macau
    "MG": Region.AFRICA,  # Madagascar
    "MW": Region.AFRICA,  # Malawi
    "MY": Region.ASIA_PACIFIC,  # Malaysia
    "MV": Region.ASIA_PACIFIC,  # Maldives
    "ML": Region.AFRICA,  # Mali
    "MT": Region.EUROPE,  # Malta
    "MH": Region.ASIA_PACIFIC,  # Marshall Islands
    "MQ": Region.AMERICAS,  # Martinique
    "MR": Region.AFRICA,  # Mauritania
    "MU": Region.AFRICA,  # Mauritius
    "YT": Region.AFRICA,  # Mayotte
    "MX": Region.AMERICAS,  # Mexico
    "FM": Region.ASIA_PACIFIC,  # Micronesia
    "MD": Region.EUROPE,  # Moldova
    "MC": Region.EUROPE,  # Monaco
    "MN": Region.ASIA_PACIFIC,  # Mongolia
    "ME": Region.EUROPE,  # Montenegro
    "MS": Region.AMERICAS,  # Montserrat
    "MA": Region.AFRICA,  # Morocco
    "MZ": Region.AFRICA,  # Mozambique
    "MM": Region.ASIA_PACIFIC,  # Myanmar
    "NA": Region.AFRICA,  # Namibia
    "NR": Region.ASIA_PACIFIC,  # Nauru
    "NP": Region.ASIA_PACIFIC,  # Nepal
    "NL": Region.EUROPE,  # Netherlands
    "NC": Region.ASIA_PACIFIC,  # New Caledonia
    "NZ": Region.ASIA_PACIFIC,  # New Zealand
    "NI": Region.AMERICAS,  # Nicaragua
    "NE": Region.AFRICA,  # Niger
    "NG": Region.AFRICA,  # Nigeria
    "NU": Region.ASIA_PACIFIC,  # Niue
    "NF": Region.ASIA_PACIFIC,  # Norfolk Island
    "KP": Region.ASIA_PACIFIC,  # North Korea
    "MK": Region.EUROPE,  # North Macedonia
    "MP": Region.ASIA_PACIFIC,  # Northern Mariana Islands
    "NO": Region.EUROPE,  # Norway
    "OM": Region.MIDDLE_EAST,  # Oman
    "PK": Region.ASIA_PACIFIC,  # Pakistan
    "PW": Region.ASIA_PACIFIC,  # Palau
    "PS": Region.MIDDLE_EAST,  # Palestine
    "PA": Region.AMERICAS,  # Panama
    "PG": Region.ASIA_PACIFIC,  # Papua New Guinea
    "PY": Region.AMERICAS,  # Paraguay
    "PE": Region.AMERICAS,  # Peru
    "PH": Region.ASIA_PACIFIC,  # Philippines
    "PN": Region.ASIA_PACIFIC,  # Pitcairn Islands
    "PL": Region.EUROPE,  # Poland
    "PT": Region.EUROPE,  # Portugal
    "PR": Region.AMERICAS,  # Puerto Rico
    "QA": Region.MIDDLE_EAST,  # Qatar
    "CG": Region.AFRICA,  # Republic of the Congo
    "RE": Region.AFRICA,  # Réunion
    "RO": Region.EUROPE,  # Romania
    "RU": Region.EUROPE,  # Russia
    "RW": Region.AFRICA,  # Rwanda
    "BL": Region.AMERICAS,  # Saint Barthélemy
    "SH": Region.AFRICA,  # Saint Helena
    "KN": Region.AMERICAS,  # Saint Kitts and Nevis
    "LC": Region.AMERICAS,  # Saint Lucia
    "MF": Region.AMERICAS,  # Saint Martin
    "PM": Region.AMERICAS,  # Saint Pierre and Miquelon
    "VC": Region.AMERICAS,  # Saint Vincent and the Grenadines
    "WS": Region.ASIA_PACIFIC,  # Samoa
    "SM": Region.EUROPE,  # San Marino
    "ST": Region.AFRICA,  # São Tomé and Príncipe
    "SA": Region.MIDDLE_EAST,  # Saudi Arabia
    "SN": Region.AFRICA,  # Senegal
    "RS": Region.EUROPE,  # Serbia
    "SC": Region.AFRICA,  # Seychelles
    "SL": Region.AFRICA,  # Sierra Leone
    "SG": Region.ASIA_PACIFIC,  # Singapore
    "SX": Region.AMERICAS,  # Sint Maarten
    "SK": Region.EUROPE,  # Slovakia
    "SI": Region.EUROPE,  # Slovenia
    "SB": Region.ASIA_PACIFIC,  # Solomon Islands
    "SO": Region.AFRICA,  # Somalia
    "ZA": Region.AFRICA,  # South Africa
    "GS": Region.AMERICAS,  # South Georgia and the South Sandwich Islands
    "KR": Region.ASIA_PACIFIC,  # South Korea
    "SS": Region.AFRICA,  # South Sudan
    "ES": Region.EUROPE,  # Spain
    "LK": Region.ASIA_PACIFIC,  # Sri Lanka
    "SD": Region.AFRICA,  # Sudan
    "SR": Region.AMERICAS,  # Suriname
    "SJ": Region.EUROPE,  # Svalbard and Jan Mayen
    "SE": Region.EUROPE,  # Sweden
    "CH": Region.EUROPE,  # Switzerland
    "SY": Region.MIDDLE_EAST,  # Syria
    "TW": Region.ASIA_PACIFIC,  # Taiwan
    "TJ": Region.ASIA_PACIFIC,  # Tajikistan
    "TZ": Region.AFRICA,  # Tanzania
    "TH": Region.ASIA_PACIFIC,  # Thailand
    "TL": Region.ASIA_PACIFIC,  # Timor-Leste
    "TG": Region.AFRICA,  # Togo
    "TK": Region.ASIA_PACIFIC,  # Tokelau
    "TO": Region.ASIA_PACIFIC,  # Tonga
    "TT": Region.AMERICAS,  # Trinidad and Tobago
    "TN": Region.AFRICA,  # Tunisia
    "TR": Region.MIDDLE_EAST,  # Turkey
    "TM": Region.ASIA_PACIFIC,  # Turkmenistan
    "TC": Region.AMERICAS,  # Turks and Caicos Islands
    "TV": Region.ASIA_PACIFIC,  # Tuvalu
    "UM": Region.ASIA_PACIFIC,  # U.S. Minor Outlying Islands
    "VI": Region.AMERICAS,  # U.S. Virgin Islands
    "UG": Region.AFRICA,  # Uganda
    "UA": Region.EUROPE,  # Ukraine
    "AE": Region.MIDDLE_EAST,  # United Arab Emirates
    "GB": Region.EUROPE,  # United Kingdom
    "US": Region.AMERICAS,  # United States
    "UY": Region.AMERICAS,  # Uruguay
    "UZ": Region.ASIA_PACIFIC,  # Uzbekistan
    "VU": Region.ASIA_PACIFIC,  # Vanuatu
    "VA": Region.EUROPE,  # Vatican City
    "VE": Region.AMERICAS,  # Venezuela
    "VN": Region.ASIA_PACIFIC,  # Vietnam
    "WF": Region.ASIA_PACIFIC,  # Wallis and Futuna
    "EH": Region.AFRICA,  # Western Sahara
    "YE": Region.MIDDLE_EAST,  # Yemen
    "ZM": Region.AFRICA,  # Zambia
    "ZW": Region.AFRICA,  # Zimbabwe
}


def _normalize(code: str) -> str:
    """Return ``code`` stripped and upper-cased (non-strings pass through)."""
    return code.strip().upper() if isinstance(code, str) else code


def _sort_key(name: str) -> str:
    """Accent- and case-insensitive sort key so "Åland" sorts under "A"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def is_country_code(code: str) -> bool:
    """Return True if ``code`` is a known ISO 3166-1 alpha-2 code.

    Matching is case-insensitive and ignores surrounding whitespace; any
    non-string value returns False.
    """
    if not isinstance(code, str):
        return False
    return _normalize(code) in COUNTRIES


def country_name(code: str) -> str:
    """Return the common English name for ``code`` (case-insensitive).

    Raises:
        KeyError: if ``code`` is not a known ISO 3166-1 alpha-2 code.
    """
    try:
        return COUNTRIES[_normalize(code)]
    except (KeyError, TypeError):
        raise KeyError(code) from None


def region_of(code: str) -> Region:
    """Return the WeGO :class:`Region` for ``code`` (case-insensitive).

    Raises:
        KeyError: if ``code`` is not a known ISO 3166-1 alpha-2 code.
    """
    try:
        return REGION_OF[_normalize(code)]
    except (KeyError, TypeError):
        raise KeyError(code) from None


def country_options() -> list[tuple[str, str]]:
    """Return ``(code, name)`` pairs sorted by name, e.g. for a select box."""
    return sorted(COUNTRIES.items(), key=lambda item: _sort_key(item[1]))


def country_choices() -> list[str]:
    """What a country picker offers, sorted by name: "KR · South Korea"."""
    return [f"{code} · {name}" for code, name in country_options()]


def code_of_choice(choice) -> str:
    """The code part of a picker's choice ("KR · South Korea" gives "KR"; a bare code is
    itself); "" for anything that is not text."""
    return choice.split("·")[0].strip() if isinstance(choice, str) else ""


def codes_in_region(region: Region | str) -> list[str]:
    """Return the country codes in ``region``, sorted by country name.

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
    return [code for code, _ in country_options() if REGION_OF[code] is region]
