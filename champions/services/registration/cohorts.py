"""Finding cohorts (editions), and refusing changes to an archived one."""

from datetime import UTC, date, datetime, time

from sqlalchemy import event, inspect
from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL
from champions.models import (
    AuditEntry,
    AwardCategory,
    AwardList,
    Cohort,
    Criterion,
    JudgingRound,
    Lecture,
    Score,
    SubmissionVersion,
    Team,
    Workshop,
)


def get_cohort(*, session: Session, name: str) -> Cohort | None:
    return session.exec(select(Cohort).where(Cohort.name == name)).first()


def open_cohort(*, session: Session, today: date) -> Cohort | None:
    """The cohort whose registration is open today (the latest, if several; archived editions
    never are)."""
    return session.exec(
        select(Cohort)
        .where(
            Cohort.registration_opens <= today,
            Cohort.registration_closes >= today,
            Cohort.archived_at.is_(None),
        )
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


def archived_refusal(cohort: Cohort | None) -> Reason | None:
    """Why nothing of this edition may change (None: it may): an archived edition is read-only
    everywhere; it still shows in the dashboard, the exports and the data export."""
    if cohort is not None and cohort.archived_at is not None:
        return Reason(
            "archived", "The {name} edition is archived: it is read-only.", values={"name": cohort.name}
        )
    return None


def refuse_if_archived(cohort: Cohort | None) -> None:
    """Raise RuleViolation when the edition is archived (the write services call this first)."""
    reason = archived_refusal(cohort)
    if reason is not None:
        raise RuleViolation([reason])


# How a row leads to its edition: its own cohort_id, or the row it belongs to. Tables added
# later that hang off a lecture, workshop, team, version or score are covered as they are.
_OWNER_KEYS = (
    ("cohort_id", None),
    ("lecture_id", Lecture),
    ("workshop_id", Workshop),
    ("team_id", Team),
    ("version_id", SubmissionVersion),
    ("score_id", Score),
)
# Rows pages create on first read, with default values (a judging round in setup, the
# default rubric, a draft award list and its default categories): reading an archived edition
# must not fail on them.
_DEFAULTS_MADE_ON_READ = (JudgingRound, Criterion, AwardList, AwardCategory)


def _cohort_id_of(session: Session, row, depth: int = 0) -> int | None:
    if isinstance(row, AuditEntry) or depth > 4:  # the trail records exports of archived editions too
        return None
    for key, owner in _OWNER_KEYS:
        value = getattr(row, key, None)
        if isinstance(value, int):
            if owner is None:
                return value
            parent = session.get(owner, value)
            return None if parent is None else _cohort_id_of(session, parent, depth + 1)
    return None


def _archived_reason(session: Session, cohort_id: int | None) -> Reason | None:
    return archived_refusal(session.get(Cohort, cohort_id)) if cohort_id is not None else None


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_archived_editions(session: Session, _context, _instances) -> None:
    """The last word on "an archived edition is read-only everywhere": a flush that adds, changes
    or deletes a row of an archived edition raises RuleViolation (the transaction rolls back),
    whichever service forgot to ask `archived_refusal` first."""
    new = session.new  # built once: each read of session.new makes a new set (quadratic for thousands)
    for row in [*new, *session.dirty, *session.deleted]:
        if isinstance(row, Cohort):
            archiving = inspect(row).attrs.archived_at.history.has_changes()
            if row.archived_at is not None and not archiving and session.is_modified(row):
                raise RuleViolation([archived_refusal(row)])
            continue
        if row in new and isinstance(row, _DEFAULTS_MADE_ON_READ):
            continue
        reason = _archived_reason(session, _cohort_id_of(session, row))
        if reason is not None:
            raise RuleViolation([reason])


def ceremony_start(cohort: Cohort) -> datetime:
    """When the year-end ceremony starts (UTC): its time when set, else the start of its day in
    Seoul."""
    if cohort.ceremony_starts_at is not None:
        start = cohort.ceremony_starts_at
        return start.replace(tzinfo=UTC) if start.tzinfo is None else start
    return datetime.combine(cohort.ceremony_date, time(0, 0), tzinfo=SEOUL).astimezone(UTC)
