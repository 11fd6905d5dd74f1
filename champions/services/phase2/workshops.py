"""The Phase 2 workshops of a cohort: each a session (start, end, mode, venue, join link) and a
submission window (brief, opening, deadline), judged or not, with a weight; the secretariat
creates, edits, reorders and removes them, and grants single teams deadline extensions."""

import html
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from champions.infra.links import is_web_address
from champions.infra.reasons import Plural, Reason, RuleViolation, Term
from champions.infra.timezones import (
    SEOUL_ZONE,
    format_span,
    local,
    parse_clock,
    parse_day,
    to_utc,
    zone_or_none,
)
from champions.infra.translations import N_
from champions.models import (
    Cohort,
    Criterion,
    Extension,
    JudgingRound,
    LectureMode,
    ReviewAssignment,
    Score,
    SubmissionVersion,
    Team,
    User,
    Workshop,
    WorkshopAttendance,
    WorkshopCheckInAttempt,
)
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.messages.events import extension_granted

MAX_SESSION = timedelta(hours=12)


def _instant(
    day: str, clock: str, zone: str, field: str, label: str, reasons: list[Reason]
) -> datetime | None:
    parsed_day, parsed_clock = parse_day(day), parse_clock(clock)
    if parsed_day is None:
        reasons.append(
            Reason(
                "invalid_date",
                "{label}: enter the date as YYYY-MM-DD.",
                f"{field}_day",
                values={"label": Term(label)},
            )
        )
    if parsed_clock is None:
        reasons.append(
            Reason(
                "invalid_time",
                "{label}: enter the time as HH:MM.",
                f"{field}_time",
                values={"label": Term(label)},
            )
        )
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
    # The session; all left empty: not scheduled yet.
    session_day: str = ""
    session_start: str = ""
    session_end: str = ""
    mode: str = ""
    venue: str = ""
    join_url: str = ""

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
    session_starts_at: datetime | None = None
    session_ends_at: datetime | None = None
    mode: LectureMode = LectureMode.HYBRID
    venue: str = ""
    join_url: str = ""


def _check_session(form: WorkshopForm, reasons: list[Reason]) -> tuple:
    """(start, end, mode, venue, join link) of the session; start and end None when every
    session field is empty (not scheduled yet)."""
    day, start, end = form.session_day.strip(), form.session_start.strip(), form.session_end.strip()
    venue, join_url = form.venue.strip(), form.join_url.strip()
    mode = next((m for m in LectureMode if m.value == form.mode.strip()), None)
    if form.mode.strip() and mode is None:
        reasons.append(Reason("invalid_mode", "Choose online, offline or hybrid.", "mode"))
    if len(venue) > 300:
        reasons.append(Reason("too_long", "Use at most 300 characters.", "venue"))
    if join_url and not is_web_address(join_url):
        reasons.append(
            Reason("invalid_url", "Join link: enter a full web address starting with https://.", "join_url")
        )
    if not (day or start or end):
        return None, None, mode or LectureMode.HYBRID, venue, join_url
    parsed_day = parse_day(day)
    clocks = {"session_start": parse_clock(start), "session_end": parse_clock(end)}
    if parsed_day is None:
        reasons.append(Reason("invalid_date", "Session: enter the date as YYYY-MM-DD.", "session_day"))
    for name, clock in clocks.items():
        if clock is None:
            reasons.append(Reason("invalid_time", "Session: enter the time as HH:MM (24-hour clock).", name))
    if mode is None and not form.mode.strip():
        reasons.append(Reason("required", "Choose online, offline or hybrid.", "mode"))
    if mode in (LectureMode.ONLINE, LectureMode.HYBRID) and not join_url:
        reasons.append(Reason("required", "An online or hybrid session needs its join link.", "join_url"))
    if mode in (LectureMode.OFFLINE, LectureMode.HYBRID) and not venue:
        reasons.append(Reason("required", "An offline or hybrid session needs its venue.", "venue"))
    if parsed_day is None or None in clocks.values() or zone_or_none(form.zone) is None:
        return None, None, mode, venue, join_url
    starts = to_utc(parsed_day, clocks["session_start"], form.zone)
    ends = to_utc(parsed_day, clocks["session_end"], form.zone)
    if ends <= starts:
        reasons.append(Reason("end_before_start", "The session must end after it starts.", "session_end"))
    elif ends - starts > MAX_SESSION:
        reasons.append(Reason("too_long", "A session lasts at most 12 hours.", "session_end"))
    return starts, ends, mode, venue, join_url


def check_workshop(form: WorkshopForm) -> CheckedWorkshop:
    """Parse and check a workshop form. Raises RuleViolation with one reason per bad field
    (`phase2_problems` then checks the dates against the cohort)."""
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
    opens = _instant(form.opens_day, form.opens_time, form.zone, "opens", N_("Opening"), reasons)
    deadline = _instant(form.deadline_day, form.deadline_time, form.zone, "deadline", N_("Deadline"), reasons)
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
    session_starts, session_ends, mode, venue, join_url = _check_session(form, reasons)
    if reasons:
        raise RuleViolation(reasons)
    return CheckedWorkshop(
        title,
        brief,
        opens,
        deadline,
        form.judged == "yes",
        weight,
        session_starts,
        session_ends,
        mode,
        venue,
        join_url,
    )


def phase2_problems(checked: CheckedWorkshop, cohort: Cohort) -> list[Reason]:
    """The dates that fall outside the cohort's Phase 2 (its first to its last day, in Seoul)."""
    first, last = cohort.phase2_start, cohort.phase2_end
    dates = f"{first:%-d %b} – {last:%-d %b %Y}"
    reasons = []
    for instant, field, message in (
        (checked.opens_at, "opens_day", N_("The opening must fall within Phase 2 ({dates}).")),
        (checked.deadline, "deadline_day", N_("The deadline must fall within Phase 2 ({dates}).")),
        (checked.session_starts_at, "session_day", N_("The session must fall within Phase 2 ({dates}).")),
    ):
        if instant is not None and not first <= local(instant, SEOUL_ZONE).date() <= last:
            reasons.append(Reason("outside_phase2", message, field, values={"dates": dates}))
    return reasons


def session_text(workshop: Workshop, zone: str, language: str = "en") -> str:
    """ "Mon 2 May 2022, 14:00–17:00 KST · hybrid · Seoul Global Center", or "" when the
    session is not scheduled."""
    if workshop.session_starts_at is None or workshop.session_ends_at is None:
        return ""
    parts = [
        format_span(workshop.session_starts_at, workshop.session_ends_at, zone, language),
        workshop.mode.value,
    ]
    if workshop.venue:
        parts.append(workshop.venue)
    return " · ".join(parts)


def brief_markdown(text: str) -> str:
    """A brief as Markdown whose raw HTML is shown as text, never rendered."""
    return html.escape(text, quote=False)


def _iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant else None


def _snapshot(workshop: Workshop) -> dict:
    return {
        "position": workshop.position,
        "title": workshop.title,
        "opens_at": workshop.opens_at.isoformat(),
        "deadline": workshop.deadline.isoformat(),
        "judged": workshop.judged,
        "weight": workshop.weight,
        "session_starts_at": _iso(workshop.session_starts_at),
        "session_ends_at": _iso(workshop.session_ends_at),
        "mode": workshop.mode.value,
        "venue": workshop.venue,
        "join_url": workshop.join_url,
    }


def save_workshop(*, session: Session, actor: User, workshop_id: int, checked: CheckedWorkshop) -> Workshop:
    """Update one of the cohort's workshops (its dates within the cohort's Phase 2). Audited
    with before and after. Flushes."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise RuleViolation([Reason("not_found", "There is no such workshop.")])
    problems = phase2_problems(checked, session.get(Cohort, workshop.cohort_id))
    if problems:
        raise RuleViolation(problems)
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


def create_workshop(*, session: Session, actor: User, cohort: Cohort, checked: CheckedWorkshop) -> Workshop:
    """Add a workshop after the cohort's last one (dates within its Phase 2). Audited. Flushes."""
    problems = phase2_problems(checked, cohort)
    if problems:
        raise RuleViolation(problems)
    last = session.exec(select(func.max(Workshop.position)).where(Workshop.cohort_id == cohort.id)).one()
    workshop = Workshop(
        cohort_id=cohort.id,
        position=(last or 0) + 1,
        **{name: getattr(checked, name) for name in CheckedWorkshop.__dataclass_fields__},
    )
    session.add(workshop)
    session.flush()
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="workshop_created",
        entity="workshop",
        entity_id=workshop.id,
        after=_snapshot(workshop),
    )
    session.flush()
    return workshop


def _cohort_workshops(session: Session, cohort_id: int) -> list[Workshop]:
    return list(
        session.exec(select(Workshop).where(Workshop.cohort_id == cohort_id).order_by(Workshop.position))
    )


def _renumber(session: Session, ordered: list[Workshop]) -> None:
    """Give the workshops the positions 1, 2, 3… in this order. Every position first moves out
    of the way (negative), so the unique (cohort, position) never sees two at once."""
    for workshop in ordered:
        workshop.position = -workshop.position - 1000
        session.add(workshop)
    session.flush()
    for number, workshop in enumerate(ordered, start=1):
        workshop.position = number
        session.add(workshop)
    session.flush()


def move_workshop(*, session: Session, actor: User, workshop_id: int, step: int) -> Workshop:
    """Move a workshop one place earlier (step -1) or later (+1); the last one is the final
    workshop (its deadline closes the recommendations). Audited. Flushes."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or step not in (-1, 1):
        raise RuleViolation([Reason("not_found", "There is no such workshop.")])
    ordered = _cohort_workshops(session, workshop.cohort_id)
    index = ordered.index(workshop)
    other = index + step
    if not 0 <= other < len(ordered):
        message = (
            N_("'{title}' is already the first workshop.")
            if step < 0
            else N_("'{title}' is already the last workshop.")
        )
        raise RuleViolation([Reason("at_edge", message, values={"title": workshop.title})])
    before = workshop.position
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(session, ordered)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=workshop.cohort_id,
        action="workshop_moved",
        entity="workshop",
        entity_id=workshop.id,
        before={"position": before},
        after={"position": workshop.position},
    )
    session.flush()
    return workshop


def removal_refusal(*, session: Session, workshop: Workshop) -> Reason | None:
    """Why the workshop cannot be removed (None: it can): teams submitted for it or mentors
    scored it."""
    versions = session.exec(
        select(func.count(SubmissionVersion.id)).where(SubmissionVersion.workshop_id == workshop.id)
    ).one()
    if versions:
        return Reason(
            "has_submissions",
            "'{title}' has {versions}; it cannot be removed.",
            values={
                "title": workshop.title,
                "versions": Plural("{count} submitted version", "{count} submitted versions", versions),
            },
        )
    scores = session.exec(select(func.count(Score.id)).where(Score.workshop_id == workshop.id)).one()
    if scores:
        return Reason(
            "has_scores",
            "Mentors have scored '{title}' ({scores}); it cannot be removed.",
            values={"title": workshop.title, "scores": Plural("{count} score", "{count} scores", scores)},
        )
    return None


def remove_workshop(*, session: Session, actor: User, workshop_id: int) -> str:
    """Remove a workshop that has no submissions and no scores, with its rubric, round,
    review assignments, extensions and session attendance; the later ones move up a place.
    Audited. Flushes. Answers with its title."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise RuleViolation([Reason("not_found", "There is no such workshop.")])
    refusal = removal_refusal(session=session, workshop=workshop)
    if refusal is not None:
        raise RuleViolation([refusal])
    before = _snapshot(workshop)
    for table in (
        Criterion,
        JudgingRound,
        ReviewAssignment,
        Extension,
        WorkshopAttendance,
        WorkshopCheckInAttempt,
    ):
        session.execute(delete(table).where(table.workshop_id == workshop.id))
    cohort_id, title = workshop.cohort_id, workshop.title
    session.delete(workshop)
    session.flush()
    _renumber(session, _cohort_workshops(session, cohort_id))
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort_id,
        action="workshop_removed",
        entity="workshop",
        entity_id=workshop_id,
        before=before,
    )
    session.flush()
    return title


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
    extension_granted(
        session=session,
        team=team,
        workshop=workshop,
        deadline=deadline,
        reason=extension.reason,
        now=extension.granted_at,
    )
    return extension
