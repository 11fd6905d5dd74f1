"""What the editions page and the participants' pages show of an edition: typed values with
dates and times already in the viewer's words (times in the viewer's zone and in Seoul).
Read only."""

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import gettext, ngettext
from champions.models import Application, Cohort, Lecture, Workshop
from champions.services.editions.editions import EligibilityChange, edition_form
from champions.services.editions.rules import EditionForm
from champions.services.registration.applications import application_of
from champions.services.registration.cohorts import list_cohorts
from champions.services.registration.eligibility import format_day
from champions.services.registration.views import CEREMONY_MODES

MODE_WORDS = CEREMONY_MODES


@dataclass(frozen=True)
class Ceremony:
    """The year-end ceremony as participants see it; `when_local` is "" when the viewer is in Seoul."""

    day: str = ""
    when_seoul: str = ""
    when_local: str = ""
    mode: str = ""
    venue: str = ""
    join_url: str = ""


def ceremony_of(cohort: Cohort | None, zone: str, language: str = "en") -> Ceremony:
    if cohort is None:
        return Ceremony()
    when_seoul = when_local = ""
    if cohort.ceremony_starts_at is not None:
        when_seoul = format_instant(cohort.ceremony_starts_at, SEOUL_ZONE, language)
        if zone != SEOUL_ZONE:
            when_local = format_instant(cohort.ceremony_starts_at, zone, language)
    return Ceremony(
        day=format_day(cohort.ceremony_date, language),
        when_seoul=when_seoul,
        when_local=when_local,
        mode=MODE_WORDS.get(cohort.ceremony_mode, cohort.ceremony_mode),
        venue=cohort.ceremony_venue,
        join_url=cohort.ceremony_join_url,
    )


def edition_status(cohort: Cohort, today: date, language: str = "en") -> str:
    if cohort.archived_at is not None:
        return gettext(language, "Archived (read-only)")
    if cohort.registration_opens <= today <= cohort.registration_closes:
        return gettext(language, "Open for registration")
    if today < cohort.registration_opens:
        return gettext(
            language, "Registration opens {day}", day=format_day(cohort.registration_opens, language)
        )
    if today <= cohort.ceremony_date:
        return gettext(language, "Running")
    return gettext(language, "Finished")


@dataclass(frozen=True)
class EditionLine:
    id: str
    name: str
    title: str
    status: str
    registration: str
    phase1: str
    phase2: str
    ceremony_seoul: str  # the day, or the day and time in Seoul
    ceremony_local: str
    ceremony_where: str
    age_rule: str
    counts: str  # "12 applications · 6 lectures · 4 workshops"
    can_open: bool  # registration can be opened today
    archived: bool


def age_rule_text(cohort: Cohort, language: str = "en") -> str:
    """ "Under 35 on 4 March 2022" or "At least 18 and under 35 on 4 March 2022"."""
    day = format_day(cohort.reference_date, language)
    if cohort.min_age is None:
        return gettext(language, "Under {max_age} on {day}", max_age=cohort.max_age_exclusive, day=day)
    return gettext(
        language,
        "At least {min_age} and under {max_age} on {day}",
        min_age=cohort.min_age,
        max_age=cohort.max_age_exclusive,
        day=day,
    )


def _span(first: date, last: date, language: str = "en") -> str:
    return f"{format_day(first, language)} – {format_day(last, language)}"


def _count(session: Session, model, cohort_id: int) -> int:
    return session.exec(select(func.count()).select_from(model).where(model.cohort_id == cohort_id)).one()


def edition_lines(*, session: Session, today: date, zone: str, language: str = "en") -> list[EditionLine]:
    """Every edition, the newest first, with its status and counts."""
    lines = []
    for cohort in list_cohorts(session=session):
        ceremony = ceremony_of(cohort, zone, language)
        lines.append(
            EditionLine(
                id=str(cohort.id),
                name=cohort.name,
                title=cohort.title,
                status=edition_status(cohort, today, language),
                registration=_span(cohort.registration_opens, cohort.registration_closes, language),
                phase1=_span(cohort.phase1_start, cohort.phase1_end, language),
                phase2=_span(cohort.phase2_start, cohort.phase2_end, language),
                ceremony_seoul=ceremony.when_seoul or ceremony.day,
                ceremony_local=ceremony.when_local,
                ceremony_where=" · ".join(
                    x
                    for x in (
                        gettext(language, ceremony.mode) if ceremony.mode else "",
                        ceremony.venue,
                        ceremony.join_url,
                    )
                    if x
                ),
                age_rule=age_rule_text(cohort, language),
                counts=" · ".join(
                    (
                        ngettext(
                            language,
                            "{count} application",
                            "{count} applications",
                            _count(session, Application, cohort.id),
                        ),
                        ngettext(
                            language,
                            "{count} lecture",
                            "{count} lectures",
                            _count(session, Lecture, cohort.id),
                        ),
                        ngettext(
                            language,
                            "{count} workshop",
                            "{count} workshops",
                            _count(session, Workshop, cohort.id),
                        ),
                    )
                ),
                can_open=cohort.archived_at is None and today < cohort.registration_opens,
                archived=cohort.archived_at is not None,
            )
        )
    return lines


def edition_form_values(*, session: Session, cohort_id: int) -> dict[str, str] | None:
    """The edit form of an edition as the page's field values (None: no such edition)."""
    cohort = session.get(Cohort, cohort_id)
    return None if cohort is None else asdict(edition_form(cohort))


def new_edition_values() -> dict[str, str]:
    return asdict(EditionForm())


def change_lines(changes: list[EligibilityChange]) -> list[str]:
    """One line per applicant whose eligibility would change."""
    return [
        f"{c.name} ({c.email}): {'eligible' if c.eligible_before else 'not eligible'} → "
        f"{'eligible' if c.eligible_after else 'not eligible'} (age {c.age_after} on the new date)"
        for c in changes
    ]


def edition_text(cohort: Cohort, *, today: date) -> str:
    """An edition's settings as text (the command line's `edition show`)."""
    ceremony = ceremony_of(cohort, SEOUL_ZONE)
    waitlist = "no limit" if cohort.waitlist_capacity is None else str(cohort.waitlist_capacity)
    lines = [
        f"Edition {cohort.name}: {cohort.title}",
        f"  status:        {edition_status(cohort, today)}",
        f"  registration:  {_span(cohort.registration_opens, cohort.registration_closes)}",
        f"  Phase 1:       {_span(cohort.phase1_start, cohort.phase1_end)}",
        f"  Phase 2:       {_span(cohort.phase2_start, cohort.phase2_end)}",
        f"  ceremony:      {ceremony.when_seoul or ceremony.day} · {ceremony.mode}"
        + (f" · {ceremony.venue}" if ceremony.venue else "")
        + (f" · {ceremony.join_url}" if ceremony.join_url else ""),
        f"  eligibility:   {age_rule_text(cohort)}",
        f"  capacity:      {cohort.capacity} (waitlist: {waitlist})",
        f"  teams:         {cohort.team_min} to {cohort.team_max} members",
        f"  Phase 1:       complete with {cohort.phase1_required} lectures; Phase 2 "
        + ("requires it" if cohort.phase2_requires_phase1 else "does not require it"),
        f"  judging:       {cohort.reviewers_per_submission} mentors per submission",
    ]
    return "\n".join(lines) + "\n"


def participant_ceremony(*, session: Session, user_id: int, zone: str, language: str = "en") -> Ceremony:
    """The ceremony of the edition the person last applied to (empty when they have not). Reads only."""
    application = application_of(session=session, user_id=user_id)
    if application is None:
        return Ceremony()
    return ceremony_of(session.get(Cohort, application.cohort_id), zone, language)
