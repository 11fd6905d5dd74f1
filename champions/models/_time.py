"""Time helpers shared by the models. Instants are timezone-aware UTC datetimes
(sqlmodel's UTCDateTime refuses naive ones and returns UTC)."""

from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current instant in UTC."""
    return datetime.now(timezone.utc)
