"""Verifiable certificates end to end in Chromium on the demo cohort of 2022: the secretariat's
certificates PDF is rendered by poppler, its QR code decoded by zxing-cpp, and the page it
names opened without logging in; unknown codes get one plain answer."""

import subprocess

import pytest
import zxingcpp
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.models import Cohort, Credential
from tests.e2e.accessibility import axe_violations
from tests.e2e.helpers import session_token_for

pytestmark = pytest.mark.e2e


def qr_codes_on_page(pdf: bytes, page: int, tmp_path) -> list[str]:
    """The QR codes zxing-cpp reads on one page of the PDF, rendered in gray by pdftoppm."""
    (tmp_path / "certificates.pdf").write_bytes(pdf)
    raw = subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-gray",
            "-f",
            str(page),
            "-l",
            str(page),
            str(tmp_path / "certificates.pdf"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    magic, width, height, _, pixels = raw.split(maxsplit=4)
    assert magic == b"P5"
    return [b.text for b in zxingcpp.read_barcodes(memoryview(pixels).cast("B", (int(height), int(width))))]


def test_the_qr_code_of_a_certificate_opens_its_verification_page(page: Page, browser, server, tmp_path):
    with server.session() as session:
        cid = session.exec(select(Cohort.id).where(Cohort.name == "2022")).one()
    context = browser.new_context()
    token = session_token_for(server, "secretariat@champions.example")
    context.add_cookies([{"name": "champions_session", "value": token, "url": server.url}])
    response = context.request.get(f"{server.url}/exports/awards/{cid}/certificates", timeout=120_000)
    assert response.status == 200
    pdf = response.body()
    context.close()
    [url] = qr_codes_on_page(pdf, 2, tmp_path)
    code = url.rsplit("/", 1)[1]
    assert url == f"{server.url}/verify/{code}"
    with server.session() as session:
        credential = session.exec(select(Credential).where(Credential.code == code)).one()

    page.goto(url)  # nobody logged in
    expect(page.get_by_role("heading", name="Verify a certificate")).to_be_visible()
    expect(
        page.get_by_text("Valid: this certificate was issued by World Smart Sustainable Cities")
    ).to_be_visible()
    main = page.locator("main").inner_text()
    assert credential.holder_name in main and credential.award in main
    assert "Smart City Champions 2022" in main and "8 December 2022" in main
    assert "@" not in main  # no email, nothing else about the person
    assert axe_violations(page) == []

    page.goto(f"{server.url}/verify/{'A' * 16}")
    unknown = page.locator("main").inner_text()
    page.goto(f"{server.url}/verify/not-a-code")
    assert page.locator("main").inner_text() == unknown
    assert "No certificate has this code." in unknown
