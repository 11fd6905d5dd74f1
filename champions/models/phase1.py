"""Phase 1 (lectures, attendance, recording reflections) and the Phase 2 workshop dates
that the cohort calendar shows. Instants are UTC."""

import enum
from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from champions.models._time import utcnow


class LectureMode(str, enum.Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    HYBRID = "hybrid"


class Lecture(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    title: str = Field(max_length=200)
    speaker: str = Field(max_length=200)
    description: str = Field(default="")
    starts_at: datetime = Field(index=True)
    ends_at: datetime
    mode: LectureMode = Field(default=LectureMode.ONLINE)
    join_url: str = Field(default="", max_length=500)
    venue: str = Field(default="", max_length=300)
    recording_url: str = Field(default="", max_length=500)
    # Generated when the secretariat first reveals it; compared case-insensitively.
    checkin_code: str = Field(default="", max_length=16)
    cancelled_at: datetime | None = Field(default=None)
    cancel_reason: str = Field(default="")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AttendanceStatus(str, enum.Enum):
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"


class AttendanceSource(str, enum.Enum):
    ROSTER = "roster"
    CHECK_IN = "check_in"


class Attendance(SQLModel, table=True):
    """One participant's status at one lecture (no row: nothing recorded yet)."""

    # The covering indexes let the dashboard count 150,000 rows by lecture and status, or by
    # person, from the index alone (a tenth of the time of a table scan).
    __table_args__ = (
        UniqueConstraint("lecture_id", "user_id", name="uq_attendance_lecture_user"),
        Index("ix_attendance_lecture_status_user", "lecture_id", "status", "user_id"),
        Index("ix_attendance_user_status_lecture", "user_id", "status", "lecture_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lecture_id: int = Field(foreign_key="lecture.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    status: AttendanceStatus
    source: AttendanceSource = Field(default=AttendanceSource.ROSTER)
    recorded_at: datetime = Field(default_factory=utcnow)
    recorded_by: int | None = Field(default=None, foreign_key="user.id")


class CheckInAttempt(SQLModel, table=True):
    """Every code a participant entered, kept to throttle guessing."""

    __tablename__ = "checkin_attempt"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    lecture_id: int = Field(foreign_key="lecture.id")
    at: datetime = Field(default_factory=utcnow, index=True)
    succeeded: bool = Field(default=False)


class ReflectionStatus(str, enum.Enum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class Reflection(SQLModel, table=True):
    """A participant's reflection on the recording of a lecture they missed."""

    __table_args__ = (UniqueConstraint("lecture_id", "user_id", name="uq_reflection_lecture_user"),)

    id: int | None = Field(default=None, primary_key=True)
    lecture_id: int = Field(foreign_key="lecture.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    text: str
    status: ReflectionStatus = Field(default=ReflectionStatus.SUBMITTED, index=True)
    submitted_at: datetime = Field(default_factory=utcnow)
    reviewed_at: datetime | None = Field(default=None)
    reviewed_by: int | None = Field(default=None, foreign_key="user.id")
    feedback: str = Field(default="")


class Workshop(SQLModel, table=True):
    """A Phase 2 workshop: a session (start, end, venue, mode, join link) where it is held,
    and its brief, submission opening instant and deadline."""

    __table_args__ = (UniqueConstraint("cohort_id", "position", name="uq_workshop_cohort_position"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    position: int  # 1..4, the order of the workshops
    title: str = Field(max_length=200)
    brief: str = Field(default="")
    opens_at: datetime
    deadline: datetime
    judged: bool = Field(default=True)
    weight: float = Field(default=1.0)
    created_at: datetime = Field(default_factory=utcnow)
    # The session (None: not scheduled yet); attendance is taken there like at a lecture.
    session_starts_at: datetime | None = Field(default=None)
    session_ends_at: datetime | None = Field(default=None)
    mode: LectureMode = Field(default=LectureMode.HYBRID)
    venue: str = Field(default="", max_length=300)
    join_url: str = Field(default="", max_length=500)
    checkin_code: str = Field(default="", max_length=16)


class WorkshopAttendance(SQLModel, table=True):
    """One participant's status at one workshop session (no row: nothing recorded yet)."""

    __tablename__ = "workshop_attendance"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id", name="uq_workshop_attendance_user"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    status: AttendanceStatus
    source: AttendanceSource = Field(default=AttendanceSource.ROSTER)
    recorded_at: datetime = Field(default_factory=utcnow)
    recorded_by: int | None = Field(default=None, foreign_key="user.id")


class WorkshopCheckInAttempt(SQLModel, table=True):
    """Every code a participant entered at a workshop session, kept to throttle guessing."""

    __tablename__ = "workshop_checkin_attempt"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    workshop_id: int = Field(foreign_key="workshop.id")
    at: datetime = Field(default_factory=utcnow, index=True)
    succeeded: bool = Field(default=False)
