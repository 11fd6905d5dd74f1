"""What the secretariat's dashboard shows (the known cohort): the cohorts to choose from and the
figures of the cohort named (else the current one) under the filters, nothing without a cohort,
and each table as a CSV file."""

import csv
import io
from datetime import date, timedelta

import pytest

from champions.demo.seed import cohort_2022
from champions.services.dashboard.export import TABLES
from champions.services.dashboard.figures import Filters
from champions.services.dashboard.views import CsvFile, dashboard_csv, dashboard_page

from .conftest import FUNNEL

# Inside the registration window of the 2022 cohort: the current one.
TODAY = date(2022, 2, 1)
WHY = "can no longer complete Phase 1; missed the last two lectures"
# The tables as read today: every lecture and deadline of 2022 is long past, Beta's extension
# for workshop 3 too, so that workshop is missing for both teams.
EXPECTED = {
    "funnel": [["stage", "people"]] + [[stage, str(n)] for stage, n in FUNNEL],
    "regions": [
        ["region", "applicants", "eligible", "accepted"],
        ["Africa", "2", "2", "2"],
        ["Americas", "2", "2", "1"],
        ["Asia-Pacific", "4", "4", "4"],
        ["Europe", "3", "3", "2"],
        ["Middle East", "1", "0", "0"],
    ],
    "countries": [
        ["country", "region", "applicants", "eligible", "accepted"],
        ["South Korea", "Asia-Pacific", "3", "3", "3"],
        ["Brazil", "Americas", "2", "2", "1"],
        ["France", "Europe", "2", "2", "1"],
        ["Kenya", "Africa", "2", "2", "2"],
        ["Egypt", "Middle East", "1", "0", "0"],
        ["Japan", "Asia-Pacific", "1", "1", "1"],
        ["Türkiye", "Europe", "1", "1", "1"],
    ],
    "attendance": [
        ["lecture", "starts (UTC)", "present", "late", "excused", "absent", "by recording", "no record"],
        ["Lecture 1", "2022-03-04 01:00", "8", "0", "0", "0", "0", "1"],
        ["Lecture 2", "2022-03-11 01:00", "8", "0", "0", "0", "0", "1"],
        ["Lecture 3", "2022-03-18 01:00", "7", "0", "0", "1", "0", "1"],
        ["Lecture 4", "2022-03-25 01:00", "7", "0", "0", "1", "0", "1"],
        ["Lecture 5", "2022-04-01 01:00", "7", "0", "0", "1", "0", "1"],
        ["Lecture 6", "2022-04-08 01:00", "6", "0", "0", "2", "0", "1"],
    ],
    "workshop-attendance": [
        ["workshop", "session starts (UTC)", "present", "late", "excused", "absent", "no record"],
        ["Workshop 1: Workshop 1", "2022-04-25 05:00", "1", "1", "1", "1", "5"],
    ],
    "at-risk": [
        ["name", "email", "country", "counted", "required", "still_possible", "why"],
        ["KE two", "person7@example.org", "Kenya", "2", "5", "2", WHY],
        ["TR one", "person10@example.org", "Türkiye", "0", "5", "0", WHY],
    ],
    "submissions": [
        ["team", "1. Workshop 1", "2. Workshop 2", "3. Workshop 3"],
        ["Alpha", "on time", "on time", "missing"],
        ["Beta", "on time", "late", "missing"],
    ],
    "judging": [
        ["mentor", "assigned", "submitted", "drafts", "remaining"],
        ["Mentor One", "2", "1", "1", "1"],
        ["Mentor Two", "1", "0", "0", "1"],
    ],
}


def rows_of(made: CsvFile) -> list[list[str]]:
    assert made.text.startswith("\ufeff") and made.text.endswith("\r\n")
    return list(csv.reader(io.StringIO(made.text.lstrip("\ufeff"))))


@pytest.fixture
def later(session):
    """A 2023 cohort with nothing in it yet, after the 2022 one."""
    cohort = cohort_2022()
    cohort.name, cohort.title = "2023", "Smart City Champions 2023"
    for name in (
        "registration_opens",
        "registration_closes",
        "phase1_start",
        "phase1_end",
        "phase2_start",
        "phase2_end",
        "ceremony_date",
    ):
        setattr(cohort, name, getattr(cohort, name) + timedelta(days=365))
    session.add(cohort)
    session.commit()
    return cohort


# --- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "2022"])
def test_every_figure_of_the_cohort_named_or_the_current_one(session, cohort, known, later, name):
    page = dashboard_page(session=session, cohort_name=name, filters=Filters(), today=TODAY)
    assert page.cohorts == ["2023", "2022"]
    board = page.board
    assert (board.cohort, board.filters) == ("2022", Filters())
    assert [(s.stage, s.count) for s in board.funnel] == FUNNEL
    assert [[r.name, str(r.applicants), str(r.eligible), str(r.accepted)] for r in board.regions] == EXPECTED[
        "regions"
    ][1:]
    assert [r.code for r in board.countries] == ["KR", "BR", "FR", "KE", "EG", "JP", "TR"]
    assert [(r.name, r.counted, r.why) for r in board.at_risk] == [("KE two", 2, WHY), ("TR one", 0, WHY)]
    assert board.workshops == ["1. Workshop 1", "2. Workshop 2", "3. Workshop 3"]
    assert [(r.team, r.cells) for r in board.matrix] == [
        ("Alpha", ["on time", "on time", "missing"]),
        ("Beta", ["on time", "late", "missing"]),
    ]
    assert [(t["on time"], t["late"], t["missing"]) for t in board.matrix_totals] == [
        (2, 0, 0),
        (1, 1, 0),
        (0, 0, 2),
    ]
    assert [(r.mentor, r.assigned, r.submitted, r.drafts, r.remaining) for r in board.judging] == [
        ("Mentor One", 2, 1, 1, 1),
        ("Mentor Two", 1, 0, 0, 1),
    ]
    assert isinstance(page.seconds, float) and page.seconds >= 0


def test_another_cohort_shows_none_of_the_first_ones_figures(session, cohort, known, later):
    board = dashboard_page(session=session, cohort_name="2023", filters=Filters(), today=TODAY).board
    assert board.cohort == "2023"
    assert {s.count for s in board.funnel} == {0}
    assert board.countries == [] and board.lectures == [] and board.at_risk == [] and board.sessions == []
    assert board.workshops == [] and board.matrix == [] and board.judging == []
    assert {(r.applicants, r.eligible, r.accepted) for r in board.regions} <= {(0, 0, 0)}
    for name in ("Alpha", "Beta", "KE two", "Mentor One", "Lecture 1"):
        assert name not in repr(board)


@pytest.mark.parametrize(
    "filters, funnel, countries, teams, judging",
    [
        (
            Filters(region="Europe"),
            [3, 3, 2, 1, 1, 1, 1, 1, 0, 0, 1],
            ["FR", "TR"],
            ["Beta"],
            [("Mentor One", 1, 0, 1)],
        ),
        (
            Filters(country="KR"),
            [3, 3, 3, 3, 3, 2, 2, 2, 0, 2, 1],
            ["KR"],
            ["Alpha"],
            [("Mentor One", 1, 1, 0), ("Mentor Two", 1, 0, 0)],
        ),
        (
            Filters(region="Europe", country="FR"),
            [2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 1],
            ["FR"],
            ["Beta"],
            [("Mentor One", 1, 0, 1)],
        ),
    ],
)
def test_the_filters_narrow_the_figures(session, cohort, known, filters, funnel, countries, teams, judging):
    board = dashboard_page(session=session, cohort_name="2022", filters=filters, today=TODAY).board
    assert board.filters == filters
    assert [s.count for s in board.funnel] == funnel
    assert [r.code for r in board.countries] == countries
    assert [r.team for r in board.matrix] == teams
    assert [(r.mentor, r.assigned, r.submitted, r.drafts) for r in board.judging] == judging


def test_no_cohort_no_board(session):
    page = dashboard_page(session=session, cohort_name="", filters=Filters(), today=TODAY)
    assert (page.cohorts, page.board) == ([], None)
    assert isinstance(page.seconds, float) and page.seconds >= 0


def test_an_unknown_cohort_name_lists_the_cohorts_without_a_board(session, cohort, known):
    page = dashboard_page(session=session, cohort_name="1999", filters=Filters(), today=TODAY)
    assert (page.cohorts, page.board) == (["2022"], None)


# --- the CSV --------------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_each_table_as_csv(session, cohort, known, table):
    made = dashboard_csv(session=session, cohort_name="", filters=Filters(), table=table, today=TODAY)
    assert made.filename == f"{table}-2022.csv"
    assert rows_of(made) == EXPECTED[table]


def test_every_table_is_expected():
    assert sorted(EXPECTED) == sorted(TABLES)


def test_a_table_under_a_filter(session, cohort, known):
    made = dashboard_csv(
        session=session, cohort_name="2022", filters=Filters(country="FR"), table="judging", today=TODAY
    )
    assert made.filename == "judging-2022.csv"
    assert rows_of(made) == [EXPECTED["judging"][0], ["Mentor One", "1", "0", "1", "1"]]
    made = dashboard_csv(
        session=session, cohort_name="2022", filters=Filters(region="Europe"), table="at-risk", today=TODAY
    )
    assert rows_of(made) == [EXPECTED["at-risk"][0], EXPECTED["at-risk"][2]]


def test_an_unknown_table_is_refused(session, cohort, known):
    with pytest.raises(KeyError):
        dashboard_csv(session=session, cohort_name="2022", filters=Filters(), table="salaries", today=TODAY)


@pytest.mark.parametrize("table", ["funnel", "salaries"])
def test_no_csv_without_a_cohort(session, table):
    assert dashboard_csv(session=session, cohort_name="", filters=Filters(), table=table, today=TODAY) is None


def test_no_csv_for_an_unknown_cohort(session, cohort, known):
    made = dashboard_csv(session=session, cohort_name="1999", filters=Filters(), table="funnel", today=TODAY)
    assert made is None
