"""Attendance at lectures and at workshop sessions: the secretariat's roster and the
participants' self check-in. Both kinds of event follow the same rules; an `Occasion` says
which tables one kind uses (every function takes `occasion=`, lectures by default)."""

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from champions.infra.reasons import Localized, Reason
from champions.infra.timezones import format_duration
from champions.infra.translations import N_, gettext
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
    Workshop,
    WorkshopAttendance,
    WorkshopCheckInAttempt,
)
from champions.models._time import utcnow
from champions.services.audit import record_audit

CHECKIN_OPENS_BEFORE = timedelta(minutes=15)
CHECKIN_CLOSES_AFTER = timedelta(minutes=30)
LATE_AFTER = timedelta(minutes=15)  # checking in later than this after the start counts as late
CHECKIN_MAX_FAILURES = 5  # wrong codes allowed per participant within CHECKIN_THROTTLE_WINDOW
CHECKIN_THROTTLE_WINDOW = timedelta(minutes=10)
COUNTED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


@dataclass(frozen=True)
class Occasion:
    """A kind of event where attendance is taken: its table, its attendance and check-in
    attempt tables, the name of their column pointing at the event, and what people call it."""

    event: type
    row: type
    attempt: type
    key: str
    noun: str
    audit_entity: str


# What a refusal says, by the occasion's noun (whole sentences, so each language words them
# with its own grammar).
_SAYS = {
    "lecture": {
        "not_found": N_("There is no such lecture."),
        "cancelled_taken": N_("This lecture was cancelled; attendance is not taken."),
        "not_scheduled_taken": N_("This lecture has no date yet; attendance is taken once it is set."),
        "not_started": N_("The lecture has not started yet; only 'excused' can be recorded ahead."),
        "cancelled": N_("This lecture was cancelled."),
        "not_scheduled": N_("This lecture has no date yet."),
        "too_late": N_(
            "Check-in closed 30 minutes after the lecture ended. If you attended, write to the secretariat."
        ),
        "required": N_("Enter the check-in code shown at the lecture."),
        "other": N_("That code is for another lecture: {title}."),
        "wrong_code": N_("That code is not right. Check the code shown at the lecture."),
    },
    "workshop session": {
        "not_found": N_("There is no such workshop session."),
        "cancelled_taken": N_("This workshop session was cancelled; attendance is not taken."),
        "not_scheduled_taken": N_(
            "This workshop session has no date yet; attendance is taken once it is set."
        ),
        "not_started": N_("The workshop session has not started yet; only 'excused' can be recorded ahead."),
        "cancelled": N_("This workshop session was cancelled."),
        "not_scheduled": N_("This workshop session has no date yet."),
        "too_late": N_(
            "Check-in closed 30 minutes after the workshop session ended. If you attended, "
            "write to the secretariat."
        ),
        "required": N_("Enter the check-in code shown at the workshop session."),
        "other": N_("That code is for another workshop session: {title}."),
        "wrong_code": N_("That code is not right. Check the code shown at the workshop session."),
    },
}

LECTURE = Occasion(Lecture, Attendance, CheckInAttempt, "lecture_id", "lecture", "attendance")
WORKSHOP = Occasion(
    Workshop,
    WorkshopAttendance,
    WorkshopCheckInAttempt,
    "workshop_id",
    "workshop session",
    "workshop_attendance",
)


def span(event: Lecture | Workshop) -> tuple[datetime, datetime] | None:
    """When the event takes place (None: a workshop whose session is not scheduled)."""
    if isinstance(event, Workshop):
        if event.session_starts_at is None or event.session_ends_at is None:
            return None
        return event.session_starts_at, event.session_ends_at
    return event.starts_at, event.ends_at


def is_cancelled(event: Lecture | Workshop) -> bool:
    return getattr(event, "cancelled_at", None) is not None


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


def roster(*, session: Session, lecture: Lecture | Workshop, occasion: Occasion = LECTURE) -> list[RosterRow]:
    """Every accepted participant of the event's cohort with their recorded status (one query)."""
    row = occasion.row
    rows = session.exec(
        select(User.id, User.full_name, User.email, Application.country, row.status, row.source)
        .join(Application, Application.user_id == User.id)
        .outerjoin(row, (row.user_id == User.id) & (getattr(row, occasion.key) == lecture.id))
        .where(Application.cohort_id == lecture.cohort_id, Application.status == ApplicationStatus.ACCEPTED)
        .order_by(User.full_name, User.id)
    )
    return [
        RosterRow(uid, name, email, country, status.value if status else "", source.value if source else "")
        for uid, name, email, country, status, source in rows
    ]


def lecture_counts(
    *, session: Session, cohort_id: int, occasion: Occasion = LECTURE
) -> dict[int, dict[str, int]]:
    """Per lecture (or workshop) of the cohort: how many accepted participants are present,
    late, excused, absent, and not recorded (one grouped query plus one count)."""
    event, row = occasion.event, occasion.row
    key = getattr(row, occasion.key)
    accepted = session.exec(
        select(func.count(Application.id)).where(
            Application.cohort_id == cohort_id, Application.status == ApplicationStatus.ACCEPTED
        )
    ).one()
    counts: dict[int, dict[str, int]] = {
        lecture_id: {**{s.value: 0 for s in AttendanceStatus}, "unrecorded": accepted}
        for lecture_id in session.exec(select(event.id).where(event.cohort_id == cohort_id))
    }
    grouped = session.exec(
        select(key, row.status, func.count(row.id))
        .join(event, event.id == key)
        .join(Application, (Application.user_id == row.user_id) & (Application.cohort_id == cohort_id))
        .where(event.cohort_id == cohort_id, Application.status == ApplicationStatus.ACCEPTED)
        .group_by(key, row.status)
    )
    for lecture_id, status, number in grouped:
        counts[lecture_id][status.value] = number
        counts[lecture_id]["unrecorded"] -= number
    return counts


def counts_text(counts: dict[str, int], language: str = "en") -> str:
    """ "30 present · 2 late · 1 excused · 0 absent · 7 not recorded", in the language."""
    return gettext(
        language,
        "{present} present · {late} late · {excused} excused · {absent} absent · {unrecorded} not recorded",
        present=counts["present"],
        late=counts["late"],
        excused=counts["excused"],
        absent=counts["absent"],
        unrecorded=counts["unrecorded"],
    )


def statuses_of(
    *, session: Session, user_id: int, event_ids: list[int], occasion: Occasion = LECTURE
) -> dict[int, str]:
    """The person's recorded status at each of these events ({event id: status})."""
    row = occasion.row
    key = getattr(row, occasion.key)
    return {
        event_id: status.value
        for event_id, status in session.exec(
            select(key, row.status).where(row.user_id == user_id, key.in_(event_ids))
        )
    }


# --- the roster -----------------------------------------------------------------------------


@dataclass
class RosterOutcome:
    changed: list[int] = field(default_factory=list)  # user ids whose status changed
    refused: list[tuple[int, Reason]] = field(default_factory=list)


def _set_status(
    session: Session,
    *,
    lecture: Lecture | Workshop,
    user_id: int,
    status: AttendanceStatus,
    source: AttendanceSource,
    actor_id: int,
    now: datetime,
    existing: Attendance | WorkshopAttendance | None,
    occasion: Occasion = LECTURE,
) -> bool:
    """Write one attendance status with its audit entry; False when it was already that."""
    if existing is not None and existing.status == status:
        return False
    before = {"status": existing.status.value if existing else None}
    row = existing or occasion.row(**{occasion.key: lecture.id}, user_id=user_id, status=status)
    row.status, row.source, row.recorded_at, row.recorded_by = status, source, now, actor_id
    session.add(row)
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=lecture.cohort_id,
        action="attendance_recorded",
        entity=occasion.audit_entity,
        entity_id=f"{lecture.id}:{user_id}",
        before=before,
        after={"status": status.value, "source": source.value},
    )
    return True


def attendance_refusal(
    lecture: Lecture | Workshop | None, status: AttendanceStatus, now: datetime, occasion: Occasion = LECTURE
) -> Reason | None:
    """Why this status cannot be recorded for the lecture (or workshop session) now (None: it can)."""
    says = _SAYS[occasion.noun]
    if lecture is None:
        return Reason("not_found", says["not_found"])
    if is_cancelled(lecture):
        return Reason("cancelled", says["cancelled_taken"])
    when = span(lecture)
    if when is None:
        return Reason("not_scheduled", says["not_scheduled_taken"])
    if status in COUNTED and now < when[0] - CHECKIN_OPENS_BEFORE:
        return Reason("not_started", says["not_started"])
    return None


def record_attendance(
    *,
    session: Session,
    actor: User,
    lecture_id: int,
    marks: Mapping[int, AttendanceStatus],
    now: datetime | None = None,
    occasion: Occasion = LECTURE,
) -> RosterOutcome:
    """Record statuses {user_id: status} for one lecture (or workshop session: `lecture_id` is
    then the workshop's id) as the secretariat (also to correct earlier entries). Only accepted
    participants of its cohort can be marked; each change gets an audit entry with the before
    and after status. Flushes; the caller commits."""
    now = now or utcnow()
    lecture = session.get(occasion.event, lecture_id)
    row = occasion.row
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
        found.user_id: found
        for found in session.exec(
            select(row).where(getattr(row, occasion.key) == lecture_id, row.user_id.in_(list(marks)))
        )
    }
    for user_id, status in marks.items():
        refusal = attendance_refusal(lecture, status, now, occasion)
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
            occasion=occasion,
        ):
            outcome.changed.append(user_id)
    session.flush()
    return outcome


def mark_all_present(
    *,
    session: Session,
    actor: User,
    lecture_id: int,
    now: datetime | None = None,
    occasion: Occasion = LECTURE,
) -> RosterOutcome:
    """Mark present every accepted participant with nothing recorded for the lecture (or
    workshop session) (the exceptions are then set one by one). Audited per person. Flushes."""
    lecture = session.get(occasion.event, lecture_id)
    if lecture is None:
        return RosterOutcome(refused=[(0, Reason("not_found", _SAYS[occasion.noun]["not_found"]))])
    unrecorded = [
        row.user_id for row in roster(session=session, lecture=lecture, occasion=occasion) if not row.status
    ]
    return record_attendance(
        session=session,
        actor=actor,
        lecture_id=lecture_id,
        marks={uid: AttendanceStatus.PRESENT for uid in unrecorded},
        now=now,
        occasion=occasion,
    )


# --- self check-in --------------------------------------------------------------------------


def checkin_window(lecture: Lecture | Workshop) -> tuple[datetime, datetime]:
    """From 15 minutes before the start to 30 minutes after the end, both included (a workshop
    must have its session scheduled)."""
    starts, ends = span(lecture)
    return starts - CHECKIN_OPENS_BEFORE, ends + CHECKIN_CLOSES_AFTER


def checkin_is_open(lecture: Lecture | Workshop, now: datetime) -> bool:
    if span(lecture) is None or is_cancelled(lecture):
        return False
    opens, closes = checkin_window(lecture)
    return opens <= now <= closes


def status_on_checkin(lecture: Lecture | Workshop, now: datetime) -> AttendanceStatus:
    """Present, or late when checking in more than 15 minutes after the start."""
    return AttendanceStatus.LATE if now > span(lecture)[0] + LATE_AFTER else AttendanceStatus.PRESENT


def normalize_code(code) -> str:
    return "".join(str(code or "").split()).upper()[:32]


def checkin_wait(
    *, session: Session, user_id: int, now: datetime, occasion: Occasion = LECTURE
) -> timedelta | None:
    """How long the participant must wait before trying another code (None: no wait): at most
    CHECKIN_MAX_FAILURES wrong codes within any CHECKIN_THROTTLE_WINDOW."""
    attempt = occasion.attempt
    failures = list(
        session.exec(
            select(attempt.at)
            .where(
                attempt.user_id == user_id,
                attempt.succeeded.is_(False),
                attempt.at > now - CHECKIN_THROTTLE_WINDOW,
            )
            .order_by(attempt.at.desc())
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
    *,
    session: Session,
    user: User,
    lecture_id: int,
    code: str,
    now: datetime | None = None,
    occasion: Occasion = LECTURE,
) -> CheckInOutcome:
    """A participant checks in to a lecture (or workshop session: `lecture_id` is then the
    workshop's id) with the code revealed there. Records present (late after start + 15 min)
    and an audit entry; every code entered is kept as an attempt so that guessing is
    throttled. Refusals come back as a reason (the attempt is still kept, so the caller commits
    either way). Flushes."""
    now = now or utcnow()
    says, event, row = _SAYS[occasion.noun], occasion.event, occasion.row
    lecture = session.get(event, lecture_id)
    if lecture is None:
        return CheckInOutcome(None, Reason("not_found", says["not_found"], "code"))
    cohort = session.get(Cohort, lecture.cohort_id)
    if not is_accepted_participant(session=session, cohort_id=lecture.cohort_id, user_id=user.id):
        return CheckInOutcome(
            None,
            Reason(
                "not_participant",
                "Only accepted participants of {title} can check in.",
                "code",
                values={"title": cohort.title},
            ),
        )
    if is_cancelled(lecture):
        return CheckInOutcome(None, Reason("cancelled", says["cancelled"], "code"))
    if span(lecture) is None:
        return CheckInOutcome(None, Reason("not_scheduled", says["not_scheduled"], "code"))
    opens, closes = checkin_window(lecture)
    if now < opens:
        return CheckInOutcome(
            None,
            Reason(
                "too_early",
                "Check-in opens 15 minutes before the start, in {wait}.",
                "code",
                values={"wait": Localized(format_duration, opens - now)},
            ),
        )
    if now > closes:
        return CheckInOutcome(
            None,
            Reason("too_late", says["too_late"], "code"),
        )
    existing = session.exec(
        select(row).where(getattr(row, occasion.key) == lecture.id, row.user_id == user.id)
    ).first()
    if existing is not None and existing.status in COUNTED:
        return CheckInOutcome(existing.status)
    wait = checkin_wait(session=session, user_id=user.id, now=now, occasion=occasion)
    if wait is not None:
        return CheckInOutcome(
            None,
            Reason(
                "throttled",
                "Too many wrong codes. Try again in {wait}.",
                "code",
                values={"wait": Localized(format_duration, wait + timedelta(seconds=59))},
            ),
        )
    entered = normalize_code(code)
    if not entered:
        return CheckInOutcome(None, Reason("required", says["required"], "code"))
    matches = bool(lecture.checkin_code) and hmac.compare_digest(
        entered.encode(), lecture.checkin_code.encode()
    )
    session.add(occasion.attempt(**{occasion.key: lecture.id}, user_id=user.id, at=now, succeeded=matches))
    if not matches:
        others = select(event.title).where(
            event.cohort_id == lecture.cohort_id, event.id != lecture.id, event.checkin_code == entered
        )
        if event is Lecture:
            others = others.where(Lecture.cancelled_at.is_(None))
        other = session.exec(others).first()
        session.flush()
        if other is not None:
            return CheckInOutcome(
                None, Reason("other_lecture", says["other"], "code", values={"title": other})
            )
        return CheckInOutcome(
            None,
            Reason("wrong_code", says["wrong_code"], "code"),
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
        occasion=occasion,
    )
    session.flush()
    return CheckInOutcome(status)
