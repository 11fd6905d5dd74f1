"""Phase 1 end to end in Chromium: the secretariat schedules a lecture and reveals its code,
a participant checks in and sees their progress, the roster's bulk marking empties the
at-risk list, and a participant cannot use the secretariat's attendance handlers."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL
from champions.models import (
    Application,
    ApplicationStatus,
    Attendance,
    AuditEntry,
    Lecture,
    LectureMode,
    User,
)
from champions.services.phase1.lectures import CheckedLecture, reveal_checkin_code, save_lecture
from champions.services.registration.applications import decide_applications
from champions.services.registration.cohorts import open_cohort
from champions.state.lectures_admin import LecturesAdminState
from champions.state.progress_admin import ProgressAdminState
from champions.state.roster import RosterState
from champions.state.schedule import ScheduleState
from tests.e2e.helpers import add_applicant, cohort_with_participants, login, run_async, session_token_for
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e

VIEWER_ZONE = "America/Sao_Paulo"  # the browser's zone (conftest)


def accept(server, application_id: int) -> None:
    with server.session() as session:
        secretariat = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
        application = session.get(Application, application_id)
        decide_applications(
            session=session,
            actor=secretariat,
            cohort_id=application.cohort_id,
            application_ids=[application_id],
            decision=ApplicationStatus.ACCEPTED,
        )
        session.commit()


def lecture_count(server) -> int:
    with server.session() as session:
        cohort = open_cohort(session=session, today=date.today())
        return len(
            list(
                session.exec(
                    select(Lecture.id).where(Lecture.cohort_id == cohort.id, Lecture.cancelled_at.is_(None))
                )
            )
        )


def _start_in_a_zone_with_room() -> tuple[str, datetime, datetime]:
    """A lecture from 5 minutes ago lasting an hour, in the viewer's zone unless it would
    cross midnight there (then in Seoul time)."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    for zone in (VIEWER_ZONE, "Asia/Seoul"):
        start = (now - timedelta(minutes=5)).astimezone(ZoneInfo(zone))
        end = start + timedelta(hours=1)
        if end.date() == start.date():
            return zone, start, end
    raise AssertionError("no zone without midnight in the next hour")


def test_secretariat_schedules_and_participant_checks_in(page: Page, browser, server):
    application_id = add_applicant(server, "checkin.person@example.org", "Checkin Person")
    accept(server, application_id)

    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"))
    page.goto(server.url + "/secretariat/lectures")
    expect(page.get_by_role("heading", name="Lecture 1: Smart Cities and the SDG 11 Agenda")).to_be_visible()
    page.get_by_role("button", name="New lecture").click()
    zone, start, end = _start_in_a_zone_with_room()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Title").fill("Night Safety Walks — 안전한 밤길")
    dialog.get_by_label("Speaker").fill("Dr. Amina Yusuf")
    dialog.get_by_label("Date").fill(start.date().isoformat())
    dialog.get_by_label("Starts").fill(f"{start:%H:%M}")
    dialog.get_by_label("Ends").fill(f"{start:%H:%M}")  # wrong first: the end is not after the start
    zone_option = f"My time ({VIEWER_ZONE})" if zone == VIEWER_ZONE else "Seoul time (Asia/Seoul)"
    dialog.get_by_label("Time zone of these times").select_option(label=zone_option)
    dialog.get_by_label("Join link").fill("https://meet.example.org/night-walks")
    dialog.get_by_role("button", name="Save lecture").click()
    expect(dialog.get_by_text("The end must be after the start.")).to_be_visible()
    with server.session() as session:
        assert session.exec(select(Lecture).where(Lecture.speaker == "Dr. Amina Yusuf")).first() is None
    dialog.get_by_label("Ends").fill(f"{end:%H:%M}")
    dialog.get_by_role("button", name="Save lecture").click()
    expect(page.get_by_text("Saved 'Night Safety Walks — 안전한 밤길'.")).to_be_visible()
    with server.session() as session:
        stored = session.exec(select(Lecture).where(Lecture.speaker == "Dr. Amina Yusuf")).one()
        assert stored.starts_at == start.astimezone(UTC) and stored.ends_at == end.astimezone(UTC)

    card = page.locator(".rt-Card", has=page.get_by_role("heading", name=re.compile("Night Safety Walks")))
    card.get_by_role("button", name="Reveal check-in code").click()
    code = card.get_by_test_id("checkin-code").inner_text(timeout=15000).strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    with server.session() as session:
        assert session.get(Lecture, stored.id).checkin_code == code

    total = lecture_count(server)
    participant = browser.new_context(timezone_id=VIEWER_ZONE, locale="en-GB").new_page()
    login(participant, server, "checkin.person@example.org", "correct horse battery")
    participant.wait_for_url(re.compile(r"/my-application$"))
    participant.goto(server.url + "/schedule")
    summary = participant.get_by_test_id("phase1-summary")
    expect(summary).to_have_text(f"0 of {total} attended; 5 more needed.", timeout=15000)
    lecture = participant.get_by_test_id(f"lecture-{stored.id}")
    expect(lecture.get_by_text("Your time:")).to_be_visible()
    expect(lecture.get_by_role("link", name="Join the lecture")).to_have_attribute(
        "href", "https://meet.example.org/night-walks"
    )
    lecture.get_by_label("Check-in code").fill("WRONG9")
    lecture.get_by_role("button", name="Check in").click()
    expect(
        lecture.get_by_text("That code is not right. Check the code shown at the lecture.")
    ).to_be_visible()
    expect(summary).to_have_text(f"0 of {total} attended; 5 more needed.")
    lecture.get_by_label("Check-in code").fill(code.lower())
    lecture.get_by_role("button", name="Check in").click()
    expect(participant.get_by_text("Checked in: you are marked present.")).to_be_visible(timeout=15000)
    expect(summary).to_have_text(f"1 of {total} attended; 4 more needed.")
    expect(lecture.get_by_text("Present", exact=True)).to_be_visible()
    with server.session() as session:
        user = session.exec(select(User).where(User.email == "checkin.person@example.org")).one()
        row = session.exec(select(Attendance).where(Attendance.user_id == user.id)).one()
        assert (row.lecture_id, row.status.value, row.source.value) == (stored.id, "present", "check_in")
    participant.context.close()


# --- the roster and the at-risk list -------------------------------------------------------


def small_cohort(
    server, name: str, email: str, lecture_days: list[float], required: int = 5, recordings: bool = False
) -> tuple[int, list[int]]:
    """A cohort of its own (registration long closed, so the open cohort stays the demo's)
    with one accepted participant and lectures starting `lecture_days` from now, two hours
    each; with `recordings`, the recording route is on and every lecture has a recording.
    Returns (participant id, lecture ids)."""
    now = datetime.now(UTC)
    with server.session() as session:
        cohort, (user,), secretariat = cohort_with_participants(
            session, name, [(email, f"{name} Person")], phase1_required=required, recording_route=recordings
        )
        ids = []
        for i, days in enumerate(lecture_days, 1):
            start = now + timedelta(days=days)
            ids.append(
                save_lecture(
                    session=session,
                    actor=secretariat,
                    cohort=cohort,
                    checked=CheckedLecture(
                        title=f"Lecture {i} of {name}",
                        speaker="Dr. Lee",
                        description="",
                        starts_at=start,
                        ends_at=start + timedelta(hours=2),
                        mode=LectureMode.ONLINE,
                        join_url="https://meet.example.org/r",
                        venue="",
                        recording_url="https://video.example.org/r" if recordings else "",
                    ),
                ).id
            )
        session.commit()
        return user.id, ids


def test_bulk_marking_the_roster_updates_the_at_risk_list(page: Page, server):
    # Two lectures held, one to come, two needed, nothing recorded: at risk on both counts.
    user_id, (_, lecture_id, _) = small_cohort(
        server, "E2E-roster", "roster.person@example.org", [-2, -1, 5], required=2
    )
    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"))
    page.goto(server.url + "/secretariat/progress")
    page.get_by_label("Cohort").select_option("E2E-roster")
    at_risk = page.get_by_test_id("at-risk")
    expect(at_risk.get_by_text("E2E-roster Person")).to_be_visible(timeout=15000)
    expect(
        at_risk.get_by_text("can no longer complete Phase 1; missed the last two lectures")
    ).to_be_visible()

    page.goto(f"{server.url}/secretariat/roster?lecture={lecture_id}")
    expect(page.get_by_label("Lecture")).to_have_value(str(lecture_id), timeout=15000)
    counts = page.get_by_test_id("roster-counts")
    expect(counts).to_have_text("0 present · 0 late · 0 excused · 0 absent · 1 not recorded")
    page.get_by_role("button", name="Mark everyone not recorded as present").click()
    expect(page.get_by_text("Marked 1 participant present.")).to_be_visible()
    expect(counts).to_have_text("1 present · 0 late · 0 excused · 0 absent · 0 not recorded")
    page.get_by_label("Attendance of E2E-roster Person").select_option("late")  # the exception, corrected
    expect(counts).to_have_text("0 present · 1 late · 0 excused · 0 absent · 0 not recorded")

    page.get_by_role("link", name="Progress and at-risk list").click()
    page.get_by_label("Cohort").select_option("E2E-roster")
    expect(page.get_by_test_id("at-risk-empty")).to_have_text("Nobody is at risk.", timeout=15000)
    with server.session() as session:
        entries = session.exec(
            select(AuditEntry)
            .where(AuditEntry.entity_id == f"{lecture_id}:{user_id}")
            .order_by(AuditEntry.id)
        ).all()
        assert [(json.loads(e.before)["status"], json.loads(e.after)["status"]) for e in entries] == [
            (None, "present"),
            ("present", "late"),
        ]


def test_a_reflection_on_a_recording_counts_once_approved(page: Page, browser, server):
    # One lecture held yesterday and missed, one to come; both are needed.
    small_cohort(server, "E2E-reflect", "reflect.person@example.org", [-1, 3], required=2, recordings=True)
    participant = browser.new_context(timezone_id=VIEWER_ZONE, locale="en-GB").new_page()
    login(participant, server, "reflect.person@example.org", "correct horse battery")
    participant.wait_for_url(re.compile(r"/my-application$"))
    participant.get_by_role("link", name=re.compile("See your lectures")).click()
    summary = participant.get_by_test_id("phase1-summary")
    expect(summary).to_have_text("0 of 2 attended; 2 more needed.", timeout=15000)
    expect(
        participant.get_by_text(re.compile("'Lecture 1 of E2E-reflect' can still count through a reflection"))
    ).to_be_visible()
    text_box = participant.get_by_label("My reflection on the recording")
    text_box.fill("Too short to count.")
    participant.get_by_role("button", name="Submit reflection").click()
    expect(participant.get_by_text("Write 100 to 2000 words (you wrote 4).")).to_be_visible(timeout=15000)
    text_box.fill(" ".join(["Open data about dark streets helps young women feel safer at night."] * 10))
    participant.get_by_role("button", name="Submit reflection").click()
    expect(
        participant.get_by_text("Reflection submitted: waiting for the secretariat's review.")
    ).to_be_visible(timeout=15000)

    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"))
    page.goto(server.url + "/secretariat/progress")
    page.get_by_label("Cohort").select_option("E2E-reflect")
    expect(page.get_by_text("120 words", exact=False)).to_be_visible(timeout=15000)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Reflection approved: the lecture now counts.")).to_be_visible()

    participant.reload()
    expect(summary).to_have_text("1 of 2 attended (including 1 by recording); 1 more needed.", timeout=15000)
    expect(participant.get_by_text("Counted by recording")).to_be_visible()
    participant.context.close()


# --- handlers refuse participants -------------------------------------------------------------


async def _attack(url: str, token: str, cohort: str, lecture_id: int, user_id: int) -> ReflexClient:
    client = ReflexClient(url, f"/secretariat/roster?lecture={lecture_id}", session_token=token)
    await client.connect()
    for state, handler, payload in [
        (RosterState, "load", {}),
        (RosterState, "choose_cohort", {"name": cohort}),
        (RosterState, "choose_lecture", {"lecture_id": str(lecture_id)}),
        (RosterState, "mark_all_present", {}),
        (RosterState, "set_status", {"user_id": str(user_id), "status": "present"}),
        (LecturesAdminState, "show", {"zone": "UTC"}),
        (LecturesAdminState, "choose_cohort", {"name": cohort}),
        (LecturesAdminState, "reveal_code", {"lecture_id": str(lecture_id), "renew": True}),
        (LecturesAdminState, "start_cancel", {"lecture_id": str(lecture_id)}),
        (LecturesAdminState, "confirm_cancel", {"form_data": {"reason": "hijacked"}}),
        (LecturesAdminState, "download_calendar", {}),
        (ProgressAdminState, "load", {}),
        (ProgressAdminState, "export", {"which": "attendance"}),
    ]:
        await client.emit(state, handler, payload, settle=0.3)
    await client.close()
    return client


@pytest.mark.parametrize("who", ["participant", "nobody"])
def test_attendance_handlers_refuse_non_secretariat_callers(server, who):
    user_id, (lecture_id,) = small_cohort(server, f"E2E-attack-{who}", f"attack.{who}@example.org", [-0.01])
    with server.session() as session:
        secretariat = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
        code = reveal_checkin_code(session=session, actor=secretariat, lecture_id=lecture_id)
        session.commit()
    token = session_token_for(server, f"attack.{who}@example.org") if who == "participant" else ""
    client = run_async(_attack(server.url, token, f"E2E-attack-{who}", lecture_id, user_id))
    received = client.received_text()
    with server.session() as session:
        lecture = session.get(Lecture, lecture_id)
        assert (lecture.checkin_code, lecture.cancelled_at) == (code, None)
        assert session.exec(select(Attendance).where(Attendance.lecture_id == lecture_id)).first() is None
    for secret in (code, f"attack.{who}@example.org", "applicant01@champions.example"):
        assert secret not in received
    assert not any(event.get("name") == "_download" for event in client.events)


def test_the_same_calls_work_for_the_secretariat(server):
    """The control: the attack above really reaches the handlers (so the test can fail)."""
    user_id, (lecture_id,) = small_cohort(server, "E2E-attack-control", "attack.control@example.org", [-0.01])
    token = session_token_for(server, SECRETARIAT_EMAIL)
    client = run_async(_attack(server.url, token, "E2E-attack-control", lecture_id, user_id))
    with server.session() as session:
        lecture = session.get(Lecture, lecture_id)
        assert lecture.checkin_code and lecture.checkin_code in client.received_text()
        assert lecture.cancelled_at is not None and lecture.cancel_reason == "hijacked"
        status = session.exec(select(Attendance.status).where(Attendance.lecture_id == lecture_id)).one()
        assert status.value == "present"
    assert any(event.get("name") == "_download" for event in client.events)


async def _check_in_call(url: str, token: str, lecture_id: int, code: str) -> ReflexClient:
    client = ReflexClient(url, "/schedule", session_token=token)
    await client.connect()
    await client.emit(ScheduleState, "check_in", {"form_data": {"lecture_id": str(lecture_id), "code": code}})
    await client.emit(ScheduleState, "download_calendar", {})
    await client.close()
    return client


@pytest.mark.parametrize(("who", "checked_in"), [("nobody", False), ("mentor", False), ("participant", True)])
def test_check_in_with_the_right_code_needs_the_participants_own_session(server, who, checked_in):
    user_id, (lecture_id,) = small_cohort(server, f"E2E-checkin-{who}", f"checkin.{who}@example.org", [-0.01])
    with server.session() as session:
        secretariat = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
        code = reveal_checkin_code(session=session, actor=secretariat, lecture_id=lecture_id)
        session.commit()
    token = {
        "nobody": "",
        "mentor": session_token_for(server, "mentor1@champions.example"),
        "participant": session_token_for(server, f"checkin.{who}@example.org"),
    }[who]
    client = run_async(_check_in_call(server.url, token, lecture_id, code))
    with server.session() as session:
        rows = session.exec(select(Attendance).where(Attendance.lecture_id == lecture_id)).all()
    assert [(r.user_id, r.status.value) for r in rows] == ([(user_id, "present")] if checked_in else [])
    assert any(e.get("name") == "_download" for e in client.events) is checked_in
