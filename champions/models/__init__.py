"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from champions.models.accounts import LoginAttempt, LoginSession, Role, User
from champions.models.audit import AuditEntry
from champions.models.cohort import Application, ApplicationStatus, Cohort

__all__ = [
    "Application",
    "ApplicationStatus",
    "AuditEntry",
    "Cohort",
    "LoginAttempt",
    "LoginSession",
    "Role",
    "User",
]
