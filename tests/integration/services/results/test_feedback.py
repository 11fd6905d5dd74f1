"""What a team reads once a round is published (two judged workshops, four teams, three
mentors per submission): nothing before publication, then its score, each criterion's average
and the mentors' comments — never private notes, drafts, who scored, or another team's scores."""

import pytest
from sqlmodel import select

from champions.models import ReviewAssignment, User
from champions.services.judging.rubrics import DEFAULT_CRITERIA, criteria_of, move_round
from champions.services.judging.scoring import ScoreForm, save_score
from champions.services.results.feedback import CriterionFeedback, WorkshopFeedback, team_feedback

from .conftest import AFTER

NAMES = [name for name, _ in DEFAULT_CRITERIA]


def assigned(session, team, workshop) -> list[User]:
    """The team's mentors for the workshop, in the order they were assigned."""
    return list(
        session.exec(
            select(User)
            .join(ReviewAssignment, ReviewAssignment.mentor_id == User.id)
            .where(ReviewAssignment.team_id == team.id, ReviewAssignment.workshop_id == workshop.id)
            .order_by(ReviewAssignment.id)
        )
    )


def score(session, mentor, team, workshop, values, comment, note, submit=True):
    criteria = criteria_of(session=session, workshop_id=workshop.id)
    save_score(
        session=session,
        mentor=mentor,
        team_id=team.id,
        workshop_id=workshop.id,
        form=ScoreForm({str(c.id): str(v) for c, v in zip(criteria, values)}, comment, note),
        submit=submit,
        now=AFTER,
    )


def publish(session, secretariat, workshop):
    for move in ("close", "publish"):
        move_round(session=session, actor=secretariat, workshop_id=workshop.id, move=move, now=AFTER)
    session.commit()


@pytest.fixture
def scored(session, open_round):
    """Every submission scored. Team 0: its k-th mentor (k = 0, 1, 2) gives criterion i the value
    3 + k + i, so each criterion averages 4 + i and the submission scores 5/9 of 100 (values 1–10).
    Every other team: 9 everywhere. Each score has a comment and a private note."""
    teams = open_round["teams"]
    for w in open_round["workshops"]:
        for t in teams:
            for k, mentor in enumerate(assigned(session, t, w)):
                values = [3 + k + i for i in range(5)] if t is teams[0] else [9] * 5
                comment = f"{t.name} {w.title}: comment {k}"
                note = f"Private note of {mentor.full_name} on {t.name}"
                score(session, mentor, t, w, values, comment, note)
    session.commit()
    return open_round


def test_nothing_before_publication(session, scored):
    teams = scored["teams"]
    assert [team_feedback(session=session, team_id=t.id) for t in teams] == [[]] * 4


def test_nothing_after_closing_only(session, scored, secretariat):
    w2 = scored["workshops"][0]
    move_round(session=session, actor=secretariat, workshop_id=w2.id, move="close", now=AFTER)
    session.commit()
    assert team_feedback(session=session, team_id=scored["teams"][0].id) == []


def test_a_published_round_gives_the_score_each_criterion_average_and_the_comments(
    session, scored, secretariat
):
    w2, _ = scored["workshops"]
    publish(session, secretariat, w2)
    [feedback] = team_feedback(session=session, team_id=scored["teams"][0].id)
    assert feedback.workshop == "Workshop 2: W2"
    assert feedback.score == pytest.approx(500 / 9)
    assert feedback.criteria == [
        CriterionFeedback(name, pytest.approx(4.0 + i), 1, 10) for i, name in enumerate(NAMES)
    ]
    assert feedback.comments == [f"Team 0 W2: comment {k}" for k in range(3)]


def test_never_private_notes_nor_who_scored(session, scored, secretariat):
    for w in scored["workshops"]:
        publish(session, secretariat, w)
    team = scored["teams"][0]
    feedback = team_feedback(session=session, team_id=team.id)
    text = repr(feedback)
    assert "Private note" not in text
    mentors = scored["mentors"]
    for mentor in mentors:
        assert mentor.full_name not in text and mentor.email not in text and f"id={mentor.id}" not in text
    assert all(isinstance(f, WorkshopFeedback) for f in feedback)


def test_another_teams_feedback_is_never_included(session, scored, secretariat):
    for w in scored["workshops"]:
        publish(session, secretariat, w)
    teams = scored["teams"]
    mine = team_feedback(session=session, team_id=teams[0].id)
    assert [f.workshop for f in mine] == ["Workshop 2: W2", "Workshop 3: W3"]
    for f in mine:
        title = f.workshop.split(": ")[1]
        assert f.comments == [f"Team 0 {title}: comment {k}" for k in range(3)]
        assert [c.average for c in f.criteria] == pytest.approx([4.0, 5.0, 6.0, 7.0, 8.0])
        assert f.score == pytest.approx(500 / 9)
    assert not any(f"Team {i}" in repr(mine) for i in (1, 2, 3))
    # And each other team reads its own: 9 everywhere, 8/9 of 100.
    other = team_feedback(session=session, team_id=teams[2].id)
    assert [f.score for f in other] == pytest.approx([800 / 9] * 2)
    assert all([c.average for c in f.criteria] == [9.0] * 5 for f in other)
    assert "Team 0" not in repr(other)


def test_only_the_published_rounds_in_workshop_order(session, scored, secretariat):
    w2, w3 = scored["workshops"]
    team_id = scored["teams"][1].id
    publish(session, secretariat, w3)
    assert [f.workshop for f in team_feedback(session=session, team_id=team_id)] == ["Workshop 3: W3"]
    publish(session, secretariat, w2)
    assert [f.workshop for f in team_feedback(session=session, team_id=team_id)] == [
        "Workshop 2: W2",
        "Workshop 3: W3",
    ]


def test_drafts_count_neither_in_the_averages_nor_in_the_comments(session, open_round, secretariat):
    w2, _ = open_round["workshops"]
    team = open_round["teams"][3]
    first, second, third = assigned(session, team, w2)
    score(session, first, team, w2, [10] * 5, "Submitted comment", "note")
    score(session, second, team, w2, [4] * 5, "Second submitted comment", "")
    score(session, third, team, w2, [1] * 5, "Draft comment, not sent", "note", submit=False)
    session.commit()
    publish(session, secretariat, w2)
    [feedback] = team_feedback(session=session, team_id=team.id)
    assert [c.average for c in feedback.criteria] == [7.0] * 5
    assert feedback.comments == ["Submitted comment", "Second submitted comment"]
    assert feedback.score == pytest.approx((100 + 100 / 3) / 2)


def test_a_published_round_without_scores_for_the_team(session, open_round, secretariat):
    w2, _ = open_round["workshops"]
    publish(session, secretariat, w2)
    [feedback] = team_feedback(session=session, team_id=open_round["teams"][0].id)
    assert feedback == WorkshopFeedback("Workshop 2: W2", None, [], [])


def test_normalized_scores_are_read_over_the_whole_round(session, scored, secretariat, cohort):
    cohort.normalize_scores = True
    session.add(cohort)
    session.commit()
    w2, _ = scored["workshops"]
    publish(session, secretariat, w2)
    [feedback] = team_feedback(session=session, team_id=scored["teams"][0].id)
    # Team 0 is below every mentor's mean in the round: normalized under 50, not its raw 55.56.
    assert feedback.score < 50
    assert [c.average for c in feedback.criteria] == pytest.approx([4.0, 5.0, 6.0, 7.0, 8.0])


def test_an_unknown_team_reads_nothing(session, scored, secretariat):
    publish(session, secretariat, scored["workshops"][0])
    assert team_feedback(session=session, team_id=999_999) == []
