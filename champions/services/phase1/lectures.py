"""The Phase 1 lecture schedule: creating, editing and cancelling lectures, the check-in
code, and which links a participant sees when."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from champions.infra.links import is_web_address
from champions.infra.reasons import Reason, RuleViolation, Term
from champions.infra.timezones import parse_clock, parse_day, to_utc, zone_or_none
from champions.infra.translations import N_
from champions.models import Cohort, Lecture, LectureMode, User, Workshop
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.phase1.attendance import is_cancelled, span
from champions.services.registration.cohorts import cohort_or_current

MAX_DURATION = timedelta(hours=12)
JOIN_LINK_BEFORE = timedelta(minutes=60)  # the join link shows from an hour before the start
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed easily
CODE_LENGTH = 6
_LIMITS = {"title": 200, "speaker": 200, "description": 5000, "venue": 300}


@dataclass(frozen=True)
class LectureForm:
    """What the lecture form sends, as text (checked on the server)."""

    title: str = ""
    speaker: str = ""
    description: str = ""
    day: str = ""  # YYYY-MM-DD, in `zone`
    start_time: str = ""  # HH:MM, in `zone`
    end_time: str = ""
    zone: str = ""
    mode: str = ""
    join_url: str = ""
    venue: str = ""
    recording_url: str = ""

    @classmethod
    def from_form_data(cls, data) -> "LectureForm":
        """Build from a browser's form data, whatever it sent (non-text becomes "")."""
        data = data if isinstance(data, dict) else {}
        return cls(
            **{
                name: data[name] if isinstance(data.get(name), str) else ""
                for name in cls.__dataclass_fields__
            }
        )


@dataclass(frozen=True)
class CheckedLecture:
    title: str
    speaker: str
    description: str
    starts_at: datetime
    ends_at: datetime
    mode: LectureMode
    join_url: str
    venue: str
    recording_url: str


def _url_problem(value: str, field: str, label: str) -> Reason | None:
    if value and not is_web_address(value):
        return Reason(
            "invalid_url",
            "{label}: enter a full web address starting with https://.",
            field,
            values={"label": Term(label)},
        )
    return None


def check_lecture(form: LectureForm) -> CheckedLecture:
    """Parse and check a lecture form. Raises RuleViolation with one reason per bad field."""
    reasons: list[Reason] = []
    values = {name: (getattr(form, name) or "").strip() for name in LectureForm.__dataclass_fields__}
    if not values["title"]:
        reasons.append(Reason("required", "Enter the lecture's title.", "title"))
    if not values["speaker"]:
        reasons.append(Reason("required", "Enter the speaker's name.", "speaker"))
    for name, limit in _LIMITS.items():
        if len(values[name]) > limit:
            reasons.append(
                Reason("too_long", "Use at most {limit} characters.", name, values={"limit": limit})
            )
    start = end = None
    day = parse_day(values["day"])
    if day is None:
        reasons.append(Reason("invalid_date", "Enter the date as YYYY-MM-DD.", "day"))
    clocks = {name: parse_clock(values[name]) for name in ("start_time", "end_time")}
    for name, clock in clocks.items():
        if clock is None:
            reasons.append(Reason("invalid_time", "Enter the time as HH:MM (24-hour clock).", name))
    zone = values["zone"]
    if zone_or_none(zone) is None:
        reasons.append(Reason("invalid_zone", "Choose the time zone of the times you entered.", "zone"))
    if day and zone_or_none(zone) and None not in clocks.values():
        start = to_utc(day, clocks["start_time"], zone)
        end = to_utc(day, clocks["end_time"], zone)
        if end <= start:
            reasons.append(Reason("end_before_start", "The end must be after the start.", "end_time"))
        elif end - start > MAX_DURATION:
            reasons.append(Reason("too_long", "A lecture lasts at most 12 hours.", "end_time"))
    mode = next((m for m in LectureMode if m.value == values["mode"]), None)
    if mode is None:
        reasons.append(Reason("invalid_mode", "Choose online, offline or hybrid.", "mode"))
    for field, label in (("join_url", N_("Join link")), ("recording_url", N_("Recording link"))):
        problem = _url_problem(values[field], field, label)
        if problem:
            reasons.append(problem)
    if mode in (LectureMode.ONLINE, LectureMode.HYBRID) and not values["join_url"]:
        reasons.append(Reason("required", "An online or hybrid lecture needs its join link.", "join_url"))
    if mode in (LectureMode.OFFLINE, LectureMode.HYBRID) and not values["venue"]:
        reasons.append(Reason("required", "An offline or hybrid lecture needs its venue.", "venue"))
    if reasons:
        raise RuleViolation(reasons)
    return CheckedLecture(
        title=values["title"],
        speaker=values["speaker"],
        description=values["description"],
        starts_at=start,
        ends_at=end,
        mode=mode,
        join_url=values["join_url"],
        venue=values["venue"],
        recording_url=values["recording_url"],
    )


def _snapshot(lecture: Lecture) -> dict:
    return {
        "title": lecture.title,
        "speaker": lecture.speaker,
        "starts_at": lecture.starts_at.isoformat(),
        "ends_at": lecture.ends_at.isoformat(),
        "mode": lecture.mode.value,
        "join_url": lecture.join_url,
        "venue": lecture.venue,
        "recording_url": lecture.recording_url,
        "cancelled": lecture.cancelled_at is not None,
    }


def save_lecture(
    *,
    session: Session,
    actor: User,
    cohort: Cohort,
    checked: CheckedLecture,
    lecture_id: int | None = None,
    now: datetime | None = None,
) -> Lecture:
    """Create a lecture in `cohort` (lecture_id None) or update one of its lectures; audited
    with the before and after values. Flushes; the caller commits."""
    now = now or utcnow()
    if lecture_id is None:
        lecture = Lecture(
            cohort_id=cohort.id, created_at=now, title="", speaker="", starts_at=now, ends_at=now
        )
        before = None
    else:
        lecture = session.get(Lecture, lecture_id)
        if lecture is None or lecture.cohort_id != cohort.id:
            raise RuleViolation([Reason("not_found", "There is no such lecture in this cohort.")])
        if lecture.cancelled_at is not None:
            raise RuleViolation([Reason("cancelled", "This lecture was cancelled; it cannot be edited.")])
        before = _snapshot(lecture)
    for name in CheckedLecture.__dataclass_fields__:
        setattr(lecture, name, getattr(checked, name))
    lecture.updated_at = now
    session.add(lecture)
    session.flush()
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="lecture_updated" if before else "lecture_created",
        entity="lecture",
        entity_id=lecture.id,
        before=before,
        after=_snapshot(lecture),
    )
    return lecture


def cancel_lecture(
    *, session: Session, actor: User, lecture_id: int, reason: str, now: datetime | None = None
) -> Lecture:
    """Cancel a lecture with a reason: it no longer counts towards Phase 1, its attendance is
    kept but ignored, and the calendar marks it cancelled. Audited. Flushes."""
    lecture = session.get(Lecture, lecture_id)
    if lecture is None:
        raise RuleViolation([Reason("not_found", "There is no such lecture.")])
    if lecture.cancelled_at is not None:
        raise RuleViolation([Reason("cancelled", "This lecture is already cancelled.")])
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise RuleViolation([Reason("reason_required", "Say why the lecture is cancelled.", "reason")])
    before = _snapshot(lecture)
    lecture.cancelled_at = now or utcnow()
    lecture.cancel_reason = reason[:1000]
    lecture.updated_at = lecture.cancelled_at
    session.add(lecture)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=lecture.cohort_id,
        action="lecture_cancelled",
        entity="lecture",
        entity_id=lecture.id,
        before=before,
        after=_snapshot(lecture),
        reason=lecture.cancel_reason,
    )
    session.flush()
    return lecture


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def reveal_checkin_code(*, session: Session, actor: User, lecture_id: int, renew: bool = False) -> str:
    """The lecture's check-in code, generated on first reveal (or anew with `renew`, which
    invalidates the old one). Audited. Flushes."""
    lecture = session.get(Lecture, lecture_id)
    if lecture is None:
        raise RuleViolation([Reason("not_found", "There is no such lecture.")])
    if lecture.cancelled_at is not None:
        raise RuleViolation([Reason("cancelled", "This lecture was cancelled.")])
    if renew or not lecture.checkin_code:
        lecture.checkin_code = new_checkin_code()
        session.add(lecture)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=lecture.cohort_id,
        action="checkin_code_renewed" if renew else "checkin_code_revealed",
        entity="lecture",
        entity_id=lecture.id,
    )
    session.flush()
    return lecture.checkin_code


def save_cohort_lecture(
    *,
    session: Session,
    actor: User,
    cohort_name: str,
    today: date,
    checked: CheckedLecture,
    lecture_id: int | None = None,
) -> Lecture:
    """`save_lecture` in the named cohort, else the current one."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    return save_lecture(session=session, actor=actor, cohort=cohort, checked=checked, lecture_id=lecture_id)


def reveal_cohort_checkin_code(
    *, session: Session, actor: User, cohort_name: str, lecture_id: int, renew: bool, today: date
) -> str:
    """`reveal_checkin_code` for a lecture of the named cohort (else the current one); any
    other lecture is refused with no reason (the page says there is no such lecture)."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    lecture = session.get(Lecture, lecture_id)
    if cohort is None or lecture is None or lecture.cohort_id != cohort.id:
        raise RuleViolation([])
    return reveal_checkin_code(session=session, actor=actor, lecture_id=lecture_id, renew=renew)


def list_lectures(*, session: Session, cohort_id: int, include_cancelled: bool = True) -> list[Lecture]:
    query = select(Lecture).where(Lecture.cohort_id == cohort_id)
    if not include_cancelled:
        query = query.where(Lecture.cancelled_at.is_(None))
    return list(session.exec(query.order_by(Lecture.starts_at, Lecture.id)))


def list_workshops(*, session: Session, cohort_id: int) -> list[Workshop]:
    return list(
        session.exec(select(Workshop).where(Workshop.cohort_id == cohort_id).order_by(Workshop.position))
    )


def next_lecture(lectures: list[Lecture], now: datetime) -> Lecture | None:
    """The lecture happening now or the next one to start (cancelled ones skipped)."""
    return next((lec for lec in lectures if lec.cancelled_at is None and lec.ends_at > now), None)


def join_link_visible(lecture: Lecture | Workshop, now: datetime) -> bool:
    """The join link of a lecture (or workshop session) shows from an hour before the start
    until the end."""
    when = span(lecture)
    return (
        bool(lecture.join_url)
        and not is_cancelled(lecture)
        and when is not None
        and when[0] - JOIN_LINK_BEFORE <= now <= when[1]
    )


def recording_visible(lecture: Lecture, now: datetime) -> bool:
    """The recording link shows once the lecture has ended and a recording was added."""
    return bool(lecture.recording_url) and lecture.cancelled_at is None and now >= lecture.ends_at
