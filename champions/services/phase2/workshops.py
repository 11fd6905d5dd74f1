"""The four Phase 2 workshops of a cohort (brief, opening, deadline, judged, weight) and the
secretariat's deadline extensions for single teams."""

import html
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import parse_clock, parse_day, to_utc, zone_or_none
from champions.models import Extension, Team, User, Workshop
from champions.models._time import utcnow
from champions.services.audit import record_audit


def _instant(
    day: str, clock: str, zone: str, field: str, label: str, reasons: list[Reason]
) -> datetime | None:
    parsed_day, parsed_clock = parse_day(day), parse_clock(clock)
    if parsed_day is None:
        reasons.append(Reason("invalid_date", f"{label}: enter the date as YYYY-MM-DD.", f"{field}_day"))
    if parsed_clock is None:
        reasons.append(Reason("invalid_time", f"{label}: enter the time as HH:MM.", f"{field}_time"))
    if parsed_day is None or parsed_clock is None or zone_or_none(zone) is None:
        return None
    return to_utc(parsed_day, parsed_clock, zone)


@dataclass(frozen=True)
class WorkshopForm:
    title: str = ""
    brief: str = ""
    opens_day: str = ""
    opens_time: str = ""
    deadline_day: str = ""
    deadline_time: str = ""
    zone: str = ""
    judged: str = ""  # "yes" / ""
    weight: str = ""

    @classmethod
    def from_form_data(cls, data) -> "WorkshopForm":
        data = data if isinstance(data, dict) else {}
        values = {
            name: data[name] if isinstance(data.get(name), str) else "" for name in cls.__dataclass_fields__
        }
        if data.get("judged") is True or data.get("judged") == "on":
            values["judged"] = "yes"
        return cls(**values)


@dataclass(frozen=True)
class CheckedWorkshop:
    title: str
    brief: str
    opens_at: datetime
    deadline: datetime
    judged: bool
    weight: float


def check_workshop(form: WorkshopForm) -> CheckedWorkshop:
    reasons: list[Reason] = []
    title, brief = form.title.strip(), form.brief.strip()
    if not title:
        reasons.append(Reason("required", "Enter the workshop's title.", "title"))
    elif len(title) > 200:
        reasons.append(Reason("too_long", "Use at most 200 characters.", "title"))
    if len(brief) > 20000:
        reasons.append(Reason("too_long", "Use at most 20,000 characters.", "brief"))
    if zone_or_none(form.zone) is None:
        reasons.append(Reason("invalid_zone", "Choose the time zone of the times you entered.", "zone"))
    opens = _instant(form.opens_day, form.opens_time, form.zone, "opens", "Opening", reasons)
    deadline = _instant(form.deadline_day, form.deadline_time, form.zone, "deadline", "Deadline", reasons)
    if opens and deadline and deadline <= opens:
        reasons.append(
            Reason("deadline_before_opening", "The deadline must be after the opening.", "deadline_day")
        )
    try:
        weight = float(form.weight)
        if not (0 < weight <= 100) or weight != weight:
            raise ValueError
    except ValueError:
        weight = 0.0
        reasons.append(Reason("invalid_weight", "Enter a weight above 0 and at most 100.", "weight"))
    if reasons:
        raise RuleViolation(reasons)
    return CheckedWorkshop(title, brief, opens, deadline, form.judged == "yes", weight)


def brief_markdown(text: str) -> str:
    """A brief as Markdown whose raw HTML is shown as text, never rendered."""
    return html.escape(text, quote=False)


def _snapshot(workshop: Workshop) -> dict:
    return {
        "title": workshop.title,
        "opens_at": workshop.opens_at.isoformat(),
        "deadline": workshop.deadline.isoformat(),
        "judged": workshop.judged,
        "weight": workshop.weight,
    }


def save_workshop(*, session: Session, actor: User, workshop_id: int, checked: CheckedWorkshop) -> Workshop:
    """Update one of the cohort's workshops. Audited with before and after. Flushes."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise RuleViolation([Reason("not_found", "There is no such workshop.")])
    before = _snapshot(workshop)
    for name in CheckedWorkshop.__dataclass_fields__:
        setattr(workshop, name, getattr(checked, name))
    session.add(workshop)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=workshop.cohort_id,
        action="workshop_updated",
        entity="workshop",
        entity_id=workshop.id,
        before=before,
        after=_snapshot(workshop),
    )
    session.flush()
    return workshop


def extension_of(*, session: Session, team_id: int, workshop_id: int) -> Extension | None:
    return session.exec(
        select(Extension).where(Extension.team_id == team_id, Extension.workshop_id == workshop_id)
    ).first()


def effective_deadline(workshop: Workshop, extension: Extension | None) -> datetime:
    """The deadline that applies to a team: its extension's, when later than the workshop's."""
    if extension is not None and extension.deadline > workshop.deadline:
        return extension.deadline
    return workshop.deadline


def grant_extension(
    *,
    session: Session,
    actor: User,
    team_id: int,
    workshop_id: int,
    deadline: datetime,
    reason: str,
    now: datetime | None = None,
) -> Extension:
    """Give a team a later deadline for one workshop, with a reason (replacing an earlier
    extension). Audited. Flushes."""
    team, workshop = session.get(Team, team_id), session.get(Workshop, workshop_id)
    if team is None or workshop is None or team.cohort_id != workshop.cohort_id:
        raise RuleViolation([Reason("not_found", "There is no such team or workshop.")])
    reason = (reason or "").strip()
    reasons = []
    if len(reason) < 3:
        reasons.append(Reason("reason_required", "Say why the team gets more time.", "reason"))
    if deadline <= workshop.deadline:
        reasons.append(
            Reason("not_later", "An extension must end after the workshop's deadline.", "deadline_day")
        )
    if reasons:
        raise RuleViolation(reasons)
    extension = extension_of(session=session, team_id=team_id, workshop_id=workshop_id)
    before = {"deadline": extension.deadline.isoformat(), "reason": extension.reason} if extension else None
    extension = extension or Extension(
        team_id=team_id, workshop_id=workshop_id, deadline=deadline, reason=reason
    )
    extension.deadline, extension.reason = deadline, reason[:1000]
    extension.granted_by, extension.granted_at = actor.id, now or utcnow()
    session.add(extension)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=team.cohort_id,
        action="extension_granted",
        entity="extension",
        entity_id=f"{team_id}:{workshop_id}",
        before=before,
        after={"deadline": deadline.isoformat()},
        reason=extension.reason,
    )
    session.flush()
    return extension
