"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from champions.models.accounts import (
    ClientEvent,
    EmailConfirmation,
    LoginAttempt,
    LoginSession,
    OutboxMessage,
    PasswordReset,
    Role,
    User,
)
from champions.models.audit import AuditEntry
from champions.models.awards import (
    AwardCategory,
    AwardDecision,
    AwardEntry,
    AwardExport,
    AwardKind,
    AwardList,
)
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
)
from champions.models.phase2 import (
    Extension,
    ReviewAssignment,
    SubmissionFile,
    SubmissionVersion,
    Team,
    TeamMember,
)

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
    "AwardExport",
    "AwardKind",
    "AwardList",
    "CheckInAttempt",
    "ClientEvent",
    "Cohort",
    "Conflict",
    "Criterion",
    "EmailConfirmation",
    "Extension",
    "JudgingRound",
    "Lecture",
    "LectureMode",
    "LoginAttempt",
    "LoginSession",
    "OutboxMessage",
    "PasswordReset",
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
]
