"""Awards: a cohort's award categories, the secretariat's decisions on the proposed list, and
the finalized list (a snapshot that keeps names as they were at finalization)."""

import enum
from datetime import datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from champions.models._time import utcnow


class AwardKind(str, enum.Enum):
    RANK = "rank"  # a place in the team ranking
    CRITERION = "criterion"  # best average on one rubric criterion
    COMPLETION = "completion"  # individual: Phase 1 complete
    CHAMPION = "champion"  # individual: Phase 1 complete and in a team that submitted every judged workshop


class AwardCategory(SQLModel, table=True):
    __tablename__ = "award_category"

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    position: int
    name: str = Field(max_length=80)
    kind: AwardKind
    place: int | None = Field(default=None)  # rank awards: 1, 2, 3…
    criterion: str = Field(default="", max_length=80)  # criterion awards: the rubric criterion's name


class AwardList(SQLModel, table=True):
    """A cohort's award list settings and state: draft until finalized; published to participants
    only once finalized."""

    __tablename__ = "award_list"

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", unique=True, index=True)
    one_award_per_team: bool = Field(default=True)
    finalized_at: datetime | None = Field(default=None)
    finalized_by: int | None = Field(default=None, foreign_key="user.id")
    published_at: datetime | None = Field(default=None)


class AwardDecision(SQLModel, table=True):
    """A decision of the secretariat that the proposal respects: the team(s) for a team award
    (a tie resolved, or an entry replaced), or granting / withdrawing an individual recognition."""

    __tablename__ = "award_decision"

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    category_id: int = Field(foreign_key="award_category.id", index=True)
    team_ids: str = Field(default="", max_length=200)  # team awards: comma-separated; several = joint award
    user_id: int | None = Field(default=None, foreign_key="user.id")  # individual recognitions
    granted: bool = Field(default=True)  # individual: granted (True) or withdrawn (False)
    reason: str = Field(max_length=1000)
    basis: str = Field(default="", max_length=400)  # what the results proposed when it was made
    decided_by: int = Field(foreign_key="user.id")
    decided_at: datetime = Field(default_factory=utcnow)


class AwardEntry(SQLModel, table=True):
    """One recipient of one award in the finalized list."""

    __tablename__ = "award_entry"

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    category_id: int = Field(foreign_key="award_category.id")
    order: int  # ceremony order of the award
    award: str = Field(max_length=80)
    kind: AwardKind
    team_id: int | None = Field(default=None, foreign_key="team.id")
    team_name: str = Field(default="", max_length=80)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)  # individual recognitions
    recipient: str = Field(max_length=200)  # the team's or the person's name
    members: str = Field(default="[]")  # JSON: [{"user_id", "name", "country"}] at finalization
    rank: int | None = Field(default=None)
    final_score: float | None = Field(default=None)
    challenge: str = Field(default="", max_length=300)
    city: str = Field(default="", max_length=120)
    # e.g. "Decided by the secretariat: " + a reason (up to 1000) + " (joint award)"
    note: str = Field(default="", max_length=1100)


class AwardExport(SQLModel, table=True):
    """An export file of a finalized list, made once (the list cannot change until it is
    unlocked, which deletes these): the XLSX, whose results and Phase 1 progress take seconds
    to compute for thousands of people."""

    __tablename__ = "award_export"
    __table_args__ = (UniqueConstraint("cohort_id", "fmt"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    fmt: str = Field(max_length=20)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    made_at: datetime = Field(default_factory=utcnow)


class CredentialKind(str, enum.Enum):
    COMPLETION = "completion"  # a certificate of completion
    TEAM_AWARD = "team_award"  # a member of a team that received an award
    INDIVIDUAL_AWARD = "individual_award"  # a person's own recognition


class Credential(SQLModel, table=True):
    """A certificate someone can prove: its random code is printed on the PDF (with a QR code of
    the verification URL) and looked up by /verify/<code>. Issued when the award list is
    finalized; kept when the list is re-opened, and revoked (with the date and reason, and the
    credential that replaces it) when the list is finalized again without it. The holder's name
    is the one printed, as it was at finalization. Its id is its index in the status list."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    kind: CredentialKind
    category_id: int | None = Field(
        default=None
    )  # the award category it was issued for (not a key: categories can be renamed)
    award: str = Field(max_length=80)
    team_id: int | None = Field(default=None)
    team_name: str = Field(default="", max_length=80)
    holder_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    holder_name: str = Field(max_length=200)
    issued_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = Field(default=None)
    revoked_reason: str = Field(default="", max_length=300)
    replaced_by: int | None = Field(default=None, foreign_key="credential.id")
    # The QR code printed on the certificate (of `qr_url`, its verification URL; raw gray pixels,
    # see infra.qr), made when the credential is issued: making thousands would slow every export.
    qr_url: str = Field(default="", max_length=300)
    qr_pixels: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
