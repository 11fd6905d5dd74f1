"""What the registration pages show, against a migrated database: a cohort's public facts,
the applicant's own application, and the secretariat's review (list, detail, CSV)."""

import json
from datetime import UTC, date, datetime

import pytest

from champions.infra.translations import gettext
from champions.models import Application, ApplicationStatus, Cohort
from champions.services.registration.applications import (
    RegistrationForm,
    check_registration,
    decide_applications,
    register_applicant,
    withdraw_application,
)
from champions.services.registration.views import (
    ApplicationDetail,
    ApplicationLine,
    ApplicationsPage,
    CohortFacts,
    Milestone,
    OwnApplication,
    application_detail,
    applications_csv,
    applications_page,
    current_cohort_facts,
    open_cohort_facts,
    own_application,
)

from ...conftest import PASSWORD, TODAY, motivation

FACTS_2022 = CohortFacts(
    title="Smart City Champions 2022",
    is_open=True,
    registration="10 January 2022 – 3 March 2022",
    closes="3 March 2022",
    phase1="4 March 2022 – 24 April 2022",
    phase2="25 April 2022 – 12 June 2022",
    ceremony="8 December 2022",
    min_age="",
    max_age="35",
    reference="4 March 2022",
    age_rule="You must be under 35 on 4 March 2022.",
    ceremony_where="Hybrid (in person and online)",
)
ALL_FILTERS = {"status": "all", "region": "all", "eligible": "all", "country": "", "search": ""}
NO_STATUS = {"submitted": 0, "accepted": 0, "waitlisted": 0, "rejected": 0, "withdrawn": 0}


def submitted_at(session, application: Application, when: datetime) -> Application:
    application.submitted_at = when
    session.add(application)
    session.commit()
    return application


def other_cohort(session) -> Cohort:
    """The 2021 edition, closed, with a smaller age limit."""
    cohort = Cohort(
        name="2021",
        title="Smart City Champions 2021",
        registration_opens=date(2021, 1, 10),
        registration_closes=date(2021, 3, 3),
        phase1_start=date(2021, 3, 4),
        phase1_end=date(2021, 4, 24),
        phase2_start=date(2021, 4, 25),
        phase2_end=date(2021, 6, 12),
        ceremony_date=date(2021, 12, 9),
        max_age_exclusive=30,
    )
    session.add(cohort)
    session.commit()
    return cohort


# --- a cohort's public facts ---------------------------------------------------------------------


def test_facts_of_the_open_cohort(session, cohort):
    assert current_cohort_facts(session=session, today=TODAY) == FACTS_2022
    assert open_cohort_facts(session=session, today=TODAY) == FACTS_2022


def test_after_registration_closes_the_landing_page_still_shows_the_cohort_but_the_form_none(session, cohort):
    after = date(2022, 3, 4)
    assert current_cohort_facts(session=session, today=after) == CohortFacts(
        **{**FACTS_2022.__dict__, "is_open": False}
    )
    assert open_cohort_facts(session=session, today=after) == CohortFacts()


def test_facts_name_the_age_reference_day_when_it_is_not_the_phase1_start(session, cohort):
    cohort.age_reference_date = date(2022, 12, 31)
    cohort.min_age, cohort.max_age_exclusive = 18, 30
    session.add(cohort)
    session.commit()
    facts = open_cohort_facts(session=session, today=TODAY)
    assert (facts.min_age, facts.max_age, facts.reference) == ("18", "30", "31 December 2022")
    assert facts.age_rule == "You must be at least 18 and under 30 on 31 December 2022."


def test_facts_show_the_ceremony_time_in_seoul_and_where_it_is(session, cohort):
    cohort.ceremony_starts_at = datetime(2022, 12, 8, 6, 0, tzinfo=UTC)
    cohort.ceremony_mode, cohort.ceremony_venue = "offline", "Seoul City Hall"
    session.add(cohort)
    session.commit()
    facts = open_cohort_facts(session=session, today=TODAY)
    assert (facts.ceremony, facts.ceremony_where) == (
        "Thu 8 Dec 2022, 15:00 KST",
        "In person · Seoul City Hall",
    )


def test_no_cohort_gives_empty_facts(session):
    assert current_cohort_facts(session=session, today=TODAY) == CohortFacts()
    assert open_cohort_facts(session=session, today=TODAY) == CohortFacts()


# --- the applicant's own application -------------------------------------------------------------


def test_own_application_in_the_applicants_words(session, cohort, register):
    user, application = register(country="KR", city="Seoul", affiliation="Seoul National University")
    submitted_at(session, application, datetime(2022, 2, 1, 9, 30, 15, tzinfo=UTC))
    assert own_application(session=session, user_id=user.id, today=TODAY) == OwnApplication(
        id=application.id,
        cohort="Smart City Champions 2022",
        status="submitted",
        status_text="Submitted: the secretariat will review it.",
        submitted="2022-02-01 09:30 UTC",
        country="South Korea",
        city="Seoul",
        affiliation="Seoul National University",
        age_line="You will be 21 on 4 March 2022, the program's reference date.",
        upcoming=[
            Milestone("Registration closes", "3 March 2022"),
            Milestone("Phase 1 (six lectures) starts", "4 March 2022"),
            Milestone("Phase 1 ends", "24 April 2022"),
            Milestone("Phase 2 (workshops and teams) starts", "25 April 2022"),
            Milestone("Phase 2 ends", "12 June 2022"),
            Milestone("Year-end ceremony in Seoul", "8 December 2022"),
        ],
    )


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (date(2022, 3, 3), 6),  # closing day: still to come
        (date(2022, 3, 4), 5),
        (date(2022, 4, 24), 4),  # the last day of Phase 1 is still upcoming
        (date(2022, 4, 25), 3),
        (date(2022, 12, 8), 1),
        (date(2022, 12, 9), 0),
    ],
)
def test_only_dates_from_today_on_are_upcoming(session, cohort, register, today, left):
    user, _ = register()
    upcoming = own_application(session=session, user_id=user.id, today=today).upcoming
    assert [m.what for m in upcoming] == [
        "Registration closes",
        "Phase 1 (six lectures) starts",
        "Phase 1 ends",
        "Phase 2 (workshops and teams) starts",
        "Phase 2 ends",
        "Year-end ceremony in Seoul",
    ][6 - left :]


@pytest.mark.parametrize(
    ("decision", "text"),
    [
        (ApplicationStatus.ACCEPTED, "Accepted: welcome to the program!"),
        (ApplicationStatus.WAITLISTED, "Waitlisted: you will hear from us if a place opens."),
        (ApplicationStatus.REJECTED, "Not accepted this time."),
    ],
)
def test_own_application_after_the_decision(session, cohort, register, secretariat, decision, text):
    user, application = register()
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id],
        decision=decision,
    )
    session.commit()
    shown = own_application(session=session, user_id=user.id, today=TODAY)
    assert (shown.status, shown.status_text) == (decision.value, text)


def test_own_application_after_withdrawing(session, cohort, register):
    user, application = register()
    withdraw_application(session=session, user=user, application_id=application.id, today=TODAY)
    session.commit()
    shown = own_application(session=session, user_id=user.id, today=TODAY)
    assert (shown.status, shown.status_text) == ("withdrawn", "Withdrawn at your request.")


def test_own_application_is_the_most_recent_one(session, cohort, register):
    user, application = register()
    submitted_at(session, application, datetime(2022, 2, 1, 9, 0, tzinfo=UTC))
    older = Application(
        cohort_id=other_cohort(session).id,
        user_id=user.id,
        date_of_birth=date(2000, 5, 5),
        country="BR",
        city="Curitiba",
        affiliation="UFPR",
        field_of_study="Law",
        motivation=motivation(60),
        consent_version="2021-01",
        status=ApplicationStatus.REJECTED,
        submitted_at=datetime(2021, 2, 1, 9, 0, tzinfo=UTC),
    )
    session.add(older)
    session.commit()
    shown = own_application(session=session, user_id=user.id, today=TODAY)
    assert (shown.id, shown.cohort, shown.city) == (application.id, "Smart City Champions 2022", "Seoul")


def test_someone_who_never_applied_has_no_application(session, cohort, register, secretariat):
    register()  # someone else's application is not theirs
    assert own_application(session=session, user_id=secretariat.id, today=TODAY) == OwnApplication()


# --- the secretariat's review --------------------------------------------------------------------


@pytest.fixture
def applicants(session, cohort, register, secretariat):
    """Four applicants of the test cohort, oldest first, in three regions: one accepted, one
    not eligible (an ineligible record), two submitted."""
    made = []
    for i, (name, email, country, city, affiliation) in enumerate(
        [
            ("Ana Lima", "ana@example.org", "BR", "São Paulo", "Universidade de São Paulo"),
            ("김민준", "minjun@example.org", "KR", "Seoul", "KAIST"),
            ("Amira Hassan", "amira@example.org", "EG", "Cairo", "Cairo University"),
            ("Claire Dubois", "claire@example.org", "FR", "Lyon", "=Sciences Po"),
        ]
    ):
        _, application = register(
            full_name=name, email=email, country=country, city=city, affiliation=affiliation
        )
        submitted_at(session, application, datetime(2022, 1, 20 + i, 8, 0, 5, tzinfo=UTC))
        made.append(application)
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[made[0].id],
        decision=ApplicationStatus.ACCEPTED,
    )
    made[2].eligible = False
    session.add(made[2])
    session.commit()
    return made


@pytest.fixture
def outsider(session, applicants, password_hash):
    """An applicant of another cohort, whose name matches every search for 'a'."""
    earlier = other_cohort(session)
    form = RegistrationForm(
        full_name="Outsider Ana",
        email="outsider@example.org",
        password=PASSWORD,
        date_of_birth="2000-05-05",
        country="KR",
        city="Busan",
        affiliation="Pusan National University",
        field_of_study="Design",
        motivation=motivation(60),
        consent=True,
    )
    checked = check_registration(session=session, cohort=earlier, form=form, today=date(2021, 2, 1))
    _, application = register_applicant(
        session=session, cohort=earlier, checked=checked, password_hash=password_hash
    )
    session.commit()
    return application


def test_applications_page_lists_the_cohorts_applications_newest_first(session, applicants, outsider):
    page = applications_page(session=session, cohort_name="", filters=ALL_FILTERS, today=TODAY, limit=50)
    assert (page.cohorts, page.cohort, page.capacity, page.total) == (["2022", "2021"], "2022", 3, 4)
    assert page.counts == {**NO_STATUS, "submitted": 3, "accepted": 1}
    assert [line.full_name for line in page.lines] == ["Claire Dubois", "Amira Hassan", "김민준", "Ana Lima"]
    assert page.lines[-1] == ApplicationLine(
        id=str(applicants[0].id),
        full_name="Ana Lima",
        email="ana@example.org",
        country="BR",
        country_name="Brazil",
        region="Americas",
        city="São Paulo",
        affiliation="Universidade de São Paulo",
        field_of_study="Urban planning",
        date_of_birth="2000-05-05",
        age="21",
        status="accepted",
        eligible="yes",
        submitted_at="2022-01-20 08:00 UTC",
    )
    assert page.lines[1].eligible == "no"
    assert str(outsider.id) not in [line.id for line in page.lines]


def test_applications_page_of_another_cohort_by_name(session, applicants, outsider):
    page = applications_page(session=session, cohort_name="2021", filters={}, today=TODAY, limit=50)
    assert (page.cohort, page.capacity, page.total) == ("2021", 100, 1)
    assert page.counts == {**NO_STATUS, "submitted": 1}
    assert [(line.id, line.full_name, line.age) for line in page.lines] == [
        (str(outsider.id), "Outsider Ana", "20")
    ]


def test_applications_page_counts_all_but_shows_only_the_first_lines(session, applicants):
    page = applications_page(session=session, cohort_name="2022", filters={}, today=TODAY, limit=2)
    assert page.total == 4
    assert [line.full_name for line in page.lines] == ["Claire Dubois", "Amira Hassan"]


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({}, ["Claire Dubois", "Amira Hassan", "김민준", "Ana Lima"]),
        ({"status": "accepted"}, ["Ana Lima"]),
        ({"status": "submitted"}, ["Claire Dubois", "Amira Hassan", "김민준"]),
        ({"status": "withdrawn"}, []),
        ({"region": "Asia-Pacific"}, ["김민준"]),
        ({"region": "Middle East"}, ["Amira Hassan"]),
        ({"eligible": "no"}, ["Amira Hassan"]),
        ({"eligible": "yes", "status": "submitted"}, ["Claire Dubois", "김민준"]),
        ({"country": "fr"}, ["Claire Dubois"]),
        ({"search": "KAIST"}, ["김민준"]),
        ({"search": "cairo"}, ["Amira Hassan"]),
        ({"search": "ana@"}, ["Ana Lima"]),
        ({"search": "nobody"}, []),
        ({**ALL_FILTERS, "region": "Europe"}, ["Claire Dubois"]),
    ],
)
def test_applications_page_filters(session, applicants, outsider, filters, names):
    page = applications_page(session=session, cohort_name="2022", filters=filters, today=TODAY, limit=50)
    assert [line.full_name for line in page.lines] == names
    assert page.total == len(names)
    # The counts per status are the cohort's, whatever the filters keep.
    assert page.counts == {**NO_STATUS, "submitted": 3, "accepted": 1}


def test_applications_page_without_a_cohort(session):
    assert (
        applications_page(session=session, cohort_name="", filters={}, today=TODAY, limit=50)
        == ApplicationsPage()
    )


def test_applications_page_of_an_unknown_cohort_is_empty(session, applicants):
    assert (
        applications_page(session=session, cohort_name="1999", filters={}, today=TODAY, limit=50)
        == ApplicationsPage()
    )


def test_application_detail_in_full(session, cohort, applicants):
    application = applicants[1]
    detail = application_detail(
        session=session, cohort_name="2022", application_id=application.id, today=TODAY
    )
    assert detail == ApplicationDetail(
        id=str(application.id),
        full_name="김민준",
        email="minjun@example.org",
        country="KR",
        country_name="South Korea",
        region="Asia-Pacific",
        city="Seoul",
        affiliation="KAIST",
        field_of_study="Urban planning",
        date_of_birth="2000-05-05",
        age="21",
        status="submitted",
        eligible="yes",
        submitted_at="2022-01-21 08:00 UTC",
        motivation=motivation(60),
        consent_version="2022-01",
        eligibility=application.eligibility_snapshot,
    )
    assert json.loads(detail.eligibility) == {
        "eligible": True,
        "age": 21,
        "reference_date": "2022-03-04",
        "reasons": [],
    }


def test_application_detail_with_the_current_cohort(session, applicants):
    detail = application_detail(session=session, cohort_name="", application_id=applicants[0].id, today=TODAY)
    assert (detail.full_name, detail.status) == ("Ana Lima", "accepted")


@pytest.mark.parametrize("which", ["other cohort", "missing", "unknown cohort"])
def test_application_detail_of_something_not_in_the_cohort_is_empty(session, applicants, outsider, which):
    cohort_name, application_id = {
        "other cohort": ("2022", outsider.id),
        "missing": ("2022", outsider.id + 100),
        "unknown cohort": ("1999", applicants[0].id),
    }[which]
    detail = application_detail(
        session=session, cohort_name=cohort_name, application_id=application_id, today=TODAY
    )
    assert detail == ApplicationDetail()


def test_applications_csv_of_what_the_filters_keep(session, applicants, outsider):
    name, text = applications_csv(
        session=session, cohort_name="", filters={"status": "submitted", "region": "all"}, today=TODAY
    )
    assert name == "applications-2022.csv"
    assert text.startswith("\ufeff")
    lines = text[1:].split("\r\n")
    assert lines[0] == (
        "id,full_name,email,country,country_name,region,city,affiliation,field_of_study,"
        "date_of_birth,age,status,eligible,submitted_at_utc"
    )
    ids = [application.id for application in applicants]
    assert lines[1:] == [
        f"{ids[3]},Claire Dubois,claire@example.org,FR,France,Europe,Lyon,'=Sciences Po,Urban planning,"
        "2000-05-05,21,submitted,yes,2022-01-23 08:00:05",
        f"{ids[2]},Amira Hassan,amira@example.org,EG,Egypt,Middle East,Cairo,Cairo University,"
        "Urban planning,2000-05-05,21,submitted,no,2022-01-22 08:00:05",
        f"{ids[1]},김민준,minjun@example.org,KR,South Korea,Asia-Pacific,Seoul,KAIST,Urban planning,"
        "2000-05-05,21,submitted,yes,2022-01-21 08:00:05",
        "",
    ]


def test_applications_csv_of_another_cohort_holds_only_its_applications(session, applicants, outsider):
    name, text = applications_csv(session=session, cohort_name="2021", filters={}, today=TODAY)
    assert name == "applications-2021.csv"
    rows = text[1:].split("\r\n")[1:-1]
    assert [row.split(",")[:3] for row in rows] == [
        [str(outsider.id), "Outsider Ana", "outsider@example.org"]
    ]
    assert "ana@example.org" not in text.replace("outsider@example.org", "")


def test_applications_csv_of_an_unknown_cohort_is_none(session, applicants):
    assert applications_csv(session=session, cohort_name="1999", filters={}, today=TODAY) is None


def test_the_age_rule_the_ceremonys_place_and_the_age_line_come_as_parts_for_the_page(
    session, cohort, register
):
    """The landing, registration and application pages say these in the viewer's words from
    their parts (so they follow the language menu in place); the days are in the language."""
    cohort.ceremony_mode, cohort.ceremony_venue = "hybrid", "Seoul City Hall"
    session.add(cohort)
    user, _ = register()
    session.commit()
    facts = open_cohort_facts(session=session, today=TODAY, language="ar")
    assert (facts.ceremony_mode, facts.ceremony_venue) == ("Hybrid (in person and online)", "Seoul City Hall")
    assert gettext("ko", facts.ceremony_mode) == "하이브리드(대면 및 온라인)"
    rule = gettext("ar", "You must be under {max_age} on {day}.", max_age=facts.max_age, day=facts.reference)
    assert (facts.reference, rule) == ("4 مارس 2022", "يجب أن يكون عمرك دون 35 عامًا في 4 مارس 2022.")
    mine = own_application(session=session, user_id=user.id, today=TODAY, language="ko")
    assert (mine.age, mine.reference) == ("21", "2022년 3월 4일")
    line = "You will be {age} on {day}, the program's reference date."
    assert (
        gettext("ko", line, age=mine.age, day=mine.reference)
        == "프로그램 기준일인 2022년 3월 4일에 21세가 됩니다."
    )
