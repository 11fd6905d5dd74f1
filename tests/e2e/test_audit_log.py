"""The audit log end to end: the secretariat browses the demo's trail, filters it by action and
exports it; a participant, a mentor and nobody get nothing from its page or its handlers."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect
from sqlmodel import func, select

from champions.demo.seed import PARTICIPANT_EMAIL
from champions.models import AuditEntry
from champions.state.audit_admin import AuditState
from tests.e2e.helpers import login, run_async, session_token_for
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e


def counts(server) -> tuple[int, int, str]:
    """(entries, entries of extension_granted, a reason written in the trail)."""
    with server.session() as session:
        total = session.exec(select(func.count()).select_from(AuditEntry)).one()
        extensions = session.exec(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "extension_granted")
        ).one()
        reason = session.exec(
            select(AuditEntry.reason)
            .where(AuditEntry.reason != "")
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        ).first()
        return total, extensions, reason


def test_the_secretariat_browses_filters_and_exports_the_trail(browser, server):
    total, extensions, _ = counts(server)
    assert extensions > 0
    page = browser.new_page()
    login(page, server, "secretariat@champions.example")
    page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    page.get_by_role("link", name="Audit").click()
    expect(page.get_by_test_id("audit-count")).to_have_text(
        re.compile(r"Entries 1–50 of [1-9]\d*"), timeout=15000
    )
    assert int(page.get_by_test_id("audit-count").inner_text().rsplit(" ", 1)[1]) >= total
    page.get_by_label("Action").select_option("extension_granted")
    expect(page.get_by_test_id("audit-count")).to_have_text(f"Entries 1–{extensions} of {extensions}")
    expect(page.get_by_test_id("audit-table").locator("tbody tr")).to_have_count(extensions)
    page.get_by_label("From (UTC day)").fill("2099-01-01")
    expect(page.get_by_test_id("audit-count")).to_have_text("Entries 0–0 of 0")
    page.get_by_label("To (UTC day)").fill("2098-01-01")
    expect(page.get_by_role("alert")).to_have_text("The end of the period is before its start.")
    page.get_by_label("To (UTC day)").fill("")
    page.get_by_label("From (UTC day)").fill("")
    expect(page.get_by_test_id("audit-count")).to_have_text(f"Entries 1–{extensions} of {extensions}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert rows[0][:5] == ["at (UTC)", "actor", "actor email", "cohort", "action"]
    assert len(rows) == extensions + 1 and {r[4] for r in rows[1:]} == {"extension_granted"}
    assert page.get_by_role("button", name=re.compile("Edit|Delete")).count() == 0


async def _attack(url: str, token: str):
    client = ReflexClient(url, "/secretariat/audit", session_token=token)
    await client.connect()
    for handler, payload in [
        ("load", {}),
        ("show", {"zone": "Asia/Seoul"}),
        ("set_filter", {"key": "action", "value": ""}),
        ("turn_page", {"step": 1}),
        ("export", {}),
    ]:
        await client.emit(AuditState, handler, payload, settle=0.4)
    await client.close()
    return client


@pytest.mark.parametrize("email", [PARTICIPANT_EMAIL, "mentor1@champions.example", ""])
def test_no_one_else_reads_the_trail(server, email):
    _, _, reason = counts(server)
    client = run_async(_attack(server.url, session_token_for(server, email) if email else ""))
    assert reason not in client.received_text()
    assert not any(event.get("name") == "_download" for event in client.events)


def test_the_same_calls_reach_the_trail_for_the_secretariat(server):
    _, _, reason = counts(server)
    client = run_async(_attack(server.url, session_token_for(server, "secretariat@champions.example")))
    assert reason in client.received_text()
    assert any(event.get("name") == "_download" for event in client.events)
