"""What the workshop buttons of the secretariat's Phase 2 pages do (an extension for a team, a
workshop's details): one named command each, that first checks that the team or workshop
belongs to the cohort shown, and answers with the sentence the page shows. Each flushes; the
caller's session commits. The team buttons are in `services/teams/actions.py`."""

from datetime import date, datetime

from sqlmodel import Session

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import User, Workshop
from champions.services.phase2.workshops import CheckedWorkshop, grant_extension, save_workshop
from champions.services.registration.cohorts import cohort_or_current
from champions.services.teams.actions import cohort_team


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
    team = cohort_team(session, cohort_name, today, team_id)
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
