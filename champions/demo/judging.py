"""Demo judging for the 2022 cohort: default rubrics, two coaching mentors and a declared
conflict, automatic assignment, scores with comments from the six mentors (one lenient, one
harsh), closed and published rounds, and a ranking in which two teams tie."""

import random
from datetime import timedelta

from sqlmodel import Session, select

from champions.demo.phase2 import TIE_PAIR
from champions.models import Cohort, JudgingRound, ReviewAssignment, Role, Team, User, Workshop
from champions.services.judging.assignment import auto_assign, declare_conflict
from champions.services.judging.rubrics import criteria_of, judged_workshops, move_round
from champions.services.judging.scoring import ScoreForm, save_score
from champions.services.teams.teams import assign_coach

BIAS = {2: 2, 5: -2}  # by mentor number: Prof. Carlos Mendes is lenient, Prof. Rahul Mehta harsh
COMMENTS = [
    "Clear problem statement grounded in what residents told you. Next, show how you would "
    "measure whether the pilot works.",
    "Strong idea. The budget and the partners you would need are still vague; name them.",
    "Good attention to who is left out today. Consider older residents without smartphones.",
    "The link to SDG 11 is convincing. Tighten the summary: lead with the change you want to see.",
    "Promising, but the solution is close to what the city already runs. What is new here?",
]
NOTES = [
    "Solid, not outstanding.",
    "Possibly the strongest in my batch.",
    "I was torn between 6 and 7 on feasibility.",
]


def seed_judging(*, session: Session, cohort: Cohort, secretariat: User) -> bool:
    """Judge the 2022 cohort's workshops unless a round exists already. Flushes."""
    workshops = judged_workshops(session=session, cohort_id=cohort.id)
    if (
        not workshops
        or session.exec(
            select(JudgingRound.id).where(JudgingRound.workshop_id.in_([w.id for w in workshops]))
        ).first()
        is not None
    ):
        return False
    mentors = list(session.exec(select(User).where(User.role == Role.MENTOR).order_by(User.id)))
    teams = list(session.exec(select(Team).where(Team.cohort_id == cohort.id).order_by(Team.id)))
    if len(mentors) < 6 or len(teams) <= max(TIE_PAIR):
        return False
    assign_coach(session=session, actor=secretariat, team_id=teams[0].id, mentor_id=mentors[0].id)
    assign_coach(session=session, actor=secretariat, team_id=teams[1].id, mentor_id=mentors[1].id)
    declare_conflict(
        session=session,
        actor=mentors[3],
        mentor_id=mentors[3].id,
        team_id=teams[4].id,
        reason="I supervised two of its members' university project last year.",
    )
    for workshop in workshops:
        criteria_of(session=session, workshop_id=workshop.id)
        move_round(
            session=session,
            actor=secretariat,
            workshop_id=workshop.id,
            move="open",
            now=workshop.deadline + timedelta(days=3),
        )
    auto_assign(session=session, actor=secretariat, cohort=cohort)
    rng = random.Random(11)
    quality = {team.id: rng.uniform(3.5, 8.5) for team in teams}
    number = {mentor.id: i for i, mentor in enumerate(mentors, start=1)}
    for workshop in workshops:
        _score_workshop(session, workshop, teams, mentors, quality, number, rng)
        closed = workshop.deadline + timedelta(days=14)
        move_round(session=session, actor=secretariat, workshop_id=workshop.id, move="close", now=closed)
        move_round(
            session=session,
            actor=secretariat,
            workshop_id=workshop.id,
            move="publish",
            now=closed + timedelta(days=1),
        )
    session.flush()
    return True


def _score_workshop(
    session: Session,
    workshop: Workshop,
    teams: list[Team],
    mentors: list[User],
    quality: dict[int, float],
    number: dict[int, int],
    rng: random.Random,
) -> None:
    criteria = criteria_of(session=session, workshop_id=workshop.id)
    by_mentor = {m.id: m for m in mentors}
    twin_values: list[dict[str, str]] = []
    for team in teams:
        assigned = list(
            session.exec(
                select(ReviewAssignment.mentor_id)
                .where(ReviewAssignment.team_id == team.id, ReviewAssignment.workshop_id == workshop.id)
                .order_by(ReviewAssignment.mentor_id)
            )
        )
        for slot, mentor_id in enumerate(assigned):
            if team.id == teams[TIE_PAIR[1]].id and slot < len(twin_values):
                values = twin_values[slot]  # the tied twin: the same marks, slot by slot
            else:
                bias = BIAS.get(number[mentor_id], 0)
                values = {
                    f"criterion_{c.id}": str(
                        max(1, min(10, round(quality[team.id] + bias + rng.uniform(-1.2, 1.2))))
                    )
                    for c in criteria
                }
                if team.id == teams[TIE_PAIR[0]].id:
                    twin_values.append(values)
            form = ScoreForm(
                {k[len("criterion_") :]: v for k, v in values.items()},
                comment=COMMENTS[(team.id + mentor_id + workshop.position) % len(COMMENTS)],
                private_note=NOTES[(team.id * mentor_id) % len(NOTES)]
                if (team.id + mentor_id) % 3 == 0
                else "",
            )
            save_score(
                session=session,
                mentor=by_mentor[mentor_id],
                team_id=team.id,
                workshop_id=workshop.id,
                form=form,
                submit=True,
                now=workshop.deadline + timedelta(days=4 + slot),
            )
