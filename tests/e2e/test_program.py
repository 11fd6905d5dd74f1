"""The program's year in the browser: the secretariat manages an edition's workshops (session,
submission window, order, removal, check-in code) and the program's contacts; a team writes
its youth recommendations. Bad input gets its reason at the field and changes nothing."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL
from champions.infra.timezones import SEOUL
from champions.models import ProgramSettings, RecommendationVersion, Team, Workshop
from champions.services.teams.teams import create_team, join_team
from tests.e2e.helpers import PARTICIPANT_PASSWORD, cohort_with_participants, login
from tests.e2e.test_phase2 import phase2_cohort

pytestmark = pytest.mark.e2e


def _workshops(server, cohort_name: str) -> list[tuple[int, str, str]]:
    """(position, title, venue) of the cohort's workshops."""
    from champions.models import Cohort

    with server.session() as session:
        cohort = session.exec(select(Cohort).where(Cohort.name == cohort_name)).one()
        return [
            (w.position, w.title, w.venue)
            for w in session.exec(
                select(Workshop).where(Workshop.cohort_id == cohort.id).order_by(Workshop.position)
            )
        ]


def test_the_secretariat_creates_reorders_and_removes_workshops(page: Page, server):
    with server.session() as session:
        cohort, _, _ = cohort_with_participants(session, "E2E-workshops", [])
        session.commit()
        first_day, cohort_id = cohort.phase2_start, cohort.id
    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"))
    page.goto(server.url + "/secretariat/workshops")
    page.get_by_label("Cohort").select_option("E2E-workshops")
    expect(page.get_by_text("No workshops in this cohort yet.")).to_be_visible()

    def create(title: str, day_offset: int, end: str) -> None:
        page.get_by_role("button", name="New workshop").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Title").fill(title)
        dialog.get_by_label("Session date").fill((first_day + timedelta(days=day_offset)).isoformat())
        dialog.get_by_label("Session starts").fill("14:00")
        dialog.get_by_label("Session ends").fill(end)
        dialog.get_by_label("Venue").fill("Seoul Global Center, 서울")
        dialog.get_by_label("Join link").fill("https://meet.example.org/" + title.split()[0].lower())
        dialog.get_by_label("Opens on").fill((first_day + timedelta(days=day_offset)).isoformat())
        dialog.get_by_label("Opening time").fill("10:00")
        dialog.get_by_label("Deadline on").fill((first_day + timedelta(days=day_offset + 7)).isoformat())
        dialog.get_by_label("Deadline time").fill("18:00")
        dialog.get_by_role("button", name="Save workshop").click()

    create("Solution design", 1, "13:00")  # wrong first: the session ends before it starts
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("The session must end after it starts.")).to_be_visible()
    assert _workshops(server, "E2E-workshops") == []
    dialog.get_by_label("Session ends").fill("17:00")
    dialog.get_by_role("button", name="Save workshop").click()
    expect(page.get_by_text("Saved 'Solution design'.")).to_be_visible()
    create("Final pitch", 8, "17:00")
    expect(page.get_by_text("Saved 'Final pitch'.")).to_be_visible()
    assert _workshops(server, "E2E-workshops") == [
        (1, "Solution design", "Seoul Global Center, 서울"),
        (2, "Final pitch", "Seoul Global Center, 서울"),
    ]
    with server.session() as session:
        stored = session.exec(
            select(Workshop).where(Workshop.title == "Solution design", Workshop.cohort_id == cohort_id)
        ).one()
        day = first_day + timedelta(days=1)
        assert stored.session_starts_at == datetime.combine(day, time(14), tzinfo=SEOUL).astimezone(UTC)
        assert stored.session_ends_at == datetime.combine(day, time(17), tzinfo=SEOUL).astimezone(UTC)

    final = page.locator(".rt-Card", has=page.get_by_role("heading", name="Workshop 2: Final pitch"))
    final.get_by_role("button", name="Move earlier").click()
    expect(page.get_by_text("'Final pitch' is now workshop 1.")).to_be_visible()
    assert [title for _, title, _ in _workshops(server, "E2E-workshops")] == [
        "Final pitch",
        "Solution design",
    ]

    design = page.locator(".rt-Card", has=page.get_by_role("heading", name="Workshop 2: Solution design"))
    design.get_by_role("button", name="Reveal check-in code").click()
    code = design.get_by_test_id("workshop-checkin-code").inner_text(timeout=15000).strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    expect(design.get_by_role("link", name="Roster")).to_have_attribute(
        "href", re.compile(rf"/secretariat/roster\?workshop={stored.id}$")
    )
    design.get_by_role("button", name="Remove").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove the workshop").click()
    expect(page.get_by_text("Removed 'Solution design'.")).to_be_visible()
    assert [title for _, title, _ in _workshops(server, "E2E-workshops")] == ["Final pitch"]


def test_the_secretariat_sets_the_program_contacts_shown_in_the_footer(page: Page, server):
    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"))
    page.goto(server.url + "/secretariat/settings")
    email = page.get_by_label("Secretariat email")
    expect(email).to_have_value("champions@wego.example")  # the demo's
    email.fill("secretariat@wego")  # the browser takes it (no dot needed), the server does not
    page.get_by_label("Social links").fill("YouTube | javascript:alert(1)")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Enter a valid email address, like secretariat@example.org.")).to_be_visible()
    expect(
        page.get_by_text("Line 1: after the '|', enter a full web address starting with https://.")
    ).to_be_visible()
    with server.session() as session:
        assert session.exec(select(ProgramSettings.email)).one() == "champions@wego.example"
    email.fill("champions@we-gov.org")
    page.get_by_label("Social links").fill("YouTube | https://www.youtube.com/@wego")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text(re.compile("^Saved: the footer"))).to_be_visible()
    with server.session() as session:
        assert session.exec(select(ProgramSettings.email)).one() == "champions@we-gov.org"
    page.goto(server.url + "/privacy")
    footer = page.locator("footer")
    expect(footer.get_by_role("link", name="champions@we-gov.org")).to_have_attribute(
        "href", "mailto:champions@we-gov.org"
    )
    expect(footer.get_by_role("link", name="YouTube")).to_have_attribute(
        "href", "https://www.youtube.com/@wego"
    )
    expect(footer.get_by_text("Seoul Metropolitan Government")).to_be_visible()


def test_a_team_writes_its_youth_recommendations(browser, server):
    emails = ["rec.one@example.org", "rec.two@example.org", "rec.three@example.org"]
    workshop_id, ids = phase2_cohort(server, "E2E-recommendations", emails)
    with server.session() as session:
        from champions.models import Cohort, User

        cohort = session.get(Cohort, session.get(Workshop, workshop_id).cohort_id)
        users = [session.get(User, uid) for uid in ids]
        team = create_team(
            session=session, user=users[0], cohort=cohort, name="Youth Voice", challenge="", city=""
        )
        for user in users[1:]:
            join_team(session=session, user=user, code=team.invite_code)
        session.commit()
    page = browser.new_context(timezone_id="Asia/Seoul", locale="en-GB").new_page()
    login(page, server, emails[1], PARTICIPANT_PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"))
    page.goto(server.url + "/team")
    page.get_by_label("Title of the recommendations").fill("Night buses for students")
    page.get_by_label("Recommendations", exact=True).fill("Too short.")
    page.get_by_role("button", name="Save recommendations").click()
    expect(page.get_by_text("Write at least 100 words (you wrote 2).")).to_be_visible()
    expect(page.get_by_text("Tick the SDG 11 targets your recommendations serve.")).to_be_visible()
    with server.session() as session:
        assert (
            session.exec(select(RecommendationVersion).join(Team).where(Team.name == "Youth Voice")).all()
            == []
        )
    body = "Young people need safe late-night transport. " * 20 + "\n\n청년을 위한 안전한 밤길."
    page.get_by_label("Recommendations", exact=True).fill(body)
    page.get_by_label("11.2 Affordable and sustainable transport systems").check()
    page.get_by_label("11.7 Provide access to safe and inclusive green and public spaces").check()
    page.get_by_role("button", name="Save recommendations").click()
    expect(page.get_by_text("Recommendations saved (version 1).")).to_be_visible()
    versions = page.get_by_test_id("recommendation-versions")
    expect(versions).to_contain_text(
        f"Version 1 · Night buses for students · {len(body.split())} words · SDG 11.2, 11.7"
    )
    expect(versions).to_contain_text("E2E-recommendations Member 2")
    expect(versions).to_contain_text("the version that counts")
    with server.session() as session:
        [saved] = session.exec(
            select(RecommendationVersion).where(RecommendationVersion.title == "Night buses for students")
        ).all()
        assert (saved.number, saved.targets, saved.body) == (1, "11.2,11.7", body.strip())
