"""When a round's scoring closes: the date the secretariat announces to mentors. Mentors with
unscored submissions are reminded 48 hours before it (the scheduler); a new date makes a new
reminder (its key names the date) and the old one, not sent yet, is dropped with the reason."""

from datetime import datetime

from sqlmodel import Session

from champions.infra.reasons import Localized, Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant, local, parse_clock, parse_day, to_utc
from champions.infra.translations import N_
from champions.models import Cohort, RoundState, User, Workshop
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.judging.rubrics import round_of
from champions.services.registration.cohorts import refuse_if_archived


def closing_fields(closes: datetime | None, language: str = "en") -> tuple[str, str, str]:
    """(day, time, as read in the language) of a close time in Seoul time, for the form; empty
    when not set."""
    if closes is None:
        return "", "", ""
    moment = local(closes, SEOUL_ZONE)
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M"), format_instant(closes, SEOUL_ZONE, language)


def set_scoring_close(
    *, session: Session, actor: User, workshop_id: int, day: str, clock: str, now: datetime | None = None
) -> datetime | None:
    """Set when scoring of the workshop's round closes (a day and time in Seoul time), or clear
    it (both empty). It must be in the future, and after the round opens (before it opens:
    after the workshop's deadline, when it can open). Audited when it changes. Raises
    RuleViolation (reasons on `closes_day` / `closes_time`; a round closed or published).
    Flushes."""
    now = now or utcnow()
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or not workshop.judged:
        raise RuleViolation([Reason("not_judged", "This workshop is not judged.", "closes_day")])
    refuse_if_archived(session.get(Cohort, workshop.cohort_id))
    judging = round_of(session=session, workshop_id=workshop_id)
    if judging.state not in (RoundState.SETUP, RoundState.OPEN):
        raise RuleViolation(
            [Reason("wrong_state", "Scoring of this round is over: its close time stays.", "closes_day")]
        )
    day, clock = (day or "").strip(), (clock or "").strip()
    closes = None
    if day or clock:
        parsed_day, parsed_clock = parse_day(day), parse_clock(clock)
        reasons = []
        if parsed_day is None:
            reasons.append(Reason("invalid_date", "Enter the date as YYYY-MM-DD.", "closes_day"))
        if parsed_clock is None:
            reasons.append(Reason("invalid_time", "Enter the time as HH:MM.", "closes_time"))
        if reasons:
            raise RuleViolation(reasons)
        closes = to_utc(parsed_day, parsed_clock, SEOUL_ZONE)
        if closes <= now:
            raise RuleViolation([Reason("past", "Choose a time in the future.", "closes_day")])
        opens = judging.opened_at or workshop.deadline
        if closes <= opens:
            message = (
                N_("Choose a time after the round opened ({time}).")
                if judging.opened_at
                else N_("Choose a time after the workshop's deadline, when the round can open ({time}).")
            )
            raise RuleViolation(
                [
                    Reason(
                        "before_open",
                        message,
                        "closes_day",
                        values={"time": Localized(format_instant, opens, SEOUL_ZONE)},
                    )
                ]
            )
    before = judging.scoring_closes_at
    if before != closes:
        judging.scoring_closes_at = closes
        session.add(judging)
        record_audit(
            session=session,
            actor_id=actor.id,
            cohort_id=workshop.cohort_id,
            action="scoring_close_set",
            entity="judging_round",
            entity_id=judging.id,
            before={"scoring_closes_at": before.isoformat() if before else None},
            after={"scoring_closes_at": closes.isoformat() if closes else None},
        )
        session.flush()
    return closes
