"""The scaled layout end to end (tests/e2e/scale_out.py): nginx with deploy/nginx.conf in front
of two app processes with two workers each, all sharing Redis and the database, and the faults
it must survive: a worker killed mid-session, Redis restarted, the database briefly unavailable."""

import os
import re
import shutil
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL
from champions.errors import DATABASE_DOWN
from champions.models import Application, LoginAttempt
from champions.state.applications_admin import ApplicationsAdminState
from champions.state.auth import AuthState
from tests.e2e.helpers import add_applicant, expect_status, login, run_async, session_token_for
from tests.e2e.scale_out import ScaledApp
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    if not shutil.which("redis-server") or not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.fail("redis-server and nginx are missing: `make test` installs them (make scale-tools)")
    app = ScaledApp(tmp_path_factory.mktemp("scaled"), port=3120, backend_ports=(3121, 3122), redis_port=6391)
    app.prepare(
        {"CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS": "3", "CHAMPIONS_REGISTRATIONS_PER_ADDRESS": "100000"}
    )
    app.start()
    try:
        yield app
    finally:
        app.stop_all()


def _status(app: ScaledApp, application_id: int) -> str:
    with app.session() as session:
        return session.get(Application, application_id).status.value


async def _decide(url: str, token: str, application_id: int, decision: str) -> list[dict]:
    client = ReflexClient(url, "/secretariat/applications", session_token=token)
    await client.connect(quiet=None)
    await client.call(ApplicationsAdminState, "load", {})
    await client.call(
        ApplicationsAdminState, "decide_one", {"application_id": str(application_id), "decision": decision}
    )
    await client.close()
    return client.events


def test_nginx_serves_pages_with_the_security_headers_and_proxies_only_the_app(scaled):
    for path in ("/", "/secretariat/audit", "/register"):
        with urllib.request.urlopen(scaled.url + path, timeout=10) as response:
            assert response.status == 200
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["X-Frame-Options"] == "DENY"
    for path, method, body, status in [
        ("/_upload/anything.pdf", "GET", None, 404),  # Reflex's public upload folder stays closed
        ("/ping", "POST", b"x" * (2 * 1024 * 1024), 413),  # 1 MB everywhere else
        ("/api/workshops/1/versions", "POST", b"x" * (5 * 1024 * 1024), 401),  # the app answers, not nginx
    ]:
        request = urllib.request.Request(scaled.url + path, data=body, method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == status, path


def test_one_user_on_both_workers_stays_logged_in_and_sees_the_secretariats_decision(browser, scaled):
    application_id = add_applicant(scaled, "two.workers@example.org", "Ngozi Two-Workers")
    context = browser.new_context()
    first = context.new_page()
    login(first, scaled, "two.workers@example.org", PASSWORD)
    first.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    pages = [first]

    def busy_workers() -> int:
        return sum(1 for count in scaled.connections_by_worker().values() if count)

    # Open tabs until this user's live connections are spread over several workers.
    while busy_workers() < 3 and len(pages) < 12:
        page = context.new_page()
        page.goto(scaled.url + "/my-application")
        expect_status(page, "submitted")
        pages.append(page)
    assert len(scaled.connections_by_worker()) == 4  # two app processes, two workers each
    assert busy_workers() >= 3, scaled.connections_by_worker()
    # The secretariat (on whichever worker) accepts; every tab shows it after a reload.
    run_async(_decide(scaled.url, session_token_for(scaled, SECRETARIAT_EMAIL), application_id, "accepted"))
    assert _status(scaled, application_id) == "accepted"
    for page in pages:
        page.reload()
        expect_status(page, "accepted")
    context.close()


async def _failed_login(backend_url: str, address: str) -> str:
    # Straight to an app process, as its proxy would (with the public origin; any other is refused).
    client = ReflexClient(
        backend_url, "/login", headers={"X-Forwarded-For": address, "Origin": "http://localhost:3120"}
    )
    await client.connect(quiet=None)
    await client.call(
        AuthState, "login", {"form_data": {"email": "nobody@example.org", "password": "wrong pass"}}
    )
    await client.close()
    key = AuthState.get_full_name()
    return [
        d[key]["login_error_rx_state_"] for d in client.deltas if "login_error_rx_state_" in d.get(key, {})
    ][-1]


def test_address_throttling_counts_across_workers(scaled):
    """Four connections from one address, to both app processes (and whichever of their
    workers): the fourth is refused."""
    answers = [run_async(_failed_login(scaled.backend_url(n % 2), "198.51.100.60")) for n in range(4)]
    assert answers[:3] == ["Wrong email or password."] * 3
    assert re.fullmatch(r"Too many failed logins from your network\. Try again in \d+ minutes?\.", answers[3])
    with scaled.session() as session:
        assert (
            len(session.exec(select(LoginAttempt).where(LoginAttempt.client == "198.51.100.60")).all()) == 3
        )


def test_a_worker_killed_mid_session_loses_nothing_saved(browser, scaled):
    application_id = add_applicant(scaled, "killed.worker@example.org", "Kenji Killed-Worker")
    run_async(_decide(scaled.url, session_token_for(scaled, SECRETARIAT_EMAIL), application_id, "waitlisted"))
    page = browser.new_context().new_page()
    login(page, scaled, "killed.worker@example.org", PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    expect_status(page, "waitlisted")
    busiest = max(scaled.connections_by_worker().items(), key=lambda item: item[1])[0]
    os.kill(busiest, signal.SIGKILL)
    # Reflex stops an app process whose worker died; nginx sends the page's reconnection to
    # the other process, and the user is still logged in.
    page.get_by_role("link", name="Kenji Killed-Worker").click()
    page.wait_for_url(re.compile(r"/account$"), timeout=30000)
    expect(page.get_by_role("button", name="Log out everywhere")).to_be_visible(timeout=30000)
    page.get_by_role("link", name="My application").click()  # the data comes over the new connection
    expect_status(page, "waitlisted")
    page.reload()
    expect_status(page, "waitlisted")
    assert _status(scaled, application_id) == "waitlisted"
    # The supervisor (systemd in docs/deploy.md) starts the stopped process again.
    for index in range(2):
        if not scaled.backend_running(index):
            scaled.start_backend(index)
    assert len(scaled.connections_by_worker()) == 4


def test_redis_restarted_the_page_recovers_and_no_one_is_logged_out(browser, scaled):
    """What the user sees: while Redis is down an action shows "The service is restarting…";
    once it is back, the page (reloaded) shows everything saved, still logged in. Unsaved
    form input is lost: the pages' state lived in Redis."""
    add_applicant(scaled, "redis.restart@example.org", "Rosa Redis-Restart")
    page = browser.new_context().new_page()
    login(page, scaled, "redis.restart@example.org", PASSWORD)
    page.wait_for_url(re.compile(r"/my-application$"), timeout=20000)
    expect_status(page, "submitted")
    scaled.stop("redis")
    page.get_by_role("link", name="Rosa Redis-Restart").click()
    expect(page.get_by_text("The service is restarting", exact=False)).to_be_visible(timeout=30000)
    scaled.start_redis()
    page.goto(scaled.url + "/my-application")
    expect_status(page, "submitted")
    page.get_by_role("link", name="Rosa Redis-Restart").click()
    page.wait_for_url(re.compile(r"/account$"), timeout=30000)
    expect(page.get_by_role("button", name="Log out everywhere")).to_be_visible(timeout=30000)


def test_database_briefly_unavailable_says_try_again_and_recovers_without_restart(scaled):
    application_id = add_applicant(scaled, "locked.database@example.org", "Lena Locked-Database")
    token = session_token_for(scaled, SECRETARIAT_EMAIL)
    database = scaled.db_url.removeprefix("sqlite:///")
    locked, release = threading.Event(), threading.Event()

    def hold_the_write_lock():
        connection = sqlite3.connect(database, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(60)
        connection.execute("ROLLBACK")
        connection.close()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    locked.wait(10)
    try:
        events = run_async(_decide(scaled.url, token, application_id, "accepted"))
    finally:
        release.set()
        holder.join()
    assert any(DATABASE_DOWN in str(event) for event in events), events
    assert _status(scaled, application_id) == "submitted"  # nothing half-written
    time.sleep(0.5)
    events = run_async(_decide(scaled.url, token, application_id, "accepted"))  # same app, no restart
    assert not any("backend_error" in str(event) for event in events)
    assert _status(scaled, application_id) == "accepted"


def test_a_submitted_file_is_served_by_every_app_process_to_its_team_only(scaled):
    """The files live in the one CHAMPIONS_FILES_DIR every process shares; each checks who asks."""
    import hashlib

    from champions.models import SubmissionFile, SubmissionVersion, TeamMember, User

    with scaled.session() as session:
        file, team_id = session.exec(
            select(SubmissionFile, SubmissionVersion.team_id)
            .join(SubmissionVersion, SubmissionVersion.id == SubmissionFile.version_id)
            .order_by(SubmissionFile.id)
        ).first()
        member = session.exec(
            select(User.email)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.team_id == team_id)
        ).first()
        outsider = session.exec(
            select(User.email)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.team_id != team_id)
        ).first()
    tokens = {"member": session_token_for(scaled, member), "outsider": session_token_for(scaled, outsider)}
    for base in (scaled.url, scaled.backend_url(0), scaled.backend_url(1)):
        request = urllib.request.Request(
            f"{base}/files/{file.public_id}", headers={"Cookie": f"champions_session={tokens['member']}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert hashlib.sha256(response.read()).hexdigest() == file.sha256, base
        request = urllib.request.Request(
            f"{base}/files/{file.public_id}", headers={"Cookie": f"champions_session={tokens['outsider']}"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 404, base
