"""Accounts end to end: "Log out everywhere" ends the session of every browser of the account;
a participant downloads their data and deletes their account."""

import json
import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.models import User

from tests.e2e.helpers import add_applicant, login

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
