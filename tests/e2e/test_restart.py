"""A backend restart logs no one out and loses nothing: sessions and data live in the database."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PORT, AppProcess
from tests.e2e.helpers import expect_status, login

pytestmark = pytest.mark.e2e


def test_backend_restart_keeps_people_logged_in(browser, tmp_path):
    app = AppProcess(tmp_path, PORT + 1)
    app.start()
    try:
        page = browser.new_page()
        login(page, app.server(), "participant@champions.example")
        page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
        expect_status(page, "accepted")
        app.stop()
        app.start()
        page.reload()
        expect_status(page, "accepted")
        assert re.search(r"/my-application/?$", page.url)
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
    finally:
        app.stop()
