"""Phase 2: teams, their members, deadline extensions and versioned workshop submissions
with their files (stored outside every public folder)."""

import secrets
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from champions.models._time import utcnow

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes


def new_review_code() -> str:
    """A random 8-letter code (40 bits) naming one assignment to the mentor."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(8))


class Team(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cohort_id", "name_key", name="uq_team_cohort_name"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    name: str = Field(max_length=80)
    # The casefolded name, unique within the cohort: casefolding spells a character out in up
    # to 3 ("ß" -> "ss", "ﬃ" -> "ffi"), so 3 x the 80 of a name.
    name_key: str = Field(max_length=240)
    challenge: str = Field(default="", max_length=300)
    city: str = Field(default="", max_length=120)
    invite_code: str = Field(max_length=16, unique=True, index=True)
    locked: bool = Field(default=False)
    coach_id: int | None = Field(default=None, foreign_key="user.id")
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class TeamMember(SQLModel, table=True):
    """One participant in one team; a person is in at most one team per cohort."""

    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", name="uq_team_member_cohort_user"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    cohort_id: int = Field(foreign_key="cohort.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    joined_at: datetime = Field(default_factory=utcnow)


class Extension(SQLModel, table=True):
    """A later deadline for one team and one workshop, granted by the secretariat."""

    __table_args__ = (UniqueConstraint("team_id", "workshop_id", name="uq_extension_team_workshop"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    workshop_id: int = Field(foreign_key="workshop.id")
    deadline: datetime
    reason: str
    granted_by: int | None = Field(default=None, foreign_key="user.id")
    granted_at: datetime = Field(default_factory=utcnow)


class SubmissionVersion(SQLModel, table=True):
    """One submit of a team for a workshop; the numbers count 1, 2, 3… per team and workshop."""

    __tablename__ = "submission_version"
    __table_args__ = (UniqueConstraint("team_id", "workshop_id", "number", name="uq_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    number: int
    title: str = Field(max_length=200)
    summary: str
    link: str = Field(default="", max_length=500)
    submitted_by: int = Field(foreign_key="user.id")
    submitted_at: datetime = Field(default_factory=utcnow, index=True)
    under_extension: bool = Field(default=False)


class SubmissionFile(SQLModel, table=True):
    __tablename__ = "submission_file"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="submission_version.id", index=True)
    public_id: str = Field(max_length=40, unique=True, index=True)  # in URLs; random, not guessable
    stored_name: str = Field(max_length=80)  # generated; the bytes live under CHAMPIONS_FILES_DIR
    original_name: str = Field(max_length=255)
    size: int
    content_type: str = Field(max_length=120)
    sha256: str = Field(max_length=64)


class ReviewAssignment(SQLModel, table=True):
    """A mentor assigned to review one team's submission for one workshop."""

    __tablename__ = "review_assignment"
    __table_args__ = (UniqueConstraint("team_id", "workshop_id", "mentor_id", name="uq_review_assignment"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    mentor_id: int = Field(foreign_key="user.id", index=True)
    assigned_at: datetime = Field(default_factory=utcnow)
    # What the mentor calls the submission: random, so it says nothing of the team (blind judging).
    code: str = Field(default_factory=new_review_code, max_length=16, unique=True)


class RecommendationVersion(SQLModel, table=True):
    """One version of a team's youth recommendations (title, text, the SDG 11 targets they
    serve); the numbers count 1, 2, 3… per team, the last one before the deadline counts."""

    __tablename__ = "recommendation_version"
    __table_args__ = (UniqueConstraint("team_id", "number", name="uq_recommendation_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    number: int
    title: str = Field(max_length=200)
    body: str
    targets: str = Field(max_length=100)  # SDG 11 target codes, comma-separated: "11.2,11.7"
    submitted_by: int = Field(foreign_key="user.id")
    submitted_at: datetime = Field(default_factory=utcnow, index=True)
