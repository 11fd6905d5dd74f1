"""Benchmark: the mentor's scoring loop. A mentor with `count` assigned submissions (a judged
workshop of its own, round open, in the app's database) scores them one after another with
"Save and next" while 500 other clients are connected: seconds from the click (the form's two
events: the intent, then the submit) to the update that shows the next submission."""

import asyncio
import time
from datetime import UTC, date, datetime, timedelta

from champions.state.judging import JudgingState
from tests.support.reflex_client import NAMESPACE, browser_tab, handler_name

OPENED = "opened_rx_state_"


def prepare_mentor(count: int = 40) -> dict:
    """A mentor, `count` teams with a version each of a new judged workshop in
    the cohort open today, the round open and every submission assigned to the mentor. Returns
    {"token", "first" (the first submission's code in the mentor's queue), "criteria" (form
    names), "count"}."""
    from sqlmodel import select

    from champions.infra.db import session_scope
    from champions.models import Role, SubmissionVersion, Team, User, Workshop
    from champions.services.accounts.accounts import create_user, start_session
    from champions.services.judging.assignment import assign_mentor
    from champions.services.judging.rubrics import criteria_of, move_round
    from champions.services.judging.scoring import mentor_queue
    from champions.services.registration.cohorts import open_cohort

    now = datetime.now(UTC)
    with session_scope() as session:
        cohort = open_cohort(session=session, today=date.today())
        secretariat = session.exec(select(User).where(User.role == Role.SECRETARIAT)).first()
        positions = session.exec(select(Workshop.position).where(Workshop.cohort_id == cohort.id)).all()
        workshop = Workshop(
            cohort_id=cohort.id,
            position=max(positions, default=0) + 1,
            title="Bench pitch",
            brief="Pitch your pilot.",
            judged=True,
            opens_at=now - timedelta(days=10),
            deadline=now - timedelta(days=1),
        )
        session.add(workshop)
        mentor = create_user(
            session=session,
            email=f"bench.mentor.{int(time.time())}@example.org",
            full_name="Bench Mentor",
            role=Role.MENTOR,
            password_hash="x",
        )
        session.flush()
        for i in range(count):
            team = Team(
                cohort_id=cohort.id,
                name=f"Bench team {i}",
                name_key=f"bench team {i}",
                invite_code=f"BM{workshop.id:04d}{i:04d}",
                challenge="Safer streets at night",
                city="Busan",
            )
            session.add(team)
            session.flush()
            session.add(
                SubmissionVersion(
                    team_id=team.id,
                    workshop_id=workshop.id,
                    number=1,
                    title=f"Pilot {i}",
                    summary="Lanterns along the river path. " * 20,
                    submitted_by=secretariat.id,
                    submitted_at=now - timedelta(days=2),
                )
            )
        move_round(session=session, actor=secretariat, workshop_id=workshop.id, move="open", now=now)
        for team_id in session.exec(
            select(Team.id).where(Team.cohort_id == cohort.id, Team.name.startswith("Bench team "))
        ):
            assign_mentor(
                session=session,
                actor=secretariat,
                team_id=team_id,
                workshop_id=workshop.id,
                mentor_id=mentor.id,
            )
        criteria = [f"criterion_{c.id}" for c in criteria_of(session=session, workshop_id=workshop.id)]
        first = next(
            i for i in mentor_queue(session=session, mentor_id=mentor.id) if i.workshop_id == workshop.id
        )
        return {
            "token": start_session(session=session, user=mentor),
            "first": first.code,  # blind judging: the queue names a submission by its code
            "criteria": criteria,
            "count": count,
        }


def _opened(update: dict) -> str | None:
    return update.get("delta", {}).get(JudgingState.get_full_name(), {}).get(OPENED)


async def mentor_loop(url: str, mentor: dict) -> list[float]:
    """Scores every assigned submission with "Save and next"; the click-to-next seconds."""
    client = browser_tab(url, "/mentor", mentor["token"])
    await client.connect()
    current = mentor["first"]
    await client.request(JudgingState, "open", {"key": current}, until=lambda u: _opened(u) == current)
    form = {name: "7" for name in mentor["criteria"]} | {"comment": "Clear pilot.", "private_note": ""}
    samples = []
    for _ in range(mentor["count"] - 1):
        started = time.perf_counter()
        # The button's click sets the intent, then the form submits: two events, in order.
        await client.sio.emit(
            "event",
            {
                "name": handler_name(JudgingState, "set_intent"),
                "payload": {"intent": "next"},
                "router_data": client._router(),
            },
            namespace=NAMESPACE,
        )
        shown = []

        def moved(update: dict, shown=shown, current=current) -> bool:
            opened = _opened(update)
            if opened and opened != current:
                shown.append(opened)
                return True
            return False

        await client.request(JudgingState, "save", {"form_data": form}, until=moved, timeout=60)
        samples.append(time.perf_counter() - started)
        current = shown[0]
    await client.close()
    return samples


if __name__ == "__main__":
    import sys

    print(asyncio.run(mentor_loop(sys.argv[1], prepare_mentor())))
