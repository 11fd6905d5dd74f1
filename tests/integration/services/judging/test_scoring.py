"""Scoring against a real database: drafts, submission, edits, the lock, and who may score."""

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import ReviewAssignment, Score
from champions.services.judging.rubrics import criteria_of, move_round
from champions.services.judging.scoring import ScoreForm, review_view, save_score
from champions.services.teams.teams import assign_coach

from .conftest import AFTER, assigned_mentor, full, reason_of


def test_scoring_rules_drafts_submission_edits_and_lock(session, open_round, secretariat):
    team, w = open_round["teams"][0], open_round["workshops"][0]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    stranger = assigned_mentor(session, team, w, open_round["mentors"], assigned=False)
    criteria = criteria_of(session=session, workshop_id=w.id)
    # Unassigned: refused, nothing stored.
    with pytest.raises(RuleViolation) as error:
        save_score(
            session=session,
            mentor=stranger,
            team_id=team.id,
            workshop_id=w.id,
            form=full(criteria),
            submit=True,
            now=AFTER,
        )
    assert reason_of(error) == "This submission is not assigned to you."
    with pytest.raises(RuleViolation):
        review_view(session=session, mentor=stranger, team_id=team.id, workshop_id=w.id)
    # A draft may be incomplete, but values must be within scale.
    draft = ScoreForm({str(criteria[0].id): "8"}, "Promising", "")
    save_score(
        session=session, mentor=mentor, team_id=team.id, workshop_id=w.id, form=draft, submit=False, now=AFTER
    )
    with pytest.raises(RuleViolation) as error:
        save_score(
            session=session,
            mentor=mentor,
            team_id=team.id,
            workshop_id=w.id,
            form=ScoreForm({str(criteria[0].id): "11"}),
            submit=False,
            now=AFTER,
        )
    assert error.value.by_field() == {f"criterion_{criteria[0].id}": "Enter a whole number from 1 to 10."}
    with pytest.raises(RuleViolation) as error:
        save_score(
            session=session,
            mentor=mentor,
            team_id=team.id,
            workshop_id=w.id,
            form=draft,
            submit=True,
            now=AFTER,
        )
    assert set(error.value.by_field()) == {f"criterion_{c.id}" for c in criteria[1:]}
    score = session.exec(select(Score)).one()
    assert (score.submitted, score.comment) == (False, "Promising")
    # Submitted, then edited while open.
    save_score(
        session=session,
        mentor=mentor,
        team_id=team.id,
        workshop_id=w.id,
        form=full(criteria, 6),
        submit=True,
        now=AFTER,
    )
    save_score(
        session=session,
        mentor=mentor,
        team_id=team.id,
        workshop_id=w.id,
        form=full(criteria, 9),
        submit=False,
        now=AFTER,
    )  # a submitted score stays submitted
    view = review_view(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id)
    assert view.status == "submitted" and set(view.values.values()) == {9}
    # Blind by default: no team name, city or original file names for the mentor.
    code = session.exec(
        select(ReviewAssignment.code).where(
            ReviewAssignment.mentor_id == mentor.id,
            ReviewAssignment.team_id == team.id,
            ReviewAssignment.workshop_id == w.id,
        )
    ).one()
    assert view.label == f"Submission 2-{code}" and view.city == "" and "Team 0" not in view.label
    move_round(session=session, actor=secretariat, workshop_id=w.id, move="close", now=AFTER)
    with pytest.raises(RuleViolation) as error:
        save_score(
            session=session,
            mentor=mentor,
            team_id=team.id,
            workshop_id=w.id,
            form=full(criteria, 1),
            submit=True,
            now=AFTER,
        )
    assert reason_of(error) == "Judging of this workshop is closed; scores are locked."


def test_a_coach_assigned_later_cannot_score(session, open_round, secretariat):
    team, w = open_round["teams"][3], open_round["workshops"][1]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    assign_coach(session=session, actor=secretariat, team_id=team.id, mentor_id=mentor.id)
    with pytest.raises(RuleViolation) as error:
        save_score(
            session=session,
            mentor=mentor,
            team_id=team.id,
            workshop_id=w.id,
            form=full(criteria_of(session=session, workshop_id=w.id)),
            submit=True,
            now=AFTER,
        )
    assert reason_of(error) == "You have a conflict of interest with this team, so you cannot score it."
