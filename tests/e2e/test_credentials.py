"""Verifiable certificates end to end in Chromium on the demo cohort of 2022: the secretariat's
certificates PDF is rendered by poppler, its QR code decoded by zxing-cpp, and the page it
names opened without logging in; unknown codes get one plain answer. A participant copies a
certificate's verification link, adds it to LinkedIn, downloads its Open Badge (checked against
the published keys), and chooses whether the public winners page shows their name."""

import base64
import json
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL
from champions.models import AwardEntry, Cohort, Credential, User
from tests.e2e.accessibility import axe_violations
from tests.e2e.helpers import login, session_token_for


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


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


def _participant_credentials(server) -> tuple[int, list[Credential]]:
    with server.session() as session:
        user_id = session.exec(select(User.id).where(User.email == PARTICIPANT_EMAIL)).one()
        rows = session.exec(
            select(Credential)
            .where(Credential.holder_user_id == user_id, Credential.revoked_at.is_(None))
            .order_by(Credential.id)
        ).all()
        return user_id, list(rows)


def test_a_participant_shares_a_certificate_and_downloads_a_badge_that_verifies(page: Page, server):
    _, credentials = _participant_credentials(server)
    assert credentials, "the demo participant holds certificates of 2022"
    first = credentials[0]
    login(page, server, PARTICIPANT_EMAIL)
    expect(page.get_by_role("link", name="Awards")).to_be_visible()
    page.goto(server.url + "/awards")
    certificates = page.get_by_test_id("my-certificates")
    expect(certificates.get_by_role("heading", name=first.award).first).to_be_visible()
    link = certificates.get_by_label("Verification link (copy it to share)").first
    expect(link).to_have_value(f"{server.url}/verify/{first.code}")
    linkedin = certificates.get_by_role("link", name="Add to LinkedIn profile").first
    href = linkedin.get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert href.startswith("https://www.linkedin.com/profile/add?")
    assert query == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": [f"{first.award} · Smart City Champions 2022"],
        "organizationName": ["World Smart Sustainable Cities Organization (WeGO)"],
        "issueYear": ["2022"],
        "issueMonth": ["12"],
        "certId": ["-".join(first.code[i : i + 4] for i in range(0, 16, 4))],
        "certUrl": [f"{server.url}/verify/{first.code}"],
    }
    assert axe_violations(page) == []

    with page.expect_download() as download:
        certificates.get_by_role("link", name="Download Open Badge 3.0 credential (.jwt)").first.click()
    token = open(download.value.path()).read()
    jwks = page.request.get(server.url + "/.well-known/jwks.json")
    assert jwks.headers["access-control-allow-origin"] == "*"
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(_unb64(header_b64))
    [key] = [k for k in jwks.json()["keys"] if k["kid"] == header["kid"]]
    Ed25519PublicKey.from_public_bytes(_unb64(key["x"])).verify(
        _unb64(signature_b64), f"{header_b64}.{payload_b64}".encode()
    )
    vc = json.loads(_unb64(payload_b64))
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["id"] == f"{server.url}/verify/{first.code}"
    assert page.request.get(vc["issuer"]["id"]).json()["name"] == vc["issuer"]["name"]
    status = page.request.get(vc["credentialStatus"]["statusListCredential"])
    assert status.ok and status.headers["content-type"].startswith("application/vc+jwt")

    # Someone else's code gets the same answer as one that does not exist.
    with server.session() as session:
        others = session.exec(
            select(Credential.code).where(Credential.holder_user_id != first.holder_user_id)
        ).first()
    for code in (others, "A" * 16):
        refused = page.request.get(f"{server.url}/credentials/open-badge/{code}")
        assert (refused.status, refused.text()) == (404, "You have no credential with this code.")


def test_the_winners_page_names_only_members_who_chose_so(page: Page, server):
    user_id, _ = _participant_credentials(server)
    with server.session() as session:
        name = session.get(User, user_id).full_name
        team_member = session.exec(
            select(AwardEntry).where(AwardEntry.members.contains(f'"user_id": {user_id},'))
        ).first()
    winners = page.request.get(f"{server.url}/winners/2022")
    assert winners.status == 200 and name not in winners.text()
    login(page, server, PARTICIPANT_EMAIL)
    expect(page.get_by_role("link", name="Awards")).to_be_visible()
    page.goto(server.url + "/account")
    consent = page.get_by_label("Show my name on the public winners page")
    expect(consent).not_to_be_checked()
    consent.click()
    expect(page.get_by_text("Your name is shown on the winners pages.")).to_be_visible()
    page.goto(f"{server.url}/winners/2022")
    expect(page.get_by_role("heading", name="Winners of Smart City Champions 2022")).to_be_visible()
    og_title = page.locator('meta[property="og:title"]').get_attribute("content")
    assert og_title == "Winners of Smart City Champions 2022"
    assert (
        page.locator('meta[property="og:description"]').get_attribute("content").startswith("Champion Team: ")
    )
    if team_member is not None:  # their team won: their name now shows
        expect(page.locator("main")).to_contain_text(name)
    assert axe_violations(page) == []
    page.goto(server.url + "/account")
    consent = page.get_by_label("Show my name on the public winners page")
    expect(consent).to_be_checked()
    consent.click()
    expect(page.get_by_text("Your name is no longer shown on the winners pages.")).to_be_visible()
    assert name not in page.request.get(f"{server.url}/winners/2022").text()
    assert page.request.get(f"{server.url}/winners/2041").status == 404
