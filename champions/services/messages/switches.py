"""The secretariat's switches: a kind of message turned off for one edition is not sent to
anyone of it (recorded as dropped with the reason), whatever people chose."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.models import Cohort, MessageSwitch, User
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.messages.templates import KINDS

# Always sent: the email that confirms an address (without it nobody could log in), and the
# secretariat's own messages (written on purpose).
ALWAYS = ("application_received", "bulk")
SWITCHABLE = [k for k in KINDS.values() if k.name not in ALWAYS]
OFF_REASON = "turned off for this edition by the secretariat"


def kinds_off(session: Session, cohort_id: int | None) -> set[str]:
    if cohort_id is None:
        return set()
    return set(
        session.exec(
            select(MessageSwitch.kind).where(
                MessageSwitch.cohort_id == cohort_id, MessageSwitch.enabled.is_(False)
            )
        )
    )


@dataclass(frozen=True)
class SwitchLine:
    name: str
    label: str
    on: bool


def switches_of(*, session: Session, cohort: Cohort) -> list[SwitchLine]:
    off = kinds_off(session, cohort.id)
    return [SwitchLine(k.name, k.label, k.name not in off) for k in SWITCHABLE]


def save_switches(
    *, session: Session, actor: User, cohort: Cohort, chosen: dict, now: datetime | None = None
) -> list[SwitchLine]:
    """Keep on exactly the kinds ticked in `chosen` (a form: name -> "on"), audited with what
    changed. Raises RuleViolation for an archived edition. Flushes."""
    if cohort.is_archived:
        raise RuleViolation([Reason("archived", "This edition is archived: it is read-only.")])
    data = chosen if isinstance(chosen, dict) else {}
    rows = {
        s.kind: s for s in session.exec(select(MessageSwitch).where(MessageSwitch.cohort_id == cohort.id))
    }
    before = kinds_off(session, cohort.id)
    for kind in SWITCHABLE:
        wanted = data.get(kind.name) == "on"
        row = rows.get(kind.name)
        if row is None and wanted:
            continue
        row = row or MessageSwitch(cohort_id=cohort.id, kind=kind.name)
        if row.enabled != wanted or row.id is None:
            row.enabled, row.updated_at, row.updated_by = wanted, now or utcnow(), actor.id
            session.add(row)
    session.flush()
    after = kinds_off(session, cohort.id)
    if after != before:
        record_audit(
            session=session,
            actor_id=actor.id,
            cohort_id=cohort.id,
            action="message_kinds_switched",
            entity="cohort",
            entity_id=cohort.id,
            before={"off": sorted(before)},
            after={"off": sorted(after)},
        )
        session.flush()
    return switches_of(session=session, cohort=cohort)
