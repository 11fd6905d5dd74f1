"""Awards end to end in Chromium on the demo cohort of 2022: the secretariat unlocks the list,
replaces one award with a reason (refused without one), finalizes, publishes and downloads the
XLSX and the certificates; a participant sees their recognitions; a mentor and a participant can
neither export nor change anything through the handlers."""

import io
import json
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlmodel import func, select

from champions.demo.seed import PARTICIPANT_EMAIL
from champions.models import Application, AuditEntry, AwardDecision, AwardEntry, AwardList, Cohort, Team, User
from champions.state.awards_admin import AwardState
from tests.e2e.helpers import login, phrases_shown, run_async, session_token_for, watch_phrases
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e

REASON = "Open Mobility Lab asked to be withdrawn from the innovation award; the jury names Data for Dignity."


def cohort_id(server) -> int:
    with server.session() as session:
        return session.exec(select(Cohort.id).where(Cohort.name == "2022")).one()


def award_rows(server) -> dict:
    with server.session() as session:
        cid = session.exec(select(Cohort.id).where(Cohort.name == "2022")).one()
        return {
            "entries": sorted(
                (e.award, e.recipient)
                for e in session.exec(select(AwardEntry).where(AwardEntry.cohort_id == cid))
            ),
            "decisions": sorted(
                (d.category_id, d.team_ids, d.reason)
                for d in session.exec(select(AwardDecision).where(AwardDecision.cohort_id == cid))
            ),
            "list": [
                (a.finalized_at is not None, a.published_at is not None, a.one_award_per_team)
                for a in session.exec(select(AwardList).where(AwardList.cohort_id == cid))
            ],
            "audit": session.exec(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action.like("award%") | AuditEntry.action.like("recognition%"))
            ).one(),
        }


def test_secretariat_overrides_finalizes_and_exports_and_the_participant_sees_it(
    page: Page, browser, server, tmp_path
):
    login(page, server, "secretariat@champions.example")
    expect(page.get_by_role("link", name="Awards")).to_be_visible()
    page.goto(server.url + "/secretariat/awards")
    page.get_by_label("Cohort").select_option("2022")
    expect(page.get_by_test_id("award-status")).to_contain_text("Finalized and published")
    page.get_by_label("Reason for unlocking").fill("The innovation award changes.")
    page.get_by_role("button", name="Unlock the list").click()
    expect(page.get_by_test_id("award-status")).to_contain_text("Draft")

    page.get_by_role("button", name="Change Most Innovative Solution").click()
    page.get_by_label("Open Mobility Lab", exact=False).uncheck()
    page.get_by_label("Data for Dignity", exact=False).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Write the reason for this decision.")).to_be_visible()
    assert all(d[1] != award_team_id(server, "Data for Dignity") for d in award_rows(server)["decisions"])
    page.get_by_label("Reason for this decision (recorded in the audit trail)").fill(REASON)
    page.get_by_role("button", name="Save decision").click()
    card = page.get_by_test_id("team-award").filter(has_text="Most Innovative Solution")
    expect(card).to_contain_text("Winner: Data for Dignity")
    expect(card).to_contain_text("decided by the secretariat")

    page.get_by_role("button", name="Finalize the award list").click()
    expect(page.get_by_test_id("award-status")).to_contain_text("Finalized on")
    page.get_by_role("button", name="Publish to participants").click()
    expect(page.get_by_test_id("award-status")).to_contain_text("Finalized and published")

    with page.expect_download() as download:
        page.get_by_role("link", name="Workbook: awards, teams, participants, scores (XLSX)").click()
    assert download.value.suggested_filename == "awards-2022.xlsx"
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = list(book["Awards"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in rows if r[0] == "Most Innovative Solution"] == [
        ("Most Innovative Solution", "Data for Dignity")
    ]
    assert [r[7] for r in rows if r[0] == "Most Innovative Solution"] == [
        "Decided by the secretariat: " + REASON
    ]
    with page.expect_download() as download:
        page.get_by_role("link", name="Certificates, one page each (PDF)").click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    pages = text.split("\f")[:-1]
    with server.session() as session:
        entries = session.exec(select(AwardEntry).where(AwardEntry.cohort_id == cohort_id(server))).all()
    assert len(pages) == sum(len(json.loads(e.members)) for e in entries)
    [innovative] = [e for e in entries if e.award == "Most Innovative Solution"]
    assert (
        sum("Most Innovative Solution" in p and "with the team Data for Dignity" in p for p in pages)
        == len(json.loads(innovative.members))
        > 0
    )
    with server.session() as session:
        audit = session.exec(
            select(AuditEntry).where(AuditEntry.action == "award_decided").order_by(AuditEntry.id.desc())
        ).first()
        assert audit.reason == REASON and '"Open Mobility Lab"' in audit.before
        assert (
            session.exec(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "awards_exported")
            ).one()
            >= 2
        )

    participant = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    login(participant, server, PARTICIPANT_EMAIL)
    expect(participant.get_by_role("link", name="Awards")).to_be_visible()
    watch_phrases(participant, "Loading the awards…", "No award list has been published")
    participant.goto(server.url + "/awards")
    mine = participant.get_by_test_id("my-recognitions")
    expect(mine).to_contain_text("Most Inclusive Solution — with SafeSteps")
    # While the list loads the page says so, never that nothing was published.
    assert phrases_shown(participant) == {"Loading the awards…"}
    expect(mine).to_contain_text("Certificate of Completion")
    expect(participant.get_by_text("Data for Dignity")).to_be_visible()
    assert participant.evaluate("document.documentElement.scrollWidth") <= 375
    participant.context.close()


def award_team_id(server, name: str) -> str:
    with server.session() as session:
        return str(session.exec(select(Team.id).where(Team.name == name)).one())


async def _attack(url: str, token: str, cid: int):
    client = ReflexClient(url, "/secretariat/awards", session_token=token)
    await client.connect()
    for handler, payload in [
        ("load", {}),
        ("choose_cohort", {"name": "2022"}),
        ("unlock", {"form_data": {"reason": "hijack"}}),
        ("start_decision", {"category_id": "1"}),
        ("decide", {"form_data": {"team_1": "on", "reason": "hijack"}}),
        ("clear", {"form_data": {"reason": "hijack"}}),
        (
            "recognize",
            {"form_data": {"recognition": "6", "person": "2", "action": "withdraw", "reason": "hijack"}},
        ),
        ("save_categories", {"form_data": {}}),
        ("set_one_award", {"value": False}),
        ("finalize", {}),
        ("publish", {}),
    ]:
        await client.emit(AwardState, handler, payload, settle=0.3)
    await client.close()
    return client


def test_mentors_and_participants_can_neither_export_nor_change_awards(browser, server):
    before = award_rows(server)
    cid = cohort_id(server)
    with server.session() as session:
        outsider_name = session.exec(
            select(User.full_name)
            .join(Application, Application.user_id == User.id)
            .where(Application.cohort_id == cid, User.email == "applicant02@champions.example")
        ).one()
    for email in ("mentor1@champions.example", PARTICIPANT_EMAIL, ""):  # "": nobody logged in
        token = session_token_for(server, email) if email else ""
        context = browser.new_context()
        if token:
            context.add_cookies([{"name": "champions_session", "value": token, "url": server.url}])
        for fmt in ("csv", "xlsx", "pdf", "certificates"):
            response = context.request.get(f"{server.url}/exports/awards/{cid}/{fmt}")
            assert (
                response.status == 403
                and response.text() == "Only the secretariat can export the award list."
            )
        context.close()
        client = run_async(_attack(server.url, token, cid))
        text = client.received_text()
        assert outsider_name not in text and "Data for Dignity (rank" not in text, email
    assert award_rows(server) == before
