"""Rubrics and judging rounds against a real database: the rubric edits until judging opens,
and the rules of each round move."""

from datetime import timedelta

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, RoundState
from champions.services.judging.rubrics import (
    DEFAULT_CRITERIA,
    CriterionForm,
    criteria_of,
    move_round,
    save_rubric,
)

from .conftest import AFTER, DEADLINE, reason_of


def test_default_rubric_edits_until_judging_opens(session, judged, secretariat):
    w = judged["workshops"][0]
    criteria = criteria_of(session=session, workshop_id=w.id)
    assert [(c.name, c.weight, c.scale_min, c.scale_max) for c in criteria] == [
        (name, 1.0, 1, 10) for name, _ in DEFAULT_CRITERIA
    ]
    with pytest.raises(RuleViolation) as error:
        save_rubric(
            session=session,
            actor=secretariat,
            workshop_id=w.id,
            forms=[CriterionForm("Impact", "", "0", "1", "10"), CriterionForm("impact", "", "1", "5", "5")],
        )
    assert error.value.by_field() == {
        "0.weight": "Enter a positive weight, such as 1 or 2.5.",
        "1.name": "Two criteria cannot have the same name.",
        "1.scale_max": "The maximum must be above the minimum.",
    }
    assert len(criteria_of(session=session, workshop_id=w.id)) == 5  # nothing changed
    saved = save_rubric(
        session=session,
        actor=secretariat,
        workshop_id=w.id,
        forms=[
            CriterionForm("Impact", "Who benefits?", "3", "0", "4"),
            CriterionForm("Craft", "", "1", "1", "10"),
        ],
    )
    assert [(c.name, c.weight, c.scale_min, c.scale_max) for c in saved] == [
        ("Impact", 3.0, 0, 4),
        ("Craft", 1.0, 1, 10),
    ]
    move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER)
    with pytest.raises(RuleViolation) as error:
        save_rubric(session=session, actor=secretariat, workshop_id=w.id, forms=[CriterionForm("X")])
    assert reason_of(error) == "Judging has opened, so the rubric can no longer change."


def test_round_moves_and_their_rules(session, judged, secretariat):
    w = judged["workshops"][0]
    with pytest.raises(RuleViolation) as error:
        move_round(
            session=session,
            actor=secretariat,
            workshop_id=w.id,
            move="open",
            now=DEADLINE - timedelta(hours=1),
        )
    assert reason_of(error) == "Judging opens after the workshop's deadline."
    with pytest.raises(RuleViolation) as error:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="publish", now=AFTER)
    assert reason_of(error) == "Judging of this workshop is being prepared, so it cannot publish now."
    assert (
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER).state
        == RoundState.OPEN
    )
    assert (
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="close", now=AFTER).state
        == RoundState.CLOSED
    )
    with pytest.raises(RuleViolation) as error:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER, reason=" ")
    assert reason_of(error) == "Say why the round is reopened."
    move_round(
        session=session,
        actor=secretariat,
        workshop_id=w.id,
        move="open",
        now=AFTER,
        reason="A mentor was ill.",
    )
    audit = session.exec(
        select(AuditEntry.action, AuditEntry.reason)
        .where(AuditEntry.entity == "workshop")
        .order_by(AuditEntry.id)
    ).all()
    assert [a for a in audit if a[0].startswith("judging_")] == [
        ("judging_open", ""),
        ("judging_close", ""),
        ("judging_open", "A mentor was ill."),
    ]
