"""The secretariat's own templates: per edition and language a kind's subject and body may be
rewritten; without a rewrite the kind's default (KINDS) in that language is used (the
catalogue's translation of the default wording).
A rewrite is checked before it is saved (only the kind's own placeholders, and those the
message needs), every change is audited, and "reset to default" removes the rewrite."""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import SOURCE_LANGUAGE, is_language
from champions.models import Cohort, MessageTemplate, User
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.messages.templates import (
    EDITABLE,
    KINDS,
    REQUIRED,
    Kind,
    localized,
    unknown_placeholders,
)

LANGUAGE = SOURCE_LANGUAGE  # the language of a template when none is named
MAX_SUBJECT, MAX_BODY = 200, 5000


def _language(language: str) -> str:
    return language if is_language(language) else LANGUAGE


def _rows(session: Session, cohort_id: int | None, language: str = LANGUAGE) -> list[MessageTemplate]:
    if cohort_id is None:
        return []
    return list(
        session.exec(
            select(MessageTemplate).where(
                MessageTemplate.cohort_id == cohort_id, MessageTemplate.language == _language(language)
            )
        )
    )


def kind_for(session: Session, cohort_id: int | None, name: str, language: str = LANGUAGE) -> Kind:
    """The kind as this edition words it in the language: its rewrite in that language when
    there is one, else the default translated into the language."""
    language = _language(language)
    spec = localized(KINDS[name], language)
    if cohort_id is None or name not in EDITABLE:
        return spec
    row = _row(session, cohort_id, name, language)
    return replace(spec, subject=row.subject, body=row.body) if row else spec


def custom_kinds(session: Session) -> dict[tuple[int, str, str], Kind]:
    """Every edition's rewritten kinds, by (edition id, kind name, language): one query, for a
    pass."""
    return {
        (row.cohort_id, row.kind, row.language): replace(
            localized(KINDS[row.kind], row.language), subject=row.subject, body=row.body
        )
        for row in session.exec(select(MessageTemplate))
        if row.kind in KINDS and row.kind in EDITABLE and is_language(row.language)
    }


def _braced(names) -> str:
    return ", ".join("{" + name + "}" for name in names)


def check_template(name: str, subject: str, body: str) -> list[Reason]:
    """Why this subject and body cannot be saved for the kind (nothing: they can)."""
    if name not in EDITABLE:
        return [Reason("kind", "Choose a kind of message.", "kind")]
    kind = KINDS[name]
    subject, body = subject or "", body or ""
    reasons = []
    if not subject.strip() or len(subject) > MAX_SUBJECT or "\n" in subject or "\r" in subject:
        reasons.append(
            Reason(
                "subject",
                "Write a subject of one line, up to {max} characters.",
                "subject",
                values={"max": MAX_SUBJECT},
            )
        )
    if not body.strip() or len(body) > MAX_BODY:
        reasons.append(
            Reason("body", "Write the message, up to {max} characters.", "body", values={"max": MAX_BODY})
        )
    for field_name, text in (("subject", subject), ("body", body)):
        unknown = unknown_placeholders(text, kind)
        if unknown:
            reasons.append(
                Reason(
                    "placeholder",
                    "Unknown placeholder {unknown}: this message can use {known}.",
                    field_name,
                    values={"unknown": _braced(unknown), "known": _braced(kind.placeholders)},
                )
            )
    missing = [p for p in REQUIRED.get(name, ()) if "{" + p + "}" not in subject + body]
    if missing:
        reasons.append(
            Reason(
                "required",
                "Keep {missing} in the message: without it the message cannot do its job.",
                "body",
                values={"missing": _braced(missing)},
            )
        )
    return reasons


@dataclass(frozen=True)
class TemplateLine:
    """One kind as the secretariat edits it, every value as text."""

    kind: str
    label: str
    subject: str  # the edition's wording (its rewrite, else the default)
    body: str
    custom: bool  # rewritten for this edition
    placeholders: str  # "{name}, {edition}, …"


def template_lines(*, session: Session, cohort: Cohort, language: str = LANGUAGE) -> list[TemplateLine]:
    """Every editable kind with the edition's wording in the language (the label stays the
    English msgid: the page shows it in the reader's language). Reads only."""
    rows = {row.kind: row for row in _rows(session, cohort.id, language)}
    lines = []
    for name in EDITABLE:
        kind, row = localized(KINDS[name], _language(language)), rows.get(name)
        lines.append(
            TemplateLine(
                name,
                KINDS[name].label,
                row.subject if row else kind.subject,
                row.body if row else kind.body,
                row is not None,
                _braced(kind.placeholders),
            )
        )
    return lines


def _row(session: Session, cohort_id: int, name: str, language: str = LANGUAGE) -> MessageTemplate | None:
    return session.exec(
        select(MessageTemplate).where(
            MessageTemplate.cohort_id == cohort_id,
            MessageTemplate.kind == name,
            MessageTemplate.language == _language(language),
        )
    ).first()


def _refuse_language(language: str) -> None:
    if not is_language(language):
        raise RuleViolation([Reason("language", "Choose a language.", "language")])


def _refuse_archived(cohort: Cohort) -> None:
    if cohort.is_archived:
        raise RuleViolation([Reason("archived", "This edition is archived: it is read-only.", "kind")])


def save_template(
    *,
    session: Session,
    actor: User,
    cohort: Cohort,
    kind: str,
    subject: str,
    body: str,
    language: str = LANGUAGE,
    now: datetime | None = None,
) -> TemplateLine:
    """Save the edition's wording of a kind in a language (what recipients reading that
    language get from now on), audited with the wording before and after. Raises
    RuleViolation (the checks of `check_template`, an unknown language, an archived edition):
    nothing is saved then. Flushes."""
    reasons = check_template(kind, subject, body)
    if reasons:
        raise RuleViolation(reasons)
    _refuse_language(language)
    _refuse_archived(cohort)
    subject, body = subject.strip(), body.strip() + "\n"
    row = _row(session, cohort.id, kind, language)
    default = KINDS[kind]
    before = {"subject": row.subject, "body": row.body} if row else {"default": True}
    if row is None:
        row = MessageTemplate(cohort_id=cohort.id, kind=kind, language=language, subject="", body="")
    if (row.subject, row.body) != (subject, body):
        row.subject, row.body, row.updated_at, row.updated_by = subject, body, now or utcnow(), actor.id
        session.add(row)
        session.flush()
        record_audit(
            session=session,
            actor_id=actor.id,
            cohort_id=cohort.id,
            action="message_template_saved",
            entity="message_template",
            entity_id=f"{kind}:{language}",
            before=before,
            after={"subject": subject, "body": body},
        )
        session.flush()
    return TemplateLine(kind, default.label, subject, body, True, _braced(default.placeholders))


def reset_template(
    *, session: Session, actor: User, cohort: Cohort, kind: str, language: str = LANGUAGE
) -> TemplateLine:
    """Send the kind's default wording in the language again in this edition (that language's
    rewrite is removed), audited with the wording removed. Raises RuleViolation for an unknown
    kind or language, or an archived edition. Flushes."""
    if kind not in EDITABLE:
        raise RuleViolation([Reason("kind", "Choose a kind of message.", "kind")])
    _refuse_language(language)
    _refuse_archived(cohort)
    row = _row(session, cohort.id, kind, language)
    if row is not None:
        record_audit(
            session=session,
            actor_id=actor.id,
            cohort_id=cohort.id,
            action="message_template_reset",
            entity="message_template",
            entity_id=f"{kind}:{language}",
            before={"subject": row.subject, "body": row.body},
            after={"default": True},
        )
        session.delete(row)
        session.flush()
    default = localized(KINDS[kind], language)
    return TemplateLine(
        kind, KINDS[kind].label, default.subject, default.body, False, _braced(default.placeholders)
    )
