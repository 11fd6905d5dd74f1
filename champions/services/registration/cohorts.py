"""Finding cohorts."""

from datetime import date

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.models import Cohort


def get_cohort(*, session: Session, name: str) -> Cohort | None:
    return session.exec(select(Cohort).where(Cohort.name == name)).first()


def open_cohort(*, session: Session, today: date) -> Cohort | None:
    """The cohort whose registration is open today (the latest, if several)."""
    return session.exec(
        select(Cohort)
        .where(Cohort.registration_opens <= today, Cohort.registration_closes >= today)
        .order_by(Cohort.registration_closes.desc())
    ).first()


def current_cohort(*, session: Session, today: date) -> Cohort | None:
    """The cohort to show by default: the one open for registration, else the most recent."""
    return (
        open_cohort(session=session, today=today)
        or session.exec(select(Cohort).order_by(Cohort.phase1_start.desc())).first()
    )


def list_cohorts(*, session: Session) -> list[Cohort]:
    return list(session.exec(select(Cohort).order_by(Cohort.phase1_start.desc())))


def cohort_or_current(*, session: Session, name: str, today: date) -> Cohort | None:
    """The cohort called `name`, or the current one when no name is given."""
    return get_cohort(session=session, name=name) if name else current_cohort(session=session, today=today)


def cohort_named(*, session: Session, name: str, today: date) -> Cohort:
    """The cohort named (else the current one). Raises RuleViolation when there is none."""
    cohort = cohort_or_current(session=session, name=name, today=today)
    if cohort is None:
        raise RuleViolation([Reason("not_found", "There is no such cohort.")])
    return cohort
