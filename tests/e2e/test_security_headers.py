"""Security headers on every kind of response, the app working under its Content-Security-
Policy in Chromium (no violation reported on any page of any role), and no submitted file in
Reflex's public upload folder."""

import gzip
import os
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL
from champions.models import SubmissionFile
from champions.security import CONTENT_SECURITY_POLICY
from tests.e2e.helpers import login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("CHAMPIONS_TEST_DB_URL", "").startswith("postgresql"),
        reason="the headers do not depend on the database: the SQLite pass checks them",
    ),
]

ROOT = Path(__file__).resolve().parents[2]


def headers_of(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        ("/register", 200),
        ("/secretariat", 200),
        ("/ping", 200),
        ("/exports/awards/1/csv", 403),
        ("/files/not-a-file", 404),
        ("/styles.css", 200),
    ],
)
def test_every_response_carries_the_security_headers(server, path, status):
    got, headers = headers_of(server.url + path)
    assert got == status
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"


PAGES = {
    "secretariat@champions.example": [
        "/secretariat?cohort=2022",
        "/secretariat/applications",
        "/secretariat/lectures",
        "/secretariat/roster",
        "/secretariat/progress",
        "/secretariat/workshops",
        "/secretariat/teams",
        "/secretariat/judging",
        "/secretariat/results",
        "/secretariat/awards",
        "/secretariat/mentors",
        "/secretariat/audit",
    ],
    PARTICIPANT_EMAIL: ["/my-application", "/schedule", "/team", "/awards", "/account"],
    "mentor1@champions.example": ["/mentor", "/account"],
}


def test_no_page_breaks_the_content_security_policy(browser, server):
    violations = []
    for email, paths in PAGES.items():
        context = browser.new_context()
        page = context.new_page()
        page.on(
            "console",
            lambda m, email=email: (
                violations.append((email, m.text)) if "Content Security Policy" in m.text else None
            ),
        )
        login(page, server, email)
        page.wait_for_url(re.compile(r"/(secretariat|my-application|mentor)"), timeout=20000)
        for path in paths:
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            # The page is live: its events went over the websocket the policy allows.
            assert page.get_by_role("heading", level=1).count() >= 1, path
        context.close()
    anonymous = browser.new_page()
    anonymous.on(
        "console", lambda m: violations.append(("", m.text)) if "Content Security Policy" in m.text else None
    )
    for path in ("/", "/register", "/login", "/privacy"):
        anonymous.goto(server.url + path)
        anonymous.wait_for_load_state("networkidle")
    assert violations == []


def test_submitted_files_never_reach_the_public_upload_folder(server):
    with server.session() as session:
        stored = [f.stored_name for f in session.exec(select(SubmissionFile))]
    assert stored, "the demo has submitted files"
    for name in stored:
        assert (Path(server.files_dir) / name[:2] / name).is_file()
        for public in (f"/_upload/{name}", f"/_upload/{name[:2]}/{name}"):
            assert headers_of(server.url + public)[0] == 404
    upload_dir = ROOT / "uploaded_files"
    assert not upload_dir.exists() or not any(p.is_file() for p in upload_dir.rglob("*"))


def _get(url: str, encodings: str = "br, gzip") -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encodings})
    with urllib.request.urlopen(request, timeout=10) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def test_hashed_assets_are_kept_a_year_and_text_goes_compressed(server):
    """A returning visitor downloads no script again; pages are revalidated so a new build is
    seen at once; every text response is brotli (or, for a browser without it, gzip)."""
    headers, _ = _get(server.url + "/")
    assert headers["content-encoding"] == "br" and headers["cache-control"] == "no-cache"
    headers, body = _get(server.url + "/", encodings="gzip")
    assert headers["content-encoding"] == "gzip"
    page = gzip.decompress(body).decode("utf-8")
    scripts = sorted(set(re.findall(r'/assets/[^"\s]+\.js', page)))
    assert scripts, "the page names its scripts"
    for path in scripts[:5]:
        headers, body = _get(server.url + path)
        assert headers["cache-control"] == "public, max-age=31536000, immutable", path
        if len(body) < 256 and "content-encoding" not in headers:
            continue  # below the build's compression threshold (the entry: one import, ~200 bytes)
        assert headers["content-encoding"] == "br", path
        headers, body = _get(server.url + path, encodings="gzip")
        assert headers["content-encoding"] == "gzip" and gzip.decompress(body), path
    # Not hashed: revalidated, never kept for a year.
    headers, _ = _get(server.url + "/styles.css")
    assert headers["cache-control"] == "no-cache" and headers["content-encoding"] == "br"
