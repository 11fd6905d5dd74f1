"""Calendar subscription end to end: a participant makes their private address on /account,
a calendar app (no cookie) fetches it and gets the edition's calendar as it is now; a new
address kills the old one and stopping kills the new one. A mentor's feed has the judging
deadlines and the ceremony."""

import re
import urllib.error
import urllib.request

import icalendar
import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL
from champions.models import Cohort, User, Workshop
from champions.services.phase1.calendar import cohort_calendar
from champions.services.registration.applications import accepted_cohort
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e


def _fetch(url: str) -> tuple[int, str, str]:
    """(status, content type, body) as a calendar app gets them: no cookie."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers["Content-Type"], refused.read().decode("utf-8")


def _events(text: str) -> list[tuple[str, str]]:
    return [
        (str(e["summary"]), e.decoded("dtstart").isoformat())
        for e in icalendar.Calendar.from_ical(text).walk("VEVENT")
    ]


def _make_address(page, server, button: str, message: str) -> tuple[str, str]:
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(message)).to_be_visible(timeout=15000)
    webcal = page.get_by_label("Calendar address (webcal)").input_value()
    url = page.get_by_label("Calendar address (https)").input_value()
    assert re.fullmatch(re.escape(server.url) + r"/calendar/[A-Za-z0-9_\-]{43}\.ics", url)
    assert webcal == "webcal://" + url.split("://", 1)[1]
    return url, webcal


def test_a_participant_subscribes_to_the_calendar_and_the_address_can_be_renewed_and_stopped(browser, server):
    page = browser.new_page()
    login(page, server, PARTICIPANT_EMAIL)
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    page.goto(server.url + "/account")
    expect(page.get_by_role("heading", name="Calendar subscription")).to_be_visible(timeout=15000)
    url, webcal = _make_address(page, server, "Make my calendar address", "Your calendar address is below.")
    expect(page.get_by_role("link", name="Subscribe in my calendar app")).to_have_attribute("href", webcal)

    status, content_type, text = _fetch(url)
    assert (status, content_type) == (200, "text/calendar; charset=utf-8")
    with server.session() as session:
        user = session.exec(select(User).where(User.email == PARTICIPANT_EMAIL)).one()
        expected = _events(
            cohort_calendar(session=session, cohort=accepted_cohort(session=session, user_id=user.id))
        )
    assert _events(text) == expected
    summaries = [summary for summary, _ in expected]
    assert any(s.startswith("Lecture 1: ") for s in summaries)
    assert any(s.startswith("Submission deadline: Workshop 1") for s in summaries)
    assert any(s.startswith("Year-end ceremony: ") for s in summaries)

    # After a reload the address is not shown again (only its hash is kept), but it works.
    page.reload()
    expect(page.get_by_text(re.compile(r"Your address works; it was made "))).to_be_visible(timeout=15000)
    expect(page.get_by_label("Calendar address (https)")).to_have_count(0)

    new_url, _ = _make_address(
        page,
        server,
        "Make a new calendar address",
        "Your new calendar address is below: the previous one no longer works.",
    )
    assert new_url != url
    assert _fetch(url)[0] == 404
    assert _fetch(new_url)[0] == 200

    page.get_by_role("button", name="Stop my calendar address").click()
    expect(
        page.get_by_text("Your calendar address is stopped: calendar apps get nothing from it any more.")
    ).to_be_visible(timeout=15000)
    assert _fetch(new_url)[0] == 404
    expect(page.get_by_role("button", name="Make my calendar address")).to_be_visible()


def test_a_mentor_s_feed_has_the_judging_deadlines_and_the_secretariat_has_none(browser, server):
    page = browser.new_page()
    login(page, server, "mentor1@champions.example")
    page.wait_for_url(re.compile(r"/mentor$"), timeout=20000)
    page.goto(server.url + "/account")
    url, _ = _make_address(page, server, "Make my calendar address", "Your calendar address is below.")
    status, _, text = _fetch(url)
    summaries = [summary for summary, _ in _events(text)]
    with server.session() as session:
        editions = session.exec(select(Cohort).where(Cohort.archived_at.is_(None))).all()
        judging = [
            f"Judging: Workshop {w.position}: {w.title} submissions close ({cohort.title})"
            for cohort in editions
            for w in session.exec(select(Workshop).where(Workshop.cohort_id == cohort.id, Workshop.judged))
        ]
        ceremonies = [f"Year-end ceremony: {cohort.title}" for cohort in editions]
    assert status == 200
    assert len(judging) >= 3 and len(ceremonies) >= 2  # the demo's two editions
    assert sorted(summaries) == sorted(judging + ceremonies)  # no lecture, no unjudged workshop

    secretariat = browser.new_page()
    login(secretariat, server, "secretariat@champions.example")
    secretariat.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    secretariat.goto(server.url + "/account")
    expect(secretariat.get_by_role("heading", name="Change password")).to_be_visible(timeout=15000)
    expect(secretariat.get_by_role("heading", name="Calendar subscription")).to_have_count(0)
