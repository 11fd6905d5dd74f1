"""A template as a real person of the edition would read it: the preview picks someone who
gets that kind of message (an accepted participant for a lecture reminder, a team member for a
team's message, a mentor for the judging ones, the secretariat for its digest) and fills the
template with their name, zone and data (their team, the edition's next lecture or first
workshop), in the language being edited (someone who reads it, when the edition has one);
what the edition does not have yet is shown as an example in brackets."""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_, SOURCE_LANGUAGE, gettext
from champions.models import (
    Application,
    ApplicationStatus,
    Cohort,
    Credential,
    Lecture,
    ReviewAssignment,
    Role,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.models._time import utcnow
from champions.services.messages.custom import check_template
from champions.services.messages.notify import existing_settings, zone_of
from champions.services.messages.templates import KINDS, Words, moment_text, origin, render
from champions.services.registration.eligibility import format_day

STATUS_OF = {
    "decision_accepted": ApplicationStatus.ACCEPTED,
    "decision_promoted": ApplicationStatus.ACCEPTED,
    "decision_waitlisted": ApplicationStatus.WAITLISTED,
    "decision_rejected": ApplicationStatus.REJECTED,
    "withdrawal_confirmed": ApplicationStatus.WITHDRAWN,
}
TEAM_KINDS = ("extension_granted", "feedback_published", "team_changed", "workshop_deadline")
MENTOR_KINDS = ("mentor_assignments", "scoring_reminder")
PATHS = {
    "lecture_reminder": "/schedule",
    "reflection_due": "/schedule",
    "at_risk": "/schedule",
    "awards_announced": "/awards",
    "certificate_available": "/awards",
    "mentor_assignments": "/mentor",
    "scoring_reminder": "/mentor",
    "secretariat_digest": "/secretariat",
    **{name: "/team" for name in (*TEAM_KINDS, "phase2_opened")},
}
EXAMPLES = {  # what a placeholder shows when the edition has no such data yet
    "reason": N_("[the reason the secretariat gives]"),
    "change": N_("[who joined or left the team]"),
    "count": "2",
    "items": N_("- submission [code]\n- submission [code]"),
    "hours": "24",
    "progress": N_("[what they attended]; [how many more are needed]."),
    "award": N_("Certificate of completion"),
    "since": N_("[the last digest]"),
    "applications": "3",
    "reflections": "2",
    "late": "1",
    "late_items": N_("- [team], [workshop]\n"),
}


def _examples(language: str) -> dict[str, str]:
    return {name: gettext(language, text) for name, text in EXAMPLES.items()}


@dataclass(frozen=True)
class TemplatePreview:
    recipient: str = ""  # "Ana Lima <ana@example.org>", or why there is nobody yet
    subject: str = ""
    body: str = ""


def recipient_for(session: Session, cohort: Cohort, name: str, language: str | None = None) -> User | None:
    """A real person of the edition who would get this kind of message (None: nobody yet):
    one who reads `language` when there is one (None: anyone)."""
    if language is not None:
        speaks = (
            User.language.in_(["", language]) if language == SOURCE_LANGUAGE else User.language == language
        )
        found = _recipient(
            session, cohort, name, lambda query: query.where(User.is_active, speaks).order_by(User.id)
        )
        if found is not None:
            return found
    return _recipient(session, cohort, name, lambda query: query.where(User.is_active).order_by(User.id))


def _recipient(session: Session, cohort: Cohort, name: str, _active) -> User | None:
    applicants = _active(
        select(User)
        .join(Application, Application.user_id == User.id)
        .where(Application.cohort_id == cohort.id)
    )
    if name == "secretariat_digest":
        return session.exec(_active(select(User).where(User.role == Role.SECRETARIAT))).first()
    if name in MENTOR_KINDS:
        assigned = _active(
            select(User)
            .join(ReviewAssignment, ReviewAssignment.mentor_id == User.id)
            .join(Workshop, Workshop.id == ReviewAssignment.workshop_id)
            .where(Workshop.cohort_id == cohort.id)
        )
        mentors = _active(select(User).where(User.role == Role.MENTOR))
        return session.exec(assigned).first() or session.exec(mentors).first()
    if name in TEAM_KINDS:
        member = _active(
            select(User)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.cohort_id == cohort.id)
        )
        found = session.exec(member).first()
        if found:
            return found
    if name == "certificate_available":
        holder = _active(
            select(User)
            .join(Credential, Credential.holder_user_id == User.id)
            .where(Credential.cohort_id == cohort.id, Credential.revoked_at.is_(None))
        )
        found = session.exec(holder).first()
        if found:
            return found
    if name == "application_received":
        return session.exec(applicants).first()
    status = STATUS_OF.get(name, ApplicationStatus.ACCEPTED)
    return session.exec(applicants.where(Application.status == status)).first()


def _values(session: Session, cohort: Cohort, user: User, now: datetime, language: str) -> dict[str, str]:
    """The edition's and the person's own data for every placeholder that has some."""
    zone = zone_of(existing_settings(session, user.id))
    values = _examples(language)
    values |= {
        "edition": cohort.title,
        "name": user.full_name,
        "phase1_start": format_day(cohort.phase1_start, language),
        "phase2_start": format_day(cohort.phase2_start, language),
        "required": str(cohort.phase1_required),
    }
    lectures = session.exec(
        select(Lecture)
        .where(Lecture.cohort_id == cohort.id, Lecture.cancelled_at.is_(None))
        .order_by(Lecture.starts_at)
    ).all()
    lecture = next((x for x in lectures if x.starts_at > now), lectures[-1] if lectures else None)
    if lecture is not None:
        where = (
            Words.line(N_("Join: {url}"), url=lecture.join_url)
            if lecture.join_url
            else Words.line(N_("Venue: {venue}"), venue=lecture.venue)
        )
        values |= {
            "lecture": lecture.title,
            "when": moment_text(lecture.starts_at, zone, language),
            "where": where.text(language),
        }
    else:
        values |= {
            "lecture": gettext(language, N_("[a lecture]")),
            "when": gettext(language, N_("[its start]")),
            "where": gettext(language, N_("[its venue or link]")),
        }
    workshop = session.exec(
        select(Workshop).where(Workshop.cohort_id == cohort.id).order_by(Workshop.position)
    ).first()
    values["workshop"] = workshop.title if workshop else gettext(language, N_("[a workshop]"))
    values["deadline"] = (
        moment_text(workshop.deadline, zone, language)
        if workshop
        else gettext(language, N_("[its deadline]"))
    )
    team = session.exec(
        select(Team)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.cohort_id == cohort.id, TeamMember.user_id == user.id)
    ).first()
    values["team"] = team.name if team else gettext(language, N_("[their team]"))
    values["expires"] = moment_text(now, zone, language)
    return values


def preview_template(
    *,
    session: Session,
    cohort: Cohort,
    kind: str,
    subject: str,
    body: str,
    language: str = SOURCE_LANGUAGE,
    now: datetime | None = None,
) -> TemplatePreview:
    """The subject and body (as typed, not saved) as a real recipient of the edition would
    read them in `language` (someone who reads it when there is one, else anyone). Raises
    RuleViolation (the checks of `check_template`). Reads only."""
    reasons = check_template(kind, subject, body)
    if reasons:
        raise RuleViolation(reasons)
    now = now or utcnow()
    user = recipient_for(session, cohort, kind, language)
    if user is None:
        values = _examples(language) | {"name": gettext(language, N_("[name]")), "edition": cohort.title}
        shown = "Nobody of this edition gets this message yet: shown with examples."
    else:
        values = _values(session, cohort, user, now, language)
        shown = f"{user.full_name} <{user.email}>"
    values["link"] = f"{origin()}{PATHS.get(kind, '/my-application')}"
    values["confirm_link"] = f"{origin()}/confirm-email?token=" + gettext(
        language, N_("[their own secret link]")
    )
    written = replace(KINDS[kind], subject=subject.strip(), body=body.strip() + "\n")
    rendered_subject, rendered_body = render(written, values)
    return TemplatePreview(shown, rendered_subject, rendered_body)
