"""Accounts end to end: "Log out everywhere" ends the session of every browser of the account;
a participant downloads their data and deletes their account."""

import base64
import json
import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.demo.seed import DEMO_PASSWORD, PARTICIPANT_EMAIL
from champions.models import Role, User
from champions.services.accounts.accounts import create_user
from champions.services.accounts.passwords import hash_password
from champions.state.account import AccountState
from champions.state.applications_admin import ApplicationsAdminState
from champions.state.auth import AuthState
from tests.e2e.helpers import add_applicant, login, run_async, session_token_for
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e


def test_log_out_everywhere_ends_every_browser_session(browser, server):
    add_applicant(server, "two.devices@example.org", "Two Devices")
    phone, laptop = browser.new_context().new_page(), browser.new_context().new_page()
    for page in (phone, laptop):
        login(page, server, "two.devices@example.org", "correct horse battery")
        page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    laptop.goto(server.url + "/account")
    laptop.get_by_role("button", name="Log out everywhere").click()
    laptop.wait_for_url(re.compile(r"/login$"), timeout=15000)
    expect(laptop.get_by_text("You are logged out on every device.")).to_be_visible()
    phone.goto(server.url + "/my-application")
    phone.wait_for_url(re.compile(r"/login$"), timeout=15000)
    # A fresh login works again.
    login(phone, server, "two.devices@example.org", "correct horse battery")
    phone.wait_for_url(re.compile(r"/my-application$"), timeout=20000)


def test_a_participant_downloads_their_data_and_deletes_their_account(browser, server):
    add_applicant(server, "leaving.soon@example.org", "Лейла Уходящая")
    page = browser.new_page()
    login(page, server, "leaving.soon@example.org", "correct horse battery")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    page.goto(server.url + "/account")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["tables"]["user"][0]["full_name"] == "Лейла Уходящая"
    assert data["tables"]["application"][0]["date_of_birth"] == "2001-06-15"
    assert "participant@champions.example" not in json.dumps(data, ensure_ascii=False)

    page.get_by_label("Your password, to confirm").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your password is not correct.")).to_be_visible(timeout=15000)
    page.get_by_label("Your password, to confirm").fill("correct horse battery")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"), timeout=15000)  # home, not "/account/"
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    login(page, server, "leaving.soon@example.org", "correct horse battery")
    expect(page.get_by_text("Wrong email or password.")).to_be_visible(timeout=15000)
    with server.session() as session:
        assert session.exec(select(User).where(User.full_name == "Лейла Уходящая")).first() is None


async def _account_attack(url: str, token: str):
    client = ReflexClient(url, "/account", session_token=token)
    await client.connect()
    await client.emit(AccountState, "download_my_data", {}, settle=0.4)
    await client.emit(
        AccountState, "delete_my_account", {"form_data": {"delete_password": DEMO_PASSWORD}}, settle=0.8
    )
    await client.emit(AccountState, "log_out_everywhere", {}, settle=0.4)
    await client.close()
    return client


def test_account_handlers_act_only_on_the_callers_own_participant_account(server):
    nobody = run_async(_account_attack(server.url, ""))
    assert not any(event.get("name") == "_download" for event in nobody.events)
    mentor_token = session_token_for(server, "mentor1@champions.example")
    mentor = run_async(_account_attack(server.url, mentor_token))
    assert "Mentor and secretariat accounts are closed by the secretariat." in mentor.received_text()
    with server.session() as session:
        account = session.exec(select(User).where(User.email == "mentor1@champions.example")).one()
        assert account.is_active and account.full_name != "Deleted account"
    # Their own data only: the mentor's download holds no participant's email.
    [download] = [e for e in mentor.events if e.get("name") == "_download"]
    assert PARTICIPANT_EMAIL not in base64.b64decode(download["payload"]["url"].split(",", 1)[1]).decode(
        "utf-8"
    )


def test_a_role_change_ends_the_open_sessions_of_the_account(browser, server):
    """A mentor made a participant (`python -m champions set-role`) is logged out of the mentor
    page already open in their browser: its next action goes to the login page, not the data."""
    import os
    import subprocess
    import sys

    from champions.models import Role
    from champions.services.accounts.accounts import create_user
    from champions.services.accounts.passwords import hash_password
    from tests.e2e.conftest import ROOT

    with server.session() as session:
        create_user(
            session=session,
            email="changing.role@example.org",
            full_name="Changing Role",
            role=Role.MENTOR,
            password_hash=hash_password("correct horse battery"),
        )
        session.commit()
    page = browser.new_context().new_page()
    login(page, server, "changing.role@example.org", "correct horse battery")
    page.wait_for_url(re.compile(r"/mentor$"), timeout=20000)
    done = subprocess.run(
        [sys.executable, "-m", "champions", "set-role", "changing.role@example.org", "participant"],
        cwd=ROOT,
        env={**os.environ, "REFLEX_DB_URL": server.db_url},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "changing.role@example.org is now participant; their sessions have ended.\n"
    page.reload()
    page.wait_for_url(re.compile(r"/login$"), timeout=15000)
    with server.session() as session:
        assert (
            session.exec(select(User.role).where(User.email == "changing.role@example.org")).one()
            == Role.PARTICIPANT
        )
    login(page, server, "changing.role@example.org", "correct horse battery")
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)


# --- logging out forgets the tab's loaded pages (issue 22, finding 3) -----------------------


async def _load_then_leave(url: str, session_token: str, leave) -> tuple[str, str]:
    """A tab loads the applications page (emails, birth dates), then logs out by `leave`; the
    same tab (same client token) reloads. Returns (what the tab received while logged in,
    what the reload sent)."""
    tab = ReflexClient(url, "/secretariat/applications", session_token=session_token)
    await tab.connect(quiet=None)
    await tab.call(ApplicationsAdminState, "load", {})
    await leave(tab)
    await tab.close()
    reload = ReflexClient(url, "/")
    reload.token = tab.token  # the same tab: Reflex keeps its states under this token
    await reload.connect(quiet=None)
    await reload.close()
    return tab.received_text(), reload.received_text()


def test_logging_out_or_changing_the_password_forgets_every_loaded_page_of_the_tab(server):
    add_applicant(server, "planted.applicant@example.org", "Planted Applicant")
    with server.session() as session:
        create_user(
            session=session,
            email="leaving.secretary@example.org",
            full_name="Leaving Secretary",
            role=Role.SECRETARIAT,
            password_hash=hash_password("secretary password 1"),
        )
        session.commit()

    async def log_out(tab):
        await tab.call(AuthState, "logout", {})

    async def change_password(tab):
        form = {
            "current_password": "secretary password 1",
            "new_password": "secretary password 2",
            "repeat_password": "secretary password 2",
        }
        await tab.call(AccountState, "change_password", {"form_data": form})

    for leave in (log_out, change_password):
        token = session_token_for(server, "leaving.secretary@example.org")
        seen, reloaded = run_async(_load_then_leave(server.url, token, leave))
        assert "planted.applicant@example.org" in seen and "2001-06-15" in seen
        for private in ("planted.applicant@example.org", "2001-06-15", "Planted Applicant", token):
            assert private not in reloaded, (leave.__name__, private)
