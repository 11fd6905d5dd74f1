"""Phase 2 end to end: a team forms by invite code in Chromium and submits versions through
the real upload route; the deadline closes the form until the secretariat grants an
extension. The upload and file routes are attacked over plain HTTP."""

import json
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL
from champions.models import (
    AttendanceStatus,
    Cohort,
    Extension,
    LectureMode,
    ReviewAssignment,
    Role,
    SubmissionFile,
    SubmissionVersion,
    Team,
    User,
    Workshop,
)
from champions.services.accounts.accounts import create_user
from champions.services.accounts.passwords import hash_password
from champions.services.phase1.attendance import record_attendance
from champions.services.phase1.lectures import CheckedLecture, save_lecture
from champions.services.teams.teams import create_team, join_team
from champions.state.team import TeamState
from champions.state.teams_admin import TeamsAdminState
from champions.state.workshops_admin import WorkshopsAdminState
from tests.e2e.helpers import (
    PARTICIPANT_PASSWORD,
    cohort_with_participants,
    login,
    run_async,
    session_token_for,
)
from tests.support.files import EXE, PNG, multipart, pdf
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e

PASSWORD = PARTICIPANT_PASSWORD


def phase2_cohort(server, name: str, people: list[str]) -> tuple[int, list[int]]:
    """A cohort whose Phase 1 is over (one lecture, attended by everyone listed, one needed)
    and whose first workshop is open until tomorrow. Returns (workshop id, user ids)."""
    now = datetime.now(UTC)
    with server.session() as session:
        cohort, users, secretariat = cohort_with_participants(
            session,
            name,
            [(email, f"{name} Member {i + 1}") for i, email in enumerate(people)],
            phase1_required=1,
        )
        start = now - timedelta(days=10)
        lecture = save_lecture(
            session=session,
            actor=secretariat,
            cohort=cohort,
            checked=CheckedLecture(
                title="The only lecture",
                speaker="Dr. Lee",
                description="",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                mode=LectureMode.ONLINE,
                join_url="https://meet.example.org/x",
                venue="",
                recording_url="",
            ),
        )
        record_attendance(
            session=session,
            actor=secretariat,
            lecture_id=lecture.id,
            marks={u.id: AttendanceStatus.PRESENT for u in users},
            now=start + timedelta(hours=1),
        )
        workshop = Workshop(
            cohort_id=cohort.id,
            position=1,
            title="Problem framing",
            brief="Describe **who** is affected. <script>alert('x')</script>",
            opens_at=now - timedelta(days=1),
            deadline=now + timedelta(days=1),
        )
        session.add(workshop)
        session.commit()
        return workshop.id, [u.id for u in users]


def new_page(browser) -> Page:
    return browser.new_context(timezone_id="Africa/Kampala", locale="en-GB").new_page()


def version_count(server, workshop_id: int) -> int:
    with server.session() as session:
        return len(
            session.exec(select(SubmissionVersion).where(SubmissionVersion.workshop_id == workshop_id)).all()
        )


def test_a_team_forms_by_invite_code_and_submits_versions_until_the_deadline(
    page: Page, browser, server, tmp_path
):
    emails = [f"team.member{i}@example.org" for i in range(1, 4)]
    workshop_id, _ = phase2_cohort(server, "E2E-teams", emails)
    first, second, third = (new_page(browser) for _ in range(3))
    for member, email in zip((first, second, third), emails):
        login(member, server, email, PASSWORD)
        member.wait_for_url(re.compile(r"/my-application$"))
        member.goto(server.url + "/team")

    first.get_by_label("Team name").fill("Lanterns 등불")
    first.get_by_label("The smart city challenge you tackle").fill("Safe walks home after evening classes")
    first.get_by_label("The city it concerns").fill("Kampala")
    first.get_by_role("button", name="Create team").click()
    code = first.get_by_test_id("invite-code").inner_text(timeout=15000).strip()
    for member in (second, third):
        member.get_by_label("Invite code").fill(code.lower())
        member.get_by_role("button", name="Join team").click()
        expect(member.get_by_text("You joined 'Lanterns 등불'.")).to_be_visible(timeout=15000)
    expect(third.get_by_test_id("members").locator("li")).to_have_count(3)

    workshop = first.get_by_test_id(f"workshop-{workshop_id}")
    expect(workshop.locator("strong", has_text="who")).to_be_visible()  # markdown rendered
    expect(workshop.get_by_text("<script>alert('x')</script>")).to_be_visible()  # raw HTML shown as text
    deck = tmp_path / "framing-deck.pdf"
    deck.write_bytes(pdf("Lanterns framing"))
    workshop.get_by_label("Title").fill("Who walks home in the dark")
    workshop.get_by_label("Summary (up to 500 words)").fill("Students walking home after evening classes.")
    workshop.get_by_label(re.compile("^Files")).set_input_files(str(deck))
    workshop.get_by_role("button", name="Submit version").click()
    expect(first.get_by_text("Version 1 submitted.")).to_be_visible(timeout=20000)
    expect(workshop.get_by_test_id(f"state-{workshop_id}")).to_contain_text("submitted: version 1")
    expect(workshop.get_by_role("link", name="framing-deck.pdf")).to_be_visible()

    second.reload()
    theirs = second.get_by_test_id(f"workshop-{workshop_id}")
    expect(theirs.get_by_test_id(f"state-{workshop_id}")).to_contain_text(
        "submitted: version 1", timeout=15000
    )
    theirs.get_by_label("Title").fill("Who walks home in the dark (with survey)")
    theirs.get_by_label("Summary (up to 500 words)").fill("We added a survey of 40 students.")
    theirs.get_by_role("button", name="Submit version").click()
    expect(second.get_by_text("Version 2 submitted.")).to_be_visible(timeout=20000)
    first.reload()
    for member in (first, second):
        state = member.get_by_test_id(f"state-{workshop_id}")
        expect(state).to_contain_text("submitted: version 2", timeout=15000)
        expect(
            member.get_by_test_id(f"versions-{workshop_id}").get_by_role("link", name="framing-deck.pdf")
        ).to_have_count(2)  # version 2 kept version 1's file

    with server.session() as session:  # the deadline passes
        stored = session.get(Workshop, workshop_id)
        stored.deadline = datetime.now(UTC) - timedelta(minutes=1)
        session.add(stored)
        session.commit()
    third.reload()
    expect(third.get_by_test_id(f"closed-{workshop_id}")).to_have_text(
        "The deadline has passed; the secretariat no longer accepts versions unless it grants your team an "
        "extension.",
        timeout=15000,
    )
    expect(third.get_by_role("button", name="Submit version")).to_have_count(0)

    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"))
    page.goto(server.url + "/secretariat/teams")
    page.get_by_label("Cohort").select_option("E2E-teams")
    card = page.locator(".rt-Card", has=page.get_by_role("heading", name="Lanterns 등불"))
    card.get_by_text("Grant an extension").click()
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    card.get_by_label("New deadline date (Seoul)").fill(tomorrow.date().isoformat())
    card.get_by_label("Time (Seoul)").fill("23:00")
    card.get_by_label("Reason").fill("Two members were at a city hackathon.")
    card.get_by_role("button", name="Grant extension").click()
    expect(page.get_by_text(re.compile(r"^Extension granted until"))).to_be_visible(timeout=15000)

    third.reload()
    again = third.get_by_test_id(f"workshop-{workshop_id}")
    expect(again.get_by_text("Extension granted: Two members were at a city hackathon.")).to_be_visible(
        timeout=15000
    )
    again.get_by_label("Title").fill("Final framing")
    again.get_by_label("Summary (up to 500 words)").fill("Now with the hackathon's results.")
    again.get_by_role("button", name="Submit version").click()
    expect(third.get_by_text("Version 3 submitted.")).to_be_visible(timeout=20000)
    expect(again.get_by_test_id(f"state-{workshop_id}")).to_contain_text("late")
    expect(again.get_by_text("under extension")).to_be_visible()
    for member in (first, second, third):
        member.context.close()


# --- the routes, attacked over HTTP -----------------------------------------------------------


def post(
    server,
    workshop_id: int,
    token: str,
    fields: dict,
    files: list[tuple[str, bytes]],
    headers: dict | None = None,
) -> tuple[int, dict]:
    body, content_type = multipart(fields, files)
    request = urllib.request.Request(
        f"{server.url}/api/workshops/{workshop_id}/versions",
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            **(headers or {}),
            **({"Cookie": f"champions_session={token}"} if token else {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def fetch(server, url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        server.url + url, headers={"Cookie": f"champions_session={token}"} if token else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


FIELDS = {"title": "Attack", "summary": "Trying the limits."}
ATTACKS = [
    (
        "oversize",
        [("huge.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024 + 10))],
        413,
        "'huge.pdf' is larger than 20 MB.",
    ),
    (
        "wrong content",
        [("report.pdf", EXE)],
        400,
        "'report.pdf' is not really a PDF file; export it again and retry.",
    ),
    (
        "dot-dot name",
        [("../../../etc/cron.pdf", pdf())],
        400,
        "'../../../etc/cron.pdf' is not a plain file name.",
    ),
    ("NUL in name", [("deck\x00.pdf", pdf())], 400, "A file name contains control characters."),
    (
        "300 characters",
        [("n" * 296 + ".pdf", pdf())],
        400,
        "A file name is longer than 255 characters; rename the file.",
    ),
    ("zero bytes", [("empty.png", b"")], 400, "'empty.png' is empty."),
    ("sixth file", [(f"photo{i}.png", PNG) for i in range(6)], 413, "Attach at most 5 files."),
]


@pytest.fixture(scope="module")
def attack_setup(server):
    emails = [
        "upload.a@example.org",
        "upload.b@example.org",
        "upload.c@example.org",
        "other.team@example.org",
    ]
    workshop_id, ids = phase2_cohort(server, "E2E-uploads", emails)
    with server.session() as session:
        users = [session.get(User, i) for i in ids]
        cohort = session.get(Cohort, session.get(Workshop, workshop_id).cohort_id)
        team = create_team(
            session=session, user=users[0], cohort=cohort, name="Uploaders", challenge="", city=""
        )
        join_team(session=session, user=users[1], code=team.invite_code)
        create_team(session=session, user=users[3], cohort=cohort, name="Others", challenge="", city="")
        mentor = create_user(
            session=session,
            email="unassigned.mentor@example.org",
            full_name="Mentor U",
            role=Role.MENTOR,
            password_hash=hash_password(PASSWORD),
        )
        assigned = create_user(
            session=session,
            email="assigned.mentor@example.org",
            full_name="Mentor A",
            role=Role.MENTOR,
            password_hash=hash_password(PASSWORD),
        )
        session.add(ReviewAssignment(team_id=team.id, workshop_id=workshop_id, mentor_id=assigned.id))
        session.commit()
        assert mentor.id
    return workshop_id, emails


@pytest.mark.parametrize(("name", "files", "status", "message"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_upload_attacks_are_refused_and_store_nothing(server, attack_setup, name, files, status, message):
    workshop_id, emails = attack_setup
    before = sorted(p.name for p in Path(server.files_dir).rglob("*") if p.is_file())
    code, answer = post(server, workshop_id, session_token_for(server, emails[0]), FIELDS, files)
    assert (code, answer["ok"], answer["errors"]["files"]) == (status, False, message)
    assert version_count(server, workshop_id) == 0
    assert sorted(p.name for p in Path(server.files_dir).rglob("*") if p.is_file()) == before


def test_uploads_need_a_session_a_team_and_the_sites_origin(server, attack_setup):
    workshop_id, emails = attack_setup
    files = [("deck.pdf", pdf())]
    assert post(server, workshop_id, "", FIELDS, files) == (
        401,
        {"ok": False, "errors": {"": "Your session has ended; log in again."}},
    )
    outsider = session_token_for(server, "participant@champions.example")
    assert post(server, workshop_id, outsider, FIELDS, files)[1]["errors"] == {
        "": "Only members of a team can submit."
    }
    foreign = post(
        server,
        workshop_id,
        session_token_for(server, emails[0]),
        FIELDS,
        files,
        headers={"Origin": "https://evil.example"},
    )
    assert foreign[0] == 403
    assert version_count(server, workshop_id) == 0


def test_an_upload_from_outside_the_team_writes_nothing_to_disk_while_it_arrives(server, attack_setup):
    """Issue 22, finding 5: the team check comes before the body is read: an account that may
    not submit (here a participant of no team) has none of its bytes written, not even to the
    incoming folder for the time of the request."""
    import http.client
    import time
    from urllib.parse import urlsplit

    workshop_id, _ = attack_setup
    body, content_type = multipart(FIELDS, [("deck.pdf", pdf() + b"0" * (4 * 1024 * 1024))])
    incoming = Path(server.files_dir) / ".incoming"
    before = set(incoming.glob("*")) if incoming.exists() else set()
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.putrequest("POST", f"/api/workshops/{workshop_id}/versions")
    for name, value in {
        "Content-Type": content_type,
        "Content-Length": str(len(body)),
        "Cookie": f"champions_session={session_token_for(server, 'participant@champions.example')}",
    }.items():
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(body[: 2 * 1024 * 1024])  # half of it, then a pause while it "uploads"
    time.sleep(2)
    during = (set(incoming.glob("*")) if incoming.exists() else set()) - before
    connection.send(body[2 * 1024 * 1024 :])
    response = connection.getresponse()
    answer = json.loads(response.read())
    connection.close()
    assert during == set()
    assert (response.status, answer["errors"]) == (403, {"": "Only members of a team can submit."})


def test_files_are_served_only_to_the_team_the_assigned_mentor_and_the_secretariat(server, attack_setup):
    workshop_id, emails = attack_setup
    status, answer = post(
        server,
        workshop_id,
        session_token_for(server, emails[1]),
        FIELDS,
        [("발표-자료.pdf", pdf("Uploaders"))],
    )
    assert (status, answer["ok"], answer["version"]) == (200, True, 1)
    with server.session() as session:
        file = session.exec(
            select(SubmissionFile).join(SubmissionVersion).where(SubmissionVersion.workshop_id == workshop_id)
        ).one()
        url, stored_name = f"/files/{file.public_id}", file.stored_name
    assert stored_name not in url and "발표" not in url
    expected = pdf("Uploaders")
    for who, email in [
        ("member", emails[0]),
        ("secretariat", SECRETARIAT_EMAIL),
        ("assigned mentor", "assigned.mentor@example.org"),
    ]:
        assert fetch(server, url, session_token_for(server, email)) == (200, expected), who
    for who, email in [
        ("other team", emails[3]),
        ("accepted but no team", emails[2]),
        ("unassigned mentor", "unassigned.mentor@example.org"),
        ("participant of another cohort", "participant@champions.example"),
    ]:
        assert fetch(server, url, session_token_for(server, email)) == (404, b"Not found"), who
    assert fetch(server, url, "") == (404, b"Not found")
    assert fetch(server, "/files/" + "A" * 24, session_token_for(server, SECRETARIAT_EMAIL)) == (
        404,
        b"Not found",
    )
    for public_path in ("/_upload/" + stored_name, "/_upload/" + stored_name[:2] + "/" + stored_name):
        status, body = fetch(server, public_path, "")
        assert status == 404 or expected not in body
    with server.session() as session:
        assert session.exec(select(Team).where(Team.name == "Uploaders")).one()


def _phase2_window(server, cohort: str) -> tuple[str, str]:
    """The first and last day of the cohort's Phase 2: a workshop's dates must fall within it."""
    with server.session() as session:
        found = session.exec(select(Cohort).where(Cohort.name == cohort)).one()
        return found.phase2_start.isoformat(), found.phase2_end.isoformat()


async def _attack_handlers(
    url: str,
    token: str,
    cohort: str,
    team_id: int,
    workshop_id: int,
    user_id: int,
    window: tuple[str, str] = ("2020-01-01", "2099-01-01"),
):
    client = ReflexClient(url, "/secretariat/teams", session_token=token)
    await client.connect()
    for state, handler, payload in [
        (TeamsAdminState, "load", {}),
        (TeamsAdminState, "choose_cohort", {"name": cohort}),
        (TeamsAdminState, "auto_form", {}),
        (TeamsAdminState, "set_locked", {"team_id": str(team_id), "locked": True}),
        (TeamsAdminState, "move", {"user_id": str(user_id), "team_id": str(team_id)}),
        (
            TeamsAdminState,
            "extend",
            {
                "form_data": {
                    "team_id": str(team_id),
                    "workshop_id": str(workshop_id),
                    "deadline_day": "2099-01-01",
                    "deadline_time": "10:00",
                    "reason": "hijacked",
                }
            },
        ),
        (WorkshopsAdminState, "show", {"zone": "UTC"}),
        (WorkshopsAdminState, "choose_cohort", {"name": cohort}),
        (WorkshopsAdminState, "edit", {"workshop_id": str(workshop_id)}),
        (
            WorkshopsAdminState,
            "save",
            {
                "form_data": {
                    "title": "Hijacked",
                    "opens_day": window[0],
                    "opens_time": "10:00",
                    "deadline_day": window[1],
                    "deadline_time": "10:00",
                    "zone": "Asia/Seoul",
                    "weight": "1",
                }
            },
        ),
        (TeamState, "create", {"form_data": {"name": "Sneaky", "challenge": "", "city": ""}}),
    ]:
        await client.emit(state, handler, payload, settle=0.3)
    await client.close()
    return client


def _attack_state(server, workshop_id: int):
    with server.session() as session:
        team = session.exec(select(Team).where(Team.name == "Uploaders")).one()
        return (
            team.locked,
            session.get(Workshop, workshop_id).title,
            session.exec(select(Extension).where(Extension.team_id == team.id)).first() is None,
            session.exec(select(Team).where(Team.name.in_(["Sneaky", "Team 1"]))).first() is None,
        )


@pytest.mark.parametrize("who", ["participant", "mentor", "nobody"])
def test_team_handlers_refuse_callers_without_the_role(server, attack_setup, who):
    workshop_id, emails = attack_setup
    with server.session() as session:
        team_id = session.exec(select(Team.id).where(Team.name == "Uploaders")).one()
        user_id = session.exec(select(User.id).where(User.email == emails[2])).one()
    token = {
        "participant": lambda: session_token_for(server, emails[0]),
        "mentor": lambda: session_token_for(server, "assigned.mentor@example.org"),
        "nobody": lambda: "",
    }[who]()
    client = run_async(
        _attack_handlers(
            server.url,
            token,
            "E2E-uploads",
            team_id,
            workshop_id,
            user_id,
            _phase2_window(server, "E2E-uploads"),
        )
    )
    assert _attack_state(server, workshop_id) == (False, "Problem framing", True, True)
    assert "upload.c@example.org" not in client.received_text()


def test_the_same_team_calls_work_for_the_secretariat(server, attack_setup):
    """The control (runs last: it changes the shared setup): the calls above do reach the handlers."""
    workshop_id, emails = attack_setup
    with server.session() as session:
        team_id = session.exec(select(Team.id).where(Team.name == "Uploaders")).one()
        user_id = session.exec(select(User.id).where(User.email == emails[2])).one()
    token = session_token_for(server, SECRETARIAT_EMAIL)
    client = run_async(
        _attack_handlers(
            server.url,
            token,
            "E2E-uploads",
            team_id,
            workshop_id,
            user_id,
            _phase2_window(server, "E2E-uploads"),
        )
    )
    locked, title, no_extension, _ = _attack_state(server, workshop_id)
    assert (locked, title, no_extension) == (True, "Hijacked", False)
    assert "E2E-uploads Member 3" in client.received_text()
