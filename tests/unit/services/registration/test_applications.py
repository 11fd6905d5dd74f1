"""Unit tests for RegistrationForm.from_form_data and count_words."""

import dataclasses

import pytest

from champions.services.registration.applications import RegistrationForm, count_words

TEXT_FIELDS = (
    "full_name",
    "email",
    "password",
    "date_of_birth",
    "country",
    "city",
    "affiliation",
    "field_of_study",
    "motivation",
)


def _full(**overrides):
    data = {
        "full_name": "Kim Min-jun",
        "email": "minjun@example.org",
        "password": "correct horse battery",
        "date_of_birth": "2000-03-04",
        "country": "KR",
        "city": "Seoul",
        "affiliation": "Seoul National University",
        "field_of_study": "Urban planning",
        "motivation": "I want to help.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_well_formed_data_is_kept_as_is():
    form = RegistrationForm.from_form_data(_full())
    assert form == RegistrationForm(
        full_name="Kim Min-jun",
        email="minjun@example.org",
        password="correct horse battery",
        date_of_birth="2000-03-04",
        country="KR",
        city="Seoul",
        affiliation="Seoul National University",
        field_of_study="Urban planning",
        motivation="I want to help.",
        consent=True,
    )


def test_text_is_not_stripped_here():
    form = RegistrationForm.from_form_data(_full(full_name="  Kim  ", email=" A@B.org "))
    assert form.full_name == "  Kim  "
    assert form.email == " A@B.org "


def test_empty_dict_gives_defaults():
    form = RegistrationForm.from_form_data({})
    assert form == RegistrationForm()
    for key in TEXT_FIELDS:
        assert getattr(form, key) == ""
    assert form.consent is False


@pytest.mark.parametrize("bad", [0, 1, 12345, 3.5, None, ["a"], [], {"x": "y"}, ("t",), b"bytes", True])
@pytest.mark.parametrize("key", TEXT_FIELDS)
def test_wrong_types_become_empty_strings(key, bad):
    form = RegistrationForm.from_form_data(_full(**{key: bad}))
    assert getattr(form, key) == ""
    # the other fields are untouched
    for other in TEXT_FIELDS:
        if other != key:
            assert getattr(form, other) == _full()[other]


@pytest.mark.parametrize("key", TEXT_FIELDS)
def test_missing_key_becomes_empty_string(key):
    data = _full()
    del data[key]
    assert getattr(RegistrationForm.from_form_data(data), key) == ""


def test_all_wrong_types_at_once():
    form = RegistrationForm.from_form_data({key: [1, 2] for key in TEXT_FIELDS} | {"consent": [True]})
    assert all(getattr(form, key) == "" for key in TEXT_FIELDS)
    assert form.consent is False


def test_unknown_keys_are_ignored():
    form = RegistrationForm.from_form_data(_full(role="secretariat", is_active=False))
    assert not hasattr(form, "role")
    assert {f.name for f in dataclasses.fields(form)} == set(TEXT_FIELDS) | {"consent"}


@pytest.mark.parametrize(
    ("consent", "expected"),
    [
        ("on", True),
        (True, True),
        ("true", True),
        ("yes", True),
        ("1", True),
        # everything else is refused: the code accepts only the literal True or those strings
        ("off", False),
        (False, False),
        (1, False),
        (0, False),
        ("", False),
        (None, False),
        ("false", False),
        ("no", False),
        ("0", False),
        ("ON", False),
        ("True", False),
        (" on", False),
        (["on"], False),
        ({"on": 1}, False),
    ],
)
def test_consent_parsing(consent, expected):
    form = RegistrationForm.from_form_data(_full(consent=consent))
    assert form.consent is expected


def test_missing_consent_is_false():
    data = _full()
    del data["consent"]
    assert RegistrationForm.from_form_data(data).consent is False


def test_form_is_frozen():
    form = RegistrationForm.from_form_data(_full())
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.email = "other@example.org"  # type: ignore[misc]


# --- count_words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("  ", 0),
        ("\n\t \r\n", 0),
        (None, 0),
        ("one", 1),
        ("one two\nthree", 3),
        ("  one   two  ", 2),
        ("one\ttwo\r\nthree\n\nfour", 4),
        ("안녕하세요 저는 서울에서 온 학생입니다", 5),
        ("스마트 시티를 만들고 싶습니다.", 4),
        ("hello, world!", 2),
        ("don't stop-me now", 3),
        ("가\u3000나", 2),  # ideographic space separates words
        ("a\u00a0b", 2),  # no-break space is whitespace too
        ("word " * 500, 500),
    ],
)
def test_count_words(text, expected):
    assert count_words(text) == expected
