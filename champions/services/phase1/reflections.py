"""The recording route: a participant who missed a lecture reflects on its recording within
7 days; the secretariat approves (the lecture then counts) or returns it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from champions.infra.reasons import Localized, Reason, RuleViolation
from champions.infra.timezones import SEOUL
from champions.infra.translations import N_
from champions.models import (
    Attendance,
    Cohort,
    Lecture,
    Reflection,
    ReflectionStatus,
    User,
)
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.phase1.attendance import COUNTED, is_accepted_participant
from champions.services.registration.applications import count_words
from champions.services.registration.eligibility import format_day

REFLECTION_DAYS = timedelta(days=7)
REFLECTION_MIN_WORDS = 100
REFLECTION_MAX_WORDS = 2000
# Why a reviewed reflection cannot be reviewed again, by its status.
_ALREADY = {
    ReflectionStatus.APPROVED: N_("This reflection was approved already."),
    ReflectionStatus.RETURNED: N_("This reflection was returned already."),
}


def reflection_deadline(lecture: Lecture) -> datetime:
    """Reflections are accepted until 7 days after the lecture ended."""
    return lecture.ends_at + REFLECTION_DAYS


def reflection_refusal(
    *, session: Session, cohort: Cohort, lecture: Lecture, user_id: int, now: datetime
) -> Reason | None:
    """Why this participant cannot submit a reflection on this lecture now (None: they can)."""
    if not cohort.recording_route:
        return Reason("no_recording_route", "This cohort does not count lectures by recording.")
    if not is_accepted_participant(session=session, cohort_id=cohort.id, user_id=user_id):
        return Reason("not_participant", "Only accepted participants can submit reflections.")
    if lecture.cancelled_at is not None:
        return Reason("cancelled", "This lecture was cancelled.")
    if now < lecture.ends_at:
        return Reason("not_ended", "You can reflect on a lecture once it has ended.")
    if now > reflection_deadline(lecture):
        day = Localized(format_day, reflection_deadline(lecture).astimezone(SEOUL).date())
        return Reason(
            "deadline_passed",
            "Reflections on this lecture were due by {day} (7 days after it).",
            values={"day": day},
        )
    if not lecture.recording_url:
        return Reason("no_recording", "The recording is not available yet; come back when it is.")
    attended = session.exec(
        select(Attendance.status).where(Attendance.lecture_id == lecture.id, Attendance.user_id == user_id)
    ).first()
    if attended in COUNTED:
        return Reason("attended", "You attended this lecture; it already counts.")
    existing = _reflection_of(session, lecture.id, user_id)
    if existing is not None and existing.status == ReflectionStatus.APPROVED:
        return Reason("approved", "Your reflection on this lecture was approved already.")
    return None


def _reflection_of(session: Session, lecture_id: int, user_id: int) -> Reflection | None:
    return session.exec(
        select(Reflection).where(Reflection.lecture_id == lecture_id, Reflection.user_id == user_id)
    ).first()


def reflections_of(*, session: Session, user_id: int, lecture_ids: list[int]) -> dict[int, Reflection]:
    """The participant's reflections on these lectures, by lecture id."""
    return {
        r.lecture_id: r
        for r in session.exec(
            select(Reflection).where(Reflection.user_id == user_id, Reflection.lecture_id.in_(lecture_ids))
        )
    }


def submit_reflection(
    *, session: Session, user: User, lecture_id: int, text: str, now: datetime | None = None
) -> Reflection:
    """Submit (or, while not yet approved, resubmit) a reflection on a missed lecture's
    recording; it waits for the secretariat's review. Audited. Flushes."""
    now = now or utcnow()
    lecture = session.get(Lecture, lecture_id)
    if lecture is None:
        raise RuleViolation([Reason("not_found", "There is no such lecture.")])
    cohort = session.get(Cohort, lecture.cohort_id)
    refusal = reflection_refusal(session=session, cohort=cohort, lecture=lecture, user_id=user.id, now=now)
    if refusal is not None:
        raise RuleViolation([refusal])
    text = (text if isinstance(text, str) else "").strip()
    words = count_words(text)
    if words < REFLECTION_MIN_WORDS or words > REFLECTION_MAX_WORDS:
        raise RuleViolation(
            [
                Reason(
                    "word_count",
                    "Write {min} to {max} words (you wrote {words}).",
                    "text",
                    values={"min": REFLECTION_MIN_WORDS, "max": REFLECTION_MAX_WORDS, "words": words},
                )
            ]
        )
    reflection = _reflection_of(session, lecture.id, user.id) or Reflection(
        lecture_id=lecture.id, user_id=user.id, text=""
    )
    before = {"status": reflection.status.value} if reflection.id else None
    reflection.text, reflection.status, reflection.submitted_at = text, ReflectionStatus.SUBMITTED, now
    reflection.reviewed_at, reflection.reviewed_by = None, None
    session.add(reflection)
    session.flush()
    record_audit(
        session=session,
        actor_id=user.id,
        cohort_id=cohort.id,
        action="reflection_submitted",
        entity="reflection",
        entity_id=reflection.id,
        before=before,
        after={"status": "submitted", "words": words},
    )
    return reflection


def review_reflection(
    *,
    session: Session,
    actor: User,
    reflection_id: int,
    approve: bool,
    feedback: str = "",
    now: datetime | None = None,
) -> Reflection:
    """Approve a submitted reflection (its lecture then counts) or return it with feedback
    (the participant may resubmit before the deadline). Audited. Flushes."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None:
        raise RuleViolation([Reason("not_found", "There is no such reflection.")])
    if reflection.status != ReflectionStatus.SUBMITTED:
        raise RuleViolation([Reason("not_pending", _ALREADY[reflection.status])])
    feedback = (feedback if isinstance(feedback, str) else "").strip()[:2000]
    if not approve and not feedback:
        raise RuleViolation(
            [Reason("feedback_required", "Say what the participant should improve.", "feedback")]
        )
    lecture = session.get(Lecture, reflection.lecture_id)
    reflection.status = ReflectionStatus.APPROVED if approve else ReflectionStatus.RETURNED
    reflection.feedback, reflection.reviewed_at, reflection.reviewed_by = feedback, now or utcnow(), actor.id
    session.add(reflection)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=lecture.cohort_id,
        action="reflection_reviewed",
        entity="reflection",
        entity_id=reflection.id,
        before={"status": "submitted"},
        after={"status": reflection.status.value},
        reason=feedback,
    )
    session.flush()
    return reflection


@dataclass(frozen=True)
class PendingReflection:
    id: int
    lecture_title: str
    full_name: str
    email: str
    text: str
    words: int
    submitted_at: datetime


def pending_reflections(*, session: Session, cohort_id: int) -> list[PendingReflection]:
    """Reflections of the cohort waiting for review, oldest first (one query)."""
    rows = session.exec(
        select(Reflection, Lecture.title, User.full_name, User.email)
        .join(Lecture, Lecture.id == Reflection.lecture_id)
        .join(User, User.id == Reflection.user_id)
        .where(Lecture.cohort_id == cohort_id, Reflection.status == ReflectionStatus.SUBMITTED)
        .order_by(Reflection.submitted_at, Reflection.id)
    )
    return [
        PendingReflection(r.id, title, name, email, r.text, count_words(r.text), r.submitted_at)
        for r, title, name, email in rows
    ]
