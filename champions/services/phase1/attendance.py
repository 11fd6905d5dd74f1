"""Attendance at lectures: the secretariat's roster and the participants' self check-in."""

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from champions.infra.reasons import Reason
from champions.infra.timezones import format_duration
from champions.models import (
    Application,
    ApplicationStatus,
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    CheckInAttempt,
    Cohort,
    Lecture,
    User,
)
from champions.models._time import utcnow
from champions.services.audit import record_audit

CHECKIN_OPENS_BEFORE = timedelta(minutes=15)
CHECKIN_CLOSES_AFTER = timedelta(minutes=30)
LATE_AFTER = timedelta(minutes=15)  # checking in later than this after the start counts as late
CHECKIN_MAX_FAILURES = 5  # wrong codes allowed per participant within CHECKIN_THROTTLE_WINDOW
CHECKIN_THROTTLE_WINDOW = timedelta(minutes=10)
COUNTED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


# --- who takes part -----------------------------------------------------------------------


def is_accepted_participant(*, session: Session, cohort_id: int, user_id: int) -> bool:
    return (
        session.exec(
            select(Application.id).where(
                Application.cohort_id == cohort_id,
                Application.user_id == user_id,
                Application.status == ApplicationStatus.ACCEPTED,
            )
        ).first()
        is not None
    )


@dataclass(frozen=True)
class RosterRow:
    user_id: int
    full_name: str
    email: str
    country: str
    status: str  # "" when nothing is recorded
    source: str


def roster(*, session: Session, lecture: Lecture) -> list[RosterRow]:
    """Every accepted participant of the lecture's cohort with their recorded status (one query)."""
    rows = session.exec(
        select(User.id, User.full_name, User.email, Application.country, Attendance.status, Attendance.source)
        .join(Application, Application.user_id == User.id)
        .outerjoin(Attendance, (Attendance.user_id == User.id) & (Attendance.lecture_id == lecture.id))
        .where(Application.cohort_id == lecture.cohort_id, Application.status == ApplicationStatus.ACCEPTED)
        .order_by(User.full_name, User.id)
    )
    return [
        RosterRow(uid, name, email, country, status.value if status else "", source.value if source else "")
        for uid, name, email, country, status, source in rows
    ]


def lecture_counts(*, session: Session, cohort_id: int) -> dict[int, dict[str, int]]:
    """Per lecture of the cohort: how many accepted participants are present, late, excused,
    absent, and not recorded (one grouped query plus one count)."""
    accepted = session.exec(
        select(func.count(Application.id)).where(
            Application.cohort_id == cohort_id, Application.status == ApplicationStatus.ACCEPTED
        )
    ).one()
    counts: dict[int, dict[str, int]] = {
        lecture_id: {**{s.value: 0 for s in AttendanceStatus}, "unrecorded": accepted}
        for lecture_id in session.exec(select(Lecture.id).where(Lecture.cohort_id == cohort_id))
    }
    grouped = session.exec(
        select(Attendance.lecture_id, Attendance.status, func.count(Attendance.id))
        .join(Lecture, Lecture.id == Attendance.lecture_id)
        .join(Application, (Application.user_id == Attendance.user_id) & (Application.cohort_id == cohort_id))
        .where(Lecture.cohort_id == cohort_id, Application.status == ApplicationStatus.ACCEPTED)
        .group_by(Attendance.lecture_id, Attendance.status)
    )
    for lecture_id, status, number in grouped:
        counts[lecture_id][status.value] = number
        counts[lecture_id]["unrecorded"] -= number
    return counts


# --- the roster -----------------------------------------------------------------------------


@dataclass
class RosterOutcome:
    changed: list[int] = field(default_factory=list)  # user ids whose status changed
    refused: list[tuple[int, Reason]] = field(default_factory=list)


def _set_status(
    session: Session,
    *,
    lecture: Lecture,
    user_id: int,
    status: AttendanceStatus,
    source: AttendanceSource,
    actor_id: int,
    now: datetime,
    existing: Attendance | None,
) -> bool:
    """Write one attendance status with its audit entry; False when it was already that."""
    if existing is not None and existing.status == status:
        return False
    before = {"status": existing.status.value if existing else None}
    row = existing or Attendance(lecture_id=lecture.id, user_id=user_id, status=status)
    row.status, row.source, row.recorded_at, row.recorded_by = status, source, now, actor_id
    session.add(row)
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=lecture.cohort_id,
        action="attendance_recorded",
        entity="attendance",
        entity_id=f"{lecture.id}:{user_id}",
        before=before,
        after={"status": status.value, "source": source.value},
    )
    return True


def attendance_refusal(lecture: Lecture | None, status: AttendanceStatus, now: datetime) -> Reason | None:
    """Why this status cannot be recorded for the lecture now (None: it can)."""
    if lecture is None:
        return Reason("not_found", "There is no such lecture.")
    if lecture.cancelled_at is not None:
        return Reason("cancelled", "This lecture was cancelled; attendance is not taken.")
    if status in COUNTED and now < lecture.starts_at - CHECKIN_OPENS_BEFORE:
        return Reason("not_started", "The lecture has not started yet; only 'excused' can be recorded ahead.")
    return None


def record_attendance(
    *,
    session: Session,
    actor: User,
    lecture_id: int,
    marks: Mapping[int, AttendanceStatus],
    now: datetime | None = None,
) -> RosterOutcome:
    """Record statuses {user_id: status} for one lecture as the secretariat (also to correct
    earlier entries). Only accepted participants of the lecture's cohort can be marked; each
    change gets an audit entry with the before and after status. Flushes; the caller commits."""
    now = now or utcnow()
    lecture = session.get(Lecture, lecture_id)
    outcome = RosterOutcome()
    accepted = set(
        session.exec(
            select(Application.user_id).where(
                Application.cohort_id == (lecture.cohort_id if lecture else -1),
                Application.status == ApplicationStatus.ACCEPTED,
            )
        )
    )
    existing = {
        row.user_id: row
        for row in session.exec(
            select(Attendance).where(Attendance.lecture_id == lecture_id, Attendance.user_id.in_(list(marks)))
        )
    }
    for user_id, status in marks.items():
        refusal = attendance_refusal(lecture, status, now)
        if refusal is None and user_id not in accepted:
            refusal = Reason(
                "not_participant", "Only accepted participants of this cohort are on the roster."
            )
        if refusal is not None:
            outcome.refused.append((user_id, refusal))
            continue
        if _set_status(
            session,
            lecture=lecture,
            user_id=user_id,
            status=status,
            source=AttendanceSource.ROSTER,
            actor_id=actor.id,
            now=now,
            existing=existing.get(user_id),
        ):
            outcome.changed.append(user_id)
    session.flush()
    return outcome


def mark_all_present(
    *, session: Session, actor: User, lecture_id: int, now: datetime | None = None
) -> RosterOutcome:
    """Mark present every accepted participant with nothing recorded for the lecture (the
    exceptions are then set one by one). Audited per person. Flushes."""
    lecture = session.get(Lecture, lecture_id)
    if lecture is None:
        return RosterOutcome(refused=[(0, Reason("not_found", "There is no such lecture."))])
    unrecorded = [row.user_id for row in roster(session=session, lecture=lecture) if not row.status]
    return record_attendance(
        session=session,
        actor=actor,
        lecture_id=lecture_id,
        marks={uid: AttendanceStatus.PRESENT for uid in unrecorded},
        now=now,
    )


# --- self check-in --------------------------------------------------------------------------


def checkin_window(lecture: Lecture) -> tuple[datetime, datetime]:
    """From 15 minutes before the start to 30 minutes after the end, both included."""
    return lecture.starts_at - CHECKIN_OPENS_BEFORE, lecture.ends_at + CHECKIN_CLOSES_AFTER


def checkin_is_open(lecture: Lecture, now: datetime) -> bool:
    opens, closes = checkin_window(lecture)
    return lecture.cancelled_at is None and opens <= now <= closes


def status_on_checkin(lecture: Lecture, now: datetime) -> AttendanceStatus:
    """Present, or late when checking in more than 15 minutes after the start."""
    return AttendanceStatus.LATE if now > lecture.starts_at + LATE_AFTER else AttendanceStatus.PRESENT


def normalize_code(code) -> str:
    return "".join(str(code or "").split()).upper()[:32]


def checkin_wait(*, session: Session, user_id: int, now: datetime) -> timedelta | None:
    """How long the participant must wait before trying another code (None: no wait): at most
    CHECKIN_MAX_FAILURES wrong codes within any CHECKIN_THROTTLE_WINDOW."""
    failures = list(
        session.exec(
            select(CheckInAttempt.at)
            .where(
                CheckInAttempt.user_id == user_id,
                CheckInAttempt.succeeded.is_(False),
                CheckInAttempt.at > now - CHECKIN_THROTTLE_WINDOW,
            )
            .order_by(CheckInAttempt.at.desc())
            .limit(CHECKIN_MAX_FAILURES)
        )
    )
    if len(failures) < CHECKIN_MAX_FAILURES:
        return None
    return failures[-1] + CHECKIN_THROTTLE_WINDOW - now


@dataclass(frozen=True)
class CheckInOutcome:
    status: AttendanceStatus | None  # the status recorded, None when refused
    reason: Reason | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None


def check_in(
    *, session: Session, user: User, lecture_id: int, code: str, now: datetime | None = None
) -> CheckInOutcome:
    """A participant checks in to a lecture with the code revealed there. Records present
    (late after start + 15 min) and an audit entry; every code entered is kept as an attempt
    so that guessing is throttled. Refusals come back as a reason (the attempt is still kept,
    so the caller commits either way). Flushes."""
    now = now or utcnow()
    lecture = session.get(Lecture, lecture_id)
    if lecture is None:
        return CheckInOutcome(None, Reason("not_found", "There is no such lecture.", "code"))
    cohort = session.get(Cohort, lecture.cohort_id)
    if not is_accepted_participant(session=session, cohort_id=lecture.cohort_id, user_id=user.id):
        return CheckInOutcome(
            None,
            Reason("not_participant", f"Only accepted participants of {cohort.title} can check in.", "code"),
        )
    if lecture.cancelled_at is not None:
        return CheckInOutcome(None, Reason("cancelled", "This lecture was cancelled.", "code"))
    opens, closes = checkin_window(lecture)
    if now < opens:
        return CheckInOutcome(
            None,
            Reason(
                "too_early",
                f"Check-in opens 15 minutes before the start, in {format_duration(opens - now)}.",
                "code",
            ),
        )
    if now > closes:
        return CheckInOutcome(
            None,
            Reason(
                "too_late",
                "Check-in closed 30 minutes after the lecture ended. If you attended, "
                "write to the secretariat.",
                "code",
            ),
        )
    existing = session.exec(
        select(Attendance).where(Attendance.lecture_id == lecture.id, Attendance.user_id == user.id)
    ).first()
    if existing is not None and existing.status in COUNTED:
        return CheckInOutcome(existing.status)
    wait = checkin_wait(session=session, user_id=user.id, now=now)
    if wait is not None:
        return CheckInOutcome(
            None,
            Reason(
                "throttled",
                f"Too many wrong codes. Try again in {format_duration(wait + timedelta(seconds=59))}.",
                "code",
            ),
        )
    entered = normalize_code(code)
    if not entered:
        return CheckInOutcome(
            None, Reason("required", "Enter the check-in code shown at the lecture.", "code")
        )
    matches = bool(lecture.checkin_code) and hmac.compare_digest(
        entered.encode(), lecture.checkin_code.encode()
    )
    session.add(CheckInAttempt(user_id=user.id, lecture_id=lecture.id, at=now, succeeded=matches))
    if not matches:
        other = session.exec(
            select(Lecture.title).where(
                Lecture.cohort_id == lecture.cohort_id,
                Lecture.id != lecture.id,
                Lecture.checkin_code == entered,
                Lecture.cancelled_at.is_(None),
            )
        ).first()
        session.flush()
        if other is not None:
            return CheckInOutcome(
                None, Reason("other_lecture", f"That code is for another lecture: {other}.", "code")
            )
        return CheckInOutcome(
            None, Reason("wrong_code", "That code is not right. Check the code shown at the lecture.", "code")
        )
    status = status_on_checkin(lecture, now)
    _set_status(
        session,
        lecture=lecture,
        user_id=user.id,
        status=status,
        source=AttendanceSource.CHECK_IN,
        actor_id=user.id,
        now=now,
        existing=existing,
    )
    session.flush()
    return CheckInOutcome(status)
