"""Shared by the Phase 2 tests: eleven Phase 1 completers (and two who may not be in a team),
a workshop, a team of three, and submitting through the service as the app does."""

import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from champions.infra.db import session_scope
from champions.models import ApplicationStatus, AttendanceStatus, LectureMode, Workshop
from champions.services.phase1.attendance import record_attendance
from champions.services.phase1.lectures import CheckedLecture, save_lecture
from champions.services.phase2.submissions import submit_workshop
from champions.services.phase2.uploads import ReceivedFile, ReceivedForm
from champions.services.registration.applications import decide_applications
from champions.services.teams.teams import create_team, join_team
from tests.support.files import pdf

LECTURE_START = datetime(2022, 3, 10, 1, 0, tzinfo=UTC)
OPENS = datetime(2022, 5, 1, 1, 0, tzinfo=UTC)
DEADLINE = datetime(2022, 5, 11, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
COUNTRIES = ["KR", "KR", "BR", "KE", "KE", "TR", "VN", "KR", "BR", "UG", "KE"]


@pytest.fixture
def completers(session, cohort, register, secretariat):
    """Eleven accepted participants with Phase 1 complete (5 of 5 lectures), one accepted
    participant who attended none, and a waitlisted applicant."""
    cohort.capacity = 50
    session.add(cohort)
    made = [
        register(full_name=f"Person {i:02d}", email=f"p{i:02d}@example.org", country=country)
        for i, country in enumerate(COUNTRIES + ["MX", "FR"])
    ]
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[a.id for _, a in made[:12]],
        decision=ApplicationStatus.ACCEPTED,
    )
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[made[12][1].id],
        decision=ApplicationStatus.WAITLISTED,
    )
    for i in range(5):
        start = LECTURE_START + timedelta(days=7 * i)
        lecture = save_lecture(
            session=session,
            actor=secretariat,
            cohort=cohort,
            checked=CheckedLecture(
                title=f"L{i}",
                speaker="S",
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
            marks={user.id: AttendanceStatus.PRESENT for user, _ in made[:11]},
            now=start + timedelta(hours=1),
        )
    session.commit()
    return [user for user, _ in made]


@pytest.fixture
def workshop(session, cohort) -> Workshop:
    made = Workshop(
        cohort_id=cohort.id, position=1, title="Problem framing", brief="", opens_at=OPENS, deadline=DEADLINE
    )
    session.add(made)
    session.commit()
    return made


def form(tmp, files: list[tuple[str, bytes]], **fields) -> ReceivedForm:
    values = {"title": "Our framing", "summary": "Dark streets near campus.", "link": "", **fields}
    received = ReceivedForm(fields=values)
    for i, (name, data) in enumerate(files):
        path = tmp / f"in-{i}-{threading.get_ident()}-{name.replace('/', '_')[:40]}"
        path.write_bytes(data)
        received.files.append(
            ReceivedFile(original_name=name, temp_path=str(path), size=len(data), sha256="x")
        )
    return received


def factory_for(session: Session):
    """New sessions on the test's database, each committed, as the app's `session_scope`."""
    return lambda: session_scope(session.get_bind())


def submit(session, user, workshop, now, files=None, tmp=None, **fields):
    files = (("deck.pdf", pdf()),) if files is None else files
    folder = Path(tmp or tempfile.mkdtemp())
    return submit_workshop(
        session_factory=factory_for(session),
        user_id=user.id,
        workshop_id=workshop.id,
        received=form(folder, list(files), **fields),
        now=now,
    )


@pytest.fixture
def team(session, cohort, completers):
    made = create_team(session=session, user=completers[0], cohort=cohort, name="T", challenge="", city="")
    join_team(session=session, user=completers[1], code=made.invite_code)
    join_team(session=session, user=completers[2], code=made.invite_code)
    session.commit()
    return made
