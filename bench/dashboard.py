"""Benchmark: the cohort dashboard's figures for 10,000 applicants (7,500 accepted, from 40
countries), 2,000 judged teams and 150,000 attendance rows (20 lectures), on an embedded SQLite
database of its own: each panel's time, the whole dashboard's best of five, peak Python memory,
and as reference the bare `sqlite3` time to count the attendance rows by lecture and status."""

import random
import sqlite3
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta

from bench.ranking import _build as build_judged_cohort
from bench.scratch import scratch_database

APPLICANTS, ACCEPTED, LECTURES = 10_000, 7_500, 20
COUNTRIES = [
    "KR",
    "JP",
    "CN",
    "VN",
    "TH",
    "ID",
    "PH",
    "MY",
    "IN",
    "MN",
    "UZ",
    "KZ",
    "AU",
    "NZ",
    "US",
    "CA",
    "MX",
    "BR",
    "CO",
    "PE",
    "AR",
    "CL",
    "FR",
    "DE",
    "ES",
    "IT",
    "RU",
    "UA",
    "PL",
    "TR",
    "GB",
    "EG",
    "AE",
    "SA",
    "IR",
    "JO",
    "NG",
    "KE",
    "GH",
    "ZA",
]
NOW = datetime(2030, 12, 1, tzinfo=UTC)  # after every lecture and deadline of the generated cohort


def _add_people(url: str) -> None:
    from sqlalchemy import insert

    from champions.infra.db import make_engine
    from champions.models import Application, Attendance, Lecture, Reflection, Role, TeamMember, User

    engine = make_engine(url)
    rng = random.Random(7)
    start = datetime(2030, 3, 2, 1, 0, tzinfo=UTC)
    with engine.begin() as db:
        cohort_id = db.exec_driver_sql("SELECT id FROM cohort WHERE name = 'bench'").scalar_one()
        db.exec_driver_sql(f"UPDATE cohort SET phase1_required = 15 WHERE id = {cohort_id}")
        first = db.exec_driver_sql("SELECT max(id) FROM user").scalar_one() + 1
        db.execute(
            insert(User),
            [
                {
                    "email": f"a{i}@bench.example",
                    "full_name": f"Applicant {i}",
                    "role": Role.PARTICIPANT.name,
                    "password_hash": "x",
                    "is_active": True,
                    "created_at": start,
                    "password_changed_at": start,
                }
                for i in range(APPLICANTS)
            ],
        )
        users = list(range(first, first + APPLICANTS))
        statuses = ["ACCEPTED"] * ACCEPTED + rng.choices(
            ["SUBMITTED", "WAITLISTED", "REJECTED", "WITHDRAWN"], k=APPLICANTS - ACCEPTED
        )
        db.execute(
            insert(Application),
            [
                {
                    "cohort_id": cohort_id,
                    "user_id": uid,
                    "date_of_birth": date(2004, 1, 1),
                    "country": COUNTRIES[rng.randrange(len(COUNTRIES))],
                    "city": "",
                    "affiliation": "",
                    "field_of_study": "",
                    "motivation": "",
                    "consent_version": "1",
                    "consented_at": start,
                    "status": status,
                    "eligible": status == "ACCEPTED" or rng.random() < 0.9,
                    "eligibility_snapshot": "{}",
                    "submitted_at": start,
                }
                for uid, status in zip(users, statuses)
            ],
        )
        accepted = users[:ACCEPTED]
        teams = [row[0] for row in db.exec_driver_sql("SELECT id FROM team ORDER BY id")]
        db.execute(
            insert(TeamMember),
            [
                {"team_id": teams[i % len(teams)], "cohort_id": cohort_id, "user_id": uid, "joined_at": start}
                for i, uid in enumerate(accepted[: len(teams) * 3])
            ],
        )
        lectures = [
            db.execute(
                insert(Lecture).values(
                    cohort_id=cohort_id,
                    title=f"Lecture {n + 1}",
                    speaker="",
                    description="",
                    starts_at=start + timedelta(days=5 * n),
                    ends_at=start + timedelta(days=5 * n, hours=2),
                    mode="ONLINE",
                    checkin_code="",
                    cancel_reason="",
                    created_at=start,
                    updated_at=start,
                )
            ).inserted_primary_key[0]
            for n in range(LECTURES)
        ]
        db.execute(
            insert(Attendance),
            [
                {
                    "lecture_id": lid,
                    "user_id": uid,
                    "source": "ROSTER",
                    "recorded_at": start,
                    "status": rng.choices(["PRESENT", "LATE", "EXCUSED", "ABSENT"], [80, 8, 6, 6])[0],
                }
                for uid in accepted
                for lid in lectures
            ],
        )
        db.execute(
            insert(Reflection),
            [
                {
                    "lecture_id": rng.choice(lectures),
                    "user_id": uid,
                    "text": "…",
                    "status": "APPROVED",
                    "submitted_at": start,
                }
                for uid in accepted[::4]
            ],
        )
    engine.dispose()


def run() -> dict:
    with scratch_database("dashboard") as (path, url):
        build_judged_cohort(url)
        _add_people(url)
        from sqlmodel import Session, select

        from champions.infra.db import make_engine
        from champions.models import Cohort
        from champions.services.dashboard import figures as dashboard

        engine = make_engine(url)
        figures: dict = {}
        with Session(engine) as session:
            cohort = session.exec(select(Cohort).where(Cohort.name == "bench")).one()
            figures["attendance_rows"] = (
                session.connection().exec_driver_sql("SELECT count(*) FROM attendance").scalar()
            )
            panels = {
                "funnel": lambda: dashboard.cohort_funnel(session=session, cohort=cohort),
                "places": lambda: dashboard.places(session=session, cohort=cohort),
                "attendance": lambda: dashboard.lecture_attendance(session=session, cohort=cohort, now=NOW),
                "at_risk": lambda: dashboard.at_risk_participants(session=session, cohort=cohort, now=NOW),
                "matrix": lambda: dashboard.submission_matrix(session=session, cohort=cohort, now=NOW),
                "judging": lambda: dashboard.judging_progress(session=session, cohort=cohort),
            }
            for name, panel in panels.items():
                started = time.perf_counter()
                panel()
                figures[name] = time.perf_counter() - started
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                board = dashboard.cohort_dashboard(session=session, cohort=cohort, now=NOW)
                runs.append(time.perf_counter() - started)
            figures["dashboard_best"], figures["dashboard_worst"] = min(runs), max(runs)
            figures["at_risk_rows"], figures["teams"] = len(board.at_risk), len(board.matrix)
            tracemalloc.start()
            dashboard.cohort_dashboard(session=session, cohort=cohort, now=NOW)
            figures["peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
        engine.dispose()
        floors = []
        with sqlite3.connect(path) as raw:
            for _ in range(5):
                started = time.perf_counter()
                raw.execute(
                    "SELECT lecture_id, status, count(*) FROM attendance GROUP BY lecture_id, status"
                ).fetchall()
                floors.append(time.perf_counter() - started)
        figures["floor"] = min(floors)
        return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<22}{value:>12.3f}" if isinstance(value, float) else f"{key:<22}{value:>12}")
