"""What axe cannot see, by keyboard only (Tab, Shift+Tab, Enter, Space, Escape, typing): the
applicant's registration, the participant's check-in, the mentor's scoring and the
secretariat's acceptance of an application. After each step the test asserts where focus is:
the skip link first, into a dialog and back to its trigger, to the first field in error after
a refused submit; never trapped; always visibly focused and not hidden (WCAG 2.1.1, 2.1.2,
2.4.3, 2.4.7, 2.4.11, 3.3.1)."""

import os
import re
import time
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL
from champions.models import Cohort, ReviewAssignment, User, Workshop
from champions.services.judging.assignment import assign_mentor
from champions.services.judging.rubrics import move_round
from champions.services.phase1.lectures import reveal_checkin_code
from champions.services.teams.teams import create_team
from tests.e2e.helpers import add_applicant, application_status, count_users, session_token_for, wait_hydrated
from tests.e2e.test_judging import judging_cohort, restore_mentors
from tests.e2e.test_phase1 import small_cohort
from tests.e2e.test_phase2 import phase2_cohort

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("CHAMPIONS_TEST_DB_URL", "").startswith("postgresql"),
        reason="where focus goes does not depend on the database: the SQLite pass checks it",
    ),
]

_FOCUSED = """
() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {tag: "body"};
  const styled = [e, e.parentElement, e.parentElement && e.parentElement.parentElement].filter(Boolean)
    .some((x) => {
      const s = getComputedStyle(x);
      return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1) ||
        (x === e && s.boxShadow !== "none");
    });
  const r = e.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id,
    type: e.getAttribute("type") || "",
    name: (e.getAttribute("aria-label") || e.innerText || "").trim().slice(0, 80),
    label: e.labels && e.labels.length ? e.labels[0].innerText.trim() : "",
    href: e.getAttribute("href") || "",
    in_dialog: !!e.closest("[role=dialog], [role=alertdialog]"),
    visible_focus: styled,
    obscured: !(top && (top === e || e.contains(top) || top.contains(e) ||
      (e.labels && [...e.labels].some((l) => l.contains(top))))),
  };
}
"""


def eventually(read, expected, timeout: float = 15) -> None:
    """Wait until read() returns expected (Python Playwright has no expect.poll)."""
    end = time.monotonic() + timeout
    while (value := read()) != expected:
        assert time.monotonic() < end, f"still {value!r}, expected {expected!r}"
        time.sleep(0.1)


def focused(page: Page) -> dict:
    return page.evaluate(_FOCUSED)


def _assert_focus_shown(where: dict) -> None:
    if where["tag"] in ("body", "main"):
        return
    assert where["visible_focus"], f"no visible focus indicator on {where}"  # 2.4.7
    assert not where["obscured"], f"the focused element is hidden under another: {where}"  # 2.4.11


def tab_to(page: Page, matches, key: str = "Tab", limit: int = 80) -> dict:
    """Press Tab (or Shift+Tab) until focus is on what `matches`; every stop shows its focus."""
    path = []
    for _ in range(limit):
        page.keyboard.press(key)
        where = focused(page)
        _assert_focus_shown(where)
        if matches(where):
            return where
        path.append(where.get("label") or where.get("name") or where["tag"])
    raise AssertionError(f"{key} never reached it; focus went through {path}")


def labelled(text: str):
    return lambda where: where.get("label", "").startswith(text)


def named(text: str):
    return lambda where: where.get("name", "") == text


def logged_in(browser, server, email: str) -> Page:
    context = browser.new_context(locale="en-GB", timezone_id="America/Sao_Paulo")
    token = session_token_for(server, email)
    context.add_cookies([{"name": "champions_session", "value": token, "url": server.url}])
    return context.new_page()


def start(page: Page, url: str) -> None:
    """Open the page; the first Tab lands on the skip link, Enter moves focus to the content."""
    page.goto(url)
    expect(page.locator("main h1")).to_be_visible(timeout=20000)
    wait_hydrated(page)
    page.wait_for_timeout(500)
    page.keyboard.press("Tab")
    where = focused(page)
    assert where["tag"] == "a" and where["href"].endswith("#main"), where
    _assert_focus_shown(where)
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "main"


def test_registration_by_keyboard(page: Page, server):
    start(page, server.url + "/register")
    # The first stop after the skip link is inside the content, and Shift+Tab goes back out.
    tab_to(page, lambda w: w["tag"] in ("input", "select", "textarea", "button", "a"))
    tab_to(page, lambda w: w["tag"] == "a", key="Shift+Tab")
    submit = tab_to(page, named("Submit application"))
    assert submit["tag"] == "button"
    page.keyboard.press("Enter")
    # Refused: every error is announced and focus goes to the first field in error.
    expect(page.get_by_role("alert").first).to_be_visible(timeout=15000)
    expect(page.get_by_label("Full name")).to_be_focused(timeout=5000)
    expect(page.get_by_label("Full name")).to_have_attribute("aria-invalid", "true")
    page.keyboard.type("Kavya Raman")
    for label, keys in (
        ("Email", "kavya.keyboard@example.org"),
        ("Password", "a long enough password"),
        ("Date of birth", "09042001"),  # dd/mm/yyyy in the en-GB browser
        ("Country", "IN · India"),
        ("City", "Chennai"),
        ("University or organization", "Anna University"),
        ("Field of study", "Urban planning"),
    ):
        tab_to(page, labelled(label))
        page.keyboard.type(keys)
    tab_to(page, labelled("Motivation"))
    page.keyboard.type(" ".join(["Safer streets and buses for the women of my city matter to me."] * 6))
    tab_to(page, labelled("I agree to the privacy notice"))
    page.keyboard.press("Space")
    expect(page.get_by_label("I agree to the privacy notice")).to_be_checked()
    tab_to(page, named("Submit application"))
    page.keyboard.press("Enter")
    eventually(lambda: count_users(server, "kavya.keyboard@example.org"), 1, timeout=20)


def test_secretariat_accepts_an_application_by_keyboard(browser, server):
    application_id = add_applicant(server, "keyboard.accept@example.org", "Tendai Moyo", country="ZW")
    page = logged_in(browser, server, SECRETARIAT_EMAIL)
    start(page, server.url + "/secretariat/applications")
    tab_to(page, labelled("Search"))
    page.keyboard.type("Tendai Mo")
    trigger = tab_to(page, named("Tendai Moyo"))
    page.keyboard.press("Enter")
    # The dialog takes focus; Tab stays inside it while it is open (modal) and Escape leaves.
    expect(page.get_by_role("dialog")).to_be_visible(timeout=15000)
    eventually(lambda: focused(page)["in_dialog"], True, timeout=5)
    tab_to(page, named("Accept"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog").get_by_role("status")).to_contain_text("marked accepted", timeout=15000)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    # Focus is back on the button that opened the dialog.
    eventually(lambda: focused(page).get("name"), trigger["name"], timeout=5)
    assert application_status(server, application_id) == "accepted"
    page.context.close()


def test_participant_checks_in_by_keyboard(browser, server):
    # A lecture that started six minutes ago: check-in is open.
    _, (lecture_id,) = small_cohort(server, "Keyboard-checkin", "keyboard.checkin@example.org", [-0.004])
    with server.session() as session:
        secretariat = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
        code = reveal_checkin_code(session=session, actor=secretariat, lecture_id=lecture_id)
        session.commit()
    page = logged_in(browser, server, "keyboard.checkin@example.org")
    start(page, server.url + "/schedule")
    tab_to(page, labelled("Check-in code"))
    page.keyboard.type("WRONG9")
    page.keyboard.press("Enter")
    expect(page.get_by_text("That code is not right. Check the code shown at the lecture.")).to_be_visible(
        timeout=15000
    )
    expect(page.get_by_role("alert").filter(has_text="That code is not right")).to_have_count(1)
    expect(page.get_by_label("Check-in code")).to_be_focused(timeout=5000)
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Checked in: you are marked present.")).to_be_visible(
        timeout=15000
    )
    page.context.close()


def test_mentor_scores_by_keyboard(browser, server):
    data = judging_cohort(server, "Keyboard-judging")
    restore_mentors(server, data["demo_mentors"])
    river = data["teams"][0]
    mentor_id, mentor_email = data["mentors"][0]
    with server.session() as session:
        secretariat = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
        workshop = data["workshop"]
        now = datetime.now(UTC)
        move_round(session=session, actor=secretariat, workshop_id=workshop, move="open", now=now)
        assign_mentor(
            session=session, actor=secretariat, team_id=river, workshop_id=workshop, mentor_id=mentor_id
        )
        session.commit()
        code = session.exec(
            select(ReviewAssignment.code).where(
                ReviewAssignment.team_id == river, ReviewAssignment.mentor_id == mentor_id
            )
        ).one()
    page = logged_in(browser, server, mentor_email)
    start(page, server.url + "/mentor")
    tab_to(page, named(f"Score Submission 1-{code}"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("review-summary")).to_be_visible(timeout=15000)
    for name, value in (
        ("Problem understanding", "8"),
        ("Innovation", "9"),
        ("Feasibility", "7"),
        ("Impact on SDG 11", "8"),
    ):
        tab_to(page, labelled(name))
        page.keyboard.type(value)
    tab_to(page, named("Submit score"))
    page.keyboard.press("Enter")
    # One criterion left empty: refused, announced, and focus goes to it.
    expect(page.get_by_text("Give a score from 1 to 10.")).to_be_visible(timeout=15000)
    expect(page.get_by_label(re.compile("^Safety & inclusion"))).to_be_focused(timeout=5000)
    page.keyboard.type("10")
    tab_to(page, named("Submit score"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("score-status")).to_have_text("Status: Submitted", timeout=15000)
    page.context.close()


def test_team_member_submits_a_version_by_keyboard(browser, server):
    workshop_id, (user_id,) = phase2_cohort(server, "Keyboard-teams", ["keyboard.team@example.org"])
    with server.session() as session:
        user = session.get(User, user_id)
        cohort = session.get(Cohort, session.get(Workshop, workshop_id).cohort_id)
        create_team(
            session=session, user=user, cohort=cohort, name="Tab Stops", challenge="Lit paths", city="Lima"
        )
        session.commit()
    page = logged_in(browser, server, "keyboard.team@example.org")
    start(page, server.url + "/team")
    workshop = page.get_by_test_id(f"workshop-{workshop_id}")
    tab_to(page, named("Submit version"))
    page.keyboard.press("Enter")
    # Refused: the first field in error (the title) takes focus.
    expect(workshop.get_by_text("Give your submission a title.")).to_be_visible(timeout=15000)
    expect(workshop.get_by_label("Title")).to_be_focused(timeout=5000)
    page.keyboard.type("Lit paths for night classes")
    tab_to(page, labelled("Summary"))
    page.keyboard.type("Students walking home after evening classes need light.")
    tab_to(page, named("Submit version"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Version 1 submitted.")).to_be_visible(timeout=20000)
    page.context.close()
