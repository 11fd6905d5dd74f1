"""Judging: each judged workshop's rubric and round, mentors' conflicts of interest and their
scores (the assignments are `ReviewAssignment` in phase2)."""

import enum
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from champions.models._time import utcnow


class Criterion(SQLModel, table=True):
    """One line of a judged workshop's rubric."""

    __table_args__ = (UniqueConstraint("workshop_id", "position", name="uq_criterion_position"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    position: int
    name: str = Field(max_length=80)
    guidance: str = Field(default="", max_length=1000)
    weight: float = Field(default=1.0)
    scale_min: int = Field(default=1)
    scale_max: int = Field(default=10)


class RoundState(str, enum.Enum):
    SETUP = "setup"  # rubric and assignments are prepared; mentors cannot score yet
    OPEN = "open"  # mentors score; the rubric is fixed
    CLOSED = "closed"  # scores are locked
    PUBLISHED = "published"  # closed, and teams read their scores and comments


class JudgingRound(SQLModel, table=True):
    """The judging of one workshop."""

    __tablename__ = "judging_round"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", unique=True, index=True)
    state: RoundState = Field(default=RoundState.SETUP)
    opened_at: datetime | None = Field(default=None)
    closed_at: datetime | None = Field(default=None)
    published_at: datetime | None = Field(default=None)
    # When the secretariat plans to close scoring (UTC; None: not said): mentors are reminded
    # of their unscored submissions 48 hours before.
    scoring_closes_at: datetime | None = Field(default=None)


class Conflict(SQLModel, table=True):
    """A mentor's declared conflict of interest with a team (a team's coach is conflicted
    without a row)."""

    __table_args__ = (UniqueConstraint("mentor_id", "team_id", name="uq_conflict_mentor_team"),)

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(foreign_key="user.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    reason: str = Field(max_length=500)
    declared_by: int = Field(foreign_key="user.id")
    declared_at: datetime = Field(default_factory=utcnow)


class Score(SQLModel, table=True):
    """One mentor's score of one team's submission for one workshop (a draft until submitted)."""

    __table_args__ = (UniqueConstraint("team_id", "workshop_id", "mentor_id", name="uq_score"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    mentor_id: int = Field(foreign_key="user.id", index=True)
    comment: str = Field(default="", max_length=4000)  # for the team, once published
    private_note: str = Field(default="", max_length=4000)  # for the secretariat only
    submitted: bool = Field(default=False)
    submitted_at: datetime | None = Field(default=None)
    updated_at: datetime = Field(default_factory=utcnow)


class ScoreValue(SQLModel, table=True):
    """A score's value on one criterion."""

    __tablename__ = "score_value"
    __table_args__ = (UniqueConstraint("score_id", "criterion_id", name="uq_score_value"),)

    id: int | None = Field(default=None, primary_key=True)
    score_id: int = Field(foreign_key="score.id", index=True)
    criterion_id: int = Field(foreign_key="criterion.id", index=True)
    value: int
