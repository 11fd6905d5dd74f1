"""Messages the secretariat writes to a segment of an edition's people (all applicants of a
status, accepted or at-risk participants, one team, every team's members, the mentors): a
preview with the count and the recipients before anything goes, then one notification per
recipient (in-app and email), and one audit entry for the message."""

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import gettext
from champions.models import Application, ApplicationStatus, Cohort, Role, Team, TeamMember, User
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.messages.notify import notify
from champions.services.messages.switches import SwitchLine, save_switches, switches_of
from champions.services.messages.templates import BULK_PLACEHOLDERS, KINDS, fill, origin, render
from champions.services.phase1.progress import at_risk, phase1_progress

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
STATUSES = [s.value for s in ApplicationStatus]
MAX_SUBJECT, MAX_BODY = 200, 5000


def segments(*, session: Session, cohort: Cohort, language: str = "en") -> list[tuple[str, str]]:
    """(value, label) of every segment of the edition, teams by name; the labels in the language."""
    teams = session.exec(select(Team).where(Team.cohort_id == cohort.id).order_by(Team.name)).all()
    return [
        *[
            (
                f"applicants:{status}",
                gettext(language, "Applicants: {status}", status=gettext(language, status)),
            )
            for status in STATUSES
        ],
        ("participants", gettext(language, "Accepted participants")),
        ("at-risk", gettext(language, "Participants at risk of not completing Phase 1")),
        ("teams", gettext(language, "Every team's members")),
        *[(f"team:{team.id}", gettext(language, "Team {name}", name=team.name)) for team in teams],
        ("mentors", gettext(language, "Mentors")),
    ]


def _active(query):
    return query.where(User.is_active).order_by(User.full_name, User.id)


def recipients(*, session: Session, cohort: Cohort, segment: str, now: datetime | None = None) -> list[User]:
    """The people of a segment (active accounts), by name. Raises RuleViolation for a segment
    that is not one of the edition's. Reads only."""
    kind, _, value = (segment or "").partition(":")
    applicants = select(User).join(Application, Application.user_id == User.id)
    applicants = applicants.where(Application.cohort_id == cohort.id)
    if kind == "applicants" and value in STATUSES:
        return list(session.exec(_active(applicants.where(Application.status == ApplicationStatus(value)))))
    if segment == "participants":
        return list(session.exec(_active(applicants.where(Application.status == ApplicationStatus.ACCEPTED))))
    if segment == "at-risk":
        risky = {p.user_id for p in at_risk(phase1_progress(session=session, cohort=cohort, now=now))}
        return list(session.exec(_active(select(User).where(User.id.in_(risky))))) if risky else []
    members = (
        select(User).join(TeamMember, TeamMember.user_id == User.id).where(TeamMember.cohort_id == cohort.id)
    )
    if segment == "teams":
        return list(session.exec(_active(members)))
    if kind == "team" and value.isdigit():
        team = session.get(Team, int(value))
        if team is not None and team.cohort_id == cohort.id:
            return list(session.exec(_active(members.where(TeamMember.team_id == team.id))))
    if segment == "mentors":
        return list(session.exec(_active(select(User).where(User.role == Role.MENTOR))))
    raise RuleViolation([Reason("segment", "Choose who the message is for.", "segment")])


def check_message(subject: str, body: str) -> list[Reason]:
    """Why a message cannot go as written (nothing: it can)."""
    reasons = []
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or len(subject) > MAX_SUBJECT or "\n" in subject or "\r" in subject:
        reasons.append(
            Reason(
                "subject",
                "Write a subject of one line, up to {max} characters.",
                "subject",
                values={"max": MAX_SUBJECT},
            )
        )
    if not body or len(body) > MAX_BODY:
        reasons.append(
            Reason("body", "Write the message, up to {max} characters.", "body", values={"max": MAX_BODY})
        )
    for field_name, text in (("subject", subject), ("body", body)):
        unknown = sorted({name for name in _names(text) if name not in BULK_PLACEHOLDERS})
        if unknown:
            known = ", ".join("{" + n + "}" for n in BULK_PLACEHOLDERS)
            named = ", ".join("{" + u + "}" for u in unknown)
            reasons.append(
                Reason(
                    "placeholder",
                    "Unknown placeholder {unknown}: use {known}, or no braces.",
                    field_name,
                    values={"unknown": named, "known": known},
                )
            )
    return reasons


def _names(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def _words(user: User, cohort: Cohort, subject: str, body: str) -> dict[str, str]:
    values = {"name": user.full_name, "edition": cohort.title}
    return {
        "title": fill(subject.strip(), values),
        "message": fill(body.strip(), values),
        "edition": cohort.title,
    }


@dataclass(frozen=True)
class BulkPreview:
    count: int = 0
    names: list[str] = field(default_factory=list)  # the first 50, by name
    subject: str = ""  # as the first recipient reads it
    body: str = ""


def preview_bulk(*, session: Session, cohort: Cohort, segment: str, subject: str, body: str) -> BulkPreview:
    """Who would get the message and how the first of them reads it. Raises RuleViolation
    (segment, subject, body). Reads only."""
    people = recipients(session=session, cohort=cohort, segment=segment)
    reasons = check_message(subject, body)
    if reasons:
        raise RuleViolation(reasons)
    if not people:
        return BulkPreview()
    first = people[0]
    shown_subject, shown_body = render(
        KINDS["bulk"], {**_words(first, cohort, subject, body), "name": first.full_name, "link": origin()}
    )
    return BulkPreview(
        count=len(people),
        names=[f"{p.full_name} <{p.email}>" for p in people[:50]],
        subject=shown_subject,
        body=shown_body,
    )


def send_bulk(
    *,
    session: Session,
    actor: User,
    cohort: Cohort,
    segment: str,
    subject: str,
    body: str,
    now: datetime | None = None,
) -> int:
    """Send the message to every person of the segment (a notification each, emailed), audited
    once with the segment, the count and the text. Returns the count. Raises RuleViolation
    (nobody in the segment, or the checks of `preview_bulk`). Flushes."""
    now = now or utcnow()
    people = recipients(session=session, cohort=cohort, segment=segment, now=now)
    reasons = check_message(subject, body)
    if not people and not reasons:
        reasons = [Reason("nobody", "Nobody is in this group: nothing was sent.", "segment")]
    if reasons:
        raise RuleViolation(reasons)
    token = secrets.token_hex(8)
    for person in people:
        notify(
            session=session,
            user=person,
            kind="bulk",
            subject_key=f"bulk:{token}",
            values=_words(person, cohort, subject, body),
            path="/",
            cohort_id=cohort.id,
            now=now,
        )
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="bulk_message_sent",
        entity="message",
        entity_id=token,
        after={
            "segment": segment,
            "recipients": len(people),
            "subject": subject.strip(),
            "body": body.strip(),
        },
    )
    session.flush()
    return len(people)


# --- the page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentOption:
    value: str
    label: str


@dataclass(frozen=True)
class MessagesPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    segments: list[SegmentOption] = field(default_factory=list)
    switches: list[SwitchLine] = field(default_factory=list)


def messages_page(*, session: Session, cohort_name: str, today, language: str = "en") -> MessagesPage:
    """The editions and the segments of the chosen one (else the current one). Reads only."""
    from champions.services.registration.cohorts import cohort_or_current, list_cohorts

    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return MessagesPage()
    return MessagesPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        segments=[
            SegmentOption(v, label)
            for v, label in segments(session=session, cohort=cohort, language=language)
        ],
        switches=switches_of(session=session, cohort=cohort),
    )


def save_switches_in(*, session: Session, actor_id: int, cohort_name: str, chosen: dict) -> list[SwitchLine]:
    from champions.services.registration.cohorts import get_cohort

    cohort = get_cohort(session=session, name=cohort_name)
    if cohort is None:
        raise RuleViolation([Reason("cohort", "Choose an edition.")])
    return save_switches(session=session, actor=session.get(User, actor_id), cohort=cohort, chosen=chosen)


def preview_in(*, session: Session, cohort_name: str, segment: str, subject: str, body: str) -> BulkPreview:
    from champions.services.registration.cohorts import get_cohort

    cohort = get_cohort(session=session, name=cohort_name)
    if cohort is None:
        raise RuleViolation([Reason("cohort", "Choose an edition.", "segment")])
    return preview_bulk(session=session, cohort=cohort, segment=segment, subject=subject, body=body)


def send_in(
    *, session: Session, actor_id: int, cohort_name: str, segment: str, subject: str, body: str
) -> int:
    from champions.services.registration.cohorts import get_cohort

    cohort = get_cohort(session=session, name=cohort_name)
    if cohort is None:
        raise RuleViolation([Reason("cohort", "Choose an edition.", "segment")])
    return send_bulk(
        session=session,
        actor=session.get(User, actor_id),
        cohort=cohort,
        segment=segment,
        subject=subject,
        body=body,
    )
