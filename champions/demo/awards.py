"""Demo awards for the 2022 cohort: the default categories, the tie for 3rd place decided as a
joint award, the list finalized on the day of the year-end ceremony in Seoul and published to
participants when the ceremony starts."""

from datetime import UTC, datetime, time

from sqlmodel import Session, select

from champions.infra.timezones import SEOUL
from champions.models import AwardList, Cohort, JudgingRound, User, Workshop
from champions.services.awards.decisions import decide_award, draft_awards, finalize_awards, publish_awards
from champions.services.awards.proposal import TIE

JOINT_REASON = (
    "The two teams are equal after every tie-break; the jury gives 3rd place to both "
    "rather than split them by chance."
)


def seed_awards(*, session: Session, cohort: Cohort, secretariat: User) -> bool:
    """Decide the ties, finalize and publish the 2022 list unless it exists. Flushes."""
    if session.exec(select(AwardList.id).where(AwardList.cohort_id == cohort.id)).first() is not None:
        return False
    for _ in range(10):  # each decision can settle later awards, so decide the first tie and look again
        tie = next(
            (a for a in draft_awards(session=session, cohort=cohort).team_awards if a.status == TIE), None
        )
        if tie is None:
            break
        decide_award(
            session=session,
            actor=secretariat,
            cohort=cohort,
            category_id=tie.category.id,
            team_ids=list(tie.candidates),
            reason=JOINT_REASON,
        )
    last_close = max(
        session.exec(
            select(JudgingRound.closed_at)
            .join(Workshop, Workshop.id == JudgingRound.workshop_id)
            .where(Workshop.cohort_id == cohort.id)
        ).all(),
        default=None,
    )
    if last_close is None:
        return False
    finalized = _seoul(cohort.ceremony_date, CEREMONY_HOUR - 8)
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=finalized)
    publish_awards(
        session=session, actor=secretariat, cohort=cohort, now=_seoul(cohort.ceremony_date, CEREMONY_HOUR)
    )
    return True


CEREMONY_HOUR = 18  # the year-end ceremony starts at 18:00 Seoul time


def _seoul(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SEOUL).astimezone(UTC)
