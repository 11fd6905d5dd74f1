"""Reasons in the reader's language (issue 24): a service's refusal, built with values on the
server, shows next to its field in the account's language."""

import re

import pytest
from playwright.sync_api import expect

from champions.models import Role
from champions.services.accounts.accounts import create_user
from champions.services.accounts.passwords import hash_password
from tests.e2e.helpers import PARTICIPANT_PASSWORD, login

pytestmark = pytest.mark.e2e


def test_a_korean_speaking_account_reads_a_refused_new_password_in_korean_next_to_the_field(browser, server):
    email = "seoyeon.reasons@example.org"
    with server.session() as session:
        user = create_user(
            session=session,
            email=email,
            full_name="Kim Seo-yeon",
            role=Role.PARTICIPANT,
            password_hash=hash_password(PARTICIPANT_PASSWORD),
        )
        user.language = "ko"
        session.add(user)
        session.commit()
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    login(page, server, email, PARTICIPANT_PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"))
    page.goto(server.url + "/account")
    expect(page.get_by_role("heading", name="내 계정", exact=True)).to_be_visible()

    page.get_by_label("현재 비밀번호").fill(PARTICIPANT_PASSWORD)
    page.locator("#new_password").fill("short")
    page.locator("#repeat_password").fill("short")
    page.get_by_role("button", name="비밀번호 변경").click()

    # "Use at least {min} characters." with its value, in Korean, under the new password.
    expect(page.locator("#new_password-error")).to_have_text("10자 이상 쓰세요.")
    expect(page.locator("#new_password")).to_have_attribute("aria-invalid", "true")
    # Nothing changed: still logged in (a changed password would have ended the session).
    expect(page.get_by_role("button", name="로그아웃", exact=True)).to_be_visible()
    context.close()
