"""The cohort dashboard end to end in Chromium on the demo cohort of 2022: charts drawn as SVG
with one bar per funnel stage, a filter kept in the URL and shared, a CSV export with the rows
the services compute; a participant and a mentor are refused, in the page and in the handlers."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL
from champions.models import Cohort
from champions.services.dashboard.export import dashboard_table
from champions.services.dashboard.figures import Filters, cohort_dashboard
from champions.state.dashboard import DashboardState
from tests.e2e.helpers import login, run_async, session_token_for
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e


def board(server, filters: Filters = Filters()):  # noqa: B008 - a frozen dataclass, never mutated
    with server.session() as session:
        cohort = session.exec(select(Cohort).where(Cohort.name == "2022")).one()
        return cohort_dashboard(session=session, cohort=cohort, filters=filters)


def test_the_dashboard_draws_its_charts_filters_by_url_and_exports_csv(browser, server, tmp_path):
    expected = board(server)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    login(page, server, "secretariat@champions.example")
    page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    page.goto(server.url + "/secretariat?cohort=2022")
    funnel = page.get_by_test_id("funnel-table")
    expect(funnel).to_contain_text("awarded", timeout=15000)
    assert [line.split("\t") for line in funnel.inner_text().splitlines()[1:]] == [
        [s.stage, str(s.count)] for s in expected.funnel
    ]
    # Five charts (funnel, regions, attendance, submissions, judging), one bar per funnel stage.
    expect(page.locator(".recharts-wrapper > svg.recharts-surface")).to_have_count(5)
    expect(page.get_by_test_id("panel-funnel").locator(".recharts-bar-rectangle")).to_have_count(
        len(expected.funnel)
    )
    expect(page.get_by_test_id("panel-submissions").locator(".recharts-bar-rectangle")).to_have_count(
        sum(1 for totals in expected.matrix_totals for n in totals.values() if n)
    )
    expect(page.get_by_test_id("matrix-table")).to_contain_text("Green Shade")

    page.get_by_label("WeGO region", exact=True).select_option("Europe")
    page.wait_for_url(re.compile(r"/secretariat\?cohort=2022&region=Europe$"))
    europe = board(server, Filters(region="Europe"))
    applied = next(s.count for s in europe.funnel if s.stage == "applied")
    expect(funnel.get_by_role("row", name=f"applied {applied}")).to_be_visible()
    assert applied < next(s.count for s in expected.funnel if s.stage == "applied")
    expect(page.get_by_test_id("regions-table")).not_to_contain_text("Asia-Pacific")

    shared = browser.new_page()  # a colleague opens the same link
    login(shared, server, "secretariat@champions.example")
    shared.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    shared.goto(page.url)
    expect(shared.get_by_label("WeGO region", exact=True)).to_have_value("Europe", timeout=15000)
    expect(
        shared.get_by_test_id("funnel-table").get_by_role("row", name=f"applied {applied}")
    ).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Export countries (CSV)").click()
    assert download.value.suggested_filename == "countries-2022.csv"
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    fields, values = dashboard_table(europe, "countries")
    assert rows == [fields] + [[str(v) for v in row] for row in values] and len(rows) > 2
    assert all(row[1] == "Europe" for row in rows[1:])

    page.get_by_label("Country", exact=True).select_option("FR")
    page.wait_for_url(re.compile(r"/secretariat\?cohort=2022&region=Europe&country=FR$"))
    expect(page.get_by_test_id("countries-table")).to_contain_text("France")
    expect(page.get_by_test_id("countries-table")).not_to_contain_text("Russia")

    page.goto(server.url + "/secretariat?cohort=2022&region=Asia-Pacific&country=FR")
    expect(page.get_by_role("alert")).to_have_text("France is not in Asia-Pacific.", timeout=15000)


async def _attack(url: str, token: str):
    client = ReflexClient(url, "/secretariat?cohort=2022", session_token=token)
    await client.connect()
    for handler, payload in [
        ("load", {}),
        ("choose_cohort", {"name": "2022"}),
        ("choose_region", {"region": "Europe"}),
        ("choose_country", {"code": "KR"}),
        ("sort_countries", {"column": "name"}),
        ("export", {"table": "at-risk"}),
        ("export", {"table": "funnel"}),
    ]:
        await client.emit(DashboardState, handler, payload, settle=0.4)
    await client.close()
    return client


@pytest.mark.parametrize("email", [PARTICIPANT_EMAIL, "mentor1@champions.example", ""])
def test_participants_mentors_and_nobody_are_refused(browser, server, email):
    at_risk_email = board(server).at_risk[0].email  # private, and in the at-risk panel
    token = session_token_for(server, email) if email else ""
    client = run_async(_attack(server.url, token))
    text = client.received_text()
    assert at_risk_email not in text
    assert not any(event.get("name") == "_download" for event in client.events)
    if email:
        page = browser.new_page()
        login(page, server, email)
        page.wait_for_timeout(1500)
        page.goto(server.url + "/secretariat?cohort=2022")
        expect(page).not_to_have_url(re.compile(r"/secretariat"), timeout=15000)
        expect(page.get_by_test_id("funnel-table")).to_have_count(0)


def test_the_same_calls_reach_the_handlers_for_the_secretariat(server):
    """The control: the attack above really reaches the handlers (so the test can fail)."""
    at_risk_email = board(server).at_risk[0].email
    client = run_async(_attack(server.url, session_token_for(server, "secretariat@champions.example")))
    assert at_risk_email in client.received_text()
    assert sum(event.get("name") == "_download" for event in client.events) == 2
