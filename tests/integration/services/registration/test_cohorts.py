"""Finding cohorts against a migrated database: by name, the one open for registration, the
current one (open, else the most recent), and the list the pages' pickers show."""

from datetime import date, timedelta

import pytest

from champions.models import Cohort
from champions.services.registration.cohorts import (
    cohort_or_current,
    current_cohort,
    get_cohort,
    list_cohorts,
    open_cohort,
)

from ...conftest import TODAY


def add_cohort(session, name: str, opens: date, closes: date, phase1_start: date | None = None) -> Cohort:
    """A cohort whose registration runs from `opens` to `closes` (both included)."""
    start = phase1_start or closes + timedelta(days=1)
    cohort = Cohort(
        name=name,
        title=f"Smart City Champions {name}",
        registration_opens=opens,
        registration_closes=closes,
        phase1_start=start,
        phase1_end=start + timedelta(days=50),
        phase2_start=start + timedelta(days=51),
        phase2_end=start + timedelta(days=100),
        ceremony_date=start + timedelta(days=280),
    )
    session.add(cohort)
    session.commit()
    return cohort


@pytest.fixture
def earlier(session):
    """The 2021 edition, long closed."""
    return add_cohort(session, "2021", date(2021, 1, 10), date(2021, 3, 3))


@pytest.mark.parametrize(
    ("today", "found"),
    [
        (date(2022, 1, 9), False),  # the day before it opens
        (date(2022, 1, 10), True),  # opening day
        (TODAY, True),
        (date(2022, 3, 3), True),  # closing day
        (date(2022, 3, 4), False),  # the day after it closes
    ],
)
def test_open_cohort_is_open_from_its_first_to_its_last_day(session, cohort, earlier, today, found):
    opened = open_cohort(session=session, today=today)
    assert (opened.name if opened else None) == ("2022" if found else None)


def test_when_two_registrations_overlap_the_one_closing_last_is_open(session, cohort):
    add_cohort(session, "2022-autumn", date(2022, 2, 1), date(2022, 2, 20))
    add_cohort(session, "2022-late", date(2022, 1, 20), date(2022, 4, 30))
    assert open_cohort(session=session, today=TODAY).name == "2022-late"
    assert current_cohort(session=session, today=TODAY).name == "2022-late"


def test_no_cohort_at_all(session):
    assert open_cohort(session=session, today=TODAY) is None
    assert current_cohort(session=session, today=TODAY) is None
    assert list_cohorts(session=session) == []
    assert cohort_or_current(session=session, name="", today=TODAY) is None
    assert cohort_or_current(session=session, name="2022", today=TODAY) is None


def test_current_cohort_is_the_open_one_even_when_a_later_one_exists(session, cohort):
    add_cohort(session, "2023", date(2023, 1, 10), date(2023, 3, 3))
    assert current_cohort(session=session, today=TODAY).name == "2022"


def test_current_cohort_when_none_is_open_is_the_latest_by_phase1_start(session, cohort, earlier):
    # Added last but starting earliest: the order of creation does not matter.
    add_cohort(session, "2020", date(2020, 1, 10), date(2020, 3, 3))
    between = date(2022, 6, 1)
    assert open_cohort(session=session, today=between) is None
    assert current_cohort(session=session, today=between).name == "2022"
    before_all = date(2019, 6, 1)
    assert current_cohort(session=session, today=before_all).name == "2022"


def test_list_cohorts_newest_first(session, cohort, earlier):
    add_cohort(session, "2020", date(2020, 1, 10), date(2020, 3, 3))
    add_cohort(session, "2023", date(2023, 1, 10), date(2023, 3, 3))
    assert [c.name for c in list_cohorts(session=session)] == ["2023", "2022", "2021", "2020"]


def test_get_cohort_by_exact_name(session, cohort, earlier):
    assert get_cohort(session=session, name="2021").id == earlier.id
    assert get_cohort(session=session, name="2022").title == "Smart City Champions 2022"
    assert get_cohort(session=session, name="2024") is None
    assert get_cohort(session=session, name="") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("", "2022"), ("2021", "2021"), ("2022", "2022"), ("1999", None)],
)
def test_cohort_or_current_names_win_else_the_current_one(session, cohort, earlier, name, expected):
    found = cohort_or_current(session=session, name=name, today=TODAY)
    assert (found.name if found else None) == expected
