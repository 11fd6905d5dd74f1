"""The reminders computed from an edition's state (at risk, Phase 2 opened, certificates, the
secretariat's digest) go quiet in the tests of the other kinds, whose worlds would otherwise
also trigger them (one lecture in Phase 1 makes everyone at risk); a module that tests them
sets `STATE_REMINDERS = True`."""

import socket
import threading
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from champions.models import ApplicationStatus, Lecture, LectureMode
from champions.services.messages import scheduler
from champions.services.phase1.lectures import CheckedLecture, save_lecture
from champions.services.registration.applications import decide_applications

ORIGIN = "https://champions.example"
LECTURE = datetime(2022, 3, 10, 1, 0, tzinfo=UTC)  # 10:00 Seoul time
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def quiet_state_reminders(request, monkeypatch):
    if getattr(request.module, "STATE_REMINDERS", False):
        return
    for name in ("at_risk_reminders", "phase2_notices", "certificate_notices", "digest_reminders"):
        monkeypatch.setattr(scheduler, name, lambda session, cohort, now: [])


class Inbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, smtp_session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos[0], message_from_bytes(envelope.content, policy=default)))
        return "250 OK"

    def to(self, address: str) -> list:
        return [message for rcpt, message in self.messages if rcpt == address]

    def subjects(self) -> list[tuple[str, str]]:
        return sorted((rcpt, message["Subject"]) for rcpt, message in self.messages)


@pytest.fixture
def smtp():
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.url = f"smtp+plain://127.0.0.1:{port}"
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def origin(monkeypatch):
    monkeypatch.setenv("CHAMPIONS_ORIGIN", ORIGIN)


@pytest.fixture
def people(session, cohort, register, secretariat):
    """Three accepted participants, one waitlisted applicant, one rejected."""
    cohort.capacity = 10
    session.add(cohort)
    made = [
        register(full_name=name, email=f"{tag}@example.org")
        for name, tag in [
            ("Ana Lima", "ana"),
            ("김민준", "minjun"),
            ("<b>Bold</b> Name", "bold"),
            ("Waiting Person", "waiting"),
            ("Rejected Person", "rejected"),
        ]
    ]
    ids = [application.id for _, application in made]
    for chosen, decision in (
        (ids[:3], ApplicationStatus.ACCEPTED),
        (ids[3:4], ApplicationStatus.WAITLISTED),
        (ids[4:], ApplicationStatus.REJECTED),
    ):
        decide_applications(
            session=session, actor=secretariat, cohort_id=cohort.id, application_ids=chosen, decision=decision
        )
    session.commit()
    return {user.email.split("@")[0]: (user, application) for user, application in made}


def lecture_at(session, cohort, secretariat, start: datetime, title="Open data for safer streets") -> Lecture:
    lecture = save_lecture(
        session=session,
        actor=secretariat,
        cohort=cohort,
        checked=CheckedLecture(
            title=title,
            speaker="Dr. Lee",
            description="",
            starts_at=start,
            ends_at=start + 2 * HOUR,
            mode=LectureMode.ONLINE,
            join_url="https://meet.example.org/1",
            venue="",
            recording_url="",
        ),
        now=start - timedelta(days=30),
    )
    session.commit()
    return lecture
