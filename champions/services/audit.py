"""The audit trail: recording it (with every change by the secretariat or a mentor that
affects a participant) and reading it for the secretariat's log."""

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.spreadsheet import to_csv
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import N_, gettext
from champions.models import AuditEntry, Cohort, User
from champions.services.registration.cohorts import get_cohort, list_cohorts


def record_audit(
    *,
    session: Session,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: Any,
    before: dict | None = None,
    after: dict | None = None,
    cohort_id: int | None = None,
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

AUDIT_FIELDS = [
    N_("at (UTC)"),
    N_("actor"),
    N_("actor email"),
    N_("cohort"),
    N_("action"),
    N_("entity"),
    N_("entity id"),
    N_("before"),
    N_("after"),
    N_("reason"),
]


@dataclass(frozen=True)
class AuditFilters:
    """What the log shows: a cohort's entries (or all), one action, an actor whose name or email
    contains `actor`, and a period of days (UTC, both ends included)."""

    cohort_id: int | None = None
    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None


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


def parse_day(text: str, field: str) -> date | None:
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
        conditions.append(AuditEntry.at >= datetime.combine(filters.since, time.min, UTC))
    if filters.until is not None:
        conditions.append(AuditEntry.at < datetime.combine(filters.until + timedelta(days=1), time.min, UTC))
    return conditions


def audit_log(
    *, session: Session, filters: AuditFilters = AuditFilters(), offset: int = 0, limit: int | None = 50
) -> tuple[list[AuditRow], int]:
    """(entries newest first from `offset`, at most `limit` of them; how many match in all).
    Raises RuleViolation when the period ends before it starts. Reads only: the trail has no
    edit or delete anywhere in the app."""
    if filters.since and filters.until and filters.until < filters.since:
        raise RuleViolation([Reason("bad_period", "The end of the period is before its start.", "until")])
    conditions = _conditions(filters)
    base = (
        select(AuditEntry, User.full_name, User.email, Cohort.name)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .outerjoin(Cohort, Cohort.id == AuditEntry.cohort_id)
        .where(*conditions)
    )
    total = session.exec(
        select(func.count())
        .select_from(AuditEntry)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(*conditions)
    ).one()
    query = base.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset(max(0, offset))
    if limit is not None:
        query = query.limit(limit)
    rows = [
        AuditRow(
            e.id,
            e.at,
            name or "system",
            email or "",
            cohort or "",
            e.action,
            e.entity,
            e.entity_id,
            e.before,
            e.after,
            e.reason,
        )
        for e, name, email, cohort in session.exec(query)
    ]
    return rows, total


def audit_actions(*, session: Session) -> list[str]:
    """Every action the trail holds, for the filter."""
    return list(session.exec(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def audit_export(rows: list[AuditRow], language: str = "en") -> tuple[list[str], list[list]]:
    """The entries for CSV: headings in `language`; the entries' values (actions, entities,
    before/after, reasons) as recorded."""
    return [gettext(language, field) for field in AUDIT_FIELDS], [
        [
            r.at.strftime("%Y-%m-%d %H:%M:%S"),
            r.actor,
            r.actor_email,
            r.cohort,
            r.action,
            r.entity,
            r.entity_id,
            r.before,
            r.after,
            r.reason,
        ]
        for r in rows
    ]


# --- the log's page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditLine:
    """One entry as the log shows it, every value as text."""

    id: str
    at: str  # in the viewer's time zone
    at_seoul: str  # "" when the viewer's zone is Seoul's
    actor: str
    actor_email: str
    cohort: str
    action: str
    entity: str  # "application 12"
    before: str
    after: str
    reason: str


@dataclass(frozen=True)
class AuditPage:
    cohorts: list[str] = field(default_factory=list)  # the filters' choices
    actions: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # by filter; when any, nothing below is read
    total: int = 0
    lines: list[AuditLine] = field(default_factory=list)


def audit_filters(*, session: Session, values: dict[str, str]) -> AuditFilters:
    """The filters from the page's text (a cohort's name, an action, part of an actor's name or
    email, YYYY-MM-DD days). Raises RuleViolation with a reason per day that is not a day."""
    reasons, days = [], {}
    for key in ("since", "until"):
        try:
            days[key] = parse_day(values.get(key, ""), key)
        except RuleViolation as violation:
            reasons += violation.reasons
    if reasons:
        raise RuleViolation(reasons)
    cohort = get_cohort(session=session, name=values["cohort"]) if values.get("cohort") else None
    return AuditFilters(
        cohort_id=cohort.id if cohort else None,
        action=values.get("action", ""),
        actor=values.get("actor", "")[:100],
        since=days["since"],
        until=days["until"],
    )


def audit_page(
    *, session: Session, values: dict[str, str], offset: int, limit: int, zone: str, language: str = "en"
) -> AuditPage:
    """The entries the page's filters keep, newest first from `offset` (at most `limit`),
    with times in the viewer's `zone` (and Seoul's); the filters' errors instead when they
    are wrong."""
    choices = {
        "cohorts": [c.name for c in list_cohorts(session=session)],
        "actions": audit_actions(session=session),
    }
    try:
        rows, total = audit_log(
            session=session, filters=audit_filters(session=session, values=values), offset=offset, limit=limit
        )
    except RuleViolation as violation:
        return AuditPage(**choices, errors=violation.by_field())
    return AuditPage(
        **choices,
        total=total,
        lines=[
            AuditLine(
                id=str(r.id),
                at=format_instant(r.at, zone, language),
                at_seoul=format_instant(r.at, SEOUL_ZONE, language) if zone != SEOUL_ZONE else "",
                actor=r.actor,
                actor_email=r.actor_email,
                cohort=r.cohort,
                action=r.action,
                entity=f"{r.entity} {r.entity_id}",
                before=r.before,
                after=r.after,
                reason=r.reason,
            )
            for r in rows
        ],
    )


def audit_csv(*, session: Session, values: dict[str, str], language: str = "en") -> str:
    """The CSV (headings in `language`) of every entry the page's filters keep. Raises
    RuleViolation while a filter is wrong."""
    rows, _ = audit_log(session=session, filters=audit_filters(session=session, values=values), limit=None)
    return to_csv(*audit_export(rows, language))
