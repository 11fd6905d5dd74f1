"""What the Phase 2 pages' buttons do: one named command each, over the team and workshop
services, that first checks that what the request names belongs together (the participant's
own cohort; a team or workshop of the cohort the secretariat is looking at) and answers with
the sentence the page shows. Each flushes; the caller's session commits."""

from datetime import date, datetime

from sqlmodel import Session

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Cohort, Team, User, Workshop
from champions.services.phase2.teams import (
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
from champions.services.phase2.workshops import CheckedWorkshop, grant_extension, save_workshop
from champions.services.registration.applications import accepted_cohort
from champions.services.registration.cohorts import cohort_or_current

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


def _cohort(session: Session, cohort_name: str, today: date) -> Cohort:
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        raise RuleViolation([Reason("not_found", "There is no such cohort.")])
    return cohort


def _cohort_team(session: Session, cohort_name: str, today: date, team_id: int) -> Team:
    cohort = _cohort(session, cohort_name, today)
    team = session.get(Team, team_id)
    if team is None or team.cohort_id != cohort.id:
        raise RuleViolation([Reason("not_found", "There is no such team in this cohort.")])
    return team


def auto_form_cohort_teams(*, session: Session, actor: User, cohort_name: str, today: date) -> str:
    return auto_form_teams(session=session, actor=actor, cohort=_cohort(session, cohort_name, today)).message


def move_to_team(
    *, session: Session, actor: User, cohort_name: str, today: date, user_id: int, team_id: int
) -> str:
    _cohort_team(session, cohort_name, today, team_id)
    return f"Moved to {move_member(session=session, actor=actor, user_id=user_id, to_team_id=team_id).name}."


def lock_team(
    *, session: Session, actor: User, cohort_name: str, today: date, team_id: int, locked: bool
) -> str:
    _cohort_team(session, cohort_name, today, team_id)
    team = set_team_locked(session=session, actor=actor, team_id=team_id, locked=locked)
    return f"{team.name} {'locked' if team.locked else 'unlocked'}."


def coach_team(
    *, session: Session, actor: User, cohort_name: str, today: date, team_id: int, mentor_id: int | None
) -> str:
    _cohort_team(session, cohort_name, today, team_id)
    team = assign_coach(session=session, actor=actor, team_id=team_id, mentor_id=mentor_id)
    return f"Coaching mentor of {team.name} saved."


def extend_team_deadline(
    *,
    session: Session,
    actor: User,
    cohort_name: str,
    today: date,
    team_id: int,
    workshop_id: int,
    deadline: datetime,
    reason: str,
) -> str:
    team = _cohort_team(session, cohort_name, today, team_id)
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or workshop.cohort_id != team.cohort_id:
        raise RuleViolation([Reason("not_found", "Choose a workshop.", "workshop")])
    grant_extension(
        session=session,
        actor=actor,
        team_id=team_id,
        workshop_id=workshop.id,
        deadline=deadline,
        reason=reason,
    )
    return f"Extension granted until {format_instant(deadline, SEOUL_ZONE)}."


def save_cohort_workshop(
    *,
    session: Session,
    actor: User,
    cohort_name: str,
    today: date,
    workshop_id: int,
    checked: CheckedWorkshop,
) -> str:
    """Save a workshop of the cohort shown; answers with its title."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or cohort is None or workshop.cohort_id != cohort.id:
        raise RuleViolation([Reason("not_found", "There is no such workshop in this cohort.")])
    return save_workshop(session=session, actor=actor, workshop_id=workshop_id, checked=checked).title
