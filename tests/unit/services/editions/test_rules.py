"""The rules of an edition's settings, one case at a time: every field's reason, the order of the
dates, the unique name and one registration open at a time."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from champions.infra.reasons import Reason, RuleViolation
from champions.services.editions.clone import parse_weeks
from champions.services.editions.rules import EditionForm, OtherEdition, check_edition

GOOD = EditionForm(
    name="2027",
    title="Smart City Champions 2027",
    registration_opens="2027-02-22",
    registration_closes="2027-03-03",
    phase1_start="2027-03-04",
    phase1_end="2027-04-24",
    phase2_start="2027-04-25",
    phase2_end="2027-06-12",
    ceremony_date="2027-12-09",
    ceremony_time="15:00",
    ceremony_venue="Seoul City Hall",
    ceremony_mode="hybrid",
    ceremony_join_url="https://meet.example.org/ceremony",
)
EDITION_2022 = OtherEdition("2022", date(2022, 1, 10), date(2022, 3, 3))
OVERLAP = (
    "The 2022 edition's registration (10 January 2022 – 3 March 2022) overlaps these dates: at most one "
    "edition is open for registration at a time."
)


def reasons(form: EditionForm, others=()) -> list[Reason]:
    with pytest.raises(RuleViolation) as refused:
        check_edition(form, others=list(others))
    return refused.value.reasons


def test_a_good_edition_with_the_defaults():
    checked = check_edition(GOOD, others=[EDITION_2022])
    assert checked.name == "2027" and checked.title == "Smart City Champions 2027"
    assert (checked.registration_opens, checked.ceremony_date) == (date(2027, 2, 22), date(2027, 12, 9))
    assert checked.ceremony_starts_at == datetime(2027, 12, 9, 6, 0, tzinfo=UTC)  # 15:00 in Seoul
    assert (checked.ceremony_venue, checked.ceremony_mode) == ("Seoul City Hall", "hybrid")
    assert (checked.capacity, checked.waitlist_capacity) == (100, None)
    assert (checked.max_age_exclusive, checked.min_age, checked.age_reference_date) == (35, None, None)
    assert (checked.team_min, checked.team_max, checked.phase1_required) == (3, 5, 5)
    assert (checked.phase2_requires_phase1, checked.reviewers_per_submission) == (True, 3)


def test_optional_settings_when_given():
    form = replace(
        GOOD,
        ceremony_time="",
        waitlist_capacity="20",
        min_age="18",
        age_reference_date="2027-12-31",
        phase2_requires_phase1="no",
        max_age_exclusive="30",
    )
    checked = check_edition(form, others=[])
    assert checked.ceremony_starts_at is None
    assert (checked.waitlist_capacity, checked.min_age, checked.max_age_exclusive) == (20, 18, 30)
    assert checked.age_reference_date == date(2027, 12, 31)
    assert checked.phase2_requires_phase1 is False


def test_the_ceremony_time_in_another_zone():
    checked = check_edition(replace(GOOD, ceremony_time="09:30", ceremony_zone="Europe/Paris"), others=[])
    assert checked.ceremony_starts_at == datetime(2027, 12, 9, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field", "code", "message"),
    [
        ({"name": "  "}, "name", "required", "Enter the edition's name, e.g. 2027."),
        ({"name": "x" * 65}, "name", "too_long", "Use at most 64 characters."),
        ({"title": ""}, "title", "required", "Enter the edition's title."),
        ({"title": "t" * 201}, "title", "too_long", "Use at most 200 characters."),
        ({"ceremony_venue": "v" * 301}, "ceremony_venue", "too_long", "Use at most 300 characters."),
        (
            {"registration_opens": "22/02/2027"},
            "registration_opens",
            "invalid_date",
            "Enter the date as YYYY-MM-DD.",
        ),
        ({"registration_closes": ""}, "registration_closes", "invalid_date", "Enter the date as YYYY-MM-DD."),
        ({"phase1_start": "2027-02-30"}, "phase1_start", "invalid_date", "Enter the date as YYYY-MM-DD."),
        ({"phase1_end": "2027-4-24"}, "phase1_end", "invalid_date", "Enter the date as YYYY-MM-DD."),
        ({"phase2_start": "soon"}, "phase2_start", "invalid_date", "Enter the date as YYYY-MM-DD."),
        ({"phase2_end": "٢٠٢٧-٠٦-١٢"}, "phase2_end", "invalid_date", "Enter the date as YYYY-MM-DD."),
        ({"ceremony_date": "2027-13-01"}, "ceremony_date", "invalid_date", "Enter the date as YYYY-MM-DD."),
        (
            {"registration_closes": "2027-02-21"},
            "registration_closes",
            "date_order",
            "Registration must close on or after it opens.",
        ),
        (
            {"registration_closes": "2027-03-04"},
            "phase1_start",
            "date_order",
            "Phase 1 must start after registration closes.",
        ),
        ({"phase1_end": "2027-03-03"}, "phase1_end", "date_order", "Phase 1 must end on or after it starts."),
        (
            {"phase2_start": "2027-04-24"},
            "phase2_start",
            "date_order",
            "Phase 2 must start after Phase 1 ends.",
        ),
        ({"phase2_end": "2027-04-24"}, "phase2_end", "date_order", "Phase 2 must end on or after it starts."),
        (
            {"ceremony_date": "2027-06-12"},
            "ceremony_date",
            "date_order",
            "The ceremony must come after Phase 2 ends.",
        ),
        (
            {"ceremony_time": "3pm"},
            "ceremony_time",
            "invalid_time",
            "Enter the time as HH:MM (24-hour clock).",
        ),
        (
            {"ceremony_time": "24:00"},
            "ceremony_time",
            "invalid_time",
            "Enter the time as HH:MM (24-hour clock).",
        ),
        (
            {"ceremony_zone": "Mars/Olympus"},
            "ceremony_zone",
            "invalid_zone",
            "Choose the time zone of the ceremony's time.",
        ),
        ({"ceremony_mode": "radio"}, "ceremony_mode", "invalid_mode", "Choose online, offline or hybrid."),
        (
            {"ceremony_join_url": "javascript:alert(1)"},
            "ceremony_join_url",
            "invalid_url",
            "Enter a full web address starting with https://.",
        ),
        ({"capacity": "0"}, "capacity", "invalid_number", "The capacity is a whole number from 1 to 100000."),
        (
            {"capacity": "ten"},
            "capacity",
            "invalid_number",
            "The capacity is a whole number from 1 to 100000.",
        ),
        (
            {"capacity": "-5"},
            "capacity",
            "invalid_number",
            "The capacity is a whole number from 1 to 100000.",
        ),
        (
            {"waitlist_capacity": "1.5"},
            "waitlist_capacity",
            "invalid_number",
            "The waitlist is blank or a whole number from 0 to 100000.",
        ),
        (
            {"max_age_exclusive": "0"},
            "max_age_exclusive",
            "invalid_number",
            "The age limit is a whole number from 1 to 150.",
        ),
        (
            {"min_age": "x"},
            "min_age",
            "invalid_number",
            "The minimum age is blank or a whole number from 0 to 149.",
        ),
        ({"min_age": "35"}, "min_age", "age_order", "The minimum age must be below the age limit."),
        (
            {"age_reference_date": "tomorrow"},
            "age_reference_date",
            "invalid_date",
            "Enter the date as YYYY-MM-DD, or leave it blank.",
        ),
        (
            {"team_min": "0"},
            "team_min",
            "invalid_number",
            "The smallest team size is a whole number from 1 to 20.",
        ),
        (
            {"team_max": "21"},
            "team_max",
            "invalid_number",
            "The largest team size is a whole number from 1 to 20.",
        ),
        (
            {"team_min": "4", "team_max": "3"},
            "team_max",
            "team_order",
            "The largest team size must be at least the smallest.",
        ),
        (
            {"phase1_required": ""},
            "phase1_required",
            "invalid_number",
            "The Phase 1 threshold is a whole number from 1 to 100.",
        ),
        (
            {"reviewers_per_submission": "٣"},
            "reviewers_per_submission",
            "invalid_number",
            "Mentors per submission is a whole number from 1 to 20.",
        ),
    ],
)
def test_each_field_is_refused_with_its_reason(changes, field, code, message):
    assert reasons(replace(GOOD, **changes)) == [Reason(code, message, field)]


def test_the_name_is_unique_whatever_the_case_and_spaces():
    taken = [OtherEdition("Edition 2027", date(2026, 1, 1), date(2026, 1, 2), archived=True)]
    assert reasons(replace(GOOD, name=" edition   2027 "), taken) == [
        Reason("taken", "There is already an edition named edition 2027.", "name")
    ]


@pytest.mark.parametrize(
    ("opens", "closes", "refused"),
    [
        ("2022-03-03", "2022-03-03", True),  # the other's last day
        ("2021-12-01", "2022-01-10", True),  # the other's first day
        ("2021-12-01", "2022-04-01", True),  # around it
        ("2022-03-04", "2022-03-05", False),  # the day after
        ("2021-12-01", "2022-01-09", False),  # the day before
    ],
)
def test_at_most_one_edition_is_open_for_registration_at_a_time(opens, closes, refused):
    form = replace(
        GOOD,
        registration_opens=opens,
        registration_closes=closes,
        phase1_start="2022-04-02",
        phase1_end="2022-04-24",
        phase2_start="2022-04-25",
        phase2_end="2022-06-12",
        ceremony_date="2022-12-08",
    )
    if refused:
        assert reasons(form, [EDITION_2022]) == [
            Reason("registration_overlap", OVERLAP, "registration_opens")
        ]
    else:
        assert check_edition(form, others=[EDITION_2022]).registration_opens.isoformat() == opens


def test_an_archived_edition_keeps_its_name_but_not_its_registration_window():
    archived = replace(EDITION_2022, archived=True)
    form = replace(
        GOOD,
        registration_opens="2022-01-10",
        registration_closes="2022-03-03",
        phase1_start="2022-03-04",
        phase1_end="2022-04-24",
        phase2_start="2022-04-25",
        phase2_end="2022-06-12",
        ceremony_date="2022-12-08",
    )
    assert check_edition(form, others=[archived]).name == "2027"


def test_every_wrong_field_at_once():
    form = EditionForm(capacity="", max_age_exclusive="", team_min="", team_max="", phase1_required="")
    fields = [r.field for r in reasons(replace(form, reviewers_per_submission=""))]
    assert fields == [
        "name",
        "title",
        "registration_opens",
        "registration_closes",
        "phase1_start",
        "phase1_end",
        "phase2_start",
        "phase2_end",
        "ceremony_date",
        "capacity",
        "max_age_exclusive",
        "team_min",
        "team_max",
        "phase1_required",
        "reviewers_per_submission",
    ]


@pytest.mark.parametrize(
    ("sent", "stored"),
    [({"phase2_requires_phase1": "on"}, "yes"), ({}, "no"), ({"phase2_requires_phase1": ["on"]}, "no")],
)
def test_the_form_reads_the_checkbox_and_ignores_what_is_not_text(sent, stored):
    form = EditionForm.from_form_data({"name": 2027, "title": "T", **sent})
    assert (form.name, form.title, form.phase2_requires_phase1) == ("", "T", stored)


@pytest.mark.parametrize(("text", "weeks"), [("52", 52), ("+1", 1), ("-4", -4), (" 104 ", 104), ("520", 520)])
def test_weeks_to_shift_by(text, weeks):
    assert parse_weeks(text) == weeks


@pytest.mark.parametrize("text", ["0", "", "1.5", "a", "521", "-521", "٥٢", "1e3", "--1"])
def test_weeks_must_be_a_whole_nonzero_number(text):
    with pytest.raises(RuleViolation) as refused:
        parse_weeks(text)
    assert refused.value.reasons == [
        Reason("invalid_weeks", "Shift by a whole number of weeks from 1 to 520 (or minus that).", "weeks")
    ]
