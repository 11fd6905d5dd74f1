"""Participants' messages computed by the scheduler from the edition's state: at risk of not
completing Phase 1 (the progress page's own rule), Phase 2 opened (to those who may be in a
team), and a certificate available (once the award list shows to participants). Each goes
once per person and subject (its unique key)."""

from datetime import datetime, time

from sqlmodel import Session, select

from champions.infra.timezones import SEOUL_ZONE, local, to_utc
from champions.infra.translations import SOURCE_LANGUAGE, is_language
from champions.models import AwardList, Cohort, Credential, User
from champions.services.awards.decisions import visible_to_participants
from champions.services.messages.due import LOOKBACK, Due
from champions.services.phase1.progress import at_risk, phase1_progress
from champions.services.registration.cohorts import ceremony_start
from champions.services.registration.eligibility import format_day


def _languages(session: Session, user_ids: list[int]) -> dict[int, str]:
    """Each person's language for their messages (what they are written in when sent)."""
    rows = session.exec(select(User.id, User.language).where(User.id.in_(user_ids or [-1])))
    return {user_id: language if is_language(language) else SOURCE_LANGUAGE for user_id, language in rows}


def _seoul_day(now: datetime):
    return local(now, SEOUL_ZONE).date()


def at_risk_reminders(session: Session, cohort: Cohort, now: datetime) -> list[Due]:
    """While Phase 1 runs: each participant the progress rule finds at risk (can no longer
    complete, or missed the last two lectures), once per edition."""
    if not cohort.phase1_start <= _seoul_day(now) <= cohort.phase1_end:
        return []
    due = []
    risky = at_risk(phase1_progress(session=session, cohort=cohort, now=now))
    languages = _languages(session, [progress.user_id for progress in risky])
    for progress in risky:
        due.append(
            Due(
                progress.user_id,
                "at_risk",
                f"cohort:{cohort.id}",
                cohort.id,
                now,
                None,
                "/schedule",
                {
                    "progress": progress.risk_sentence(languages.get(progress.user_id, SOURCE_LANGUAGE)),
                    "required": str(progress.required),
                },
            )
        )
    return due


def phase2_start(cohort: Cohort) -> datetime:
    """The instant Phase 2 starts: its first day, 09:00 Seoul time."""
    return to_utc(cohort.phase2_start, time(9, 0), SEOUL_ZONE)


def phase2_notices(session: Session, cohort: Cohort, now: datetime) -> list[Due]:
    """When Phase 2 starts (and for LOOKBACK after): to every accepted participant who may be
    in a team (Phase 1 complete, when the edition's Phase 2 requires it), once per edition."""
    starts = phase2_start(cohort)
    if not starts <= now < starts + LOOKBACK:
        return []
    progresses = phase1_progress(session=session, cohort=cohort, now=now)
    active = set(
        session.exec(
            select(User.id).where(User.id.in_([p.user_id for p in progresses] or [-1]), User.is_active)
        )
    )
    languages = _languages(session, list(active))
    return [
        Due(
            p.user_id,
            "phase2_opened",
            f"cohort:{cohort.id}",
            cohort.id,
            starts,
            None,
            "/team",
            {"phase2_start": format_day(cohort.phase2_start, languages.get(p.user_id, SOURCE_LANGUAGE))},
        )
        for p in progresses
        if p.user_id in active and (p.complete or not cohort.phase2_requires_phase1)
    ]


def certificate_notices(session: Session, cohort: Cohort, now: datetime) -> list[Due]:
    """Each valid credential with an account, once the award list shows to participants: one
    message per certificate (a corrected one, issued anew, is told again)."""
    award_list = session.exec(select(AwardList).where(AwardList.cohort_id == cohort.id)).first()
    if award_list is None or not visible_to_participants(award_list, cohort, now):
        return []
    shown = min(award_list.published_at or ceremony_start(cohort), ceremony_start(cohort))
    credentials = session.exec(
        select(Credential)
        .join(User, User.id == Credential.holder_user_id)
        .where(Credential.cohort_id == cohort.id, Credential.revoked_at.is_(None), User.is_active)
        .order_by(Credential.id)
    ).all()
    return [
        Due(
            c.holder_user_id,
            "certificate_available",
            f"credential:{c.id}",
            cohort.id,
            max(shown, c.issued_at),
            None,
            "/awards",
            {"award": c.award},
        )
        for c in credentials
        if max(shown, c.issued_at) > now - LOOKBACK
    ]
