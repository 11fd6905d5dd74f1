"""Benchmark: a reminder wave. 5,000 accepted participants, a lecture 24 hours away: one pass
of the scheduler (computes, records and queues 5,000 reminders, each with its .ics) then the
outbox delivered into a local SMTP server (aiosmtpd), end to end, on an SQLite database of its
own, with the app's sender as configured (CHAMPIONS_SMTP_PARALLEL connections at once). Counts
what the server received, so a fast wrong answer cannot pass."""

import os
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta

from bench.scratch import scratch_database

PARTICIPANTS = 5000


# The SMTP server runs in a process of its own, as a real one would (in this process it would
# share the interpreter lock with the senders): it counts what it received into a file.
_SERVER = """
import sys, time
from aiosmtpd.controller import Controller
count, path = 0, sys.argv[2]
class Counter:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        return "250 OK"
controller = Controller(Counter(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()  # until the benchmark closes it
controller.stop()
open(path, "w").write(str(count))
"""


def _build(url: str, now: datetime) -> None:
    from sqlalchemy import insert

    from alembic import command
    from champions.infra.db import make_engine
    from champions.infra.migrations import alembic_config
    from champions.models import Application, ApplicationStatus, Cohort, Lecture, LectureMode, Role, User

    os.environ["REFLEX_DB_URL"] = url
    command.upgrade(alembic_config(), "head")
    engine = make_engine(url)
    today = now.date()
    with engine.begin() as db:
        cohort_id = db.execute(
            insert(Cohort).values(
                name="bench",
                title="Bench edition",
                registration_opens=today - timedelta(days=60),
                registration_closes=today - timedelta(days=30),
                phase1_start=today - timedelta(days=7),
                phase1_end=today + timedelta(days=60),
                # One lecture that each can still attend: nobody is at risk (the wave is the
                # lecture's reminders alone).
                phase1_required=1,
                phase2_start=today + timedelta(days=61),
                phase2_end=today + timedelta(days=150),
                ceremony_date=today + timedelta(days=200),
                created_at=now,
            )
        ).inserted_primary_key[0]
        db.execute(
            insert(User),
            [
                {
                    "email": f"p{i}@bench.example",
                    "full_name": f"Participant {i}",
                    "role": Role.PARTICIPANT.name,
                    "password_hash": "x",
                    "is_active": True,
                    "created_at": now,
                    "password_changed_at": now,
                }
                for i in range(PARTICIPANTS)
            ],
        )
        ids = [row[0] for row in db.exec_driver_sql("SELECT id FROM user ORDER BY id")]
        db.execute(
            insert(Application),
            [
                {
                    "cohort_id": cohort_id,
                    "user_id": user_id,
                    "date_of_birth": date(2000, 1, 1),
                    "country": "KR",
                    "city": "Seoul",
                    "affiliation": "",
                    "field_of_study": "",
                    "motivation": "",
                    "consent_version": "2022-01",
                    "consented_at": now,
                    "status": ApplicationStatus.ACCEPTED.name,
                    "eligible": True,
                    "eligibility_snapshot": "{}",
                    "submitted_at": now,
                }
                for user_id in ids
            ],
        )
        starts = now + timedelta(hours=23, minutes=30)
        db.execute(
            insert(Lecture).values(
                cohort_id=cohort_id,
                title="Open data for safer streets",
                speaker="Dr. Lee",
                description="",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                mode=LectureMode.ONLINE.name,
                join_url="https://meet.example.org/1",
                venue="",
                recording_url="",
                checkin_code="",
                cancel_reason="",
                created_at=now,
                updated_at=now,
            )
        )
    engine.dispose()


def run() -> dict:
    """Seconds to schedule the wave, to deliver it, and in all; emails the server received."""
    now = datetime.now(UTC)
    with scratch_database("reminders") as (path, url):
        _build(url, now)
        from sqlmodel import Session

        from champions.infra.db import make_engine
        from champions.services.messages.outbox import send_pending, smtp_parallel
        from champions.services.messages.scheduler import schedule_due

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        counted = path.with_name("received.txt")
        server = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(port), str(counted)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        engine = make_engine(url)
        try:
            assert server.stdout.readline().strip() == "ready"
            with Session(engine, expire_on_commit=False) as session:
                start = time.perf_counter()
                report = schedule_due(session=session, now=now)
                scheduled = time.perf_counter()
                sent = send_pending(
                    session=session, url=f"smtp+plain://127.0.0.1:{port}", now=now, parallel=smtp_parallel()
                )
                done = time.perf_counter()
        finally:
            server.communicate("", timeout=60)
            engine.dispose()
        received = int(counted.read_text())
    return {
        "participants": PARTICIPANTS,
        "queued": report.sent,
        "delivered": sent,
        "received": received,
        "parallel": smtp_parallel(),
        "schedule_s": scheduled - start,
        "send_s": done - scheduled,
        "total_s": done - start,
    }


if __name__ == "__main__":
    print(run())
