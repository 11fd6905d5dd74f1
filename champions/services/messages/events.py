"""The messages of the program's events, called by the services where each event happens, in
their transaction (`notify`): an application received, a decision, a withdrawal, an extension,
feedback and awards published, a team's members changing."""

from datetime import datetime

from sqlmodel import Session, select

from champions.models import (
    Application,
    ApplicationStatus,
    Cohort,
    ReviewAssignment,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.models._time import utcnow
from champions.services.messages.notify import notify, zone_text
from champions.services.messages.templates import DECISION_KINDS, Words, language_of
from champions.services.registration.eligibility import format_day


def _members(session: Session, team_id: int) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.team_id == team_id, User.is_active)
            .order_by(User.id)
        )
    )


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%f")


def application_received(
    *, session: Session, user: User, cohort: Cohort, confirm_link: str, expires: datetime, now: datetime
) -> int | None:
    """The one email of a registration: received, and the link that confirms the address."""
    return notify(
        session=session,
        user=user,
        kind="application_received",
        subject_key=f"cohort:{cohort.id}",
        values={
            "edition": cohort.title,
            "confirm_link": confirm_link,
            "expires": zone_text(
                session=session, user_id=user.id, instant=expires, language=language_of(user)
            ),
        },
        path="/my-application",
        cohort_id=cohort.id,
        now=now,
    )


def decision_made(
    *, session: Session, application: Application, before: ApplicationStatus, now: datetime
) -> int | None:
    """Accepted, waitlisted, rejected, or promoted (accepted from the waitlist)."""
    decision = application.status
    kind = (
        "decision_promoted"
        if decision == ApplicationStatus.ACCEPTED and before == ApplicationStatus.WAITLISTED
        else DECISION_KINDS.get(decision.value)
    )
    if kind is None:
        return None
    cohort = session.get(Cohort, application.cohort_id)
    user = session.get(User, application.user_id)
    return notify(
        session=session,
        user=user,
        kind=kind,
        subject_key=f"application:{application.id}:{decision.value}",
        values={"edition": cohort.title, "phase1_start": format_day(cohort.phase1_start, language_of(user))},
        path="/my-application",
        cohort_id=cohort.id,
        now=now,
    )


def withdrawal_confirmed(*, session: Session, user: User, application: Application, now: datetime) -> None:
    cohort = session.get(Cohort, application.cohort_id)
    notify(
        session=session,
        user=user,
        kind="withdrawal_confirmed",
        subject_key=f"application:{application.id}",
        values={"edition": cohort.title},
        path="/my-application",
        cohort_id=cohort.id,
        now=now,
    )


def extension_granted(
    *, session: Session, team: Team, workshop: Workshop, deadline: datetime, reason: str, now: datetime
) -> None:
    cohort = session.get(Cohort, team.cohort_id)
    for member in _members(session, team.id):
        notify(
            session=session,
            user=member,
            kind="extension_granted",
            subject_key=f"team:{team.id}:workshop:{workshop.id}:{_stamp(deadline)}",
            values={
                "edition": cohort.title,
                "team": team.name,
                "workshop": workshop.title,
                "deadline": zone_text(
                    session=session, user_id=member.id, instant=deadline, language=language_of(member)
                ),
                "reason": reason,
            },
            path="/team",
            cohort_id=cohort.id,
            now=now,
        )


def feedback_published(*, session: Session, workshop: Workshop, now: datetime) -> None:
    """To the members of every team with a submission judged in this round."""
    cohort = session.get(Cohort, workshop.cohort_id)
    team_ids = sorted(
        set(session.exec(select(ReviewAssignment.team_id).where(ReviewAssignment.workshop_id == workshop.id)))
    )
    for team_id in team_ids:
        team = session.get(Team, team_id)
        for member in _members(session, team_id):
            notify(
                session=session,
                user=member,
                kind="feedback_published",
                subject_key=f"round:{workshop.id}",
                values={"edition": cohort.title, "team": team.name, "workshop": workshop.title},
                path="/team",
                cohort_id=cohort.id,
                now=now,
            )


def team_changed(
    *,
    session: Session,
    team: Team,
    change: str | Words,
    about_user_id: int,
    exclude: int | None = None,
    now: datetime | None = None,
) -> None:
    """Tell the team's members (but `exclude`, the person who did it) what changed (`Words`:
    in each member's language)."""
    now = now or utcnow()
    cohort = session.get(Cohort, team.cohort_id)
    for member in _members(session, team.id):
        if member.id == exclude:
            continue
        notify(
            session=session,
            user=member,
            kind="team_changed",
            subject_key=f"team:{team.id}:user:{about_user_id}:{_stamp(now)}",
            values={"edition": cohort.title, "team": team.name, "change": change},
            path="/team",
            cohort_id=cohort.id,
            now=now,
        )
