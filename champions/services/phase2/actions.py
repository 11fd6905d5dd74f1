"""What the workshop buttons of the secretariat's Phase 2 pages do (an extension for a team, a
workshop's details): one named command each, that first checks that the team or workshop
belongs to the cohort shown, and answers with the sentence the page shows. Each flushes; the
caller's session commits. The team buttons are in `services/teams/actions.py`."""

from datetime import date, datetime

from sqlmodel import Session

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import User, Workshop
from champions.services.audit import record_audit
from champions.services.phase1.lectures import new_checkin_code
from champions.services.phase2.workshops import (
    CheckedWorkshop,
    create_workshop,
    grant_extension,
    move_workshop,
    remove_workshop,
    save_workshop,
)
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
    workshop_id: int | None,
    checked: CheckedWorkshop,
) -> str:
    """Save a workshop of the cohort shown (a new one after the last when `workshop_id` is
    None); answers with its title."""
    if workshop_id is None:
        cohort = cohort_or_current(session=session, name=cohort_name, today=today)
        if cohort is None:
            raise RuleViolation([Reason("not_found", "There is no such cohort.")])
        return create_workshop(session=session, actor=actor, cohort=cohort, checked=checked).title
    workshop = cohort_workshop(session, cohort_name, today, workshop_id)
    return save_workshop(session=session, actor=actor, workshop_id=workshop.id, checked=checked).title


def cohort_workshop(session: Session, cohort_name: str, today: date, workshop_id: int) -> Workshop:
    """The workshop, when it belongs to the cohort shown; else RuleViolation."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or cohort is None or workshop.cohort_id != cohort.id:
        raise RuleViolation([Reason("not_found", "There is no such workshop in this cohort.")])
    return workshop


def move_cohort_workshop(
    *, session: Session, actor: User, cohort_name: str, today: date, workshop_id: int, step: int
) -> str:
    workshop = cohort_workshop(session, cohort_name, today, workshop_id)
    moved = move_workshop(session=session, actor=actor, workshop_id=workshop.id, step=step)
    return f"'{moved.title}' is now workshop {moved.position}."


def remove_cohort_workshop(
    *, session: Session, actor: User, cohort_name: str, today: date, workshop_id: int
) -> str:
    workshop = cohort_workshop(session, cohort_name, today, workshop_id)
    return f"Removed '{remove_workshop(session=session, actor=actor, workshop_id=workshop.id)}'."


def reveal_workshop_code(
    *, session: Session, actor: User, cohort_name: str, today: date, workshop_id: int, renew: bool
) -> str:
    """The check-in code of a workshop's session, generated on first reveal (or anew with
    `renew`, which invalidates the old one). Audited. Flushes."""
    workshop = cohort_workshop(session, cohort_name, today, workshop_id)
    if workshop.session_starts_at is None:
        raise RuleViolation([Reason("not_scheduled", "Set the session's date first.")])
    if renew or not workshop.checkin_code:
        workshop.checkin_code = new_checkin_code()
        session.add(workshop)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=workshop.cohort_id,
        action="checkin_code_renewed" if renew else "checkin_code_revealed",
        entity="workshop",
        entity_id=workshop.id,
    )
    session.flush()
    return workshop.checkin_code
