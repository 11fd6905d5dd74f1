"""Creating, editing, opening and archiving editions. Every change is audited; a change of the
age rule once applications exist needs a confirmation and re-evaluates them."""

import json
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlmodel import Session, select

from champions.infra.db import claim
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, local
from champions.models import Application, ApplicationStatus, Cohort, User
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.editions.rules import (
    CheckedEdition,
    EditionForm,
    OtherEdition,
    check_edition,
    overlap_reason,
)
from champions.services.registration.cohorts import refuse_if_archived
from champions.services.registration.eligibility import check_eligibility


class ConfirmationNeeded(Exception):
    """The change re-decides applicants' eligibility: show `changes`, then save again confirmed."""

    def __init__(self, changes: list["EligibilityChange"]):
        super().__init__(f"{len(changes)} applicants' eligibility would change")
        self.changes = changes


@dataclass(frozen=True)
class EligibilityChange:
    application_id: int
    name: str
    email: str
    age_before: int
    age_after: int
    eligible_before: bool
    eligible_after: bool


def _others(session: Session, except_id: int | None) -> list[OtherEdition]:
    return [
        OtherEdition(c.name, c.registration_opens, c.registration_closes, c.archived_at is not None)
        for c in session.exec(select(Cohort))
        if c.id != except_id
    ]


def _json_value(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _settings(cohort: Cohort) -> dict:
    return {f.name: _json_value(getattr(cohort, f.name)) for f in fields(CheckedEdition)}


def check_new_edition(*, session: Session, form: EditionForm) -> CheckedEdition:
    """`check_edition` against the editions in the database. Raises RuleViolation."""
    return check_edition(form, others=_others(session, None))


def edition_form(cohort: Cohort) -> EditionForm:
    """The edit form of an edition, filled in (the ceremony's time in Seoul)."""
    starts = local(cohort.ceremony_starts_at, SEOUL_ZONE) if cohort.ceremony_starts_at else None
    return EditionForm(
        name=cohort.name,
        title=cohort.title,
        registration_opens=cohort.registration_opens.isoformat(),
        registration_closes=cohort.registration_closes.isoformat(),
        phase1_start=cohort.phase1_start.isoformat(),
        phase1_end=cohort.phase1_end.isoformat(),
        phase2_start=cohort.phase2_start.isoformat(),
        phase2_end=cohort.phase2_end.isoformat(),
        ceremony_date=(starts.date() if starts else cohort.ceremony_date).isoformat(),
        ceremony_time=f"{starts:%H:%M}" if starts else "",
        ceremony_zone=SEOUL_ZONE,
        ceremony_venue=cohort.ceremony_venue,
        ceremony_mode=cohort.ceremony_mode,
        ceremony_join_url=cohort.ceremony_join_url,
        capacity=str(cohort.capacity),
        waitlist_capacity="" if cohort.waitlist_capacity is None else str(cohort.waitlist_capacity),
        max_age_exclusive=str(cohort.max_age_exclusive),
        age_reference_date=cohort.age_reference_date.isoformat() if cohort.age_reference_date else "",
        min_age="" if cohort.min_age is None else str(cohort.min_age),
        team_min=str(cohort.team_min),
        team_max=str(cohort.team_max),
        phase1_required=str(cohort.phase1_required),
        phase2_requires_phase1="yes" if cohort.phase2_requires_phase1 else "no",
        reviewers_per_submission=str(cohort.reviewers_per_submission),
    )


def create_edition(*, session: Session, actor_id: int | None, form: EditionForm) -> Cohort:
    """Check the settings and create the edition. Audited. Flushes; raises RuleViolation."""
    checked = check_new_edition(session=session, form=form)
    cohort = Cohort(**checked.values())
    session.add(cohort)
    session.flush()
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=cohort.id,
        action="edition.create",
        entity="cohort",
        entity_id=cohort.id,
        after=_settings(cohort),
    )
    session.flush()
    return cohort


def _rule_of(values) -> tuple:
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    reference = get("age_reference_date") or get("phase1_start")
    return reference, get("min_age"), get("max_age_exclusive")


def eligibility_changes(
    *, session: Session, cohort: Cohort, checked: CheckedEdition
) -> list[EligibilityChange]:
    """The applications (any status) whose eligibility the checked settings would change, by
    applicant's name. Reads only."""
    reference, min_age, max_age = _rule_of(checked.values())
    rows = session.exec(
        select(Application, User)
        .join(User, User.id == Application.user_id)
        .where(Application.cohort_id == cohort.id)
        .order_by(User.full_name, Application.id)
    ).all()
    changes = []
    for application, user in rows:
        before = check_eligibility(
            application.date_of_birth,
            reference_date=cohort.reference_date,
            min_age=cohort.min_age,
            max_age_exclusive=cohort.max_age_exclusive,
        )
        after = check_eligibility(
            application.date_of_birth, reference_date=reference, min_age=min_age, max_age_exclusive=max_age
        )
        if before.eligible != after.eligible or application.eligible != after.eligible:
            changes.append(
                EligibilityChange(
                    application.id,
                    user.full_name,
                    user.email,
                    before.age,
                    after.age,
                    application.eligible,
                    after.eligible,
                )
            )
    return changes


def has_applications(*, session: Session, cohort_id: int) -> bool:
    return session.exec(select(Application.id).where(Application.cohort_id == cohort_id)).first() is not None


def _reevaluate(session: Session, actor_id: int | None, cohort: Cohort) -> int:
    """Store every application's eligibility under the cohort's (new) rule; audit each change."""
    changed = 0
    for application in session.exec(select(Application).where(Application.cohort_id == cohort.id)):
        result = check_eligibility(
            application.date_of_birth,
            reference_date=cohort.reference_date,
            min_age=cohort.min_age,
            max_age_exclusive=cohort.max_age_exclusive,
        )
        snapshot = json.dumps(result.snapshot())
        if application.eligible == result.eligible and application.eligibility_snapshot == snapshot:
            continue
        if application.eligible != result.eligible:
            record_audit(
                session=session,
                actor_id=actor_id,
                cohort_id=cohort.id,
                action="application.eligibility",
                entity="application",
                entity_id=application.id,
                before={"eligible": application.eligible},
                after={
                    "eligible": result.eligible,
                    "age": result.age,
                    "reference_date": result.reference_date,
                },
                reason="The edition's age rule changed.",
            )
            changed += 1
        application.eligible = result.eligible
        application.eligibility_snapshot = snapshot
        session.add(application)
    return changed


@dataclass(frozen=True)
class EditionUpdate:
    cohort: Cohort
    changed: list[str]  # the settings that changed
    reevaluated: int  # applications whose eligibility changed


def update_edition(
    *, session: Session, actor_id: int | None, cohort_id: int, form: EditionForm, confirmed: bool = False
) -> EditionUpdate:
    """Change an edition's settings. When the age rule changes and the edition has applications,
    raises ConfirmationNeeded (listing whose eligibility would change) unless `confirmed`; then
    re-evaluates every application. Audited (the edition, and each applicant whose eligibility
    changed). Flushes; raises RuleViolation (nothing changes)."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise RuleViolation([Reason("not_found", "There is no such edition.")])
    refuse_if_archived(cohort)
    claim(session, Cohort, cohort.id)  # against a decision accepting past a capacity being lowered
    checked = check_edition(form, others=_others(session, cohort.id))
    accepted = len(
        session.exec(
            select(Application.id).where(
                Application.cohort_id == cohort.id, Application.status == ApplicationStatus.ACCEPTED
            )
        ).all()
    )
    if checked.capacity < accepted:
        raise RuleViolation(
            [
                Reason(
                    "below_accepted",
                    "{count} applicants are already accepted: the capacity cannot be lower.",
                    "capacity",
                    values={"count": accepted},
                )
            ]
        )
    before = _settings(cohort)
    new = checked.values()
    changed = [name for name in new if _json_value(new[name]) != before[name]]
    rule_changed = _rule_of(before) != tuple(_json_value(x) for x in _rule_of(new))
    if rule_changed and has_applications(session=session, cohort_id=cohort.id) and not confirmed:
        raise ConfirmationNeeded(eligibility_changes(session=session, cohort=cohort, checked=checked))
    if not changed:
        return EditionUpdate(cohort, [], 0)
    for name, value in new.items():
        setattr(cohort, name, value)
    session.add(cohort)
    reevaluated = _reevaluate(session, actor_id, cohort) if rule_changed else 0
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=cohort.id,
        action="edition.update",
        entity="cohort",
        entity_id=cohort.id,
        before={name: before[name] for name in changed},
        after={name: _json_value(new[name]) for name in changed},
    )
    session.flush()
    return EditionUpdate(cohort, changed, reevaluated)


def open_registration(*, session: Session, actor_id: int | None, cohort_id: int, today: date) -> Cohort:
    """Open the edition's registration today (its opening day becomes today). Refused when it is
    archived, already open, closed for good, or another edition's registration is open then.
    Audited. Flushes; raises RuleViolation."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise RuleViolation([Reason("not_found", "There is no such edition.")])
    refuse_if_archived(cohort)
    if cohort.registration_opens <= today <= cohort.registration_closes:
        raise RuleViolation([Reason("already_open", "Registration for this edition is already open.")])
    if cohort.registration_closes < today:
        raise RuleViolation(
            [Reason("closed", "Its registration closing day has passed: edit the edition's dates instead.")]
        )
    overlap = overlap_reason(today, cohort.registration_closes, _others(session, cohort.id))
    if overlap:
        raise RuleViolation([overlap])
    before = cohort.registration_opens.isoformat()
    cohort.registration_opens = today
    session.add(cohort)
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=cohort.id,
        action="edition.open_registration",
        entity="cohort",
        entity_id=cohort.id,
        before={"registration_opens": before},
        after={"registration_opens": today.isoformat()},
    )
    session.flush()
    return cohort


def archive_edition(
    *, session: Session, actor_id: int | None, cohort_id: int, reason: str, now: datetime | None = None
) -> Cohort:
    """Make an edition read-only everywhere (it stays in the dashboard and the exports). Needs a
    reason. Audited. Flushes; raises RuleViolation."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise RuleViolation([Reason("not_found", "There is no such edition.")])
    refuse_if_archived(cohort)
    text = " ".join((reason or "").split())
    if not text:
        raise RuleViolation([Reason("required", "Say why the edition is archived.", "reason")])
    if len(text) > 1000:
        raise RuleViolation([Reason("too_long", "Use at most 1000 characters.", "reason")])
    cohort.archived_at = now or utcnow()
    session.add(cohort)
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=cohort.id,
        action="edition.archive",
        entity="cohort",
        entity_id=cohort.id,
        before={"archived": False},
        after={"archived": True},
        reason=text,
    )
    session.flush()
    return cohort
