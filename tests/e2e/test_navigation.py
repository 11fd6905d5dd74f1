"""The secretariat's navigation, grouped by the program's parts, at 1280 and 375 px."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import login, wait_hydrated

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("CHAMPIONS_TEST_DB_URL", "").startswith("postgresql"),
        reason="the navigation does not depend on the database: the SQLite pass checks it",
    ),
]


def test_the_secretariat_navigation_is_grouped_and_fits_375_and_1280_px(browser, server):
    for width in (1280, 375):
        page = browser.new_page(viewport={"width": width, "height": 900})
        login(page, server, "secretariat@champions.example")
        page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
        # Opened afresh: after the client-side move from /login, the browser's Tab would start
        # where the login button was, not at the top of the page.
        page.goto(server.url + "/secretariat")
        wait_hydrated(page)
        nav = page.get_by_role("navigation", name="Main")
        for group in ("Edition", "Applicants", "Phase 1", "Phase 2", "Judging", "Awards", "Records"):
            expect(nav.get_by_role("list", name=group, exact=True)).to_be_visible()
        expect(nav.get_by_role("list", name="Phase 1", exact=True).get_by_role("link")).to_have_text(
            ["Lectures", "Roster", "Progress"]
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.keyboard.press("Tab")  # the skip link, then the title, then the first group's links
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Dashboard"
        page.close()
