"""The /secretariat/messages page's calls by edition name: the templates (list, preview, save,
reset) and hold for review (the mode, the held messages, approve, discard). Each finds the
edition and the acting account, then calls the service that does the work."""

from dataclasses import dataclass, field

from sqlmodel import Session

from champions.infra.reasons import Reason, RuleViolation
from champions.models import Cohort, User
from champions.services.messages.custom import TemplateLine, reset_template, save_template, template_lines
from champions.services.messages.preview import TemplatePreview, preview_template
from champions.services.messages.review import (
    HeldLine,
    approve_held,
    discard_held,
    held_lines,
    holding,
    set_holding,
)


def _cohort(session: Session, name: str, field_name: str = "") -> Cohort:
    from champions.services.registration.cohorts import get_cohort

    cohort = get_cohort(session=session, name=name) if name else None
    if cohort is None:
        raise RuleViolation([Reason("cohort", "Choose an edition.", field_name)])
    return cohort


def templates_in(*, session: Session, cohort_name: str, language: str = "en") -> list[TemplateLine]:
    """The edition's wording of every editable kind in the language (none without an edition).
    Reads only."""
    try:
        return template_lines(session=session, cohort=_cohort(session, cohort_name), language=language)
    except RuleViolation:
        return []


def preview_template_in(
    *, session: Session, cohort_name: str, kind: str, subject: str, body: str, language: str = "en"
) -> TemplatePreview:
    cohort = _cohort(session, cohort_name, "kind")
    return preview_template(
        session=session, cohort=cohort, kind=kind, subject=subject, body=body, language=language
    )


def save_template_in(
    *,
    session: Session,
    actor_id: int,
    cohort_name: str,
    kind: str,
    subject: str,
    body: str,
    language: str = "en",
) -> TemplateLine:
    cohort = _cohort(session, cohort_name, "kind")
    actor = session.get(User, actor_id)
    return save_template(
        session=session, actor=actor, cohort=cohort, kind=kind, subject=subject, body=body, language=language
    )


def reset_template_in(
    *, session: Session, actor_id: int, cohort_name: str, kind: str, language: str = "en"
) -> TemplateLine:
    cohort = _cohort(session, cohort_name, "kind")
    actor = session.get(User, actor_id)
    return reset_template(session=session, actor=actor, cohort=cohort, kind=kind, language=language)


@dataclass(frozen=True)
class ReviewPage:
    holding: bool = False
    held: list[HeldLine] = field(default_factory=list)


def review_in(*, session: Session, cohort_name: str, language: str = "en") -> ReviewPage:
    """Whether the edition holds its reminders, and what is held. Reads only."""
    try:
        cohort = _cohort(session, cohort_name)
    except RuleViolation:
        return ReviewPage()
    return ReviewPage(
        holding(session, cohort.id), held_lines(session=session, cohort=cohort, language=language)
    )


def set_holding_in(*, session: Session, actor_id: int, cohort_name: str, on: bool) -> bool:
    cohort = _cohort(session, cohort_name, "hold")
    return set_holding(session=session, actor=session.get(User, actor_id), cohort=cohort, on=on)


def approve_in(
    *, session: Session, actor_id: int, cohort_name: str, ids: list[int] | None
) -> tuple[int, int]:
    cohort = _cohort(session, cohort_name)
    return approve_held(session=session, actor=session.get(User, actor_id), cohort=cohort, ids=ids)


def discard_in(
    *, session: Session, actor_id: int, cohort_name: str, notification_id: int, reason: str
) -> None:
    cohort = _cohort(session, cohort_name, "reason")
    discard_held(
        session=session,
        actor=session.get(User, actor_id),
        cohort=cohort,
        notification_id=notification_id,
        reason=reason,
    )
