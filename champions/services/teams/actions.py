"""What the team buttons do, on the participant's team page and the secretariat's teams page:
one named command each, over the team services, that first checks that what the request
names belongs together (the participant's own cohort; a team of the cohort the secretariat is
looking at) and answers with the sentence the page shows. Each flushes; the caller's session
commits."""

from datetime import date

from sqlmodel import Session

from champions.infra.reasons import Reason, RuleViolation
from champions.models import Cohort, Team, User
from champions.services.registration.applications import accepted_cohort
from champions.services.registration.cohorts import cohort_named
from champions.services.teams.teams import (
    assign_coach,
    auto_form_teams,
    create_team,
    join_team,
    leave_team,
    move_member,
    set_team_locked,
    team_of,
    update_team,
)

# A participant's own team.


def _own_cohort(session: Session, user: User) -> Cohort:
    cohort = accepted_cohort(session=session, user_id=user.id)
    if cohort is None:
        raise RuleViolation([])
    return cohort


def create_own_team(*, session: Session, user: User, name: str, challenge: str, city: str) -> str:
    team = create_team(
        session=session,
        user=user,
        cohort=_own_cohort(session, user),
        name=name,
        challenge=challenge,
        city=city,
    )
    return f"Team '{team.name}' created. Share the invite code {team.invite_code} with your teammates."


def join_team_by_code(*, session: Session, user: User, code: str) -> str:
    _own_cohort(session, user)
    return f"You joined '{join_team(session=session, user=user, code=code).name}'."


def edit_own_team(*, session: Session, user: User, name: str, challenge: str, city: str) -> str:
    team = team_of(session=session, cohort_id=_own_cohort(session, user).id, user_id=user.id)
    update_team(
        session=session,
        actor=user,
        team_id=team.id if team else -1,
        name=name,
        challenge=challenge,
        city=city,
    )
    return "Team details saved."


def leave_own_team(*, session: Session, user: User) -> str:
    leave_team(session=session, user=user, cohort_id=_own_cohort(session, user).id)
    return "You left the team."


# The secretariat's teams and workshops of the cohort shown (named, else the current one).


def cohort_team(session: Session, cohort_name: str, today: date, team_id: int) -> Team:
    cohort = cohort_named(session=session, name=cohort_name, today=today)
    team = session.get(Team, team_id)
    if team is None or team.cohort_id != cohort.id:
        raise RuleViolation([Reason("not_found", "There is no such team in this cohort.")])
    return team


def auto_form_cohort_teams(*, session: Session, actor: User, cohort_name: str, today: date) -> str:
    return auto_form_teams(
        session=session, actor=actor, cohort=cohort_named(session=session, name=cohort_name, today=today)
    ).message


def move_to_team(
    *, session: Session, actor: User, cohort_name: str, today: date, user_id: int, team_id: int
) -> str:
    cohort_team(session, cohort_name, today, team_id)
    return f"Moved to {move_member(session=session, actor=actor, user_id=user_id, to_team_id=team_id).name}."


def lock_team(
    *, session: Session, actor: User, cohort_name: str, today: date, team_id: int, locked: bool
) -> str:
    cohort_team(session, cohort_name, today, team_id)
    team = set_team_locked(session=session, actor=actor, team_id=team_id, locked=locked)
    return f"{team.name} {'locked' if team.locked else 'unlocked'}."


def coach_team(
    *, session: Session, actor: User, cohort_name: str, today: date, team_id: int, mentor_id: int | None
) -> str:
    cohort_team(session, cohort_name, today, team_id)
    team = assign_coach(session=session, actor=actor, team_id=team_id, mentor_id=mentor_id)
    return f"Coaching mentor of {team.name} saved."
