"""A cohort (one edition of the program, with every date and setting) and its applications."""

import enum
from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from champions.models._time import utcnow


class Cohort(SQLModel, table=True):
    """One edition of the program. Every date of the program is data of its cohort."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True, index=True)
    title: str = Field(max_length=200)
    registration_opens: date
    registration_closes: date
    phase1_start: date
    phase1_end: date
    phase2_start: date
    phase2_end: date
    ceremony_date: date
    ceremony_starts_at: datetime | None = Field(default=None)  # UTC; None: the time is not set yet
    ceremony_venue: str = Field(default="", max_length=300)
    ceremony_mode: str = Field(default="hybrid", max_length=16)  # online | offline | hybrid
    ceremony_join_url: str = Field(default="", max_length=500)
    age_reference_date: date | None = Field(default=None)  # None: the Phase 1 start
    min_age: int | None = Field(default=None)  # None: no minimum ("open to anyone under 35")
    max_age_exclusive: int = Field(default=35)
    capacity: int = Field(default=100)
    waitlist_capacity: int | None = Field(default=None)  # None: no limit on the waitlist
    phase1_required: int = Field(default=5)
    phase2_requires_phase1: bool = Field(default=True)
    recording_route: bool = Field(default=True)
    team_min: int = Field(default=3)
    team_max: int = Field(default=5)
    reviewers_per_submission: int = Field(default=3)
    score_aggregation: str = Field(default="mean", max_length=16)  # mean | median
    normalize_scores: bool = Field(default=False)
    blind_judging: bool = Field(default=True)
    disagreement_threshold: float = Field(default=30.0)  # points (0-100) of spread between mentors
    consent_version: str = Field(default="2022-01", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    archived_at: datetime | None = Field(default=None)  # archived: read-only everywhere

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def reference_date(self) -> date:
        """The date on which applicants' ages are computed."""
        return self.age_reference_date or self.phase1_start


class ApplicationStatus(str, enum.Enum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Application(SQLModel, table=True):
    """One person's application to one cohort."""

    __table_args__ = (UniqueConstraint("cohort_id", "user_id", name="uq_application_cohort_user"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    date_of_birth: date
    country: str = Field(max_length=2, index=True)
    city: str = Field(max_length=120)
    affiliation: str = Field(max_length=200)
    field_of_study: str = Field(max_length=200)
    motivation: str
    consent_version: str = Field(max_length=32)
    consented_at: datetime = Field(default_factory=utcnow)
    status: ApplicationStatus = Field(default=ApplicationStatus.SUBMITTED, index=True)
    eligible: bool = Field(default=True, index=True)
    eligibility_snapshot: str = Field(default="{}")  # JSON: age, reference date, reasons
    submitted_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = Field(default=None)
