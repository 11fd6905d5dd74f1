"""Rubrics: the criteria a judged workshop is scored on, and the judging round's state.
The secretariat edits a rubric until the round opens; then it is fixed, so every mentor
scores on the same criteria."""

import math
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation, Term
from champions.infra.translations import N_
from champions.models import Cohort, Criterion, JudgingRound, RoundState, User, Workshop
from champions.services.audit import record_audit
from champions.services.messages.events import feedback_published
from champions.services.registration.cohorts import archived_refusal

DEFAULT_CRITERIA = [
    (
        "Problem understanding",
        "How well does the team understand who is affected, and why the problem persists in their city?",
    ),
    ("Innovation", "Is the idea new for this city, or a known idea applied in a fresh way?"),
    ("Feasibility", "Could the team pilot this within a year with realistic partners and budget?"),
    (
        "Safety & inclusion",
        "Does the solution make the city safer and work for women, older people, "
        "people with disabilities and newcomers?",
    ),
    (
        "Impact on SDG 11",
        "How much would it move the city towards SDG 11 (inclusive, safe, resilient and sustainable cities)?",
    ),
]
MAX_CRITERIA = 12


@dataclass(frozen=True)
class CriterionForm:
    """One criterion as typed by the secretariat (all text)."""

    name: str = ""
    guidance: str = ""
    weight: str = "1"
    scale_min: str = "1"
    scale_max: str = "10"


@dataclass(frozen=True)
class CheckedCriterion:
    name: str
    guidance: str
    weight: float
    scale_min: int
    scale_max: int


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except (ValueError, AttributeError):
        return None
    return value if math.isfinite(value) else None


def _whole(text: str) -> int | None:
    value = _number(text)
    return int(value) if value is not None and value == int(value) and abs(value) <= 1000 else None


def check_rubric(forms: list[CriterionForm]) -> tuple[list[CheckedCriterion], list[Reason]]:
    """Every criterion needs a distinct name, a positive weight and a whole-number scale with
    min < max. Reasons carry the field `<index>.<name>` (e.g. "2.weight")."""
    reasons: list[Reason] = []
    checked: list[CheckedCriterion] = []
    if not forms:
        reasons.append(Reason("empty", "A rubric needs at least one criterion."))
    if len(forms) > MAX_CRITERIA:
        reasons.append(
            Reason("too_many", "A rubric has at most {max} criteria.", values={"max": MAX_CRITERIA})
        )
    seen: set[str] = set()
    for index, form in enumerate(forms):
        name, guidance = form.name.strip(), form.guidance.strip()
        weight, low, high = _number(form.weight), _whole(form.scale_min), _whole(form.scale_max)
        before = len(reasons)
        if not name:
            reasons.append(Reason("required", "Name the criterion.", f"{index}.name"))
        elif len(name) > 80:
            reasons.append(Reason("too_long", "Use at most 80 characters.", f"{index}.name"))
        elif name.casefold() in seen:
            reasons.append(Reason("duplicate", "Two criteria cannot have the same name.", f"{index}.name"))
        seen.add(name.casefold())
        if len(guidance) > 1000:
            reasons.append(Reason("too_long", "Keep the guidance to 1000 characters.", f"{index}.guidance"))
        if weight is None or weight <= 0 or weight > 1000:
            reasons.append(Reason("weight", "Enter a positive weight, such as 1 or 2.5.", f"{index}.weight"))
        if low is None:
            reasons.append(Reason("scale", "Enter a whole number.", f"{index}.scale_min"))
        if high is None:
            reasons.append(Reason("scale", "Enter a whole number.", f"{index}.scale_max"))
        elif low is not None and high <= low:
            reasons.append(Reason("scale", "The maximum must be above the minimum.", f"{index}.scale_max"))
        if len(reasons) == before:
            checked.append(CheckedCriterion(name, guidance, weight, low, high))
    return checked, reasons


def weight_shares(weights: list[float]) -> list[float]:
    """Each weight as a share (0..1) of their sum."""
    total = math.fsum(weights)
    return [w / total if total > 0 else 0.0 for w in weights]


def judged_workshops(*, session: Session, cohort_id: int) -> list[Workshop]:
    return list(
        session.exec(
            select(Workshop)
            .where(Workshop.cohort_id == cohort_id, Workshop.judged)
            .order_by(Workshop.position)
        )
    )


def round_of(*, session: Session, workshop_id: int) -> JudgingRound:
    """The workshop's judging round, created (in setup) when it does not exist yet. Flushes."""
    found = session.exec(select(JudgingRound).where(JudgingRound.workshop_id == workshop_id)).first()
    if found is None:
        found = JudgingRound(workshop_id=workshop_id)
        session.add(found)
        session.flush()
    return found


def criteria_of(*, session: Session, workshop_id: int) -> list[Criterion]:
    """The workshop's rubric; a judged workshop without one gets the default five criteria
    (equal weights, 1-10). Flushes when it creates them."""
    found = list(
        session.exec(
            select(Criterion).where(Criterion.workshop_id == workshop_id).order_by(Criterion.position)
        )
    )
    if found:
        return found
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or not workshop.judged:
        return []
    found = [
        Criterion(workshop_id=workshop_id, position=i + 1, name=name, guidance=guidance)
        for i, (name, guidance) in enumerate(DEFAULT_CRITERIA)
    ]
    session.add_all(found)
    session.flush()
    return found


def rubric_refusal(*, session: Session, workshop: Workshop | None) -> Reason | None:
    if workshop is None or not workshop.judged:
        return Reason("not_judged", "This workshop is not judged.")
    archived = archived_refusal(session.get(Cohort, workshop.cohort_id))
    if archived is not None:
        return archived
    if round_of(session=session, workshop_id=workshop.id).state != RoundState.SETUP:
        return Reason("round_open", "Judging has opened, so the rubric can no longer change.")
    return None


def save_rubric(
    *, session: Session, actor: User, workshop_id: int, forms: list[CriterionForm]
) -> list[Criterion]:
    """Replace the workshop's rubric while its round is in setup. Audited (before/after).
    Raises RuleViolation (nothing changed) on a bad criterion or after judging opened."""
    workshop = session.get(Workshop, workshop_id)
    refusal = rubric_refusal(session=session, workshop=workshop)
    if refusal:
        raise RuleViolation([refusal])
    checked, reasons = check_rubric(forms)
    if reasons:
        raise RuleViolation(reasons)
    old = criteria_of(session=session, workshop_id=workshop_id)
    before = [_describe(c) for c in old]
    for criterion in old:
        session.delete(criterion)
    session.flush()
    new = [
        Criterion(
            workshop_id=workshop_id,
            position=i + 1,
            name=c.name,
            guidance=c.guidance,
            weight=c.weight,
            scale_min=c.scale_min,
            scale_max=c.scale_max,
        )
        for i, c in enumerate(checked)
    ]
    session.add_all(new)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=workshop.cohort_id,
        action="rubric_saved",
        entity="workshop",
        entity_id=workshop_id,
        before={"criteria": before},
        after={"criteria": [_describe(c) for c in new]},
    )
    session.flush()
    return new


def _describe(criterion: Criterion) -> dict:
    return {
        "name": criterion.name,
        "weight": criterion.weight,
        "scale": f"{criterion.scale_min}-{criterion.scale_max}",
    }


# --- the round's life -----------------------------------------------------------------------

_STATE_WORDS = {
    RoundState.SETUP: N_("being prepared"),
    RoundState.OPEN: N_("open"),
    RoundState.CLOSED: N_("closed"),
    RoundState.PUBLISHED: N_("published"),
}
_CANNOT_MOVE = {
    "open": N_("Judging of this workshop is {state}, so it cannot open now."),
    "close": N_("Judging of this workshop is {state}, so it cannot close now."),
    "publish": N_("Judging of this workshop is {state}, so it cannot publish now."),
}
_MOVES = {
    "open": ({RoundState.SETUP, RoundState.CLOSED}, RoundState.OPEN),
    "close": ({RoundState.OPEN}, RoundState.CLOSED),
    "publish": ({RoundState.CLOSED}, RoundState.PUBLISHED),
}


def move_round(
    *, session: Session, actor: User, workshop_id: int, move: str, now: datetime, reason: str = ""
) -> JudgingRound:
    """open (from setup, or reopen a closed round — needs a reason), close (locks every score),
    publish (teams read their scores and comments). Audited. Raises RuleViolation."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or not workshop.judged or move not in _MOVES:
        raise RuleViolation([Reason("not_judged", "This workshop is not judged.")])
    judging = round_of(session=session, workshop_id=workshop_id)
    allowed, target = _MOVES[move]
    if judging.state not in allowed:
        raise RuleViolation(
            [Reason("wrong_state", _CANNOT_MOVE[move], values={"state": Term(_STATE_WORDS[judging.state])})]
        )
    if move == "open" and now < workshop.deadline:
        raise RuleViolation([Reason("before_deadline", "Judging opens after the workshop's deadline.")])
    reopening = move == "open" and judging.state == RoundState.CLOSED
    if reopening and not reason.strip():
        raise RuleViolation([Reason("reason_required", "Say why the round is reopened.", "reason")])
    before = judging.state.value
    judging.state = target
    if move == "open":
        criteria_of(session=session, workshop_id=workshop_id)  # the rubric is fixed from here on
        judging.opened_at = judging.opened_at or now
    elif move == "close":
        judging.closed_at = now
    else:
        judging.published_at = now
    session.add(judging)
    if move == "publish":
        feedback_published(session=session, workshop=workshop, now=now)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=workshop.cohort_id,
        action=f"judging_{move}",
        entity="workshop",
        entity_id=workshop_id,
        before={"state": before},
        after={"state": target.value},
        reason=reason.strip(),
    )
    session.flush()
    return judging


def rounds_of(*, session: Session, cohort_id: int) -> dict[int, JudgingRound]:
    """workshop id → round, for the cohort's workshops that have one."""
    return {
        r.workshop_id: r
        for r in session.exec(
            select(JudgingRound)
            .join(Workshop, Workshop.id == JudgingRound.workshop_id)
            .where(Workshop.cohort_id == cohort_id)
        )
    }
