"""What the registration pages show, read in one go per page: typed values the states display
as they are (dates and labels already in the viewer's words, ids as text for the page's
controls). Read only."""

import json
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlmodel import Session

from champions.infra.spreadsheet import to_csv
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import N_, gettext
from champions.models import Application, ApplicationStatus, Cohort, User
from champions.services.registration.applications import (
    ApplicationRow,
    application_export,
    application_of,
    application_row,
    count_by_status,
    list_applications,
)
from champions.services.registration.cohorts import (
    cohort_or_current,
    current_cohort,
    list_cohorts,
    open_cohort,
)
from champions.services.registration.countries import Region, country_label
from champions.services.registration.eligibility import format_day

# --- a cohort's public facts (landing page, registration form) -------------------------------

CEREMONY_MODES = {
    "online": N_("Online"),
    "offline": N_("In person"),
    "hybrid": N_("Hybrid (in person and online)"),
}


@dataclass(frozen=True)
class CohortFacts:
    """What anyone may read about a cohort; every field is "" (and `is_open` False) when there
    is no cohort to show."""

    title: str = ""
    is_open: bool = False  # its registration is open today
    registration: str = ""  # "10 January 2022 – 3 March 2022"
    closes: str = ""
    phase1: str = ""
    phase2: str = ""
    ceremony: str = ""
    min_age: str = ""  # "" when the edition sets no minimum
    max_age: str = ""
    reference: str = ""  # the day ages are counted on
    age_rule: str = ""  # "You must be under 35 on 4 March 2022." (with the minimum, when set)
    ceremony_where: str = ""  # "Hybrid (in person and online) · Seoul City Hall"
    # ceremony_where's parts, for the page to put in the viewer's words: the mode's words in
    # English (a catalogue text, CEREMONY_MODES; "" when unknown) and the venue.
    # (not compared: ceremony_where says it)
    ceremony_mode: str = field(default="", compare=False)
    ceremony_venue: str = field(default="", compare=False)


def _span(first: date, last: date, language: str = "en") -> str:
    return f"{format_day(first, language)} – {format_day(last, language)}"


def _facts(cohort: Cohort | None, today: date, language: str = "en") -> CohortFacts:
    if cohort is None:
        return CohortFacts()
    return CohortFacts(
        title=cohort.title,
        is_open=cohort.registration_opens <= today <= cohort.registration_closes,
        registration=_span(cohort.registration_opens, cohort.registration_closes, language),
        closes=format_day(cohort.registration_closes, language),
        phase1=_span(cohort.phase1_start, cohort.phase1_end, language),
        phase2=_span(cohort.phase2_start, cohort.phase2_end, language),
        ceremony=(
            format_instant(cohort.ceremony_starts_at, SEOUL_ZONE, language)
            if cohort.ceremony_starts_at
            else format_day(cohort.ceremony_date, language)
        ),
        min_age="" if cohort.min_age is None else str(cohort.min_age),
        max_age=str(cohort.max_age_exclusive),
        reference=format_day(cohort.reference_date, language),
        age_rule=(
            gettext(
                language,
                "You must be under {max_age} on {day}.",
                max_age=cohort.max_age_exclusive,
                day=format_day(cohort.reference_date, language),
            )
            if cohort.min_age is None
            else gettext(
                language,
                "You must be at least {min_age} and under {max_age} on {day}.",
                min_age=cohort.min_age,
                max_age=cohort.max_age_exclusive,
                day=format_day(cohort.reference_date, language),
            )
        ),
        ceremony_where=" · ".join(
            part
            for part in (
                gettext(language, CEREMONY_MODES[cohort.ceremony_mode])
                if cohort.ceremony_mode in CEREMONY_MODES
                else "",
                cohort.ceremony_venue,
            )
            if part
        ),
        ceremony_mode=CEREMONY_MODES.get(cohort.ceremony_mode, ""),
        ceremony_venue=cohort.ceremony_venue or "",
    )


def current_cohort_facts(*, session: Session, today: date, language: str = "en") -> CohortFacts:
    """The cohort open for registration today, else the latest (the landing page)."""
    return _facts(current_cohort(session=session, today=today), today, language)


def open_cohort_facts(*, session: Session, today: date, language: str = "en") -> CohortFacts:
    """The cohort open for registration today, or no cohort (the registration form)."""
    return _facts(open_cohort(session=session, today=today), today, language)


# --- the applicant's own application ----------------------------------------------------------

STATUS_TEXT = {
    "submitted": "Submitted: the secretariat will review it.",
    "accepted": "Accepted: welcome to the program!",
    "waitlisted": "Waitlisted: you will hear from us if a place opens.",
    "rejected": "Not accepted this time.",
    "withdrawn": "Withdrawn at your request.",
}


@dataclass(frozen=True)
class Milestone:
    what: str
    when: str


@dataclass(frozen=True)
class OwnApplication:
    """The applicant's latest application; `id` is 0 when they have none."""

    id: int = 0
    cohort: str = ""
    status: str = ""
    status_text: str = ""
    submitted: str = ""
    country: str = ""
    city: str = ""
    affiliation: str = ""
    age_line: str = ""
    # age_line's parts: the age and the reference day, in the language (not compared: age_line says it)
    age: str = field(default="", compare=False)
    reference: str = field(default="", compare=False)
    upcoming: list[Milestone] = field(default_factory=list)  # the cohort's dates from today on


def own_application(*, session: Session, user_id: int, today: date, language: str = "en") -> OwnApplication:
    """The user's most recent application, with its cohort's dates still to come."""
    application = application_of(session=session, user_id=user_id)
    if application is None:
        return OwnApplication()
    cohort = session.get(Cohort, application.cohort_id)
    age = json.loads(application.eligibility_snapshot or "{}").get("age", "")
    milestones = [
        ("Registration closes", cohort.registration_closes),
        ("Phase 1 (six lectures) starts", cohort.phase1_start),
        ("Phase 1 ends", cohort.phase1_end),
        ("Phase 2 (workshops and teams) starts", cohort.phase2_start),
        ("Phase 2 ends", cohort.phase2_end),
        ("Year-end ceremony in Seoul", cohort.ceremony_date),
    ]
    return OwnApplication(
        id=application.id,
        cohort=cohort.title,
        status=application.status.value,
        status_text=STATUS_TEXT[application.status.value],
        submitted=(
            application.submitted_at.strftime("%Y-%m-%d %H:%M UTC")
            if language == "en"
            else format_instant(application.submitted_at, "UTC", language)
        ),
        country=country_label(application.country, language),
        city=application.city,
        affiliation=application.affiliation,
        age_line=gettext(
            language,
            "You will be {age} on {day}, the program's reference date.",
            age=age,
            day=format_day(cohort.reference_date, language),
        ),
        upcoming=[Milestone(what, format_day(day, language)) for what, day in milestones if day >= today],
        age=str(age),
        reference=format_day(cohort.reference_date, language),
    )


# --- the secretariat's review -------------------------------------------------------------------

ALL = "all"  # a filter that keeps every application
STATUS_FILTERS = [ALL] + [status.value for status in ApplicationStatus]
REGION_FILTERS = [ALL] + [region.value for region in Region]
ELIGIBILITY_FILTERS = [ALL, "yes", "no"]


@dataclass(frozen=True)
class ApplicationLine:
    """One application as the review lists it, every value as text."""

    id: str = ""
    full_name: str = ""
    email: str = ""
    country: str = ""
    country_name: str = ""
    region: str = ""
    city: str = ""
    affiliation: str = ""
    field_of_study: str = ""
    date_of_birth: str = ""
    age: str = ""
    status: str = ""
    eligible: str = ""  # "yes" or "no"
    submitted_at: str = ""


@dataclass(frozen=True)
class ApplicationDetail(ApplicationLine):
    """One application opened in full; `id` is "" when none is open."""

    motivation: str = ""
    consent_version: str = ""
    eligibility: str = ""  # the eligibility check's record, as JSON


@dataclass(frozen=True)
class ApplicationsPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    capacity: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # applications per status
    total: int = 0  # applications the filters keep
    lines: list[ApplicationLine] = field(default_factory=list)  # the first of them


def _criteria(filters: dict[str, str]) -> dict[str, str]:
    """`list_applications`' filters from the page's ("all" keeps everything)."""
    picked = {key: filters.get(key, ALL) for key in ("status", "region", "eligible")}
    return {
        **{key: "" if value == ALL else value for key, value in picked.items()},
        "country": filters.get("country", ""),
        "search": filters.get("search", ""),
    }


def _line(row: ApplicationRow) -> ApplicationLine:
    return ApplicationLine(
        id=str(row.id),
        full_name=row.full_name,
        email=row.email,
        country=row.country,
        country_name=row.country_name,
        region=row.region,
        city=row.city,
        affiliation=row.affiliation,
        field_of_study=row.field_of_study,
        date_of_birth=row.date_of_birth.isoformat(),
        age=str(row.age),
        status=row.status,
        eligible="yes" if row.eligible else "no",
        submitted_at=row.submitted_at.strftime("%Y-%m-%d %H:%M UTC"),
    )


def applications_page(
    *, session: Session, cohort_name: str, filters: dict[str, str], today: date, limit: int
) -> ApplicationsPage:
    """The applications of the cohort named (else the current one) that the filters keep,
    newest first: how many, and the first `limit` of them."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return ApplicationsPage()
    rows = list_applications(session=session, cohort_id=cohort.id, **_criteria(filters))
    return ApplicationsPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        capacity=cohort.capacity,
        counts=count_by_status(session=session, cohort_id=cohort.id),
        total=len(rows),
        lines=[_line(row) for row in rows[:limit]],
    )


def application_detail(
    *, session: Session, cohort_name: str, application_id: int, today: date
) -> ApplicationDetail:
    """One application of the cohort named (else the current one) in full; an empty detail
    when it is not one of that cohort's."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    application = session.get(Application, application_id)
    if cohort is None or application is None or application.cohort_id != cohort.id:
        return ApplicationDetail()
    row = application_row(application, session.get(User, application.user_id), cohort)
    return ApplicationDetail(
        **asdict(_line(row)),
        motivation=application.motivation,
        consent_version=application.consent_version,
        eligibility=application.eligibility_snapshot,
    )


def applications_csv(
    *, session: Session, cohort_name: str, filters: dict[str, str], today: date, language: str = "en"
) -> tuple[str, str] | None:
    """(file name, CSV in `language`) of every application the page's filters keep; None when
    there is no such cohort."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return None
    rows = list_applications(session=session, cohort_id=cohort.id, **_criteria(filters))
    return f"applications-{cohort.name}.csv", to_csv(*application_export(rows, language))
