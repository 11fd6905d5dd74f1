"""The foundation, end to end in Chromium against the app as `make run` starts it."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.models import OutboxMessage
from champions.services.registration.cohorts import open_cohort
from champions.services.registration.eligibility import format_day
from tests.e2e.helpers import (
    MOTIVATION,
    add_applicant,
    application_status,
    count_users,
    expect_status,
    login,
    phrases_shown,
    watch_phrases,
)

pytestmark = pytest.mark.e2e


def _fill_registration(page: Page, *, name: str, email: str, born: str) -> None:
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_label("Date of birth").fill(born)
    page.get_by_label("Country").select_option("KR · South Korea")
    page.get_by_label("City").fill("서울")
    page.get_by_label("University or organization").fill("Seoul National University")
    page.get_by_label("Field of study").fill("Urban planning")
    page.get_by_label("Motivation").fill(MOTIVATION)
    page.get_by_label("I agree to the privacy notice").check()


def _reference_date(server) -> date:
    with server.session() as session:
        return open_cohort(session=session, today=date.today()).reference_date


CHECK_YOUR_EMAIL = (
    "Thank you. Check your email to confirm your application: the link we sent works once, within 48 hours."
)


def last_email_to(server, email: str) -> OutboxMessage:
    with server.session() as session:
        return session.exec(
            select(OutboxMessage).where(OutboxMessage.to_email == email).order_by(OutboxMessage.id.desc())
        ).first()


def test_eligible_person_registers_confirms_by_email_and_sees_their_application(page: Page, server):
    page.goto(server.url + "/register")
    _fill_registration(page, name="김하늘", email="haneul.kim@example.org", born="2001-04-09")
    expect(page.get_by_text("72 words (50 to 500)")).to_be_visible()
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text(CHECK_YOUR_EMAIL)).to_be_visible(timeout=20000)
    # Not usable before the emailed link is followed.
    login(page, server, "haneul.kim@example.org", "a long enough password")
    expect(page.get_by_text(re.compile("^Confirm your email first"))).to_be_visible(timeout=15000)
    link = re.search(
        r"https?://\S+/confirm-email\?token=\S+", last_email_to(server, "haneul.kim@example.org").body
    )
    page.goto(server.url + link.group(0)[link.group(0).index("/confirm-email") :])
    expect(page.get_by_text("Your email is confirmed. Log in to follow your application.")).to_be_visible(
        timeout=20000
    )
    page.reload()  # the link works once
    expect(
        page.get_by_text(re.compile("^This confirmation link has expired or was already used"))
    ).to_be_visible(timeout=20000)
    login(page, server, "haneul.kim@example.org", "a long enough password")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    expect_status(page, "submitted")
    expect(page.get_by_text("South Korea")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_text("김하늘")).to_be_visible()


def test_person_turning_35_on_the_reference_date_is_refused_and_nothing_is_stored(page: Page, server):
    reference = _reference_date(server)
    born = reference.replace(year=reference.year - 35)
    page.goto(server.url + "/register")
    _fill_registration(page, name="Ana Turning", email="ana.turning35@example.org", born=born.isoformat())
    page.get_by_role("button", name="Submit application").click()
    message = f"You must be under 35 on {format_day(reference)}; you will be 35 on that date."
    expect(page.get_by_text(message)).to_be_visible(timeout=15000)
    assert re.search(r"/register/?$", page.url)
    assert count_users(server, "ana.turning35@example.org") == 0


def test_every_invalid_field_gets_its_own_message(page: Page, server):
    page.goto(server.url + "/register")
    page.get_by_role("button", name="Submit application").click()
    for message in (
        "Enter your full name.",
        "Enter your email address.",
        "Use at least 10 characters.",
        "Enter your date of birth as YYYY-MM-DD.",
        "Choose your country.",
        "Write 50 to 500 words (you wrote 0).",
        "You must agree to the privacy notice to apply.",
    ):
        expect(page.get_by_text(message)).to_be_visible(timeout=15000)


def test_an_email_with_an_account_gets_the_same_answer_and_its_owner_an_email(page: Page, server):
    before = last_email_to(server, "participant@champions.example")
    page.goto(server.url + "/register")
    _fill_registration(page, name="Second Try", email="Participant@Champions.example", born="2000-01-01")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text(CHECK_YOUR_EMAIL)).to_be_visible(timeout=15000)
    expect(page.get_by_text("An account with this email already exists. Log in instead.")).to_have_count(0)
    assert count_users(server, "participant@champions.example") == 1
    told = last_email_to(server, "participant@champions.example")
    assert told.id != (before.id if before else None)
    assert told.subject == "Your Smart City Champions account already exists"


def test_log_in_and_log_out(page: Page, server):
    login(page, server, "participant@champions.example", "wrong password here")
    expect(page.get_by_text("Wrong email or password.")).to_be_visible(timeout=15000)
    watch_phrases(page, "Loading your application…", "no application yet")
    login(page, server, "participant@champions.example")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    expect_status(page, "accepted")
    # While the application loads the page says so; it never tells an accepted participant to apply.
    assert phrases_shown(page) == {"Loading your application…"}
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/login$"), timeout=15000)
    page.goto(server.url + "/my-application")
    page.wait_for_url(re.compile(r"/login$"), timeout=15000)


def test_secretariat_accepts_and_the_applicant_sees_it(browser, server):
    application_id = add_applicant(server, "wanjiru.e2e@example.org", "Wanjiru Njeri")
    secretariat = browser.new_page()
    login(secretariat, server, "secretariat@champions.example")
    secretariat.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    secretariat.get_by_role("link", name="Applications").click()
    secretariat.get_by_label("Search").fill("Wanjiru Nj")
    secretariat.get_by_role("button", name="Wanjiru Njeri").click()
    dialog = secretariat.get_by_role("dialog")
    expect(dialog.get_by_text("wanjiru.e2e@example.org")).to_be_visible(timeout=15000)
    dialog.get_by_role("button", name="Accept", exact=True).click()
    expect(dialog.get_by_text("1 application(s) marked accepted.")).to_be_visible(timeout=15000)
    dialog.get_by_role("button", name="Close").click()
    expect(secretariat.get_by_role("dialog")).to_have_count(0)
    assert application_status(server, application_id) == "accepted"

    applicant = browser.new_page()
    login(applicant, server, "wanjiru.e2e@example.org", "correct horse battery")
    applicant.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    expect_status(applicant, "accepted")


def test_participant_is_sent_away_from_secretariat_pages(page: Page, server):
    login(page, server, "participant@champions.example")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    page.goto(server.url + "/secretariat/applications")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    expect(page.get_by_text("applicant01@champions.example")).to_have_count(0)


def test_pages_fit_a_375px_screen(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server.url + "/register")
    expect(page.get_by_label("Motivation")).to_be_visible(timeout=15000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    login(page, server, "secretariat@champions.example")
    page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    expect(page.get_by_test_id("funnel-table")).to_contain_text("applied", timeout=15000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="Applications").click()
    page.wait_for_url(re.compile(r"/secretariat/applications$"))
    expect(page.get_by_label("Country")).to_be_visible(timeout=15000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_password_change_ends_every_session(browser, server):
    add_applicant(server, "pw.change@example.org", "Paulo Senha")
    other_device = browser.new_page()
    login(other_device, server, "pw.change@example.org", "correct horse battery")
    other_device.wait_for_url(re.compile(r"/my-application$"), timeout=20000)

    page = browser.new_context().new_page()
    login(page, server, "pw.change@example.org", "correct horse battery")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    page.goto(server.url + "/account")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill("a brand new password")
    page.get_by_label("Repeat new password").fill("a brand new password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your current password is not correct.")).to_be_visible(timeout=15000)
    page.get_by_label("Current password").fill("correct horse battery")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(re.compile(r"/login$"), timeout=15000)

    other_device.goto(server.url + "/my-application")  # the other device's session ended too
    other_device.wait_for_url(re.compile(r"/login$"), timeout=15000)
    login(page, server, "pw.change@example.org", "correct horse battery")
    expect(page.get_by_text("Wrong email or password.")).to_be_visible(timeout=15000)
    login(page, server, "pw.change@example.org", "a brand new password")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)


def test_secretariat_exports_applications_as_formula_safe_utf8_csv(page: Page, server):
    import csv
    import io

    add_applicant(server, "formula.csv@example.org", "=cmd|' /C calc'!A0")
    add_applicant(server, "korean.csv@example.org", "정다은", country="KR")
    login(page, server, "secretariat@champions.example")
    page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    page.get_by_role("link", name="Applications").click()
    page.get_by_label("Search").fill("csv@example.org")
    expect(page.get_by_role("button", name="정다은")).to_be_visible(timeout=15000)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("applications-") and download.suggested_filename.endswith(
        ".csv"
    )
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["email"] for row in rows) == ["formula.csv@example.org", "korean.csv@example.org"]
    by_email = {row["email"]: row for row in rows}
    assert by_email["formula.csv@example.org"]["full_name"] == "'=cmd|' /C calc'!A0"
    assert by_email["korean.csv@example.org"]["full_name"] == "정다은"
    assert by_email["korean.csv@example.org"]["region"] == "Asia-Pacific"
