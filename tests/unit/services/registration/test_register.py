"""Unit tests for registration_form: the registration form as a browser sends it."""

from champions.services.registration.applications import REGISTRATION_FIELDS, RegistrationForm
from champions.services.registration.register import registration_form


def test_the_country_pickers_choice_becomes_its_code():
    form = registration_form({"full_name": "Kim Min-jun", "country": "KR · South Korea", "consent": "on"})
    assert form == RegistrationForm(full_name="Kim Min-jun", country="KR", consent=True)


def test_anything_else_a_browser_sends_is_an_empty_form():
    for sent in (None, "not a dict", ["country"], {"country": ["KR"]}):
        assert registration_form(sent) == RegistrationForm()


def test_the_forms_fields_are_the_dataclass_fields_in_order():
    assert REGISTRATION_FIELDS == (
        "full_name",
        "email",
        "password",
        "date_of_birth",
        "country",
        "city",
        "affiliation",
        "field_of_study",
        "motivation",
        "consent",
    )
