"""A new installation, end to end: from an empty database (`migrate`, then `create-user --role
secretariat` on the command line) and then only the web UI, the secretariat creates an edition,
adds its six lectures and four workshops, opens registration; an applicant registers, confirms
their email by the emailed link and is accepted.

The set-up is a list of steps (`SETUP`) so steps can be added in their place; the applicant's
part is one helper (`register_as_applicant`) so a change of how registration works changes one
place.

It starts a second app from this project folder (on an empty database), which rebuilds the
shared frontend for its own port: it runs last, with the restart test (tests/e2e/conftest.py)."""

import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.models import OutboxMessage
from champions.services.registration.eligibility import format_day
from tests.e2e.conftest import PORT, ROOT, AppProcess
from tests.e2e.helpers import MOTIVATION, expect_status, login

pytestmark = pytest.mark.e2e

SECRETARIAT = "secretariat@wego.example"
SECRETARIAT_PASSWORD = "a secretariat passphrase"
APPLICANT = "ama.mensah@example.org"
APPLICANT_PASSWORD = "an applicant passphrase"


@dataclass(frozen=True)
class Plan:
    """The dates of the edition the secretariat sets up, around today."""

    today: date

    @property
    def registration_opens(self) -> date:
        return self.today + timedelta(days=7)  # in the future, until the secretariat opens it

    @property
    def registration_closes(self) -> date:
        return self.today + timedelta(days=20)

    @property
    def phase1_start(self) -> date:
        return self.today + timedelta(days=21)

    @property
    def phase1_end(self) -> date:
        return self.phase1_start + timedelta(days=51)

    @property
    def phase2_start(self) -> date:
        return self.phase1_end + timedelta(days=1)

    @property
    def phase2_end(self) -> date:
        return self.phase2_start + timedelta(days=48)

    @property
    def ceremony(self) -> date:
        return self.phase2_end + timedelta(days=120)

    @property
    def name(self) -> str:
        return str(self.phase1_start.year)

    def workshop_days(self) -> list[date]:
        """Four workshop sessions in Phase 2, each with a week to submit after it."""
        return [self.phase2_start + timedelta(days=offset) for offset in (1, 12, 24, 36)]

    def lecture_days(self) -> list[date]:
        """Six Tuesdays of Phase 1, a week apart."""
        first = self.phase1_start + timedelta(days=(1 - self.phase1_start.weekday()) % 7)
        return [first + timedelta(weeks=i) for i in range(6)]


def _cli(app: AppProcess, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "champions", *args],
        cwd=ROOT,
        env=app.env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def create_edition(page: Page, plan: Plan) -> None:
    page.get_by_role("link", name="Editions").click()
    page.wait_for_url(re.compile(r"/secretariat/editions$"))
    expect(page.get_by_text("No editions yet. Create the first one.")).to_be_visible(timeout=15000)
    page.get_by_role("button", name="New edition").click()
    dialog = page.get_by_role("dialog")
    values = {
        "Name": plan.name,
        "Title": f"Smart City Champions {plan.name}",
        "Registration opens": plan.registration_opens.isoformat(),
        "Registration closes": plan.registration_closes.isoformat(),
        "Phase 1 starts": plan.phase1_start.isoformat(),
        "Phase 1 ends": plan.phase1_end.isoformat(),
        "Phase 2 starts": plan.phase2_start.isoformat(),
        "Phase 2 ends": plan.phase2_end.isoformat(),
        "Ceremony date": plan.ceremony.isoformat(),
        "Ceremony time": "15:00",
        "Ceremony venue": "Seoul City Hall",
        "Ceremony join link": "https://meet.example.org/ceremony",
        "Capacity (accepted participants)": "60",
        "Waitlist places": "20",
    }
    # First a mistake: the ceremony before Phase 2 ends is refused at its field, nothing is stored.
    for label, value in {**values, "Ceremony date": plan.phase2_end.isoformat()}.items():
        dialog.get_by_label(label, exact=True).fill(value)
    dialog.get_by_role("button", name="Save edition").click()
    expect(dialog.get_by_text("The ceremony must come after Phase 2 ends.")).to_be_visible(timeout=15000)
    dialog.get_by_label("Ceremony date", exact=True).fill(values["Ceremony date"])
    dialog.get_by_role("button", name="Save edition").click()
    expect(page.get_by_text(f"Created the {plan.name} edition.")).to_be_visible(timeout=15000)
    card = page.get_by_test_id(f"edition-{plan.name}")
    expect(card.get_by_test_id(f"status-{plan.name}")).to_have_text(
        f"Registration opens {format_day(plan.registration_opens)}"
    )
    expect(card).to_contain_text(f"Eligibility: Under 35 on {format_day(plan.phase1_start)}")
    expect(card).to_contain_text("15:00 KST")


def add_six_lectures(page: Page, plan: Plan) -> None:
    page.get_by_role("link", name="Lectures").click()
    page.wait_for_url(re.compile(r"/secretariat/lectures$"))
    expect(page.get_by_text("No lectures in this cohort yet.")).to_be_visible(timeout=15000)
    for number, day in enumerate(plan.lecture_days(), start=1):
        page.get_by_role("button", name="New lecture").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Title", exact=True).fill(f"Smart cities, part {number}")
        dialog.get_by_label("Speaker", exact=True).fill("Dr. Kim Ji-woo")
        dialog.get_by_label("Date", exact=True).fill(day.isoformat())
        dialog.get_by_label("Starts", exact=True).fill("10:00")
        dialog.get_by_label("Ends", exact=True).fill("12:00")
        dialog.get_by_label("Join link", exact=True).fill(f"https://meet.example.org/lecture-{number}")
        dialog.get_by_role("button", name="Save lecture").click()
        expect(page.get_by_text(f"Saved 'Smart cities, part {number}'.")).to_be_visible(timeout=15000)
        expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile(r"^Lecture \d: "))).to_have_count(6)


WORKSHOPS = ["Problem framing", "Solution design", "Prototype", "Final pitch"]


def add_four_workshops(page: Page, plan: Plan) -> None:
    page.get_by_role("link", name="Workshops").click()
    page.wait_for_url(re.compile(r"/secretariat/workshops$"))
    expect(page.get_by_text("No workshops in this cohort yet.")).to_be_visible(timeout=15000)
    for title, day in zip(WORKSHOPS, plan.workshop_days(), strict=True):
        page.get_by_role("button", name="New workshop").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Title").fill(title)
        dialog.get_by_label("Session date").fill(day.isoformat())
        dialog.get_by_label("Session starts").fill("14:00")
        dialog.get_by_label("Session ends").fill("17:00")
        dialog.get_by_label("Venue").fill("Seoul Global Center")
        dialog.get_by_label("Join link").fill("https://meet.example.org/" + title.split()[0].lower())
        dialog.get_by_label("Opens on").fill(day.isoformat())
        dialog.get_by_label("Opening time").fill("10:00")
        dialog.get_by_label("Deadline on").fill((day + timedelta(days=7)).isoformat())
        dialog.get_by_label("Deadline time").fill("18:00")
        dialog.get_by_role("button", name="Save workshop").click()
        expect(page.get_by_text(f"Saved '{title}'.")).to_be_visible(timeout=15000)
        expect(page.get_by_role("dialog")).to_have_count(0)
    for number, title in enumerate(WORKSHOPS, start=1):
        expect(page.get_by_role("heading", name=f"Workshop {number}: {title}")).to_be_visible()


def open_registration(page: Page, plan: Plan) -> None:
    page.get_by_role("link", name="Editions").click()
    page.wait_for_url(re.compile(r"/secretariat/editions$"))
    card = page.get_by_test_id(f"edition-{plan.name}")
    expect(card).to_contain_text("6 lectures", timeout=15000)
    card.get_by_role("button", name="Open registration now").click()
    expect(page.get_by_text(f"Registration for the {plan.name} edition is open.")).to_be_visible(
        timeout=15000
    )
    expect(card.get_by_test_id(f"status-{plan.name}")).to_have_text("Open for registration")


# The secretariat's set-up, in order.
SETUP = [create_edition, add_six_lectures, add_four_workshops, open_registration]


def register_as_applicant(page: Page, server, plan: Plan) -> None:
    """An applicant finds the open edition on the landing page, registers, follows the link
    emailed to them and logs in; ends on their application page."""
    url = server.url
    page.goto(url + "/")
    expect(page.get_by_role("heading", name=f"Smart City Champions {plan.name}")).to_be_visible(timeout=15000)
    page.get_by_role("link", name="Apply now").click()
    page.wait_for_url(re.compile(r"/register$"))
    expect(page.get_by_test_id("registration-facts")).to_contain_text(
        f"You must be under 35 on {format_day(plan.phase1_start)}.", timeout=15000
    )
    page.get_by_label("Full name").fill("Ama Mensah")
    page.get_by_label("Email").fill(APPLICANT)
    page.get_by_label("Password").fill(APPLICANT_PASSWORD)
    page.get_by_label("Date of birth").fill("2001-04-09")
    page.get_by_label("Country").select_option("GH · Ghana")
    page.get_by_label("City").fill("Accra")
    page.get_by_label("University or organization").fill("University of Ghana")
    page.get_by_label("Field of study").fill("Urban planning")
    page.get_by_label("Motivation").fill(MOTIVATION)
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Submit application").click()
    expect(
        page.get_by_text(re.compile("^Thank you. Check your email to confirm your application"))
    ).to_be_visible(timeout=20000)
    with server.session() as session:
        body = session.exec(
            select(OutboxMessage.body)
            .where(OutboxMessage.to_email == APPLICANT)
            .order_by(OutboxMessage.id.desc())
        ).first()
    link = re.search(r"/confirm-email\?token=\S+", body).group(0)
    page.goto(url + link)
    expect(page.get_by_text("Your email is confirmed. Log in to follow your application.")).to_be_visible(
        timeout=20000
    )
    login(page, server, APPLICANT, APPLICANT_PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    expect_status(page, "submitted")


def accept(page: Page, name: str) -> None:
    page.get_by_role("link", name="Applications").click()
    page.wait_for_url(re.compile(r"/secretariat/applications$"))
    page.get_by_role("button", name=name).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Accept", exact=True).click()
    expect(dialog.get_by_text("1 application(s) marked accepted.")).to_be_visible(timeout=15000)
    dialog.get_by_role("button", name="Close").click()


def test_a_secretariat_sets_up_a_year_from_an_empty_database(browser, tmp_path):
    app = AppProcess(tmp_path, PORT + 1, seed=False)
    out = _cli(
        app,
        "create-user",
        "--role",
        "secretariat",
        "--email",
        SECRETARIAT,
        "--name",
        "WeGO Secretariat",
        stdin=SECRETARIAT_PASSWORD + "\n",
    )
    assert out.startswith(f"Created secretariat {SECRETARIAT}")
    assert (
        _cli(app, "edition", "list")
        == "No editions yet: create one with `python -m champions edition create`.\n"
    )
    plan = Plan(date.today())
    app.start()
    try:
        server = app.server()
        secretariat = browser.new_page()
        login(secretariat, server, SECRETARIAT, SECRETARIAT_PASSWORD)
        secretariat.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
        for step in SETUP:
            step(secretariat, plan)

        applicant = browser.new_context().new_page()
        register_as_applicant(applicant, server, plan)
        accept(secretariat, "Ama Mensah")
        applicant.reload()
        expect_status(applicant, "accepted")
        ceremony = applicant.get_by_test_id("ceremony")
        expect(ceremony).to_contain_text("Seoul City Hall")
        expect(ceremony).to_contain_text("15:00 KST")
        expect(ceremony.get_by_role("link", name="Join the ceremony online")).to_have_attribute(
            "href", "https://meet.example.org/ceremony"
        )
        assert _cli(app, "edition", "list").startswith(f"{plan.name:<12} Smart City Champions {plan.name}")
    finally:
        app.stop()
