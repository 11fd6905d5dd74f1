"""Applications: registration with the eligibility check, review by the secretariat, export."""

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import func, or_
from sqlmodel import Session, select

from champions.infra.db import claim
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import Application, ApplicationStatus, Cohort, Role, Team, TeamMember, User
from champions.models._time import utcnow
from champions.services.accounts.accounts import create_user, email_problems
from champions.services.accounts.passwords import password_problems
from champions.services.audit import record_audit
from champions.services.messages.events import decision_made, team_changed, withdrawal_confirmed
from champions.services.messages.templates import Words
from champions.services.registration import countries
from champions.services.registration.eligibility import (
    EligibilityResult,
    InvalidBirthDate,
    age_on,
    check_cohort_eligibility,
    parse_birth_date,
)

MOTIVATION_MIN_WORDS = 50
MOTIVATION_MAX_WORDS = 500

_TEXT_LIMITS = {"full_name": 200, "city": 120, "affiliation": 200, "field_of_study": 200}
_REQUIRED = {
    "full_name": N_("Enter your full name."),
    "city": N_("Enter your city."),
    "affiliation": N_("Enter your university or organization."),
    "field_of_study": N_("Enter your field of study."),
}


def count_words(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


@dataclass(frozen=True)
class RegistrationForm:
    """What the registration form sends, as text (parsed and checked on the server)."""

    full_name: str = ""
    email: str = ""
    password: str = ""
    date_of_birth: str = ""
    country: str = ""
    city: str = ""
    affiliation: str = ""
    field_of_study: str = ""
    motivation: str = ""
    consent: bool = False

    @classmethod
    def from_form_data(cls, data: dict) -> "RegistrationForm":
        """Build from a browser's form data, whatever types it sent."""

        def text(key: str) -> str:
            value = data.get(key, "")
            return value if isinstance(value, str) else ""

        consent = data.get("consent")
        return cls(
            **{key: text(key) for key in REGISTRATION_FIELDS if key != "consent"},
            consent=consent is True or consent in ("on", "true", "yes", "1"),
        )


# The registration form's fields, in the form's order.
REGISTRATION_FIELDS = tuple(field.name for field in fields(RegistrationForm))


@dataclass(frozen=True)
class CheckedRegistration:
    """A registration that passed every check: the parsed values to store."""

    form: RegistrationForm
    born: date
    eligibility: EligibilityResult


def check_registration(
    *, session: Session, cohort: Cohort, form: RegistrationForm, today: date
) -> CheckedRegistration:
    """Check every field and the eligibility rule; raise RuleViolation with one reason per
    field. An email that already has an account passes: the page must not tell (see
    `register.complete_registration`). Changes nothing."""
    problems: list[Reason] = []
    for key, limit in _TEXT_LIMITS.items():
        value = getattr(form, key).strip()
        if not value:
            problems.append(Reason("required", _REQUIRED[key], key))
        elif len(value) > limit:
            problems.append(
                Reason("too_long", "Use at most {limit} characters.", key, values={"limit": limit})
            )
    problems += email_problems(form.email)
    problems += password_problems(form.password)
    if not countries.is_country_code(form.country):
        problems.append(Reason("required", "Choose your country.", "country"))
    words = count_words(form.motivation)
    if words < MOTIVATION_MIN_WORDS or words > MOTIVATION_MAX_WORDS:
        problems.append(
            Reason(
                "length",
                "Write {min} to {max} words (you wrote {words}).",
                "motivation",
                values={"min": MOTIVATION_MIN_WORDS, "max": MOTIVATION_MAX_WORDS, "words": words},
            )
        )
    if not form.consent:
        problems.append(Reason("required", "You must agree to the privacy notice to apply.", "consent"))
    born = None
    eligibility = None
    try:
        born = parse_birth_date(form.date_of_birth, today=today)
    except InvalidBirthDate as error:
        problems.append(error.reason)
    if born is not None:
        eligibility = check_cohort_eligibility(born, cohort)
        problems += eligibility.reasons
    if not (cohort.registration_opens <= today <= cohort.registration_closes):
        problems.append(
            Reason("closed", "Registration for {title} is closed.", "", values={"title": cohort.title})
        )
    if problems:
        raise RuleViolation(problems)
    return CheckedRegistration(form=form, born=born, eligibility=eligibility)


def register_applicant(
    *, session: Session, cohort: Cohort, checked: CheckedRegistration, password_hash: str
) -> tuple[User, Application]:
    """Create the participant account and its application in one transaction (flushed,
    committed by the caller). The duplicate-email check is repeated inside it: the unique
    index is the final word when two registrations race."""
    form = checked.form
    user = create_user(
        session=session,
        email=form.email,
        full_name=form.full_name,
        role=Role.PARTICIPANT,
        password_hash=password_hash,
    )
    application = Application(
        cohort_id=cohort.id,
        user_id=user.id,
        date_of_birth=checked.born,
        country=form.country.strip().upper(),
        city=form.city.strip(),
        affiliation=form.affiliation.strip(),
        field_of_study=form.field_of_study.strip(),
        motivation=form.motivation.strip(),
        consent_version=cohort.consent_version,
        eligible=checked.eligibility.eligible,
        eligibility_snapshot=json.dumps(checked.eligibility.snapshot()),
    )
    session.add(application)
    session.flush()
    return user, application


def application_of(*, session: Session, user_id: int, cohort_id: int | None = None) -> Application | None:
    """The user's application (to the given cohort, else the most recent)."""
    query = select(Application).where(Application.user_id == user_id)
    if cohort_id is not None:
        query = query.where(Application.cohort_id == cohort_id)
    return session.exec(query.order_by(Application.submitted_at.desc())).first()


def accepted_cohort(*, session: Session, user_id: int) -> Cohort | None:
    """The cohort of the user's most recent application, when that application is accepted."""
    application = application_of(session=session, user_id=user_id)
    if application is None or application.status != ApplicationStatus.ACCEPTED:
        return None
    return session.get(Cohort, application.cohort_id)


# --- review -----------------------------------------------------------------------------

DECISIONS = (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.REJECTED)


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    full_name: str
    email: str
    country: str
    country_name: str
    region: str
    city: str
    affiliation: str
    field_of_study: str
    date_of_birth: date
    age: int
    status: str
    eligible: bool
    submitted_at: datetime


def list_applications(
    *,
    session: Session,
    cohort_id: int,
    status: str = "",
    country: str = "",
    region: str = "",
    eligible: str = "",
    search: str = "",
    limit: int | None = None,
) -> list[ApplicationRow]:
    """Applications of a cohort with their applicant, filtered in SQL, newest first.
    `eligible` is "yes", "no" or ""; `search` matches name, email, city or affiliation."""
    query = (
        select(Application, User)
        .join(User, User.id == Application.user_id)
        .where(Application.cohort_id == cohort_id)
    )
    if status:
        query = query.where(Application.status == ApplicationStatus(status))
    if country:
        query = query.where(Application.country == country.upper())
    if region:
        query = query.where(Application.country.in_(countries.codes_in_region(region)))
    if eligible in ("yes", "no"):
        query = query.where(Application.eligible.is_(eligible == "yes"))
    term = search.strip().lower()[:100]
    if term:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            or_(
                func.lower(User.full_name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
                func.lower(Application.city).like(pattern, escape="\\"),
                func.lower(Application.affiliation).like(pattern, escape="\\"),
            )
        )
    query = query.order_by(Application.submitted_at.desc(), Application.id.desc())
    if limit:
        query = query.limit(limit)
    cohort = session.get(Cohort, cohort_id)
    return [application_row(application, user, cohort) for application, user in session.exec(query)]


def application_row(application: Application, user: User, cohort: Cohort) -> ApplicationRow:
    """One application with its applicant, as the secretariat's list shows it."""
    return ApplicationRow(
        id=application.id,
        full_name=user.full_name,
        email=user.email,
        country=application.country,
        country_name=countries.COUNTRIES.get(application.country, application.country),
        region=countries.REGION_OF[application.country].value
        if application.country in countries.REGION_OF
        else "",
        city=application.city,
        affiliation=application.affiliation,
        field_of_study=application.field_of_study,
        date_of_birth=application.date_of_birth,
        age=age_on(application.date_of_birth, cohort.reference_date),
        status=application.status.value,
        eligible=application.eligible,
        submitted_at=application.submitted_at,
    )


def count_by_status(*, session: Session, cohort_id: int) -> dict[str, int]:
    rows = session.exec(
        select(Application.status, func.count())
        .where(Application.cohort_id == cohort_id)
        .group_by(Application.status)
    )
    counts = {status.value: 0 for status in ApplicationStatus}
    for status, count in rows:
        counts[ApplicationStatus(status).value] = count
    return counts


@dataclass(frozen=True)
class DecisionOutcome:
    changed: list[int]
    refused: list[tuple[int, Reason]]


def can_decide(application: Application, decision: ApplicationStatus) -> Reason | None:
    """Why the secretariat may not set this decision (None: it may)."""
    if decision not in DECISIONS:
        return Reason(
            "invalid_decision", "'{decision}' is not a decision.", values={"decision": decision.value}
        )
    if application.status == ApplicationStatus.WITHDRAWN:
        return Reason("withdrawn", "The applicant withdrew this application.")
    if decision == ApplicationStatus.ACCEPTED and not application.eligible:
        return Reason("ineligible", "This applicant is not eligible.")
    return None


def decide_applications(
    *,
    session: Session,
    actor: User,
    cohort_id: int,
    application_ids: Iterable[int],
    decision: ApplicationStatus,
    now: datetime | None = None,
) -> DecisionOutcome:
    """Set a decision on applications of one cohort, audited one entry per change. Accepting
    stops at the cohort's capacity and waitlisting at its waitlist's (when it has a limit): the
    applications beyond them are refused with a reason.
    Flushes; the caller commits."""
    now = now or utcnow()
    # Decisions on one cohort (on any worker) take turns, so its last places are given once.
    claim(session, Cohort, cohort_id)
    cohort = session.get(Cohort, cohort_id)
    ids = sorted({int(i) for i in application_ids})
    applications = list(
        session.exec(
            # By id: the earliest applications get the last places, whatever order the database
            # keeps rows in (PostgreSQL returns updated rows last).
            select(Application)
            .where(Application.cohort_id == cohort_id, Application.id.in_(ids))
            .order_by(Application.id)
        )
    )
    found = {application.id for application in applications}
    refused = [(i, Reason("not_found", "No such application in this cohort.")) for i in ids if i not in found]
    changed: list[int] = []
    counts = {
        status: session.exec(
            select(func.count())
            .select_from(Application)
            .where(Application.cohort_id == cohort_id, Application.status == status)
        ).one()
        for status in (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED)
    }
    limits = {
        ApplicationStatus.ACCEPTED: cohort.capacity,
        ApplicationStatus.WAITLISTED: cohort.waitlist_capacity,
    }
    for application in applications:
        if application.status == decision:
            continue
        reason = can_decide(application, decision)
        if reason is None and decision == ApplicationStatus.ACCEPTED and counts[decision] >= cohort.capacity:
            reason = Reason(
                "capacity", "The cohort is full ({count} accepted).", values={"count": cohort.capacity}
            )
        if (
            reason is None
            and decision == ApplicationStatus.WAITLISTED
            and limits[decision] is not None
            and counts[decision] >= limits[decision]
        ):
            reason = Reason(
                "waitlist_full",
                "The waitlist is full ({count} waitlisted).",
                values={"count": limits[decision]},
            )
        if reason is not None:
            refused.append((application.id, reason))
            continue
        if application.status in counts:
            counts[application.status] -= 1
        if decision in counts:
            counts[decision] += 1
        before = application.status.value
        application.status = decision
        application.decided_at = now
        session.add(application)
        decision_made(session=session, application=application, before=ApplicationStatus(before), now=now)
        record_audit(
            session=session,
            actor_id=actor.id,
            cohort_id=cohort_id,
            action="application.decide",
            entity="application",
            entity_id=application.id,
            before={"status": before},
            after={"status": decision.value},
        )
        changed.append(application.id)
    session.flush()
    return DecisionOutcome(changed=changed, refused=refused)


def withdraw_application(
    *, session: Session, user: User, application_id: int, today: date | None = None
) -> None:
    """The applicant withdraws their own application, leaving their team of that cohort (if
    any). Both audited. Raises RuleViolation otherwise."""
    application = session.get(Application, application_id)
    if application is None or application.user_id != user.id:
        raise RuleViolation([Reason("not_found", "No such application.")])
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED):
        raise RuleViolation([Reason("final", "This application can no longer be withdrawn.")])
    if session.get(Cohort, application.cohort_id).phase2_end < (today or date.today()):
        raise RuleViolation([Reason("ended", "The program has ended; there is nothing to withdraw from.")])
    before = application.status.value
    application.status = ApplicationStatus.WITHDRAWN
    session.add(application)
    record_audit(
        session=session,
        actor_id=user.id,
        cohort_id=application.cohort_id,
        action="application.withdraw",
        entity="application",
        entity_id=application.id,
        before={"status": before},
        after={"status": "withdrawn"},
    )
    withdrawal_confirmed(session=session, user=user, application=application, now=utcnow())
    # Only accepted participants are in teams (DESIGN.md, Phase 2): the person leaves theirs,
    # and with it the team's submissions and files; the team keeps its versions.
    membership = session.exec(
        select(TeamMember).where(TeamMember.user_id == user.id, TeamMember.cohort_id == application.cohort_id)
    ).first()
    if membership is not None:
        session.delete(membership)
        session.flush()
        team_changed(
            session=session,
            team=session.get(Team, membership.team_id),
            change=Words.line(
                N_("{person} withdrew from the program and left your team."), person=user.full_name
            ),
            about_user_id=user.id,
        )
        record_audit(
            session=session,
            actor_id=user.id,
            cohort_id=application.cohort_id,
            action="team_left",
            entity="team",
            entity_id=membership.team_id,
            before={"user_id": user.id},
            reason="Withdrew from the program",
        )
    session.flush()


APPLICATION_FIELDS = [
    N_("id"),
    N_("full_name"),
    N_("email"),
    N_("country"),
    N_("country_name"),
    N_("region"),
    N_("city"),
    N_("affiliation"),
    N_("field_of_study"),
    N_("date_of_birth"),
    N_("age"),
    N_("status"),
    N_("eligible"),
    N_("submitted_at_utc"),
]


def application_export(rows: Sequence[ApplicationRow], language: str = "en") -> tuple[list[str], list[list]]:
    """The applications table for CSV: (field_names, rows). Headings, country names, regions,
    statuses and yes/no in `language`; dates and times as ISO numbers in every language."""
    field_names = [gettext(language, field) for field in APPLICATION_FIELDS]
    return field_names, [
        [
            row.id,
            row.full_name,
            row.email,
            row.country,
            row.country_name if language == "en" else countries.country_label(row.country, language),
            gettext(language, row.region) if row.region else row.region,
            row.city,
            row.affiliation,
            row.field_of_study,
            row.date_of_birth.isoformat(),
            row.age,
            gettext(language, row.status),
            gettext(language, "yes") if row.eligible else gettext(language, "no"),
            row.submitted_at.strftime("%Y-%m-%d %H:%M:%S"),
        ]
        for row in rows
    ]
