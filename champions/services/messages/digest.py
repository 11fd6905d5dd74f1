"""The secretariat's daily digest of an edition: once a day (from DIGEST_AT, Seoul time) to each
active secretariat account, the new applications since its last digest, the reflections waiting
for review and the late submissions (made under an extension) since then. Its unique key names
the Seoul day, so each person gets it at most once a day whatever runs; a day with nothing new
sends nothing. Switched off per edition like every other kind, and by each person."""

from datetime import datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from champions.infra.timezones import SEOUL_ZONE, local, to_utc
from champions.infra.translations import N_
from champions.models import (
    Application,
    Cohort,
    Lecture,
    Notification,
    Reflection,
    ReflectionStatus,
    Role,
    SubmissionVersion,
    Team,
    User,
    Workshop,
)
from champions.services.messages.due import Due
from champions.services.messages.templates import Words

DIGEST_AT = time(8, 0)  # Seoul time
MAX_ITEMS = 20


def digest_time(now: datetime) -> datetime:
    """The latest digest moment at or before `now` (DIGEST_AT on a Seoul day)."""
    day = local(now, SEOUL_ZONE).date()
    at = to_utc(day, DIGEST_AT, SEOUL_ZONE)
    return at if at <= now else to_utc(day - timedelta(days=1), DIGEST_AT, SEOUL_ZONE)


def _last_digests(session: Session, cohort_id: int, user_ids: list[int]) -> dict[int, datetime]:
    return dict(
        session.exec(
            select(Notification.user_id, func.max(Notification.sent_at))
            .where(
                Notification.kind == "secretariat_digest",
                Notification.cohort_id == cohort_id,
                Notification.state == "sent",
                Notification.user_id.in_(user_ids),
            )
            .group_by(Notification.user_id)
        ).all()
    )


def _late_since(session: Session, cohort: Cohort, since: datetime) -> list[Words]:
    rows = session.exec(
        select(Team.name, Workshop.title)
        .select_from(SubmissionVersion)
        .join(Team, Team.id == SubmissionVersion.team_id)
        .join(Workshop, Workshop.id == SubmissionVersion.workshop_id)
        .where(
            Team.cohort_id == cohort.id,
            SubmissionVersion.under_extension.is_(True),
            SubmissionVersion.submitted_at > since,
        )
        .order_by(SubmissionVersion.submitted_at, SubmissionVersion.id)
    ).all()
    return [Words.line(N_("- {team}, {workshop}"), team=team, workshop=workshop) for team, workshop in rows]


def digest_reminders(session: Session, cohort: Cohort, now: datetime) -> list[Due]:
    """Today's digest of the edition for each active secretariat account with something new
    to read (none before DIGEST_AT, none on a day with nothing)."""
    at = digest_time(now)
    people = list(
        session.exec(select(User.id).where(User.role == Role.SECRETARIAT, User.is_active).order_by(User.id))
    )
    if not people:
        return []
    last = _last_digests(session, cohort.id, people)
    waiting = session.exec(
        select(func.count(Reflection.id))
        .join(Lecture, Lecture.id == Reflection.lecture_id)
        .where(Lecture.cohort_id == cohort.id, Reflection.status == ReflectionStatus.SUBMITTED)
    ).one()
    day = local(at, SEOUL_ZONE).date()
    due = []
    for user_id in people:
        since = last.get(user_id) or at - timedelta(days=1)
        applications = session.exec(
            select(func.count(Application.id)).where(
                Application.cohort_id == cohort.id, Application.submitted_at > since
            )
        ).one()
        late = _late_since(session, cohort, since)
        if not (applications or waiting or late):
            continue
        shown = late[:MAX_ITEMS]
        if len(late) > MAX_ITEMS:
            shown.append(Words.line(N_("- and {count} more"), count=len(late) - MAX_ITEMS))
        items = Words(trailing=True)
        for line in shown:
            items += line
        due.append(
            Due(
                user_id,
                "secretariat_digest",
                f"cohort:{cohort.id}:day:{day.isoformat()}",
                cohort.id,
                at,
                None,
                "/secretariat",
                {
                    "applications": str(applications),
                    "reflections": str(waiting),
                    "late": str(len(late)),
                    "late_items": items,
                },
                {"since": since},
            )
        )
    return due
