"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from champions.models.accounts import (
    ClientEvent,
    LoginAttempt,
    LoginSession,
    OutboxMessage,
    PasswordReset,
    Role,
    User,
)
from champions.models.audit import AuditEntry
from champions.models.awards import AwardCategory, AwardDecision, AwardEntry, AwardKind, AwardList
from champions.models.cohort import Application, ApplicationStatus, Cohort
from champions.models.judging import Conflict, Criterion, JudgingRound, RoundState, Score, ScoreValue
from champions.models.phase1 import (
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    CheckInAttempt,
    Lecture,
    LectureMode,
    Reflection,
    ReflectionStatus,
    Workshop,
    WorkshopAttendance,
    WorkshopCheckInAttempt,
)
from champions.models.phase2 import (
    Extension,
    RecommendationVersion,
    ReviewAssignment,
    SubmissionFile,
    SubmissionVersion,
    Team,
    TeamMember,
)
from champions.models.program import ProgramSettings

__all__ = [
    "Application",
    "ApplicationStatus",
    "Attendance",
    "AttendanceSource",
    "AttendanceStatus",
    "AuditEntry",
    "AwardCategory",
    "AwardDecision",
    "AwardEntry",
    "AwardKind",
    "AwardList",
    "CheckInAttempt",
    "ClientEvent",
    "Cohort",
    "Conflict",
    "Criterion",
    "Extension",
    "JudgingRound",
    "Lecture",
    "LectureMode",
    "LoginAttempt",
    "LoginSession",
    "OutboxMessage",
    "PasswordReset",
    "ProgramSettings",
    "RecommendationVersion",
    "Reflection",
    "ReflectionStatus",
    "ReviewAssignment",
    "Role",
    "RoundState",
    "Score",
    "ScoreValue",
    "SubmissionFile",
    "SubmissionVersion",
    "Team",
    "TeamMember",
    "User",
    "Workshop",
    "WorkshopAttendance",
    "WorkshopCheckInAttempt",
]
