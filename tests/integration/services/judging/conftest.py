"""Shared by the judging tests: two judged workshops, four teams and five mentors, and the
same with both rounds open and mentors assigned."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from champions.models import ReviewAssignment, Role, SubmissionVersion, Team, TeamMember, Workshop
from champions.services.judging.assignment import auto_assign
from champions.services.judging.rubrics import move_round
from champions.services.judging.scoring import ScoreForm

DEADLINE = datetime(2022, 6, 1, 15, 0, tzinfo=UTC)
AFTER = DEADLINE + timedelta(days=2)


@pytest.fixture
def judged(session, cohort, make_user, secretariat):
    """Two judged workshops, four teams of one member each with a version for both, and
    five mentors. Returns a namespace-like dict."""
    cohort.capacity = 50
    session.add(cohort)
    workshops = [
        Workshop(
            cohort_id=cohort.id,
            position=p,
            title=f"W{p}",
            brief="",
            judged=True,
            opens_at=DEADLINE - timedelta(days=20),
            deadline=DEADLINE,
        )
        for p in (2, 3)
    ]
    session.add_all(workshops)
    mentors = [
        make_user(email=f"m{i}@example.org", full_name=f"Mentor {i}", role=Role.MENTOR) for i in range(1, 6)
    ]
    teams, members = [], []
    for i in range(4):
        person = make_user(email=f"t{i}@example.org", full_name=f"Участник {i}")
        team = Team(
            cohort_id=cohort.id,
            name=f"Team {i}",
            name_key=f"team {i}",
            invite_code=f"CODE{i}",
            challenge="Safer streets",
            city="Almaty",
        )
        session.add(team)
        session.flush()
        session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=person.id))
        teams.append(team)
        members.append(person)
    session.flush()
    for team, person in zip(teams, members):
        for w in workshops:
            session.add(
                SubmissionVersion(
                    team_id=team.id,
                    workshop_id=w.id,
                    number=1,
                    title=f"{team.name} {w.title}",
                    summary="Our idea.",
                    submitted_by=person.id,
                    submitted_at=DEADLINE - timedelta(hours=team.id),
                )
            )
    session.commit()
    return {"workshops": workshops, "mentors": mentors, "teams": teams, "members": members}


def reason_of(error) -> str:
    return error.value.reasons[0].message


def full(criteria, value=7, comment="Good work", note="") -> ScoreForm:
    return ScoreForm({str(c.id): str(value) for c in criteria}, comment, note)


@pytest.fixture
def open_round(session, cohort, judged, secretariat):
    for w in judged["workshops"]:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER)
    auto_assign(session=session, actor=secretariat, cohort=cohort)
    session.commit()
    return judged


def assigned_mentor(session, team, workshop, mentors, assigned=True):
    ids = set(
        session.exec(
            select(ReviewAssignment.mentor_id).where(
                ReviewAssignment.team_id == team.id, ReviewAssignment.workshop_id == workshop.id
            )
        )
    )
    return next(m for m in mentors if (m.id in ids) == assigned)
