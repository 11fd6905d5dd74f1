"""The interface's language (issue 24): chosen by the browser before login, switched from the
header without losing what was typed, kept on the account, right to left in Arabic."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.models import Role, User
from champions.services.accounts.accounts import create_user
from champions.services.accounts.passwords import hash_password
from tests.e2e.helpers import PARTICIPANT_PASSWORD, login

pytestmark = pytest.mark.e2e


def _language_of(server, email: str) -> str:
    with server.session() as session:
        return session.exec(select(User).where(User.email == email)).one().language


def _new_account(server, email: str) -> None:
    with server.session() as session:
        create_user(
            session=session,
            email=email,
            full_name="Aigerim Seitkali",
            role=Role.PARTICIPANT,
            password_hash=hash_password(PARTICIPANT_PASSWORD),
        )
        session.commit()


def _main_nav(page):
    return page.locator("header nav")


def test_the_browsers_language_is_spoken_and_the_switcher_keeps_what_was_typed(browser, server):
    context = browser.new_context(locale="ko-KR", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(server.url + "/login")
    expect(_main_nav(page).get_by_role("link")).to_have_text(["홈", "지원하기", "로그인"])
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.get_by_label("이메일").fill("세연@example.org")
    page.get_by_label("언어").select_option("ar")
    expect(_main_nav(page).get_by_role("link")).to_have_text(["الرئيسية", "التسجيل", "تسجيل الدخول"])
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.get_by_label("البريد الإلكتروني").input_value() == "세연@example.org"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing off the mirrored page
    assert {c["name"]: c["value"] for c in context.cookies()}["champions_lang"] == "ar"

    page.reload()  # the browser's choice outranks its Accept-Language
    expect(_main_nav(page).get_by_role("link")).to_have_text(["الرئيسية", "التسجيل", "تسجيل الدخول"])
    expect(page.get_by_label("اللغة")).to_have_value("ar")
    context.close()


def test_a_choice_made_when_logged_in_is_kept_on_the_account(browser, server):
    email = "aigerim.languages@example.org"
    _new_account(server, email)
    first = browser.new_context()
    page = first.new_page()
    login(page, server, email, PARTICIPANT_PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"))
    assert _language_of(server, email) == ""
    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    assert _language_of(server, email) == "es"
    first.close()

    # Another browser, English by its own settings: the account's choice wins once logged in,
    # and stays for the tab after logging out (a language is nothing private).
    other = browser.new_context(locale="en-GB")
    page = other.new_page()
    login(page, server, email, PARTICIPANT_PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"))
    expect(_main_nav(page).get_by_role("link").first).to_have_text("Mi solicitud")
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url(re.compile(r"/login$"))
    expect(_main_nav(page).get_by_role("link")).to_have_text(["Inicio", "Inscribirse", "Iniciar sesión"])
    other.close()


def test_an_unknown_language_changes_nothing(browser, server):
    page = browser.new_page()
    page.goto(server.url + "/login")
    expect(_main_nav(page).get_by_role("link")).to_have_text(["Home", "Register", "Log in"])
    page.evaluate(
        """() => { const s = document.getElementById('language-switcher');
        const o = document.createElement('option'); o.value = 'xx'; s.appendChild(o);
        s.value = 'xx'; s.dispatchEvent(new Event('change', {bubbles: true})); }"""
    )
    page.wait_for_timeout(1000)  # the refusal sends nothing back: wait for it to have been handled
    expect(_main_nav(page).get_by_role("link")).to_have_text(["Home", "Register", "Log in"])
    assert "champions_lang" not in {c["name"] for c in page.context.cookies()}
    page.close()


def test_the_title_speaks_the_pages_language_on_every_route(browser, server):
    """Reflex writes each route's title in English at build time; the page shows it in its
    language, after a switch and after moving to another route without a reload."""
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.goto(server.url + "/login")
    expect(page).to_have_title("로그인 · Smart City Champions")
    _main_nav(page).get_by_role("link", name="지원하기").click()
    page.wait_for_url(re.compile(r"/register$"))
    expect(page).to_have_title("지원하기 · Smart City Champions")
    page.get_by_label("언어").select_option("ar")
    expect(page).to_have_title("التقديم · Smart City Champions")
    page.get_by_label("اللغة").select_option("en")
    expect(page).to_have_title("Apply · Smart City Champions")
    context.close()
