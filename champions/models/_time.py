"""Time helpers shared by the models. Instants are timezone-aware UTC datetimes
(sqlmodel's UTCDateTime refuses naive ones and returns UTC)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current instant in UTC."""
    return datetime.now(UTC)
