"""Country names from CLDR in the viewer's language, and the picker sorted for it."""

from champions.services.registration.countries import country_choices, country_label, country_name, sort_key


def test_a_country_name_in_korean_and_arabic():
    assert country_name("KR", "ko") == "대한민국"
    assert country_name("eg", "ar") == "مصر"
    assert country_name("KR", "ar") == "كوريا الجنوبية"


def test_a_label_shows_an_unknown_code_as_itself_and_never_raises():
    assert country_label("KR", "ko") == "대한민국"
    assert country_label("ZZ", "ko") == "ZZ"
    assert country_label(None, "ar") == ""
    assert country_label("KR", "xx") == "South Korea"


def test_the_picker_is_sorted_for_the_language_with_the_code_first():
    korean = country_choices("ko")
    assert korean[:3] == ["GH · 가나", "GA · 가봉", "GY · 가이아나"]
    assert "KR · 대한민국" in korean
    arabic = country_choices("ar")
    # Hamza forms of alif sort with alif, as in an Arabic dictionary.
    assert arabic[:3] == ["ET · إثيوبيا", "AZ · أذربيجان", "AM · أرمينيا"]
    assert country_choices("es")[:3] == ["AF · Afganistán", "AL · Albania", "DE · Alemania"]
    assert len(korean) == len(arabic) == len(country_choices())
    names = [choice.split(" · ", 1)[1] for choice in korean]
    assert names == sorted(names, key=sort_key)


def test_english_stays_the_default():
    assert country_choices()[0] == country_choices("en")[0]
    assert "KR · South Korea" in country_choices()
