"""The audit trail: recording it (with every change by the secretariat or a mentor that
affects a participant) and reading it for the secretariat's log."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Optional

from sqlalchemy import func, or_
from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.models import AuditEntry, Cohort, User


def record_audit(
    *,
    session: Session,
    actor_id: Optional[int],
    action: str,
    entity: str,
    entity_id: Any,
    before: Optional[dict] = None,
    after: Optional[dict] = None,
    cohort_id: Optional[int] = None,
    reason: str = "",
) -> AuditEntry:
    """Add an audit entry to the session (committed with the change it describes)."""
    entry = AuditEntry(
        actor_id=actor_id,
        cohort_id=cohort_id,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=json.dumps(before or {}, ensure_ascii=False, default=str),
        after=json.dumps(after or {}, ensure_ascii=False, default=str),
        reason=reason,
    )
    session.add(entry)
    return entry


# --- reading the trail (the secretariat's audit log) -----------------------------------------

AUDIT_FIELDS = ["at (UTC)", "actor", "actor email", "cohort", "action", "entity", "entity id", "before", "after",
                "reason"]


@dataclass(frozen=True)
class AuditFilters:
    """What the log shows: a cohort's entries (or all), one action, an actor whose name or email
    contains `actor`, and a period of days (UTC, both ends included)."""

    cohort_id: Optional[int] = None
    action: str = ""
    actor: str = ""
    since: Optional[date] = None
    until: Optional[date] = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str  # "system" for the command line and the demo seed
    actor_email: str
    cohort: str
    action: str
    entity: str
    entity_id: str
    before: str
    after: str
    reason: str


def parse_day(text: str, field: str) -> Optional[date]:
    """A YYYY-MM-DD day, or None for ""; raises RuleViolation for anything else."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RuleViolation([Reason("bad_date", "Enter a date as YYYY-MM-DD.", field)]) from None


def _conditions(filters: AuditFilters) -> list:
    conditions = []
    if filters.cohort_id is not None:
        conditions.append(AuditEntry.cohort_id == filters.cohort_id)
    if filters.action:
        conditions.append(AuditEntry.action == filters.action)
    if filters.actor:
        pattern = f"%{filters.actor.strip().lower()}%"
        conditions.append(or_(func.lower(User.full_name).like(pattern), func.lower(User.email).like(pattern)))
    if filters.since is not None:
        conditions.append(AuditEntry.at >= datetime.combine(filters.since, time.min, timezone.utc))
    if filters.until is not None:
        conditions.append(AuditEntry.at < datetime.combine(filters.until + timedelta(days=1), time.min, timezone.utc))
    return conditions


def audit_log(*, session: Session, filters: AuditFilters = AuditFilters(), offset: int = 0,
              limit: Optional[int] = 50) -> tuple[list[AuditRow], int]:
    """(entries newest first from `offset`, at most `limit` of them; how many match in all).
    Raises RuleViolation when the period ends before it starts. Reads only: the trail has no
    edit or delete anywhere in the app."""
    if filters.since and filters.until and filters.until < filters.since:
        raise RuleViolation([Reason("bad_period", "The end of the period is before its start.", "until")])
    conditions = _conditions(filters)
    base = (select(AuditEntry, User.full_name, User.email, Cohort.name)
            .outerjoin(User, User.id == AuditEntry.actor_id).outerjoin(Cohort, Cohort.id == AuditEntry.cohort_id)
            .where(*conditions))
    total = session.exec(select(func.count()).select_from(AuditEntry)
                         .outerjoin(User, User.id == AuditEntry.actor_id).where(*conditions)).one()
    query = base.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset(max(0, offset))
    if limit is not None:
        query = query.limit(limit)
    rows = [AuditRow(e.id, e.at, name or "system", email or "", cohort or "", e.action, e.entity, e.entity_id,
                     e.before, e.after, e.reason) for e, name, email, cohort in session.exec(query)]
    return rows, total


def audit_actions(*, session: Session) -> list[str]:
    """Every action the trail holds, for the filter."""
    return list(session.exec(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def audit_export(rows: list[AuditRow]) -> tuple[list[str], list[list]]:
    return AUDIT_FIELDS, [[r.at.strftime("%Y-%m-%d %H:%M:%S"), r.actor, r.actor_email, r.cohort, r.action, r.entity,
                           r.entity_id, r.before, r.after, r.reason] for r in rows]
