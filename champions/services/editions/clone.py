"""Cloning an edition: its settings, lectures, workshops, rubrics and award categories, every
date shifted by a whole number of weeks (so weekdays stay). Never people, applications, teams,
submissions, attendance or scores."""

from datetime import date, datetime, timedelta

from sqlmodel import Session, SQLModel, select

from champions.infra.reasons import Reason, RuleViolation
from champions.models import AwardCategory, Cohort, Criterion, Lecture, Workshop
from champions.services.audit import record_audit
from champions.services.editions.editions import _others, _settings, edition_form
from champions.services.editions.rules import check_edition

MAX_WEEKS = 520
# Per copied table: columns that are not carried over (keys, the new owner, what belongs to the
# earlier run of an event: its check-in code, recording and cancellation; creation times).
_SKIP = {
    "id",
    "cohort_id",
    "workshop_id",
    "created_at",
    "updated_at",
    "archived_at",
    "checkin_code",
    "recording_url",
    "cancelled_at",
    "cancel_reason",
}


def _shifted(row: SQLModel, delta: timedelta, **overrides) -> dict:
    """Every column of `row` but the skipped ones, each date and datetime moved by `delta`; any
    column a later migration adds is copied the same way."""
    values = {}
    for name in type(row).model_fields:
        if name in _SKIP:
            continue
        value = getattr(row, name)
        if isinstance(value, (date, datetime)):
            value = value + delta
        values[name] = value
    return {**values, **overrides}


def parse_weeks(text: str) -> int:
    """A whole number of weeks (negative moves earlier). Raises RuleViolation."""
    text = (text or "").strip()
    digits = text[1:] if text[:1] in "+-" else text
    if (
        not (digits.isascii() and digits.isdigit())
        or len(digits) > 4
        or int(text) == 0
        or abs(int(text)) > MAX_WEEKS
    ):
        raise RuleViolation(
            [
                Reason(
                    "invalid_weeks",
                    "Shift by a whole number of weeks from 1 to {max} (or minus that).",
                    "weeks",
                    values={"max": MAX_WEEKS},
                )
            ]
        )
    return int(text)


def clone_edition(
    *, session: Session, actor_id: int | None, source_id: int, name: str, title: str, weeks: str
) -> Cohort:
    """A new edition from `source_id`: same settings under a new name and title, every date moved
    by `weeks` weeks, with copies of its lectures (not cancelled ones), workshops with their
    rubric criteria, and award categories. Audited. Flushes; raises RuleViolation with reasons
    at the fields (name, title, weeks) and nothing is created."""
    source = session.get(Cohort, source_id)
    if source is None:
        raise RuleViolation([Reason("not_found", "There is no such edition to clone.", "source")])
    shift = timedelta(weeks=parse_weeks(weeks))
    values = _shifted(source, shift, name=name, title=title)
    checked = check_edition(edition_form(Cohort(**values)), others=_others(session, None))
    # The form's ceremony time is rounded to minutes in Seoul; the shifted instant is exact.
    new = Cohort(**{**values, **checked.values(), "ceremony_starts_at": values["ceremony_starts_at"]})
    session.add(new)
    session.flush()
    counts = {"lectures": 0, "workshops": 0, "criteria": 0, "award_categories": 0}
    for lecture in session.exec(
        select(Lecture)
        .where(Lecture.cohort_id == source.id, Lecture.cancelled_at.is_(None))
        .order_by(Lecture.starts_at)
    ):
        session.add(Lecture(**_shifted(lecture, shift, cohort_id=new.id)))
        counts["lectures"] += 1
    for workshop in session.exec(
        select(Workshop).where(Workshop.cohort_id == source.id).order_by(Workshop.position)
    ):
        copy = Workshop(**_shifted(workshop, shift, cohort_id=new.id))
        session.add(copy)
        session.flush()
        counts["workshops"] += 1
        for criterion in session.exec(
            select(Criterion).where(Criterion.workshop_id == workshop.id).order_by(Criterion.id)
        ):
            session.add(Criterion(**_shifted(criterion, shift, workshop_id=copy.id)))
            counts["criteria"] += 1
    for category in session.exec(
        select(AwardCategory).where(AwardCategory.cohort_id == source.id).order_by(AwardCategory.id)
    ):
        session.add(AwardCategory(**_shifted(category, shift, cohort_id=new.id)))
        counts["award_categories"] += 1
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=new.id,
        action="edition.clone",
        entity="cohort",
        entity_id=new.id,
        before={"source": source.name},
        after={**_settings(new), "weeks": shift.days // 7, **counts},
    )
    session.flush()
    return new
