"""Registration (with the eligibility rule), review decisions, listing and export."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from champions.infra.reasons import RuleViolation
from champions.models import Application, ApplicationStatus, AuditEntry, Cohort, Role, User
from champions.services.registration import countries
from champions.services.registration.applications import (
    RegistrationForm,
    application_export,
    application_of,
    check_registration,
    count_by_status,
    decide_applications,
    list_applications,
    register_applicant,
    withdraw_application,
)

from ...conftest import TODAY, motivation, race, row_count, valid_form

ACCEPTED = ApplicationStatus.ACCEPTED
NOW = datetime(2022, 3, 10, 9, 0, tzinfo=UTC)


def _reasons(error: pytest.ExceptionInfo) -> list[tuple[str, str]]:
    return [(reason.field, reason.code) for reason in error.value.reasons]


# --- registration -----------------------------------------------------------------------


def test_register_happy_path(session, engine, cohort, password_hash):
    form = valid_form(email=" Ana@Example.org", country="kr")
    checked = check_registration(session=session, cohort=cohort, form=form, today=TODAY)
    assert checked.born == date(2000, 5, 5)
    assert checked.eligibility.eligible
    user, application = register_applicant(
        session=session, cohort=cohort, checked=checked, password_hash=password_hash
    )
    session.commit()

    assert row_count(engine, "user") == 1
    assert row_count(engine, "application") == 1
    with Session(engine) as fresh:
        user = fresh.exec(select(User)).one()
        application = fresh.exec(select(Application)).one()
    assert (user.email, user.full_name, user.role, user.password_hash) == (
        "ana@example.org",
        "Ana Lima",
        Role.PARTICIPANT,
        password_hash,
    )
    assert application.user_id == user.id and application.cohort_id == cohort.id
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.country == "KR"
    assert application.date_of_birth == date(2000, 5, 5)
    assert application.consent_version == cohort.consent_version
    assert application.eligible is True
    assert json.loads(application.eligibility_snapshot) == {
        "eligible": True,
        "age": 21,
        "reference_date": "2022-03-04",
        "reasons": [],
    }
    assert application.decided_at is None


def test_application_of_finds_the_users_application(session, cohort, register):
    user, application = register()
    assert application_of(session=session, user_id=user.id).id == application.id
    assert application_of(session=session, user_id=user.id, cohort_id=cohort.id).id == application.id
    assert application_of(session=session, user_id=user.id, cohort_id=cohort.id + 1) is None


def test_turning_35_on_the_reference_date_is_too_old_and_writes_nothing(
    session, engine, cohort, password_hash
):
    form = valid_form(date_of_birth="1987-03-04")
    with pytest.raises(RuleViolation) as error:
        checked = check_registration(session=session, cohort=cohort, form=form, today=TODAY)
        register_applicant(session=session, cohort=cohort, checked=checked, password_hash=password_hash)
    session.commit()
    assert _reasons(error) == [("date_of_birth", "too_old")]
    assert error.value.reasons[0].message == (
        "You must be under 35 on 4 March 2022; you will be 35 on that date."
    )
    assert row_count(engine, "user") == 0
    assert row_count(engine, "application") == 0


def test_one_day_younger_is_still_eligible(session, cohort, register):
    _, application = register(date_of_birth="1987-03-05")
    assert json.loads(application.eligibility_snapshot)["age"] == 34


def test_too_young_when_the_edition_sets_a_minimum_age(session, cohort):
    cohort.min_age = 16
    with pytest.raises(RuleViolation) as error:
        check_registration(
            session=session, cohort=cohort, form=valid_form(date_of_birth="2006-03-05"), today=TODAY
        )
    assert _reasons(error) == [("date_of_birth", "too_young")]


def test_no_one_is_too_young_without_a_minimum_age(session, cohort):
    assert cohort.min_age is None
    checked = check_registration(
        session=session, cohort=cohort, form=valid_form(date_of_birth="2006-03-05"), today=TODAY
    )
    assert checked.eligibility.eligible and checked.eligibility.age == 15


def test_empty_form_gives_one_reason_per_field(session, engine, cohort):
    with pytest.raises(RuleViolation) as error:
        check_registration(session=session, cohort=cohort, form=RegistrationForm(), today=TODAY)
    fields = [field for field, _ in _reasons(error)]
    assert sorted(fields) == sorted(
        [
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
        ]
    )
    assert set(error.value.by_field()) == set(fields)
    assert row_count(engine, "user") == 0


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("full_name", "x" * 201, "too_long"),
        ("email", "ana.example.org", "invalid"),
        ("password", "short", "too_short"),
        ("date_of_birth", "05/05/2000", "invalid"),
        ("date_of_birth", "2001-02-29", "invalid"),
        ("date_of_birth", "2022-02-02", "invalid"),  # in the future
        ("country", "XX", "required"),
        ("city", "   ", "required"),
        ("affiliation", "y" * 201, "too_long"),
        ("field_of_study", "", "required"),
        ("motivation", motivation(49), "length"),
        ("motivation", motivation(501), "length"),
        ("consent", False, "required"),
    ],
)
def test_each_invalid_field_gives_its_own_reason(session, cohort, field, value, code):
    with pytest.raises(RuleViolation) as error:
        check_registration(session=session, cohort=cohort, form=valid_form(**{field: value}), today=TODAY)
    assert _reasons(error) == [(field, code)]


def test_motivation_word_bounds_are_inclusive(session, cohort):
    for words in (50, 500):
        check_registration(
            session=session, cohort=cohort, form=valid_form(motivation=motivation(words)), today=TODAY
        )


def test_an_email_that_has_an_account_passes_the_check(session, engine, cohort, register):
    """The form must not tell whether an email has an account (issue 22): the owner is told
    by email when the registration completes (test_register)."""
    register(email="ana@example.org")
    checked = check_registration(
        session=session,
        cohort=cohort,
        form=valid_form(email="ANA@example.org ", full_name="Other Ana"),
        today=TODAY,
    )
    assert checked.form.full_name == "Other Ana"
    assert row_count(engine, "user") == 1


def test_duplicate_email_checked_again_when_registering(session, engine, cohort, password_hash):
    """Two registrations with one email both pass the check; the second one is refused."""
    first = check_registration(session=session, cohort=cohort, form=valid_form(), today=TODAY)
    second = check_registration(
        session=session, cohort=cohort, form=valid_form(email="ANA@example.org"), today=TODAY
    )
    register_applicant(session=session, cohort=cohort, checked=first, password_hash=password_hash)
    session.commit()
    with pytest.raises(RuleViolation) as error:
        register_applicant(session=session, cohort=cohort, checked=second, password_hash=password_hash)
    session.rollback()
    assert _reasons(error) == [("email", "duplicate")]
    assert (row_count(engine, "user"), row_count(engine, "application")) == (1, 1)


@pytest.mark.parametrize("today", [date(2022, 1, 9), date(2022, 3, 4), date(2023, 2, 1)])
def test_registration_outside_the_window_is_closed(session, cohort, today):
    form = valid_form(date_of_birth="2000-05-05")
    with pytest.raises(RuleViolation) as error:
        check_registration(session=session, cohort=cohort, form=form, today=today)
    assert _reasons(error) == [("", "closed")]
    assert error.value.reasons[0].message == "Registration for Smart City Champions 2022 is closed."


@pytest.mark.parametrize("today", [date(2022, 1, 10), date(2022, 3, 3)])
def test_registration_window_includes_its_first_and_last_day(session, cohort, today):
    check_registration(session=session, cohort=cohort, form=valid_form(), today=today)


# --- decisions --------------------------------------------------------------------------


@pytest.fixture
def four_applications(register):
    return [register(email=f"applicant{i}@example.org", full_name=f"Applicant {i}")[1] for i in range(1, 5)]


def _audit(session):
    return session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_accepting_stops_at_capacity(session, engine, cohort, secretariat, four_applications):
    ids = [application.id for application in four_applications]
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids,
        decision=ACCEPTED,
        now=NOW,
    )
    session.commit()
    assert len(outcome.changed) == 3
    assert len(outcome.refused) == 1
    refused_id, reason = outcome.refused[0]
    assert set(outcome.changed) | {refused_id} == set(ids)
    assert (reason.code, reason.message) == ("capacity", "The cohort is full (3 accepted).")
    assert count_by_status(session=session, cohort_id=cohort.id)["accepted"] == 3

    # A later call for the fourth is refused the same way, and changes nothing.
    again = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[refused_id],
        decision=ACCEPTED,
        now=NOW,
    )
    session.commit()
    assert again.changed == []
    assert [(i, r.code) for i, r in again.refused] == [(refused_id, "capacity")]
    assert session.get(Application, refused_id).status == ApplicationStatus.SUBMITTED
    assert row_count(engine, "audit_entry") == 3


def test_two_secretariat_members_accepting_the_last_place_at_once_on_two_workers(
    session, engine, cohort, secretariat, four_applications
):
    """The second decision waits for the first to commit, then finds the cohort full."""
    ids = [application.id for application in four_applications]
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids[:2],
        decision=ACCEPTED,
        now=NOW,
    )
    session.commit()

    def accept(application_id):
        return lambda s: decide_applications(
            session=s,
            actor=s.get(User, secretariat.id),
            cohort_id=cohort.id,
            application_ids=[application_id],
            decision=ACCEPTED,
            now=NOW,
        )

    outcome = race(engine, accept(ids[2]), accept(ids[3]))
    assert outcome["waited"] is True
    assert outcome["value"].changed == []
    assert [(i, r.message) for i, r in outcome["value"].refused] == [
        (ids[3], "The cohort is full (3 accepted).")
    ]
    assert count_by_status(session=session, cohort_id=cohort.id)["accepted"] == 3


def test_a_bulk_accept_beyond_capacity_takes_the_earliest_applications(
    session, cohort, secretariat, four_applications
):
    """Who gets the last places does not depend on the order the database returns rows in
    (PostgreSQL returns updated rows last, unless told otherwise)."""
    ids = [application.id for application in four_applications]
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids[:2],
        decision=ApplicationStatus.WAITLISTED,
        now=NOW,
    )
    session.commit()
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=list(reversed(ids)),
        decision=ACCEPTED,
        now=NOW,
    )
    session.commit()
    assert outcome.changed == ids[:3]
    assert [(i, r.code) for i, r in outcome.refused] == [(ids[3], "capacity")]


def test_one_audit_entry_per_change(session, cohort, secretariat, four_applications):
    first, second = four_applications[:2]
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[first.id, second.id],
        decision=ACCEPTED,
        now=NOW,
    )
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[first.id],
        decision=ApplicationStatus.WAITLISTED,
        now=NOW,
    )
    # Setting the status it already has is not a change.
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[second.id],
        decision=ACCEPTED,
        now=NOW,
    )
    session.commit()
    entries = _audit(session)
    assert [(e.entity_id, json.loads(e.before), json.loads(e.after)) for e in entries] == [
        (str(first.id), {"status": "submitted"}, {"status": "accepted"}),
        (str(second.id), {"status": "submitted"}, {"status": "accepted"}),
        (str(first.id), {"status": "accepted"}, {"status": "waitlisted"}),
    ]
    for entry in entries:
        assert (entry.actor_id, entry.cohort_id, entry.action, entry.entity) == (
            secretariat.id,
            cohort.id,
            "application.decide",
            "application",
        )
    assert session.get(Application, first.id).decided_at == NOW


def test_moving_an_accepted_applicant_frees_a_place(session, cohort, secretariat, four_applications):
    ids = [application.id for application in four_applications]
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids[:3],
        decision=ACCEPTED,
        now=NOW,
    )
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids[3:],
        decision=ACCEPTED,
        now=NOW,
    )
    assert [r.code for _, r in outcome.refused] == ["capacity"]
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids[:1],
        decision=ApplicationStatus.REJECTED,
        now=NOW,
    )
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=ids[3:],
        decision=ACCEPTED,
        now=NOW,
    )
    session.commit()
    assert (outcome.changed, outcome.refused) == (ids[3:], [])
    assert count_by_status(session=session, cohort_id=cohort.id) == {
        "submitted": 0,
        "accepted": 3,
        "waitlisted": 0,
        "rejected": 1,
        "withdrawn": 0,
    }


def test_withdrawn_application_cannot_be_accepted(session, cohort, secretariat, register):
    user, application = register()
    withdraw_application(session=session, user=user, application_id=application.id, today=TODAY)
    session.commit()
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id],
        decision=ACCEPTED,
        now=NOW,
    )
    session.commit()
    assert outcome.changed == []
    assert [(i, r.code) for i, r in outcome.refused] == [(application.id, "withdrawn")]
    assert session.get(Application, application.id).status == ApplicationStatus.WITHDRAWN
    assert [e.action for e in _audit(session)] == ["application.withdraw"]


def test_withdrawing_twice_is_refused(session, cohort, register):
    user, application = register()
    withdraw_application(session=session, user=user, application_id=application.id, today=TODAY)
    session.commit()
    with pytest.raises(RuleViolation) as error:
        withdraw_application(session=session, user=user, application_id=application.id, today=TODAY)
    assert _reasons(error) == [("", "final")]


def test_ineligible_application_cannot_be_accepted(session, cohort, secretariat, register):
    _user, _ = register()
    other = User(email="old@example.org", full_name="Old Applicant", password_hash="x")
    session.add(other)
    session.flush()
    ineligible = Application(
        cohort_id=cohort.id,
        user_id=other.id,
        date_of_birth=date(1980, 1, 1),
        country="FR",
        city="Paris",
        affiliation="A",
        field_of_study="B",
        motivation=motivation(),
        consent_version="2022-01",
        eligible=False,
    )
    session.add(ineligible)
    session.commit()
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[ineligible.id],
        decision=ACCEPTED,
        now=NOW,
    )
    assert [(i, r.code) for i, r in outcome.refused] == [(ineligible.id, "ineligible")]


def test_submitted_is_not_a_decision(session, cohort, secretariat, register):
    _, application = register()
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id],
        decision=ACCEPTED,
        now=NOW,
    )
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id],
        decision=ApplicationStatus.SUBMITTED,
        now=NOW,
    )
    assert [(i, r.code) for i, r in outcome.refused] == [(application.id, "invalid_decision")]


def test_applications_of_another_cohort_are_not_found(session, cohort, secretariat, register):
    other = Cohort(
        **{
            **cohort.model_dump(exclude={"id", "created_at"}),
            "name": "2023",
            "title": "Smart City Champions 2023",
        }
    )
    session.add(other)
    session.commit()
    _, mine = register(email="mine@example.org")
    _, theirs = register(email="theirs@example.org", to=other)
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[mine.id, theirs.id, 9999],
        decision=ACCEPTED,
        now=NOW,
    )
    session.commit()
    assert outcome.changed == [mine.id]
    assert sorted((i, r.code) for i, r in outcome.refused) == [(theirs.id, "not_found"), (9999, "not_found")]
    assert session.get(Application, theirs.id).status == ApplicationStatus.SUBMITTED
    assert count_by_status(session=session, cohort_id=other.id)["submitted"] == 1


# --- listing, export, counts -------------------------------------------------------------


PEOPLE = [
    # (full name, email, country, city)
    ("Ana Lima", "ana@example.org", "KR", "Seoul"),
    ("Maria Santos", "maria@example.org", "PH", "Makati"),
    ("Kwame Mensah", "kwame.mensah@example.org", "GH", "Accra"),
    ("Zoë Müller", "zoe@example.org", "DE", "Berlin"),
    ("José Martínez", "jose@example.org", "ES", "Barcelona"),
    ("Émile Dubois", "emile@example.org", "FR", "Paris"),
    ("Анна Иванова", "anna@example.org", "RU", "Kazan"),
]


@pytest.fixture
def listed(session, cohort, secretariat, register):
    """Applicants from several regions; Ana and Kwame accepted, José withdrawn."""
    applications = {}
    for name, email, country, city in PEOPLE:
        user, application = register(
            full_name=name, email=email, country=country, city=city, affiliation=f"{city} University"
        )
        applications[name] = (user, application)
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[applications["Ana Lima"][1].id, applications["Kwame Mensah"][1].id],
        decision=ACCEPTED,
        now=NOW,
    )
    user, application = applications["José Martínez"]
    withdraw_application(session=session, user=user, application_id=application.id, today=TODAY)
    session.commit()
    return applications


def _names(rows):
    return sorted(row.full_name for row in rows)


def test_list_all_newest_first(session, cohort, listed):
    rows = list_applications(session=session, cohort_id=cohort.id)
    assert _names(rows) == sorted(name for name, *_ in PEOPLE)
    assert [row.id for row in rows] == sorted((row.id for row in rows), reverse=True)
    assert len(list_applications(session=session, cohort_id=cohort.id, limit=2)) == 2


def test_list_filters_by_status(session, cohort, listed):
    accepted = list_applications(session=session, cohort_id=cohort.id, status="accepted")
    assert _names(accepted) == ["Ana Lima", "Kwame Mensah"]
    assert _names(list_applications(session=session, cohort_id=cohort.id, status="withdrawn")) == [
        "José Martínez"
    ]


def test_list_filters_by_country(session, cohort, listed):
    assert _names(list_applications(session=session, cohort_id=cohort.id, country="kr")) == ["Ana Lima"]
    assert list_applications(session=session, cohort_id=cohort.id, country="US") == []


def test_list_filters_by_region(session, cohort, listed):
    rows = list_applications(session=session, cohort_id=cohort.id, region="Asia-Pacific")
    assert _names(rows) == ["Ana Lima", "Maria Santos"]
    assert {row.region for row in rows} == {"Asia-Pacific"}
    europe = list_applications(session=session, cohort_id=cohort.id, region=countries.Region.EUROPE)
    expected = sorted(
        name for name, _, country, _ in PEOPLE if countries.region_of(country) == countries.Region.EUROPE
    )
    assert _names(europe) == expected


def test_list_filters_by_eligibility(session, cohort, listed):
    assert len(list_applications(session=session, cohort_id=cohort.id, eligible="yes")) == len(PEOPLE)
    assert list_applications(session=session, cohort_id=cohort.id, eligible="no") == []


@pytest.mark.parametrize(
    "term, expected",
    [
        ("lima", ["Ana Lima"]),
        ("SANTOS", ["Maria Santos"]),
        ("  mEnSaH ", ["Kwame Mensah"]),
        ("kwame.mensah@", ["Kwame Mensah"]),
        ("MARIA@EXAMPLE.ORG", ["Maria Santos"]),
        ("kazan", ["Анна Иванова"]),
        ("berlin university", ["Zoë Müller"]),
        ("zoë", ["Zoë Müller"]),
        ("nobody", []),
    ],
)
def test_list_search(session, cohort, listed, term, expected):
    assert _names(list_applications(session=session, cohort_id=cohort.id, search=term)) == expected


@pytest.mark.parametrize("term, expected", [("émile", "Émile Dubois"), ("анна", "Анна Иванова")])
def test_list_search_is_case_insensitive_beyond_ascii(session, cohort, listed, term, expected):
    assert _names(list_applications(session=session, cohort_id=cohort.id, search=term)) == [expected]


@pytest.mark.parametrize("term", ["%", "_"])
def test_list_search_treats_wildcards_literally(session, cohort, listed, term):
    assert list_applications(session=session, cohort_id=cohort.id, search=term) == []


def test_application_row_and_export(session, cohort, listed):
    _user, application = listed["Ana Lima"]
    [row] = list_applications(session=session, cohort_id=cohort.id, country="KR")
    assert (row.id, row.email, row.country_name, row.region, row.age, row.status, row.eligible) == (
        application.id,
        "ana@example.org",
        "South Korea",
        "Asia-Pacific",
        21,
        "accepted",
        True,
    )
    field_names, rows = application_export([row])
    assert field_names == [
        "id",
        "full_name",
        "email",
        "country",
        "country_name",
        "region",
        "city",
        "affiliation",
        "field_of_study",
        "date_of_birth",
        "age",
        "status",
        "eligible",
        "submitted_at_utc",
    ]
    assert rows == [
        [
            application.id,
            "Ana Lima",
            "ana@example.org",
            "KR",
            "South Korea",
            "Asia-Pacific",
            "Seoul",
            "Seoul University",
            "Urban planning",
            "2000-05-05",
            21,
            "accepted",
            "yes",
            application.submitted_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        ]
    ]
    assert application_export([]) == (field_names, [])


def test_count_by_status(session, cohort, listed):
    assert count_by_status(session=session, cohort_id=cohort.id) == {
        "submitted": 4,
        "accepted": 2,
        "waitlisted": 0,
        "rejected": 0,
        "withdrawn": 1,
    }
    assert count_by_status(session=session, cohort_id=cohort.id + 100) == {
        "submitted": 0,
        "accepted": 0,
        "waitlisted": 0,
        "rejected": 0,
        "withdrawn": 0,
    }


def test_withdrawal_is_refused_once_the_program_has_ended(session, cohort, register):
    from champions.services.registration.applications import withdraw_application

    user, application = register()
    with pytest.raises(RuleViolation) as info:
        withdraw_application(
            session=session,
            user=user,
            application_id=application.id,
            today=cohort.phase2_end + timedelta(days=1),
        )
    assert [r.code for r in info.value.reasons] == ["ended"]
    withdraw_application(session=session, user=user, application_id=application.id, today=cohort.phase2_end)
    assert application.status.value == "withdrawn"


def test_the_applications_export_speaks_the_callers_language(session, cohort, listed):
    [row] = list_applications(session=session, cohort_id=cohort.id, country="KR")
    field_names, [cells] = application_export([row], "ko")
    assert field_names == [
        "ID",
        "성명",
        "이메일",
        "국가",
        "국가명",
        "지역",
        "도시",
        "소속",
        "전공 분야",
        "생년월일",
        "나이",
        "상태",
        "자격 충족",
        "제출 시각 (UTC)",
    ]
    assert cells[3:6] == ["KR", "대한민국", "아시아·태평양"]
    assert cells[9:] == [
        "2000-05-05",
        21,
        "합격",
        "예",
        row.submitted_at.strftime("%Y-%m-%d %H:%M:%S"),
    ]
    field_names, [cells] = application_export([row], "ar")
    assert field_names == [
        "المعرّف",
        "الاسم الكامل",
        "البريد الإلكتروني",
        "البلد",
        "اسم البلد",
        "المنطقة",
        "المدينة",
        "الجهة",
        "مجال الدراسة",
        "تاريخ الميلاد",
        "العمر",
        "الحالة",
        "مؤهل",
        "وقت الإرسال (UTC)",
    ]
    assert cells[4:6] == ["كوريا الجنوبية", "آسيا والمحيط الهادئ"]
    assert cells[11:13] == ["مقبول", "نعم"]
    assert application_export([row], "en") == application_export([row])
