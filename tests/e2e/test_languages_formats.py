"""Dates and country names in the viewer's language (issue 24, item 3): a Korean-speaking
participant reads Korean dates and country names, formatted from Babel's CLDR data."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Application, Cohort, User, Workshop
from champions.services.registration.eligibility import format_day
from tests.e2e.helpers import PARTICIPANT_PASSWORD, add_applicant, login

pytestmark = pytest.mark.e2e


def test_a_korean_speaking_participant_reads_korean_dates_and_country(browser, server):
    email = "minji.formats@example.org"
    application_id = add_applicant(server, email, "Kim Minji", country="KR")
    with server.session() as session:
        user = session.exec(select(User).where(User.email == email)).one()
        user.language = "ko"
        session.add(user)
        cohort = session.get(Cohort, session.get(Application, application_id).cohort_id)
        closes = cohort.registration_closes
        session.commit()
    assert closes >= date.today()
    korean_day = format_day(closes, "ko")
    assert re.fullmatch(r"\d{4}년 \d{1,2}월 \d{1,2}일", korean_day)

    context = browser.new_context(locale="en-GB")  # the account's language wins over the browser's
    page = context.new_page()
    login(page, server, email, PARTICIPANT_PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    expect(page.get_by_text("대한민국", exact=True)).to_be_visible()
    expect(page.locator("li").filter(has_text=korean_day).first).to_be_visible()
    expect(page.get_by_text(format_day(closes), exact=True)).to_have_count(0)  # not the English date
    context.close()


def test_the_register_pages_countries_are_in_the_browsers_language(browser, server):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.goto(server.url + "/register")
    country = page.locator("select#country")
    expect(country.locator("option[value='KR']")).to_have_text("KR · 대한민국")
    expect(country.locator("option").nth(1)).to_have_text("GH · 가나")
    country.select_option("KR")
    expect(country).to_have_value("KR")
    context.close()


@pytest.mark.parametrize(("language", "relative"), [("ko", "하루 후"), ("ar", "بعد يوم واحد")])
def test_a_workshops_deadline_and_its_countdown_in_the_participants_language(
    browser, server, language, relative
):
    from tests.e2e.test_phase2 import phase2_cohort

    email = f"formats.team.{language}@example.org"
    workshop_id, user_ids = phase2_cohort(server, f"E2E-formats-{language}", [email])
    with server.session() as session:
        user = session.get(User, user_ids[0])
        user.language = language
        session.add(user)
        deadline = session.get(Workshop, workshop_id).deadline
        session.commit()
    page = browser.new_context(timezone_id="Asia/Seoul", locale="en-GB").new_page()
    login(page, server, email, PARTICIPANT_PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    page.goto(server.url + "/team")
    card = page.get_by_test_id(f"workshop-{workshop_id}")
    expect(card).to_contain_text(format_instant(deadline, SEOUL_ZONE, language), timeout=15000)
    expect(card).to_contain_text(relative)
    page.context.close()
