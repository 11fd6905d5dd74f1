"""Sessions end to end: "Log out everywhere" ends the session of every browser of the account."""

import re

import pytest
from playwright.sync_api import expect

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
