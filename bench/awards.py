"""Benchmark: the award exports of a 5,000-participant cohort (2,000 judged teams, names in
several scripts, 30,000 attendance rows) on an embedded SQLite database of its own: finalizing,
then each format's time, size and the process's peak resident memory."""

import random
import re
import resource
import time
from datetime import UTC, date, datetime, timedelta

from bench.ranking import _build as build_judged_cohort
from bench.scratch import scratch_database

PARTICIPANTS, LECTURES = 5000, 6
NAMES = [
    "김민준",
    "王芳",
    "فاطمة الزهراء",
    "Анна Иванова",
    "Nguyễn Thị Hương",
    "José Müller-Øberg",
    "नेहा शर्मा",
    "Ama Mensah",
]
COUNTRIES = ["KR", "CN", "EG", "RU", "VN", "ES", "IN", "GH"]


def _add_participants(url: str) -> None:
    from sqlalchemy import insert

    from champions.infra.db import make_engine
    from champions.models import (
        Application,
        ApplicationStatus,
        Attendance,
        AttendanceStatus,
        Lecture,
        Role,
        TeamMember,
        User,
    )

    engine = make_engine(url)
    rng = random.Random(6)
    start = datetime(2030, 3, 2, 1, 0, tzinfo=UTC)
    with engine.begin() as db:
        cohort_id = db.exec_driver_sql("SELECT id FROM cohort WHERE name = 'bench'").scalar_one()
        first = db.exec_driver_sql("SELECT max(id) FROM user").scalar_one() + 1
        db.execute(
            insert(User),
            [
                {
                    "email": f"p{i}@bench.example",
                    "full_name": f"{NAMES[i % 8]} {i}",
                    "role": Role.PARTICIPANT.name,
                    "password_hash": "x",
                    "is_active": True,
                    "created_at": start,
                    "password_changed_at": start,
                }
                for i in range(PARTICIPANTS)
            ],
        )
        users = list(range(first, first + PARTICIPANTS))
        db.execute(
            insert(Application),
            [
                {
                    "cohort_id": cohort_id,
                    "user_id": uid,
                    "date_of_birth": date(2004, 1, 1),
                    "country": COUNTRIES[i % 8],
                    "city": "Seoul",
                    "affiliation": "",
                    "field_of_study": "",
                    "motivation": "",
                    "consent_version": "1",
                    "consented_at": start,
                    "status": ApplicationStatus.ACCEPTED.name,
                    "eligible": True,
                    "eligibility_snapshot": "{}",
                    "submitted_at": start,
                }
                for i, uid in enumerate(users)
            ],
        )
        teams = [row[0] for row in db.exec_driver_sql("SELECT id FROM team ORDER BY id")]
        db.execute(
            insert(TeamMember),
            [
                {"team_id": teams[i % len(teams)], "cohort_id": cohort_id, "user_id": uid, "joined_at": start}
                for i, uid in enumerate(users)
            ],
        )
        lectures = []
        for n in range(LECTURES):
            lectures.append(
                db.execute(
                    insert(Lecture).values(
                        cohort_id=cohort_id,
                        title=f"Lecture {n + 1}",
                        speaker="",
                        description="",
                        starts_at=start + timedelta(days=7 * n),
                        ends_at=start + timedelta(days=7 * n, hours=2),
                        mode="ONLINE",
                        checkin_code="",
                        cancel_reason="",
                        created_at=start,
                        updated_at=start,
                    )
                ).inserted_primary_key[0]
            )
        db.execute(
            insert(Attendance),
            [
                {
                    "lecture_id": lid,
                    "user_id": uid,
                    "status": AttendanceStatus.PRESENT.name,
                    "source": "ROSTER",
                    "recorded_at": start,
                }
                for uid in users
                for lid in lectures
                if rng.random() < 0.9
            ],
        )
    engine.dispose()


class _Stages:
    """Seconds spent in some functions of the exports' modules (wrapped in place for the run):
    each stage of an export on its own."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._undo = []

    def watch(self, module, name: str, stage: str) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started

        setattr(module, name, timed)
        self._undo.append((module, name, original))

    def take(self) -> dict[str, float]:
        taken, self.seconds = self.seconds, {}
        return taken

    def restore(self) -> None:
        for module, name, original in reversed(self._undo):
            setattr(module, name, original)


def run() -> dict:
    """Build the cohort, finalize its award list, then time every export format once, with
    its stages: reading the finalized list, writing the XLSX, typesetting a PDF."""
    with scratch_database("awards") as (_, url):
        build_judged_cohort(url)
        _add_participants(url)
        from sqlmodel import Session, select

        from champions.infra.db import make_engine
        from champions.models import Cohort, User
        from champions.services.awards import documents, exports
        from champions.services.awards.decisions import (
            CategoryForm,
            decide_award,
            draft_awards,
            finalize_awards,
            save_categories,
        )
        from champions.services.awards.exports import export_awards

        stages = _Stages()
        stages.watch(exports, "entry_rows", "read")
        stages.watch(exports, "awards_xlsx", "write")
        stages.watch(exports, "_stored_xlsx", "read")
        stages.watch(documents, "typeset", "typeset")
        engine = make_engine(url)
        figures: dict = {}
        with Session(engine) as session:
            cohort = session.exec(select(Cohort).where(Cohort.name == "bench")).one()
            actor = session.exec(select(User)).first()
            save_categories(
                session=session,
                actor=actor,
                cohort=cohort,
                forms=[
                    CategoryForm("", "Champion Team", "rank", "1"),
                    CategoryForm("", "2nd place", "rank", "2"),
                    CategoryForm("", "3rd place", "rank", "3"),
                    CategoryForm("", "Best on C4", "criterion", "", "C4"),
                    CategoryForm("", "Certificate of Completion", "completion"),
                    CategoryForm("", "Smart City Champion", "champion"),
                ],
            )
            started = time.perf_counter()
            draft = draft_awards(session=session, cohort=cohort)
            figures["draft"] = time.perf_counter() - started
            for award in draft.team_awards:  # random scores can tie: decide them as the secretariat would
                if award.needs_decision:
                    decide_award(
                        session=session,
                        actor=actor,
                        cohort=cohort,
                        category_id=award.category.id,
                        team_ids=list(award.candidates),
                        reason="Joint award.",
                    )
            started = time.perf_counter()
            stages.take()
            entries = finalize_awards(session=session, actor=actor, cohort=cohort, now=datetime.now(UTC))
            session.commit()
            figures["finalize"] = time.perf_counter() - started
            figures["finalize_xlsx_write"] = stages.take().get("write", 0.0)
            figures["entries"] = len(entries)
            for fmt in ("csv", "xlsx", "pdf", "certificates"):
                # Peak memory from the process's resident set
                # (tracemalloc would slow these several times over).
                started = time.perf_counter()
                export = export_awards(session=session, cohort=cohort, fmt=fmt, actor_id=actor.id)
                figures[fmt] = time.perf_counter() - started
                figures[fmt + "_stages"] = stages.take()
                figures[fmt + "_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                if fmt == "certificates":  # typeset in a child process: the largest child's peak
                    figures[fmt + "_typesetter_peak_rss_mb"] = (
                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                    )
                figures[fmt + "_kb"] = len(export.content) / 1024
                if fmt == "certificates":
                    # The page tree's root counts every page (the largest /Count in the file).
                    figures["pages"] = max(int(n) for n in re.findall(rb"/Count (\d+)", export.content))
            session.rollback()
        stages.restore()
        engine.dispose()
        return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<22}{value:>12.2f}" if isinstance(value, float) else f"{key:<22}{value!s:>12}")
