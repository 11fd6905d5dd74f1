"""The program's contacts form: email format, phone, http(s) links only, one link a line."""

import pytest

from champions.infra.reasons import RuleViolation
from champions.services.program.contacts import (
    Contacts,
    ContactsForm,
    NamedLink,
    check_contacts,
    contacts_form,
)

VALID = ContactsForm(
    email=" Secretariat@WE-GOV.org ",
    phone="+82 2 720 2934",
    address="5F Seoul Global Center\n38 Jong-ro, Seoul",
    website="https://we-gov.org",
    social="YouTube | https://www.youtube.com/@wego\n\n  LinkedIn|https://www.linkedin.com/company/wego ",
    partners="Seoul Metropolitan Government | https://english.seoul.go.kr\n서울디지털재단",
)


def test_a_valid_form():
    assert check_contacts(VALID) == Contacts(
        email="secretariat@we-gov.org",
        phone="+82 2 720 2934",
        address="5F Seoul Global Center\n38 Jong-ro, Seoul",
        website="https://we-gov.org",
        social=[
            NamedLink("YouTube", "https://www.youtube.com/@wego"),
            NamedLink("LinkedIn", "https://www.linkedin.com/company/wego"),
        ],
        partners=[
            NamedLink("Seoul Metropolitan Government", "https://english.seoul.go.kr"),
            NamedLink("서울디지털재단", ""),
        ],
    )


def test_everything_may_be_left_empty_and_the_form_round_trips():
    assert check_contacts(ContactsForm()) == Contacts()
    saved = check_contacts(VALID)
    assert check_contacts(contacts_form(saved)) == saved


LINK = "after the '|', enter a full web address starting with https://."


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({"email": "secretariat"}, {"email": "Enter a valid email address, like secretariat@example.org."}),
        ({"phone": "call us"}, {"phone": "Enter the phone number with digits, like +82 2 720 2934."}),
        ({"website": "javascript:alert(1)"}, {"website": "Enter a full web address starting with https://."}),
        ({"website": "ftp://we-gov.org"}, {"website": "Enter a full web address starting with https://."}),
        ({"address": "x" * 501}, {"address": "Use at most 500 characters."}),
        ({"social": "YouTube"}, {"social": f"Line 1: {LINK}"}),
        ({"social": "A | https://a.example.org\nB | data:text/html,hi"}, {"social": f"Line 2: {LINK}"}),
        ({"partners": " | https://a.example.org"}, {"partners": "Line 1: write the name before the '|'."}),
        ({"partners": "P | javascript:alert(1)"}, {"partners": f"Line 1: {LINK}"}),
        ({"partners": "\n".join(f"P{i}" for i in range(21))}, {"partners": "List at most 20 partners."}),
    ],
)
def test_each_bad_field_gets_its_reason(changes, errors):
    with pytest.raises(RuleViolation) as error:
        check_contacts(ContactsForm(**{**VALID.__dict__, **changes}))
    assert error.value.by_field() == errors
