"""The Phase 1 schedule against a migrated database: lectures created, edited and cancelled."""

import json

import pytest
from sqlmodel import select

from champions.demo.seed import current_edition
from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, Lecture
from champions.services.phase1.lectures import cancel_lecture, save_lecture

from .conftest import checked


def test_creating_editing_and_cancelling_a_lecture_is_audited(session, cohort, secretariat, lectures):
    actions = [e.action for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "lecture"))]
    assert actions == ["lecture_created"] * 6
    save_lecture(
        session=session,
        actor=secretariat,
        cohort=cohort,
        lecture_id=lectures[0].id,
        checked=checked(0, recording_url="https://video.example.org/new"),
    )
    cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[1].id, reason="Speaker ill")
    session.commit()
    entries = list(
        session.exec(select(AuditEntry).where(AuditEntry.entity == "lecture").order_by(AuditEntry.id))
    )
    update, cancel = entries[-2], entries[-1]
    assert (
        update.action,
        json.loads(update.before)["recording_url"],
        json.loads(update.after)["recording_url"],
    ) == ("lecture_updated", "https://video.example.org/r", "https://video.example.org/new")
    assert (cancel.action, cancel.reason, json.loads(cancel.after)["cancelled"]) == (
        "lecture_cancelled",
        "Speaker ill",
        True,
    )
    with pytest.raises(RuleViolation, match="already cancelled"):
        cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[1].id, reason="Again")
    with pytest.raises(RuleViolation, match="cannot be edited"):
        save_lecture(
            session=session, actor=secretariat, cohort=cohort, lecture_id=lectures[1].id, checked=checked(1)
        )


def test_cancelling_needs_a_reason_and_changes_nothing_without_one(session, secretariat, lectures):
    with pytest.raises(RuleViolation) as caught:
        cancel_lecture(session=session, actor=secretariat, lecture_id=lectures[0].id, reason="  ")
    assert caught.value.by_field() == {"reason": "Say why the lecture is cancelled."}
    session.rollback()
    assert session.get(Lecture, lectures[0].id).cancelled_at is None


def test_a_lecture_of_another_cohort_cannot_be_edited_through_this_one(
    session, cohort, secretariat, lectures
):
    other = current_edition(cohort.registration_opens)
    other.name = "other"
    session.add(other)
    session.flush()
    with pytest.raises(RuleViolation, match="no such lecture in this cohort"):
        save_lecture(
            session=session, actor=secretariat, cohort=other, lecture_id=lectures[0].id, checked=checked(0)
        )
