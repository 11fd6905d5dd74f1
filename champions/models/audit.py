"""The audit trail: who changed what, when, with the before and after values (JSON)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from champions.models._time import utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    cohort_id: int | None = Field(default=None, foreign_key="cohort.id", index=True)
    action: str = Field(max_length=64, index=True)
    entity: str = Field(max_length=64)
    entity_id: str = Field(max_length=64)
    before: str = Field(default="{}")
    after: str = Field(default="{}")
    reason: str = Field(default="")
