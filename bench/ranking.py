"""Benchmark: judging results for 2,000 teams × 4 judged workshops × 3 mentors × 5 criteria
(120,000 score values) on an embedded SQLite database of its own: the database read, the
arithmetic and the ranking, with time and peak memory."""

import os
import random
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta

from bench.scratch import scratch_database

TEAMS, WORKSHOPS, MENTORS_PER_SUBMISSION, CRITERIA, MENTORS = 2000, 4, 3, 5, 60


def _build(url: str) -> None:
    from sqlalchemy import insert

    from alembic import command
    from champions.infra.db import make_engine
    from champions.infra.migrations import alembic_config
    from champions.models import (
        Cohort,
        Criterion,
        JudgingRound,
        ReviewAssignment,
        Role,
        RoundState,
        Score,
        ScoreValue,
        SubmissionVersion,
        Team,
        User,
        Workshop,
    )

    os.environ["REFLEX_DB_URL"] = url
    command.upgrade(alembic_config(), "head")
    engine = make_engine(url)
    rng = random.Random(5)
    deadline = datetime(2030, 6, 1, tzinfo=UTC)
    with engine.begin() as db:
        cohort_id = db.execute(
            insert(Cohort).values(
                name="bench",
                title="Bench",
                registration_opens=date(2030, 1, 1),
                registration_closes=date(2030, 2, 1),
                phase1_start=date(2030, 3, 1),
                phase1_end=date(2030, 5, 1),
                phase2_start=date(2030, 5, 2),
                phase2_end=date(2030, 9, 1),
                ceremony_date=date(2030, 12, 1),
                disagreement_threshold=30.0,
                created_at=deadline,
            )
        ).inserted_primary_key[0]
        users = [
            {
                "email": f"m{i}@bench.example",
                "full_name": f"Mentor {i}",
                "role": Role.MENTOR.name,
                "password_hash": "x",
                "is_active": True,
                "created_at": deadline,
                "password_changed_at": deadline,
            }
            for i in range(MENTORS + 1)
        ]
        db.execute(insert(User), users)
        ids = [row[0] for row in db.exec_driver_sql("SELECT id FROM user ORDER BY id")]
        author, mentors = ids[0], ids[1:]
        workshop_ids = []
        for position in range(1, WORKSHOPS + 1):
            wid = db.execute(
                insert(Workshop).values(
                    cohort_id=cohort_id,
                    position=position,
                    title=f"W{position}",
                    brief="",
                    judged=True,
                    weight=1.0,
                    opens_at=deadline - timedelta(days=30),
                    deadline=deadline + timedelta(days=position),
                )
            ).inserted_primary_key[0]
            workshop_ids.append(wid)
            db.execute(
                insert(Criterion),
                [
                    {
                        "workshop_id": wid,
                        "position": c,
                        "name": f"C{c}",
                        "guidance": "",
                        "weight": float(c),
                        "scale_min": 1,
                        "scale_max": 10,
                    }
                    for c in range(1, CRITERIA + 1)
                ],
            )
            db.execute(insert(JudgingRound).values(workshop_id=wid, state=RoundState.CLOSED.name))
        db.execute(
            insert(Team),
            [
                {
                    "cohort_id": cohort_id,
                    "name": f"Team {i}",
                    "name_key": f"team {i}",
                    "challenge": "",
                    "city": "",
                    "invite_code": f"B{i:06d}",
                    "locked": True,
                    "created_at": deadline,
                }
                for i in range(TEAMS)
            ],
        )
        teams = [row[0] for row in db.exec_driver_sql("SELECT id FROM team ORDER BY id")]
        criteria = {
            wid: [
                row[0]
                for row in db.exec_driver_sql(
                    f"SELECT id FROM criterion WHERE workshop_id = {wid} ORDER BY position"
                )
            ]
            for wid in workshop_ids
        }
        versions, assignments, scores = [], [], []
        for i, team in enumerate(teams):
            for wid in workshop_ids:
                versions.append(
                    {
                        "team_id": team,
                        "workshop_id": wid,
                        "number": 1,
                        "title": "t",
                        "summary": "s",
                        "link": "",
                        "submitted_by": author,
                        "under_extension": False,
                        "submitted_at": deadline - timedelta(minutes=rng.randint(1, 5000)),
                    }
                )
                for slot in range(MENTORS_PER_SUBMISSION):
                    mentor = mentors[(i * 7 + slot * 13 + wid) % len(mentors)]
                    assignments.append(
                        {"team_id": team, "workshop_id": wid, "mentor_id": mentor, "assigned_at": deadline}
                    )
                    scores.append(
                        {
                            "team_id": team,
                            "workshop_id": wid,
                            "mentor_id": mentor,
                            "comment": "",
                            "private_note": "",
                            "submitted": True,
                            "submitted_at": deadline,
                            "updated_at": deadline,
                        }
                    )
        db.execute(insert(SubmissionVersion), versions)
        db.execute(insert(ReviewAssignment), assignments)
        db.execute(insert(Score), scores)
        score_rows = db.exec_driver_sql("SELECT id, workshop_id FROM score ORDER BY id").all()
        db.execute(
            insert(ScoreValue),
            [
                {"score_id": sid, "criterion_id": cid, "value": rng.randint(1, 10)}
                for sid, wid in score_rows
                for cid in criteria[wid]
            ],
        )
    engine.dispose()


def run() -> dict:
    """Build the cohort, then time judging_results (read + compute + rank) three times."""
    with scratch_database("rank") as (path, url):
        _build(url)
        from sqlmodel import Session, select

        from champions.infra.db import make_engine
        from champions.models import Cohort
        from champions.services.results.ranking import judging_input, rank_teams, team_results

        engine = make_engine(url)
        timings, compute = [], []
        with Session(engine) as session:
            cohort = session.exec(select(Cohort).where(Cohort.name == "bench")).one()
            for _ in range(5):
                start = time.perf_counter()
                data = judging_input(session=session, cohort=cohort)
                read = time.perf_counter()
                ranked = rank_teams(team_results(data))
                done = time.perf_counter()
                timings.append(done - start)
                compute.append(done - read)
            tracemalloc.start()
            rank_teams(team_results(judging_input(session=session, cohort=cohort)))
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        engine.dispose()
        # The floor: the same 120,000 values fetched with the sqlite3 module alone.
        import sqlite3

        raw = sqlite3.connect(str(path))
        floors = []
        for _ in range(5):
            start = time.perf_counter()
            raw.execute(
                "SELECT s.id, s.team_id, s.workshop_id, s.mentor_id, v.criterion_id, v.value FROM score s "
                "JOIN score_value v ON v.score_id = s.id WHERE s.submitted ORDER BY s.id"
            ).fetchall()
            floors.append(time.perf_counter() - start)
        raw.close()
        values = sum(len(v) for by_mentor in data.scores.values() for v in by_mentor.values())
        return {
            "teams": len(ranked),
            "values": values,
            "best": min(timings),
            "compute": min(compute),
            "peak_mb": peak / 1e6,
            "floor": min(floors),
        }


if __name__ == "__main__":
    print(run())
